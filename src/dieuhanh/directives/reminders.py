"""Reminders (đôn đốc): the daily job that urges units before, on and after their deadlines.

Each issuing body's rules (``ReminderRule``, or ``conf.DEFAULT_RULES``) say at which offsets from a deadline a
reminder fires and whom it escalates to. A reminder is a row keyed by assignment, offset and due date, inserted
once whatever runs the job and however often: the job can run every hour, twice at once, or after a week off,
and nobody hears twice. Standing (ongoing) assignments with a reporting cycle are reminded of the end of each
period when the unit has not reported in it.

On a day a person's unit is reminded, that person gets one digest e-mail listing everything due or overdue for
the unit; escalations are mailed at once to the unit head or the office. The mails are queued in the outbox in
the same transaction as the reminders (a run killed half-way keeps neither) and delivered after commit by
``outbox.sender.deliver_due``, with a timeout and retries. ``schedule.catch_up`` runs this job for each day.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dieuhanh.org.models import Person
from dieuhanh.outbox import services as outbox

from . import conf, mails
from .models import (
    Assignment,
    DigestLog,
    Escalation,
    Notification,
    NotificationKind,
    ReminderLog,
    ReminderRule,
)
from .notify import HEAD_ROLES, office_people, unit_people
from .status import open_q

logger = logging.getLogger("dieuhanh.directives.reminders")


@dataclass
class RemindResult:
    """What one run of the job did."""

    day: dt.date
    run: str
    reminders: int = 0
    notifications: int = 0
    digests: int = 0
    escalation_mails: int = 0
    errors: list[str] = field(default_factory=list)


def rules_by_issuer(issuer_ids: set[int]) -> dict[int, dict[int, str]]:
    """Offset → escalation for each issuing body: its own active rules, or the defaults."""
    configured: dict[int, dict[int, str]] = defaultdict(dict)
    has_rules = set(ReminderRule.objects.filter(issuer_id__in=issuer_ids).values_list("issuer_id", flat=True))
    for rule in ReminderRule.objects.filter(issuer_id__in=issuer_ids, active=True):
        configured[rule.issuer_id][rule.offset_days] = rule.escalation
    defaults = dict(conf.DEFAULT_RULES)
    return {i: dict(configured[i]) if i in has_rules else defaults for i in issuer_ids}


def period_start(day: dt.date, cycle: str) -> dt.date | None:
    """The first day of the reporting period (month or quarter) that ends on ``day``; None if none ends then."""
    if (day + dt.timedelta(days=1)).day != 1:
        return None
    if cycle == "monthly":
        return day.replace(day=1)
    if cycle == "quarterly" and day.month % 3 == 0:
        return dt.date(day.year, day.month - 2, 1)
    return None


def _candidates(today: dt.date, run: str) -> list[ReminderLog]:
    """Reminders due today by each issuing body's rules, not yet sent."""
    issuers = set(Assignment.objects.order_by().values_list("issuer_id", flat=True).distinct())
    rules = rules_by_issuer(issuers)
    offsets = {o for r in rules.values() for o in r}
    found: list[tuple[int, int, int, dt.date]] = []
    for offset in sorted(offsets):
        due = today - dt.timedelta(days=offset)
        rows = Assignment.objects.filter(
            open_q(today), deadline=due, pending_completion__isnull=True
        ).values_list("pk", "issuer_id")
        found += [(pk, issuer, offset, due) for pk, issuer in rows]
        for cycle in ("monthly", "quarterly"):
            start = period_start(due, cycle)
            if start is None:
                continue
            standing = Assignment.objects.filter(
                Q(closed_on__isnull=True) | Q(closed_on__gt=today),
                ongoing=True, reporting_cycle=cycle, issued_on__lte=due, done_on__isnull=True,
            ).filter(Q(latest_report__isnull=True) | Q(latest_report__reported_on__lt=start))  # fmt: skip
            found += [(pk, issuer, offset, due) for pk, issuer in standing.values_list("pk", "issuer_id")]
    found = [f for f in found if f[2] in rules[f[1]]]
    sent = set(
        ReminderLog.objects.filter(
            assignment_id__in={f[0] for f in found}, due_on__in={f[3] for f in found}
        ).values_list("assignment_id", "offset_days", "due_on")
    )
    return [
        ReminderLog(
            assignment_id=pk,
            offset_days=offset,
            due_on=due,
            fired_on=today,
            escalation=rules[issuer][offset],
            run=run,
        )
        for pk, issuer, offset, due in found
        if (pk, offset, due) not in sent
    ]


@dataclass(frozen=True)
class Fired:
    """A reminder sent by this run, with what its messages say (read in one query, without model objects)."""

    assignment_id: int
    offset_days: int
    due_on: dt.date
    escalation: str
    unit_id: int
    issuer_id: int
    ongoing: bool
    text: str
    unit_name: str

    @property
    def message(self) -> str:
        what = self.text[:240]
        if self.ongoing:
            return f"Đến kỳ báo cáo (hết ngày {self.due_on:%d/%m/%Y}), đơn vị chưa báo cáo: {what}"
        if self.offset_days < 0:
            return f"Còn {-self.offset_days} ngày đến hạn {self.due_on:%d/%m/%Y}: {what}"
        if self.offset_days == 0:
            return f"Hôm nay đến hạn hoàn thành: {what}"
        return f"Quá hạn {self.offset_days} ngày (hạn {self.due_on:%d/%m/%Y}): {what}"


def _fired(run: str) -> list[Fired]:
    fields = (
        "assignment_id", "offset_days", "due_on", "escalation", "assignment__unit_id", "assignment__issuer_id",
        "assignment__ongoing", "assignment__directive__text", "assignment__unit__short_name",
    )  # fmt: skip
    rows = ReminderLog.objects.filter(run=run).order_by("pk").values_list(*fields)
    return [Fired(*row) for row in rows]


def remind(*, today: dt.date | None = None) -> RemindResult:
    """Run the reminder job for ``today`` (today by default): in-app notifications, digests, escalations."""
    today = today or timezone.localdate()
    result = RemindResult(day=today, run=uuid.uuid4().hex)
    _optimize()
    with transaction.atomic():
        ReminderLog.objects.bulk_create(_candidates(today, result.run), ignore_conflicts=True, batch_size=500)
        fired = _fired(result.run)
        result.reminders = len(fired)
        if not fired:
            return result
        people = _people(fired)
        notes: list[Notification] = []
        escalations: dict[int, list[Fired]] = defaultdict(list)
        persons: dict[int, Person] = {}
        for f in fired:
            text = f.message
            for p in people["unit"].get(f.unit_id, []):
                notes.append(_note(p, f, NotificationKind.REMINDER, text))
            targets: list[Person] = []
            if f.escalation == Escalation.HEAD:
                targets = [p for p in people["unit"].get(f.unit_id, []) if p.role in HEAD_ROLES]
            elif f.escalation == Escalation.OFFICE:
                targets = people["office"].get(f.issuer_id, [])
            for p in targets:
                notes.append(_note(p, f, NotificationKind.ESCALATION, f"{f.unit_name}: {text}"))
                escalations[p.pk].append(f)
                persons[p.pk] = p
        notes = [n for n in notes if n is not None]
        result.notifications = len(notes)
        Notification.objects.bulk_create(notes, batch_size=500)
        reminded_units = {f.unit_id for f in fired}
        digest_people = [p for u in reminded_units for p in people["unit"].get(u, []) if p.email]
        DigestLog.objects.bulk_create(
            [DigestLog(person=p, day=today, run=result.run) for p in digest_people],
            ignore_conflicts=True,
            batch_size=500,
        )
        mine = set(DigestLog.objects.filter(run=result.run).values_list("person_id", flat=True))
        digests = [p for p in digest_people if p.pk in mine]
        issuer_of = {f.unit_id: f.issuer_id for f in fired}
        digest_mails = mails.digests(digests, today, issuer_of)
        escalation_mails = mails.escalations(
            {pk: (persons[pk], rows) for pk, rows in escalations.items() if persons[pk].email}, today
        )
        # Queued with the reminders, in this transaction: both commit or neither does; sent after commit.
        outbox.enqueue([*digest_mails, *escalation_mails])
    result.digests = len(digest_mails)
    result.escalation_mails = len(escalation_mails)
    return result


def _note(person: Person, f: Fired, kind: str, text: str) -> Any:
    """An in-app notification for a person who can sign in (None for one who cannot)."""
    if person.user_id is None:
        return None
    return Notification(recipient=person, assignment_id=f.assignment_id, kind=kind, text=text[:500])


def _optimize() -> None:
    """Let SQLite refresh its query planner's statistics when they are stale (cheap; PostgreSQL's autovacuum
    does this on its own). Dashboards depend on the planner picking the covering indexes."""
    from django.db import connection

    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def _people(fired: list[Fired]) -> dict[str, dict[int, list[Person]]]:
    """The people of the reminded units and the office people of their issuing bodies, read once."""
    units: dict[int, list[Person]] = defaultdict(list)
    for p in unit_people({f.unit_id for f in fired}):
        units[p.unit_id].append(p)
    offices: dict[int, list[Person]] = defaultdict(list)
    for issuer_id in {f.issuer_id for f in fired}:
        offices[issuer_id] = list(office_people(issuer_id))
    return {"unit": units, "office": offices}
