"""Reads shared by pages, the API, the CLI and reports: who sees which assignments, filters, dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Person, Role, Unit
from dieuhanh.org.rules import person_of

from .models import Assignment, ExtensionRequest, ExtensionState
from .status import AssignmentStatus, open_q, status_counts, status_expression, status_q

SOURCES = {"meeting": "Kết luận phiên họp", "instruction": "Văn bản chỉ đạo"}


def issuer_id_of(person: Person) -> int:
    """The issuing body a person works for."""
    return person.unit.issuer_id or person.unit_id


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    """The assignments ``user`` may read: a unit's own, or all of the issuing body for office, leaders, viewers."""
    if getattr(user, "is_superuser", False):
        return Assignment.objects.all()
    person = person_of(user)
    if person is None:
        return Assignment.objects.none()
    if person.role in UNIT_ROLES:
        return Assignment.objects.filter(unit_id=person.unit_id)
    if person.role in OFFICE_ROLES | LEADER_ROLES | {Role.VIEWER}:
        return Assignment.objects.filter(issuer_id=issuer_id_of(person))
    return Assignment.objects.none()


def with_status(rows: QuerySet[Assignment], today: dt.date) -> QuerySet[Assignment]:
    """Annotate each row's status on ``today`` as ``status_value`` (read it through ``Assignment.status``)."""
    return rows.annotate(status_value=status_expression(today))


def _date(value: Any, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(
            f"Ngày “{value}” ({name}) không hợp lệ: dùng dạng năm-tháng-ngày.", code="bad_date"
        ) from exc


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Filters:
    """What a dashboard or a list is narrowed to: the period assignments were issued in, a unit, a leader, a
    source (meeting conclusions or written instructions, or one meeting) and a status."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit: int | None = None
    leader: int | None = None
    source: str = ""
    meeting: int | None = None
    status: str = ""
    query: str = ""

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> Filters:
        """Filters from query parameters ('from', 'to', 'unit', 'leader', 'source', 'meeting', 'status', 'q')."""
        source = str(params.get("source") or "")
        status = str(params.get("status") or "")
        return cls(
            date_from=_date(params.get("from"), "từ ngày"),
            date_to=_date(params.get("to"), "đến ngày"),
            unit=_int(params.get("unit")),
            leader=_int(params.get("leader")),
            source=source if source in SOURCES else "",
            meeting=_int(params.get("meeting")),
            status=status if status in AssignmentStatus.values else "",
            query=str(params.get("q") or "").strip()[:100],
        )

    def apply(self, rows: QuerySet[Assignment], today: dt.date) -> QuerySet[Assignment]:
        """``rows`` narrowed to these filters."""
        if self.date_from:
            rows = rows.filter(issued_on__gte=self.date_from)
        if self.date_to:
            rows = rows.filter(issued_on__lte=self.date_to)
        if self.unit:
            rows = rows.filter(unit_id=self.unit)
        if self.leader:
            rows = rows.filter(leader_id=self.leader)
        if self.source == "meeting":
            rows = rows.filter(meeting__isnull=False)
        elif self.source == "instruction":
            rows = rows.filter(meeting__isnull=True)
        if self.meeting:
            rows = rows.filter(meeting_id=self.meeting)
        if self.status:
            rows = rows.filter(status_q(self.status, today))
        if self.query:
            rows = rows.filter(
                Q(directive__text__icontains=self.query) | Q(source_label__icontains=self.query)
            )
        return rows

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        values = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "unit": str(self.unit or ""),
            "leader": str(self.leader or ""),
            "source": self.source,
            "meeting": str(self.meeting or ""),
            "status": self.status,
            "q": self.query,
        }
        return {k: v for k, v in values.items() if v}


@dataclass
class Dashboard:
    """The Chair's view of an issuing body's assignments."""

    totals: dict[str, int]
    units: list[dict[str, Any]]
    unit_count: int
    overdue: list[Assignment]
    trend: list[dict[str, Any]]
    pending_reviews: int = 0
    pending_extensions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _months_back(end: dt.date, count: int) -> list[dt.date]:
    months, year, month = [], end.year, end.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def trend(rows: QuerySet[Assignment], today: dt.date, end: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Per month (the last ``months`` up to ``end``): assignments issued, and those due that month by how they
    stand today (done on time, done late, still overdue) — one query."""
    firsts = _months_back(end, months)
    aggregates: dict[str, Any] = {}
    for i, first in enumerate(firsts):
        last = _month_end(first)
        due = Q(deadline__gte=first, deadline__lte=last)
        aggregates[f"i{i}"] = Count("pk", filter=Q(issued_on__gte=first, issued_on__lte=last))
        aggregates[f"d{i}"] = Count("pk", filter=due)
        aggregates[f"t{i}"] = Count("pk", filter=due & status_q(AssignmentStatus.DONE_ON_TIME, today))
        aggregates[f"l{i}"] = Count("pk", filter=due & status_q(AssignmentStatus.DONE_LATE, today))
        aggregates[f"o{i}"] = Count("pk", filter=due & status_q(AssignmentStatus.OVERDUE, today))
    window = Q(issued_on__gte=firsts[0], issued_on__lte=_month_end(firsts[-1])) | Q(
        deadline__gte=firsts[0], deadline__lte=_month_end(firsts[-1])
    )
    values = rows.filter(window).aggregate(**aggregates)
    return [
        {
            "month": first,
            "issued": values[f"i{i}"],
            "due": values[f"d{i}"],
            "on_time": values[f"t{i}"],
            "late": values[f"l{i}"],
            "overdue": values[f"o{i}"],
        }
        for i, first in enumerate(firsts)
    ]


def by_unit(rows: QuerySet[Assignment], today: dt.date) -> list[dict[str, Any]]:
    """Counts by status per unit (dicts keyed by status value, plus ``unit_id`` and ``total``), units with the
    most overdue first."""
    grouped = (
        rows.values("unit_id")
        .annotate(**status_counts(today))
        .order_by(f"-{AssignmentStatus.OVERDUE.value}", "-total", "unit_id")
    )
    return list(grouped)


def with_units(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach the ``unit`` of each by-unit row (one query)."""
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows])
    for row in rows:
        row["unit"] = units[row["unit_id"]]
    return rows


def dashboard(
    rows: QuerySet[Assignment], today: dt.date, filters: Filters, unit_limit: int | None = 20
) -> Dashboard:
    """Counts by status and unit, the oldest overdue assignments and the monthly trend of ``rows``."""
    rows = filters.apply(rows, today)
    units = by_unit(rows, today)
    totals = {s.value: 0 for s in AssignmentStatus} | {"total": 0}
    for row in units:
        for key in totals:
            totals[key] += row[key]
    overdue = list(
        rows.filter(status_q(AssignmentStatus.OVERDUE, today))
        .select_related("unit", "directive")
        .order_by("deadline", "pk")[:20]
    )
    end = min(filters.date_to or today, today)
    return Dashboard(
        totals=totals,
        units=with_units(units[:unit_limit] if unit_limit else units),
        unit_count=len(units),
        overdue=overdue,
        trend=trend(rows, today, end),
    )


def unit_queue(unit: Unit, today: dt.date, done_limit: int = 20) -> dict[str, list[Assignment]]:
    """A unit's assignments: open ones by deadline (overdue first), standing ones, and the latest finished."""
    rows = with_status(Assignment.objects.filter(unit=unit), today).select_related(
        "directive", "latest_report", "meeting"
    )
    is_open = open_q(today)
    open_rows = list(rows.filter(is_open).order_by(F("deadline").asc(nulls_last=True), "pk"))
    ongoing = list(rows.filter(status_q(AssignmentStatus.ONGOING, today)).order_by("issued_on", "pk"))
    finished = list(
        rows.exclude(is_open)
        .exclude(status_q(AssignmentStatus.ONGOING, today))
        .order_by(F("done_on").desc(nulls_last=True), "-closed_on", "-pk")[:done_limit]
    )
    return {"open": open_rows, "ongoing": ongoing, "finished": finished}


def meeting_progress(meeting_id: int, rows: QuerySet[Assignment], today: dt.date) -> list[dict[str, Any]]:
    """For each directive of a meeting: its assignments' counts by status and the units' latest reports."""
    from .models import Directive

    directives = list(
        Directive.objects.filter(meeting_id=meeting_id)
        .select_related("item__section")
        .order_by("item__section__position", "item__position", "position", "pk")
    )
    counts = {
        r["directive_id"]: r
        for r in rows.filter(meeting_id=meeting_id).values("directive_id").annotate(**status_counts(today))
    }
    assignments: dict[int, list[Assignment]] = {}
    for a in (
        with_status(rows.filter(meeting_id=meeting_id), today)
        .select_related("unit", "latest_report")
        .order_by("unit__sort_order", "unit__name")
    ):
        assignments.setdefault(a.directive_id, []).append(a)
    result = []
    for directive in directives:
        row = counts.get(directive.pk, {"total": 0})
        done = row.get(AssignmentStatus.DONE_ON_TIME.value, 0) + row.get(AssignmentStatus.DONE_LATE.value, 0)
        result.append(
            {
                "directive": directive,
                "counts": row,
                "done": done,
                "assignments": assignments.get(directive.pk, []),
                "percent": round(100 * done / row["total"]) if row["total"] else 0,
            }
        )
    return result


def pending_reviews(rows: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments whose completion report waits for the office."""
    return rows.filter(pending_completion__isnull=False).select_related(
        "unit", "directive", "pending_completion"
    )


def pending_extensions(rows: QuerySet[Assignment]) -> QuerySet[ExtensionRequest]:
    """Extension requests waiting for a decision, on the given assignments."""
    return (
        ExtensionRequest.objects.filter(state=ExtensionState.PENDING, assignment__in=rows)
        .select_related("assignment__unit", "assignment__directive")
        .order_by("created_at")
    )


def leaders_of(issuer_id: int) -> QuerySet[Person]:
    """The leaders directives of an issuing body may come from (for the leader filter)."""
    from dieuhanh.org.models import LEADER_ROLES

    return Person.objects.filter(unit_id=issuer_id, role__in=list(LEADER_ROLES)).order_by("role", "full_name")
