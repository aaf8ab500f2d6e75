"""The sender against a real SMTP server that works, hangs or refuses: it never waits longer than the timeout,
retries by the back-off, marks a message sent only after the server accepted it, and shows failures."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction

from dieuhanh.core.models import AuditEvent
from dieuhanh.org.models import Person
from dieuhanh.outbox import conf
from dieuhanh.outbox.models import OutboxMessage, Status
from dieuhanh.outbox.sender import claim_next, deliver_due
from dieuhanh.outbox.services import Mail, enqueue

from .conftest import TIMEOUT

pytestmark = pytest.mark.django_db


def _queue(n: int, issuer_id: int | None = None, prefix: str = "test") -> list[OutboxMessage]:
    with transaction.atomic():
        enqueue(
            Mail(
                key=f"{prefix}:{i}",
                to=[f"nguoi{i}@songlo.example"],
                subject=f"Thư thử số {i}",
                body=f"Kính gửi đồng chí số {i},\nNội dung có dấu: đôn đốc nhiệm vụ.",
                issuer_id=issuer_id,
            )
            for i in range(n)
        )
    return list(OutboxMessage.objects.order_by("pk"))


def test_queued_mail_is_delivered_once_and_marked_sent(smtp: Any) -> None:
    messages = _queue(3)
    assert _queue(3) == messages, "queuing the same keys again adds nothing"
    result = deliver_due()
    assert result.sent == 3 and smtp.connections == 1, "one connection for the run"
    assert sorted(d.subject for d in smtp.delivered) == ["Thư thử số 0", "Thư thử số 1", "Thư thử số 2"]
    assert "đôn đốc nhiệm vụ" in smtp.delivered[0].body
    assert set(smtp.by_message_id()) == {m.message_id for m in messages}
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}
    assert deliver_due().sent == 0 and len(smtp.delivered) == 3, "a sent message is never sent again"


def test_a_server_that_never_answers_costs_one_timeout_then_delivery(smtp: Any, clock: Any) -> None:
    _queue(3)
    smtp.set_mode("hang")
    started = time.monotonic()
    result = deliver_due()
    took = time.monotonic() - started
    assert took < TIMEOUT * 3, f"the sender waited {took:.1f} s"
    assert result.sent == 0 and result.deferred == 1 and "timed out" in result.stopped.lower()
    first, *others = OutboxMessage.objects.order_by("pk")
    assert (first.status, first.attempts) == (Status.QUEUED, 1) and "timed out" in first.last_error.lower()
    assert all((m.status, m.attempts) == (Status.QUEUED, 0) for m in others), "the run stopped at the server"
    smtp.set_mode("ok")
    assert deliver_due().sent == 2, "the others go out at once; the first waits its back-off"
    clock.advance(minutes=1, seconds=1)
    assert deliver_due().sent == 1
    assert len(smtp.delivered) == 3 and set(smtp.by_message_id().values()) == {1}
    assert set(OutboxMessage.objects.values_list("status", "last_error")) == {(Status.SENT, "")}


def test_a_refusing_server_is_retried_by_the_back_off_then_failed_and_shown(
    smtp: Any, clock: Any, client_for: Any
) -> None:
    office = Person.objects.get(user__username="vanphong")
    issuer_id = office.unit.issuer_id or office.unit_id
    message = _queue(1, issuer_id=issuer_id)[0]
    smtp.set_mode("refuse")
    waits = []
    for attempt in range(1, conf.max_attempts() + 1):
        before = OutboxMessage.objects.get(pk=message.pk).next_attempt_at
        clock.offset = before - clock.real()  # the moment it is due
        assert deliver_due().sent == 0
        message.refresh_from_db()
        assert message.attempts == attempt and "refused" in message.last_error.lower()
        if attempt < conf.max_attempts():
            assert message.status == Status.QUEUED
            waits.append(round((message.next_attempt_at - clock.now()).total_seconds() / 60))
            assert deliver_due().deferred == 0, "not tried again before its wait is over"
            assert OutboxMessage.objects.get(pk=message.pk).attempts == attempt
    assert waits == [1, 5, 30, 120, 720]
    assert message.status == Status.FAILED
    # The operator page: failed first, with the error and the button to send again.
    _queue(1, issuer_id=issuer_id, prefix="later")
    page = client_for("vanphong").get("/hop-thu-di/")
    text = page.content.decode()
    assert page.status_code == 200 and "Gửi không thành công: 1" in text
    assert text.index('data-status="failed"') < text.index('data-status="queued"')
    assert "ConnectionRefusedError" in text and f"/hop-thu-di/{message.pk}/gui-lai/" in text
    assert 'href="/hop-thu-di/"' in client_for("vanphong").get("/").content.decode(), "linked in the menu"
    for username in ("chuyenvien.tnmt", "xem", "chutich"):
        assert client_for(username).get("/hop-thu-di/").status_code == 403, username
        assert client_for(username).post(f"/hop-thu-di/{message.pk}/gui-lai/").status_code in (403, 404)
    smtp.set_mode("ok")
    answer = client_for("vanphong").post(f"/hop-thu-di/{message.pk}/gui-lai/", follow=True)
    assert "sẽ được gửi lại" in answer.content.decode()
    event = AuditEvent.objects.get(action="outbox.retry")
    assert (
        event.object_id == str(message.pk) and event.actor is not None and event.actor.username == "vanphong"
    )
    assert deliver_due().sent == 2
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == conf.max_attempts() + 1
    assert "Đã gửi: 2" in client_for("vanphong").get("/hop-thu-di/").content.decode()
    refused = client_for("vanphong").post(f"/hop-thu-di/{message.pk}/gui-lai/", follow=True)
    assert "đã được gửi, không gửi lại" in refused.content.decode()


def test_two_senders_never_take_the_same_message(clock: Any) -> None:
    _queue(1)
    now = clock.now()
    assert claim_next(now) is not None
    assert claim_next(now) is None, "claimed: another sender skips it"
    clock.advance(seconds=conf.lease().total_seconds() + 1)
    taken = claim_next(clock.now())
    assert taken is not None and taken.attempts == 2, "a sender that died mid-send: its message is taken over"


def test_the_command_shows_sends_and_retries(smtp: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    message = _queue(1)[0]
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=6, last_error="Lỗi thử")
    out = StringIO()
    call_command("outbox", "status", stdout=out)
    assert "Gửi không thành công: 1" in out.getvalue() and f"#{message.pk}" in out.getvalue()
    call_command("outbox", "retry", str(message.pk), "--now", stdout=out)
    assert "Đã gửi 1 thư" in out.getvalue() and len(smtp.delivered) == 1
    call_command("outbox", "send", stdout=out)
    assert "Đã gửi 0 thư" in out.getvalue()
