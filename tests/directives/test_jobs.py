"""The reminder job's schedule: every day runs once, a missed day is caught up in order, a run killed half-way
is done again, and a rerun fires nothing new."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dieuhanh.directives.models import Assignment, JobRun, ReminderLog
from dieuhanh.directives.schedule import catch_up, days_to_run
from dieuhanh.outbox.models import OutboxMessage

from .conftest import assignment_of

pytestmark = pytest.mark.django_db

D = dt.date(2021, 9, 29)
DEADLINE = D + dt.timedelta(days=1)  # its day-0 reminder fires on D+1, its day+1 reminder on D+2


def _task(seed: Any) -> Assignment:
    a = assignment_of(seed, "253-TNMT", "Yêu cầu Phòng Tài nguyên-MT")
    Assignment.objects.filter(pk=a.pk).update(ongoing=False, reporting_cycle="", deadline=DEADLINE)
    return a


def test_a_missed_day_is_caught_up_once(seed: Any) -> None:
    a = _task(seed)
    catch_up(D)
    # D+1: the worker was down. D+2: the job runs and does D+1 first, then D+2.
    results = catch_up(D + dt.timedelta(days=2))
    assert [r.day for r in results] == [D + dt.timedelta(days=1), D + dt.timedelta(days=2)]
    fired = list(
        ReminderLog.objects.filter(assignment=a).order_by("fired_on").values_list("offset_days", "fired_on")
    )
    assert fired == [(0, D + dt.timedelta(days=1)), (1, D + dt.timedelta(days=2))], "D+1's reminder fired too"
    digests = OutboxMessage.objects.filter(
        dedup_key__startswith="directives.digest:", dedup_key__endswith="2021-09-30"
    )
    to_unit = sorted(m.to[0] for m in digests if m.to[0].endswith(".tnmt@songlo.example"))
    assert to_unit == ["chuyenvien.tnmt@songlo.example", "truongphong.tnmt@songlo.example"], (
        "queued, once each"
    )
    rows, mails = ReminderLog.objects.count(), OutboxMessage.objects.count()
    again = catch_up(D + dt.timedelta(days=2))
    assert [r.day for r in again] == [D + dt.timedelta(days=2)] and again[0].reminders == 0
    assert (ReminderLog.objects.count(), OutboxMessage.objects.count()) == (rows, mails), (
        "a rerun fires nothing"
    )
    runs = dict(JobRun.objects.filter(job="reminders").values_list("day", "attempts"))
    assert runs == {D: 1, D + dt.timedelta(days=1): 1, D + dt.timedelta(days=2): 2}
    assert set(JobRun.objects.values_list("status", flat=True)) == {"finished"}


def test_catching_up_is_bounded_and_a_first_run_does_not_remind_of_the_past(seed: Any, settings: Any) -> None:
    assert days_to_run(D) == [D], "a job that never ran starts today"
    settings.DIEUHANH_CATCH_UP_DAYS = 5
    catch_up(D)
    later = D + dt.timedelta(days=40)
    assert days_to_run(later) == [later - dt.timedelta(days=5 - i) for i in range(6)]


def test_a_run_that_fails_leaves_its_day_to_the_next_run(seed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dieuhanh.directives import schedule

    a = _task(seed)
    catch_up(D)
    real = schedule.remind

    def crash(*, today: dt.date) -> Any:
        real(today=today)
        raise RuntimeError("killed after the reminders were written")

    monkeypatch.setattr(schedule, "remind", crash)
    with pytest.raises(RuntimeError):
        catch_up(D + dt.timedelta(days=1))
    assert not ReminderLog.objects.filter(fired_on=D + dt.timedelta(days=1)).exists()
    assert JobRun.objects.get(day=D + dt.timedelta(days=1)).status == "running"
    monkeypatch.setattr(schedule, "remind", real)
    assert [r.day for r in catch_up(D + dt.timedelta(days=2))] == [D + dt.timedelta(days=i) for i in (1, 2)]
    assert ReminderLog.objects.filter(assignment=a, fired_on=D + dt.timedelta(days=1)).count() == 1
