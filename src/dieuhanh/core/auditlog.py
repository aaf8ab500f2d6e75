"""Reading the audit log: search, CSV export, chain verification and pruning by retention."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import audit, auditchain
from .models import AuditChain, AuditEvent

CSV_HEADER = [
    "Mã",
    "Thời điểm",
    "Người thực hiện",
    "Mã tài khoản",
    "Hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Đối tượng",
    "Thành công",
    "Ghi chú",
    "Trước",
    "Sau",
    "Mã băm",
]


@dataclass(frozen=True)
class AuditFilter:
    """What an administrator searches the log for; every part is optional."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""


def search(criteria: AuditFilter) -> QuerySet[AuditEvent]:
    """Audit events matching ``criteria``, newest first."""
    events = AuditEvent.objects.select_related("actor")
    if criteria.actor:
        events = events.filter(Q(actor_label__icontains=criteria.actor) | Q(actor__username=criteria.actor))
    if criteria.action:
        events = events.filter(action__startswith=criteria.action)
    if criteria.object_type:
        events = events.filter(object_type=criteria.object_type)
    if criteria.object_id:
        events = events.filter(object_id=criteria.object_id)
    if criteria.date_from:
        events = events.filter(at__gte=_day_start(criteria.date_from))
    if criteria.date_to:
        events = events.filter(at__lt=_day_start(criteria.date_to + dt.timedelta(days=1)))
    if criteria.text:
        events = events.filter(
            Q(object_label__icontains=criteria.text)
            | Q(message__icontains=criteria.text)
            | Q(actor_label__icontains=criteria.text)
            | Q(action__icontains=criteria.text)
        )
    return events.order_by("-at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    """One CSV row per event, in the order of ``CSV_HEADER``."""
    for e in events.iterator(chunk_size=2000):
        yield [
            e.pk,
            # Local time, to the second, in the form spreadsheets read as a date and time.
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_label,
            e.actor.get_username() if e.actor is not None else "",
            e.action,
            e.object_type,
            e.object_id,
            e.object_label,
            "có" if e.succeeded else "không",
            e.message,
            "" if e.before is None else json.dumps(e.before, ensure_ascii=False, sort_keys=True),
            "" if e.after is None else json.dumps(e.after, ensure_ascii=False, sort_keys=True),
            e.hash,
        ]


def _rows_after(last_id: int | None) -> Iterator[dict[str, Any]]:
    events = AuditEvent.objects.order_by("id")
    if last_id is not None:
        events = events.filter(id__gt=last_id)
    names = ["id", "prev_hash", "hash", *auditchain.HASHED_FIELDS]
    for values in events.values_list(*names).iterator(chunk_size=2000):
        yield dict(zip(names, values, strict=True))


def verify() -> auditchain.Verification:
    """Walk the whole chain from the pruning checkpoint to the head; the first break if any."""
    head = AuditChain.objects.filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.exists():
            return auditchain.Verification(0, auditchain.Break(None, "đầu chuỗi nhật ký bị mất"))
        return auditchain.Verification(0, None)
    return auditchain.verify_rows(
        _rows_after(head.pruned_through_id),
        start_hash=head.pruned_hash or auditchain.GENESIS,
        head_hash=head.head_hash or None,
    )


@dataclass(frozen=True)
class Pruned:
    """What a prune removed: how many entries, up to which one, older than which moment."""

    deleted: int
    through_id: int | None
    cutoff: dt.datetime


def prune(*, days: int | None = None, now: dt.datetime | None = None) -> Pruned:
    """Delete the entries older than the retention period, leaving a checkpoint so the rest still verifies.

    Entries are removed as one unbroken run from the oldest, up to the newest entry older than the cutoff;
    the chain head keeps that entry's hash, which the oldest remaining entry points to.
    """
    keep_days = settings.DIEUHANH_AUDIT_RETENTION_DAYS if days is None else days
    if keep_days < 1:
        raise ValueError("Retention must be at least one day.")
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    with transaction.atomic():
        head, _created = AuditChain.objects.select_for_update().get_or_create(pk=1)
        last = AuditEvent.objects.filter(at__lt=cutoff).order_by("-id").values_list("id", "hash").first()
        if last is None:
            return Pruned(0, head.pruned_through_id, cutoff)
        through_id, through_hash = last
        # A queryset delete: AuditEvent.delete() refuses single deletions on purpose.
        deleted, _ = AuditEvent.objects.filter(id__lte=through_id).delete()
        head.pruned_through_id = through_id
        head.pruned_hash = through_hash
        head.pruned_count += deleted
        head.pruned_at = timezone.now()
        head.save(update_fields=["pruned_through_id", "pruned_hash", "pruned_count", "pruned_at"])
        audit.record(
            actor=None,
            action="audit.prune",
            object_type="core.auditevent",
            object_id=through_id,
            object_label=f"{deleted} mục",
            message=f"Xóa các mục trước {timezone.localtime(cutoff):%d/%m/%Y %H:%M} (giữ {keep_days} ngày).",
        )
    return Pruned(deleted, through_id, cutoff)
