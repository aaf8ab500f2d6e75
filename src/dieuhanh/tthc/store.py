"""The stored dossiers: one Parquet dataset per issuing body in the canonical layout, upserted by dossier code.

No Django here. ``DIR/<issuer code>/dossiers.parquet`` holds every dossier the issuing body has imported, one
row per dossier code. An import merges its rows in (the newly imported row replaces the stored one), writes the
result to a temporary file next to the dataset and renames it over the old one, so readers see the old file or
the new one, never half of one; a lock file keeps two imports of one issuing body from merging at once.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    return UpsertResult(inserted=int(counts[0]), updated=int(counts[1]), total=int(total[0]))
