"""Fixtures of the directives tests: the seed session issued as assignments, and small factories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

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


@pytest.fixture
def seed(demo: dict[str, int]) -> Any:
    """The seed session of August 2021, issued on 10/8/2021: its assignments exist."""
    from dieuhanh.directives.services import assign_directives
    from dieuhanh.meetings.demo import load_seed_session

    meeting = load_seed_session()
    assign_directives(actor=None, meeting=meeting, issued_on=ISSUED_ON, source_label=SOURCE)
    return meeting


def assignment_of(meeting: Any, unit_code: str, text_start: str) -> Assignment:
    """The assignment of ``unit_code`` for the seed directive whose text starts with ``text_start``."""
    return Assignment.objects.select_related("directive", "unit").get(
        meeting=meeting, unit__code=unit_code, directive__text__startswith=text_start
    )
