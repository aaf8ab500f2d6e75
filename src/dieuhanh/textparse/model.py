"""The directive model: which candidate clauses are directives, with a confidence.

A logistic-regression classifier over the string features of ``dieuhanh.textparse.candidates``, trained on the
development half of ``tests/corpus/`` by ``dieuhanh.textparse.training`` and shipped as a JSON table of weights
(``data/directive_model.json``). Scoring is a sum of weights, so it needs no numerical library at run time; the
table is read once, the first time a document is parsed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("data") / "directive_model.json"
MODEL_FORMAT = "dieuhanh.directive-model/1"


@dataclass(frozen=True)
class Model:
    """Weights per feature, the intercept and the probability from which a candidate is a directive."""

    version: str
    intercept: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in set(features))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def from_json(data: dict[str, object]) -> Model:
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a directive model: {data.get('format')!r}")
    weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}  # type: ignore[call-overload]
    return Model(str(data["version"]), float(data["intercept"]), weights, float(data["threshold"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Model:
    """The shipped model (read once)."""
    return from_json(json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8")))
