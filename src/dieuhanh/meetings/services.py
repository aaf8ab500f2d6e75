"""Writes of the session workflow: meetings, status, agenda, documents, attendance.

Voting lives in ``voting.py`` and the Chair's conclusions in ``conclusions.py``; each function is one transaction,
checks who asks and what state the meeting is in, and leaves an audit event.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.core.uploads import check_office_zip
from dieuhanh.org.models import CommitteeMembership, Person, Unit
from dieuhanh.org.rules import person_of

from .models import (
    STATUS_ORDER,
    AgendaItem,
    AgendaSection,
    AttendanceStatus,
    Attendee,
    ItemDocument,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProgrammeEntry,
)

DEFAULT_LEGAL_BASES = [
    "Thực hiện Luật Tổ chức chính quyền địa phương ngày 19/6/2015 và Luật sửa đổi, bổ sung một số điều của "
    "Luật Tổ chức chính quyền địa phương năm 2019",
]
T = TypeVar("T")
MAX_DOCUMENT_BYTES = getattr(settings, "DIEUHANH_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024)

# Who may move a meeting into each status.
TRANSITION_PERMS = {
    MeetingStatus.AGENDA_SENT: "meetings.prepare",
    MeetingStatus.IN_SESSION: "meetings.run",
    MeetingStatus.CONCLUDED: "meetings.conclude",
}


def require(actor: Any, perm: str, obj: Any = None, message: str | None = None) -> None:
    """Refuse with a Vietnamese message unless ``actor`` (None = the system) has ``perm``."""
    if actor is None:
        return
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or "Bạn không có quyền thực hiện thao tác này trên phiên họp.")


def refuse(actor: Any, meeting: Meeting, action: str, message: str, code: str) -> DomainError:
    """A refusal of a state change; ``records_refusals`` writes it to the audit log after the rollback."""
    error = DomainError(message, code=code)
    error.audit_obj = meeting  # type: ignore[attr-defined]
    error.audit_action = action  # type: ignore[attr-defined]
    return error


def records_refusals(fn: Callable[..., T]) -> Callable[..., T]:
    """Wrap a transactional service so a refused state change is audited even though its transaction rolls back."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            obj = getattr(exc, "audit_obj", None)
            if obj is not None:
                audit.record(
                    actor=kwargs.get("actor"),
                    action=getattr(exc, "audit_action", "refused"),
                    obj=obj,
                    succeeded=False,
                    message=exc.message,
                )
            raise

    return wrapper


def ensure_editable(actor: Any, meeting: Meeting, action: str) -> None:
    """Refuse changes to a concluded meeting's record (reading the status afresh)."""
    meeting.refresh_from_db(fields=["status"])
    if meeting.is_locked:
        message = "Phiên họp đã kết luận: không sửa được nội dung, biểu quyết hay kết luận."
        raise refuse(actor, meeting, f"{action}.refused", message, "meeting_locked")


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    issuer: Unit,
    kind: str,
    starts_at: dt.datetime,
    place: str = "",
    chair: Person | None = None,
    period: dt.date | None = None,
    legal_bases: list[str] | None = None,
    title: str = "",
) -> Meeting:
    """Plan a session of ``issuer``'s committee; legal bases default to the body's working regulation."""
    require(actor, "meetings.prepare", issuer)
    if kind not in MeetingKind.values:
        raise DomainError(f"Loại phiên họp “{kind}” không hợp lệ.", code="invalid_kind")
    if kind in (MeetingKind.ADMINISTRATIVE, MeetingKind.REGULAR) and period is None:
        period = dt.date(starts_at.year, starts_at.month, 1)
    if legal_bases is None:
        legal_bases = [
            *DEFAULT_LEGAL_BASES,
            f"Thực hiện Quy chế làm việc của {issuer.short_name or issuer.name}",
        ]
    meeting = Meeting.objects.create(
        issuer=issuer,
        kind=kind,
        title=title,
        starts_at=starts_at,
        place=place,
        chair=chair,
        period=period.replace(day=1) if period else None,
        legal_bases=legal_bases,
        created_by=actor,
    )
    audit.record(actor=actor, action="meeting.create", obj=meeting, after=audit.snapshot(meeting))
    return meeting


@records_refusals
@transaction.atomic
def advance(*, actor: Any, meeting: Meeting, to: str, internal: bool = False) -> Meeting:
    """Move a meeting one or more steps forward; never backwards. 'notice_issued' is set by the notices app."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if to not in STATUS_ORDER:
        raise DomainError(f"Trạng thái “{to}” không hợp lệ.", code="invalid_status")
    if STATUS_ORDER.index(to) <= STATUS_ORDER.index(meeting.status):
        message = (
            f"Phiên họp đang ở trạng thái “{meeting.get_status_display()}”: "
            f"không chuyển về “{MeetingStatus(to).label}” được."
        )
        raise refuse(actor, meeting, "meeting.status.refused", message, "status_backwards")
    if to == MeetingStatus.NOTICE_ISSUED and not internal:
        raise DomainError(
            "Trạng thái này chỉ có khi thông báo kết luận được ban hành.", code="status_internal"
        )
    perm = TRANSITION_PERMS.get(MeetingStatus(to))
    if perm and actor is not None and not actor.has_perm(perm, meeting.issuer):
        raise refuse(
            actor, meeting, "meeting.status.refused", "Bạn không có quyền chuyển trạng thái này.", "forbidden"
        )
    before = meeting.status
    meeting.status = to
    meeting.save(update_fields=["status"])
    audit.record(
        actor=actor, action="meeting.status", obj=meeting, before={"status": before}, after={"status": to}
    )
    return meeting


@records_refusals
@transaction.atomic
def add_section(*, actor: Any, meeting: Meeting, title: str, label: str = "") -> AgendaSection:
    """Append a section ('I. Phần nghe các báo cáo …') to the agenda."""
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "agenda.section")
    title = " ".join(title.split())
    if not title:
        raise DomainError("Tên phần không được để trống.", code="section_title_missing")
    position = (meeting.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = AgendaSection.objects.create(
        meeting=meeting, title=title, label=label or _roman(position), position=position
    )
    audit.record(actor=actor, action="agenda.section_add", obj=meeting, after={"section": str(section)})
    return section


def _roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def proposed_entries(meeting: Meeting) -> list[ProgrammeEntry]:
    """Programme entries of the meeting's month not yet on any agenda: proposed for the agenda."""
    if meeting.period is None:
        return []
    return list(
        ProgrammeEntry.objects.filter(
            programme__issuer=meeting.issuer, programme__year=meeting.period.year, month=meeting.period.month
        )
        .filter(Q(agenda_items__isnull=True))
        .select_related("presenter")
    )


@records_refusals
@transaction.atomic
def add_item(
    *,
    actor: Any,
    section: AgendaSection,
    title: str,
    presenter: Unit | None = None,
    presenter_label: str = "",
    programme_entry: ProgrammeEntry | None = None,
    label: str = "",
    has_draft_report: bool = True,
) -> AgendaItem:
    """Append an item to a section; without an explicit entry, one of the month's programme entries with the
    same presenter and title is linked automatically."""
    meeting = section.meeting
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "agenda.item")
    title = " ".join(title.split())
    if not title:
        raise DomainError("Nội dung không được để trống.", code="item_title_missing")
    if programme_entry is None and presenter is not None:
        from dieuhanh.vn.text import fold

        for entry in proposed_entries(meeting):
            if entry.presenter_id == presenter.pk and fold(entry.title) in fold(title):
                programme_entry = entry
                break
    position = (section.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        section=section,
        title=title,
        presenter=presenter,
        presenter_label=presenter_label or (presenter.short_name if presenter else ""),
        programme_entry=programme_entry,
        label=label or str(position),
        position=position,
        has_draft_report=has_draft_report,
    )
    audit.record(actor=actor, action="agenda.item_add", obj=meeting, after={"item": str(item)})
    return item


def sniff_document(head: bytes, name: str) -> tuple[str, str]:
    """(extension, content type) of a DOCX or PDF judged by its bytes, not its name; anything else is refused."""
    if head.startswith(b"%PDF-"):
        return ".pdf", "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise DomainError(
        f"Tệp “{name}” không phải DOCX hoặc PDF (nội dung tệp không khớp định dạng).",
        code="bad_document_type",
        log_message=f"Refused upload {name!r}: content is neither PDF nor DOCX.",
    )


def _check_docx(data: bytes, name: str) -> None:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError(f"Tệp “{name}” hỏng, không mở được.", code="bad_document") from exc
    if "word/document.xml" not in names:
        raise DomainError(f"Tệp “{name}” không phải văn bản Word (.docx).", code="bad_document_type")
    if total > 20 * MAX_DOCUMENT_BYTES:
        raise DomainError(f"Tệp “{name}” giải nén quá lớn, nghi là tệp độc hại.", code="zip_bomb")
    check_office_zip(data, name)  # bombs that lie about their sizes, DTDs, climbing entry names


@records_refusals
@transaction.atomic
def attach_document(
    *, actor: Any, item: AgendaItem, upload: IO[bytes], name: str, title: str = ""
) -> ItemDocument:
    """Attach a draft report (DOCX/PDF, sniffed, size-limited) to an item; the same title again is a new version."""
    meeting = item.section.meeting
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "agenda.document")
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DomainError(
            f"Tệp “{name}” quá lớn: tối đa {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.", code="file_too_large"
        )
    if not data:
        raise DomainError(f"Tệp “{name}” rỗng.", code="empty_file")
    extension, content_type = sniff_document(data[:8], name)
    if extension == ".docx":
        _check_docx(data, name)
    title = " ".join((title or name.rsplit(".", 1)[0]).split())[:300]
    version = (ItemDocument.objects.filter(item=item, title=title).aggregate(m=Max("version"))["m"] or 0) + 1
    document = ItemDocument(
        item=item,
        title=title,
        original_name=name[:255],
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        version=version,
        uploaded_by=actor,
    )
    document.file.save(f"{document.sha256}{extension}", ContentFile(data), save=False)
    document.save()
    audit.record(
        actor=actor,
        action="agenda.document_add",
        obj=meeting,
        after={"item": item.key, "title": title, "version": version, "sha256": document.sha256},
    )
    return document


def members_on(committee: Unit, day: dt.date) -> list[Person]:
    """The committee's members on ``day``, from dated memberships."""
    seats = (
        CommitteeMembership.objects.filter(committee=committee, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("person")
        .order_by("role", "person__full_name")
    )
    seen: dict[int, Person] = {}
    for seat in seats:
        seen.setdefault(seat.person_id, seat.person)
    return list(seen.values())


@records_refusals
@transaction.atomic
def invite_members(*, actor: Any, meeting: Meeting) -> list[Attendee]:
    """Invite every committee member of the meeting's date (idempotent)."""
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "attendance.invite")
    result = []
    for person in members_on(meeting.issuer, meeting.held_on):
        attendee, _ = Attendee.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={"name": person.full_name, "unit": person.unit, "is_member": True},
        )
        result.append(attendee)
    return result


@records_refusals
@transaction.atomic
def invite(
    *, actor: Any, meeting: Meeting, name: str, unit: Unit | None = None, person: Person | None = None
) -> Attendee:
    """Invite a delegate (a unit's head, a guest) to the session."""
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "attendance.invite")
    name = " ".join((name or (person.full_name if person else "")).split())
    if not name:
        raise DomainError("Thiếu họ tên người được mời.", code="attendee_name_missing")
    is_member = person is not None and person in members_on(meeting.issuer, meeting.held_on)
    if person is not None:
        attendee, _ = Attendee.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={"name": name, "unit": unit or person.unit, "is_member": is_member},
        )
    else:
        attendee = Attendee.objects.create(meeting=meeting, name=name, unit=unit)
    audit.record(actor=actor, action="attendance.invite", obj=meeting, after={"name": name})
    return attendee


@records_refusals
@transaction.atomic
def set_attendance(
    *, actor: Any, attendee: Attendee, status: str, reason: str = "", represented_by: str = ""
) -> Attendee:
    """Record whether an invitee came, was absent (with the reason) or sent someone."""
    meeting = attendee.meeting
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "attendance.set")
    if status not in AttendanceStatus.values:
        raise DomainError("Tình trạng dự họp không hợp lệ.", code="invalid_attendance")
    if status == AttendanceStatus.ABSENT and not reason.strip():
        raise DomainError(f"{attendee.name} vắng: cần ghi lý do.", code="absence_reason_missing")
    if status == AttendanceStatus.REPRESENTED and not represented_by.strip():
        raise DomainError(
            f"{attendee.name} cử người dự thay: cần ghi người dự thay.", code="representative_missing"
        )
    before = {"status": attendee.status}
    attendee.status = status
    attendee.absence_reason = reason.strip()
    attendee.represented_by = represented_by.strip()
    attendee.save(update_fields=["status", "absence_reason", "represented_by"])
    audit.record(
        actor=actor,
        action="attendance.set",
        obj=meeting,
        before=before,
        after={"name": attendee.name, "status": status},
    )
    return attendee


def acting_person(actor: Any) -> Person | None:
    """The registry person behind ``actor`` (None for the system)."""
    return person_of(actor) if actor is not None else None
