"""Allocating document numbers inside the issuing transaction: never duplicated, never skipped.

Decree 30/2020, Art. 15: numbers run from 01 on 1 January to 31 December of each year, per issuing body, in the
series its head decides (one series for all administrative documents, or one per type); secret documents and
copies keep their own series. The series row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite takes the
database write lock at BEGIN IMMEDIATE), so concurrent issuers queue and each gets the next number.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from dieuhanh.org.models import Unit

from .models import NoticeSettings, NumberingMode, NumberingSeries, SeriesKind


def series_key_for(issuer: Unit, doc_type: str, *, secret: bool = False, copy: bool = False) -> str:
    """The series a document takes its number from, by the body's numbering mode."""
    if secret:
        return SeriesKind.SECRET
    if copy:
        return SeriesKind.COPY
    config = NoticeSettings.objects.filter(issuer=issuer).first()
    if config is not None and config.numbering_mode == NumberingMode.PER_TYPE:
        return doc_type
    return SeriesKind.ADMINISTRATIVE


def allocate(issuer: Unit, key: str, year: int) -> int:
    """Take the next number of ``issuer``'s series ``key`` for ``year``; call inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Numbers are allocated only inside the issuing transaction.")
    series = NumberingSeries.objects.select_for_update().filter(issuer=issuer, key=key, year=year).first()
    if series is None:
        try:
            with transaction.atomic():
                series = NumberingSeries.objects.create(issuer=issuer, key=key, year=year, last_number=0)
        except IntegrityError:
            series = NumberingSeries.objects.select_for_update().get(issuer=issuer, key=key, year=year)
        series = NumberingSeries.objects.select_for_update().get(pk=series.pk)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number
