"""The job queue and the scheduled reminder job.

Huey keeps its queue in an SQLite file under the data directory, so nothing else has to run; with
``DIEUHANH_REDIS_URL`` set it uses Redis instead. ``dieuhanh directives worker`` starts the consumer, which runs
the reminder job every hour of the office day (it is idempotent) and once at start, to catch up after downtime.
"""

from __future__ import annotations

import logging

from django.db import close_old_connections, connection
from huey import Huey, RedisHuey, SqliteHuey, crontab

from . import conf

logger = logging.getLogger("dieuhanh.directives.jobs")


def make_queue() -> Huey:
    """The huey instance: Redis when configured, else an SQLite file; crontab times are local time."""
    url = conf.redis_url()
    if url:
        return RedisHuey("dieuhanh", url=url, utc=False)
    path = conf.queue_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("dieuhanh", filename=str(path), utc=False)


queue = make_queue()


def run_reminders_now(day: str | None = None) -> str:
    """Run the reminder job in this process and describe what it did (used by the tasks below)."""
    import datetime as dt

    from .reminders import remind

    # A worker thread keeps its connection between runs: drop it if the database closed it meanwhile (never
    # inside a transaction, as when a test runs the task in place).
    if not connection.in_atomic_block:
        close_old_connections()
    result = remind(today=dt.date.fromisoformat(day) if day else None)
    summary = (
        f"{result.day}: {result.reminders} lần nhắc, {result.notifications} thông báo, "
        f"{result.digests} thư tổng hợp, {result.escalation_mails} thư báo cáo vượt cấp"
    )
    logger.info("reminders %s", summary)
    return summary


@queue.task()
def reminders_task(day: str | None = None) -> str:
    """Queue one run of the reminder job."""
    return run_reminders_now(day)


@queue.periodic_task(crontab(minute="5", hour=conf.reminder_hours()))
def scheduled_reminders() -> str:
    """The scheduled run: five past each hour of the office day."""
    return run_reminders_now()


@queue.periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Every minute: tell the health page (/suc-khoe/) that the worker is alive and runs tasks."""
    from dieuhanh.core.health import beat

    beat()
