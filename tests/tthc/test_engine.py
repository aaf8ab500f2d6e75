"""The statistics engine: equal to a row-by-row reference, the edge cases of the rules, and its errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dieuhanh.tthc.engine import (
    OUTPUT_FIELDS,
    STAT_FIELDS,
    DossierDataError,
    UnitStats,
    compare_periods,
    monthly_stats,
    monthly_stats_table,
    stats_from_table,
    total,
    unit_stats,
)
from dieuhanh.tthc.periods import Period, PeriodError
from dieuhanh.tthc.workdays import add_working_days

from .reference import Dossier, day, on, random_dossiers, reference_stats, to_table

PERIODS = [
    "2023-10",
    "2023-11",
    "2023-12",
    "2024-01",
    "2024-02",
    "2024-Q1",
    "2023-12-15..2024-01-14",
    "2024",
    "2024-01-31",
]


@pytest.fixture(scope="module")
def dossiers() -> list[Dossier]:
    return random_dossiers(20_000)


@pytest.fixture(scope="module")
def parquet_file(dossiers: list[Dossier], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tthc") / "dossiers.parquet"
    # Mixed conventions in one file: naive local, aware local and aware UTC columns.
    zones = {"received_at": "Asia/Ho_Chi_Minh", "resolved_at": "UTC", "withdrawn_at": "Asia/Ho_Chi_Minh"}
    pq.write_table(to_table(dossiers, zones), path, row_group_size=4096)
    return path


def rows(stats: list[UnitStats]) -> list[dict[str, object]]:
    return [r.as_dict() for r in stats]


@pytest.mark.parametrize("label", PERIODS)
def test_engine_equals_reference_on_parquet(dossiers: list[Dossier], parquet_file: Path, label: str) -> None:
    period = Period.parse(label)
    assert rows(unit_stats(parquet_file, period)) == reference_stats(dossiers, period)


def test_engine_equals_reference_on_arrow_table_with_naive_times(dossiers: list[Dossier]) -> None:
    period = Period.parse("2024-01")
    assert rows(unit_stats(to_table(dossiers), period)) == reference_stats(dossiers, period)


def test_monthly_table_equals_reference_month_by_month(dossiers: list[Dossier], parquet_file: Path) -> None:
    table = monthly_stats_table(parquet_file, Period.parse("2023-10"), Period.parse("2024-03"))
    assert table.column_names == ["period", *OUTPUT_FIELDS]
    for month in Period.parse("2023-10-01..2024-03-31").months():
        part = table.filter(pc.equal(table["period"], month.label)).drop_columns(["period"])
        assert part.to_pylist() == reference_stats(dossiers, month), month.label


def test_monthly_stats_lists_every_month(parquet_file: Path) -> None:
    by_month = monthly_stats(parquet_file, Period.parse("2024-05"), Period.parse("2024-08"))
    assert list(by_month) == ["2024-05", "2024-06", "2024-07", "2024-08"]
    assert by_month["2024-05"] == unit_stats(parquet_file, Period.parse("2024-05"))


def test_rows_balance(parquet_file: Path) -> None:
    for row in unit_stats(parquet_file, Period.parse("2024-01")):
        assert row.carried_over + row.received == row.resolved + row.pending + row.returned_or_withdrawn


# --- Edge cases, one dossier at a time ----------------------------------------------------------------------


def one(dossier: Dossier, label: str = "2024-01") -> dict[str, object]:
    """The only row of a one-dossier table, without zero counts; {} when it does not count."""
    table = to_table([dossier])
    result = rows(unit_stats(table, Period.parse(label)))
    assert result == reference_stats([dossier], Period.parse(label))
    if not result:
        return {}
    return {k: v for k, v in result[0].items() if k in STAT_FIELDS and v}


def dossier(**kwargs: object) -> Dossier:
    values: dict[str, object] = {"unit_code": "10001", "channel": "counter", "received_at": on("2024-01-10")}
    values.update(kwargs)
    return Dossier(**values)  # type: ignore[arg-type]


def test_due_on_the_last_day_and_still_pending_is_in_time() -> None:
    assert one(dossier(due_at=on("2024-01-31", "08:00"))) == {"received": 1, "pending_in_time": 1}


def test_due_the_day_before_the_last_day_and_pending_is_overdue() -> None:
    assert one(dossier(due_at=on("2024-01-30", "17:00"))) == {"received": 1, "pending_overdue": 1}


def test_resolved_at_2359_of_the_due_date_is_on_time() -> None:
    d = dossier(due_at=on("2024-01-15", "08:00"), resolved_at=on("2024-01-15", "23:59:59"))
    assert one(d) == {"received": 1, "resolved_on_time": 1}


def test_resolved_0001_the_next_day_is_late() -> None:
    d = dossier(due_at=on("2024-01-15", "23:59"), resolved_at=on("2024-01-16", "00:01"))
    assert one(d) == {"received": 1, "resolved_late": 1}


def test_resolved_the_day_before_the_due_date_is_early() -> None:
    d = dossier(due_at=on("2024-01-15", "00:00"), resolved_at=on("2024-01-14", "23:59"))
    assert one(d) == {"received": 1, "resolved_early": 1}


def test_withdrawn_and_returned_count_apart_from_resolved() -> None:
    assert one(dossier(withdrawn_at=on("2024-01-12"))) == {"received": 1, "returned_or_withdrawn": 1}
    assert one(dossier(returned_at=on("2024-01-12"))) == {"received": 1, "returned_or_withdrawn": 1}
    # A return before the resolution wins; a resolution first (or at the same instant) stays resolved.
    both = dossier(returned_at=on("2024-01-12"), resolved_at=on("2024-01-20"), due_at=on("2024-01-25"))
    assert one(both) == {"received": 1, "returned_or_withdrawn": 1}
    same = dossier(returned_at=on("2024-01-12"), resolved_at=on("2024-01-12"), due_at=on("2024-01-12"))
    assert one(same) == {"received": 1, "resolved_on_time": 1}


def test_withdrawn_after_the_period_is_pending() -> None:
    d = dossier(due_at=on("2024-03-01"), withdrawn_at=on("2024-02-03"))
    assert one(d) == {"received": 1, "pending_in_time": 1}


def test_carried_over_across_the_year_boundary() -> None:
    d = dossier(received_at=on("2023-12-20"), due_at=on("2024-01-08"), resolved_at=on("2024-01-05"))
    assert one(d, "2023-12") == {"received": 1, "pending_in_time": 1}
    assert one(d, "2024-01") == {"carried_over": 1, "resolved_early": 1}
    assert one(d, "2024-02") == {}


def test_received_after_the_period_does_not_count() -> None:
    assert one(dossier(received_at=on("2024-02-01", "00:00"))) == {}


def test_finished_before_the_period_does_not_count() -> None:
    d = dossier(received_at=on("2023-12-01"), resolved_at=on("2023-12-31", "23:59:59"))
    assert one(d) == {}


def test_period_bounds_are_local_midnights() -> None:
    at_start = dossier(received_at=on("2024-01-01", "00:00"), resolved_at=on("2024-01-01", "00:00"))
    assert one(at_start) == {"received": 1, "resolved_on_time": 1}
    finished_at_start = dossier(received_at=on("2023-12-30"), resolved_at=on("2024-01-01", "00:00"))
    assert one(finished_at_start) == {"carried_over": 1, "resolved_on_time": 1}


def test_aware_timestamps_are_judged_in_local_time() -> None:
    # 17:30 UTC on 31 January is 00:30 on 1 February in Viet Nam: pending at the end of January.
    resolved = datetime(2024, 1, 31, 17, 30, tzinfo=UTC)
    d = dossier(due_at=on("2024-02-01", "17:00"), resolved_at=resolved)
    table = to_table([d], {"resolved_at": "UTC"})
    (january,) = unit_stats(table, Period.parse("2024-01"))
    assert (january.pending_in_time, january.resolved) == (1, 0)
    (february,) = unit_stats(table, Period.parse("2024-02"))
    assert (february.carried_over, february.resolved_on_time) == (1, 1)


def test_no_due_date_means_on_time_and_in_time() -> None:
    assert one(dossier(resolved_at=on("2024-03-01"))) == {"received": 1, "pending_in_time": 1}
    assert one(dossier(resolved_at=on("2024-01-30"))) == {"received": 1, "resolved_on_time": 1}


def test_online_channel_and_rows_without_unit_or_reception() -> None:
    table = to_table(
        [
            dossier(channel="online"),
            dossier(channel="postal"),
            dossier(unit_code=None),
            dossier(received_at=None),
        ]
    )
    (row,) = unit_stats(table, Period.parse("2024-01"))
    assert (row.received, row.received_online) == (2, 1)


def test_date_columns_mean_local_midnight() -> None:
    table = to_table([dossier(resolved_at=on("2024-01-20", "23:00"))]).set_column(
        3 + 2, "due_at", pa.array([day("2024-01-20")], pa.date32())
    )
    (row,) = unit_stats(table, Period.parse("2024-01"))
    assert row.resolved_on_time == 1


def test_units_argument_adds_zero_rows() -> None:
    result = unit_stats(to_table([dossier()]), Period.parse("2024-01"), units=["00001", "10001"])
    assert [r.unit_code for r in result] == ["00001", "10001"]
    assert result[0] == UnitStats("00001")
    assert result[0].as_dict()["on_time_rate"] is None


def test_missing_due_dates_follow_the_procedure_time_limit() -> None:
    received = on("2024-02-07", "09:00")  # the day before the Tết holiday of 2024
    d = dossier(received_at=received, procedure_code="1.000002", resolved_at=on("2024-02-16"))
    due = add_working_days(received.date(), 3)
    assert due.isoformat() == "2024-02-19"
    table = to_table([d])
    (row,) = unit_stats(table, Period.parse("2024-02"), time_limits={"1.000002": 3})
    assert row.resolved_early == 1
    (row,) = unit_stats(table, Period.parse("2024-02"), time_limits={"1.000002": 1})  # due 15/02
    assert row.resolved_late == 1
    (row,) = unit_stats(table, Period.parse("2024-02"), time_limits={"1.000002": 0})  # due the day received
    assert row.resolved_late == 1
    (row,) = unit_stats(table, Period.parse("2024-02"), time_limits={"other": 5})  # no limit known: on time
    assert row.resolved_on_time == 1


# --- Helpers and errors ------------------------------------------------------------------------------------


def test_compare_total_and_table_round_trip(parquet_file: Path) -> None:
    now = unit_stats(parquet_file, Period.parse("2024-01"))
    before = unit_stats(parquet_file, Period.parse("2024-01").previous())
    changes = compare_periods(now, before)
    assert {c.unit_code for c in changes} == {r.unit_code for r in now} | {r.unit_code for r in before}
    first = changes[0]
    assert first.change("received") == first.current.received - first.previous.received
    assert total(c.current for c in changes) == total(now)
    rate_change = first.on_time_rate_change
    assert rate_change is None or abs(rate_change) <= 1
    table = monthly_stats_table(parquet_file, Period.parse("2024-01"), Period.parse("2024-01"))
    assert stats_from_table(table) == now


def test_relative_change() -> None:
    change = compare_periods([UnitStats("1", received=15)], [UnitStats("1", received=10), UnitStats("2")])
    assert change[0].relative_change("received") == 0.5
    assert change[1].relative_change("received") is None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DossierDataError, match="Không tìm thấy tệp dữ liệu hồ sơ"):
        unit_stats(tmp_path / "none.parquet", Period.parse("2024-01"))


def test_missing_columns() -> None:
    table = to_table([dossier()]).drop_columns(["due_at", "channel"])
    with pytest.raises(DossierDataError, match="thiếu cột: channel, due_at") as caught:
        unit_stats(table, Period.parse("2024-01"))
    assert caught.value.code == "missing_columns"


def test_wrong_column_type_and_unreadable_file(tmp_path: Path) -> None:
    table = to_table([dossier()]).set_column(4, "received_at", pa.array(["2024-01-10"]))
    with pytest.raises(DossierDataError, match="Cột received_at phải có kiểu ngày giờ"):
        unit_stats(table, Period.parse("2024-01"))
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    with pytest.raises(DossierDataError, match="Không đọc được tệp dữ liệu hồ sơ"):
        unit_stats(bad, Period.parse("2024-01"))


def test_periods() -> None:
    assert Period.parse("7/2021") == Period.parse("2021-07") == Period.month(2021, 7)
    assert Period.parse("2021-Q3").title == "quý III/2021"
    assert Period.parse("2024-01").previous().label == "2023-12"
    assert Period.parse("2024-Q1").previous().label == "2023-Q4"
    assert Period.parse("2024-02").same_period_last_year().last_day == day("2023-02-28")
    assert Period.parse("2024-01-10..2024-01-19").previous().label == "2023-12-31..2024-01-09"
    assert [p.label for p in Period.parse("2023-12-15..2024-02-01").months()] == [
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    for text in ["2024-13", "2024/07", "hôm qua", "2024-02-30..2024-03-01", "2024-03-01..2024-02-01"]:
        with pytest.raises(PeriodError, match="Kỳ báo cáo không hợp lệ"):
            Period.parse(text)
