"""The assignments API: list and filter, read one, submit progress; the same services and rules as the pages
(a unit sees only its own assignments, the office all of its issuing body's)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from dieuhanh.core.errors import NotFound
from dieuhanh.org.models import Unit

from . import progress, queries, services
from .files import read_upload
from .models import Assignment
from .status import AssignmentStatus, label

router = Router(tags=["Nhiệm vụ"])


class AssignmentOut(Schema):
    id: int
    directive_id: int
    text: str
    unit_code: str
    unit_name: str
    role: str
    person_role: str
    source_label: str
    issued_on: dt.date
    deadline: dt.date | None
    ongoing: bool
    reporting_cycle: str
    status: str
    status_label: str
    started_on: dt.date | None
    done_on: dt.date | None
    awaiting_confirmation: bool
    latest_percent: int | None
    latest_report_on: dt.date | None


class ReportOut(Schema):
    id: int
    kind: str
    text: str
    percent: int
    reported_on: dt.date
    author: str
    review_state: str
    files: list[dict[str, Any]]


class AssignmentDetailOut(AssignmentOut):
    reports: list[ReportOut]


class AssignmentFilters(Schema):
    status: str | None = None
    unit: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str | None = None
    leader: int | None = None
    meeting: int | None = None
    q: str | None = None


class CountsOut(Schema):
    today: dt.date
    total: int
    by_status: dict[str, int]


def _out(a: Assignment) -> dict[str, Any]:
    status = a.status
    report = a.latest_report
    return {
        "id": a.pk, "directive_id": a.directive_id, "text": a.directive.text, "unit_code": a.unit.code,
        "unit_name": a.unit.name, "role": a.role, "person_role": a.person_role, "source_label": a.source_label,
        "issued_on": a.issued_on, "deadline": a.deadline, "ongoing": a.ongoing, "reporting_cycle": a.reporting_cycle,
        "status": status.value, "status_label": label(status), "started_on": a.started_on, "done_on": a.done_on,
        "awaiting_confirmation": a.pending_completion_id is not None,
        "latest_percent": report.percent if report else None,
        "latest_report_on": report.reported_on if report else None,
    }  # fmt: skip


def _report_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk, "kind": r.kind, "text": r.text, "percent": r.percent, "reported_on": r.reported_on,
        "author": r.author_label, "review_state": r.review_state,
        "files": [
            {"id": f.pk, "name": f.original_name, "size": f.size, "sha256": f.sha256, "url": f"/nhiem-vu/tep/{f.pk}/"}
            for f in r.attachments.all()
        ],
    }  # fmt: skip


def _visible(request: HttpRequest, pk: int) -> Assignment:
    today = services.today()
    rows = queries.with_status(queries.visible_assignments(request.user), today)
    a = rows.select_related("unit", "directive", "latest_report").filter(pk=pk).first()
    if a is None:
        raise NotFound("Không tìm thấy nhiệm vụ (hoặc bạn không được xem).")
    return a


@router.get("/assignments", response=list[AssignmentOut], summary="Danh sách nhiệm vụ được xem")
@paginate(LimitOffsetPagination)
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilters]) -> list[dict[str, Any]]:
    """Assignments the caller may read, filtered by status, unit code, issue period, source, leader, meeting."""
    today = services.today()
    unit_id = None
    if filters.unit:
        unit_id = Unit.objects.filter(code=filters.unit).values_list("pk", flat=True).first() or -1
    parsed = queries.Filters(
        date_from=filters.date_from, date_to=filters.date_to, unit=unit_id, leader=filters.leader,
        source=filters.source if filters.source in queries.SOURCES else "", meeting=filters.meeting,
        status=filters.status if filters.status in AssignmentStatus.values else "", query=(filters.q or "")[:100],
    )  # fmt: skip
    rows = parsed.apply(queries.visible_assignments(request.user), today)
    rows = queries.with_status(rows, today).select_related("unit", "directive", "latest_report")
    return [_out(a) for a in rows.order_by("-issued_on", "directive_id", "unit__sort_order", "pk")]


@router.get(
    "/assignments/{assignment_id}", response=AssignmentDetailOut, summary="Một nhiệm vụ và các báo cáo"
)
def get_assignment(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    """One assignment with its progress reports and their files."""
    a = _visible(request, assignment_id)
    reports = a.reports.prefetch_related("attachments").order_by("-reported_at", "-pk")
    return {**_out(a), "reports": [_report_out(r) for r in reports]}


@router.post(
    "/assignments/{assignment_id}/progress",
    response={201: ReportOut},
    summary="Báo cáo tiến độ hoặc hoàn thành",
)
def submit_progress(
    request: HttpRequest,
    assignment_id: int,
    text: Form[str],
    percent: Form[int] = 0,
    completion: Form[bool] = False,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    """A unit's officer reports progress (or completion, with evidence files) on the unit's assignment."""
    a = _visible(request, assignment_id)
    uploads = [read_upload(f.name or "", f) for f in (files or [])]
    report = progress.submit_progress(
        actor=request.user,
        assignment=a,
        text=text,
        percent=percent,
        attachments=uploads,
        completion=completion,
    )
    return Status(201, _report_out(report))


@router.get("/counts", response=CountsOut, summary="Số nhiệm vụ theo tình trạng")
def counts(request: HttpRequest, filters: Query[AssignmentFilters]) -> dict[str, Any]:
    """Counts by status of the assignments the caller may read (computed in the database)."""
    today = services.today()
    parsed = queries.Filters(date_from=filters.date_from, date_to=filters.date_to)
    data = queries.by_unit(parsed.apply(queries.visible_assignments(request.user), today), today)
    totals = {s.value: sum(r[s.value] for r in data) for s in AssignmentStatus}
    return {"today": today, "total": sum(totals.values()), "by_status": totals}
