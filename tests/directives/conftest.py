"""Fixtures of the directives tests: the seed session issued as assignments, and small factories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from dieuhanh.directives.files import Upload
from dieuhanh.directives.models import Assignment

ISSUED_ON = dt.date(2021, 8, 10)
SOURCE = "Thông báo số 15/TB-UBND ngày 10/8/2021"
# A minimal valid PDF and PNG: enough bytes for the type sniffing.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def user(username: str) -> Any:
    """The demo login ``username``."""
    return get_user_model().objects.get(username=username)


def pdf(name: str = "bao-cao.pdf") -> Upload:
    return Upload(name=name, data=PDF + name.encode())


@pytest.fixture(scope="package")
def _seeded_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo registry and the seed session issued on 10/8/2021, loaded once for this package's tests (each
    test runs in a transaction rolled back after it); the database is emptied again when the package is done."""
    from dieuhanh.directives.services import assign_directives
    from dieuhanh.meetings.demo import load_seed_session
    from dieuhanh.org.demo import load_demo

    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            load_demo()
        meeting = load_seed_session()
        assign_directives(actor=None, meeting=meeting, issued_on=ISSUED_ON, source_label=SOURCE)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seed(_seeded_database: None, db: None) -> Any:
    """The seed session of August 2021 (a Meeting), issued on 10/8/2021: its assignments exist."""
    from dieuhanh.meetings.models import Meeting

    return Meeting.objects.get(period=dt.date(2021, 8, 1), issuer__code="253")


@pytest.fixture
def client_for(seed: Any) -> Callable[[str], Client]:
    """A logged-in test client for a demo username (with the seed issued)."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client

    return make


def assignment_of(meeting: Any, unit_code: str, text_start: str) -> Assignment:
    """The assignment of ``unit_code`` for the seed directive whose text starts with ``text_start``."""
    return Assignment.objects.select_related("directive", "unit").get(
        meeting=meeting, unit__code=unit_code, directive__text__startswith=text_start
    )
