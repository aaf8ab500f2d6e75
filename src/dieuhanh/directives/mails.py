"""The e-mails of the reminder job: a person's daily digest and the escalation mails.

They are built as outbox mails (``dieuhanh.outbox``), queued in the reminder job's transaction; each has a key
that names what it is about, so running the job again for the same day queues nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import F

from dieuhanh.org.models import Person
from dieuhanh.outbox.services import Mail
from dieuhanh.vn.dates import format_short

from . import conf
from .models import Assignment
from .status import open_q

LOOKAHEAD_DAYS = 3


def _link(assignment_id: int) -> str:
    return f"{conf.site_url().rstrip('/')}/nhiem-vu/{assignment_id}/"


def _line(assignment_id: int, deadline: dt.date, text: str, today: dt.date) -> str:
    if deadline < today:
        when = f"QUÁ HẠN {(today - deadline).days} ngày (hạn {format_short(deadline)})"
    elif deadline == today:
        when = "đến hạn hôm nay"
    else:
        when = f"hạn {format_short(deadline)}"
    return f"- [{when}] {text[:200]}\n  {_link(assignment_id)}"


def digests(people: Sequence[Person], today: dt.date, issuer_of: Mapping[int, int]) -> list[Mail]:
    """One digest per person: everything of their unit that is overdue or due within a few days (the first
    ``conf.digest_limit()`` listed, nearest deadline first, and how many more). ``issuer_of`` maps a unit to the
    issuing body whose office sees the mail in its outbox."""
    if not people:
        return []
    soon = today + dt.timedelta(days=LOOKAHEAD_DAYS)
    limit = conf.digest_limit()
    items: dict[int, list[tuple[int, dt.date, str]]] = defaultdict(list)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Assignment.objects.filter(open_q(today), unit_id__in={p.unit_id for p in people}, deadline__lte=soon)
        .order_by("unit_id", F("deadline").asc(), "pk")
        .values_list("unit_id", "pk", "deadline", "directive__text")
    )
    for unit_id, pk, deadline, text in rows:
        if deadline is None:
            continue
        count = totals[unit_id]
        count[0] += 1
        count[1] += deadline < today
        if len(items[unit_id]) < limit:
            items[unit_id].append((pk, deadline, text))
    messages = []
    for person in people:
        listed = items.get(person.unit_id, [])
        total, overdue = totals.get(person.unit_id, [0, 0])
        lines = [_line(pk, deadline, text, today) for pk, deadline, text in listed]
        if total > len(listed):
            lines.append(f"... và {total - len(listed)} nhiệm vụ khác.")
        body = (
            f"Kính gửi {person.full_name},\n\n"
            f"Ngày {format_short(today)}, đơn vị có {total} nhiệm vụ đến hạn hoặc quá hạn"
            f" ({overdue} quá hạn):\n\n"
            + "\n".join(lines)
            + "\n\nĐề nghị đơn vị khẩn trương thực hiện và báo cáo "
            "tiến độ trên hệ thống.\n\nVăn phòng HĐND và UBND (thư tự động, không trả lời thư này)."
        )
        subject = f"[Điều hành] Nhiệm vụ đến hạn, quá hạn ngày {format_short(today)}"
        messages.append(
            Mail(
                key=f"directives.digest:{person.pk}:{today.isoformat()}",
                to=[person.email],
                subject=subject,
                body=body,
                source="directives.digest",
                issuer_id=issuer_of.get(person.unit_id),
            )
        )
    return messages


def escalations(targets: Mapping[int, tuple[Person, Sequence[Any]]], today: dt.date) -> list[Mail]:
    """One mail per person escalated to in a run, listing the overdue assignments of the units concerned (its
    key names the reminders it reports, each recorded once)."""
    messages = []
    for person, rows in targets.values():
        lines = [
            f"- {f.unit_name}: quá hạn {f.offset_days} ngày (hạn {format_short(f.due_on)}) — "
            f"{f.text[:200]}\n  {_link(f.assignment_id)}"
            for f in rows
        ]
        body = (
            f"Kính gửi {person.full_name},\n\nCác nhiệm vụ sau đã quá hạn mà đơn vị chưa hoàn thành:\n\n"
            + "\n".join(lines)
            + "\n\nĐề nghị đôn đốc đơn vị thực hiện.\n\nHệ thống Điều hành (thư tự động)."
        )
        subject = f"[Điều hành] Đôn đốc: {len(rows)} nhiệm vụ quá hạn"
        reminders = sorted(f"{f.assignment_id}/{f.offset_days}/{f.due_on.isoformat()}" for f in rows)
        digest = hashlib.sha256(",".join(reminders).encode()).hexdigest()[:24]
        messages.append(
            Mail(
                key=f"directives.escalation:{person.pk}:{today.isoformat()}:{digest}",
                to=[person.email],
                subject=subject,
                body=body,
                source="directives.escalation",
                issuer_id=rows[0].issuer_id if rows else None,
            )
        )
    return messages
