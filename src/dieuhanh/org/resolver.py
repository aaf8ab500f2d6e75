"""Resolving unit mentions as documents write them into registry units, groups and roles.

"phòng Tài nguyên-MT huyện" → the department; "Chủ tịch UBND các xã, thị trấn" → every commune's committee with
the role chair; "thủ trưởng các cơ quan, đơn vị" → every department and agency with the role head. Matching is
insensitive to diacritics, case, spacing and dashes, and expands abbreviations (see ``dieuhanh.vn.abbrev``).
A mention naming several units ("Phòng TN-MT huyện, Công an huyện và Chủ tịch UBND các xã") yields each of them.
The matching is the project's one phrase matcher (``dieuhanh.vn.mentions``), fed here with the registry's names
and aliases; the parser uses the same matcher with its built-in vocabulary when there is no database.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from dieuhanh.core.errors import DomainError
from dieuhanh.vn.abbrev import match_key
from dieuhanh.vn.mentions import PhraseMatcher

from .models import GroupKey, Unit, UnitAlias, UnitGroup

ALL = "all"


@dataclass(frozen=True)
class Match:
    """One thing a mention names: a unit, or a group of units, possibly addressed to a role."""

    unit: Unit | None = None
    group: str | None = None
    role: str | None = None
    members: tuple[Unit, ...] = ()

    @property
    def code(self) -> str | None:
        return self.unit.code if self.unit is not None else None

    @property
    def name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return str(GroupKey(self.group).label) if self.group in GroupKey.values else "Các cấp, các ngành"

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "group": self.group,
            "role": self.role,
        }
        if self.group is not None:
            data["members"] = [u.code for u in self.members]
        return data


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    score: float

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "score": round(self.score, 3)}


@dataclass
class Resolution:
    mention: str
    matches: list[Match] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.matches)

    def units(self) -> list[Unit]:
        """Every unit named, groups expanded, without duplicates, in mention order."""
        seen: dict[int, Unit] = {}
        for match in self.matches:
            for unit in (match.unit,) if match.unit is not None else match.members:
                if unit is not None:
                    seen.setdefault(unit.pk, unit)
        return list(seen.values())

    def as_json(self) -> dict[str, object]:
        return {
            "mention": self.mention,
            "matches": [m.as_json() for m in self.matches],
            "suggestions": [s.as_json() for s in self.suggestions],
            "unmatched": self.unmatched,
        }


def get_issuer(code: str | None = None) -> Unit:
    """The issuing body with ``code``; without a code, the only one set up (an error when there are several)."""
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise DomainError(
                f"Không có cơ quan ban hành mã “{code}” trong danh mục.",
                code="issuer_not_found",
                log_message=f"No issuing body with code {code!r}.",
            )
        return unit.issuing_body if not unit.is_issuer else unit
    top = list(Unit.objects.filter(is_issuer=True, issuer__isnull=True)[:2])
    if len(top) == 1:
        return top[0]
    if not top:
        raise DomainError(
            "Chưa có cơ quan ban hành nào trong danh mục: hãy nạp danh mục đơn vị trước.", code="no_issuer"
        )
    raise DomainError(
        "Có nhiều cơ quan ban hành: hãy chỉ rõ mã cơ quan (--issuer).",
        code="issuer_ambiguous",
        log_message="Several issuing bodies are set up; pass --issuer.",
    )


class _Index:
    """Match keys of one issuing body's units as token tuples."""

    def __init__(self, issuer: Unit, on: dt.date | None) -> None:
        self.issuer = issuer
        self.on = on
        units = Unit.objects.filter(pk=issuer.pk) | Unit.objects.filter(issuer=issuer)
        if issuer.issuer_id is not None:
            units = units | Unit.objects.filter(pk=issuer.issuer_id)
        if on is not None:
            units = units.active_on(on)
        self.units = list(units.prefetch_related(Prefetch("aliases", queryset=UnitAlias.objects.all())))
        places = {issuer.place_name} | {u.place_name for u in self.units if u.place_name}
        self.matcher: PhraseMatcher[Unit] = PhraseMatcher(places=places)
        for unit in self.units:
            for text in (unit.name, unit.short_name, *[a.text for a in unit.aliases.all()]):
                if text:
                    self.matcher.add(text, unit, places=[issuer.place_name, unit.place_name])
        self.groups = {
            g.key: tuple(m for m in g.members.all() if on is None or m.is_active_on(on))
            for g in UnitGroup.objects.filter(issuer=issuer).prefetch_related("members")
        }

    def group_members(self, key: str) -> tuple[Unit, ...]:
        if key == ALL:
            merged: dict[int, Unit] = {}
            for group in (GroupKey.UNITS, GroupKey.COMMUNES):
                for unit in self.groups.get(group, ()):
                    merged.setdefault(unit.pk, unit)
            return tuple(merged.values())
        return self.groups.get(key, ())


def resolve(mention: str, issuer: Unit | None = None, on: dt.date | None = None) -> Resolution:
    """Resolve ``mention`` against ``issuer``'s registry (the only issuer when None), as of ``on``."""
    return resolver_for(issuer, on)(mention)


def resolver_for(issuer: Unit | None = None, on: dt.date | None = None) -> Callable[[str], Resolution]:
    """``resolve`` for many mentions against one registry, which is read once."""
    index = _Index(issuer or get_issuer(None), on)
    return lambda mention: _resolve(mention, index)


def _resolve(mention: str, index: _Index) -> Resolution:
    result = Resolution(mention=mention)
    reading = index.matcher.read(mention)
    for hit in reading.hits:
        roles: tuple[str | None, ...] = hit.roles or (None,)
        if hit.group is not None:
            members = index.group_members(hit.group)
            result.matches.extend(Match(group=hit.group, role=r, members=members) for r in roles)
        else:
            result.matches.extend(Match(unit=unit, role=r) for unit in hit.targets for r in roles)
    if reading.leftover:
        result.unmatched = [" ".join(reading.leftover)]
    if not result.matches:
        result.suggestions = suggest(mention, index)
    return result


def suggest(mention: str, index: _Index, limit: int = 5) -> list[Suggestion]:
    """The registry units whose names look most like ``mention``."""
    key = match_key(mention)
    best: dict[int, Suggestion] = {}
    for entry, units in index.matcher.entries.items():
        score = difflib.SequenceMatcher(None, key, " ".join(entry), autojunk=False).ratio()
        if score < 0.45:
            continue
        for unit in units:
            current = best.get(unit.pk)
            if current is None or current.score < score:
                best[unit.pk] = Suggestion(code=unit.code, name=unit.name, score=score)
    return sorted(best.values(), key=lambda s: -s.score)[:limit]
