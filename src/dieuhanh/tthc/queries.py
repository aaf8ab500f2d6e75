"""Reads shared by the pages, the API, the CLI and the reports: statistics and rankings of an issuing body's
stored dossiers, and the period snapshot (``dieuhanh.tthc/1``) that the portal, open data, the DOCX report and
the radio bulletin are all made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import GroupKey, Person, Role, Unit, UnitGroup
from dieuhanh.org.resolver import get_issuer
from dieuhanh.org.rules import person_of

from . import conf, store
from .engine import STAT_FIELDS, UnitStats, compare_periods, total, unit_stats
from .importer import time_limits
from .models import FollowUp, ImportJob, Publication
from .periods import Period
from .ranking import (
    COMMUNES,
    DEPARTMENTS,
    GROUP_TITLES,
    GROUPS,
    RankingSettings,
    late_rate,
    progress_rate,
    rank_units,
    rating_band,
    rule_texts,
)

SNAPSHOT_FORMAT = "dieuhanh.tthc/1"


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit as the statistics show it: names, ranking group and place in lists."""

    code: str
    name: str
    short_name: str
    group: str
    order: int


def issuer_for(user: Any) -> Unit:
    """The issuing body whose dossiers the signed-in person works on."""
    person = person_of(user)
    if person is not None:
        return person.issuer
    if getattr(user, "is_superuser", False):
        return get_issuer(None)
    raise DomainError("Tài khoản chưa gắn với cán bộ nào trong danh mục.", code="no_person")


def dataset_of(issuer: Unit) -> Path:
    """The issuing body's dataset file (it may not exist yet)."""
    return store.dataset_path(conf.data_dir(), issuer.code)


def units_of(issuer: Unit) -> dict[str, UnitInfo]:
    """Every unit of the registry of ``issuer`` (and the issuer itself) by code, with its ranking group."""
    communes = set(
        UnitGroup.objects.filter(issuer=issuer, key=GroupKey.COMMUNES).values_list("members__code", flat=True)
    )
    units = Unit.objects.filter(Q(pk=issuer.pk) | Q(issuer=issuer)).order_by("sort_order", "name")
    return {
        u.code: UnitInfo(
            u.code, u.name, u.short_name or u.name, COMMUNES if u.code in communes else DEPARTMENTS, i
        )
        for i, u in enumerate(units)
    }


def period_stats(
    issuer: Unit, period: Period, *, units: dict[str, UnitInfo] | None = None
) -> list[UnitStats]:
    """Statistics of every unit in ``period`` from the stored dataset; every commune has a row."""
    info = units if units is not None else units_of(issuer)
    communes = [code for code, unit in info.items() if unit.group == COMMUNES]
    path = dataset_of(issuer)
    if not path.exists():
        return [UnitStats(code) for code in sorted(communes)]
    limits = time_limits()
    figures = _stored_stats(
        str(path),
        store.version_of(path),
        period,
        tuple(sorted(communes)),
        tuple(sorted((limits or {}).items())),
    )
    return list(figures)


@lru_cache(maxsize=64)
def _stored_stats(
    path: str, version: str, period: Period, communes: tuple[str, ...], limits: tuple[tuple[str, int], ...]
) -> tuple[UnitStats, ...]:
    """A period's figures from the dataset file. They only change when an import lands (a new file, a new
    ``version``) or the registry's communes or the time limits change, all of which are arguments: each worker
    computes them once."""
    return tuple(unit_stats(Path(path), period, units=communes, time_limits=dict(limits) or None))


def available_periods(issuer: Unit) -> list[str]:
    """The months in which dossiers were received, newest first ('2021-07', ...), from the dataset's manifest
    (written by each import; made once here for a dataset older than manifests)."""
    path = dataset_of(issuer)
    if not path.exists():
        return []
    found = store.manifest(path)
    if found is not None:
        return [str(m) for m in found.get("months") or []]
    months = store.months_of(path)
    store.write_manifest(path, months)
    return months


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _totals(rows: list[UnitStats], label: str, cfg: RankingSettings) -> dict[str, Any]:
    summed = total(rows, label)
    rate = progress_rate(summed, cfg)
    return {
        **{name: getattr(summed, name) for name in STAT_FIELDS},
        "units": len(rows),
        "received_counter": summed.received - summed.received_online,
        "resolved": summed.resolved,
        "pending": summed.pending,
        "processed": summed.processed,
        "on_time_rate": _rate(summed.on_time_rate),
        "late_rate": _rate(late_rate(summed)),
        "progress_rate": _rate(rate),
        "progress_score": None if rate is None else round(rate * cfg.progress_points, 2),
        "band": rating_band(None if rate is None else rate * 100, cfg.bands),
    }


def _change(current: list[UnitStats], previous: list[UnitStats]) -> dict[str, Any]:
    now, before = total(current), total(previous)
    rate = None
    if now.on_time_rate is not None and before.on_time_rate is not None:
        rate = _rate(now.on_time_rate - before.on_time_rate)
    return {"received": now.received - before.received, "on_time_rate": rate}


def snapshot(issuer: Unit, period: Period, settings: RankingSettings | None = None) -> dict[str, Any]:
    """Figures, change against the previous period and rankings of ``period``, as plain JSON-ready values."""
    cfg = settings or conf.ranking_settings()
    info = units_of(issuer)
    current = period_stats(issuer, period, units=info)
    previous_period = period.previous()
    previous = period_stats(issuer, previous_period, units=info)
    groups = {
        code: (info[code].group if code in info else DEPARTMENTS) for code in {r.unit_code for r in current}
    }
    ranking = rank_units(current, groups, cfg)
    changes = {c.unit_code: c for c in compare_periods(current, previous)}
    followed = {
        f.unit.code: f.directive_id
        for f in FollowUp.objects.filter(issuer=issuer, period=period.label).select_related("unit")
    }
    units: list[dict[str, Any]] = []
    for name in GROUPS:
        for ranked in [*ranking[name].ranked, *ranking[name].insufficient]:
            unit = info.get(ranked.unit_code)
            change = changes[ranked.unit_code]
            row = ranked.as_dict()
            row.update(
                {
                    "name": unit.name if unit else ranked.unit_code,
                    "short_name": unit.short_name if unit else ranked.unit_code,
                    **{f: getattr(ranked.stats, f) for f in STAT_FIELDS},
                    "processed": ranked.stats.processed,
                    "pending": ranked.stats.pending,
                    "received_counter": ranked.stats.received - ranked.stats.received_online,
                    "on_time_rate": _rate(ranked.stats.on_time_rate),
                    "late_rate": _rate(ranked.late_rate),
                    "progress_rate": _rate(ranked.progress_rate),
                    "previous_received": change.previous.received,
                    "previous_resolved": change.previous.resolved,
                    "previous_on_time_rate": _rate(change.previous.on_time_rate),
                    "received_change": change.change("received"),
                    "on_time_rate_change": _rate(change.on_time_rate_change),
                    "follow_up_directive": followed.get(ranked.unit_code),
                }
            )
            units.append(row)
    by_group = {name: [r for r in current if groups[r.unit_code] == name] for name in GROUPS}
    return {
        "format": SNAPSHOT_FORMAT,
        "issuer": {
            "code": issuer.code,
            "name": issuer.name,
            "short_name": issuer.short_name or issuer.name,
            "place_name": issuer.place_name,
        },
        "period": period.label,
        "title": period.title,
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
        "previous_period": previous_period.label,
        "previous_title": previous_period.title,
        "rules": rule_texts(cfg),
        "settings": {
            "minimum_resolved": cfg.minimum_resolved,
            "late_rate_threshold": cfg.late_rate_threshold,
            "progress_points": cfg.progress_points,
            "bands": [{"min_percent": b.min_percent, "label": b.label} for b in cfg.bands],
        },
        "groups": [
            {
                "group": name,
                "title": GROUP_TITLES[name],
                "ranked": [u.unit_code for u in ranking[name].ranked],
                "insufficient": [u.unit_code for u in ranking[name].insufficient],
                "totals": _totals(by_group[name], name, cfg),
            }
            for name in GROUPS
        ],
        "totals": _totals(current, "all", cfg),
        "previous_totals": _totals(previous, "all", cfg),
        "change": _change(current, previous),
        "units": units,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def unit_rows(
    snap: dict[str, Any], group: str | None = None, *, ranked_only: bool = False
) -> list[dict[str, Any]]:
    """The unit rows of a snapshot, of one group, in ranking order."""
    rows = [u for u in snap["units"] if group is None or u["group"] == group]
    return [u for u in rows if u["rank"] is not None] if ranked_only else rows


def flagged(snap: dict[str, Any]) -> list[dict[str, Any]]:
    """Units flagged for follow-up in a snapshot, highest late rate first."""
    rows = [u for u in snap["units"] if u["follow_up"]]
    return sorted(rows, key=lambda u: (-(u["late_rate"] or 0), u["name"]))


def publication(period: str, issuer_code: str | None = None) -> Publication | None:
    """The published results of a period (of one issuing body when several published it)."""
    rows = Publication.objects.filter(period=period).select_related("issuer").order_by("issuer__sort_order")
    if issuer_code:
        rows = rows.filter(issuer__code=issuer_code)
    return rows.first()


def publications() -> list[Publication]:
    """Every published period, newest first."""
    return list(Publication.objects.select_related("issuer").order_by("-period", "issuer__sort_order"))


def recent_jobs(issuer: Unit, limit: int = 10) -> list[ImportJob]:
    """The issuing body's latest imports."""
    return list(ImportJob.objects.filter(issuer=issuer).select_related("source", "created_by")[:limit])


def default_period(issuer: Unit, available: list[str]) -> str:
    """The period a page opens on: the latest published one, else the last month before the newest in the
    data (the newest is usually still running), else the current month."""
    latest = (
        Publication.objects.filter(issuer=issuer).order_by("-period").values_list("period", flat=True).first()
    )
    if latest:
        return latest
    if available:
        return available[1] if len(available) > 1 else available[0]
    return timezone.localdate().strftime("%Y-%m")


def period_choices(available: list[str], current: Period) -> list[Period]:
    """The periods a picker offers: the months with data, their quarters and years, and the current one."""
    months = [Period.parse(label) for label in available]
    found = {current, *months}
    for month in months:
        first = month.first_day
        found.add(Period.quarter(first.year, (first.month + 2) // 3))
        found.add(Period.year(first.year))
    return sorted(found, key=lambda p: (-p.first_day.toordinal(), p.days))


def signer_of(issuer: Unit) -> str | None:
    """The Chair's name, printed under the report's signature block."""
    chair = Person.objects.filter(unit=issuer, role=Role.CHAIR, is_active=True).order_by("pk").first()
    return chair.full_name if chair else None


def as_of(snap: dict[str, Any]) -> dt.date:
    """The last day of the snapshot's period."""
    return dt.date.fromisoformat(snap["last_day"])
