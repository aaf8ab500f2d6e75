"""The annotated corpus of real documents in ``tests/corpus/`` and its split, by issuing body, into halves.

Each document is three files with one stem: ``STEM.txt`` (the text as published), ``STEM.gold.json`` (its gold
in the ``dieuhanh.notice/1`` schema, annotated by the conventions of the evaluation README) and
``STEM.meta.json`` (source address, issuing body, level, province, genre, date). The split is decided once and
for all by the issuing body's folded name, so every document of one body falls in the same half and adding
documents never moves an existing one: rules are written and models trained on the ``dev`` half only, and the
``test`` half is read only to report figures.

Where the evaluation README leaves a choice, the corpus decides it one way, the way the unit matcher reads it:
a group naming only departments ("các phòng", "các sở", "các phòng chuyên môn") is ``departments``; a group
that mixes kinds or names sectors ("các sở, ban, ngành", "các ngành", "các cơ quan, đơn vị") is ``units``;
district-level committees addressed together ("UBND các huyện, thành phố") are ``communes`` (the level
below the issuer). A person addressed by name and office ("ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh") is named.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dieuhanh.vn.text import strip_diacritics

HALVES = ("dev", "test")


@dataclass(frozen=True)
class CorpusDocument:
    """One annotated document of the corpus."""

    stem: str
    text: str
    gold: dict[str, Any]
    meta: dict[str, Any]

    @property
    def issuer(self) -> str:
        return str(self.meta.get("issuer") or (self.gold.get("issuer") or {}).get("name") or self.stem)

    @property
    def genre(self) -> str:
        return str(self.meta.get("genre") or "other")

    @property
    def half(self) -> str:
        return half_of(self.issuer)


_LONG_FORMS = (
    (r"\bu[y]? ?ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\btp\b", "thanh pho"),
    (r"\bvan phong ubnd\b", "ubnd"),  # the office speaks for its committee
)


def issuer_key(name: str) -> str:
    """The issuing body's name as the split sees it: folded (no diacritics, case, punctuation, brackets or
    spacing), long forms shortened ("Ủy ban nhân dân" = "UBND"), so that one body spelt two ways is one body."""
    folded = strip_diacritics(name).lower().replace("đ", "d")
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())
    for pattern, short in _LONG_FORMS:
        text = re.sub(pattern, short, text)
    return text


def half_of(issuer: str) -> str:
    """``dev`` or ``test``: half of the issuing bodies each, by a stable hash of the folded name."""
    digest = hashlib.sha256(issuer_key(issuer).encode()).digest()
    return HALVES[digest[0] % 2]


def load(folder: Path) -> list[CorpusDocument]:
    """Every complete document (text, gold and meta present) in ``folder``, in stem order."""
    documents = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        text_path, meta_path = folder / f"{stem}.txt", folder / f"{stem}.meta.json"
        if not (text_path.is_file() and meta_path.is_file()):
            continue
        documents.append(
            CorpusDocument(
                stem=stem,
                text=text_path.read_text(encoding="utf-8"),
                gold=json.loads(gold_path.read_text(encoding="utf-8")),
                meta=json.loads(meta_path.read_text(encoding="utf-8")),
            )
        )
    return documents
