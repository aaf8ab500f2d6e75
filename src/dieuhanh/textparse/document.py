"""Assembling the ``dieuhanh.notice/1`` document from the parts of a text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .candidates import Paragraph, find
from .directives import decide, from_candidates
from .errors import ParseError
from .folding import fold_view
from .header import find_heading, is_legal_basis, read_date_line, read_issuer, read_number, split_legal_bases
from .layout import is_upper_line, normalize_text, paragraphs
from .legacy import repair_text
from .meeting import chair, held_on, meeting_kind, period
from .structure import Body, approval, presenter, split_body
from .tail import find_tail, read_tail

SCHEMA = "dieuhanh.notice/1"
MAX_CHARS = 500_000
_YEAR_RE = re.compile(r"(?<![0-9])(?:19[4-9][0-9]|20[0-9][0-9])(?![0-9])")
_TRAILING_COLON_RE = re.compile(r":\s*$")
_TITLE_GOES_ON_RE = re.compile(r"(?:tai|ve|cua|trong|voi|nghe)\s")
_BULLET_RE = re.compile(r"^[\-+•*–]\s")
_BULLET_TRIGGER_RE = re.compile(r"^[\-+•*–]\s*(?:giao|yeu cau|de nghi|chi dao)(?!\w)")


def _doc_year(*texts: str | None) -> int | None:
    """The first plausible year written in the given texts, for dates written without one."""
    for text in texts:
        if text:
            match = _YEAR_RE.search(text)
            if match:
                return int(match.group(0))
    return None


def _title(paras: list[str], start: int) -> tuple[str, int]:
    """The title after the heading (a wrapped title of several lines joined) and where the body starts."""
    i = start
    while i < len(paras) and not any(c.isalpha() for c in paras[i]):
        i += 1
    if i >= len(paras) or is_legal_basis(paras[i]):
        return "", i
    parts = [paras[i]]
    i += 1
    while i < len(paras) and len(parts) < 3 and not re.match(r"^[IVX]+\s*[.)]", paras[i]):
        upper_run = is_upper_line(parts[-1]) and is_upper_line(paras[i])
        # "KẾT LUẬN CỦA CHỦ TỊCH UBND HUYỆN" / "Tại phiên họp …": the second line goes on with the title.
        going_on = (
            _TITLE_GOES_ON_RE.match(fold_view(paras[i]))
            and not paras[i].endswith(".")
            and len(paras[i]) < 250
        )
        if not (upper_run or going_on):
            break
        parts.append(paras[i])
        i += 1
    return " ".join(parts).strip(" .:"), i


def _merge_colon_lists(labelled: list[tuple[str, str | None, bool]]) -> list[tuple[str, str | None, bool]]:
    """Join a 'Yêu cầu các phòng:' paragraph with the bullet points under it, which finish its sentence."""
    out: list[tuple[str, str | None, bool]] = []
    merging = False
    for text, item, allowed in labelled:
        bullet = bool(_BULLET_RE.match(text))
        if out and bullet and out[-1][1] == item and not _BULLET_TRIGGER_RE.match(fold_view(text[:30])):
            prev_text, prev_item, prev_allowed = out[-1]
            if _TRAILING_COLON_RE.search(prev_text):
                out[-1] = (f"{prev_text.rstrip()[:-1].rstrip()}: {text[2:].strip()}", prev_item, prev_allowed)
                merging = True
                continue
            if merging and prev_text.rstrip().endswith((";", ",")):
                out[-1] = (f"{prev_text.rstrip()} {text[2:].strip()}", prev_item, prev_allowed)
                continue
        merging = False
        out.append((text, item, allowed))
    return out


def _sections_json(body: Body) -> list[dict[str, Any]]:
    out = []
    for section in body.sections:
        items = []
        for item in section.items:
            items.append(
                {
                    "label": item.label,
                    "title": item.title,
                    "presenter": presenter(item.title, item.paras),
                    "approval": approval(item.paras),
                }
            )
        out.append({"label": section.label, "title": section.title, "items": items})
    return out


def _with_sentence_title(
    title: str, labelled: list[tuple[str, str | None, bool]]
) -> list[tuple[str, str | None, bool]]:
    """A text without a headline opens with a sentence, which was read as the title: it may hold directives."""
    if len(title) > 200 or title.rstrip().endswith((".", ";", ":")) or title[:1].isdigit():
        numbered = re.match(r"(\d{1,2})\s*[.)]\s+", title)
        if numbered:
            return [(title[numbered.end() :], f".{numbered.group(1)}", False), *labelled]
        return [(title, None, False), *labelled]
    return labelled


def body_paragraphs(labelled: list[tuple[str, str | None, bool]]) -> list[Paragraph]:
    return [Paragraph(text, item, allowed) for text, item, allowed in labelled]


def read_directives(
    labelled: list[tuple[str, str | None, bool]], year: int | None, chaired_by: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Candidate clauses of the body, decided by the directive model, as directives with their confidence."""
    paras = body_paragraphs(labelled)
    candidates = find(paras, chaired_by.get("name") if chaired_by else None)
    chosen = decide(candidates)
    return from_candidates(paras, chosen, year)


@dataclass(frozen=True)
class _Parts:
    """What a text is made of, before its directives are read."""

    header_text: str
    title: str
    doc_type: str
    number: str | None
    place: str | None
    issued_on: str | None
    legal_bases: list[str]
    body: Body
    all_body: list[str]
    year: int | None
    kind: str | None
    held: str | None
    opening: list[str]
    chaired_by: dict[str, Any] | None
    paras: list[str]
    tail_start: int
    labelled: list[tuple[str, str | None, bool]]


def _read(raw: str) -> _Parts:
    """The parts of a text: header, body paragraphs with their items, the session and the tail."""
    if len(raw) > MAX_CHARS:
        raise ParseError(
            f"Văn bản quá dài ({len(raw):,} ký tự); giới hạn {MAX_CHARS:,} ký tự.".replace(",", "."),
            code="too_long",
        )
    repaired, _ = repair_text(raw)
    paras = paragraphs(normalize_text(repaired))
    if not any(any(c.isalpha() for c in p) for p in paras):
        raise ParseError("Văn bản trống hoặc không có chữ: không có gì để đọc.", code="empty")
    heading = find_heading(paras)
    if heading is not None:
        index, doc_type, inline_title = heading
        header = paras[:index]
        title, body_start = (inline_title, index + 1) if inline_title else _title(paras, index + 1)
    else:
        header, doc_type = [], ""
        title, body_start = _title(paras, 0)
    tail_start = find_tail(paras, body_start)
    body_paras = paras[body_start:tail_start]
    legal_bases: list[str] = []
    while body_paras and is_legal_basis(body_paras[0]):
        clauses, rest = split_legal_bases(body_paras[0])
        legal_bases.extend(clauses)
        body_paras = ([rest] if rest else []) + body_paras[1:]
        if rest:
            break
    header_text = "\n".join(header)
    number = read_number(header_text) if header else None
    if number and heading is not None:
        symbol = number.split("/", 1)[-1].split("-", 1)[0]
        doc_type = symbol if symbol.isalpha() else doc_type
    place, issued_on = read_date_line(header_text) if header else (None, None)
    body = split_body(body_paras, conclusions_only=doc_type in ("", "BB"))
    # The session is described in the title and the first paragraphs; the rest of the opening is detail.
    opening = [title, *body.intro[:6]]
    year = _doc_year(issued_on, title, *body.intro[:3], *body_paras[:5])
    kind = meeting_kind(opening)
    held = held_on(opening, year)
    year = int(held[:4]) if held else year
    all_body = [p for p, _, _ in body.labelled]
    chaired_by = chair(title, body.intro, all_body)
    return _Parts(
        header_text,
        title,
        doc_type,
        number,
        place,
        issued_on,
        legal_bases,
        body,
        all_body,
        year,
        kind,
        held,
        opening,
        chaired_by,
        paras,
        tail_start,
        _with_sentence_title(title, _merge_colon_lists(body.labelled)),
    )


def candidates_of(raw: str) -> tuple[list[Paragraph], list[Any]]:
    """The body paragraphs of a text and its candidate directive clauses (for training and review)."""
    parts = _read(raw)
    paras = body_paragraphs(parts.labelled)
    chaired_by = parts.chaired_by
    return paras, find(paras, chaired_by.get("name") if chaired_by else None)


def build_document(raw: str) -> dict[str, Any]:
    """Parse the text of a notice, minutes or news report into a ``dieuhanh.notice/1`` document."""
    parts = _read(raw)
    body, year, chaired_by, opening, kind = (
        parts.body,
        parts.year,
        parts.chaired_by,
        parts.opening,
        parts.kind,
    )
    directives = read_directives(parts.labelled, year, chaired_by)
    signature, recipients = read_tail(parts.paras[parts.tail_start :])
    return {
        "schema": SCHEMA,
        "issuer": read_issuer(parts.header_text, [*body.intro[:6], parts.title, *parts.all_body[:300]]),
        "doc_type": parts.doc_type,
        "number": parts.number,
        "place": parts.place,
        "issued_on": parts.issued_on,
        "title": parts.title,
        "meeting": {
            "kind": kind,
            "held_on": parts.held,
            "period": period(opening, kind, year),
            "chair": chaired_by,
        },
        "legal_bases": parts.legal_bases,
        "sections": _sections_json(body),
        "directives": directives,
        "signature": signature,
        "recipients": recipients,
    }
