"""Composing the official text of a notice from a parsed ``dieuhanh.notice/1`` document.

The structured document keeps what was decided (items, approvals, directives) but not every sentence of the
original; this module writes the sentences a Văn phòng would write around them, in the order of Decree 30 and of
the offices' practice: legal bases, the session paragraph, sections, items with their approval sentence and
directives, and a closing paragraph that ends with "./.".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dieuhanh.vn.abbrev import strip_locality
from dieuhanh.vn.dates import format_date, format_month_short, format_short
from dieuhanh.vn.text import fold, nfc, normalize_spaces

from .layout import NoticeLayout, Paragraph, Signature

_COMMITTEE_RE = re.compile(
    r"^(?:UBND|[UỦ]Y BAN NHÂN DÂN|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(.+)$", re.IGNORECASE
)
_COUNCIL_RE = re.compile(r"^(?:HĐND|HỘI ĐỒNG NHÂN DÂN|Hội đồng nhân dân)\s+(.+)$", re.IGNORECASE)
# Longer words first so that "thị trấn" is not read as "thị".
_LEVEL_WORDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "tỉnh", "quận", "phường", "xã")
_LEVEL_BY_CODE = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
_KIND_LABELS = {
    "regular": "thường kỳ",
    "administrative": "hành chính",
    "thematic": "chuyên đề",
    "extraordinary": "bất thường",
    "briefing": "giao ban",
}
_PURPOSE_NOTES = {"for_report": "(b/c)", "for_action": "(t/h)", "for_information": "(để biết)"}
_AUTHORITY_RE = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*")
_UNIT_KIND_PREFIXES = ("phong ", "van phong ", "ban ", "trung tam ")
_BASIS_VERBS = ("can cu", "thuc hien", "theo ")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def compose_layout(doc: dict[str, Any], *, governing_body: Sequence[str], basis_verb: str) -> NoticeLayout:
    """Build a ``NoticeLayout`` from a ``dieuhanh.notice/1`` document (see ``layout.from_notice_json``)."""
    issuer = doc.get("issuer") or {}
    issuer_name = normalize_spaces(nfc(issuer.get("name") or ""))
    level_word = _LEVEL_BY_CODE.get(issuer.get("level") or "") or _level_word_of(issuer_name)
    committee = f"UBND {level_word}".strip()
    meeting = doc.get("meeting") or {}
    chair = meeting.get("chair") or {}
    concluder = normalize_spaces(chair.get("title") or "") or f"Chủ tịch {committee}"
    session = _session_name(meeting)
    issued_on = _parse_date(doc.get("issued_on"))
    held_on = _parse_date(meeting.get("held_on"))

    ctx = _Context(committee=committee, level_word=level_word)
    paragraphs: list[Paragraph] = _basis_paragraphs(doc.get("legal_bases") or [], basis_verb)
    sections = doc.get("sections") or []
    has_votes = any(item.get("approval") for s in sections for item in s.get("items") or [])
    if any(meeting.get(k) for k in ("kind", "held_on", "period")) or chair.get("name"):
        paragraphs.append(
            _session_paragraph(issuer_name or committee, meeting, held_on, session, concluder, ctx, has_votes)
        )

    by_item: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for directive in doc.get("directives") or []:
        by_item[directive.get("item")].append(directive)
    used: set[str | None] = {None}
    for section in sections:
        label, title = (section.get("label") or "").strip(), (section.get("title") or "").strip()
        if label or title:
            paragraphs.append(Paragraph.of("section", _heading(label, title), bold=True))
        for item in section.get("items") or []:
            key = f"{label}.{(item.get('label') or '').strip()}"
            used.add(key)
            paragraphs.extend(_item_paragraphs(item, by_item.get(key, []), ctx))
    leftovers = [d for key, ds in by_item.items() if key not in used for d in ds]
    paragraphs.append(_closing_paragraph(by_item.get(None, []) + leftovers, concluder, session))

    return NoticeLayout(
        issuing_body=_issuer_lines(issuer_name),
        title=normalize_spaces(nfc(doc.get("title") or "")),
        paragraphs=tuple(paragraphs),
        signature=_signature(doc.get("signature") or {}),
        recipients=_recipients(doc.get("recipients") or []),
        governing_body=tuple(line.strip().upper() for line in governing_body if line.strip()),
        number=_number(doc.get("number")),
        symbol=f"{(doc.get('doc_type') or 'TB').strip()}-{_issuer_symbol(issuer_name)}",
        place=normalize_spaces(nfc(doc.get("place") or "")) or _place_of(issuer_name),
        issued_on=issued_on,
        year=_year(issued_on, held_on, meeting.get("period"), doc.get("title")),
    )


@dataclass(frozen=True)
class _Context:
    """What the sentences of the body need to know about the issuing committee."""

    committee: str
    level_word: str


# --- header ----------------------------------------------------------------------------------------------


def _issuer_lines(name: str) -> tuple[str, ...]:
    """'UBND huyện Sông Lô' -> ('ỦY BAN NHÂN DÂN', 'HUYỆN SÔNG LÔ'): the full name, as Decree 30 requires."""
    if not name:
        return ()
    for pattern, full in ((_COMMITTEE_RE, "ỦY BAN NHÂN DÂN"), (_COUNCIL_RE, "HỘI ĐỒNG NHÂN DÂN")):
        match = pattern.match(name)
        if match:
            return (full, match.group(1).upper())
    return (name.upper(),)


def _issuer_symbol(name: str) -> str:
    """The issuer's part of the ký hiệu: UBND, HĐND, or the initials of the name."""
    if not name or _COMMITTEE_RE.match(name):
        return "UBND"
    if _COUNCIL_RE.match(name):
        return "HĐND"
    return "".join(w[0] for w in name.split() if w[:1].isupper()).upper() or "UBND"


def _level_word_of(name: str) -> str:
    """The level word of an issuer name ('UBND huyện Sông Lô' -> 'huyện'), '' when there is none."""
    match = _COMMITTEE_RE.match(name) or _COUNCIL_RE.match(name)
    rest = match.group(1) if match else name
    for word in _LEVEL_WORDS:
        if rest.lower().startswith(word + " "):
            return word
    return ""


def _place_of(name: str) -> str:
    """The place of the date line derived from the issuer: 'UBND huyện Sông Lô' -> 'Sông Lô', 'Quận 1' kept."""
    match = _COMMITTEE_RE.match(name) or _COUNCIL_RE.match(name)
    if not match:
        return ""
    rest = match.group(1)
    for word in _LEVEL_WORDS:
        if rest.lower().startswith(word + " "):
            bare = rest[len(word) + 1 :].strip()
            # Units named by a number keep their full name (Decree 30, PL I II.4), as does Hồ Chí Minh City.
            if bare.isdigit() or fold(bare) == "ho chi minh":
                return rest[:1].upper() + rest[1:]
            return bare
    return rest


def _number(value: str | None) -> str | None:
    """'Số: 15/TB-UBND' or '15/TB-UBND' -> '15/TB-UBND'; None when absent."""
    if not value:
        return None
    text = re.sub(r"^\s*Số\s*:?\s*", "", nfc(value), flags=re.IGNORECASE)
    return text.strip() or None


def _parse_date(value: str | None) -> date | None:
    """An ISO date or None."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _year(issued_on: date | None, held_on: date | None, period: str | None, title: str | None) -> int | None:
    """The year printed in the date line of a draft."""
    if issued_on:
        return issued_on.year
    if held_on:
        return held_on.year
    if period and period[:4].isdigit():
        return int(period[:4])
    found = _YEAR_RE.findall(title or "")
    return int(found[-1]) if found else None


# --- body ------------------------------------------------------------------------------------------------


def _basis_paragraphs(bases: Sequence[str], verb: str) -> list[Paragraph]:
    """One italic paragraph per legal basis, each ending ';' and the last '.'."""
    texts = [normalize_spaces(nfc(b)).rstrip(";., ") for b in bases]
    texts = [t for t in texts if t]
    out: list[Paragraph] = []
    for i, text in enumerate(texts):
        if not fold(text).startswith(_BASIS_VERBS):
            text = f"{verb} {text}"
        end = "." if i == len(texts) - 1 else ";"
        out.append(Paragraph.of("basis", _capitalise(text) + end, italic=True))
    return out


def _session_name(meeting: dict[str, Any]) -> str:
    """'phiên họp hành chính tháng 8/2021' from the meeting's kind and period."""
    parts = ["phiên họp"]
    if label := _KIND_LABELS.get(meeting.get("kind") or ""):
        parts.append(label)
    period = meeting.get("period") or ""
    if re.fullmatch(r"\d{4}-\d{2}", period):
        parts.append(format_month_short(int(period[:4]), int(period[5:])))
    return " ".join(parts)


def _session_paragraph(
    issuer: str,
    meeting: dict[str, Any],
    held_on: date | None,
    session: str,
    concluder: str,
    ctx: _Context,
    has_votes: bool,
) -> Paragraph:
    """The paragraph that tells when the session was held, who chaired it and on what the conclusions rest."""
    opening = f"Ngày {format_short(held_on)}, {issuer}" if held_on else _capitalise(issuer)
    chair = meeting.get("chair") or {}
    chaired = ""
    if chair.get("name"):
        title = normalize_spaces(chair.get("title") or "")
        chaired = f" do đồng chí {normalize_spaces(chair['name'])}{', ' + title if title else ''} chủ trì"
    votes = f" và ý kiến biểu quyết của các thành viên {ctx.committee}" if has_votes else ""
    text = (
        f"{opening} tổ chức {session}{chaired}. Trên cơ sở các báo cáo trình tại phiên họp, ý kiến phát biểu, "
        f"thảo luận của các đại biểu{votes}, {concluder} kết luận, thông báo như sau:"
    )
    return Paragraph.of("body", text)


def _heading(label: str, title: str) -> str:
    """'I. PHẦN …' / '1. Về báo cáo …'."""
    if label and title:
        return f"{label}. {title}"
    return f"{label}." if label else title


def _item_paragraphs(
    item: dict[str, Any], directives: list[dict[str, Any]], ctx: _Context
) -> list[Paragraph]:
    """An item's heading, its approval sentence (joined with the 'finalize report' directive) and directives."""
    heading = _heading((item.get("label") or "").strip(), (item.get("title") or "").strip())
    out = [Paragraph.of("item", heading, bold=True)] if heading else []
    remaining = list(directives)
    approval = item.get("approval")
    if approval:
        sentence = _approval_sentence(item, approval, ctx)
        finalize = next((d for d in remaining if d.get("kind") == "finalize_report"), None)
        if finalize is not None and approval.get("agreed", True):
            remaining.remove(finalize)
            clause = _lower_first(_clause(finalize))
            sentence = f"{sentence}; tiếp thu ý kiến của các đại biểu, {clause}"
        out.append(Paragraph.of("body", _sentence(sentence)))
    out.extend(
        Paragraph.of("body", sentence) for sentence in (_sentence(_clause(d)) for d in remaining) if sentence
    )
    return out


def _approval_sentence(item: dict[str, Any], approval: dict[str, Any], ctx: _Context) -> str:
    """'100% thành viên UBND huyện dự họp đã thống nhất nội dung dự thảo báo cáo của … trình tại phiên họp'."""
    presenter = (item.get("presenter") or {}).get("name")
    what = "nội dung dự thảo báo cáo"
    if presenter:
        what += f" của {_unit_in_text(presenter, ctx.level_word)}"
    what += " trình tại phiên họp"
    percent = approval.get("percent")
    agreed = approval.get("agreed", True)
    if percent is not None and agreed:
        return f"{_percent(percent)} thành viên {ctx.committee} dự họp đã thống nhất {what}"
    if agreed:
        return f"{ctx.committee} thống nhất {what}"
    if percent is not None:
        return f"{_percent(percent)} thành viên {ctx.committee} dự họp tán thành; {ctx.committee} chưa thống nhất {what}"
    return f"{ctx.committee} chưa thống nhất {what}"


def _closing_paragraph(directives: list[dict[str, Any]], concluder: str, session: str) -> Paragraph:
    """'Trên đây là nội dung kết luận … ' with the closing directives, ending with './.'."""
    text = f"Trên đây là nội dung kết luận của {concluder} tại {session}."
    sentences = [s for s in (_sentence(_clause(d)) for d in directives) if s]
    if sentences:
        text += " " + " ".join(sentences)
    else:
        text += " Thông báo để các cơ quan, đơn vị, địa phương liên quan biết, thực hiện."
    return Paragraph.of("closing", text.rstrip(" .") + "./.")


def _clause(directive: dict[str, Any]) -> str:
    """A directive's text as written, with its deadline added when the text does not state it."""
    text = normalize_spaces(nfc(directive.get("text") or "")).rstrip(" ;,.")
    deadline = _parse_date(directive.get("deadline"))
    if deadline and format_short(deadline) not in text and format_date(deadline) not in text:
        text += f", hoàn thành trước ngày {format_short(deadline)}"
    return text


def _unit_in_text(name: str, level_word: str) -> str:
    """A unit's name inside a sentence: 'Phòng Tư pháp' -> 'phòng Tư pháp huyện'."""
    name = normalize_spaces(nfc(name))
    folded = fold(name) + " "
    if folded.startswith(_UNIT_KIND_PREFIXES) and level_word and strip_locality(name) == name:
        name = f"{name} {level_word}"
    if folded.startswith("phong "):
        name = _lower_first(name)
    return name


def _percent(value: float) -> str:
    """100 -> '100%', 66.7 -> '66,7%' (Vietnamese decimal comma)."""
    return f"{value:g}".replace(".", ",") + "%"


def _capitalise(text: str) -> str:
    """Upper-case the first letter only."""
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a clause that continues a sentence ('Giao …' -> 'giao …')."""
    first = text.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:  # an abbreviation such as UBND stays as written
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    """A clause as a sentence: capitalised, ending with a full stop."""
    text = text.strip().rstrip(" ;,.:/")
    return _capitalise(text) + "." if text else ""


# --- recipients and signature -----------------------------------------------------------------------------


def _recipients(recipients: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """Recipient lines with their purpose note; the archive line ('Lưu: VT') last, added when missing."""
    lines: list[str] = []
    archive: list[str] = []
    for recipient in recipients:
        name = normalize_spaces(nfc(recipient.get("name") or "")).lstrip("- ").rstrip(" ;.,")
        if not name:
            continue
        purpose = recipient.get("purpose")
        if purpose == "archive" or fold(name).startswith("luu"):
            archive.append(name)
            continue
        note = _PURPOSE_NOTES.get(purpose or "")
        if note and note not in name:
            name = f"{name} {note}"
        lines.append(name)
    return tuple(lines + (archive or ["Lưu: VT"]))


def _signature(signature: dict[str, Any]) -> Signature:
    """The signature block with 'TL.CHỦ TỊCH' normalised to 'TL. CHỦ TỊCH'."""
    authority = normalize_spaces(nfc(signature.get("authority") or "")).upper()
    authority = _AUTHORITY_RE.sub(lambda m: f"{m.group(1)}. ", authority)
    title = normalize_spaces(nfc(signature.get("title") or "")).upper()
    name = normalize_spaces(nfc(signature.get("name") or ""))
    return Signature(authority=authority or None, title=title or None, name=name or None)
