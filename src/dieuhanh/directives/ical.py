"""The iCalendar feed of a person's deadlines, at an address with a secret only they know."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from icalendar import Calendar, Event

from dieuhanh.core import audit
from dieuhanh.org.models import LEADER_ROLES
from dieuhanh.org.rules import person_of

from . import conf
from .models import Assignment, CalendarToken
from .queries import visible_assignments
from .status import open_q

FEED_LIMIT = 500


def token_for(user: Any) -> str:
    """The user's feed secret, made on first use."""
    row, _ = CalendarToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return row.token


@transaction.atomic
def renew_token(*, actor: Any) -> str:
    """Give ``actor`` a new feed secret: the old address stops working."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=actor, defaults={"token": token})
    audit.record(
        actor=actor, action="calendar.renew", object_type="directives.calendartoken", object_id=actor.pk
    )
    return token


def user_for(token: str) -> Any | None:
    """The user whose feed secret is ``token`` (None for an unknown one)."""
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    return row.user if row is not None and row.user.is_active else None


def deadlines(user: Any, today: dt.date) -> QuerySet[Assignment]:
    """The open assignments with a deadline that are the user's to do or to follow: a unit's own, a leader's
    own directives, everything of the issuing body for the office; nearest deadlines first."""
    rows = visible_assignments(user).filter(open_q(today), deadline__isnull=False)
    person = person_of(user)
    if person is not None and person.role in LEADER_ROLES:
        rows = rows.filter(leader=person)
    return rows.select_related("unit", "directive").order_by("deadline", "pk")[:FEED_LIMIT]


def feed(user: Any, today: dt.date) -> bytes:
    """The calendar: one all-day event per deadline."""
    calendar = Calendar()
    calendar.add("prodid", "-//dieuhanh//Nhiệm vụ//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Hạn nhiệm vụ được giao")
    base = conf.site_url().rstrip("/")
    stamp = dt.datetime.now(dt.UTC)
    for a in deadlines(user, today):
        assert a.deadline is not None
        event = Event()
        event.add("uid", f"assignment-{a.pk}@dieuhanh")
        event.add("dtstamp", stamp)
        event.add("dtstart", a.deadline)
        event.add("dtend", a.deadline + dt.timedelta(days=1))
        event.add("summary", f"Hạn: {a.unit.display_short} — {a.directive.text[:80]}")
        event.add("description", f"{a.directive.text}\n{a.source_label}\n{base}/nhiem-vu/{a.pk}/")
        event.add("url", f"{base}/nhiem-vu/{a.pk}/")
        calendar.add_component(event)
    return calendar.to_ical()
