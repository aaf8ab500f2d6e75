"""Generate realistic, deterministic dossier (hồ sơ TTHC) data in the canonical Parquet layout.

Units of different sizes, lateness and online share; seasonal volume (more before Tết and at the end of the
year, little during the Tết holiday and on weekends); some dossiers returned or withdrawn, some stuck, some
still pending at the end, and one lead month before the range so that dossiers are carried over across the
year boundary.
Due dates follow each procedure's time limit in working days (holidays from ``dieuhanh.tthc.workdays``).

    python bench/tthc_generate.py --rows 10000000 --units 300 --months 12 --start 2024-01 \
        --output var/bench/dossiers.parquet

Needs numpy (the optional ``bench`` dependencies).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dieuhanh.tthc.periods import Period
from dieuhanh.tthc.workdays import is_working_day, tet_day, working_day_numbers

LOCAL_TZ = "Asia/Ho_Chi_Minh"
US_PER_HOUR = 3_600_000_000
TIME_LIMITS = np.array([0, 1, 2, 3, 5, 7, 10, 12, 15, 20, 30])
TIME_LIMIT_WEIGHTS = np.array([4, 6, 5, 10, 12, 10, 14, 6, 12, 12, 9], dtype=float)
CHANNELS = ["online", "counter", "postal"]


def unit_codes(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Unit codes (about 70% communes with 5-digit codes, the rest departments) and a commune mask."""
    communes = round(n * 0.7)
    commune_codes = sorted(str(c) for c in rng.choice(np.arange(10000, 32999), size=communes, replace=False))
    department_codes = [f"000.{i // 100:02d}.{i % 100:02d}.H26" for i in range(1, n - communes + 1)]
    is_commune = np.array([False] * len(department_codes) + [True] * communes)
    return department_codes + commune_codes, is_commune


def _day_weights(days: list[date]) -> np.ndarray:
    """Relative filing volume per day: weekdays, holidays, months of the year and the weeks before Tết."""
    month_factor = {1: 1.1, 2: 0.85, 3: 1.0, 4: 0.95, 5: 1.0, 6: 1.0, 7: 0.95, 8: 0.95, 9: 1.0, 10: 1.05}
    tets = {d.year: tet_day(d.year) for d in days} | {d.year + 1: tet_day(d.year + 1) for d in days}
    weights = np.empty(len(days))
    for i, day in enumerate(days):
        w = month_factor.get(day.month, 1.3)  # November and December: the year-end rush
        w *= 1.0 if is_working_day(day) else (0.15 if day.weekday() == 5 else 0.04)
        next_tet = min(t for t in (tets[day.year], tets[day.year + 1]) if t >= day - timedelta(days=7))
        to_tet = (next_tet - day).days
        if 0 < to_tet <= 21:
            w *= 1.5
        elif -6 <= to_tet <= 0:
            w *= 0.1
        weights[i] = w
    return weights / weights.sum()


def generate(rows: int, units: int, months: int, start: str = "2024-01", seed: int = 766) -> pa.Table:
    """Build the table: ``rows`` dossiers of ``units`` units over ``months`` months plus one lead month."""
    rng = np.random.default_rng(seed)
    first_month = Period.parse(start)
    first = first_month.previous().first_day  # the lead month: dossiers carried over into the range
    index = first_month.first_day.year * 12 + first_month.first_day.month - 1 + months - 1
    last = Period.month(index // 12, index % 12 + 1)
    as_of = last.last_day + timedelta(days=1)  # the export's instant: later events are not known yet
    days = [first + timedelta(days=i) for i in range((last.last_day - first).days + 1)]

    codes, is_commune = unit_codes(units, rng)
    size = rng.lognormal(0.0, 1.0, units) * np.where(is_commune, 1.0, 2.5)
    p_late = np.where(rng.random(units) < 0.06, rng.beta(3, 6, units), rng.beta(1.2, 14, units))
    p_online = np.where(is_commune, rng.beta(1.5, 3, units), rng.beta(3, 2.5, units))
    p_returned = rng.uniform(0.005, 0.04, units)
    n_procedures = 400
    proc_limit = rng.choice(TIME_LIMITS, n_procedures, p=TIME_LIMIT_WEIGHTS / TIME_LIMIT_WEIGHTS.sum())
    proc_weight = 1.0 / np.arange(1, n_procedures + 1) ** 0.9

    unit = rng.choice(units, rows, p=size / size.sum()).astype(np.int32)
    proc = rng.choice(n_procedures, rows, p=proc_weight / proc_weight.sum()).astype(np.int32)
    limit = proc_limit[proc]
    day_idx = rng.choice(len(days), rows, p=_day_weights(days))
    u = rng.random((6, rows))
    channel = np.where(u[0] < p_online[unit], 0, np.where(u[1] < 0.03, 2, 1)).astype(np.int8)
    online = channel == 0
    hour = np.where(online, rng.triangular(0, 14, 24, rows), rng.uniform(7.5, 17.0, rows))
    base = np.datetime64(first, "us")

    # Working-day arithmetic by index: seq[d] = working days from ``first`` up to day d.
    horizon = first + timedelta(days=len(days) + 200)
    numbers = working_day_numbers(first, horizon)
    seq = np.array([n for _, n in numbers])
    work_days = np.array([i for i, (_, n) in enumerate(numbers) if n > (numbers[i - 1][1] if i else 0)])

    def after(k: np.ndarray) -> np.ndarray:
        """Day index of the k-th working day after the day received (k = 0: the day received)."""
        target = np.minimum(seq[day_idx] + k, len(work_days))
        return np.where(k == 0, day_idx, work_days[np.maximum(target - 1, 0)])

    def at(day: np.ndarray, hours: np.ndarray) -> np.ndarray:
        # Whole seconds, as one-stop systems record them.
        return base + (day * 86_400 + hours * 3_600).astype("timedelta64[s]")

    received = at(day_idx, hour)
    due = at(after(limit), np.full(rows, 17.0))
    late = u[2] < p_late[unit]
    # In time: a third on the due day itself, the rest spread over the working days before it.
    k_ok = np.where(u[3] < 0.3, limit, np.floor(rng.random(rows) * (limit + 1)).astype(int))
    k_late = limit + rng.geometric(0.35, rows)
    resolved = at(after(np.where(late, k_late, k_ok)), rng.uniform(7.5, 17.5, rows))
    resolved = np.maximum(resolved, received + np.timedelta64(20 * 60_000_000, "us"))
    ended = at(after(np.floor(u[4] * (limit + 1)).astype(int)), rng.uniform(7.5, 17.0, rows))
    ended = np.maximum(ended, received + np.timedelta64(5 * 60_000_000, "us"))
    fate = u[5]
    withdrawn_mask = fate < 0.012
    returned_mask = (fate >= 0.012) & (fate < 0.012 + p_returned[unit])
    stuck = (fate >= 0.96) & (fate < 0.962)  # never finished: pending and soon overdue for months
    resolved_mask = ~(withdrawn_mask | returned_mask | stuck)
    cutoff = np.datetime64(as_of, "us")

    order = np.argsort(received, kind="stable")
    ts_type = pa.timestamp("us", tz=LOCAL_TZ)

    def column(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        utc = (values - np.timedelta64(7 * US_PER_HOUR, "us"))[order]  # local wall clock -> UTC
        null = None if mask is None else ~(mask & (values < cutoff))[order]
        return pa.array(utc, type=pa.timestamp("us"), mask=null).cast(ts_type)

    dossier_no = pa.array(np.arange(1, rows + 1))
    codes_arr = pc.utf8_lpad(pc.cast(dossier_no, pa.string()), width=8, padding="0")
    return pa.table(
        {
            "dossier_code": pc.binary_join_element_wise("HS", codes_arr, ""),
            "procedure_code": pa.DictionaryArray.from_arrays(
                pa.array(proc[order]), pa.array([f"1.{i + 1000:06d}" for i in range(n_procedures)])
            ),
            "unit_code": pa.DictionaryArray.from_arrays(pa.array(unit[order]), pa.array(codes)),
            "channel": pa.DictionaryArray.from_arrays(pa.array(channel[order]), pa.array(CHANNELS)),
            "received_at": column(received),
            "due_at": column(due),
            "resolved_at": column(resolved, resolved_mask),
            "returned_at": column(ended, returned_mask),
            "withdrawn_at": column(ended, withdrawn_mask),
        }
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: write the generated table to a Parquet file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--start", default="2024-01", help="first month of the statistics range (YYYY-MM)")
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--output", type=Path, default=Path("var/bench/dossiers.parquet"))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    table = generate(args.rows, args.units, args.months, args.start, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, args.output, compression="zstd", row_group_size=1_000_000)
    took = time.perf_counter() - began
    print(
        f"{table.num_rows:,} dossiers -> {args.output} "
        f"({args.output.stat().st_size / 1e6:.0f} MB, {took:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
