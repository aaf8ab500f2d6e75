"""Statistics of administrative-procedure dossiers (hồ sơ TTHC) per unit and period, computed with DuckDB.

No Django here: the engine reads Parquet files or an Arrow table in the canonical dossier layout
(``CANONICAL_COLUMNS``) and returns one row per unit. The rules, in one place:

- Time: every timestamp is judged in Asia/Ho_Chi_Minh local time. Naive timestamps are taken as local
  wall-clock times; aware ones (``TIMESTAMP WITH TIME ZONE``, Arrow ``timestamp[tz=...]``) are converted to
  local time; a ``DATE`` column means midnight local. A period runs from its first day 00:00 (``start``) to
  the day after its last day 00:00 (``end``, excluded).
- A dossier is *finished* at the earliest of ``resolved_at``, ``returned_at``, ``withdrawn_at``; when a return
  or withdrawal comes strictly before the resolution it is returned/withdrawn, otherwise resolved.
- A dossier counts in a period when received before ``end`` and not finished before ``start``; every field
  below is over counted dossiers only, so carried_over + received = resolved_* + pending_* +
  returned_or_withdrawn.
- ``carried_over``: counted and received before ``start``; ``received``: received within the period;
  ``received_online``: of those, channel ``'online'``.
- Resolved within the period: *early* when the local calendar day of ``resolved_at`` is before the day of
  ``due_at``, *on time* on that day (23:59 on the due date is on time), *late* after it. Returned or withdrawn
  within the period: ``returned_or_withdrawn``, never resolved.
- Pending (not finished before ``end``) is judged at the period's last instant by the same calendar-day rule:
  *overdue* when the due day is before the period's last day, *in time* when it is that day or later.
- No due date (a procedure without a time limit, unless ``time_limits`` fills it in): resolved = on time,
  pending = in time. Rows without ``unit_code`` or ``received_at`` are ignored.
- ``on_time_rate`` = (early + on time) / resolved, ``None`` when nothing was resolved.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa

from dieuhanh.core.errors import DomainError
from dieuhanh.tthc.periods import Period
from dieuhanh.tthc.workdays import working_day_numbers

LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"
VN_UTC_OFFSET_US = 7 * 3600 * 1_000_000
_DAY_US = 86_400_000_000
_EPOCH = date(1970, 1, 1)
_SHIFT_DAYS = (_EPOCH - date(1, 1, 1)).days  # keeps the integer division a floor division before 1970
_SHIFT_US = _SHIFT_DAYS * _DAY_US
TIMESTAMP_COLUMNS = ("received_at", "due_at", "resolved_at", "returned_at", "withdrawn_at")
REQUIRED_COLUMNS = ("unit_code", "channel", *TIMESTAMP_COLUMNS)
CANONICAL_COLUMNS = ("dossier_code", "procedure_code", *REQUIRED_COLUMNS)
CHANNELS = ("online", "counter", "postal")
STAT_FIELDS = (
    "carried_over",
    "received",
    "received_online",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_in_time",
    "pending_overdue",
    "returned_or_withdrawn",
)
OUTPUT_FIELDS = ("unit_code", *STAT_FIELDS, "on_time_rate")

Source: TypeAlias = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | pa.Table


class DossierDataError(DomainError):
    """The dossier data cannot be read or lacks what the statistics need."""


@dataclass(frozen=True, slots=True)
class UnitStats:
    """Counts of one unit in one period (see the module docstring for the rules)."""

    unit_code: str
    carried_over: int = 0
    received: int = 0
    received_online: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    returned_or_withdrawn: int = 0

    @property
    def resolved(self) -> int:
        """Dossiers resolved in the period (early + on time + late)."""
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending(self) -> int:
        """Dossiers still pending at the period's end."""
        return self.pending_in_time + self.pending_overdue

    @property
    def processed(self) -> int:
        """Dossiers handled in the period (carried over + received)."""
        return self.carried_over + self.received

    @property
    def on_time_rate(self) -> float | None:
        """(Early + on time) / resolved, or None when nothing was resolved."""
        resolved = self.resolved
        return (self.resolved_early + self.resolved_on_time) / resolved if resolved else None

    def as_dict(self) -> dict[str, Any]:
        """The row with exactly ``OUTPUT_FIELDS`` as keys."""
        row: dict[str, Any] = {name: getattr(self, name) for name in STAT_FIELDS}
        return {"unit_code": self.unit_code, **row, "on_time_rate": self.on_time_rate}


@dataclass(frozen=True, slots=True)
class UnitChange:
    """One unit's figures against the previous period."""

    unit_code: str
    current: UnitStats
    previous: UnitStats

    def change(self, field: str) -> int:
        """Current minus previous value of a count field."""
        return int(getattr(self.current, field)) - int(getattr(self.previous, field))

    def relative_change(self, field: str) -> float | None:
        """(current - previous) / previous of a count field, None when the previous value is 0."""
        before = int(getattr(self.previous, field))
        return self.change(field) / before if before else None

    @property
    def on_time_rate_change(self) -> float | None:
        """Difference of the on-time rates (0.05 = five percentage points), None when either is None."""
        now, before = self.current.on_time_rate, self.previous.on_time_rate
        return None if now is None or before is None else now - before


# --- Reading the source -----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_DATABASE: tuple[int, duckdb.DuckDBPyConnection] | None = None


def session() -> duckdb.DuckDBPyConnection:
    """A session of the process's one in-memory DuckDB: opening a database costs about 25 ms, a session on an
    open one a few microseconds. Each session has its own temporary views and settings; a forked worker opens
    its own database (a DuckDB handle does not survive ``fork``)."""
    global _DATABASE
    if _DATABASE is None or _DATABASE[0] != os.getpid():
        _DATABASE = (os.getpid(), duckdb.connect())
    return _DATABASE[1].cursor()


def _connect(source: Source) -> tuple[duckdb.DuckDBPyConnection, dict[str, str]]:
    """A DuckDB session with the source as view ``src``; return it with the source's column types."""
    con = session()
    try:
        if isinstance(source, pa.Table):
            con.register("src", source)
        else:
            listing = ", ".join(_quote(str(p)) for p in _existing_paths(source))
            con.execute(
                f"CREATE TEMP VIEW src AS SELECT * FROM read_parquet([{listing}], union_by_name = true)"
            )
        types = {str(row[0]): str(row[1]) for row in con.execute("DESCRIBE SELECT * FROM src").fetchall()}
        _check_columns(types)
    except duckdb.Error as exc:
        con.close()
        raise DossierDataError(
            "Không đọc được tệp dữ liệu hồ sơ (cần tệp Parquet theo cấu trúc chuẩn).",
            code="unreadable",
            log_message=f"cannot read dossier source: {exc}",
        ) from exc
    except DossierDataError:
        con.close()
        raise
    return con, types


def _existing_paths(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    items = [source] if isinstance(source, str | os.PathLike) else list(source)
    paths = [Path(os.fspath(p)) for p in items]
    if not paths:
        raise DossierDataError("Chưa chọn tệp dữ liệu hồ sơ.", code="no_input")
    for path in paths:
        if not path.is_file():
            raise DossierDataError(
                f"Không tìm thấy tệp dữ liệu hồ sơ: {path}.",
                code="file_not_found",
                log_message=f"dossier file not found: {path}",
            )
    return paths


def _check_columns(types: Mapping[str, str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in types]
    if missing:
        raise DossierDataError(
            f"Dữ liệu hồ sơ thiếu cột: {', '.join(missing)}. Các cột cần có: {', '.join(REQUIRED_COLUMNS)}.",
            code="missing_columns",
            log_message=f"dossier data lacks columns: {missing}",
        )
    for name in TIMESTAMP_COLUMNS:
        kind = types[name].upper()
        if not (kind.startswith(("TIMESTAMP", "DATE")) or kind == '"NULL"'):
            raise DossierDataError(
                f"Cột {name} phải có kiểu ngày giờ (đang là {types[name]}).",
                code="bad_column_type",
                log_message=f"column {name} has type {types[name]}",
            )


def _local_us(name: str, types: Mapping[str, str]) -> str:
    """SQL of a timestamp column as local (Asia/Ho_Chi_Minh) wall-clock microseconds since 1970-01-01."""
    column = f"s.{_ident(name)}"
    kind = types[name].upper()
    if kind == '"NULL"':
        return "CAST(NULL AS BIGINT)"
    if "WITH TIME ZONE" in kind:
        # Viet Nam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for dossier
        # data and several times faster than a time-zone database lookup per value.
        return f"(epoch_us({column}) + {VN_UTC_OFFSET_US})"
    return f"epoch_us(CAST({column} AS TIMESTAMP))"


def _day(us: str) -> str:
    """SQL of the day number (since 1970-01-01) of local microseconds; a floor division for any AD date."""
    return f"(({us} + {_SHIFT_US}) // {_DAY_US} - {_SHIFT_DAYS})"


def _month(us: str) -> str:
    """SQL of the month index (year * 12 + month - 1) of local microseconds."""
    return f"(year(make_timestamp({us})) * 12 + month(make_timestamp({us})) - 1)"


def _dossiers_sql(
    con: duckdb.DuckDBPyConnection, types: Mapping[str, str], time_limits: Mapping[str, int] | None
) -> str:
    """SQL of the dossiers: unit_code, online, rec and fin (local us), due_day (day number), outcome."""
    rec, res = _local_us("received_at", types), _local_us("resolved_at", types)
    rw = f"least({_local_us('returned_at', types)}, {_local_us('withdrawn_at', types)})"
    due = _day(_local_us("due_at", types))
    joins = ""
    if time_limits is not None:
        due = f"coalesce({due}, CASE WHEN lim.days = 0 THEN {_day(rec)} ELSE w2.day_no END)"
        joins = _register_time_limits(con, types, time_limits)
    # Outcome of a finished dossier: 0 early, 1 on time, 2 late, 3 returned or withdrawn; NULL = unfinished.
    outcome = f"""CASE WHEN rw IS NOT NULL AND (res IS NULL OR rw < res) THEN 3
             WHEN res IS NULL THEN NULL
             WHEN due_day IS NULL OR {_day("res")} = due_day THEN 1
             WHEN {_day("res")} < due_day THEN 0
             ELSE 2 END"""
    return f"""
        SELECT unit_code, online, rec, due_day, least(res, rw) AS fin, {outcome} AS outcome
        FROM (
            SELECT CAST(s.unit_code AS VARCHAR) AS unit_code, s.channel = 'online' AS online,
                   {rec} AS rec, {due} AS due_day, {res} AS res, {rw} AS rw
            FROM src AS s {joins}
        )
    """


def _register_time_limits(
    con: duckdb.DuckDBPyConnection, types: Mapping[str, str], time_limits: Mapping[str, int]
) -> str:
    """Register procedure time limits and a working-day numbering; return the joins that compute a due day."""
    if "procedure_code" not in types:
        raise DossierDataError(
            "Cần cột procedure_code để tính hạn giải quyết theo thời hạn của thủ tục.", code="missing_columns"
        )
    rec_day = _day(_local_us("received_at", types))
    span = con.execute(f"SELECT min({rec_day}), max({rec_day}) FROM src AS s").fetchall()[0]
    first = _EPOCH + timedelta(days=int(span[0])) if span[0] is not None else date.today()
    last = _EPOCH + timedelta(days=int(span[1])) if span[1] is not None else first
    # At least 5 working days in any 9 calendar days (Tết included), so twice the longest limit is enough.
    numbers = working_day_numbers(first, last + timedelta(days=2 * max(time_limits.values(), default=0) + 14))
    working = [(day, n) for i, (day, n) in enumerate(numbers) if n > (numbers[i - 1][1] if i else 0)]
    for name, days in (("wd_all", numbers), ("wd_work", working)):
        day_no = [(day - _EPOCH).days for day, _ in days]
        con.register(name, pa.table({"day_no": day_no, "seq": [n for _, n in days]}))
    limits = pa.table({"procedure_code": list(time_limits), "days": [int(v) for v in time_limits.values()]})
    con.register("wd_limits", limits)
    return f"""
        LEFT JOIN wd_limits AS lim ON lim.procedure_code = CAST(s.procedure_code AS VARCHAR)
        LEFT JOIN wd_all AS w1 ON w1.day_no = {rec_day}
        LEFT JOIN wd_work AS w2 ON w2.seq = w1.seq + lim.days
    """


# --- Queries ----------------------------------------------------------------------------------------------


def _us(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)


def unit_stats(
    source: Source,
    period: Period,
    *,
    units: Iterable[str] = (),
    time_limits: Mapping[str, int] | None = None,
) -> list[UnitStats]:
    """Statistics of every unit in ``period`` by unit code; ``units`` adds zero rows for units not seen."""
    con, types = _connect(source)
    sql = f"""
        SELECT unit_code,
          count(*) FILTER (rec < $start),
          count(*) FILTER (rec >= $start),
          count(*) FILTER (rec >= $start AND online),
          count(*) FILTER (fin < $end AND outcome = 0),
          count(*) FILTER (fin < $end AND outcome = 1),
          count(*) FILTER (fin < $end AND outcome = 2),
          count(*) FILTER ((fin IS NULL OR fin >= $end) AND (due_day IS NULL OR due_day >= $last_day)),
          count(*) FILTER ((fin IS NULL OR fin >= $end) AND due_day < $last_day),
          count(*) FILTER (fin < $end AND outcome = 3)
        FROM ({_dossiers_sql(con, types, time_limits)})
        WHERE unit_code IS NOT NULL AND rec < $end AND (fin IS NULL OR fin >= $start)
        GROUP BY unit_code
    """
    params = {"start": _us(period.start), "end": _us(period.end), "last_day": (period.last_day - _EPOCH).days}
    try:
        rows = {r[0]: UnitStats(r[0], *(int(v) for v in r[1:])) for r in con.execute(sql, params).fetchall()}
    except duckdb.Error as exc:
        raise _query_error(exc) from exc
    finally:
        con.close()
    for code in units:
        rows.setdefault(code, UnitStats(code))
    return [rows[code] for code in sorted(rows)]


def monthly_stats_table(
    source: Source, first_month: Period, last_month: Period, *, time_limits: Mapping[str, int] | None = None
) -> pa.Table:
    """Statistics of every unit x every month in one query, as an Arrow table.

    The months run from first_month's first day to last_month's last day. Columns: ``period`` ('YYYY-MM')
    then ``OUTPUT_FIELDS``, sorted by period and unit code; a unit appears in a month only when some dossier
    counts there. The same rules as ``unit_stats``, month by month.
    """
    lo, hi = _month_index(first_month.first_day), _month_index(last_month.last_day)
    if hi < lo:
        raise DossierDataError("Tháng cuối phải sau tháng đầu.", code="bad_period")
    con, types = _connect(source)
    # A dossier counts in the months r..f (r: month received, f: month finished; both clamped to lo-1..hi+1,
    # so rows outside the range fall out of the join), is pending in the months m < f and overdue from month
    # od (the month of the day after the due day). Dossiers are first grouped by these small integers
    # ("profiles"), then the profiles are spread over the months: the rows are read once.
    sql = f"""
        WITH profiles AS (
            SELECT unit_code, online, outcome,
                   least(greatest({_month("rec")}, {lo - 1}), {hi + 1}) AS r,
                   CASE WHEN fin IS NULL THEN {hi + 1}
                        ELSE least(greatest({_month("fin")}, {lo - 1}), {hi + 1}) END AS f,
                   CASE WHEN due_day IS NULL THEN {hi + 1}
                        ELSE least(greatest({_month(f"(due_day + 1) * {_DAY_US}")}, {lo}), {hi + 1})
                        END AS od,
                   count(*) AS n
            FROM ({_dossiers_sql(con, types, time_limits)})
            WHERE rec IS NOT NULL AND unit_code IS NOT NULL
            GROUP BY ALL
        ),
        months AS (SELECT range AS m FROM range({lo}, {hi + 1})),
        cells AS (
            SELECT printf('%04d-%02d', m // 12, m % 12 + 1) AS period, unit_code,
              sum(n) FILTER (r < m) AS carried_over,
              sum(n) FILTER (r = m) AS received,
              sum(n) FILTER (r = m AND online) AS received_online,
              sum(n) FILTER (f = m AND outcome = 0) AS resolved_early,
              sum(n) FILTER (f = m AND outcome = 1) AS resolved_on_time,
              sum(n) FILTER (f = m AND outcome = 2) AS resolved_late,
              sum(n) FILTER (m < f AND m < od) AS pending_in_time,
              sum(n) FILTER (m < f AND m >= od) AS pending_overdue,
              sum(n) FILTER (f = m AND outcome = 3) AS returned_or_withdrawn
            FROM profiles JOIN months ON r <= m AND m <= f
            GROUP BY m, unit_code
        ),
        counted AS (
            SELECT period, unit_code,
                   {", ".join(f"CAST(coalesce({name}, 0) AS BIGINT) AS {name}" for name in STAT_FIELDS)}
            FROM cells
        )
        SELECT *,
               CASE WHEN resolved_early + resolved_on_time + resolved_late = 0 THEN NULL
                    ELSE CAST(resolved_early + resolved_on_time AS DOUBLE)
                         / (resolved_early + resolved_on_time + resolved_late) END AS on_time_rate
        FROM counted ORDER BY period, unit_code
    """
    try:
        return con.sql(sql).to_arrow_table()
    except duckdb.Error as exc:
        raise _query_error(exc) from exc
    finally:
        con.close()


def monthly_stats(
    source: Source, first_month: Period, last_month: Period, *, time_limits: Mapping[str, int] | None = None
) -> dict[str, list[UnitStats]]:
    """Per-unit statistics of every month in the range by month label ('YYYY-MM'), every month present."""
    table = monthly_stats_table(source, first_month, last_month, time_limits=time_limits)
    out: dict[str, list[UnitStats]] = {
        month.label: [] for month in Period(first_month.first_day, last_month.last_day).months()
    }
    for row in table.to_pylist():
        out[row["period"]].append(UnitStats(row["unit_code"], *(int(row[name]) for name in STAT_FIELDS)))
    return out


def stats_from_table(table: pa.Table) -> list[UnitStats]:
    """Rows of an Arrow table with the ``STAT_FIELDS`` columns as ``UnitStats``."""
    return [UnitStats(r["unit_code"], *(int(r[name]) for name in STAT_FIELDS)) for r in table.to_pylist()]


def total(rows: Iterable[UnitStats], unit_code: str = "") -> UnitStats:
    """The sum of several units' rows (for a group or the whole locality)."""
    sums = dict.fromkeys(STAT_FIELDS, 0)
    for row in rows:
        for name in STAT_FIELDS:
            sums[name] += getattr(row, name)
    return UnitStats(unit_code, **sums)


def compare_periods(current: Iterable[UnitStats], previous: Iterable[UnitStats]) -> list[UnitChange]:
    """Pair each unit's rows of two periods (zeros where a unit is missing), sorted by unit code."""
    now = {row.unit_code: row for row in current}
    before = {row.unit_code: row for row in previous}
    return [
        UnitChange(code, now.get(code, UnitStats(code)), before.get(code, UnitStats(code)))
        for code in sorted(now.keys() | before.keys())
    ]


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _query_error(exc: duckdb.Error) -> DossierDataError:
    return DossierDataError(
        "Không tính được số liệu từ tệp dữ liệu hồ sơ: dữ liệu không đúng cấu trúc chuẩn.",
        code="bad_data",
        log_message=f"dossier statistics query failed: {exc}",
    )
