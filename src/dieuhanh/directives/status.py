"""The status of an assignment, derived in one place from its dates and events.

Nothing stores a status: an assignment keeps facts (deadline, the day work started, the day it was done, the day
it was closed and why), and its status on any day follows from them. ``status_of`` computes it in Python for one
assignment; ``status_q`` and ``status_expression`` build the same rule as SQL so dashboards count in the database.
Tests check that the two agree on every combination of dates.

Overdue starts the day after the deadline: on the deadline itself the work is still within time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.db import connections, models
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Đang thực hiện quá hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    ONGOING = "ongoing", _("Thường xuyên")
    CANCELLED = "cancelled", _("Đã hủy")
    SUPERSEDED = "superseded", _("Được thay thế")


class Closure(models.TextChoices):
    CANCELLED = "cancelled", _("Hủy")
    SUPERSEDED = "superseded", _("Thay thế bằng nhiệm vụ khác")


STATUS_VALUES: tuple[str, ...] = tuple(s.value for s in AssignmentStatus)
# Statuses of work still to be done (the unit's queue, reminders, the iCalendar feed).
OPEN_STATUSES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.OVERDUE)
DONE_STATUSES = (AssignmentStatus.DONE_ON_TIME, AssignmentStatus.DONE_LATE)
CLOSED_STATUSES = (AssignmentStatus.CANCELLED, AssignmentStatus.SUPERSEDED)
# The colour class each status takes on pages and charts.
TONES = {
    AssignmentStatus.NOT_STARTED: "neutral",
    AssignmentStatus.IN_PROGRESS: "info",
    AssignmentStatus.OVERDUE: "bad",
    AssignmentStatus.DONE_ON_TIME: "ok",
    AssignmentStatus.DONE_LATE: "warn",
    AssignmentStatus.ONGOING: "info2",
    AssignmentStatus.CANCELLED: "muted",
    AssignmentStatus.SUPERSEDED: "muted",
}


class StatusFacts(Protocol):
    deadline: dt.date | None
    ongoing: bool
    started_on: dt.date | None
    done_on: dt.date | None
    closed_on: dt.date | None
    closure: str


def status_of(a: StatusFacts, today: dt.date) -> AssignmentStatus:
    """The status of one assignment on ``today``."""
    if a.closed_on is not None and a.closed_on <= today:
        return AssignmentStatus.SUPERSEDED if a.closure == Closure.SUPERSEDED else AssignmentStatus.CANCELLED
    if a.done_on is not None and a.done_on <= today:
        if a.deadline is None or a.done_on <= a.deadline:
            return AssignmentStatus.DONE_ON_TIME
        return AssignmentStatus.DONE_LATE
    if a.ongoing:
        return AssignmentStatus.ONGOING
    if a.deadline is not None and a.deadline < today:
        return AssignmentStatus.OVERDUE
    if a.started_on is not None and a.started_on <= today:
        return AssignmentStatus.IN_PROGRESS
    return AssignmentStatus.NOT_STARTED


# What an assignment came to, whatever the day: computed by the database from the facts (a generated column,
# so it cannot disagree with them). '' is work still open; 'ongoing' a standing assignment still followed.
OUTCOME = Case(
    When(closed_on__isnull=False, then=F("closure")),
    When(
        done_on__isnull=False,
        then=Case(
            When(Q(deadline__isnull=True) | Q(done_on__lte=F("deadline")), then=Value("done_on_time")),
            default=Value("done_late"),
        ),
    ),
    When(ongoing=True, then=Value("ongoing")),
    default=Value(""),
    output_field=models.CharField(max_length=12),
)
# The day of that outcome: the day it was closed or done (none while open or standing).
OUTCOME_ON = Coalesce("closed_on", "done_on", output_field=models.DateField())


def _may_settle_after(today: dt.date) -> bool:
    """Whether some assignment may have been done or closed after ``today``: only for a day in the past, as
    services date those events today at the latest."""
    return today < timezone.localdate()


def open_q(today: dt.date) -> Q:
    """Assignments still to be done on ``today`` (not started, in progress or overdue; not standing)."""
    still_open = Q(outcome="")
    return still_open | Q(outcome_on__gt=today, ongoing=False) if _may_settle_after(today) else still_open


def standing_q(today: dt.date) -> Q:
    """Standing (ongoing) assignments still followed on ``today``."""
    standing = Q(outcome=AssignmentStatus.ONGOING.value)
    return standing | Q(outcome_on__gt=today, ongoing=True) if _may_settle_after(today) else standing


def status_q(status: str, today: dt.date) -> Q:
    """A filter matching the assignments that have ``status`` on ``today``; the filters of all statuses are
    mutually exclusive."""
    within = Q(deadline__isnull=True) | Q(deadline__gte=today)
    match status:
        case AssignmentStatus.CANCELLED | AssignmentStatus.SUPERSEDED | AssignmentStatus.DONE_ON_TIME:
            return Q(outcome=status, outcome_on__lte=today)
        case AssignmentStatus.DONE_LATE:
            return Q(outcome=status, outcome_on__lte=today)
        case AssignmentStatus.ONGOING:
            return standing_q(today)
        case AssignmentStatus.OVERDUE:
            return open_q(today) & Q(deadline__lt=today)
        case AssignmentStatus.IN_PROGRESS:
            return open_q(today) & within & Q(started_on__lte=today)
        case AssignmentStatus.NOT_STARTED:
            return open_q(today) & within & (Q(started_on__isnull=True) | Q(started_on__gt=today))
    raise ValueError(f"Unknown status {status!r}")


def status_expression(today: dt.date) -> Case:
    """The status on ``today`` as an SQL expression, for ``annotate(status_value=...)``: the rule of
    ``status_of`` in its order, so the database stops at the first condition that holds."""
    return Case(
        When(outcome_on__lte=today, then=F("outcome")),
        When(ongoing=True, then=Value(AssignmentStatus.ONGOING.value)),
        When(deadline__lt=today, then=Value(AssignmentStatus.OVERDUE.value)),
        When(started_on__lte=today, then=Value(AssignmentStatus.IN_PROGRESS.value)),
        default=Value(AssignmentStatus.NOT_STARTED.value),
        output_field=models.CharField(max_length=20),
    )


def _fetch(rows: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a grouped query as plain tuples (the SQL the ORM built, without per-row conversion: these
    are ids, strings and counts)."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count_statuses(rows: QuerySet[Any], today: dt.date, by: str | None = None) -> dict[Any, dict[str, int]]:
    """Counts by status on ``today`` of ``rows`` (grouped by the field or annotation ``by``, or all under None).

    Two grouped queries instead of one expression per row: settled assignments count by their outcome straight
    from an index; only those still open on ``today`` (or settled after it) are looked at row by row.
    """
    keys = [by] if by else []
    result: dict[Any, dict[str, int]] = {}

    def add(key: Any, status: str, n: int) -> None:
        counts = result.setdefault(key, {})
        counts[status] = counts.get(status, 0) + n

    for *key, outcome, n in _fetch(rows.values_list(*keys, "outcome").annotate(n=Count("*")).order_by()):
        result.setdefault(key[0] if by else None, {})
        if outcome:
            add(key[0] if by else None, outcome, n)
    # Open work: neither standing nor settled, so only the deadline and the start tell its status (counted
    # per group in one pass over the open rows, in index order).
    within = Q(deadline__isnull=True) | Q(deadline__gte=today)
    # Counting ``issuer_id`` (never null, first in every index) lets PostgreSQL answer from the index alone.
    split = {
        AssignmentStatus.OVERDUE.value: Count("issuer_id", filter=Q(deadline__lt=today)),
        AssignmentStatus.IN_PROGRESS.value: Count("issuer_id", filter=within & Q(started_on__lte=today)),
        AssignmentStatus.NOT_STARTED.value: Count(
            "issuer_id", filter=within & (Q(started_on__isnull=True) | Q(started_on__gt=today))
        ),
    }
    if by:
        grouped = rows.filter(outcome="").values_list(by).annotate(**split).values_list(by, *split).order_by()
        open_counts = [(key, dict(zip(split, counts, strict=True))) for key, *counts in _fetch(grouped)]
    else:
        open_counts = [(None, rows.filter(outcome="").aggregate(**split))]
    for key, counts in open_counts:
        for status, n in counts.items():
            if n:
                add(key, status, n)
    if _may_settle_after(today):
        later = (
            rows.filter(outcome_on__gt=today)
            .annotate(status_value=status_expression(today))
            .values_list(*keys, "outcome", "status_value")
        )
        for *key, outcome, status, n in _fetch(later.annotate(n=Count("*")).order_by()):
            add(
                key[0] if by else None, outcome, -n
            )  # settled after ``today``: counted above by what it came to
            add(key[0] if by else None, status, n)
    return result


def label(status: str) -> str:
    """The Vietnamese label of a status value."""
    return str(AssignmentStatus(status).label)
