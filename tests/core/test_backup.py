"""Backups restore: every row of every table and every file comes back identical (SQLite here; PostgreSQL when
DATABASE_URL points at it, as the CI's second run does). Files are never lost on a rollback, never orphaned
silently."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction

from dieuhanh.core import backup as backups
from dieuhanh.core.errors import DomainError
from dieuhanh.core.management.commands.check_files import check_files

pytestmark = pytest.mark.django_db(transaction=True)


def tree(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root``."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folders(tmp_path: Path, settings: Any) -> dict[str, Path]:
    """Media and TTHC folders of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DIEUHANH_TTHC_DIR = str(tmp_path / "tthc")
    return {"media": tmp_path / "media", "tthc": tmp_path / "tthc"}


@pytest.fixture
def demo_with_files(folders: dict[str, Path]) -> dict[str, Path]:
    """The whole demo (signed notice PDF and DOCX), a report's attachment and a TTHC dataset."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dieuhanh.core.demo import load_all
    from dieuhanh.directives.demo import load_demo_assignments
    from dieuhanh.directives.models import Attachment

    load_all()
    if not Attachment.objects.exists():
        load_demo_assignments()
    dataset = folders["tthc"] / "253" / "dossiers.parquet"
    if not dataset.exists():
        dataset.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            pa.table({"ma_ho_so": ["H1", "H2"], "don_vi": ["Xã Đồng Quế", "Phòng TN&MT"]}), dataset
        )
    return folders


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Settings of a new, empty database on the same server as the test database (dropped afterwards)."""
    target = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = {**backups._pg_params(connection.settings_dict), "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:  # type: ignore[arg-type]
        admin.execute(f'CREATE DATABASE "{name}"')
    target["NAME"] = name
    try:
        yield target
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:  # type: ignore[arg-type]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_row_and_file(
    demo_with_files: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    source_files = {name: tree(root) for name, root in demo_with_files.items()}
    assert any(p.endswith(".pdf") for p in source_files["media"]), "the demo's signed notice is a file"
    assert any(p.startswith("directives/") for p in source_files["media"]), "a report's attachment"
    assert any(p.endswith(".parquet") for p in source_files["tthc"])
    source_rows = backups.database_digest(connection.settings_dict)
    assert source_rows["tables"]["notices_notice"]["rows"] >= 1

    out = tmp_path / "backup"
    made = backups.backup(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["database"]["tables"] == source_rows["tables"]
    assert made.files == sum(len(t) for t in source_files.values())

    restored_media, restored_tthc = tmp_path / "r-media", tmp_path / "r-tthc"
    done = backups.restore(out, database=empty_database, media_root=restored_media, tthc_dir=restored_tthc)
    assert done.rows == made.rows and done.tables == made.tables

    # Every table: the same row count and the same hash of all its rows; sequences where they were.
    assert backups.database_digest(empty_database) == source_rows
    assert tree(restored_media) == source_files["media"]
    assert tree(restored_tthc) == source_files["tthc"]

    # Once restored, the database is not empty: restoring again is refused, unless forced.
    with pytest.raises(DomainError, match="không trống"):
        backups.restore(out, database=empty_database, media_root=tmp_path / "x", tthc_dir=tmp_path / "y")
    backups.restore(
        out, database=empty_database, media_root=restored_media, tthc_dir=restored_tthc, force=True
    )
    assert backups.database_digest(empty_database) == source_rows


def test_a_damaged_backup_is_refused_before_anything_is_written(
    demo_with_files: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "backup"
    backups.backup(out)
    victim = next(p for p in (out / "files" / "media").rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes()[:-1] + b"!")
    target_media = tmp_path / "r-media"
    with pytest.raises(DomainError, match="hỏng"):
        backups.restore(out, database=empty_database, media_root=target_media, tthc_dir=tmp_path / "r-tthc")
    assert not target_media.exists()
    assert backups._is_empty_database(empty_database) == []


def test_backup_command_refuses_a_folder_in_use(folders: dict[str, Path], tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("x")
    with pytest.raises(Exception, match="đã có dữ liệu"):
        call_command("backup", "-o", str(used))


def test_a_rolled_back_upload_keeps_its_file_and_check_files_reports_it(
    folders: dict[str, Path], capsys: Any
) -> None:
    call_command("check_files")  # nothing yet: exit status 0
    with pytest.raises(RuntimeError), transaction.atomic():
        name = default_storage.save("directives/ab/orphan.pdf", ContentFile(b"%PDF-1.4 orphan"))
        raise RuntimeError("the service failed after writing the file")
    assert (folders["media"] / name).read_bytes() == b"%PDF-1.4 orphan"
    report = check_files()
    assert report.orphans == [name] and report.missing == []
    with pytest.raises(SystemExit) as exit_:
        call_command("check_files")
    assert exit_.value.code == 1
    assert "Tệp mồ côi" in capsys.readouterr().out


def test_check_files_reports_a_named_file_that_is_missing(demo_with_files: dict[str, Path]) -> None:
    from dieuhanh.notices.models import Notice

    notice = Notice.objects.exclude(pdf_file="").first()
    assert notice is not None
    (demo_with_files["media"] / notice.pdf_file.name).unlink()
    report = check_files()
    assert [name for name, _ in report.missing] == [notice.pdf_file.name]
    assert "notices.notice#" in report.missing[0][1]
