"""Checking and normalising the rows of an export into the canonical dossier layout, with DuckDB.

No Django here. The rows arrive as text columns (``reader``) and are staged in a DuckDB file, so millions of rows
need little memory; every check is one query over all rows. What needs the registry or the procedure catalogue
(unit names, time limits) is looked up by the caller for the distinct values only and passed in as small tables.

Dates are read as dd/mm/yyyy with an optional time (also with dashes or dots), ISO 8601 (with or without an
offset), yyyymmdd, or an Excel serial number; times without an offset are local (Asia/Ho_Chi_Minh) times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .columns import (
    BOOL_FIELDS,
    DATE_FIELDS,
    FIELD_BY_NAME,
    FIELDS,
    TEXT_FIELDS,
    HeaderMap,
    bool_of,
    channel_of,
)
from .reader import ROW_COLUMN

# Formats tried after the fast paths (ISO text, numbers): the day first, as Vietnamese offices write dates.
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d.%m.%Y %H:%M", "%d.%m.%Y", "%H:%M:%S %d/%m/%Y", "%H:%M %d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
    "%d/%m/%Y %Hh%M", "%Hh%M %d/%m/%Y",
)  # fmt: skip
FIRST_YEAR, LAST_YEAR = 1990, 2100
DUE_HOUR = 17  # a due date computed from a time limit is due at the end of that office day
DATE_HINT = "ghi ngày/tháng/năm, ví dụ 05/07/2021 hoặc 05/07/2021 08:30"
OUTPUT_COLUMNS = (
    "dossier_code", "procedure_code", "procedure_name", "field", "unit_code", "channel", *DATE_FIELDS, "result",
    "online_payment", "digitised", "source", "imported_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad row: its number as Excel shows it, the column's header and the reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"cột “{self.column}”: " if self.column else ""
        return f"Dòng {self.row}: {where}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """What a unit cell resolved to: a unit code, or the reason it did not."""

    unit_code: str | None
    problem: str | None = None


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parse_sql(x: str) -> str:
    """SQL reading the text column ``x`` as a local timestamp (NULL when it is not a date).

    Cheap tests pick the path, so that most cells are read by one cast: ISO text (what date cells of a
    workbook become) by DuckDB's own cast, numbers as Excel serials (or yyyymmdd), the rest by the formats.
    """
    formats = "[" + ", ".join(_q(f) for f in DATE_FORMATS) + "]"
    number = f"TRY_CAST({x} AS DOUBLE)"
    return f"""CASE
        WHEN {x} IS NULL THEN NULL
        WHEN {x} LIKE '____-__-__%' THEN
            CASE WHEN regexp_matches({x}, '\\d[T ]\\d\\d:\\d\\d.*(Z|[+-]\\d\\d:?\\d\\d)$')
                 THEN make_timestamp(epoch_us(TRY_CAST(replace({x}, ' ', 'T') AS TIMESTAMPTZ)) + 25200000000)
                 ELSE TRY_CAST({x} AS TIMESTAMP) END
        WHEN {number} IS NOT NULL THEN
            CASE WHEN length({x}) = 8 AND ({x} LIKE '19%' OR {x} LIKE '20%') THEN try_strptime({x}, '%Y%m%d')
                 WHEN {number} BETWEEN 1 AND 2958465
                 THEN make_timestamp(CAST(round(({number} - 25569) * 86400) AS BIGINT) * 1000000) END
        ELSE try_strptime({x}, {formats})
    END"""


class Staging:
    """The rows of one import in a DuckDB file: appended chunk by chunk, then checked, then written."""

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.con = duckdb.connect(str(workdir / "staging.duckdb"))
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute(f"SET temp_directory = {_q(str(workdir / 'spill'))}")
        self.fields: list[str] = []
        self.rows = 0

    def close(self) -> None:
        """Close the database (the caller removes the work folder)."""
        self.con.close()

    def append(self, chunk: pa.Table) -> None:
        """Add a chunk of text columns (field names and ``_row``)."""
        self.con.register("chunk", chunk)
        try:
            if not self.fields:
                self.fields = [n for n in chunk.column_names if n != ROW_COLUMN]
                self.con.execute("CREATE TABLE raw AS SELECT * FROM chunk")
            else:
                self.con.execute("INSERT INTO raw BY NAME SELECT * FROM chunk")
        finally:
            self.con.unregister("chunk")
        self.rows += chunk.num_rows

    def _col(self, field: str) -> str:
        return f'r."{field}"' if field in self.fields else "CAST(NULL AS VARCHAR)"

    def distinct(self, field: str) -> list[str]:
        """The distinct non-empty values of a column (unit names, channel words)."""
        if field not in self.fields:
            return []
        rows = self.con.execute(f'SELECT DISTINCT "{field}" FROM raw WHERE "{field}" IS NOT NULL').fetchall()
        return [str(r[0]) for r in rows]

    def prepare(self, units: Mapping[str, UnitMatch], default_unit: str | None) -> int:
        """Parse every row into typed columns (table ``parsed``); empty rows are dropped. Returns the rows."""
        maps: dict[str, list[tuple[str, Any]]] = {
            "unit_map": [(k, v.unit_code) for k, v in units.items()],
            "unit_problem": [(k, v.problem) for k, v in units.items() if v.problem],
            "channel_map": [(v, channel_of(v)) for v in self.distinct("channel")],
        }
        for field in BOOL_FIELDS:
            maps[f"{field}_map"] = [(v, bool_of(v)) for v in self.distinct(field)]
        for name, pairs in maps.items():
            kind = pa.bool_() if name.removesuffix("_map") in BOOL_FIELDS else pa.string()
            schema = pa.schema([("k", pa.string()), ("v", kind)])
            self.con.register(
                name, pa.table({"k": [p[0] for p in pairs], "v": [p[1] for p in pairs]}, schema)
            )
        cols = [f"{self._col(f)} AS {f}_raw" for f in ("unit", "channel", *DATE_FIELDS, *BOOL_FIELDS)]
        cols += [f"{self._col(f)} AS {f}" for f in TEXT_FIELDS]
        cols += [f"{_parse_sql(self._col(f))} AS {f}" for f in DATE_FIELDS]
        # A date outside the plausible years (an Excel serial like 12 is 11/01/1900) is no date at all.
        plausible = ", ".join(
            f"CASE WHEN year({f}) BETWEEN {FIRST_YEAR} AND {LAST_YEAR} THEN {f} END AS {f}"
            for f in DATE_FIELDS
        )
        default = _q(default_unit) if default_unit else "NULL"
        present = [f'r."{f}" IS NOT NULL' for f in self.fields] or ["FALSE"]
        self.con.execute(f"""
            CREATE OR REPLACE TABLE parsed AS SELECT * REPLACE ({plausible}) FROM (
            SELECT r._row, min(r._row) OVER (PARTITION BY {self._col("dossier_code")}) AS first_row,
                   {", ".join(cols)},
                   CASE WHEN {self._col("unit")} IS NULL THEN {default} ELSE um.v END AS unit_code,
                   up.v AS unit_problem,
                   CASE WHEN {self._col("channel")} IS NULL THEN 'counter' ELSE cm.v END AS channel,
                   {", ".join(f"CASE WHEN {self._col(f)} IS NULL THEN FALSE ELSE {f}_m.v END AS {f}" for f in BOOL_FIELDS)}
            FROM raw AS r
            LEFT JOIN unit_map AS um ON um.k = {self._col("unit")}
            LEFT JOIN unit_problem AS up ON up.k = {self._col("unit")}
            LEFT JOIN channel_map AS cm ON cm.k = {self._col("channel")}
            {" ".join(f"LEFT JOIN {f}_map AS {f}_m ON {f}_m.k = {self._col(f)}" for f in BOOL_FIELDS)}
            WHERE {" OR ".join(present)})
        """)  # fmt: skip
        for name in maps:
            self.con.unregister(name)
        return int(self.con.execute("SELECT count(*) FROM parsed").fetchone()[0])  # type: ignore[index]

    def errors(self, header: HeaderMap, *, unit_optional: bool, limit: int) -> tuple[list[RowError], int]:
        """The bad rows (at most ``limit``, in row order) and how many there are in all."""
        label = header.column_label
        checks: list[tuple[str, str, str]] = [
            ("dossier_code", "dossier_code IS NULL", "'Thiếu mã hồ sơ.'"),
            (
                "dossier_code",
                "dossier_code IS NOT NULL AND _row <> first_row",
                "'Mã hồ sơ “' || dossier_code || '” trùng với dòng ' || first_row || '.'",
            ),
            ("unit", "unit_problem IS NOT NULL", "unit_problem"),
            (
                "channel",
                "channel IS NULL",
                "'Kênh tiếp nhận “' || channel_raw || '” không hợp lệ (ghi Trực tuyến, Trực tiếp hoặc Bưu chính).'",
            ),
            ("received_at", "received_at_raw IS NULL", "'Thiếu ngày tiếp nhận.'"),
        ]
        if not unit_optional:
            checks.insert(2, ("unit", "unit_raw IS NULL", "'Thiếu đơn vị tiếp nhận.'"))
        for field in DATE_FIELDS:
            checks.append(
                (
                    field,
                    f"{field}_raw IS NOT NULL AND {field} IS NULL",
                    f"'“' || {field}_raw || '” không phải ngày hợp lệ ({DATE_HINT}).'",
                )
            )
        for field in DATE_FIELDS[1:]:
            what = FIELD_BY_NAME[field].label
            checks.append(
                (
                    field,
                    f"CAST({field} AS DATE) < CAST(received_at AS DATE)",
                    f"'{what} (' || strftime({field}, '%d/%m/%Y') || ') trước ngày tiếp nhận (' "
                    f"|| strftime(received_at, '%d/%m/%Y') || ').'",
                )
            )
        for field in BOOL_FIELDS:
            checks.append(
                (field, f"{field} IS NULL", f"'“' || {field}_raw || '” không hợp lệ (ghi Có hoặc Không).'")
            )
        order = {f.name: i for i, f in enumerate(FIELDS)}
        parts = [
            f"SELECT _row, {order[field]} AS pos, {_q(label(field))} AS col, {message} AS msg "
            f"FROM parsed WHERE {condition}"
            for field, condition, message in checks
        ]
        union = " UNION ALL ".join(parts)
        self.con.execute(f"CREATE OR REPLACE TABLE bad AS {union}")
        total = int(self.con.execute("SELECT count(*) FROM bad").fetchone()[0])  # type: ignore[index]
        rows = self.con.execute(
            f"SELECT _row, col, msg FROM bad ORDER BY _row, pos LIMIT {int(limit)}"
        ).fetchall()
        return [RowError(int(r[0]), str(r[1]), str(r[2])) for r in rows], total

    def procedures(self) -> list[tuple[str, str, str]]:
        """(code, name, field) of the procedures the rows name, one line per code."""
        rows = self.con.execute("""
            SELECT procedure_code, max(coalesce(procedure_name, '')), max(coalesce(field, ''))
            FROM parsed WHERE procedure_code IS NOT NULL GROUP BY procedure_code ORDER BY procedure_code
        """).fetchall()
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def due_pairs(self, time_limits: Mapping[str, int]) -> list[tuple[dt.date, int]]:
        """(day received, time limit) of the rows without a due date whose procedure has a time limit."""
        self._register_limits(time_limits)
        rows = self.con.execute("""
            SELECT DISTINCT CAST(p.received_at AS DATE), l.days FROM parsed AS p
            JOIN limits AS l ON l.code = p.procedure_code WHERE p.due_at IS NULL AND p.received_at IS NOT NULL
        """).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def _register_limits(self, time_limits: Mapping[str, int]) -> None:
        limits = pa.table(
            {"code": list(time_limits), "days": [int(v) for v in time_limits.values()]},
            schema=pa.schema([("code", pa.string()), ("days", pa.int64())]),
        )
        self.con.register("limits", limits)

    def write(
        self,
        path: Path,
        *,
        time_limits: Mapping[str, int],
        due_days: Mapping[tuple[dt.date, int], dt.date],
        source: str,
        imported_at: dt.datetime,
    ) -> int:
        """Write the canonical rows to a Parquet file (timestamps with time zone); returns the row count."""
        self._register_limits(time_limits)
        days = pa.table(
            {
                "received": [k[0] for k in due_days],
                "days": [k[1] for k in due_days],
                "due": [v for v in due_days.values()],
            },
            schema=pa.schema([("received", pa.date32()), ("days", pa.int64()), ("due", pa.date32())]),
        )
        self.con.register("due_days", days)
        due = f"coalesce(p.due_at, CAST(d.due AS TIMESTAMP) + INTERVAL {DUE_HOUR} HOUR)"

        def tz(sql: str) -> str:
            return f"CAST(({sql}) - INTERVAL 7 HOUR AS TIMESTAMPTZ)"

        stamp = imported_at.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
        select = f"""
            SELECT p.dossier_code, p.procedure_code, p.procedure_name, p.field, p.unit_code, p.channel,
                   {tz("p.received_at")} AS received_at, {tz(due)} AS due_at, {tz("p.resolved_at")} AS resolved_at,
                   {tz("p.returned_at")} AS returned_at, {tz("p.withdrawn_at")} AS withdrawn_at, p.result,
                   p.online_payment, p.digitised, {_q(source)} AS source,
                   CAST(TIMESTAMP {_q(stamp)} AS TIMESTAMPTZ) AS imported_at
            FROM parsed AS p
            LEFT JOIN limits AS l ON l.code = p.procedure_code
            LEFT JOIN due_days AS d ON p.due_at IS NULL AND d.received = CAST(p.received_at AS DATE)
                 AND d.days = l.days
        """  # fmt: skip
        self.con.execute(f"COPY ({select}) TO {_q(str(path))} (FORMAT parquet, COMPRESSION zstd)")
        return int(self.con.execute("SELECT count(*) FROM parsed").fetchone()[0])  # type: ignore[index]
