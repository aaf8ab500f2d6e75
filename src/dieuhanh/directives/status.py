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

from django.db import models
from django.db.models import Case, F, Q, Value, When
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


def _open(today: dt.date, prefix: str) -> Q:
    p = prefix
    return (Q(**{f"{p}closed_on__isnull": True}) | Q(**{f"{p}closed_on__gt": today})) & (
        Q(**{f"{p}done_on__isnull": True}) | Q(**{f"{p}done_on__gt": today})
    )


def status_q(status: str, today: dt.date, prefix: str = "") -> Q:
    """A filter matching the assignments that have ``status`` on ``today``; the filters of all statuses are
    mutually exclusive, so conditional counts add up. ``prefix`` is a relation path ('assignment__')."""
    p = prefix
    closed = Q(**{f"{p}closed_on__isnull": False, f"{p}closed_on__lte": today})
    done = (Q(**{f"{p}closed_on__isnull": True}) | Q(**{f"{p}closed_on__gt": today})) & Q(
        **{f"{p}done_on__isnull": False, f"{p}done_on__lte": today}
    )
    is_open = _open(today, p)
    within = Q(**{f"{p}deadline__isnull": True}) | Q(**{f"{p}deadline__gte": today})
    started = Q(**{f"{p}started_on__isnull": False, f"{p}started_on__lte": today})
    not_yet = Q(**{f"{p}started_on__isnull": True}) | Q(**{f"{p}started_on__gt": today})
    match status:
        case AssignmentStatus.CANCELLED:
            return closed & ~Q(**{f"{p}closure": Closure.SUPERSEDED})
        case AssignmentStatus.SUPERSEDED:
            return closed & Q(**{f"{p}closure": Closure.SUPERSEDED})
        case AssignmentStatus.DONE_ON_TIME:
            return done & (Q(**{f"{p}deadline__isnull": True}) | Q(**{f"{p}done_on__lte": F(f"{p}deadline")}))
        case AssignmentStatus.DONE_LATE:
            return done & Q(**{f"{p}deadline__isnull": False, f"{p}done_on__gt": F(f"{p}deadline")})
        case AssignmentStatus.ONGOING:
            return is_open & Q(**{f"{p}ongoing": True})
        case AssignmentStatus.OVERDUE:
            return is_open & Q(**{f"{p}ongoing": False, f"{p}deadline__lt": today})
        case AssignmentStatus.IN_PROGRESS:
            return is_open & Q(**{f"{p}ongoing": False}) & within & started
        case AssignmentStatus.NOT_STARTED:
            return is_open & Q(**{f"{p}ongoing": False}) & within & not_yet
    raise ValueError(f"Unknown status {status!r}")


def open_q(today: dt.date, prefix: str = "") -> Q:
    """Assignments still to be done on ``today`` (not started, in progress or overdue; not ongoing)."""
    return _open(today, prefix) & Q(**{f"{prefix}ongoing": False})


def status_expression(today: dt.date) -> Case:
    """The status on ``today`` as an SQL expression, for ``annotate(status=...)``."""
    return Case(
        *[When(status_q(s, today), then=Value(s.value)) for s in AssignmentStatus],
        default=Value(AssignmentStatus.NOT_STARTED.value),
        output_field=models.CharField(max_length=20),
    )


def status_counts(today: dt.date, prefix: str = "") -> dict[str, Any]:
    """Aggregate expressions counting each status (keys are the status values), plus ``total``."""
    counts: dict[str, Any] = {
        s.value: models.Count("pk", filter=status_q(s, today, prefix)) for s in AssignmentStatus
    }
    counts["total"] = models.Count("pk")
    return counts


def label(status: str) -> str:
    """The Vietnamese label of a status value."""
    return str(AssignmentStatus(status).label)
