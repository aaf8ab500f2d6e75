"""Who hears about an assignment, and the in-app notifications services leave for them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from dieuhanh.org.models import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Person, Role

from .models import Assignment, Notification

# Those who carry out a unit's assignments (the office's own people for the office's), and its head.
WORKER_ROLES = [*UNIT_ROLES, *OFFICE_ROLES]
HEAD_ROLES = {Role.UNIT_HEAD, Role.OFFICE_CHIEF}


def unit_people(unit_ids: Iterable[int]) -> QuerySet[Person]:
    """The active officers and heads of the given units."""
    return Person.objects.filter(unit_id__in=list(unit_ids), role__in=WORKER_ROLES, is_active=True)


def office_people(issuer_id: int) -> QuerySet[Person]:
    """The office chief and office staff of an issuing body."""
    return Person.objects.filter(
        Q(unit_id=issuer_id) | Q(unit__issuer_id=issuer_id), role__in=list(OFFICE_ROLES), is_active=True
    )


def deciders(issuer_id: int) -> QuerySet[Person]:
    """Those who decide extension requests: the office chief and the leaders of the issuing body."""
    return Person.objects.filter(
        Q(unit_id=issuer_id) | Q(unit__issuer_id=issuer_id),
        role__in=[Role.OFFICE_CHIEF, *LEADER_ROLES],
        is_active=True,
    )


def notify(people: Iterable[Person], assignment: Assignment | None, kind: str, text: str) -> int:
    """Leave an in-app notification for each person who can sign in; returns how many were left."""
    rows = [
        Notification(recipient=p, assignment=assignment, kind=kind, text=text[:500])
        for p in people
        if p.user_id is not None
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_units(assignments: Iterable[Assignment], kind: str, text_of: dict[int, str] | str) -> int:
    """Notify the people of each assignment's unit (``text_of`` is one text or one per assignment id)."""
    assignments = list(assignments)
    people: dict[int, list[Person]] = {}
    for person in unit_people({a.unit_id for a in assignments}).filter(user__isnull=False):
        people.setdefault(person.unit_id, []).append(person)
    rows = []
    for a in assignments:
        text = text_of if isinstance(text_of, str) else text_of[a.pk]
        rows += [
            Notification(recipient=p, assignment=a, kind=kind, text=text[:500])
            for p in people.get(a.unit_id, [])
        ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_count(person: Person | None) -> int:
    """How many notifications ``person`` has not read."""
    if person is None:
        return 0
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()
