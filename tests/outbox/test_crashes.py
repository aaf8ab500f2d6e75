"""A crash at every step of the reminder job and of the sender loses no mail and sends none twice, except in
the one documented window (after the server accepted, before the sent mark): there the copy has the same
Message-ID. A crash is an exception that is not an ``Exception`` (as a kill is to the code that runs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dieuhanh.directives.models import Assignment, DigestLog, JobRun, ReminderLog
from dieuhanh.directives.schedule import catch_up
from dieuhanh.outbox import conf, sender
from dieuhanh.outbox import services as outbox_services
from dieuhanh.outbox.models import OutboxMessage, Status
from tests.directives.conftest import assignment_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 9, 30)


class Crash(BaseException):
    """The process dies here."""


def _due_on(seed: Any, deadline: dt.date) -> None:
    """Give a few assignments of two units deadlines the default rules fire on, the day after (to the head)."""
    for code, text in (("253-TNMT", "Yêu cầu Phòng Tài nguyên-MT"), ("253-TNMT", "Yêu cầu thủ trưởng")):
        a = assignment_of(seed, code, text)
        Assignment.objects.filter(pk=a.pk).update(ongoing=False, reporting_cycle="", deadline=deadline)


def _crash_once(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, after: bool) -> list[int]:
    """Make ``target.name`` crash on its first call (before or after doing its work); count the calls."""
    real = getattr(target, name)
    calls: list[int] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1 and not after:
            raise Crash
        value = real(*args, **kwargs)
        if len(calls) == 1:
            raise Crash
        return value

    monkeypatch.setattr(target, name, wrapper)
    return calls


def test_a_crash_at_every_step_loses_nothing_and_doubles_only_in_the_window(
    seed: Any, smtp: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _due_on(seed, DAY - dt.timedelta(days=1))  # day+1 rule (to the unit head) fires on DAY
    catch_up(DAY - dt.timedelta(days=1))  # the job ran yesterday: today is not a first run
    sender.deliver_due()  # yesterday's mails are out
    smtp.delivered.clear()
    before = OutboxMessage.objects.count()
    faults = 0

    # 1. Killed inside the reminder transaction, after the mails were queued: nothing of the day is kept.
    with monkeypatch.context() as m:
        _crash_once(m, outbox_services, "enqueue", after=True)
        with pytest.raises(Crash):
            catch_up(DAY)
    faults += 1
    assert not ReminderLog.objects.filter(fired_on=DAY).exists()
    assert not DigestLog.objects.filter(day=DAY).exists() and OutboxMessage.objects.count() == before
    run = JobRun.objects.get(day=DAY)
    assert (run.status, run.attempts) == ("running", 1), "the day is left unfinished"

    # The rerun does the day, once; running it again queues nothing more.
    catch_up(DAY)
    reminders = ReminderLog.objects.filter(fired_on=DAY).count()
    queued = OutboxMessage.objects.filter(status=Status.QUEUED)
    keys = set(queued.values_list("dedup_key", flat=True))
    assert reminders >= 2 and len(keys) >= 3, "digests of the unit and the escalation to its head"
    assert any(k.startswith("directives.escalation:") for k in keys)
    catch_up(DAY)
    assert ReminderLog.objects.filter(fired_on=DAY).count() == reminders
    assert set(OutboxMessage.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True)) == keys
    assert OutboxMessage.objects.count() == before + len(keys), "a rerun of the day queues no duplicate"
    assert JobRun.objects.get(day=DAY).status == "finished"

    # 2. Killed after claiming a message, before handing it to the server: it waits out its lease, then goes.
    with monkeypatch.context() as m:
        _crash_once(m, sender, "send_one", after=False)
        with pytest.raises(Crash):
            sender.deliver_due()
    faults += 1
    assert len(smtp.delivered) == 0
    assert OutboxMessage.objects.filter(status=Status.SENDING).count() == 1
    # 3. Killed after the server accepted a message, before the sent mark: the documented window.
    with monkeypatch.context() as m:
        _crash_once(m, sender, "mark_sent", after=False)
        with pytest.raises(Crash):
            sender.deliver_due()
    faults += 1
    assert len(smtp.delivered) == 1
    window_id = smtp.delivered[0].message_id
    assert OutboxMessage.objects.filter(status=Status.SENDING).count() == 2

    # The survivors send the rest; the two held messages go once their leases run out.
    rest = sender.deliver_due()
    assert rest.sent == len(keys) - 2
    clock.advance(seconds=conf.lease().total_seconds() + 1)
    assert sender.deliver_due().sent == 2
    assert set(OutboxMessage.objects.filter(dedup_key__in=keys).values_list("status", flat=True)) == {
        Status.SENT
    }
    counts = smtp.by_message_id()
    expected = set(OutboxMessage.objects.filter(dedup_key__in=keys).values_list("message_id", flat=True))
    assert set(counts) == expected, "no message lost"
    assert {mid: n for mid, n in counts.items() if n > 1} == {window_id: 2}, "doubled only in the window"
    assert len(smtp.delivered) == len(keys) + 1 and faults == 3
    assert sender.deliver_due().sent == 0 and len(smtp.delivered) == len(keys) + 1
