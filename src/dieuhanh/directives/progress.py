"""A unit's work on its assignment: progress reports, completion with evidence (confirmed or returned by the
office), deadline extensions (decided by the office chief or a leader)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.org.rules import person_of
from dieuhanh.vn.dates import format_short

from . import files
from .models import (
    Assignment,
    DirectiveKind,
    ExtensionRequest,
    ExtensionState,
    NotificationKind,
    ProgressReport,
    ReportKind,
    ReviewState,
)
from .notify import deciders, notify, notify_units, office_people
from .services import AUDITED, _ensure_open, lock, record, require, today


def _label(actor: Any) -> str:
    person = person_of(actor)
    if person is not None:
        return person.full_name
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "hệ thống"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def submit_progress(
    *,
    actor: Any,
    assignment: Assignment,
    text: str,
    percent: int,
    attachments: Iterable[files.Upload] = (),
    completion: bool = False,
    on: dt.date | None = None,
) -> ProgressReport:
    """A unit reports progress on its assignment, or completion with evidence for the office to confirm."""
    assignment = lock(assignment)
    require(
        actor,
        "directives.report_progress",
        assignment,
        "Chỉ cán bộ của đơn vị được giao mới báo cáo tiến độ.",
    )
    _ensure_open(assignment)
    text = text.strip()
    if not text:
        raise DomainError("Cần ghi nội dung báo cáo.", code="report_text_missing")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError("Tiến độ phải là số phần trăm từ 0 đến 100.", code="bad_percent")
    checked = files.check_all(attachments)
    if completion:
        if assignment.ongoing:
            raise DomainError(
                "Nhiệm vụ thường xuyên không báo cáo hoàn thành: hãy gửi báo cáo định kỳ.",
                code="ongoing_no_completion",
            )
        if assignment.directive.kind == DirectiveKind.FINALIZE_REPORT:
            raise DomainError(
                "Nhiệm vụ hoàn thiện báo cáo hoàn thành khi báo cáo được ban hành: Văn phòng ghi số văn bản.",
                code="finalize_by_document",
            )
        if assignment.pending_completion_id is not None:
            raise DomainError(
                "Đã có báo cáo hoàn thành đang chờ Văn phòng xác nhận.", code="completion_pending"
            )
        if not checked:
            raise DomainError(
                "Báo cáo hoàn thành cần kèm tài liệu chứng minh (văn bản, hình ảnh).", code="no_evidence"
            )
        percent = 100
    day = on or today()
    if day > today():
        raise DomainError("Ngày báo cáo không được sau hôm nay.", code="future_date")
    before = audit.snapshot(assignment, AUDITED)
    report = ProgressReport.objects.create(
        assignment=assignment,
        kind=ReportKind.COMPLETION if completion else ReportKind.PROGRESS,
        text=text,
        percent=percent,
        reported_on=day,
        author=_user(actor),
        author_label=_label(actor),
        review_state=ReviewState.PENDING if completion else ReviewState.NONE,
    )
    stored = files.store(checked, actor=actor, report=report)
    assignment.started_on = assignment.started_on or day
    assignment.latest_report = report
    if completion:
        assignment.pending_completion = report
    assignment.save(update_fields=["started_on", "latest_report", "pending_completion", "updated_at"])
    record(
        actor, "progress.completion" if completion else "progress.report", assignment, before,
        report=report.pk, percent=percent, text=text[:300], files=[f"{a.original_name} ({a.sha256[:12]})" for a in stored],
    )  # fmt: skip
    if completion:
        notify(
            office_people(assignment.issuer_id), assignment, NotificationKind.COMPLETION_REPORTED,
            f"{assignment.unit.display_short} báo cáo hoàn thành: {assignment.directive.text[:200]}",
        )  # fmt: skip
    return report


def _pending(assignment: Assignment) -> ProgressReport:
    report = assignment.pending_completion
    if report is None:
        raise DomainError("Không có báo cáo hoàn thành nào đang chờ xác nhận.", code="no_pending_completion")
    return report


@transaction.atomic
def confirm_completion(*, actor: Any, assignment: Assignment, note: str = "") -> Assignment:
    """The office confirms a unit's completion: the assignment is done as of the day the unit reported it."""
    assignment = lock(assignment)
    require(actor, "directives.review_completion", assignment, "Chỉ Văn phòng xác nhận hoàn thành nhiệm vụ.")
    report = _pending(assignment)
    before = audit.snapshot(assignment, AUDITED)
    report.review_state = ReviewState.CONFIRMED
    report.reviewed_by, report.reviewer_label, report.reviewed_at = (
        _user(actor),
        _label(actor),
        timezone.now(),
    )
    report.review_note = note.strip()
    report.save(update_fields=["review_state", "reviewed_by", "reviewer_label", "reviewed_at", "review_note"])
    assignment.done_on = report.reported_on
    assignment.pending_completion = None
    assignment.save(update_fields=["done_on", "pending_completion", "updated_at"])
    record(actor, "completion.confirm", assignment, before, report=report.pk, note=note.strip())
    notify_units(
        [assignment], NotificationKind.COMPLETION_CONFIRMED, "Văn phòng xác nhận hoàn thành nhiệm vụ."
    )
    return assignment


@transaction.atomic
def return_completion(*, actor: Any, assignment: Assignment, note: str) -> Assignment:
    """The office returns a completion report to the unit with what is missing; the work goes on."""
    assignment = lock(assignment)
    require(actor, "directives.review_completion", assignment, "Chỉ Văn phòng xác nhận hoàn thành nhiệm vụ.")
    report = _pending(assignment)
    if not note.strip():
        raise DomainError("Cần ghi lý do trả lại để đơn vị bổ sung.", code="reason_missing")
    report.review_state = ReviewState.RETURNED
    report.reviewed_by, report.reviewer_label, report.reviewed_at = (
        _user(actor),
        _label(actor),
        timezone.now(),
    )
    report.review_note = note.strip()
    report.save(update_fields=["review_state", "reviewed_by", "reviewer_label", "reviewed_at", "review_note"])
    assignment.pending_completion = None
    assignment.save(update_fields=["pending_completion", "updated_at"])
    record(actor, "completion.return", assignment, None, report=report.pk, note=note.strip())
    notify_units(
        [assignment],
        NotificationKind.COMPLETION_RETURNED,
        f"Văn phòng trả lại báo cáo hoàn thành: {note.strip()}",
    )
    return assignment


@transaction.atomic
def request_extension(
    *, actor: Any, assignment: Assignment, deadline: dt.date, reason: str
) -> ExtensionRequest:
    """A unit asks to move its deadline to ``deadline``, giving the reason."""
    assignment = lock(assignment)
    require(actor, "directives.request_extension", assignment, "Chỉ đơn vị được giao mới đề nghị gia hạn.")
    _ensure_open(assignment)
    if assignment.deadline is None:
        raise DomainError("Nhiệm vụ không có hạn hoàn thành nên không cần gia hạn.", code="no_deadline")
    if deadline <= assignment.deadline:
        raise DomainError(
            f"Hạn đề nghị phải sau hạn hiện tại ({format_short(assignment.deadline)}).",
            code="extension_not_later",
        )
    if not reason.strip():
        raise DomainError("Cần ghi lý do đề nghị gia hạn.", code="reason_missing")
    if assignment.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise DomainError("Đã có đề nghị gia hạn đang chờ quyết định.", code="extension_pending")
    request = ExtensionRequest.objects.create(
        assignment=assignment, requested_by=_user(actor), requester_label=_label(actor),
        current_deadline=assignment.deadline, requested_deadline=deadline, reason=reason.strip(),
    )  # fmt: skip
    record(
        actor, "extension.request", assignment, None,
        request=request.pk, requested_deadline=deadline, reason=reason.strip(),
    )  # fmt: skip
    notify(
        deciders(assignment.issuer_id), assignment, NotificationKind.EXTENSION_REQUESTED,
        f"{assignment.unit.display_short} đề nghị gia hạn đến {format_short(deadline)}: {reason.strip()[:200]}",
    )  # fmt: skip
    return request


@transaction.atomic
def decide_extension(
    *, actor: Any, request: ExtensionRequest, approve: bool, reason: str = ""
) -> ExtensionRequest:
    """The office chief or a leader approves (the deadline moves) or refuses (with the reason) an extension."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    assignment = lock(request.assignment)
    require(
        actor,
        "directives.decide_extension",
        assignment,
        "Chỉ Chánh Văn phòng hoặc Lãnh đạo UBND quyết định gia hạn.",
    )
    if request.state != ExtensionState.PENDING:
        raise DomainError("Đề nghị gia hạn này đã được quyết định.", code="extension_decided")
    if not approve and not reason.strip():
        raise DomainError("Cần ghi lý do không đồng ý gia hạn.", code="reason_missing")
    if approve:
        _ensure_open(assignment)
    before = audit.snapshot(assignment, AUDITED)
    request.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    request.decided_by, request.decider_label, request.decided_at = (
        _user(actor),
        _label(actor),
        timezone.now(),
    )
    request.decision_reason = reason.strip()
    request.save(update_fields=["state", "decided_by", "decider_label", "decided_at", "decision_reason"])
    if approve:
        assignment.original_deadline = assignment.original_deadline or assignment.deadline
        assignment.deadline = request.requested_deadline
        assignment.save(update_fields=["deadline", "original_deadline", "updated_at"])
    record(
        actor, "extension.approve" if approve else "extension.refuse", assignment, before,
        request=request.pk, reason=reason.strip(),
    )  # fmt: skip
    verdict = (
        f"Đồng ý gia hạn đến {format_short(request.requested_deadline)}"
        if approve
        else f"Không đồng ý gia hạn: {reason.strip()}"
    )
    notify_units([assignment], NotificationKind.EXTENSION_DECIDED, verdict)
    return request
