"""The session a notice reports on: kind, day, the month it is for, and who chaired it."""

from __future__ import annotations

import re
from datetime import date

from dieuhanh.vn.dates import find_dates

from .folding import capitalised_run, find_name_start, fold_view, person_name, word_matches

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("briefing", re.compile(r"giao ban")),
    ("administrative", re.compile(r"(?:phien|hop|cuoc hop)\s+(?:\w+\s+){0,3}?hanh chinh(?!\w)")),
    ("regular", re.compile(r"thuong ky(?!\w)")),
    ("thematic", re.compile(r"(?:phien|hop|hoi nghi|cuoc hop)\s+(?:\w+\s+){0,3}?chuyen de(?!\w)")),
    ("extraordinary", re.compile(r"bat thuong(?!\w)")),
    ("regular", re.compile(r"phien hop\s+(?:\w+\s+){0,4}?thang\s+[0-9]")),
    (
        "other",
        re.compile(
            r"phien hop|cuoc hop|hoi nghi|buoi lam viec|lam viec voi|ky hop|buoi hop|hop ban|buoi kiem tra"
            r"|kiem tra (?:thuc te|thuc dia|hien truong)|hop truc tuyen"
        ),
    ),
]
_PERIOD_RE = re.compile(
    r"(?:phien|hop|ky hop)\s+(?:[\w.-]+\s+){0,5}?thang\s+(?P<m>[0-9]{1,2})(?:\s*(?:/|-|nam)\s*(?P<y>[0-9]{4}))?(?![0-9])"
)
_CLOCK_DATE_RE = re.compile(
    r"(?:sang|chieu|toi|trua|hom nay|ngay)\s+(?:ngay\s+)?(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})(?![0-9/])"
)
_REFERENCE_RE = re.compile(
    r"(?<!\w)so\s*:?\s*[0-9]*\s*/|(?<!\w)(?:luat|nghi dinh|quyet dinh|ke hoach|thong tu)\s"
)
_CHAIR_TITLE_RE = re.compile(
    r"(?P<t>(?:pho\s+)?chu tich(?:\s+thuong truc)?\s+(?:ubnd|uy ban nhan dan)(?:\s+(?:tinh|huyen|xa|phuong|thi tran"
    r"|thi xa|thanh pho|quan|dac khu))?)(?!\w)"
)
_HONORIFIC_RE = re.compile(r"(?:dong chi|d/c|ong|ba)\s+")
_PRESIDE_RE = re.compile(r"chu tri|chu toa")
_WHEN_RE = re.compile(r"(?:sang|chieu|toi|trua|ngay|hom nay|vao|luc|gio)\b")
# The session's day and chair are named early in a paragraph; looking further only costs time.
_SCAN = 3000
_MAX_PEOPLE = 60
_MAX_PARAGRAPHS = 300
_TITLE_STOP_RE = re.compile(r"[.;:(]|\s(?:da|chu tri|ket luan|yeu cau|phat bieu)\s")


def meeting_kind(texts: list[str]) -> str | None:
    """regular, administrative, thematic, extraordinary, briefing, other, or None, from title and opening."""
    for text in texts:
        view = fold_view(text)
        for kind, pattern in _KINDS:
            if pattern.search(view):
                return kind
    return None


def held_on(texts: list[str], default_year: int | None) -> str | None:
    """The day of the session: in the title or the opening, a day said to be when something happened
    ('Ngày 09/8/2021, …', 'Chiều 15/3, …') before a bare one (a news page's publication date), never a
    reference date ('Kế hoạch số 12/KH-UBND ngày 10/01/2021')."""
    candidates: list[tuple[int, int, int, date]] = []
    for order, full_text in enumerate(texts):
        text = full_text[:_SCAN]
        view = fold_view(text)
        for found in find_dates(text, default_year):
            before = view[max(0, found.start - 40) : found.start]
            if isinstance(found.value, date) and not _REFERENCE_RE.search(before):
                said = bool(_WHEN_RE.search(view[max(0, found.start - 16) : found.start + 5]))
                candidates.append((not said, order, found.start, found.value))
        if default_year:
            for match in _CLOCK_DATE_RE.finditer(view):
                try:
                    day = date(default_year, int(match["m"]), int(match["d"]))
                except ValueError:
                    continue
                candidates.append((False, order, match.start(), day))
    return min(candidates)[3].isoformat() if candidates else None


def period(texts: list[str], kind: str | None, default_year: int | None) -> str | None:
    """'YYYY-MM' of a monthly session ('phiên họp hành chính tháng 8 năm 2021')."""
    if kind not in ("regular", "administrative"):
        return None
    for text in texts:
        match = _PERIOD_RE.search(fold_view(text))
        if not match:
            continue
        month = int(match["m"])
        year = int(match["y"]) if match["y"] else default_year
        if year and 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
    return None


def _title_near(text: str, view: str, start: int, end: int) -> str | None:
    """The committee title ('Chủ tịch UBND huyện') among the titles written after a name."""
    match = _CHAIR_TITLE_RE.search(view, start, end)
    return text[match.start("t") : match.end("t")] if match else None


def _named_chairs(text: str) -> list[tuple[int, str, str | None, bool]]:
    """(position, name, title, presides) of people named with a committee title, in either order."""
    view = fold_view(text)
    out: list[tuple[int, str, str | None, bool]] = []
    for match in word_matches(_HONORIFIC_RE, view):
        if not text[match.end() : match.end() + 1].isupper():
            continue
        found = person_name(text, match.end())
        if not found:
            continue
        name, end = found
        window = min(len(text), end + 120)
        stop = _TITLE_STOP_RE.search(view, end, window)
        title = _title_near(text, view, end, stop.start() if stop else window)
        presides = bool(_PRESIDE_RE.search(view, max(0, match.start() - 40), min(len(view), end + 150)))
        out.append((match.start(), name, title, presides))
    for match in _CHAIR_TITLE_RE.finditer(view):
        run, _ = capitalised_run(text, match.end(), 8)
        words = run.split()
        start = find_name_start(run)
        if (2 <= len(words) - start <= 4 and start > 0) or (start == 0 and 2 <= len(words) <= 4):
            name = " ".join(words[start:])
            if person_name(name, 0):
                presides = bool(
                    _PRESIDE_RE.search(view, max(0, match.start() - 40), min(len(view), match.end() + 150))
                )
                out.append((match.start(), name, text[match.start("t") : match.end("t")], presides))
    return sorted(out)


def chair(title: str, intro: list[str], body: list[str]) -> dict[str, str | None] | None:
    """Who chaired: named beside 'chủ trì', in the title ('Kết luận của Chủ tịch UBND tỉnh X'), or in the body."""
    found: list[tuple[int, str, str | None, bool]] = []
    for text in [title, *intro, *body][:_MAX_PARAGRAPHS]:
        found.extend(_named_chairs(text[:_SCAN]))
        if len(found) >= _MAX_PEOPLE or any(presides and t for _, _, t, presides in found):
            break
    ranked = sorted(
        (
            (not presides, found_title is None, order)
            for order, (_, _, found_title, presides) in enumerate(found)
        ),
    )
    if ranked and (not ranked[0][0] or not ranked[0][1]):
        _, name, found_title, _ = found[ranked[0][2]]
        return {"name": name, "title": found_title}
    for text in [title, *intro]:
        match = _CHAIR_TITLE_RE.search(fold_view(text))
        if match:
            return {"name": None, "title": text[match.start("t") : match.end("t")]}
    return None
