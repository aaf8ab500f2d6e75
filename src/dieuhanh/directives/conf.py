"""Settings of the directives app, read from Django settings with defaults (nothing needs to be set).

``DIEUHANH_REDIS_URL`` (environment or setting) moves the job queue to Redis; otherwise it is an SQLite file
under the data directory, so reminders run with no extra server.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

# (offset in days from the deadline, escalation): 3 days before, on the day, 1 day after to the unit head,
# 7 days after to the office.
DEFAULT_RULES: tuple[tuple[int, str], ...] = ((-3, ""), (0, ""), (1, "head"), (7, "office"))


def max_attachment_bytes() -> int:
    """The largest file a unit may attach to a report."""
    return int(getattr(settings, "DIEUHANH_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024))


def redis_url() -> str:
    """The Redis address of the job queue, or '' for the SQLite queue."""
    return str(getattr(settings, "DIEUHANH_REDIS_URL", "") or os.environ.get("DIEUHANH_REDIS_URL", ""))


def queue_file() -> Path:
    """Where the SQLite job queue lives."""
    default = (
        Path(settings.DATA_DIR) / "jobs.sqlite3" if hasattr(settings, "DATA_DIR") else Path("jobs.sqlite3")
    )
    return Path(getattr(settings, "DIEUHANH_QUEUE_FILE", default))


def reminder_hours() -> str:
    """The hours (crontab syntax, local time) at which the worker runs the reminder job; it is idempotent,
    so running it several times a day only catches up after downtime."""
    return str(getattr(settings, "DIEUHANH_REMINDER_HOURS", "7-17"))


def digest_limit() -> int:
    """The most assignments one digest e-mail lists (the rest are counted)."""
    return int(getattr(settings, "DIEUHANH_DIGEST_LIMIT", 50))


def site_url() -> str:
    """The address put in e-mails' links."""
    return str(
        getattr(settings, "DIEUHANH_SITE_URL", os.environ.get("DIEUHANH_SITE_URL", "http://127.0.0.1:8000"))
    )


def catch_up_days() -> int:
    """How many days back the reminder job catches up after the worker was down (older days are skipped)."""
    return int(getattr(settings, "DIEUHANH_CATCH_UP_DAYS", 31))
