"""Reads shared by pages, the API, the CLI and reports: who sees which assignments, filters, dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Q, QuerySet

from dieuhanh.core.errors import DomainError
from dieuhanh.core.params import optional_id
from dieuhanh.org.models import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Person, Role, Unit
from dieuhanh.org.rules import person_of

from . import summary
from .models import Assignment, ExtensionRequest, ExtensionState
from .status import STATUS_VALUES, AssignmentStatus, count_statuses, open_q, status_expression, status_q

SOURCES = {"meeting": "Kết luận phiên họp", "instruction": "Văn bản chỉ đạo"}


def issuer_id_of(person: Person) -> int:
    """The issuing body a person works for."""
    return person.unit.issuer_id or person.unit_id


def scope(user: Any) -> dict[str, int] | None:
    """What ``user`` may read, as field filters on assignments: ``{"unit_id": …}`` for a unit's people,
    ``{"issuer_id": …}`` for the office, leaders and viewers, ``{}`` for a superuser, None for nobody."""
    if getattr(user, "is_superuser", False):
        return {}
    person = person_of(user)
    if person is None:
        return None
    if person.role in UNIT_ROLES:
        return {"unit_id": person.unit_id}
    if person.role in OFFICE_ROLES | LEADER_ROLES | {Role.VIEWER}:
        return {"issuer_id": issuer_id_of(person)}
    return None


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    """The assignments ``user`` may read: a unit's own, or all of the issuing body for office, leaders, viewers."""
    fields = scope(user)
    return Assignment.objects.none() if fields is None else Assignment.objects.filter(**fields)


def visible_units(user: Any) -> QuerySet[Unit]:
    """The units whose assignments ``user`` may read (for filters)."""
    fields = scope(user)
    if fields is None:
        return Unit.objects.none()
    if "unit_id" in fields:
        return Unit.objects.filter(pk=fields["unit_id"])
    if "issuer_id" in fields:
        return Unit.objects.filter(Q(issuer_id=fields["issuer_id"]) | Q(pk=fields["issuer_id"]))
    return Unit.objects.all()


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
            unit=optional_id(params, "unit"),
            leader=optional_id(params, "leader"),
            source=source if source in SOURCES else "",
            meeting=optional_id(params, "meeting"),
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
    unit_page: Page[Any] | None = None  # with every unit asked for: the page of them shown


def _months_back(end: dt.date, count: int) -> list[dt.date]:
    months, year, month = [], end.year, end.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


class MonthKey(Func):
    """'YYYY-MM' of a date, computed by the database (Django's TruncMonth calls back into Python on SQLite)."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps dates as 'YYYY-MM-DD' text: the first seven characters are the month.
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


def trend(rows: QuerySet[Assignment], today: dt.date, end: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Per month (the last ``months`` up to ``end``): assignments issued, and those due that month by how they
    stand today (done on time, done late, still overdue)."""
    firsts = _months_back(end, months)
    first, last = firsts[0], _month_end(firsts[-1])
    due = count_statuses(
        rows.filter(deadline__gte=first, deadline__lte=last).annotate(month=MonthKey("deadline")),
        today,
        by="month",
    )
    issued = dict(
        rows.filter(issued_on__gte=first, issued_on__lte=last)
        .annotate(month=MonthKey("issued_on"))
        .values_list("month")
        .annotate(n=Count("*"))
        .order_by()
    )
    result = []
    for month in firsts:
        key = f"{month:%Y-%m}"
        counts = due.get(key, {})
        result.append(
            {
                "month": month,
                "issued": issued.get(key, 0),
                "due": sum(counts.values()),
                "on_time": counts.get(AssignmentStatus.DONE_ON_TIME.value, 0),
                "late": counts.get(AssignmentStatus.DONE_LATE.value, 0),
                "overdue": counts.get(AssignmentStatus.OVERDUE.value, 0),
            }
        )
    return result


def _row(key: str, value: Any, counts: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {s: counts.get(s, 0) for s in STATUS_VALUES}
    row["total"] = sum(row.values())
    row[key] = value
    return row


def by_unit(rows: QuerySet[Assignment], today: dt.date) -> list[dict[str, Any]]:
    """Counts by status per unit (dicts keyed by status value, plus ``unit_id`` and ``total``), units with the
    most overdue first."""
    data = [
        _row("unit_id", unit_id, counts)
        for unit_id, counts in count_statuses(rows, today, by="unit_id").items()
    ]
    data.sort(key=lambda r: (-r[AssignmentStatus.OVERDUE.value], -r["total"], r["unit_id"]))
    return data


def with_units(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach the ``unit`` of each by-unit row (one query) and its ``cells``, the (status, count) pairs in the
    order of the table's columns (so a row renders without a lookup per cell)."""
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows])
    for row in rows:
        row["unit"] = units[row["unit_id"]]
        row["cells"] = [(s, row[s]) for s in STATUS_VALUES]
    return rows


UNITS_PER_PAGE = 100


def dashboard(
    rows: QuerySet[Assignment],
    today: dt.date,
    filters: Filters,
    unit_limit: int | None = 20,
    unit_page: Any = None,
) -> Dashboard:
    """Counts by status and unit and the oldest overdue assignments of ``rows`` (the trend loads apart): the
    ``unit_limit`` units with most overdue, or (``unit_limit`` None) page ``unit_page`` of all of them."""
    rows = filters.apply(rows, today)
    units = by_unit(rows, today)
    totals = {s.value: 0 for s in AssignmentStatus} | {"total": 0}
    for row in units:
        for key in totals:
            totals[key] += row[key]
    # The oldest overdue: their ids in deadline order (an index walk, as a subquery), then those few rows with
    # their joins, in one query whether there are none or many.
    ids = (
        rows.filter(status_q(AssignmentStatus.OVERDUE, today))
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)[:20]
    )
    overdue = list(
        Assignment.objects.filter(pk__in=ids).select_related("unit", "directive").order_by("deadline", "pk")
    )
    page = None if unit_limit else Paginator(units, UNITS_PER_PAGE).get_page(unit_page)
    shown = units[:unit_limit] if unit_limit else list(page.object_list)  # type: ignore[union-attr]
    return Dashboard(
        totals=totals,
        units=with_units(shown),
        unit_count=len(units),
        overdue=overdue,
        unit_page=page,
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
        directive_id: _row("directive_id", directive_id, c)
        for directive_id, c in count_statuses(
            rows.filter(meeting_id=meeting_id), today, by="directive_id"
        ).items()
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


def pending_reviews(user: Any) -> QuerySet[Assignment]:
    """Assignments ``user`` may read whose completion report waits for the office."""
    fields = scope(user)
    if fields is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(pending_completion__isnull=False, **fields)
        .select_related("unit", "directive", "pending_completion")
        .order_by("pending_completion_id")
    )


def pending_extensions(user: Any) -> list[ExtensionRequest]:
    """Extension requests waiting for a decision, on assignments ``user`` may read (there are few pending at
    any time: read them all, then keep those in scope)."""
    fields = scope(user)
    if fields is None:
        return []
    pending = list(ExtensionRequest.objects.filter(state=ExtensionState.PENDING).order_by("created_at"))
    assignments = Assignment.objects.select_related("unit", "directive").in_bulk(
        [e.assignment_id for e in pending]
    )
    result = []
    for request in pending:
        request.assignment = assignments[request.assignment_id]
        if all(getattr(request.assignment, k) == v for k, v in fields.items()):
            result.append(request)
    return result


class Listing:
    """``rows`` read a page at a time, as the Paginator and the API's pagination read a list: the count and a
    page's ids come without joins (and, given the reader's ``scope`` and the ``filters`` that made ``rows``,
    from the cache under the data's version: ``summary.py``); then only the page's rows are read with their
    unit, directive, latest report and status."""

    def __init__(
        self,
        rows: QuerySet[Assignment],
        today: dt.date,
        order: tuple[str, ...],
        scope: dict[str, int] | None = None,
        filters: Filters | None = None,
    ) -> None:
        self.rows, self.today, self.order = rows.order_by(*order), today, order
        # a text search reads directives' text, which the version does not follow: not cached
        self.scope = scope if filters is not None and not filters.query else None
        self.filters = filters

    def _cached(self, name: str, parts: Any, compute: Any) -> Any:
        if self.scope is None:
            return compute()
        return summary.cached(self.scope, name, self.today, (self.filters, self.order, parts), compute)

    def count(self) -> int:
        return int(self._cached("list-count", None, self.rows.count))

    def all(self) -> Listing:
        return self

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Assignment]:
        ids = self._cached(
            "list-ids",
            (window.start, window.stop),
            lambda: list(self.rows.values_list("pk", flat=True)[window]),
        )
        found = with_status(Assignment.objects.filter(pk__in=ids), self.today).select_related(
            "unit", "directive", "latest_report"
        )
        by_id = {a.pk: a for a in found}
        return [by_id[pk] for pk in ids if pk in by_id]


def page_of(
    rows: QuerySet[Assignment],
    today: dt.date,
    number: Any,
    by_deadline: bool = False,
    per_page: int = 50,
    scope: dict[str, int] | None = None,
    filters: Filters | None = None,
) -> Page[Assignment]:
    """One page of ``rows``, newest first (or nearest deadline first), read as ``Listing`` reads it."""
    order = ("deadline", "pk") if by_deadline else ("-issued_on", "-pk")
    return Paginator(Listing(rows, today, order, scope, filters), per_page).get_page(number)  # type: ignore[arg-type]


def leaders_of(issuer_id: int) -> QuerySet[Person]:
    """The leaders directives of an issuing body may come from (for the leader filter)."""
    from dieuhanh.org.models import LEADER_ROLES

    return Person.objects.filter(unit_id=issuer_id, role__in=list(LEADER_ROLES)).order_by("role", "full_name")


def meetings_with_directives(issuer: Unit) -> QuerySet[Any]:
    """The issuing body's meetings that gave directives, newest first (for the meeting filter)."""
    from dieuhanh.meetings.models import Meeting

    from .models import Directive

    return Meeting.objects.filter(issuer=issuer).filter(
        Exists(Directive.objects.filter(meeting=OuterRef("pk")))
    )
