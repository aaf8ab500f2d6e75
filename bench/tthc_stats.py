"""Benchmark: statistics of every unit x every month from Parquet, DuckDB engine against a pandas groupby.

    python bench/tthc_stats.py                    # 10,000,000 dossiers, 300 units, 12 months
    python bench/tthc_stats.py --rows 200000      # a quick run

The data is generated once (``bench/tthc_generate.py``, seeded) under var/bench/. Each implementation runs in
its own child process, so that its peak memory (``resource.getrusage``) is its own (a child's peak starts from
its parent's, which stays small); both start from the Parquet file and each run reads it again. The script
checks that the two tables are equal and prints the timings (median of ``--runs``), the ratio and the peak
memory. Needs pandas (the optional ``bench`` dependencies).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from dieuhanh.tthc.engine import OUTPUT_FIELDS, STAT_FIELDS, TIMESTAMP_COLUMNS, monthly_stats_table
from dieuhanh.tthc.periods import Period

ENGINE_TARGET_S = 2.0
SPEEDUP_TARGET = 3.0


def month_range(start: str, months: int) -> tuple[Period, Period]:
    """First and last month of a run of ``months`` months from ``start``."""
    first = Period.parse(start)
    index = first.first_day.year * 12 + first.first_day.month - 1 + months - 1
    return first, Period.month(index // 12, index % 12 + 1)


def pandas_monthly(path: Path, first: Period, last: Period) -> pd.DataFrame:
    """The table of ``monthly_stats_table`` the straightforward way: masks and a groupby per month."""
    df = pd.read_parquet(path, columns=["unit_code", "channel", *TIMESTAMP_COLUMNS])
    for name in TIMESTAMP_COLUMNS:
        if isinstance(df[name].dtype, pd.DatetimeTZDtype):
            df[name] = df[name].dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)
    rec, res = df["received_at"], df["resolved_at"]
    rw = df[["returned_at", "withdrawn_at"]].min(axis=1)
    fin = pd.concat([res, rw], axis=1).min(axis=1)
    due_day, res_day = df["due_at"].dt.normalize(), res.dt.normalize()
    gone = rw.notna() & (res.isna() | (rw < res))
    resolved = res.notna() & ~gone
    on_time = resolved & (due_day.isna() | (res_day == due_day))
    early = resolved & (res_day < due_day)
    late = resolved & (res_day > due_day)
    online = df["channel"] == "online"
    known = df["unit_code"].notna() & rec.notna()
    frames = []
    for month in Period(first.first_day, last.last_day).months():
        start, end, last_day = month.start, month.end, pd.Timestamp(month.last_day)
        counted = known & (rec < end) & (fin.isna() | (fin >= start))
        done = counted & (fin < end)
        pending = counted & ~(fin < end)
        overdue = pending & (due_day < last_day)
        flags = pd.DataFrame(
            {
                "unit_code": df["unit_code"],
                "carried_over": counted & (rec < start),
                "received": counted & (rec >= start),
                "received_online": counted & (rec >= start) & online,
                "resolved_early": done & early,
                "resolved_on_time": done & on_time,
                "resolved_late": done & late,
                "pending_in_time": pending & ~overdue,
                "pending_overdue": overdue,
                "returned_or_withdrawn": done & gone,
            }
        )[counted]
        table = flags.groupby("unit_code", observed=True).sum().reset_index()
        table.insert(0, "period", month.label)
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    out["unit_code"] = out["unit_code"].astype(str)
    for name in STAT_FIELDS:
        out[name] = out[name].astype("int64")
    good = out["resolved_early"] + out["resolved_on_time"]
    total = good + out["resolved_late"]
    out["on_time_rate"] = (good.astype("float64") / total).where(total > 0, np.nan)
    return out.sort_values(["period", "unit_code"], ignore_index=True)


def worker(kind: str, data: Path, start: str, months: int, runs: int, output: Path) -> None:
    """Child process: time one implementation, save its table, print its figures as JSON."""
    first, last = month_range(start, months)
    times: list[float] = []
    cpu: list[float] = []
    table: Any = None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        if kind == "engine":
            table = monthly_stats_table(data, first, last)
        else:
            table = pandas_monthly(data, first, last)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    if kind == "engine":
        pq.write_table(table, output)
    else:
        table.to_parquet(output, index=False)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"times": times, "cpu": cpu, "peak_mb": peak_mb, "rows": len(table)}))


def run_worker(kind: str, args: argparse.Namespace, data: Path, output: Path) -> dict[str, Any]:
    """Run ``worker`` in a fresh interpreter and read its figures."""
    command = [sys.executable, __file__, "--worker", kind, "--data", str(data), "--start", args.start]
    command += ["--months", str(args.months), "--runs", str(args.runs), "--output", str(output)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ensure_data(args: argparse.Namespace) -> Path:
    """The seeded data file, generated when missing."""
    data: Path = args.data or Path(
        f"var/bench/tthc_{args.rows}_{args.units}u_{args.months}m_{args.seed}.parquet"
    )
    if data.exists():
        return data
    # In a child process, so that this process stays small: a child's peak memory starts from its parent's.
    generator = Path(__file__).with_name("tthc_generate.py")
    command = [sys.executable, str(generator), "--rows", str(args.rows), "--units", str(args.units)]
    command += [
        "--months",
        str(args.months),
        "--start",
        args.start,
        "--seed",
        str(args.seed),
        "--output",
        str(data),
    ]
    subprocess.run(command, check=True)
    return data


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with --worker, one side of it)."""
    parser = argparse.ArgumentParser(description="TTHC statistics: DuckDB engine vs pandas")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--start", default="2024-01")
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per implementation (the median is reported)"
    )
    parser.add_argument("--data", type=Path, help="Parquet file to use (default: generated under var/bench/)")
    parser.add_argument("--worker", choices=["engine", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.start, args.months, args.runs, args.output)
        return 0

    data = ensure_data(args)
    first, last = month_range(args.start, args.months)
    with tempfile.TemporaryDirectory() as tmp:
        engine = run_worker("engine", args, data, Path(tmp) / "engine.parquet")
        pandas = run_worker("pandas", args, data, Path(tmp) / "pandas.parquet")
        ours = pq.read_table(Path(tmp) / "engine.parquet").to_pandas()
        theirs = pd.read_parquet(Path(tmp) / "pandas.parquet")
    assert list(ours.columns) == ["period", *OUTPUT_FIELDS], list(ours.columns)
    pd.testing.assert_frame_equal(ours, theirs[ours.columns], check_exact=True)

    rows = pq.ParquetFile(data).metadata.num_rows
    e_med, p_med = statistics.median(engine["times"]), statistics.median(pandas["times"])
    ratio = p_med / e_med
    print()
    print(
        f"TTHC statistics, every unit x month: {rows:,} dossiers, {args.units} units, "
        f"{first.label}..{last.label}"
    )
    print(f"{engine['rows']:,} unit-months; {os.cpu_count()} CPUs; duckdb engine vs pandas {pd.__version__}")
    print()
    header = f"{'implementation':<18}{'median s':>10}{'min s':>9}{'cpu s':>9}{'runs':>6}{'peak MB':>10}"
    print(header)
    print("-" * len(header))
    for name, figures in (("DuckDB engine", engine), ("pandas groupby", pandas)):
        times = figures["times"]
        print(
            f"{name:<18}{statistics.median(times):>10.3f}{min(times):>9.3f}"
            f"{statistics.median(figures['cpu']):>9.2f}{len(times):>6}{figures['peak_mb']:>10.0f}"
        )
    print("-" * len(header))
    print(f"pandas / engine: {ratio:.1f}x   tables equal: yes")
    fast = "met" if e_med <= ENGINE_TARGET_S else "NOT met"
    speed = "met" if ratio >= SPEEDUP_TARGET else "NOT met"
    print(f"targets: engine <= {ENGINE_TARGET_S:g} s {fast}; >= {SPEEDUP_TARGET:g}x pandas {speed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
