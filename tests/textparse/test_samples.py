"""The seed and the hand-annotated samples, scored with the evaluation's own scorer and checked against the schema."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dieuhanh.textparse import parse_file, parse_text

from .helpers import SCHEMA, SEED, SEED_GOLD, gold, load_scorer, sample_names, sample_path, validate

scorer = load_scorer()
needs_scorer = pytest.mark.skipif(
    scorer is None, reason="../shared/eval/score.py is not beside the repository"
)


def _score(pred: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    assert scorer is not None
    result: dict[str, Any] = scorer.score_document(pred, expected)
    return result


@needs_scorer
@pytest.mark.skipif(not SEED.exists() or not SEED_GOLD.exists(), reason="the seed notice is not in ../shared")
def test_seed_scores_at_least_095() -> None:
    pred = parse_file(SEED).document
    result = _score(pred, json.loads(SEED_GOLD.read_text(encoding="utf-8")))
    assert result["overall"] >= 0.95, result


@needs_scorer
@pytest.mark.parametrize("name", sample_names())
def test_sample_scores_high(name: str) -> None:
    pred = parse_file(sample_path(name)).document
    result = _score(pred, gold(name))
    assert result["overall"] >= 0.95, (name, result)


def test_there_are_enough_samples() -> None:
    assert len(sample_names()) >= 8


@pytest.mark.skipif(
    not SCHEMA.exists(), reason="../shared/eval/notice.schema.json is not beside the repository"
)
@pytest.mark.parametrize("name", sample_names())
def test_sample_documents_are_schema_valid(name: str) -> None:
    assert validate(parse_file(sample_path(name)).document) == []
    assert validate(gold(name)) == []


@pytest.mark.skipif(
    not SCHEMA.exists(), reason="../shared/eval/notice.schema.json is not beside the repository"
)
def test_minimal_text_is_schema_valid() -> None:
    assert validate(parse_text("Ghi chú ngắn không có cấu trúc.")) == []
