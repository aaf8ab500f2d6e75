"""Status is derived in one place: the Python function, the SQL annotation, the filters and the grouped counts
agree on every combination of dates, for a day in the past and for today."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from dieuhanh.directives.models import Assignment
from dieuhanh.directives.queries import with_status
from dieuhanh.directives.status import AssignmentStatus, Closure, count_statuses, status_of, status_q

from .conftest import assignment_of

pytestmark = pytest.mark.django_db


def _combinations(base: dt.date, settle_later: bool) -> list[dict[str, Any]]:
    """Facts around ``base``; done or closed after ``base`` only when ``settle_later`` (not for today)."""
    day = dt.timedelta(days=1)
    days = [None, base - day, base, base + day]
    settled = [d for d in days if d is None or settle_later or d <= base]
    closures = [None, (base - 2 * day, Closure.CANCELLED), (base, Closure.SUPERSEDED)]
    if settle_later:
        closures.append((base + 3 * day, Closure.CANCELLED))
    rows = []
    for deadline, ongoing, started, done, closed in itertools.product(
        days, (False, True), days, settled, closures
    ):
        if (ongoing and deadline is not None) or (done and closed):
            continue  # database constraints: a standing directive has no deadline; done or closed, not both
        rows.append(
            {
                "deadline": deadline, "ongoing": ongoing, "started_on": started, "done_on": done,
                "closed_on": closed[0] if closed else None, "closure": closed[1] if closed else "",
            }
        )  # fmt: skip
    return rows


@pytest.mark.parametrize("when", ["past", "today"])
def test_python_sql_filters_and_counts_agree(seed: Any, when: str) -> None:
    base = dt.date(2021, 9, 15) if when == "past" else timezone.localdate()
    template = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    directives = list(seed.directives.order_by("pk"))
    units = list(
        Assignment.objects.filter(meeting=seed).values_list("unit_id", flat=True).order_by().distinct()
    )
    combos = _combinations(base, settle_later=when == "past")
    pairs = list(itertools.product(directives, units))
    assert len(pairs) >= len(combos)
    Assignment.objects.filter(meeting=seed).delete()
    Assignment.objects.bulk_create(
        [
            Assignment(
                directive=pairs[i][0], unit_id=pairs[i][1], issuer_id=template.issuer_id,
                issued_on=base - dt.timedelta(days=30), source_label=f"combo {i}", **facts,
            )
            for i, facts in enumerate(combos)
        ]
    )  # fmt: skip
    rows = Assignment.objects.filter(source_label__startswith="combo")
    days = [base - dt.timedelta(days=2), base, base + dt.timedelta(days=2)] if when == "past" else [base]
    seen = set()
    for day in days:
        expected: dict[int, AssignmentStatus] = {}
        for row in with_status(rows, day):
            expected[row.pk] = status_of(row, day)
            assert row.status == expected[row.pk], (
                day,
                row.deadline,
                row.started_on,
                row.done_on,
                row.closed_on,
            )
        for status in AssignmentStatus:
            matched = set(rows.filter(status_q(status, day)).values_list("pk", flat=True))
            assert matched == {pk for pk, s in expected.items() if s == status}, (day, status)
        by_unit = count_statuses(rows, day, by="unit_id")
        wanted: dict[int, Counter[str]] = {}
        for row in rows.only("pk", "unit_id"):
            wanted.setdefault(row.unit_id, Counter())[expected[row.pk].value] += 1
        assert {k: {s: n for s, n in v.items() if n} for k, v in by_unit.items()} == wanted, day
        totals = {s: n for s, n in count_statuses(rows, day)[None].items() if n}
        assert totals == Counter(s.value for s in expected.values())
        seen |= set(expected.values())
    if when == "past":
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
