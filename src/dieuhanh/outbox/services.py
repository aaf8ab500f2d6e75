"""Writes to the outbox: queue messages inside the caller's transaction, send a failed message again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied

from .models import OutboxMessage, Status


@dataclass(frozen=True)
class Mail:
    """An e-mail to queue; ``key`` makes it once-only (see ``OutboxMessage.dedup_key``)."""

    key: str
    to: Sequence[str]
    subject: str
    body: str
    html: str = ""
    source: str = ""
    issuer_id: int | None = None


def _domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("@", 1)[-1].strip("> ") or "localhost"


def enqueue(mails: Iterable[Mail]) -> int:
    """Queue ``mails`` in the current transaction (call it inside the transaction that records why they are
    sent, so both commit or neither does); a key already queued is skipped. Returns how many are new."""
    rows = []
    domain = _domain()
    now = timezone.now()
    for m in mails:
        rows.append(
            OutboxMessage(
                dedup_key=m.key[:200],
                source=m.source[:50],
                issuer_id=m.issuer_id,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=list(m.to),
                subject=m.subject[:300],
                body=m.body,
                html=m.html,
                message_id=OutboxMessage.message_id_for(m.key, domain),
                next_attempt_at=now,
            )
        )
    if not rows:
        return 0
    keys = [r.dedup_key for r in rows]
    before = set(OutboxMessage.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(set(keys) - before)


@transaction.atomic
def retry(*, actor: Any, message: OutboxMessage) -> OutboxMessage:
    """Send a message again at the next run of the sender (one more attempt, whatever its count)."""
    if actor is not None and not actor.has_perm("outbox.manage", message):
        raise PermissionDenied("Bạn không có quyền gửi lại thư này.")
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status == Status.SENT:
        raise DomainError("Thư này đã được gửi, không gửi lại.", code="already_sent")
    if message.status == Status.SENDING and message.claimed_until and message.claimed_until > timezone.now():
        raise DomainError("Thư này đang được gửi; vui lòng chờ kết quả.", code="sending")
    before = {"status": message.status, "attempts": message.attempts}
    message.status = Status.QUEUED
    message.next_attempt_at = timezone.now()
    message.claimed_until = None
    message.save(update_fields=["status", "next_attempt_at", "claimed_until"])
    audit.record(
        actor=actor,
        action="outbox.retry",
        obj=message,
        object_label=message.subject,
        before=before,
        after={"status": message.status},
    )
    return message
