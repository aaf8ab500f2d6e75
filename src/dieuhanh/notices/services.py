"""Every write of the notices app: drafting, revisions, issuing (number, files, signature), distribution,
publication, read receipts. Each is one transaction, checks permissions and state, and is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.meetings.models import Meeting, MeetingStatus
from dieuhanh.meetings.services import advance
from dieuhanh.org.models import Unit
from dieuhanh.org.queries import office_chief
from dieuhanh.org.resolver import resolve

from . import drafting, numbering
from .models import Delivery, Notice, NoticeRevision, NoticeStatus, OutgoingEntry

logger = logging.getLogger("dieuhanh.notices")


def _require(actor: Any, perm: str, issuer: Unit) -> None:
    if actor is not None and not actor.has_perm(perm, issuer):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với thông báo.")


def _refuse_if_issued(notice: Notice) -> None:
    if notice.is_issued:
        raise DomainError(
            "Thông báo đã ban hành: không sửa được. Muốn đính chính, hãy soạn thông báo mới thay thế.",
            code="notice_issued_immutable",
        )


@transaction.atomic
def draft_from_meeting(*, actor: Any, meeting: Meeting) -> Notice:
    """Draft the conclusion notice of a concluded meeting, worded from its record (one per meeting)."""
    _require(actor, "notices.draft", meeting.issuer)
    meeting.refresh_from_db()
    if meeting.status not in (MeetingStatus.CONCLUDED, MeetingStatus.NOTICE_ISSUED):
        raise DomainError("Chỉ soạn thông báo khi phiên họp đã kết luận.", code="meeting_not_concluded")
    existing = Notice.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    config = drafting.settings_for(meeting)
    signer = office_chief(meeting.issuer)
    notice = Notice.objects.create(
        issuer=meeting.issuer,
        meeting=meeting,
        title=drafting.draft_title(meeting),
        body=drafting.compose_body(meeting),
        recipients=drafting.recipients_for(meeting),
        place=meeting.issuer.place_name,
        signer=signer,
        signer_name=signer.full_name if signer else "",
        signer_authority=config.signer_authority,
        signer_title=config.signer_title,
        symbol=f"TB-{meeting.issuer.symbol or 'UBND'}",
        created_by=actor,
    )
    _save_revision(notice, actor, "Soạn tự động từ biên bản phiên họp")
    audit.record(
        actor=actor, action="notice.draft", obj=notice, after={"meeting": meeting.pk, "title": notice.title}
    )
    return notice


def _save_revision(notice: Notice, actor: Any, note: str = "") -> NoticeRevision:
    number = (notice.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    return NoticeRevision.objects.create(
        notice=notice,
        number=number,
        title=notice.title,
        body=notice.body,
        recipients=notice.recipients,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


def _clean_body(body: Any) -> list[dict[str, Any]]:
    """Accept only paragraphs of text runs with bold/italic: nothing else reaches the document."""
    allowed = {"basis", "body", "section", "item", "closing"}
    if not isinstance(body, list) or not body:
        raise DomainError("Nội dung thông báo không được để trống.", code="notice_body_empty")
    clean = []
    for par in body:
        if not isinstance(par, dict) or not isinstance(par.get("runs"), list):
            raise DomainError("Nội dung thông báo không đúng dạng.", code="notice_body_invalid")
        runs = [
            {"text": str(r.get("text", "")), "bold": bool(r.get("bold")), "italic": bool(r.get("italic"))}
            for r in par["runs"]
            if isinstance(r, dict) and str(r.get("text", ""))
        ]
        if runs:
            clean.append({"style": par.get("style") if par.get("style") in allowed else "body", "runs": runs})
    if not clean:
        raise DomainError("Nội dung thông báo không được để trống.", code="notice_body_empty")
    return clean


@transaction.atomic
def save_draft(
    *, actor: Any, notice: Notice, body: Any, title: str | None = None, recipients: Any = None, note: str = ""
) -> NoticeRevision:
    """Save the office's edit of a draft (paragraph level, bold/italic only) as a new revision."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require(actor, "notices.draft", notice.issuer)
    _refuse_if_issued(notice)
    before = {"title": notice.title, "paragraphs": len(notice.body)}
    notice.body = _clean_body(body)
    if title is not None:
        if not title.strip():
            raise DomainError("Trích yếu không được để trống.", code="notice_title_empty")
        notice.title = " ".join(title.split())
    if recipients is not None:
        notice.recipients = [
            {"name": " ".join(str(r.get("name", "")).split()), "purpose": r.get("purpose") or None}
            for r in recipients
            if isinstance(r, dict) and str(r.get("name", "")).strip()
        ]
    notice.save()
    revision = _save_revision(notice, actor, note)
    audit.record(
        actor=actor,
        action="notice.revise",
        obj=notice,
        before=before,
        after={"title": notice.title, "paragraphs": len(notice.body), "revision": revision.number},
    )
    return revision


def _recipient_units(notice: Notice) -> list[tuple[Unit, str]]:
    """Registry units named by the recipient lines (groups expanded), with each line's purpose."""
    found: dict[int, tuple[Unit, str]] = {}
    for recipient in notice.recipients:
        if recipient.get("purpose") == "archive":
            continue
        result = resolve(recipient["name"], notice.issuer, on=notice.issued_on)
        for unit in result.units():
            found.setdefault(unit.pk, (unit, recipient.get("purpose") or ""))
    return list(found.values())


@transaction.atomic
def issue_notice(
    *, actor: Any, notice: Notice, issued_on: dt.date | None = None, render: bool = True, public: bool = False
) -> Notice:
    """Issue a draft: take the next number, fix text, date and signer, render and sign the files, register it,
    deliver it to its recipients, create the assignments of its directives. All or nothing."""
    notice = (
        Notice.objects.select_for_update(of=("self",)).select_related("issuer", "meeting").get(pk=notice.pk)
    )
    _require(actor, "notices.issue", notice.issuer)
    _refuse_if_issued(notice)
    if not notice.body:
        raise DomainError("Thông báo chưa có nội dung.", code="notice_body_empty")
    if notice.signer_id is None and not notice.signer_name:
        raise DomainError("Chưa có người ký thông báo.", code="signer_missing")
    issued_on = issued_on or timezone.localdate()
    key = numbering.series_key_for(notice.issuer, notice.doc_type)
    notice.number = numbering.allocate(notice.issuer, key, issued_on.year)
    notice.series_key = key
    notice.year = issued_on.year
    notice.issued_on = issued_on
    notice.status = NoticeStatus.ISSUED
    if notice.signer is not None:
        notice.signer_name = notice.signer.full_name
    notice.search_text = drafting.fold_text(notice)
    if public:
        notice.is_public, notice.published_at = True, timezone.now()
    written: list[str] = []
    try:
        if render:
            from .output import render_issued

            files = render_issued(notice)
            for field, (name, data) in files.items():
                getattr(notice, field).save(name, ContentFile(data), save=False)
                written.append(getattr(notice, field).name)
            notice.sha256 = hashlib.sha256(files["pdf_file"][1]).hexdigest()
        notice._issuing = True  # type: ignore[attr-defined]
        notice.save()
        notice._issuing = False  # type: ignore[attr-defined]
        OutgoingEntry.objects.create(
            issuer=notice.issuer,
            series_key=key,
            year=notice.year,
            number=notice.number,
            number_symbol=notice.number_symbol,
            doc_type=notice.doc_type,
            title=notice.title,
            issued_on=issued_on,
            signer_name=notice.signer_name,
            notice=notice,
            registered_by=_user(actor),
            recipients_text="\n".join(r["name"] for r in notice.recipients),
        )
        for unit, purpose in _recipient_units(notice):
            Delivery.objects.get_or_create(notice=notice, unit=unit, defaults={"purpose": purpose})
        if notice.meeting is not None and notice.meeting.status == MeetingStatus.CONCLUDED:
            advance(actor=None, meeting=notice.meeting, to=MeetingStatus.NOTICE_ISSUED, internal=True)
            notice.meeting.refresh_from_db()
        _assign(actor, notice)
    except BaseException:
        # Files written before a rollback would be orphans: remove them, the transaction undoes the rest.
        for name in written:
            default_storage.delete(name)
        raise
    audit.record(
        actor=actor,
        action="notice.issue",
        obj=notice,
        after={"number": notice.number_symbol, "issued_on": issued_on, "signer": notice.signer_name},
    )
    return notice


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _assign(actor: Any, notice: Notice) -> None:
    """Turn the notice's directives into assignments per unit (the directives app does the work)."""
    try:
        from dieuhanh.directives.services import assign_directives
    except ImportError:  # the follow-up module is optional for documents without directives
        return
    if notice.meeting is not None and notice.issued_on is not None:
        label = f"Thông báo số {notice.number_symbol} ngày {notice.issued_on:%d/%m/%Y}"
        assign_directives(actor=actor, meeting=notice.meeting, issued_on=notice.issued_on, source_label=label)


@transaction.atomic
def set_public(*, actor: Any, notice: Notice, public: bool) -> Notice:
    """Publish an issued notice on the portal, or withdraw it from there."""
    _require(actor, "notices.issue", notice.issuer)
    if not notice.is_issued:
        raise DomainError("Chỉ công khai thông báo đã ban hành.", code="notice_not_issued")
    Notice.objects.filter(pk=notice.pk).update(
        is_public=public, published_at=timezone.now() if public else None
    )
    notice.refresh_from_db()
    audit.record(actor=actor, action="notice.publish" if public else "notice.unpublish", obj=notice)
    return notice


@transaction.atomic
def mark_read(*, actor: Any, delivery: Delivery) -> Delivery:
    """Record that a recipient unit's officer opened the notice (first reading only)."""
    if not actor.has_perm("org.view_unit", delivery.unit):
        raise PermissionDenied()
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        delivery.read_by = actor
        delivery.save(update_fields=["read_at", "read_by"])
        audit.record(
            actor=actor, action="notice.read", obj=delivery.notice, after={"unit": delivery.unit.code}
        )
    return delivery


@transaction.atomic
def draft_correction(*, actor: Any, notice: Notice, reason: str) -> Notice:
    """A new draft that corrects (replaces) an issued notice; the old one stays as it was issued."""
    _require(actor, "notices.draft", notice.issuer)
    if not notice.is_issued:
        raise DomainError(
            "Chỉ đính chính thông báo đã ban hành; bản dự thảo thì sửa trực tiếp.", code="notice_not_issued"
        )
    if not reason.strip():
        raise DomainError("Cần ghi lý do đính chính.", code="reason_missing")
    correction = Notice.objects.create(
        issuer=notice.issuer,
        title=f"Đính chính Thông báo số {notice.number_symbol}: {notice.title}",
        body=[
            drafting.paragraph(
                f"Đính chính Thông báo số {notice.number_symbol} ngày "
                f"{notice.issued_on:%d/%m/%Y}: {reason.strip()}"
            ),
            *notice.body,
        ],
        recipients=notice.recipients,
        place=notice.place,
        signer=notice.signer,
        signer_name=notice.signer_name,
        signer_authority=notice.signer_authority,
        signer_title=notice.signer_title,
        symbol=notice.symbol,
        corrects=notice,
        created_by=_user(actor),
    )
    _save_revision(correction, actor, "Đính chính")
    audit.record(actor=actor, action="notice.correction_draft", obj=correction, after={"corrects": notice.pk})
    return correction
