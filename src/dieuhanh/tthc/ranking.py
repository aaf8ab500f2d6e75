"""Ranking of units by their dossier results (xếp hạng) and the QĐ 766 "Tiến độ, kết quả giải quyết" score.

No Django here. Departments/agencies are ranked apart from communes; the caller says which unit is which.
The points and rating bands are local settings (``RankingSettings``): the QĐ 766 annex with the official
points per indicator was not checked, so nothing here is presented as fixed by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from typing import Any

from dieuhanh.core.errors import DomainError
from dieuhanh.tthc.engine import UnitStats

DEPARTMENTS = "departments"
COMMUNES = "communes"
GROUPS = (DEPARTMENTS, COMMUNES)
GROUP_TITLES = {
    DEPARTMENTS: "Khối cơ quan chuyên môn, cơ quan, đơn vị",
    COMMUNES: "Khối xã, phường, thị trấn",
}

# Texts the portal prints next to the ranking (placeholders are filled by ``rule_texts``).
RANKING_RULE = (
    "Các cơ quan, đơn vị được xếp hạng riêng với các xã, phường, thị trấn, theo tỷ lệ hồ sơ giải quyết "
    "trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết trong kỳ, từ cao xuống thấp."
)
TIE_RULE = (
    "Khi tỷ lệ bằng nhau, đơn vị giải quyết nhiều hồ sơ hơn xếp trên; nếu vẫn bằng nhau, đơn vị có ít hồ sơ "
    "quá hạn hơn (gồm hồ sơ đã giải quyết quá hạn và hồ sơ đang giải quyết quá hạn) xếp trên; nếu vẫn bằng "
    "nhau thì đồng hạng và được liệt kê theo mã đơn vị."
)
MINIMUM_RULE = (
    "Đơn vị giải quyết dưới {minimum} hồ sơ trong kỳ được liệt kê riêng, chưa đủ số liệu để xếp hạng."
)
INSUFFICIENT_TITLE = "Chưa đủ số liệu để xếp hạng"
FOLLOW_UP_RULE = (
    "Đơn vị có tỷ lệ hồ sơ quá hạn (đã giải quyết quá hạn và đang giải quyết quá hạn trên tổng số hồ sơ đã "
    "và đang giải quyết) trên {threshold} được đánh dấu cần theo dõi, đôn đốc."
)
SCORE_RULE = (
    "Điểm tiến độ (chỉ số 2.1, nhóm “Tiến độ, kết quả giải quyết” của Bộ chỉ số theo QĐ 766/QĐ-TTg) = "
    "(hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ đang giải quyết trong hạn) ÷ tổng số hồ sơ đã và đang "
    "giải quyết trong kỳ × {points} điểm."
)
SCORE_CAUTION = "Thang điểm và mức xếp loại do địa phương thiết lập, không phải quy định của QĐ 766/QĐ-TTg."


class RankingSettingsError(DomainError):
    """The ranking settings cannot be used."""


@dataclass(frozen=True, slots=True)
class IndexGroup:
    """A group of the service index with its maximum points (a setting, not a legal fact)."""

    code: str
    title: str
    max_points: float


@dataclass(frozen=True, slots=True)
class RatingBand:
    """A rating label given from ``min_percent`` (score as a percentage of the maximum) upwards."""

    min_percent: float
    label: str


# Groups and maxima as read from the national portal's data (spec B.3: practice, the annex was not checked).
DEFAULT_INDEX_GROUPS = (
    IndexGroup("CKMB", "Công khai, minh bạch", 18),
    IndexGroup("TDGQ", "Tiến độ, kết quả giải quyết", 20),
    IndexGroup("CLGQ", "Cung cấp dịch vụ công trực tuyến", 12),
    IndexGroup("TTTT", "Thanh toán trực tuyến", 10),
    IndexGroup("MDSH", "Mức độ số hóa hồ sơ", 22),
    IndexGroup("MDHL", "Mức độ hài lòng", 18),
)
# Bands used by one third-party tool; offered for a locality that wants them, off by default.
PRACTICE_BANDS = (
    RatingBand(85, "Xuất sắc"),
    RatingBand(70, "Tốt"),
    RatingBand(50, "Trung bình"),
    RatingBand(0, "Kém"),
)


@dataclass(frozen=True, slots=True)
class RankingSettings:
    """Local settings of the ranking; ``from_mapping`` reads them from a plain dict (e.g. Django settings)."""

    minimum_resolved: int = 5
    late_rate_threshold: float = 0.10
    progress_group: str = "TDGQ"
    index_groups: tuple[IndexGroup, ...] = DEFAULT_INDEX_GROUPS
    bands: tuple[RatingBand, ...] = ()
    returned_count_as_on_time: bool = False

    @property
    def progress_points(self) -> float:
        """Maximum points of the progress group (indicator 2.1 is scored on it)."""
        for group in self.index_groups:
            if group.code == self.progress_group:
                return group.max_points
        raise RankingSettingsError(
            f"Thiết lập xếp hạng không hợp lệ: không có nhóm chỉ số “{self.progress_group}”.",
            code="bad_settings",
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RankingSettings:
        """Build settings from a dict; bands and groups may be given as lists of lists or dicts."""
        values = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise RankingSettingsError(
                f"Thiết lập xếp hạng không hợp lệ: không biết mục {', '.join(unknown)}.", code="bad_settings"
            )
        try:
            if "bands" in values:
                values["bands"] = tuple(
                    RatingBand(**b) if isinstance(b, Mapping) else RatingBand(*b) for b in values["bands"]
                )
            if "index_groups" in values:
                values["index_groups"] = tuple(
                    IndexGroup(**g) if isinstance(g, Mapping) else IndexGroup(*g)
                    for g in values["index_groups"]
                )
            settings = cls(**values)
            settings.progress_points  # noqa: B018 - validates progress_group
        except (TypeError, ValueError) as exc:
            raise RankingSettingsError(
                f"Thiết lập xếp hạng không hợp lệ: {exc}.", code="bad_settings"
            ) from exc
        return settings


@dataclass(frozen=True, slots=True)
class RankedUnit:
    """One unit's place in its group's ranking (``rank`` is None when it is not ranked)."""

    unit_code: str
    group: str
    rank: int | None
    stats: UnitStats
    late_rate: float | None
    progress_rate: float | None
    progress_score: float | None
    band: str | None
    follow_up: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON and templates."""
        s = self.stats
        return {
            "rank": self.rank,
            "unit_code": self.unit_code,
            "group": self.group,
            "resolved": s.resolved,
            "resolved_early": s.resolved_early,
            "resolved_on_time": s.resolved_on_time,
            "resolved_late": s.resolved_late,
            "pending_in_time": s.pending_in_time,
            "pending_overdue": s.pending_overdue,
            "on_time_rate": s.on_time_rate,
            "late_rate": self.late_rate,
            "progress_rate": self.progress_rate,
            "progress_score": self.progress_score,
            "band": self.band,
            "follow_up": self.follow_up,
        }


@dataclass(frozen=True, slots=True)
class GroupRanking:
    """The ranking of one group: ranked units in order, then those without enough data (by unit code)."""

    group: str
    title: str
    ranked: list[RankedUnit] = field(default_factory=list)
    insufficient: list[RankedUnit] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON and templates."""
        return {
            "group": self.group,
            "title": self.title,
            "ranked": [u.as_dict() for u in self.ranked],
            "insufficient_title": INSUFFICIENT_TITLE,
            "insufficient": [u.as_dict() for u in self.insufficient],
        }


def rule_texts(settings: RankingSettings | None = None) -> list[str]:
    """The rule sentences the portal prints, with the settings filled in."""
    cfg = settings or RankingSettings()
    threshold = f"{cfg.late_rate_threshold * 100:g}%".replace(".", ",")
    return [
        RANKING_RULE,
        TIE_RULE,
        MINIMUM_RULE.format(minimum=cfg.minimum_resolved),
        FOLLOW_UP_RULE.format(threshold=threshold),
        SCORE_RULE.format(points=f"{cfg.progress_points:g}".replace(".", ",")),
        SCORE_CAUTION,
    ]


def group_by_code(unit_codes: Iterable[str]) -> dict[str, str]:
    """Default grouping: a 5-digit code (mã đơn vị hành chính cấp xã) is a commune, others are departments."""
    return {code: COMMUNES if len(code) == 5 and code.isdigit() else DEPARTMENTS for code in unit_codes}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def progress_rate(stats: UnitStats, settings: RankingSettings | None = None) -> float | None:
    """Indicator 2.1: (early + on time + pending in time) / (resolved + pending), None if nothing to judge."""
    cfg = settings or RankingSettings()
    extra = stats.returned_or_withdrawn if cfg.returned_count_as_on_time else 0
    good = stats.resolved_early + stats.resolved_on_time + stats.pending_in_time + extra
    return _ratio(good, stats.resolved + stats.pending + extra)


def late_rate(stats: UnitStats) -> float | None:
    """(Resolved late + pending overdue) / (resolved + pending), None when nothing to judge."""
    return _ratio(stats.resolved_late + stats.pending_overdue, stats.resolved + stats.pending)


def rating_band(percent: float | None, bands: Iterable[RatingBand]) -> str | None:
    """The label of the highest band whose minimum ``percent`` reaches, None without bands or a score."""
    if percent is None:
        return None
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.label
    return None


def _assess(stats: UnitStats, group: str, cfg: RankingSettings) -> RankedUnit:
    rate = progress_rate(stats, cfg)
    late = late_rate(stats)
    return RankedUnit(
        unit_code=stats.unit_code,
        group=group,
        rank=None,
        stats=stats,
        late_rate=late,
        progress_rate=rate,
        progress_score=None if rate is None else round(rate * cfg.progress_points, 2),
        band=rating_band(None if rate is None else rate * 100, cfg.bands),
        follow_up=late is not None and late > cfg.late_rate_threshold,
    )


def _order_key(unit: RankedUnit) -> tuple[Fraction, int, int]:
    s = unit.stats
    # Exact fractions, so 2/3 and 4/6 tie however the floats round. Equal rate and equal number resolved imply
    # equal resolved_late, so the third key counts every overdue dossier (resolved late + pending overdue).
    return (
        -Fraction(s.resolved_early + s.resolved_on_time, s.resolved),
        -s.resolved,
        s.resolved_late + s.pending_overdue,
    )


def rank_units(
    rows: Iterable[UnitStats],
    groups: Mapping[str, str],
    settings: RankingSettings | None = None,
    *,
    default_group: str | None = None,
) -> dict[str, GroupRanking]:
    """Rank units within their group (``groups``: unit_code -> 'departments'/'communes'), 1224 ranks."""
    cfg = settings or RankingSettings()
    members: dict[str, list[RankedUnit]] = {name: [] for name in GROUPS}
    for stats in rows:
        group = groups.get(stats.unit_code, default_group)
        if group not in members:
            raise DomainError(
                f"Chưa xác định khối (cơ quan hay xã) của đơn vị {stats.unit_code}.",
                code="unknown_group",
                log_message=f"unit {stats.unit_code} has no ranking group ({group!r})",
            )
        members[group].append(_assess(stats, group, cfg))
    result: dict[str, GroupRanking] = {}
    for name, units in members.items():
        # Nothing resolved means no rate at all, whatever the minimum is set to.
        enough = max(cfg.minimum_resolved, 1)
        eligible = sorted(
            (u for u in units if u.stats.resolved >= enough), key=lambda u: (*_order_key(u), u.unit_code)
        )
        ranked: list[RankedUnit] = []
        for position, unit in enumerate(eligible, start=1):
            if ranked and _order_key(ranked[-1]) == _order_key(unit):
                ranked.append(replace(unit, rank=ranked[-1].rank))
            else:
                ranked.append(replace(unit, rank=position))
        insufficient = sorted((u for u in units if u.stats.resolved < enough), key=lambda u: u.unit_code)
        result[name] = GroupRanking(name, GROUP_TITLES[name], ranked, insufficient)
    return result
