"""The document's head: issuing body, number, place and date line, document type, title and legal bases."""

from __future__ import annotations

import re
from datetime import date

from dieuhanh.vn.dates import find_dates

from .folding import capitalised_run, fold_view, title_case, word_matches
from .layout import is_upper_line

_MOTTO_RE = re.compile(
    r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc|[-_=*.]{3,}", re.IGNORECASE
)
_NUMBER_RE = re.compile(r"(?<!\w)so\s*[:.]?\s*(?P<n>[0-9]{0,6}\s*/\s*[a-z0-9đ][a-z0-9đ./&-]*)")
_DATE_LINE_RE = re.compile(r",\s*ngay\s+(?:[0-9]{1,2}|[.…_\s]*)\s*thang\s+[0-9]{1,2}\s+nam\s+[0-9]{4}")
_LEVEL_RE = r"(?P<level>tinh|huyen|thi xa|thanh pho|quan|xa|phuong|thi tran|dac khu|tp\.?)"
_COMMITTEE_RE = re.compile(r"(?:uy ban nhan dan|ubnd)\s+" + _LEVEL_RE + r"(?!\w)")
_OFFICE_RE = re.compile(r"(?<!\w)van phong(?:\s+(?:hdnd\s*(?:va|-)\s*ubnd|ubnd|uy ban nhan dan))?(?!\w)")
_CENTRAL_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})
_LEVELS = {
    "tinh": "province", "huyen": "district", "thi xa": "district", "quan": "district", "thanh pho": "district",
    "tp": "district", "tp.": "district", "xa": "commune", "phuong": "commune", "thi tran": "commune",
    "dac khu": "commune",
}  # fmt: skip
_LEVEL_NAMES = {"tp": "thành phố", "tp.": "thành phố"}
_HEADINGS = {"thong bao": "TB", "bien ban": "BB", "ket luan": "KL"}
_HEADING_RE = re.compile(r"^(?P<h>thong bao|bien ban|ket luan)(?!\w)")
_CHAIR_BEFORE_RE = re.compile(r"(?:chu tich|pho chu tich|lanh dao)\s*$")


def find_heading(paras: list[str]) -> tuple[int, str, str] | None:
    """Index of the 'THÔNG BÁO' / 'BIÊN BẢN' line, the document type it names, and any title on that line."""
    for i, para in enumerate(paras[:25]):
        view = fold_view(para)
        squeezed = view.replace(" ", "")
        for word, kind in _HEADINGS.items():
            if squeezed == word.replace(" ", "") and is_upper_line(para):
                return i, kind, ""
        match = _HEADING_RE.match(view)
        if not match or not para[: match.end()].isupper():
            continue
        rest = para[match.end() :].strip(" :-")
        if rest and is_upper_line(rest):
            return i, _HEADINGS[match.group("h")], ""
        if rest and not rest[0].isupper():
            continue
        return i, _HEADINGS[match.group("h")], rest
    return None


def read_number(text: str) -> str | None:
    """'15/TB-UBND' from 'Số: 15/TB-UBND', or None."""
    match = _NUMBER_RE.search(fold_view(text))
    if not match:
        return None
    return re.sub(r"\s+", "", text[match.start("n") : match.end("n")]).rstrip(".-")


def read_date_line(text: str) -> tuple[str | None, str | None]:
    """Place and ISO date of 'Sông Lô, ngày 09 tháng 8 năm 2021' (the day may be left blank)."""
    view = fold_view(text)
    match = _DATE_LINE_RE.search(view)
    if not match:
        return None, None
    before = text[max(0, match.start() - 60) : match.start()]
    words = before.split()
    place_words: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or word.endswith((":", ";")) or any(c.isdigit() for c in word):
            break
        place_words.insert(0, word)
    if place_words and fold_view(place_words[0]).rstrip(":.") == "so":
        place_words = place_words[1:]
    place = " ".join(place_words[-5:]) or None
    if place and place.isupper():
        place = title_case(place)
    found = find_dates(text[match.start() : match.end()])
    issued = next((f.value for f in found if isinstance(f.value, date)), None)
    return place, issued.isoformat() if isinstance(issued, date) else None


def _place_after(text: str, pos: int) -> str:
    """The place name after a level word: all-capital words in a header, capitalised words in a sentence."""
    run, _ = capitalised_run(text, pos, 5)
    words = run.split()
    if words and words[0].isupper() and len(words[0]) > 1:
        kept = []
        for word in words:
            if not word.isupper():
                break
            kept.append(word)
        words = kept
    while words and fold_view(words[-1]) in ("so", "ve", "tai", "tp"):
        words.pop()
    return " ".join(words)


def committees(text: str) -> list[tuple[int, str, str, str]]:
    """Every 'UBND <level> <Place>' in ``text``: (position, level word, place, level)."""
    view = fold_view(text)
    out = []
    for match in word_matches(_COMMITTEE_RE, view):
        if _CHAIR_BEFORE_RE.search(view[max(0, match.start() - 16) : match.start()]):
            continue
        word = match.group("level")
        place = _place_after(text, match.end())
        level = _LEVELS[word]
        if word in ("thanh pho", "tp", "tp.") and fold_view(place) in _CENTRAL_CITIES:
            level = "province"
        out.append((match.start(), _LEVEL_NAMES.get(word, text[match.start("level") : match.end()].lower()),
                    place if not place.isupper() else title_case(place), level))  # fmt: skip
    return out


def read_issuer(header: str, fallbacks: list[str]) -> dict[str, str | None]:
    """The issuing body from the header ('ỦY BAN NHÂN DÂN / HUYỆN SÔNG LÔ'), else from the body's wording."""
    head = header
    for match in _MOTTO_RE.finditer(fold_view(header)):
        head = head[: match.start()] + " " * (match.end() - match.start()) + head[match.end() :]
    found = committees(head)
    if found:
        _, word, place, level = found[-1]
        name = f"UBND {word} {place}".strip()
        office = _OFFICE_RE.search(fold_view(head), found[-1][0] + 5)
        if office:
            name = f"Văn phòng {name}"
        return {"name": name, "level": level}
    best: tuple[int, str, str, str] | None = None
    for text in fallbacks:
        for found_one in committees(text):
            if found_one[2]:
                return {"name": f"UBND {found_one[1]} {found_one[2]}", "level": found_one[3]}
            best = best or found_one
    if best:
        return {"name": f"UBND {best[1]}", "level": best[3]}
    return {"name": "", "level": None}


# --- legal bases ---------------------------------------------------------------------------------------

_BASIS_START_RE = re.compile(r"^[\s\-+•*]*(?:thuc hien|can cu)\s")
_BASIS_PREFIX_RE = re.compile(r"^[\s\-+•*;,.]*(?:thuc hien|can cu)\s+", re.IGNORECASE)
_BASIS_SPLIT_RE = re.compile(r";|\.\s+(?=(?:thuc hien|can cu)\s)")
_DOC_WORDS = (
    "luat|bo luat|hien phap|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|ke hoach|quy che|quy dinh|cong van"
    "|van ban|thong bao|chuong trinh|huong dan|ket luan|phap lenh|de an|chien luoc|to trinh|bao cao"
)
_AND_DOC_RE = re.compile(r"\s+va\s+(?=(?:" + _DOC_WORDS + r")\s)|,\s+(?=(?:" + _DOC_WORDS + r")\s+so\s)")
_INTRO_CUT_RE = re.compile(
    r",\s*(?=(?:vao\s+)?(?:ngay\s+[0-9]|(?:sang|chieu|toi|hom nay|ubnd|uy ban|chu tich|thuong truc|van phong)\b))"
)


def is_legal_basis(para: str) -> bool:
    """True for a 'Thực hiện …' / 'Căn cứ …' paragraph."""
    return bool(_BASIS_START_RE.match(fold_view(para)))


def split_legal_bases(para: str) -> tuple[list[str], str]:
    """The clauses of a legal-basis paragraph, one each, and any introduction glued after them."""
    view = fold_view(para)
    rest = ""
    cut = _INTRO_CUT_RE.search(view)
    if cut:
        para, rest = para[: cut.start()], para[cut.end() :].strip()
        view = view[: cut.start()]
    clauses: list[str] = []
    start = 0
    for match in [*_BASIS_SPLIT_RE.finditer(view), None]:
        end = match.start() if match else len(para)
        part, part_view = para[start:end], view[start:end]
        start = match.end() if match else end
        prefix = _BASIS_PREFIX_RE.match(part_view)
        if prefix:
            part, part_view = part[prefix.end() :], part_view[prefix.end() :]
        piece_start = 0
        for split in [*_AND_DOC_RE.finditer(part_view), None]:
            piece = part[piece_start : split.start() if split else len(part)].strip(" ;,.")
            if split:
                piece_start = split.end()
            if piece and piece[0].isupper():
                clauses.append(piece)
            elif piece and clauses:
                clauses[-1] = f"{clauses[-1]} {piece}"
            elif piece:
                clauses.append(piece)
    return clauses, rest
