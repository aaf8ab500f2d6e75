"""Importing notices an office already has (text, DOCX, PDF): parse, let the office correct, then record a
past meeting with an issued notice and its directives, which become assignments. The same file twice is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.core.uploads import check_office_zip
from dieuhanh.directives.models import DirectiveKind, Verb
from dieuhanh.meetings import conclusions
from dieuhanh.meetings import services as meeting_services
from dieuhanh.meetings.models import AgendaItem, ItemOutcome, Meeting, MeetingKind, MeetingStatus
from dieuhanh.org.models import Unit
from dieuhanh.org.resolver import resolve

from . import drafting
from .models import Notice, NoticeStatus

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IMPORTED_SERIES = "imported"
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ParsedUpload:
    """A parsed file waiting for the office's check: the document, the source text, how it was read."""

    document: dict[str, Any]
    source_text: str
    kind: str
    encoding: str
    sha256: str


def check_upload(data: bytes, filename: str) -> None:
    """Refuse a notice file before any parser opens it: oversized, or a hostile DOCX (bomb, DTD, odd names).

    The web import and ``dieuhanh notice parse|import`` all call this, so they refuse the same files with the
    same message.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(
            f"Tệp quá lớn: tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB.", code="file_too_large"
        )
    if data.startswith(b"PK\x03\x04"):
        check_office_zip(data, filename or "tệp")


def parse_upload(data: bytes, filename: str, read: tuple[str, str, str] | None = None) -> ParsedUpload:
    """Parse an uploaded notice; a file imported before, an oversized or unreadable one is refused.

    ``read`` is (text, kind, encoding) of this file read before (the review step keeps it, so a scan is not
    read by OCR twice)."""
    from dieuhanh.textparse import ParseError, parse_text
    from dieuhanh.textparse.reader import read_bytes

    check_upload(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    duplicate = Notice.objects.filter(source_sha256=digest).first()
    if duplicate is not None:
        raise DomainError(
            f"Tệp này đã được nhập trước đây (thông báo {duplicate.number_symbol or duplicate.pk}).",
            code="import_duplicate",
        )
    try:
        if read is None:
            source = read_bytes(data, filename)
            read = (source.text, source.kind, source.encoding)
        document = parse_text(read[0])
    except ParseError as exc:
        raise DomainError(exc.message, code="parse_failed", log_message=exc.log_message) from exc
    return ParsedUpload(document, read[0], read[1], read[2], digest)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(f"Ngày “{value}” không hợp lệ (cần năm-tháng-ngày).", code="bad_date") from exc


def _number(value: Any) -> tuple[int | None, str]:
    if not value:
        return None, ""
    text = str(value).replace("Số:", "").strip()
    head, _, symbol = text.partition("/")
    return (int(head) if head.strip().isdigit() else None), symbol.strip()


def _assignee_specs(directive: dict[str, Any], issuer: Unit, on: dt.date) -> list[dict[str, Any] | str]:
    specs: list[dict[str, Any] | str] = []
    for unit in directive.get("assignees") or []:
        if unit.get("group"):
            role = {"chair": "chair", "head": "head"}.get(unit.get("role") or "", "")
            specs.append({"group": unit["group"], "person_role": role, "mention": unit.get("name", "")})
            continue
        match = resolve(unit.get("name", ""), issuer, on=on)
        if match.units():
            specs.append({"unit": match.units()[0], "mention": unit.get("name", "")})
        else:
            raise DomainError(
                f"Không xác định được đơn vị “{unit.get('name', '')}” trong danh mục; hãy sửa tên hoặc thêm tên gọi khác.",
                code="assignee_unknown",
            )
    return specs


@transaction.atomic
def record_import(
    *, actor: Any, issuer: Unit, upload: ParsedUpload, document: dict[str, Any] | None = None
) -> Notice:
    """Record a checked document as a past meeting with its issued notice and directives (all or nothing)."""
    if actor is not None and not actor.has_perm("notices.draft", issuer):
        raise PermissionDenied("Chỉ Văn phòng mới nhập thông báo cũ.")
    if Notice.objects.filter(source_sha256=upload.sha256).exists():
        raise DomainError("Tệp này đã được nhập trước đây.", code="import_duplicate")
    doc = document or upload.document
    meeting_data = doc.get("meeting") or {}
    held_on = _date(meeting_data.get("held_on")) or _date(doc.get("issued_on"))
    if held_on is None:
        raise DomainError("Chưa rõ ngày họp: hãy nhập ngày họp trước khi ghi.", code="held_on_missing")
    issued_on = _date(doc.get("issued_on")) or held_on
    kind = meeting_data.get("kind") if meeting_data.get("kind") in MeetingKind.values else MeetingKind.REGULAR
    period = None
    if meeting_data.get("period"):
        year, month = str(meeting_data["period"]).split("-")[:2]
        period = dt.date(int(year), int(month), 1)
    meeting = meeting_services.create_meeting(
        actor=None,
        issuer=issuer,
        kind=str(kind),
        starts_at=dt.datetime.combine(held_on, dt.time(8, 0), tzinfo=TZ),
        period=period,
        legal_bases=[f"Căn cứ {b}" for b in doc.get("legal_bases") or []],
        title=doc.get("title") or "",
    )
    meeting.imported = True
    meeting.save(update_fields=["imported"])
    items: dict[str, AgendaItem] = {}
    for section_data in doc.get("sections") or []:
        section = meeting_services.add_section(
            actor=None,
            meeting=meeting,
            title=section_data.get("title") or "NỘI DUNG",
            label=section_data.get("label") or " ",
        )
        for item_data in section_data.get("items") or []:
            presenter = None
            if isinstance(item_data.get("presenter"), dict):
                units = resolve(item_data["presenter"].get("name", ""), issuer, on=held_on).units()
                presenter = units[0] if units else None
            item = meeting_services.add_item(
                actor=None,
                section=section,
                title=item_data.get("title") or "Nội dung",
                presenter=presenter,
                presenter_label=(item_data.get("presenter") or {}).get("name", ""),
                label=item_data.get("label") or "",
            )
            AgendaItem.objects.filter(pk=item.pk).update(outcome=ItemOutcome.CONCLUDED, consensus=True)
            items[f"{section.label.strip()}.{item.label}"] = item
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_SESSION)
    for directive in doc.get("directives") or []:
        if not (directive.get("text") or "").strip():
            continue
        verb = (directive.get("verb") or "giao").lower()
        conclusions.add_directive(
            actor=None,
            meeting=meeting,
            item=items.get(directive.get("item") or ""),
            text=directive["text"],
            verb=verb if verb in Verb.values else Verb.DIRECT,
            kind=directive.get("kind")
            if directive.get("kind") in DirectiveKind.values
            else DirectiveKind.TASK,
            assignees=_assignee_specs(directive, issuer, held_on),
            deadline=_date(directive.get("deadline")),
        )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.NOTICE_ISSUED)
    meeting.refresh_from_db()
    number, symbol = _number(doc.get("number"))
    signature = doc.get("signature") or {}
    if (
        number is not None
        and Notice.objects.filter(
            issuer=issuer, series_key=IMPORTED_SERIES, year=issued_on.year, number=number
        ).exists()
    ):
        raise DomainError(
            f"Đã có thông báo số {number:02d} năm {issued_on.year} được nhập trước đây.",
            code="import_number_taken",
        )
    notice = Notice.objects.create(
        issuer=issuer,
        meeting=meeting,
        title=doc.get("title") or "Thông báo kết luận",
        status=NoticeStatus.ISSUED,
        body=[drafting.paragraph(p) for p in upload.source_text.split("\n") if p.strip()]
        or [drafting.paragraph(".")],
        recipients=[
            {"name": r.get("name", ""), "purpose": r.get("purpose")} for r in doc.get("recipients") or []
        ],
        series_key=IMPORTED_SERIES,
        number=number,
        symbol=symbol or "TB-UBND",
        year=issued_on.year,
        issued_on=issued_on,
        place=doc.get("place") or issuer.place_name,
        signer_name=signature.get("name") or "",
        signer_authority=signature.get("authority") or "",
        signer_title=signature.get("title") or "",
        imported=True,
        source_sha256=upload.sha256,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    notice.search_text = drafting.fold_text(notice)
    Notice.objects.filter(pk=notice.pk).update(search_text=notice.search_text)
    try:
        from dieuhanh.directives.services import assign_directives
    except ImportError:
        pass
    else:
        assign_directives(
            actor=actor, meeting=meeting, issued_on=issued_on, source_label=notice.number_symbol
        )
    audit.record(
        actor=actor,
        action="notice.import",
        obj=notice,
        after={"sha256": upload.sha256, "directives": len(doc.get("directives") or []), "kind": upload.kind},
    )
    return notice
