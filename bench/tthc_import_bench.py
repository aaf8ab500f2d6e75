"""Benchmark: importing a one-stop export of 1,000,000 dossiers as XLSX, the way the office does it.

    python bench/tthc_import_bench.py                 # 1,000,000 rows (target: at most 60 s)
    python bench/tthc_import_bench.py --rows 100000   # a quick run

The XLSX is generated once (openpyxl, write-only mode) from ``bench/tthc_generate.py``'s realistic data,
with Vietnamese headers, the Sông Lô units (communes by name, departments by code), channels in words, dates as
date cells and as dd/mm/yyyy text; it is kept under var/bench/. The import runs against a scratch data folder
(its own SQLite database with the demo registry) through ``services.import_file``, the CLI's path: read with
calamine, checked row by row in DuckDB, merged into the Parquet dataset. It runs twice: a first import into an
empty dataset, then the same file again (every dossier updated). Needs numpy (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

TARGET_S = 60.0
PROJECT = Path(__file__).resolve().parents[1]
SCRATCH = PROJECT / "var" / "bench" / "tthc-import"


def _setup_django() -> None:
    """Django on a scratch data folder, migrated, with the demo registry."""
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    SCRATCH.mkdir(parents=True)
    os.environ["DIEUHANH_DATA_DIR"] = str(SCRATCH)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from dieuhanh.org.demo import load_demo

    load_demo()


def generate_xlsx(path: Path, rows: int, seed: int) -> None:
    """Write the export: realistic dossiers of the 25 Sông Lô units handling TTHC over June-July 2021."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from openpyxl import Workbook

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from tthc_generate import generate

    from dieuhanh.org.demo import _UNITS, ISSUER_CODE, _communes
    from dieuhanh.tthc.demo import CHANNEL_WORDS, HEADERS, PROCEDURES

    departments = [f"{ISSUER_CODE}-{u[0]}" for u in _UNITS if u[0] not in ("VP", "CA", "QS", "TTVH")]
    communes = [f"UBND xã {w['name'].split(' ', 1)[1]}" if w["name"].startswith("Xã ") else
                f"UBND thị trấn {w['name'].split(' ', 2)[2]}" for w in _communes()]  # fmt: skip
    units = departments + communes
    table = generate(rows, len(units), 2, "2021-06", seed)
    unit_index = table["unit_code"].combine_chunks().indices.to_numpy()
    proc_index = table["procedure_code"].combine_chunks().indices.to_numpy() % len(PROCEDURES)
    channel = table["channel"].combine_chunks().indices.to_numpy()
    rng = np.random.default_rng(seed)
    pay, digit = rng.random(rows) < 0.2, rng.random(rows) < 0.6
    words = [CHANNEL_WORDS[c] for c in ("online", "counter", "postal")]

    def local(name: str) -> list[Any]:
        """Naive local wall-clock datetimes (the generator stores UTC instants; Viet Nam is UTC+7)."""
        utc = table[name].cast(pa.timestamp("us"))
        return pc.add(utc, pa.scalar(7 * 3600 * 10**6, pa.duration("us"))).to_pylist()

    received, due, resolved = local("received_at"), local("due_at"), local("resolved_at")
    returned, withdrawn = local("returned_at"), local("withdrawn_at")
    codes = table["dossier_code"].to_pylist()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hồ sơ")
    sheet.append(HEADERS)
    for i in range(rows):
        code, name, field, _limit, _who = PROCEDURES[proc_index[i]]
        done = resolved[i]
        sheet.append([
            i + 1, codes[i], code, name, field, units[unit_index[i]], words[channel[i]], received[i],
            due[i].strftime("%d/%m/%Y %H:%M") if due[i] else None, done,
            returned[i].strftime("%d/%m/%Y %H:%M") if returned[i] else None,
            withdrawn[i].strftime("%d/%m/%Y %H:%M") if withdrawn[i] else None,
            "Đã trả kết quả" if done else "Đang giải quyết", "Có" if pay[i] else None, "Có" if digit[i] else "Không",
        ])  # fmt: skip
    workbook.save(path)


def main(argv: list[str] | None = None) -> int:
    """Generate the file when missing, import it twice, print the figures."""
    parser = argparse.ArgumentParser(description="TTHC import of a large XLSX export")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--file", type=Path, help="XLSX to import (default: generated under var/bench/)")
    args = parser.parse_args(argv)
    _setup_django()
    from dieuhanh.org.resolver import get_issuer as issuer_of
    from dieuhanh.tthc import services
    from dieuhanh.tthc.cli import ProgressBar
    from dieuhanh.tthc.queries import dataset_of

    path: Path = args.file or PROJECT / "var" / "bench" / f"tthc_import_{args.rows}_{args.seed}.xlsx"
    if not path.exists():
        began = time.perf_counter()
        print(f"generating {path} ...", file=sys.stderr)
        generate_xlsx(path, args.rows, args.seed)
        print(f"generated in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    issuer = issuer_of("253")
    results = []
    for label in ("first import", "same file again"):
        bar = ProgressBar(sys.stderr)
        began = time.perf_counter()
        job = services.import_file(actor=None, issuer=issuer, source_name="Bench", path=path, progress=bar)
        took = time.perf_counter() - began
        bar.close()
        if job.status != "done":
            print(job.message, job.errors[:5], file=sys.stderr)
            return 1
        results.append((label, job.rows, took, job.inserted, job.updated))
    size_mb = path.stat().st_size / 1e6
    dataset_mb = dataset_of(issuer).stat().st_size / 1e6
    print()
    print(f"TTHC import: {path.name} ({size_mb:.0f} MB XLSX) -> Parquet dataset ({dataset_mb:.0f} MB)")
    print(f"{os.cpu_count()} CPUs; reader python-calamine, checks and merge in DuckDB")
    print()
    header = f"{'run':<18}{'rows':>11}{'seconds':>10}{'rows/s':>11}{'new':>11}{'updated':>11}"
    print(header)
    print("-" * len(header))
    for label, rows, took, inserted, updated in results:
        print(f"{label:<18}{rows:>11,}{took:>10.1f}{rows / took:>11,.0f}{inserted:>11,}{updated:>11,}")
    print("-" * len(header))
    worst = max(r[2] for r in results)
    print(
        f"target: import <= {TARGET_S:g} s {'met' if worst <= TARGET_S else 'NOT met'} (slowest run {worst:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
