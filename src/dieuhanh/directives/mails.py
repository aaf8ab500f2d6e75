"""The e-mails of the reminder job: a person's daily digest and the escalation mails."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F

from dieuhanh.org.models import Person
from dieuhanh.vn.dates import format_short

from . import conf
from .models import Assignment
from .status import open_q

LOOKAHEAD_DAYS = 3


def _link(a: Assignment) -> str:
    return f"{conf.site_url().rstrip('/')}/nhiem-vu/{a.pk}/"


def _line(a: Assignment, today: dt.date) -> str:
    if a.deadline is None:
        when = "không có hạn"
    elif a.deadline < today:
        when = f"QUÁ HẠN {(today - a.deadline).days} ngày (hạn {format_short(a.deadline)})"
    elif a.deadline == today:
        when = "đến hạn hôm nay"
    else:
        when = f"hạn {format_short(a.deadline)}"
    return f"- [{when}] {a.directive.text[:200]}\n  {_link(a)}"


def digests(people: Sequence[Person], today: dt.date) -> list[EmailMessage]:
    """One digest per person: everything of their unit that is overdue or due within a few days."""
    if not people:
        return []
    soon = today + dt.timedelta(days=LOOKAHEAD_DAYS)
    items: dict[int, list[Assignment]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(open_q(today), unit_id__in={p.unit_id for p in people}, deadline__lte=soon)
        .select_related("directive")
        .order_by("unit_id", F("deadline").asc(), "pk")
    )
    for a in rows:
        items[a.unit_id].append(a)
    limit = conf.digest_limit()
    messages = []
    for person in people:
        listed = items.get(person.unit_id, [])
        overdue = sum(1 for a in listed if a.deadline is not None and a.deadline < today)
        lines = [_line(a, today) for a in listed[:limit]]
        if len(listed) > limit:
            lines.append(f"... và {len(listed) - limit} nhiệm vụ khác.")
        body = (
            f"Kính gửi {person.full_name},\n\n"
            f"Ngày {format_short(today)}, đơn vị có {len(listed)} nhiệm vụ đến hạn hoặc quá hạn"
            f" ({overdue} quá hạn):\n\n"
            + "\n".join(lines)
            + "\n\nĐề nghị đơn vị khẩn trương thực hiện và báo cáo "
            "tiến độ trên hệ thống.\n\nVăn phòng HĐND và UBND (thư tự động, không trả lời thư này)."
        )
        subject = f"[Điều hành] Nhiệm vụ đến hạn, quá hạn ngày {format_short(today)}"
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    return messages


def escalations(targets: Mapping[int, tuple[Person, Sequence[tuple[Assignment, Any]]]]) -> list[EmailMessage]:
    """One mail per person escalated to in a run, listing the overdue assignments of the units concerned."""
    messages = []
    for person, rows in targets.values():
        lines = [
            f"- {a.unit.display_short}: quá hạn {log.offset_days} ngày (hạn {format_short(log.due_on)}) — "
            f"{a.directive.text[:200]}\n  {_link(a)}"
            for a, log in rows
        ]
        body = (
            f"Kính gửi {person.full_name},\n\nCác nhiệm vụ sau đã quá hạn mà đơn vị chưa hoàn thành:\n\n"
            + "\n".join(lines)
            + "\n\nĐề nghị đôn đốc đơn vị thực hiện.\n\nHệ thống Điều hành (thư tự động)."
        )
        subject = f"[Điều hành] Đôn đốc: {len(rows)} nhiệm vụ quá hạn"
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    return messages
