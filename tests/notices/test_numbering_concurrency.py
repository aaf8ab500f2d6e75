"""Concurrent issuers: every number taken once, none skipped, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from dieuhanh.notices import drafting, services
from dieuhanh.notices.models import Notice, OutgoingEntry
from dieuhanh.org.models import Unit

ISSUERS = 16


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_issuers_get_consecutive_numbers(demo) -> None:  # type: ignore[no-untyped-def]
    issuer = Unit.objects.get(code="253")
    chief = get_user_model().objects.get(username="chanhvanphong")
    drafts = [
        Notice.objects.create(
            issuer=issuer,
            title=f"Thông báo {i}",
            body=[drafting.paragraph("Nội dung.")],
            signer_name="Bùi Văn Thọ",
            symbol="TB-UBND",
        )
        for i in range(ISSUERS)
    ]
    barrier = threading.Barrier(ISSUERS)
    errors: list[BaseException] = []

    def issue(notice: Notice) -> None:
        try:
            barrier.wait()
            services.issue_notice(actor=chief, notice=notice, issued_on=dt.date(2021, 8, 10), render=False)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    numbers = sorted(Notice.objects.filter(status="issued").values_list("number", flat=True))
    assert numbers == list(range(1, ISSUERS + 1))
    assert sorted(OutgoingEntry.objects.values_list("number", flat=True)) == numbers
