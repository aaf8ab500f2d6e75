"""Fixtures of the outbox tests: a real SMTP server in a thread, a clock that can be moved forward, and the
seed session of the directives tests (for the reminder job's mails)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests.directives.conftest import _seeded_database, seed  # noqa: F401  (shared fixtures)

from .fake_smtp import FakeSMTP

TIMEOUT = 0.5


@pytest.fixture
def smtp(settings: Any) -> Iterator[FakeSMTP]:
    """A working SMTP server the project's settings point at (switch it with ``set_mode``)."""
    server = FakeSMTP().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = TIMEOUT
    yield server
    server.stop()


class Clock:
    """``timezone.now`` moved forward by ``advance``."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)
        self.real = timezone.now

    def now(self) -> dt.datetime:
        return self.real() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(timezone, "now", c.now)
    return c
