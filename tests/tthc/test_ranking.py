"""Ranking: groups apart, order and ties, the minimum of resolved dossiers, scores and follow-up flags."""

from __future__ import annotations

import pytest

from dieuhanh.core.errors import DomainError
from dieuhanh.tthc.engine import UnitStats
from dieuhanh.tthc.ranking import (
    COMMUNES,
    DEPARTMENTS,
    PRACTICE_BANDS,
    GroupRanking,
    RankingSettings,
    RankingSettingsError,
    group_by_code,
    late_rate,
    progress_rate,
    rank_units,
    rule_texts,
)


def unit(code: str, early: int = 0, on_time: int = 0, late: int = 0, **more: int) -> UnitStats:
    return UnitStats(code, resolved_early=early, resolved_on_time=on_time, resolved_late=late, **more)


def order(ranking: dict[str, GroupRanking], group: str) -> list[tuple[int | None, str]]:
    return [(u.rank, u.unit_code) for u in ranking[group].ranked]


def test_departments_and_communes_are_ranked_apart() -> None:
    rows = [unit("10001", 9, 1), unit("000.01", 5, 0, 5), unit("10002", 2, 3, 5), unit("000.02", 10)]
    ranking = rank_units(rows, group_by_code(r.unit_code for r in rows))
    assert order(ranking, COMMUNES) == [(1, "10001"), (2, "10002")]
    assert order(ranking, DEPARTMENTS) == [(1, "000.02"), (2, "000.01")]


def test_rate_then_more_resolved_then_fewer_overdue_then_shared_rank() -> None:
    rows = [
        unit("A", 8, 0, 2),  # 80%, 10 resolved
        unit("B", 16, 0, 4),  # 80%, 20 resolved: above A
        unit("C", 9, 0, 1),  # 90%
        unit("D", 16, 0, 4, pending_overdue=3),  # like B but with overdue pending dossiers: below B
        unit("E", 8, 0, 2),  # exactly like A: same rank, listed by code
        unit("F", 4, 4, 2),  # 80%, 10 resolved, same as A and E
    ]
    ranking = rank_units(rows, {}, default_group=DEPARTMENTS)
    assert order(ranking, DEPARTMENTS) == [(1, "C"), (2, "B"), (3, "D"), (4, "A"), (4, "E"), (4, "F")]


def test_equal_rates_as_fractions_tie() -> None:
    settings = RankingSettings(minimum_resolved=1)
    ranking = rank_units([unit("A", 2, 0, 1), unit("B", 0, 4, 2)], {}, settings, default_group=COMMUNES)
    assert order(ranking, COMMUNES) == [(1, "B"), (2, "A")]  # 2/3 = 4/6, then 6 resolved beats 3
    ranking = rank_units([unit("A", 6, 0, 3), unit("B", 0, 6, 3)], {}, default_group=COMMUNES)
    assert order(ranking, COMMUNES) == [(1, "A"), (1, "B")]


def test_minimum_resolved_lists_units_apart() -> None:
    rows = [unit("A", 4), unit("B", 5), unit("C"), unit("D", 1, 1, 1, pending_in_time=9)]
    ranking = rank_units(rows, {}, default_group=DEPARTMENTS)
    assert order(ranking, DEPARTMENTS) == [(1, "B")]
    assert [(u.rank, u.unit_code) for u in ranking[DEPARTMENTS].insufficient] == [
        (None, "A"),
        (None, "C"),
        (None, "D"),
    ]
    ranking = rank_units(rows, {}, RankingSettings(minimum_resolved=0), default_group=DEPARTMENTS)
    assert order(ranking, DEPARTMENTS) == [(1, "B"), (2, "A"), (3, "D")]
    assert [u.unit_code for u in ranking[DEPARTMENTS].insufficient] == ["C"]  # nothing resolved: never ranked


def test_progress_score_and_follow_up() -> None:
    stats = unit("A", 3, 5, 2, pending_in_time=4, pending_overdue=1, returned_or_withdrawn=5)
    assert progress_rate(stats) == 12 / 15
    assert progress_rate(stats, RankingSettings(returned_count_as_on_time=True)) == 17 / 20
    assert late_rate(stats) == 3 / 15
    (ranked,) = rank_units([stats], {"A": DEPARTMENTS})[DEPARTMENTS].ranked
    assert (ranked.progress_score, ranked.follow_up, ranked.band) == (16.0, True, None)
    settings = RankingSettings(late_rate_threshold=0.2, bands=PRACTICE_BANDS)
    (ranked,) = rank_units([stats], {"A": DEPARTMENTS}, settings)[DEPARTMENTS].ranked
    assert (ranked.follow_up, ranked.band) == (False, "Tốt")
    assert ranked.as_dict()["on_time_rate"] == 0.8


def test_follow_up_flags_units_without_enough_data_too() -> None:
    ranking = rank_units([unit("A", 1, 0, 2)], {}, default_group=COMMUNES)
    (listed,) = ranking[COMMUNES].insufficient
    assert listed.follow_up and listed.rank is None


def test_settings_from_a_mapping() -> None:
    settings = RankingSettings.from_mapping(
        {
            "minimum_resolved": 10,
            "bands": [[80, "Tốt"], {"min_percent": 0, "label": "Chưa tốt"}],
            "index_groups": [{"code": "TDGQ", "title": "Tiến độ", "max_points": 25}],
        }
    )
    assert settings.minimum_resolved == 10 and settings.progress_points == 25
    assert settings.bands[1].label == "Chưa tốt"
    with pytest.raises(RankingSettingsError, match="không biết mục threshold"):
        RankingSettings.from_mapping({"threshold": 1})
    with pytest.raises(RankingSettingsError, match="không có nhóm chỉ số"):
        RankingSettings.from_mapping({"progress_group": "XYZ"})


def test_rule_texts_and_unknown_groups() -> None:
    texts = rule_texts(RankingSettings(minimum_resolved=7, late_rate_threshold=0.125))
    assert "dưới 7 hồ sơ" in texts[2] and "trên 12,5%" in texts[3] and "× 20 điểm" in texts[4]
    with pytest.raises(DomainError, match="Chưa xác định khối"):
        rank_units([unit("X", 5)], {})
