"""Settings of the outbox, read from Django settings with defaults (nothing needs to be set)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# Waits after the 1st, 2nd, ... failed attempt; after the last one the message is marked failed.
DEFAULT_BACKOFF_MINUTES: tuple[int, ...] = (1, 5, 30, 120, 720)


def timeout() -> float:
    """Seconds the SMTP client waits for the server on connect and on each command (a server that accepts and
    never answers must not hold the sender, or the reminder job, for ever)."""
    value = getattr(settings, "EMAIL_TIMEOUT", None)
    return float(value) if value else 10.0


def backoff() -> tuple[dt.timedelta, ...]:
    """The waits between attempts."""
    minutes = getattr(settings, "DIEUHANH_OUTBOX_BACKOFF_MINUTES", DEFAULT_BACKOFF_MINUTES)
    return tuple(dt.timedelta(minutes=float(m)) for m in minutes)


def max_attempts() -> int:
    """Attempts before a message is marked failed: the first one and one after each wait."""
    return len(backoff()) + 1


def lease() -> dt.timedelta:
    """How long a sender holds a message it is sending before another sender may take it over (a sender that
    died mid-send). Longer than the slowest send: a timeout on connect and on each of the SMTP commands."""
    return dt.timedelta(seconds=max(120.0, 12 * timeout()))


def batch_size() -> int:
    """The most messages one run of the sender delivers (the next run, a minute later, takes the rest)."""
    return int(getattr(settings, "DIEUHANH_OUTBOX_BATCH", 500))
