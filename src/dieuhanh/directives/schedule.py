"""The reminder job's days: each day runs once, missed days are caught up in order.

``remind(today=D)`` fires the reminders whose offset lands on D, so a day the job did not run (the worker was
down) would never fire its reminders. ``catch_up`` runs every day from the day after the last finished one up to
today, oldest first and at most ``conf.catch_up_days()`` back; today runs at every call (new assignments of the
day are reminded at the next hourly run), a past day only until it is finished. A day is marked finished in the
same transaction as its reminders and queued mails (``JobRun``), so a run killed half-way leaves the day
unfinished and the next call does it again; the reminders of a day are recorded once whatever runs them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from . import conf
from .models import JobRun, JobRunStatus
from .reminders import RemindResult, remind

logger = logging.getLogger("dieuhanh.directives.schedule")

REMINDERS = "reminders"


def days_to_run(today: dt.date, job: str = REMINDERS) -> list[dt.date]:
    """The days ``catch_up(today)`` runs: after the last finished day before today (or today alone, for a job
    that never ran: a new installation does not remind of the past), oldest first, today last."""
    last = JobRun.objects.filter(job=job, status=JobRunStatus.FINISHED, day__lt=today).aggregate(
        m=Max("day")
    )["m"]
    if last is None:
        return [today]
    start = max(last + dt.timedelta(days=1), today - dt.timedelta(days=conf.catch_up_days()))
    return [start + dt.timedelta(days=i) for i in range((today - start).days + 1)]


def run_day(day: dt.date, job: str = REMINDERS) -> RemindResult:
    """Run the reminder job for ``day`` and mark the day finished in the same transaction."""
    run, _created = JobRun.objects.get_or_create(job=job, day=day, defaults={"status": JobRunStatus.RUNNING})
    # Committed before the work (outside a caller's transaction), so the operator sees a run that was cut off.
    JobRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1, started_at=timezone.now())
    with transaction.atomic():
        result = remind(today=day)
        summary = (
            f"{result.reminders} lần nhắc, {result.notifications} thông báo, {result.digests} thư tổng hợp, "
            f"{result.escalation_mails} thư báo cáo vượt cấp"
        )
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRunStatus.FINISHED, finished_at=timezone.now(), summary=summary[:300]
        )
    return result


def catch_up(today: dt.date | None = None, job: str = REMINDERS) -> list[RemindResult]:
    """Run every day not yet finished up to ``today`` (today by default), each once, oldest first."""
    today = today or timezone.localdate()
    days = days_to_run(today, job)
    if len(days) > 1:
        logger.warning(
            "catching up the reminder job for %s day(s): %s to %s", len(days) - 1, days[0], days[-2]
        )
    return [run_day(day, job) for day in days]
