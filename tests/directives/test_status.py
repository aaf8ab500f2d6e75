"""Status is derived in one place: the Python function and the SQL annotation agree on every combination."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from dieuhanh.directives.models import Assignment
from dieuhanh.directives.queries import by_unit, with_status
from dieuhanh.directives.status import AssignmentStatus, Closure, status_of

from .conftest import assignment_of

pytestmark = pytest.mark.django_db

T = dt.date(2021, 9, 15)
DAYS = [None, T - dt.timedelta(days=1), T, T + dt.timedelta(days=1)]


def _combinations() -> list[dict[str, Any]]:
    rows = []
    for deadline, ongoing, started, done, closed in itertools.product(
        DAYS,
        (False, True),
        DAYS,
        DAYS,
        [
            None,
            (T - dt.timedelta(days=2), Closure.CANCELLED),
            (T, Closure.SUPERSEDED),
            (T + dt.timedelta(days=3), Closure.CANCELLED),
        ],
    ):
        if ongoing and deadline is not None:
            continue  # a standing directive has no deadline (a database constraint)
        rows.append(
            {
                "deadline": deadline, "ongoing": ongoing, "started_on": started, "done_on": done,
                "closed_on": closed[0] if closed else None, "closure": closed[1] if closed else "",
            }
        )  # fmt: skip
    return rows


def test_python_and_sql_agree_on_every_combination(seed: Any) -> None:
    template = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    directives = list(seed.directives.order_by("pk"))
    units = list(
        Assignment.objects.filter(meeting=seed).values_list("unit_id", flat=True).order_by().distinct()
    )
    combos = _combinations()
    pairs = list(itertools.product(directives, units))
    assert len(pairs) >= len(combos)
    made = [
        Assignment(
            directive=pairs[i][0], unit_id=pairs[i][1], issuer_id=template.issuer_id, issued_on=dt.date(2021, 8, 10),
            source_label=f"combo {i}", **facts,
        )
        for i, facts in enumerate(combos)
    ]  # fmt: skip
    Assignment.objects.filter(meeting=seed).delete()
    Assignment.objects.bulk_create(made)
    seen = set()
    for day in (T - dt.timedelta(days=2), T, T + dt.timedelta(days=2)):
        for row in with_status(Assignment.objects.filter(source_label__startswith="combo"), day):
            expected = status_of(row, day)
            assert row.status == expected, (day, row.deadline, row.started_on, row.done_on, row.closed_on)
            seen.add(expected)
        counts = by_unit(Assignment.objects.filter(source_label__startswith="combo"), day)
        assert sum(r["total"] for r in counts) == sum(r[s.value] for r in counts for s in AssignmentStatus)
    assert seen == set(AssignmentStatus), "every status occurs in the grid"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2021, 9, 29), AssignmentStatus.NOT_STARTED),
        (dt.date(2021, 9, 30), AssignmentStatus.NOT_STARTED),
        (dt.date(2021, 10, 1), AssignmentStatus.OVERDUE),
    ],
)
def test_overdue_starts_the_day_after_the_deadline(today: dt.date, expected: AssignmentStatus) -> None:
    a = Assignment(deadline=dt.date(2021, 9, 30), ongoing=False)
    assert status_of(a, today) == expected


def test_done_on_the_deadline_is_on_time_and_a_day_later_is_late() -> None:
    a = Assignment(
        deadline=dt.date(2021, 9, 30), done_on=dt.date(2021, 9, 30), started_on=dt.date(2021, 9, 1)
    )
    assert status_of(a, dt.date(2022, 1, 1)) == AssignmentStatus.DONE_ON_TIME
    a.done_on = dt.date(2021, 10, 1)
    assert status_of(a, dt.date(2022, 1, 1)) == AssignmentStatus.DONE_LATE
    assert status_of(a, dt.date(2021, 9, 30)) == AssignmentStatus.IN_PROGRESS, (
        "as of a day before it was done"
    )
