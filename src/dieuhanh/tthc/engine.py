"""Statistics of administrative-procedure dossiers (hồ sơ TTHC) per unit and period, computed with DuckDB.

No Django here: the engine reads Parquet files or an Arrow table in the canonical dossier layout
(``CANONICAL_COLUMNS``) and returns one row per unit. The rules, in one place:

- Time: every timestamp is judged in Asia/Ho_Chi_Minh local time. Naive timestamps are taken as local wall-clock
  times; aware ones (``TIMESTAMP WITH TIME ZONE``, Arrow ``timestamp[tz=...]``) are converted to local time; a
  ``DATE`` column means midnight local. A period runs from its first day 00:00 (``start``) to the day after its
  last day 00:00 (``end``, excluded).
- A dossier is *finished* at the earliest of ``resolved_at``, ``returned_at``, ``withdrawn_at``; when a return or
  withdrawal comes strictly before the resolution it is returned/withdrawn, otherwise resolved.
- A dossier counts in a period when received before ``end`` and not finished before ``start``; every field below
  is over counted dossiers only, so carried_over + received = resolved_* + pending_* + returned_or_withdrawn.
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
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dieuhanh.core.errors import DomainError
from dieuhanh.tthc.periods import Period
from dieuhanh.tthc.workdays import working_day_numbers

LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"
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

Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | pa.Table


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


def _connect(source: Source) -> tuple[duckdb.DuckDBPyConnection, dict[str, str]]:
    """Open an in-memory DuckDB with the source as view ``src``; return it with the source's column types."""
    con = duckdb.connect()
    con.execute(f"SET TimeZone = {_quote(LOCAL_TIMEZONE)}")
    if isinstance(source, pa.Table):
        con.register("src", source)
    else:
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
        listing = ", ".join(_quote(str(p)) for p in paths)
        con.execute(f"CREATE VIEW src AS SELECT * FROM read_parquet([{listing}], union_by_name = true)")
    try:
        described = con.execute("DESCRIBE SELECT * FROM src").fetchall()
    except duckdb.Error as exc:
        raise DossierDataError(
            "Không đọc được tệp dữ liệu hồ sơ (cần tệp Parquet theo cấu trúc chuẩn).",
            code="unreadable",
            log_message=f"cannot read dossier source: {exc}",
        ) from exc
    types = {str(row[0]): str(row[1]) for row in described}
    _check_columns(types)
    return con, types


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


def _dossiers_sql(con: duckdb.DuckDBPyConnection, time_limits: Mapping[str, int] | None) -> str:
    """SQL of the normalised dossiers: unit_code, online, rec, due_day, fin, outcome (0-3, NULL = unfinished)."""

    def ts(name: str) -> str:
        # With the session time zone set to local time, this turns aware timestamps into local wall-clock time
        # and leaves naive ones (already local) as they are.
        return f"CAST({_ident(name)} AS TIMESTAMP)"

    due = f"CAST({ts('due_at')} AS DATE)"
    joins = ""
    if time_limits is not None:
        due = f"coalesce({due}, CASE WHEN lim.days = 0 THEN CAST({ts('received_at')} AS DATE) ELSE w2.day END)"
        joins = _register_time_limits(con, time_limits)
    return f"""
        SELECT CAST(s.unit_code AS VARCHAR) AS unit_code, s.channel = 'online' AS online,
               {ts("received_at")} AS rec, {due} AS due_day, {ts("resolved_at")} AS res,
               least({ts("returned_at")}, {ts("withdrawn_at")}) AS rw
        FROM src AS s {joins}
        WHERE s.unit_code IS NOT NULL AND s.received_at IS NOT NULL
    """


def _register_time_limits(con: duckdb.DuckDBPyConnection, time_limits: Mapping[str, int]) -> str:
    """Register procedure time limits and a working-day numbering; return the joins that compute a due day."""
    if "procedure_code" not in {str(r[0]) for r in con.execute("DESCRIBE SELECT * FROM src").fetchall()}:
        raise DossierDataError(
            "Cần cột procedure_code để tính hạn giải quyết theo thời hạn của thủ tục.", code="missing_columns"
        )
    first, last = con.execute("SELECT min(CAST(received_at AS DATE)), max(CAST(received_at AS DATE)) FROM src").fetchone() or (None, None)
    first = first or date.today()
    last = (last or first) + timedelta(days=2 * max(time_limits.values(), default=0) + 60)
    numbers = working_day_numbers(first, last)
    con.register("wd", pa.table({"day": [d for d, _ in numbers], "seq": [n for _, n in numbers]}))
    con.execute("CREATE TEMP TABLE wd_work AS SELECT day, seq FROM wd WHERE seq > coalesce(lag(seq) OVER (ORDER BY day), 0)")
    limits = pa.table({"procedure_code": list(time_limits), "days": [int(v) for v in time_limits.values()]})
    con.register("lim_src", limits)
    return f"""
        LEFT JOIN lim_src AS lim ON lim.procedure_code = CAST(s.procedure_code AS VARCHAR)
        LEFT JOIN wd AS w1 ON w1.day = CAST(CAST(s.received_at AS TIMESTAMP) AS DATE)
        LEFT JOIN wd_work AS w2 ON w2.seq = w1.seq + lim.days
    """
