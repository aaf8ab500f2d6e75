"""Normalising Vietnamese text for comparison: NFC, diacritic folding, spaces and dashes."""

from __future__ import annotations

import re
import unicodedata

# Characters that documents use where a plain hyphen is meant.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_RE = re.compile(f"[{_DASHES}]")
_SPACE_RE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_STRIP_MARKS = {ord("đ"): "d", ord("Đ"): "D"}


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed), as TCVN 6909:2001 requires."""
    return unicodedata.normalize("NFC", text)


def normalize_spaces(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking and zero-width spaces) to one space."""
    return _SPACE_RE.sub(" ", text).strip()


def normalize_dashes(text: str) -> str:
    """Turn en/em dashes, minus signs and other dash variants into a plain hyphen."""
    return _DASH_RE.sub("-", text)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case: 'Đồng Quế' -> 'Dong Que'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP_MARKS))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text: str | None) -> str:
    """Fold for matching: no diacritics (đ -> d), lower case, dashes unified, single spaces.

    >>> fold("Phòng Tài nguyên – Môi trường")
    'phong tai nguyen - moi truong'
    """
    if not text:
        return ""
    return normalize_spaces(normalize_dashes(strip_diacritics(nfc(text))).lower())


_WORD_RE = re.compile(r"[^\W_]+")


def fold_words(text: str | None) -> list[str]:
    """Folded words without punctuation: 'Phòng TN&MT' -> ['phong', 'tn', 'mt']."""
    return _WORD_RE.findall(fold(text))


def slug(text: str | None) -> str:
    """An ASCII slug of the folded words: 'Xã Đồng Quế' -> 'xa-dong-que'."""
    return "-".join(fold_words(text))
