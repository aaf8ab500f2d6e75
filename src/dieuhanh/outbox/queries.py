"""Reads of the outbox shared by the operator page and the CLI."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from dieuhanh.org.rules import person_of

from .models import OutboxMessage, Status

# Failed first (someone has to act), then what still waits, then what is on its way, then what went out.
ORDER = [Status.FAILED, Status.QUEUED, Status.SENDING, Status.SENT]


def visible_to(user: Any) -> QuerySet[OutboxMessage]:
    """The messages ``user`` may see: the rule ``outbox.view_message`` as a queryset."""
    if getattr(user, "is_superuser", False):
        return OutboxMessage.objects.all()
    person = person_of(user)
    if person is None or not user.has_perm("outbox.view"):
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(issuer_id=person.unit.issuer_id or person.unit_id)


def by_status(messages: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    """Failed first, then queued, sending, sent; the most recent first within each."""
    rank = Case(*[When(status=s, then=Value(i)) for i, s in enumerate(ORDER)], output_field=IntegerField())
    return messages.annotate(rank=rank).order_by("rank", "-created_at", "-pk")


def counts(messages: QuerySet[OutboxMessage]) -> dict[str, int]:
    """How many messages are in each status (every status present, zero where none)."""
    found = dict(messages.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {str(s): int(found.get(s, 0)) for s in ORDER}
