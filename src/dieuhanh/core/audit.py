"""Writing audit events from services."""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from . import auditchain
from .models import AuditChain, AuditEvent

logger = logging.getLogger("dieuhanh.audit")


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of ``obj``'s concrete fields (or the named ones), JSON-ready, for before/after records."""
    names = list(fields) if fields is not None else [f.attname for f in obj._meta.concrete_fields]
    return {name: _json_value(getattr(obj, name)) for name in names}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_label: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    succeeded: bool = True,
    message: str = "",
) -> AuditEvent:
    """Append one audit event; call it inside the service's transaction so it commits with the change."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        person = getattr(user, "person", None)
        label = person.full_name if person is not None else user.get_username()
    event = AuditEvent(
        at=timezone.now(),
        actor=user,  # type: ignore[misc]
        actor_label=label or "hệ thống",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        object_label=(object_label if object_label is not None else (str(obj) if obj is not None else ""))[
            :300
        ],
        before=auditchain.json_ready(_json_value(dict(before))) if before is not None else None,
        after=auditchain.json_ready(_json_value(dict(after))) if after is not None else None,
        succeeded=succeeded,
        message=message,
    )
    _append(event)
    logger.info(
        "audit action=%s object=%s:%s actor=%s ok=%s",
        action,
        event.object_type,
        event.object_id,
        event.actor_label,
        succeeded,
    )
    return event


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in auditchain.HASHED_FIELDS}


def _append(event: AuditEvent) -> None:
    """Chain ``event`` to the newest entry and insert it, holding the chain head's row lock.

    The lock (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write transactions are serialized already)
    lasts until the surrounding transaction commits, so concurrent writers append one after the other.
    """
    with transaction.atomic():
        head, _created = AuditChain.objects.select_for_update().get_or_create(pk=1)
        event.prev_hash = head.head_hash or auditchain.GENESIS
        event.hash = auditchain.entry_hash(_fields(event), event.prev_hash)
        event.save()
        head.head_id = event.pk
        head.head_hash = event.hash
        head.save(update_fields=["head_id", "head_hash"])


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """Every audit event about ``obj``, newest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
