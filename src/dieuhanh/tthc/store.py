"""The stored dossiers: one Parquet dataset per issuing body in the canonical layout, upserted by dossier code.

No Django here. ``DIR/<issuer code>/dossiers.parquet`` holds every dossier the issuing body has imported, one
row per dossier code. An import merges its rows in (the newly imported row replaces the stored one), writes the
result to a temporary file next to the dataset and renames it over the old one, so readers see the old file or
the new one, never half of one; a lock file keeps two imports of one issuing body from merging at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

DATASET_NAME = "dossiers.parquet"
ROW_GROUP_ROWS = 262_144


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What a merge did: new dossiers, dossiers replaced, and the dataset's size after it."""

    inserted: int
    updated: int
    total: int


def dataset_dir(root: Path, issuer_code: str) -> Path:
    """The folder of an issuing body's dataset (the code made safe as a folder name)."""
    safe = re.sub(r"[^0-9A-Za-z._-]+", "_", issuer_code).strip("._") or "_"
    return root / safe


def dataset_path(root: Path, issuer_code: str) -> Path:
    """The dataset file of an issuing body (it may not exist yet)."""
    return dataset_dir(root, issuer_code) / DATASET_NAME


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold the dataset's lock (waits for another import of the same issuing body to finish)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upsert(dataset: Path, new_rows: Path) -> UpsertResult:
    """Merge the Parquet file ``new_rows`` into ``dataset`` by dossier code; call it under ``locked``."""
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"CREATE VIEW new AS SELECT * FROM read_parquet({_q(str(new_rows))})")
        if dataset.exists():
            con.execute(f"CREATE VIEW old AS SELECT * FROM read_parquet({_q(str(dataset))})")
            counts = con.execute("""
                SELECT count(*) FILTER (o.dossier_code IS NULL), count(*) FILTER (o.dossier_code IS NOT NULL)
                FROM new AS n LEFT JOIN (SELECT dossier_code FROM old) AS o USING (dossier_code)
            """).fetchone()
            merged = """
                SELECT * FROM old AS o WHERE NOT EXISTS (SELECT 1 FROM new AS n WHERE n.dossier_code = o.dossier_code)
                UNION ALL BY NAME SELECT * FROM new
            """
        else:
            counts = con.execute("SELECT count(*), 0 FROM new").fetchone()
            merged = "SELECT * FROM new"
        assert counts is not None
        temporary = dataset.with_name(f".{dataset.name}.{os.getpid()}.tmp")
        con.execute(
            f"COPY (SELECT * FROM ({merged}) ORDER BY unit_code, received_at, dossier_code) TO {_q(str(temporary))} "
            f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        total = con.execute(f"SELECT count(*) FROM read_parquet({_q(str(temporary))})").fetchone()
        assert total is not None
    finally:
        con.close()
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, dataset)
    write_manifest(dataset, months_of(dataset))
    return UpsertResult(inserted=int(counts[0]), updated=int(counts[1]), total=int(total[0]))


MANIFEST_NAME = "manifest.json"


def version_of(dataset: Path) -> str:
    """Which state of the dataset is on disk: it changes with every import (a new file is renamed over it)."""
    stat = dataset.stat()
    return f"{stat.st_mtime_ns}-{stat.st_size}-{stat.st_ino}"


def months_of(dataset: Path) -> list[str]:
    """The months (local time) in which the dataset's dossiers were received, newest first ('2021-07', …)."""
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        rows = con.execute(
            "SELECT DISTINCT strftime(received_at, '%Y-%m') AS m FROM read_parquet(?) ORDER BY m DESC",
            [str(dataset)],
        ).fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows if r[0]]


def write_manifest(dataset: Path, months: list[str]) -> None:
    """Record, next to the dataset, its version and the months it holds (written whole, then renamed)."""
    manifest = dataset.with_name(MANIFEST_NAME)
    temporary = manifest.with_name(f".{MANIFEST_NAME}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"version": version_of(dataset), "months": months}), encoding="utf-8")
    os.replace(temporary, manifest)


def manifest(dataset: Path) -> dict[str, Any] | None:
    """The dataset's manifest when it describes the dataset now on disk (None when missing or stale)."""
    try:
        data = json.loads(dataset.with_name(MANIFEST_NAME).read_text(encoding="utf-8"))
        current = version_of(dataset)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == current else None
