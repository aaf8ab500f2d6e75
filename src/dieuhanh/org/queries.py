"""Reads of the registry shared by pages and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Case, Count, Q, QuerySet, Value, When

from dieuhanh.vn.text import fold

from .models import CommitteeMembership, GroupKey, Person, Role, Unit, UnitAlias, UnitKind


def registry_summary(issuer: Unit) -> dict[str, int]:
    """Counts for the home pages: units by kind, communes, people, committee members today."""
    today = dt.date.today()
    units = Unit.objects.filter(issuer=issuer).active_on(today)
    # distinct: the join on group memberships repeats a unit once per group it belongs to.
    counts = units.aggregate(
        departments=Count("pk", filter=Q(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]), distinct=True),
        agencies=Count("pk", filter=Q(kind=UnitKind.AGENCY), distinct=True),
        communes=Count("pk", filter=Q(memberships__key=GroupKey.COMMUNES), distinct=True),
    )
    counts["people"] = Person.objects.filter(Q(unit=issuer) | Q(unit__issuer=issuer), is_active=True).count()
    counts["members"] = (
        CommitteeMembership.objects.filter(committee=issuer, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .count()
    )
    return counts


def office_chief(issuer: Unit) -> Person | None:
    """The serving chief of the issuer's office, who signs session notices 'TL. CHỦ TỊCH'."""
    return (
        Person.objects.filter(
            unit__issuer=issuer, unit__kind=UnitKind.OFFICE, role=Role.OFFICE_CHIEF, is_active=True
        )
        .order_by("pk")
        .first()
    )


def people_of_unit(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit, is_active=True).select_related("user").order_by("full_name")


def search_units(
    units: QuerySet[Unit], query: str, kind_order: Sequence[str] = ()
) -> QuerySet[Unit] | list[Unit]:
    """Units whose name, short name, code or alias contains ``query``, ignoring diacritics and case, in
    ``kind_order`` (then their own order). Without a query, the queryset itself: a page of it reads only its
    rows."""
    if kind_order:
        rank = Case(
            *(When(kind=k, then=Value(i)) for i, k in enumerate(kind_order)), default=Value(len(kind_order))
        )
        units = units.annotate(kind_rank=rank).order_by("kind_rank", "sort_order", "name")
    needle = fold(query)
    if not needle:
        return units.select_related("issuer", "successor")
    # A search reads the names only (no joins); the few units found are then read whole.
    found = [
        pk
        for pk, code, name, short_name in units.values_list("pk", "code", "name", "short_name")
        if any(needle in fold(str(t)) for t in (code, name, short_name))
    ]
    aliased = set(UnitAlias.objects.filter(unit__in=units).values_list("unit_id", "text"))
    found_set = set(found) | {unit_id for unit_id, text in aliased if needle in fold(text)}
    rows = units.filter(pk__in=found_set).select_related("issuer", "successor")
    return list(rows)


def search_people(people: QuerySet[Person], query: str) -> QuerySet[Person] | list[Person]:
    """People whose name, title or username contains ``query`` (ignoring diacritics and case), by unit and name;
    without a query, the queryset itself."""
    people = people.select_related("unit", "user").order_by(
        "unit__sort_order", "unit__name", "full_name", "pk"
    )
    needle = fold(query)
    if not needle:
        return people
    found = [
        pk
        for pk, name, title, username in people.values_list("pk", "full_name", "title", "user__username")
        if any(needle in fold(str(t or "")) for t in (name, title, username))
    ]
    return list(people.filter(pk__in=found))
