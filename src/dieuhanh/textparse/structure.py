"""The body of a notice: sections (I, II), items (1., 1), a)), their presenters and approvals, and which part
each paragraph belongs to (opening, an item, the closing part) so directives get their item labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .folding import fold_view
from .units import first_unit, read_mentions

_ROMAN = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"})  # fmt: skip
_SECTION_RE = re.compile(r"^(?:PHẦN|Phần)?\s*(?P<l>[IVX]{1,5})\s*(?:[.):–-]|/(?![vV]\b))\s*(?P<t>\S.*)$")
_SECTION_WORD_RE = re.compile(r"^(?:PHẦN|Phần)\s+(?P<l>[IVX]{1,5})(?:\s*[.:–-]\s*(?P<t>.*))?$")
_ITEM_RE = re.compile(r"^(?P<l>[0-9]{1,2})\s*[.)/]\s*(?![0-9])(?P<t>\S.*)$")
_LETTER_RE = re.compile(r"^(?P<l>[a-zđ])\s*\)\s*(?P<t>\S.*)$|^(?P<l2>[a-zđ])\.\s+(?P<t2>[^\W\d_a-zđ].*)$")
_CLOSING_RE = re.compile(
    r"^(?:tren day la|tren day|thong bao nay|van phong (?:hdnd\s*(?:va|-)\s*ubnd|ubnd|uy ban nhan dan)[^.]{0,80}?"
    r"thong bao|(?:ubnd|uy ban nhan dan)[^.]{0,40}?thong bao (?:de|den|cho)"
    r"|(?:phien hop|cuoc hop|hoi nghi|bien ban)[^.]{0,40}?(?:ket thuc|ke thuc|duoc lap|da thong qua))"
)
_INTRO_SECTION_RE = re.compile(r"^(?:thanh phan|thoi gian|dia diem)")
_CONCLUSION_RE = re.compile(r"ket luan|phat bieu chi dao|chi dao cua|y kien chi dao")
_OPINION_RE = re.compile(r"^[\s\-+•*]*(?:y kien|thao luan|cac dai bieu|dai bieu|tham luan|phat bieu)")
_APPROVAL_RE = re.compile(
    r"(?:(?P<pct>[0-9]{1,3}(?:[.,][0-9]+)?)\s*%\s*(?:\(?\s*[0-9]{1,3}\s*/\s*[0-9]{1,3}\s*\)?\s*)?"
    r"|(?P<x>[0-9]{1,3})\s*/\s*(?P<y>[0-9]{1,3})\s+)?"
    r"(?P<subject>(?:cac\s+)?(?:thanh vien|dai bieu|ubnd|uy ban nhan dan|tap the|hoi nghi|phien hop|thuong truc"
    r"|chu tich)[^.;:]{0,60}?)\s(?P<neg>khong |chua )?(?:da\s+|deu\s+|co ban\s+)*"
    r"(?:thong nhat|nhat tri|tan thanh|dong y|bieu quyet thong qua|thong qua)(?!\w)"
)
# A conclusion that opens with the decision itself: "Thống nhất chủ trương …", "Cơ bản nhất trí …".
_AGREED_OPENING_RE = re.compile(
    r"^[\s\-+•*]*(?:co ban\s+)?(?:thong nhat|nhat tri|dong y|tan thanh|chap thuan)(?!\w)"
)
_SPOKEN_BY_RE = re.compile(r"(?:^|[(,;]\s*)(?=[^.;()]{3,80}?\s(?:trinh bay|bao cao)(?!\w))")
_PRESENTER_RES = (
    re.compile(
        r"(?:bao cao|du thao|to trinh|de an|ke hoach|noi dung|chuong trinh|de xuat|phuong an|de nghi|ho so)"
        r"(?:\s+[\w-]+){0,3}?\s+(?:cua|do)\s+"
    ),
    re.compile(r"(?<!\w)do\s+(?=[^.;]{3,80}?\s(?:trinh|bao cao)(?!\w))"),
)


@dataclass
class Item:
    """An agenda item and the paragraphs under it."""

    label: str
    title: str
    paras: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A section (label '' when the notice has none) and its items."""

    label: str
    title: str | None
    items: list[Item] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)


@dataclass
class Body:
    """The body split into opening paragraphs, sections and the closing part."""

    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    # Every paragraph with the item label its directives take and whether it may hold directives.
    labelled: list[tuple[str, str | None, bool]] = field(default_factory=list)


def _section(para: str) -> tuple[str, str] | None:
    for pattern in (_SECTION_WORD_RE, _SECTION_RE):
        match = pattern.match(para)
        if match and match.group("l") in _ROMAN:
            title = (match.group("t") or "").strip()
            if pattern is _SECTION_RE and len(title) > 160 and not title.isupper():
                return None
            return match.group("l"), title
    return None


def _item(para: str) -> tuple[str, str, str] | None:
    """(kind 'n' or 'a', label, text) of a numbered or lettered paragraph."""
    match = _ITEM_RE.match(para)
    if match:
        return "n", match.group("l"), match.group("t")
    match = _LETTER_RE.match(para)
    if match:
        return "a", match.group("l") or match.group("l2"), match.group("t") or match.group("t2")
    return None


def _split_title(text: str) -> tuple[str, str]:
    """An item's title and any text written after it on the same line ('Về …: UBND huyện thống nhất …')."""
    colon = text.find(": ")
    if 0 < colon < 250 and len(text) - colon > 20:
        return text[:colon].strip(), text[colon + 1 :].strip()
    if len(text) > 200:
        sentence = re.search(r"[.!?]\s+(?=[^\W\d_])", text)
        if sentence and sentence.start() < 250:
            return text[: sentence.start()].strip(), text[sentence.end() :].strip()
    return text.rstrip(" .:;"), ""


def split_body(paras: list[str], conclusions_only: bool) -> Body:
    """Assign the body paragraphs to the opening, sections and items, and the closing part."""
    body = Body()
    current_section: Section | None = None
    current_item: Item | None = None
    item_kind: dict[str, str] = {}
    closing = False
    skipping_section = False
    in_conclusion = not conclusions_only
    for para in paras:
        view = fold_view(para)
        if closing:
            body.closing.append(para)
            body.labelled.append((para, None, in_conclusion or bool(_CONCLUSION_RE.search(view))))
            continue
        started = bool(body.sections)
        if started and _CLOSING_RE.match(view):
            closing = True
            body.closing.append(para)
            body.labelled.append((para, None, in_conclusion or bool(_CONCLUSION_RE.search(view))))
            continue
        section = _section(para)
        if section:
            skipping_section = bool(_INTRO_SECTION_RE.match(fold_view(section[1])))
            if skipping_section:
                body.intro.append(para)
                continue
            current_section = Section(section[0], section[1] or None)
            body.sections.append(current_section)
            current_item = None
            if conclusions_only:
                in_conclusion = bool(_CONCLUSION_RE.search(fold_view(section[1])))
            continue
        item = None if skipping_section else _item(para)
        key = current_section.label if current_section else ""
        if item and item_kind.setdefault(key, item[0]) == item[0]:
            _, label, text = item
            title, rest = _split_title(text)
            if current_section is None:
                current_section = Section("", None)
                body.sections.append(current_section)
            current_item = Item(label, title)
            current_section.items.append(current_item)
            if conclusions_only:
                in_conclusion = bool(_CONCLUSION_RE.search(fold_view(title))) or (
                    current_section.title is not None
                    and bool(_CONCLUSION_RE.search(fold_view(current_section.title)))
                )
            label_text = f"{current_section.label}.{label}"
            body.labelled.append((text, label_text, in_conclusion or bool(_CONCLUSION_RE.search(view))))
            if rest:
                current_item.paras.append(rest)
            continue
        if conclusions_only:
            if _CONCLUSION_RE.search(view):
                in_conclusion = True
            elif _OPINION_RE.match(view):
                in_conclusion = False
        if current_item is not None and current_section is not None:
            current_item.paras.append(para)
            body.labelled.append((para, f"{current_section.label}.{current_item.label}", in_conclusion))
        elif current_section is not None:
            current_section.paras.append(para)
            body.labelled.append((para, f"{current_section.label}.", in_conclusion))
        else:
            body.intro.append(para)
            body.labelled.append((para, None, in_conclusion))
    _close_final_paragraph(body)
    return body


_CLOSING_WORDS_RE = re.compile(
    r"theo doi|don doc|thong bao nay|ket luan nay|noi dung tren|biet,? thuc hien|to chuc thuc hien"
    r"|trien khai thuc hien|nghiem tuc thuc hien"
)


def _close_final_paragraph(body: Body) -> None:
    """A last paragraph that ends the notice ('./.') and speaks of carrying it out belongs to no item."""
    if body.closing or not body.labelled or not body.sections:
        return
    text, label, allowed = body.labelled[-1]
    if label is None or not text.rstrip().endswith("./.") or not _CLOSING_WORDS_RE.search(fold_view(text)):
        return
    for section in body.sections:
        for item in section.items:
            if item.paras and item.paras[-1] == text:
                item.paras.pop()
        if section.paras and section.paras[-1] == text:
            section.paras.pop()
    body.labelled[-1] = (text, None, allowed)
    body.closing.append(text)


def approval(paras: list[str]) -> dict[str, object] | None:
    """Whether members agreed on an item ('100% thành viên … đã thống nhất' -> agreed, 100)."""
    for para in paras:
        view = fold_view(para)
        if _AGREED_OPENING_RE.match(view):
            return {"agreed": True, "percent": None}
        for match in _APPROVAL_RE.finditer(view):
            before = view[max(0, match.start() - 12) : match.start()]
            if re.search(r"(?:yeu cau|de nghi|giao)\s*$", before):
                continue
            percent: float | None = None
            if match.group("pct"):
                percent = float(match.group("pct").replace(",", "."))
            elif match.group("x") and match.group("y") and int(match.group("y")):
                percent = round(100 * int(match.group("x")) / int(match.group("y")), 1)
            if percent is not None and percent == int(percent):
                percent = int(percent)
            return {"agreed": not match.group("neg"), "percent": percent}
    return None


def presenter(title: str, paras: list[str]) -> dict[str, str] | None:
    """The unit that presented an item ('dự thảo báo cáo của phòng Tư pháp huyện trình tại phiên họp')."""
    for text in [*paras[:3], title]:
        view = fold_view(text)
        for pattern in _PRESENTER_RES:
            for match in pattern.finditer(view):
                mentions, _ = read_mentions(text, match.end(), view)
                if mentions:
                    return mentions[0].unit
        spoken = _SPOKEN_BY_RE.search(view)
        if spoken:
            unit = first_unit(text[spoken.end() :])
            if unit:
                return unit
    return None
