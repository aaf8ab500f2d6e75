"""The assignments API: list and filter, read one, submit progress; the same services and rules as the pages
(a unit sees only its own assignments, the office all of its issuing body's)."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from dieuhanh.api.pagination import BoundedPagination
from dieuhanh.api.params import Code, Id, Line, PathId, Percent, Text
from dieuhanh.core.errors import NotFound
from dieuhanh.org.models import Unit

from . import progress, queries, services, summary
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

    @staticmethod
    def resolve_text(obj: Assignment) -> str:
        return obj.directive.text

    @staticmethod
    def resolve_unit_code(obj: Assignment) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Assignment) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_status(obj: Assignment) -> str:
        return obj.status.value

    @staticmethod
    def resolve_status_label(obj: Assignment) -> str:
        return label(obj.status)

    @staticmethod
    def resolve_awaiting_confirmation(obj: Assignment) -> bool:
        return obj.pending_completion_id is not None

    @staticmethod
    def resolve_latest_percent(obj: Assignment) -> int | None:
        return obj.latest_report.percent if obj.latest_report else None

    @staticmethod
    def resolve_latest_report_on(obj: Assignment) -> dt.date | None:
        return obj.latest_report.reported_on if obj.latest_report else None


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

    @staticmethod
    def resolve_reports(obj: Assignment) -> list[dict[str, Any]]:
        reports = obj.reports.prefetch_related("attachments").order_by("-reported_at", "-pk")
        return [_report_out(r) for r in reports]


class AssignmentFilters(Schema):
    status: Code | None = None
    unit: Code | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: Code | None = None
    leader: Id | None = None
    meeting: Id | None = None
    q: Line | None = None


class CountsOut(Schema):
    today: dt.date
    total: int
    by_status: dict[str, int]


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
@paginate(BoundedPagination)
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilters]) -> QuerySet[Assignment]:
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
    return queries.Listing(rows, today, ("-issued_on", "-pk"), queries.scope(request.user), parsed)  # type: ignore[return-value]


@router.get(
    "/assignments/{assignment_id}", response=AssignmentDetailOut, summary="Một nhiệm vụ và các báo cáo"
)
def get_assignment(request: HttpRequest, assignment_id: PathId) -> Assignment:
    """One assignment with its progress reports and their files."""
    return _visible(request, assignment_id)


@router.post(
    "/assignments/{assignment_id}/progress",
    response={201: ReportOut},
    summary="Báo cáo tiến độ hoặc hoàn thành",
)
def submit_progress(
    request: HttpRequest,
    assignment_id: PathId,
    text: Form[Text],
    percent: Form[Percent] = 0,
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
    rows = parsed.apply(queries.visible_assignments(request.user), today)
    data = summary.cached(
        queries.scope(request.user), "by_unit", today, parsed, lambda: queries.by_unit(rows, today)
    )
    totals = {s.value: sum(r[s.value] for r in data) for s in AssignmentStatus}
    return {"today": today, "total": sum(totals.values()), "by_status": totals}
