"""Reads of notices shared by pages, the API and the portal."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dieuhanh.org.rules import person_of
from dieuhanh.vn.text import fold

from .models import Delivery, Notice, NoticeStatus


def notices_for(user: Any) -> QuerySet[Notice]:
    qs = Notice.objects.select_related("issuer", "meeting")
    if getattr(user, "is_superuser", False):
        return qs
    person = person_of(user)
    if person is None:
        return qs.none()
    return qs.filter(issuer=person.issuer)


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
