"""Reads of the registry shared by pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from dieuhanh.vn.text import fold

from .models import CommitteeMembership, GroupKey, Person, Role, Unit, UnitKind


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


def search_units(units: QuerySet[Unit], query: str) -> list[Unit]:
    """Units whose name, short name, code or alias contains ``query``, ignoring diacritics and case."""
    needle = fold(query)
    rows = units.select_related("issuer", "successor").prefetch_related("aliases")
    if not needle:
        return list(rows)
    result = []
    for unit in rows:
        texts: list[Any] = [unit.code, unit.name, unit.short_name, *[a.text for a in unit.aliases.all()]]
        if any(needle in fold(str(t)) for t in texts):
            result.append(unit)
    return result
