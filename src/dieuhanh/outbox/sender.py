"""Deliver queued e-mail: claim a message, hand it to the mail server with a timeout, mark it sent.

Each message is claimed on its own with one conditional UPDATE (status ``sending``, a claim token and a lease),
so two senders running at once never send the same message; a message whose lease ran out (its sender died) is
claimed again. A message is marked sent only after the server accepted it. A failed attempt waits by the
back-off of ``conf.backoff()``; after ``conf.max_attempts()`` the message is marked failed for the operator
(``/hop-thu-di/``).

The one window left: a sender killed after the server accepted a message and before the sent mark committed
sends that message again when its lease runs out (at least once, never lost). The copy carries the same
Message-ID, so a mail client that files by Message-ID shows it once.

Run outside any transaction: the claim and the sent mark must commit on their own.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from . import conf
from .models import OutboxMessage, Status

logger = logging.getLogger("dieuhanh.outbox")

# Errors about one message (a refused recipient, say): record them on it and go on with the next. Anything else
# (a refused connection, a timeout, a dropped line) is about the server: stop this run, the rest waits.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass
class Delivery:
    """What one run of the sender did."""

    sent: int = 0
    deferred: int = 0
    failed: int = 0
    stopped: str = ""
    errors: list[str] = field(default_factory=list)


def due_q(now: Any) -> Q:
    """Messages a sender may take now: queued and due, or being sent by a sender whose lease ran out."""
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(status=Status.SENDING, claimed_until__lt=now)


def claim_next(now: Any) -> OutboxMessage | None:
    """Take the next due message for this sender, or None when nothing is due (or another sender took it)."""
    for pk in (
        OutboxMessage.objects.filter(due_q(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:20]
    ):
        token = uuid.uuid4().hex
        taken = (
            OutboxMessage.objects.filter(due_q(now), pk=pk)
            .update(status=Status.SENDING, claim=token, claimed_until=now + conf.lease(), attempts=F("attempts") + 1)
        )  # fmt: skip
        if taken:
            return OutboxMessage.objects.get(pk=pk)
    return None


def _email(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        message.from_email,
        list(message.to),
        connection=connection,
        headers={"Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def send_one(message: OutboxMessage, connection: Any) -> None:
    """Hand one message to the server; raises what the server or the network said."""
    if connection.send_messages([_email(message, connection)]) != 1:
        raise smtplib.SMTPException("the mail backend did not accept the message")


def mark_sent(message: OutboxMessage) -> bool:
    """Record that the server accepted the message (only if this sender still holds it)."""
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, claim=message.claim, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
    )


def mark_failed_attempt(message: OutboxMessage, error: BaseException) -> str:
    """Put the message back to wait by the back-off, or mark it failed after its last attempt."""
    text = f"{error.__class__.__name__}: {error}".strip()[:500]
    waits = conf.backoff()
    if message.attempts >= conf.max_attempts():
        status, when = Status.FAILED, timezone.now()
    else:
        status, when = Status.QUEUED, timezone.now() + waits[min(message.attempts, len(waits)) - 1]
    OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
        status=status, next_attempt_at=when, claimed_until=None, last_error=text
    )
    return str(status)


def deliver_due(*, limit: int | None = None) -> Delivery:
    """Send every due message (up to ``limit``), one claim at a time, over one connection to the server."""
    result = Delivery()
    limit = conf.batch_size() if limit is None else limit
    connection = None
    try:
        while result.sent + result.deferred + result.failed < limit:
            message = claim_next(timezone.now())
            if message is None:
                break
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False, timeout=conf.timeout())
                    connection.open()  # one connection for the run (send_messages would open one per call)
                send_one(message, connection)
            except Exception as exc:  # the server's or the network's refusal, a timeout, a bad configuration
                status = mark_failed_attempt(message, exc)
                result.failed += status == Status.FAILED
                result.deferred += status == Status.QUEUED
                result.errors.append(f"{message.pk}: {exc.__class__.__name__}: {exc}"[:300])
                logger.warning(
                    "outbox message %s attempt %s failed (%s): %s", message.pk, message.attempts, status, exc
                )
                if not isinstance(exc, MESSAGE_ERRORS):
                    result.stopped = f"{exc.__class__.__name__}: {exc}"[:300]
                    break
                continue
            if mark_sent(message):
                result.sent += 1
            else:
                logger.warning("outbox message %s was sent after its lease ran out", message.pk)
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a connection to a server that stopped answering may fail too
                logger.info("closing the mail connection failed", exc_info=True)
    if result.sent or result.failed or result.deferred:
        logger.info("outbox: %s sent, %s deferred, %s failed", result.sent, result.deferred, result.failed)
    return result
