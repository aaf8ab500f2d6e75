"""Resolving unit mentions as documents write them into registry units, groups and roles.

"phòng Tài nguyên-MT huyện" → the department; "Chủ tịch UBND các xã, thị trấn" → every commune's committee with
the role chair; "thủ trưởng các cơ quan, đơn vị" → every department and agency with the role head. Matching is
insensitive to diacritics, case, spacing and dashes, and expands abbreviations (see ``dieuhanh.vn.abbrev``).
A mention naming several units ("Phòng TN-MT huyện, Công an huyện và Chủ tịch UBND các xã") yields each of them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from dieuhanh.core.errors import DomainError
from dieuhanh.vn.abbrev import key_variants, match_key
from dieuhanh.vn.unitwords import group_key

from .models import GroupKey, Unit, UnitAlias, UnitGroup

ALL = "all"

# Group mentions, as match keys (no diacritics, no "và", UBND/HĐND short); their labels come from the one rule
# in ``dieuhanh.vn.unitwords``. Longest first at match time.
_GROUP_PHRASES: dict[str, str] = {
    phrase: group_key(phrase)
    for phrase in (
        "ubnd cac xa thi tran", "ubnd cac xa phuong thi tran", "ubnd cac xa phuong", "ubnd cac phuong xa",
        "ubnd cac xa", "ubnd cac phuong", "ubnd cac thi tran", "ubnd cap xa", "cac xa thi tran",
        "cac xa phuong thi tran", "cac xa phuong", "cac phuong xa", "cac xa", "cac phuong", "cac dia phuong",
        "cac phong co quan don vi", "cac phong ban nganh", "cac phong ban co quan don vi", "cac phong ban don vi",
        "cac phong don vi", "cac co quan don vi", "cac co quan chuyen mon", "cac so ban nganh", "cac ban nganh",
        "cac nganh", "cac don vi", "cac co quan", "cac phong ban", "cac phong chuyen mon", "cac phong", "cac so",
        "cac cap cac nganh", "cac cap nganh", "cac cap chinh quyen", "ca he thong chinh tri",
    )
}  # fmt: skip

_ROLE_PHRASES: dict[tuple[str, ...], str] = {
    ("chu", "tich"): "chair",
    ("cac", "pho", "chu", "tich"): "vice_chair",
    ("pho", "chu", "tich"): "vice_chair",
    ("thu", "truong"): "head",
    ("lanh", "dao"): "head",
    ("truong",): "head",
    ("cac", "thanh", "vien"): "member",
    ("thanh", "vien"): "member",
}
_CONNECTORS = {"va", "cung", "voi", "dong", "chi", "d", "c"}
_TAILS: tuple[tuple[str, ...], ...] = (
    ("tren", "dia", "ban"),
    ("lien", "quan"),
    ("truc", "thuoc"),
    ("co", "lien", "quan"),
)
_LEVEL_WORDS: tuple[tuple[str, ...], ...] = (
    ("thi", "tran"),
    ("thi", "xa"),
    ("thanh", "pho"),
    ("huyen",),
    ("tinh",),
    ("xa",),
    ("quan",),
    ("phuong",),
)


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
        self.place_tokens = sorted((tuple(match_key(p).split()) for p in places if p), key=len, reverse=True)
        self.entries: dict[tuple[str, ...], list[Unit]] = {}
        for unit in self.units:
            texts = [unit.name, unit.short_name, *[a.text for a in unit.aliases.all()]]
            for text in texts:
                if not text:
                    continue
                for variant in key_variants(text, places=[issuer.place_name, unit.place_name]):
                    bucket = self.entries.setdefault(tuple(variant.split()), [])
                    if unit not in bucket:
                        bucket.append(unit)
        self.max_len = max((len(k) for k in self.entries), default=1)
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


_GROUP_TOKENS = sorted(((tuple(k.split()), v) for k, v in _GROUP_PHRASES.items()), key=lambda kv: -len(kv[0]))
_ROLE_TOKENS = sorted(_ROLE_PHRASES.items(), key=lambda kv: -len(kv[0]))


def _starts(tokens: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(tokens[i : i + len(phrase)]) == phrase


def _skip_locality(tokens: list[str], i: int, index: _Index) -> int:
    """Skip 'huyện', 'huyện Sông Lô', 'trên địa bàn huyện' and similar after a match."""
    moved = True
    while moved and i < len(tokens):
        moved = False
        for tail in _TAILS:
            if _starts(tokens, i, tail):
                i += len(tail)
                moved = True
        for level in _LEVEL_WORDS:
            if _starts(tokens, i, level):
                j = i + len(level)
                for place in index.place_tokens:
                    if _starts(tokens, j, place):
                        j += len(place)
                        break
                # A level word followed by a name we do not know is the start of something else.
                if j == len(tokens) or tokens[j] in _CONNECTORS or j > i + len(level):
                    i = j
                    moved = True
                break
    return i


def resolve(mention: str, issuer: Unit | None = None, on: dt.date | None = None) -> Resolution:
    """Resolve ``mention`` against ``issuer``'s registry (the only issuer when None), as of ``on``."""
    return resolver_for(issuer, on)(mention)


def resolver_for(issuer: Unit | None = None, on: dt.date | None = None) -> Callable[[str], Resolution]:
    """``resolve`` for many mentions against one registry, which is read once."""
    index = _Index(issuer or get_issuer(None), on)
    return lambda mention: _resolve(mention, index)


def _resolve(mention: str, index: _Index) -> Resolution:
    tokens = match_key(mention).split()
    result = Resolution(mention=mention)
    roles: list[str | None] = []
    no_role: list[str | None] = [None]
    leftover: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _CONNECTORS:
            i += 1
            continue
        role = next((r for phrase, r in _ROLE_TOKENS if _starts(tokens, i, phrase)), None)
        role_len = next((len(p) for p, r in _ROLE_TOKENS if _starts(tokens, i, p)), 0)
        group = next(((p, g) for p, g in _GROUP_TOKENS if _starts(tokens, i, p)), None)
        unit_hit: tuple[int, list[Unit]] | None = None
        for length in range(min(index.max_len, len(tokens) - i), 0, -1):
            units = index.entries.get(tuple(tokens[i : i + length]))
            if units:
                unit_hit = (length, units)
                break
        # A role phrase that is itself the start of a unit's name ("Thanh tra") is the unit.
        if role is not None and not (unit_hit and unit_hit[0] > role_len) and not group:
            roles.append(role)
            i += role_len
            continue
        if group is not None and (unit_hit is None or len(group[0]) >= unit_hit[0]):
            for r in roles or no_role:
                result.matches.append(Match(group=group[1], role=r, members=index.group_members(group[1])))
            roles = []
            i = _skip_locality(tokens, i + len(group[0]), index)
            continue
        if unit_hit is not None:
            length, units = unit_hit
            for unit in units:
                for r in roles or no_role:
                    result.matches.append(Match(unit=unit, role=r))
            roles = []
            i = _skip_locality(tokens, i + length, index)
            continue
        leftover.append(tokens[i])
        i += 1
    if leftover:
        result.unmatched = [" ".join(leftover)]
    if not result.matches:
        result.suggestions = suggest(mention, index)
    return result


def suggest(mention: str, index: _Index, limit: int = 5) -> list[Suggestion]:
    """The registry units whose names look most like ``mention``."""
    key = match_key(mention)
    best: dict[int, Suggestion] = {}
    for entry, units in index.entries.items():
        score = difflib.SequenceMatcher(None, key, " ".join(entry), autojunk=False).ratio()
        if score < 0.45:
            continue
        for unit in units:
            current = best.get(unit.pk)
            if current is None or current.score < score:
                best[unit.pk] = Suggestion(code=unit.code, name=unit.name, score=score)
    return sorted(best.values(), key=lambda s: -s.score)[:limit]
