"""Storing the Office's review of an imported document, and writing the examples out in the corpus format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction

from dieuhanh.core import audit

from .models import AnnotatedExample

_COMPARED = ("text", "kind", "deadline", "assignees")


def _names(directive: dict[str, Any]) -> list[str]:
    return [str(u.get("name", "")) for u in directive.get("assignees") or []]


def review_counts(parsed: dict[str, Any], kept: dict[int, dict[str, Any]]) -> tuple[int, int, int]:
    """(confirmed, corrected, rejected) directives: ``kept`` maps a parsed directive's index to its final form."""
    confirmed = corrected = rejected = 0
    for index, directive in enumerate(parsed.get("directives") or []):
        final = kept.get(index)
        if final is None:
            rejected += 1
        elif all(
            (_names(final) == _names(directive))
            if key == "assignees"
            else final.get(key) == directive.get(key)
            for key in _COMPARED
        ):
            confirmed += 1
        else:
            corrected += 1
    return confirmed, corrected, rejected


def _gold(document: dict[str, Any]) -> dict[str, Any]:
    """The reviewed document as gold: the parser's confidences and resolution marks left out."""
    gold = json.loads(json.dumps(document, ensure_ascii=False))
    for directive in gold.get("directives") or []:
        directive.pop("confidence", None)
        for unit in directive.get("assignees") or []:
            unit.pop("resolved", None)
    return gold


@transaction.atomic
def store_review(
    *,
    actor: Any,
    issuer: Any,
    source_name: str,
    source_sha256: str,
    text: str,
    parsed: dict[str, Any],
    reviewed: dict[str, Any],
    kept: dict[int, dict[str, Any]],
) -> AnnotatedExample:
    """Keep the Office's review of one imported document as an annotated example (audited)."""
    confirmed, corrected, rejected = review_counts(parsed, kept)
    example = AnnotatedExample.objects.create(
        issuer=issuer,
        source_name=source_name[:255],
        source_sha256=source_sha256,
        text=text,
        parsed=parsed,
        gold=_gold(reviewed),
        confirmed=confirmed,
        corrected=corrected,
        rejected=rejected,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="annotations.review",
        obj=example,
        after={"confirmed": confirmed, "corrected": corrected, "rejected": rejected},
    )
    return example


def _stem(example: AnnotatedExample) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", Path(example.source_name or "").stem.lower()).strip("-")[:40]
    return f"r-{example.pk:05d}" + (f"-{name}" if name else "")


def export(folder: Path, examples: Any = None) -> list[Path]:
    """Write each example as ``STEM.txt``, ``STEM.gold.json`` and ``STEM.meta.json`` (the corpus format)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for example in examples if examples is not None else AnnotatedExample.objects.select_related("issuer"):
        stem = _stem(example)
        (folder / f"{stem}.txt").write_text(example.text, encoding="utf-8")
        (folder / f"{stem}.gold.json").write_text(
            json.dumps(example.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        meta = {
            "source_url": f"urn:dieuhanh:import:{example.source_sha256}",
            "title": example.gold.get("title") or example.source_name,
            "issuer": (example.gold.get("issuer") or {}).get("name") or example.issuer.name,
            "level": example.issuer.level
            if example.issuer.level in ("province", "district", "commune")
            else "other",
            "genre": "notice",
            "published_on": example.gold.get("issued_on"),
            "after_2025_reform": bool(
                example.gold.get("issued_on") and example.gold["issued_on"] >= "2025-07-01"
            ),
            "retrieved_via": "import review",
            "reviewed": {
                "confirmed": example.confirmed,
                "corrected": example.corrected,
                "rejected": example.rejected,
            },
        }
        (folder / f"{stem}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(folder / f"{stem}.gold.json")
    return written
