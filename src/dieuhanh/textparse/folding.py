"""A folded view of text that keeps positions, and small word-level helpers (capitalised runs, names)."""

from __future__ import annotations

import re
from functools import lru_cache

from dieuhanh.vn.text import strip_diacritics


class _FoldTable(dict[int, str]):
    """str.translate table: each character becomes exactly one folded character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = strip_diacritics(char).lower()
        value = folded if len(folded) == 1 else char
        self[code] = value
        return value


_TABLE = _FoldTable({code: chr(code).lower() for code in range(128)})
_TABLE.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})


@lru_cache(maxsize=2048)
def fold_view(text: str) -> str:
    """Lower case without diacritics (đ -> d), one character per character, so positions carry over."""
    return text.translate(_TABLE)


def word_matches(
    pattern: re.Pattern[str], view: str, start: int = 0, end: int | None = None
) -> list[re.Match[str]]:
    """Matches of ``pattern`` that begin a word.

    Patterns keep the start-of-word check out of the regex: a pattern that opens with a look-behind is tried
    at every position of the text, one that opens with its words is searched for quickly.
    """
    end = len(view) if end is None else end
    return [
        m for m in pattern.finditer(view, start, end) if not m.start() or not view[m.start() - 1].isalnum()
    ]


_WORD_RE = re.compile(r"[^\W_]+(?:[./][^\W_]+)*")


def is_capitalised(word: str) -> bool:
    """True for a word that starts with an upper-case letter ('Sông', 'UBND', 'Đ/c')."""
    return bool(word) and word[0].isupper()


def words_at(text: str, pos: int, limit: int = 8) -> list[re.Match[str]]:
    """Up to ``limit`` word matches from ``pos`` on, stopping at punctuation other than spaces and hyphens."""
    out: list[re.Match[str]] = []
    i = pos
    n = len(text)
    while len(out) < limit:
        while i < n and text[i] in " -":
            i += 1
        match = _WORD_RE.match(text, i)
        if not match:
            break
        out.append(match)
        i = match.end()
    return out


# Common Vietnamese family names: a capitalised run starting with one of them is a person's name.
SURNAMES = frozenset({
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo",
    "duong", "ly", "dinh", "trinh", "mai", "luong", "lam", "dao", "cao", "ha", "ta", "tong", "quach", "la",
    "lai", "kieu", "van", "chu", "doan", "thai", "trieu", "luu", "hua", "khuc", "au", "giang", "nghiem",
    "mac", "truong", "thach", "tieu", "bach", "dieu", "lo", "quan", "phung", "chau", "vuong", "than", "ton",
    "nong", "ma", "linh", "lang", "tang", "khong"
})  # fmt: skip


def capitalised_run(text: str, pos: int, limit: int = 6, hyphens: bool = True) -> tuple[str, int]:
    """The run of capitalised words starting at ``pos`` (hyphen-joined when ``hyphens``) and where it ends."""
    words = words_at(text, pos, limit)
    end = pos
    taken: list[str] = []
    for match in words:
        word = match.group(0)
        if not is_capitalised(word) or any(c.isdigit() for c in word):
            break
        between = text[end : match.start()] if taken else ""
        if taken and between.strip(" -" if hyphens else " ") != "":
            break
        taken.append(word)
        end = match.end()
    if not taken:
        return "", pos
    start = words[0].start()
    return text[start:end], end


def person_name(text: str, pos: int) -> tuple[str, int] | None:
    """A person's name of two to five capitalised words at ``pos`` ('Lê Quang Nghiệp'), or None."""
    run, end = capitalised_run(text, pos, 5, hyphens=False)
    words = run.split()
    if not 2 <= len(words) <= 5 or any(w.isupper() and len(w) > 1 and len(words) < 3 for w in words):
        return None
    if any("." in w or "/" in w for w in words):
        return None
    return run, end


def find_name_start(run: str) -> int:
    """Index of the word where a person's name begins inside a capitalised run ('Sông Lô Lê Văn A' -> 2)."""
    words = run.split()
    for i, word in enumerate(words):
        if fold_view(word) in SURNAMES and len(words) - i >= 2:
            return i
    return 0


def title_case(text: str) -> str:
    """Capitalise each word of an upper-case place name ('SÔNG LÔ' -> 'Sông Lô')."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
