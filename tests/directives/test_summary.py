"""The dashboard's cached aggregates always equal a fresh count: after every kind of write to assignments (a
service, a bulk import, a queryset update, a raw UPDATE, a delete, a rolled-back write) and across midnight."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction

from dieuhanh.directives import queries, summary
from dieuhanh.directives.models import Assignment
from dieuhanh.org.models import Unit

from .conftest import user

pytestmark = pytest.mark.django_db


def _fresh(scope: dict[str, int], today: dt.date) -> Any:
    rows = Assignment.objects.filter(**scope)
    data = queries.dashboard(rows, today, queries.Filters(), unit_limit=None)
    return (
        data.totals,
        [(r["unit_id"], r["total"], r["cells"]) for r in data.units],
        [a.pk for a in data.overdue],
    )


def _cached(scope: dict[str, int], today: dt.date) -> Any:
    data = summary.cached(
        scope,
        "dashboard-test",
        today,
        None,
        lambda: queries.dashboard(
            Assignment.objects.filter(**scope), today, queries.Filters(), unit_limit=None
        ),
    )
    return (
        data.totals,
        [(r["unit_id"], r["total"], r["cells"]) for r in data.units],
        [a.pk for a in data.overdue],
    )


def test_the_cached_dashboard_equals_a_fresh_count_after_every_kind_of_write(seed: Any) -> None:
    from dieuhanh.directives import progress

    scope = queries.scope(user("vanphong"))
    assert scope is not None
    today = dt.date(2021, 9, 15)
    assignment = Assignment.objects.filter(**scope).order_by("pk").first()
    assert assignment is not None

    def same() -> None:
        assert _cached(scope, today) == _fresh(scope, today)

    same()
    before = _cached(scope, today)
    # a service: the unit's officer reports progress (the assignment starts)
    own = Assignment.objects.filter(unit__code="253-TNMT", started_on__isnull=True).order_by("pk").first()
    if own is not None:
        progress.submit_progress(
            actor=user("chuyenvien.tnmt"),
            assignment=own,
            text="Đã triển khai.",
            percent=30,
            on=dt.date(2021, 8, 20),
        )
        same()
    Assignment.objects.filter(pk=assignment.pk).update(started_on=dt.date(2021, 8, 12))
    same()
    # a bulk import: three more units on the same directive
    taken = set(
        Assignment.objects.filter(directive_id=assignment.directive_id).values_list("unit_id", flat=True)
    )
    units = Unit.objects.filter(issuer_id=assignment.issuer_id).exclude(pk__in=taken).order_by("pk")[:3]
    copies = [
        Assignment(
            directive_id=assignment.directive_id, issuer_id=assignment.issuer_id, unit=unit,
            role="support", leader_id=assignment.leader_id, source_label="Nhập hàng loạt", issued_on=today,
            deadline=today - dt.timedelta(days=1), original_deadline=today,
        )
        for unit in units
    ]  # fmt: skip
    Assignment.objects.bulk_create(copies)
    same()
    assert _cached(scope, today)[0]["total"] == before[0]["total"] + 3
    # a deadline moved by a queryset update, then by raw SQL
    Assignment.objects.filter(pk=assignment.pk).update(deadline=today - dt.timedelta(days=30))
    same()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE directives_assignment SET done_on = %s WHERE id = %s", [today, assignment.pk])
    same()
    # a delete
    Assignment.objects.filter(source_label="Nhập hàng loạt").delete()
    same()
    # a write rolled back leaves no version a later write could repeat
    try:
        with transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(done_on=None)
            same()  # read inside the failed write: cached under its own version
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    same()
    Assignment.objects.filter(pk=assignment.pk).update(done_on=None, closed_on=today, closure="cancelled")
    same()


def test_statuses_that_turn_overdue_at_midnight_are_counted_afresh(seed: Any) -> None:
    scope = queries.scope(user("vanphong"))
    assert scope is not None
    assignment = (
        Assignment.objects.filter(**scope, done_on__isnull=True, closed_on__isnull=True)
        .order_by("pk")
        .first()
    )
    assert assignment is not None
    day = dt.date(2021, 9, 20)
    Assignment.objects.filter(pk=assignment.pk).update(
        deadline=day, ongoing=False, started_on=dt.date(2021, 8, 15)
    )
    on_the_day, next_day = _cached(scope, day), _cached(scope, day + dt.timedelta(days=1))
    assert on_the_day == _fresh(scope, day) and next_day == _fresh(scope, day + dt.timedelta(days=1))
    assert (
        next_day[0]["overdue"] == on_the_day[0]["overdue"] + 1
    )  # no write between: the day changed the count


def test_a_write_draws_a_new_version(seed: Any) -> None:
    issuer = queries.scope(user("vanphong"))["issuer_id"]  # type: ignore[index]
    seen = {summary.version(issuer)}
    for day in range(1, 6):
        first = Assignment.objects.filter(issuer_id=issuer).order_by("pk").values_list("pk", flat=True)[0]
        Assignment.objects.filter(pk=first).update(started_on=dt.date(2021, 8, day))
        seen.add(summary.version(issuer))
    assert len(seen) == 6


def test_a_write_that_changes_nothing_counted_keeps_the_version(seed: Any) -> None:
    issuer = queries.scope(user("vanphong"))["issuer_id"]  # type: ignore[index]
    first = Assignment.objects.filter(issuer_id=issuer).order_by("pk").first()
    assert first is not None
    before = summary.version(issuer)
    Assignment.objects.filter(pk=first.pk).update(source_label="Thông báo số 15/TB-UBND (bản sửa)")
    first.save()  # every column written, none changed
    assert summary.version(issuer) == before
    Assignment.objects.filter(pk=first.pk).update(deadline=dt.date(2021, 12, 31))
    assert summary.version(issuer) != before
