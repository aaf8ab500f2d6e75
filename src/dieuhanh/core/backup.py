"""Backups that restore: the database, the uploaded and generated files, the TTHC datasets, and a manifest.

A backup is a folder::

    manifest.json          what is inside: every table's row count and row hash, every file's SHA-256
    database.dump          PostgreSQL, ``pg_dump`` custom format   (or database.sqlite3: SQLite online backup)
    files/media/...        MEDIA_ROOT: meeting documents, progress-report files, issued DOCX and signed PDF
    files/tthc/...         the TTHC dossier datasets (Parquet) and waiting uploads

The database is read first, inside one snapshot (PostgreSQL: an exported snapshot shared by ``pg_dump`` and the
row hashes; SQLite: the copy is hashed), and the files after it: a file is written before the row that names it
is committed, so every file the saved rows name is on disk by the time it is copied.

``restore`` checks every hash before it writes anything, refuses a database or folder that is not empty (unless
forced), and afterwards compares every table's row count and row hash with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from .errors import DomainError

FORMAT = "dieuhanh.backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
# Keys of DATABASES[...]["OPTIONS"] that are Django's, not libpq's.
_DJANGO_OPTIONS = {
    "pool",
    "server_side_binding",
    "assume_role",
    "isolation_level",
    "cursor_factory",
    "context",
}


@dataclass
class Summary:
    """What a backup or a restore did, for the command's report."""

    path: Path
    vendor: str
    tables: int = 0
    rows: int = 0
    database_bytes: int = 0
    files: int = 0
    file_bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def file_roots(media_root: Path | None = None, tthc_dir: Path | None = None) -> dict[str, Path]:
    """The folders a backup holds, by their name inside it."""
    from dieuhanh.tthc import conf as tthc_conf

    return {
        "media": Path(media_root or settings.MEDIA_ROOT),
        "tthc": Path(tthc_dir or tthc_conf.data_dir()),
    }


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Database connections outside Django's (a snapshot for pg_dump, a database that is not the default) ------


def _vendor(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise DomainError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.", code="backup_engine")


def _pg_params(database: dict[str, Any]) -> dict[str, str]:
    params = {
        key: str(value)
        for key, value in (database.get("OPTIONS") or {}).items()
        if key not in _DJANGO_OPTIONS and isinstance(value, str | int)
    }
    for key, name in (("NAME", "dbname"), ("USER", "user"), ("PASSWORD", "password")):
        if database.get(key):
            params[name] = str(database[key])
    for key, name in (("HOST", "host"), ("PORT", "port")):
        if database.get(key):
            params[name] = str(database[key])
    return params


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    """Environment for pg_dump/pg_restore: the password never appears on a command line."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST"}
    names |= {"port": "PGPORT", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT"}
    env = dict(os.environ)
    for key, value in _pg_params(database).items():
        if key in names:
            env[names[key]] = value
    return env


@contextmanager
def _raw(database: dict[str, Any]) -> Iterator[Any]:
    """A DB-API connection of the database's own driver, closed afterwards."""
    if _vendor(database) == "sqlite":
        with closing(sqlite3.connect(str(database["NAME"]))) as conn:
            yield conn
        return
    import psycopg

    with psycopg.connect(**_pg_params(database)) as conn:  # type: ignore[arg-type]
        yield conn


def _tables(conn: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    else:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).fetchall()
    return [r[0] for r in rows]


def _order_by(conn: Any, vendor: str, table: str) -> str:
    """Primary-key order (every Django table has one), else every column."""
    if vendor == "sqlite":
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        columns = keys or [row[1] for row in info]
    else:
        keys = conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
            [f'"{table}"'],
        ).fetchall()
        columns = [k[0] for k in keys] or [
            c[0]
            for c in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]
    return ", ".join(f'"{c}"' for c in columns)


def table_digests(conn: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Every table's row count and the SHA-256 of its rows in key order: equal digests, equal data."""
    result: dict[str, dict[str, Any]] = {}
    for table in _tables(conn, vendor):
        digest = hashlib.sha256()
        count = 0
        cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY {_order_by(conn, vendor, table)}')
        while rows := cursor.fetchmany(1000):
            for row in rows:
                digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass") + b"\n")
            count += len(rows)
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def sequences(conn: Any, vendor: str) -> dict[str, int | None]:
    """Where each PostgreSQL sequence stands (SQLite keeps them in the sqlite_sequence table)."""
    if vendor != "postgresql":
        return {}
    rows = conn.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
    ).fetchall()
    return {name: value for name, value in sorted(rows)}


def database_digest(database: dict[str, Any]) -> dict[str, Any]:
    """The tables and sequences of a database, as a backup's manifest records them."""
    vendor = _vendor(database)
    with _raw(database) as conn:
        return {"tables": table_digests(conn, vendor), "sequences": sequences(conn, vendor)}


# --- Backup --------------------------------------------------------------------------------------------


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise DomainError(
            f"Không tìm thấy chương trình {command[0]}: cài gói Debian postgresql-client.", code="pg_tools"
        ) from exc
    if done.returncode != 0:
        raise DomainError(
            f"{what} thất bại: {done.stderr.strip()[-800:]}", code="pg_tool_failed", log_message=done.stderr
        )


def _backup_postgresql(database: dict[str, Any], target: Path) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(**_pg_params(database)) as conn:  # type: ignore[arg-type]
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        command = ["pg_dump", "--format=custom", f"--snapshot={row[0]}", f"--file={target}"]
        _run(command, _pg_env(database), "pg_dump")
        return {"tables": table_digests(conn, "postgresql"), "sequences": sequences(conn, "postgresql")}


def _backup_sqlite(database: dict[str, Any], target: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(str(database["NAME"]))) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        return {"tables": table_digests(copy, "sqlite"), "sequences": {}}


def _copy_tree(source: Path, target: Path, prefix: str, files: dict[str, dict[str, Any]]) -> None:
    """Copy the regular files under ``source``, hashing each as it is copied (symbolic links are skipped)."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as reader, destination.open("wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
        shutil.copystat(path, destination)
        files[f"{prefix}/{relative}"] = {"sha256": digest.hexdigest(), "bytes": size}


def default_backup_dir() -> Path:
    """``DATA_DIR/backups/dieuhanh-YYYYmmdd-HHMMSS`` (local time)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"dieuhanh-{stamp}"


def backup(
    output: Path | None = None,
    *,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    tthc_dir: Path | None = None,
) -> Summary:
    """Write a backup folder (refusing one that exists and is not empty) and its manifest."""
    started = time.monotonic()
    database = database or connections["default"].settings_dict
    vendor = _vendor(database)
    output = Path(output or default_backup_dir())
    if output.exists() and any(output.iterdir()):
        raise DomainError(f"Thư mục {output} đã có dữ liệu: chọn một thư mục mới.", code="backup_exists")
    output.mkdir(parents=True, exist_ok=True)
    db_name = "database.dump" if vendor == "postgresql" else "database.sqlite3"
    db_file = output / db_name
    contents = (_backup_postgresql if vendor == "postgresql" else _backup_sqlite)(database, db_file)
    files: dict[str, dict[str, Any]] = {}
    for name, root in file_roots(media_root, tthc_dir).items():
        _copy_tree(root, output / "files" / name, name, files)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {
            "vendor": vendor,
            "file": db_name,
            "bytes": db_file.stat().st_size,
            "sha256": sha256_file(db_file),
            **contents,
        },
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    tables = contents["tables"]
    return Summary(
        path=output,
        vendor=vendor,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        database_bytes=db_file.stat().st_size,
        files=len(files),
        file_bytes=sum(f["bytes"] for f in files.values()),
        seconds=time.monotonic() - started,
    )


# --- Restore -------------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup folder, checked against every file it lists (a damaged backup is refused)."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise DomainError(
            f"{source} không phải bản sao lưu: thiếu {MANIFEST}.", code="backup_missing"
        ) from exc
    except ValueError as exc:
        raise DomainError(f"Tệp {MANIFEST} hỏng.", code="backup_damaged") from exc
    if manifest.get("format") != FORMAT:
        raise DomainError(f"Bản sao lưu định dạng lạ: {manifest.get('format')!r}.", code="backup_format")
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected |= {f"files/{name}": entry["sha256"] for name, entry in manifest["files"].items()}
    for name, sha in expected.items():
        path = source / name
        if not path.is_file() or sha256_file(path) != sha:
            raise DomainError(
                f"Bản sao lưu bị hỏng hoặc thiếu tệp: {name}. Không khôi phục gì.", code="backup_damaged"
            )
    return manifest


def _is_empty_database(database: dict[str, Any]) -> list[str]:
    vendor = _vendor(database)
    if vendor == "sqlite" and not Path(database["NAME"]).exists():
        return []
    with _raw(database) as conn:
        return [t for t in _tables(conn, vendor) if not t.startswith("sqlite_")]


def _restore_database(database: dict[str, Any], dump: Path, vendor: str, force: bool) -> None:
    if vendor == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={database['NAME']}", str(dump)], _pg_env(database), "pg_restore")
        return
    target = Path(database["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def restore(
    source: Path,
    *,
    force: bool = False,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    tthc_dir: Path | None = None,
    files: bool = True,
) -> Summary:
    """Restore a backup into an empty database and empty folders, then prove every row and file arrived."""
    started = time.monotonic()
    source = Path(source)
    manifest = read_manifest(source)
    is_default = database is None
    database = database or connections["default"].settings_dict
    vendor = _vendor(database)
    if manifest["database"]["vendor"] != vendor:
        raise DomainError(
            f"Bản sao lưu của {manifest['database']['vendor']} không khôi phục được vào {vendor}.",
            code="backup_vendor",
        )
    roots = file_roots(media_root, tthc_dir)
    if not force:
        tables = _is_empty_database(database)
        if tables:
            raise DomainError(
                f"Cơ sở dữ liệu đích không trống ({len(tables)} bảng): chỉ khôi phục vào cơ sở dữ liệu trống "
                "(tạo mới bằng createdb, không chạy migrate), hoặc dùng --force để ghi đè.",
                code="restore_not_empty",
            )
        busy = [str(p) for p in roots.values() if files and p.is_dir() and any(p.rglob("*"))]
        if busy:
            raise DomainError(
                f"Thư mục đích đã có tệp: {', '.join(busy)}. Dùng --force để ghi chồng.",
                code="restore_not_empty",
            )
    if is_default:
        connections.close_all()
    _restore_database(database, source / manifest["database"]["file"], vendor, force)
    summary = Summary(path=source, vendor=vendor, database_bytes=manifest["database"]["bytes"])
    if files:
        for name, entry in manifest["files"].items():
            prefix, _, relative = name.partition("/")
            target = roots[prefix] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / "files" / name, target)
            summary.files += 1
            summary.file_bytes += entry["bytes"]
    restored = database_digest(database)
    expected = manifest["database"]["tables"]
    wrong = sorted(t for t in expected if restored["tables"].get(t) != expected[t])
    if wrong:
        raise DomainError(
            "Khôi phục xong nhưng dữ liệu không khớp bản sao lưu ở các bảng: " + ", ".join(wrong),
            code="restore_mismatch",
        )
    if restored["sequences"] != manifest["database"]["sequences"]:
        raise DomainError("Khôi phục xong nhưng bộ đếm khóa không khớp bản sao lưu.", code="restore_mismatch")
    extra = sorted(set(restored["tables"]) - set(expected))
    if extra:
        summary.warnings.append("Các bảng không có trong bản sao lưu vẫn còn: " + ", ".join(extra))
    summary.tables = len(expected)
    summary.rows = sum(t["rows"] for t in expected.values())
    summary.seconds = time.monotonic() - started
    return summary
