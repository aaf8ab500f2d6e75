"""Aggregates that cost nothing per view: the dashboard's counts by status and unit, its monthly trend and the
API's counts, computed once per issuing body, day, filters and version of its assignments, then read from the
cache (docs/decisions/0010-dashboard-aggregates.md).

The version (``AssignmentsVersion``) is drawn afresh by database triggers in the transaction of every write to an
assignment, whatever wrote it (a service, a bulk import, a raw UPDATE), so an entry is never read once the rows it
counts have changed; the day is in the key, so statuses that turn overdue at midnight are counted afresh. The cache
is Django's ``summary`` cache: files under the data folder by default, shared by every worker of the machine; a
site with several web servers points it at Redis.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches

from dieuhanh.org.models import Unit

from .models import AssignmentsVersion

T = TypeVar("T")
TIMEOUT = 6 * 3600  # an entry of a version no one asks for any more ages out


def version(issuer_id: int) -> int:
    """The version of the issuing body's assignments (0 before their first write)."""
    found = AssignmentsVersion.objects.filter(issuer_id=issuer_id).values_list("version", flat=True).first()
    return int(found or 0)


def _issuer_of(scope: dict[str, int]) -> int | None:
    if "issuer_id" in scope:
        return scope["issuer_id"]
    if "unit_id" in scope:
        unit = Unit.objects.filter(pk=scope["unit_id"]).values_list("issuer_id", flat=True).first()
        return unit or scope["unit_id"]
    return None


def cached(
    scope: dict[str, int] | None, name: str, today: dt.date, parts: Any, compute: Callable[[], T]
) -> T:
    """``compute()``, or what it gave for the same reader's scope, day, ``parts`` and version of the data.

    A superuser's scope (everything) is not cached: it spans issuing bodies."""
    issuer = _issuer_of(scope) if scope else None
    if issuer is None:
        return compute()
    detail = hashlib.sha256(repr((sorted(scope.items()), parts)).encode()).hexdigest()[:24]  # type: ignore[union-attr]
    key = f"dieuhanh:summary:{name}:{issuer}:{version(issuer)}:{today.isoformat()}:{detail}"
    store = caches["summary"]
    found = store.get(key)
    if found is None:
        found = compute()
        store.set(key, found, TIMEOUT)
    return found
