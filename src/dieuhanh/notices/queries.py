"""Reads of notices shared by pages, the API and the portal."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dieuhanh.org.models import LEADER_ROLES, OFFICE_ROLES, Role
from dieuhanh.org.rules import person_of
from dieuhanh.vn.text import fold

from .models import Delivery, Notice, NoticeStatus


def visible_to(user: Any) -> QuerySet[Notice]:
    """The notices ``user`` may read: the rule ``notices.view_notice`` (org/rules.py) as a queryset, for the list,
    the API and feeds alike (a test checks both agree notice by notice)."""
    qs = Notice.objects.select_related("issuer", "meeting")
    if getattr(user, "is_superuser", False):
        return qs
    person = person_of(user)
    if person is None:
        return qs.none()
    issued = Q(status=NoticeStatus.ISSUED)
    visible = issued & (Q(is_public=True) | Q(deliveries__unit_id=person.unit_id))
    own = Q(issuer_id=person.issuer.pk)
    if person.role in OFFICE_ROLES | LEADER_ROLES:
        visible |= own
    elif person.role == Role.VIEWER:
        visible |= own & issued
    return qs.filter(pk__in=Notice.objects.filter(visible).values("pk"))


def notices_for(user: Any) -> QuerySet[Notice]:
    """The notices of the signed-in person's own issuing body that they may read (the notice list)."""
    person = person_of(user)
    qs = visible_to(user)
    if person is None or getattr(user, "is_superuser", False):
        return qs
    return qs.filter(issuer_id=person.issuer.pk)


def inbox_for(user: Any) -> QuerySet[Delivery]:
    """Issued notices delivered to the signed-in person's unit."""
    person = person_of(user)
    if person is None:
        return Delivery.objects.none()
    return Delivery.objects.filter(unit=person.unit, notice__status=NoticeStatus.ISSUED).select_related(
        "notice", "unit"
    )


def public_notices(query: str = "") -> QuerySet[Notice]:
    """Issued notices marked public, searchable without diacritics ('ket luan khai thac khoang san')."""
    qs = Notice.objects.filter(status=NoticeStatus.ISSUED, is_public=True).select_related("issuer")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-issued_on", "-number")
