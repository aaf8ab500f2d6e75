"""The job queue and the scheduled jobs: reminders, outgoing mail, the worker's heartbeat.

Huey keeps its queue in an SQLite file under the data directory, so nothing else has to run; with
``DIEUHANH_REDIS_URL`` set it uses Redis instead. On SQLite a task is acknowledged only after it finished
(``reliable_queue``): a worker killed mid-task leaves it queued for the next worker. ``dieuhanh directives
worker`` starts the consumer. The reminder job runs at start and every hour of the office day; whatever runs
it, ``schedule.catch_up`` does each day once, missed days included, and the day's mails go out right after.
The outbox sender runs every minute.
"""

from __future__ import annotations

import logging

from django.db import close_old_connections, connection
from huey import Huey, RedisHuey, crontab

from . import conf
from .reliable_queue import AckingSqliteHuey

logger = logging.getLogger("dieuhanh.directives.jobs")


def make_queue() -> Huey:
    """The huey instance: Redis when configured, else an SQLite file; crontab times are local time."""
    url = conf.redis_url()
    if url:
        return RedisHuey("dieuhanh", url=url, utc=False)
    path = conf.queue_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return AckingSqliteHuey("dieuhanh", filename=str(path), utc=False)


queue = make_queue()


def _fresh_connection() -> None:
    # A worker thread keeps its connection between runs: drop it if the database closed it meanwhile (never
    # inside a transaction, as when a test runs the task in place).
    if not connection.in_atomic_block:
        close_old_connections()


def run_reminders_now(day: str | None = None) -> str:
    """Catch the reminder job up to ``day`` (today by default), then send the mails; describe what it did."""
    import datetime as dt

    from dieuhanh.outbox.sender import deliver_due

    from .schedule import catch_up

    _fresh_connection()
    results = catch_up(dt.date.fromisoformat(day) if day else None)
    summary = "; ".join(
        f"{r.day}: {r.reminders} lần nhắc, {r.notifications} thông báo, "
        f"{r.digests} thư tổng hợp, {r.escalation_mails} thư báo cáo vượt cấp"
        for r in results
    )
    logger.info("reminders %s", summary)
    if not connection.in_atomic_block:
        deliver_due()
    return summary


def send_mail_now() -> str:
    """Deliver the outbox's due messages in this process."""
    from dieuhanh.outbox.sender import deliver_due

    _fresh_connection()
    result = deliver_due()
    return f"{result.sent} sent, {result.deferred} deferred, {result.failed} failed"


@queue.task()
def reminders_task(day: str | None = None) -> str:
    """Queue one run of the reminder job (catching up to ``day``)."""
    return run_reminders_now(day)


@queue.periodic_task(crontab(minute="5", hour=conf.reminder_hours()))
def scheduled_reminders() -> str:
    """The scheduled run: five past each hour of the office day."""
    return run_reminders_now()


@queue.periodic_task(crontab(minute="*"))
def send_mail() -> str:
    """Every minute: deliver the outbox (new mail, and retries whose wait is over)."""
    return send_mail_now()


@queue.periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Every minute: tell the health page (/suc-khoe/) that the worker is alive and runs tasks; take back the
    tasks of a worker that died."""
    from dieuhanh.core.health import beat

    beat()
    requeue = getattr(queue, "requeue_abandoned", None)
    if requeue is not None:
        requeue()
