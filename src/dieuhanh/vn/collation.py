"""Sorting in Vietnamese alphabetical order, for lists of units, people and words.

The order, and why:

- Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the Vietnamese alphabet), with the
  Latin letters it lacks (f, j, w, z) in their Latin places for foreign names. A base letter is compared
  before any tone mark, so "an" < "ăn" < "ân" < "bà".
- Tones: ngang (none) < huyền < hỏi < ngã < sắc < nặng. This is the order of Vietnamese dictionaries
  (Hoàng Phê's Từ điển tiếng Việt) and of the Unicode CLDR Vietnamese tailoring used by ICU, so lists sorted
  here agree with what readers and other software expect.
- Comparison goes word by word (syllable by syllable), as in a dictionary: all the entries whose first word
  is "ma" come before those whose first word is "mà". Inside one word the letters decide first and the tone
  second, so the old and new tone placements ("hoà", "hòa") compare equal until the last tie-break.
- Runs of digits compare by their value ("Tổ 2" before "Tổ 10") and come before words; punctuation and
  spacing do not count except to separate words.
- Case counts only when everything else is equal (lower case first); the text itself breaks the last tie,
  so the key is a total order and equal keys mean equal strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .text import nfc, normalize_spaces

_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(_LETTERS)}
# Tone marks in sorting order: huyền, hỏi, ngã, sắc, nặng (ngang has no mark and sorts first).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of their own: breve (ă), circumflex (â ê ô), horn (ơ ư).
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
_TOKEN_RE = re.compile(r"[^\W\d_]+|[0-9]+")

# One word: (0 for a number, 1 for letters), letter ranks (or the number's length and digits), tones.
WordKey = tuple[int, tuple[int, ...], tuple[int, ...]]
TextKey = tuple[tuple[WordKey, ...], tuple[tuple[int, ...], ...], str, str]
PersonKey = tuple[tuple[WordKey, ...], tuple[WordKey, ...], tuple[WordKey, ...], TextKey]


@lru_cache(maxsize=4096)
def _letter(char: str) -> tuple[int, int, int]:
    """(rank, tone, case) of one letter; letters outside the alphabet sort after it by code point."""
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    decomposed = unicodedata.normalize("NFD", lower)
    base, tone, letter_marks = decomposed[0], 0, ""
    for mark in decomposed[1:]:
        if mark in _TONES and not tone:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    letter = unicodedata.normalize("NFC", base + letter_marks)
    rank = _RANK.get(letter, _RANK.get(base, len(_LETTERS) + ord(base)))
    return rank, tone, 0 if char == lower else 1


def _word(token: str) -> tuple[WordKey, tuple[int, ...]]:
    """The key of one word (letters or digits) and its case flags."""
    if token[0] in "0123456789":
        digits = token.lstrip("0")
        return (0, (len(digits), *(ord(d) for d in digits)), ()), ()
    letters = [_letter(char) for char in token]
    ranks = tuple(rank for rank, _, _ in letters)
    tones = tuple(tone for _, tone, _ in letters if tone)
    return (1, ranks, tones), tuple(case for _, _, case in letters)


def _words(text: str) -> tuple[tuple[WordKey, ...], tuple[tuple[int, ...], ...]]:
    """Word keys and case flags of every word in ``text``."""
    pairs = [_word(token) for token in _TOKEN_RE.findall(nfc(text))]
    return tuple(key for key, _ in pairs), tuple(case for _, case in pairs)


def sort_key(text: str) -> TextKey:
    """A key for ``sorted`` that puts strings in Vietnamese alphabetical order, ignoring case until the end."""
    words, cases = _words(text)
    return words, cases, nfc(text), text


def person_sort_key(full_name: str) -> PersonKey:
    """A key that sorts people as offices do: given name (last word), then family name, then middle names."""
    parts = normalize_spaces(nfc(full_name)).split(" ")
    given = parts[-1]
    family = parts[0] if len(parts) > 1 else ""
    middle = " ".join(parts[1:-1])
    return _words(given)[0], _words(family)[0], _words(middle)[0], sort_key(full_name)


def sort_names(names: Iterable[str], person: bool = False) -> list[str]:
    """Names in Vietnamese alphabetical order; ``person=True`` sorts people by given name first."""
    return sorted(names, key=person_sort_key if person else sort_key)
