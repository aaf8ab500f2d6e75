"""The audit log: hash-chained (verify finds an edited or deleted entry), pruned by retention, searchable and
exportable as CSV by administrators only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command, execute_from_command_line
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from dieuhanh.core import audit, auditchain, auditlog
from dieuhanh.core.models import AuditChain, AuditEvent

ROLES = [
    "chutich",
    "phochutich",
    "chanhvanphong",
    "vanphong",
    "truongphong.tnmt",
    "chuyenvien.tnmt",
    "xa.dongque",
    "xem",
]


def _events(n: int, **kwargs: Any) -> list[AuditEvent]:
    return [
        audit.record(
            actor=None,
            action=kwargs.get("action", "test.write"),
            object_type="test.thing",
            object_id=i,
            object_label=f"Việc {i}",
            after={"n": i, "when": dt.date(2021, 8, 10)},
            message=kwargs.get("message", ""),
        )
        for i in range(n)
    ]


def _cli(*args: str) -> int:
    """Run ``dieuhanh audit ...`` as the command line does; its exit status."""
    close_all = connections.close_all
    connections.close_all = lambda: None  # type: ignore[method-assign]  # keep the test's transaction open
    try:
        execute_from_command_line(["dieuhanh", "audit", *args])
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        connections.close_all = close_all  # type: ignore[method-assign]
    return 0


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("admin", "admin@example.org", "mot-mat-khau-dai")
    )
    return client


def test_entries_are_chained_and_verify_passes(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(5)
    assert events[0].prev_hash == auditchain.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash and len(after.hash) == 64
    assert AuditChain.objects.get(pk=1).head_hash == events[-1].hash
    assert _cli("verify") == 0
    assert capsys.readouterr().out.strip() == "Nhật ký toàn vẹn: 5 mục."


def test_an_edited_entry_fails_verification_naming_it(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(message="đã sửa")
    assert _cli("verify") == 1
    assert f"mục #{events[2].pk} đã bị sửa sau khi ghi" in capsys.readouterr().err


def test_an_entry_edited_with_its_hash_recomputed_still_fails(db: None) -> None:
    events = _events(4)
    row = AuditEvent.objects.filter(pk=events[1].pk)
    row.update(message="sửa khéo")
    fields = row.values(*auditchain.HASHED_FIELDS).get()
    row.update(hash=auditchain.entry_hash(fields, events[1].prev_hash))
    result = auditlog.verify()
    assert result.broken is not None and result.broken.entry_id == events[2].pk


def test_a_deleted_entry_fails_verification(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(5)
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    assert _cli("verify") == 1
    assert f"mục #{events[3].pk} không nối với mục liền trước" in capsys.readouterr().err


def test_deleting_the_newest_entries_fails_verification(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(5)
    AuditEvent.objects.filter(pk__gte=events[3].pk).delete()
    assert _cli("verify") == 1
    assert "các mục cuối đã bị xóa" in capsys.readouterr().err


def test_prune_removes_old_entries_and_the_rest_still_verifies(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - dt.timedelta(days=400))
    old = _events(3, action="old.write")
    monkeypatch.setattr(timezone, "now", real_now)
    recent = _events(2, action="new.write")
    call_command("audit", "prune", "--days", "365")
    assert "Đã xóa 3 mục" in capsys.readouterr().out
    assert not AuditEvent.objects.filter(action="old.write").exists()
    assert AuditEvent.objects.filter(action="new.write").count() == 2
    head = AuditChain.objects.get(pk=1)
    assert (
        head.pruned_through_id == old[-1].pk and head.pruned_hash == old[-1].hash and head.pruned_count == 3
    )
    assert AuditEvent.objects.filter(action="audit.prune").count() == 1  # the prune is itself in the log
    assert _cli("verify") == 0
    assert capsys.readouterr().out.strip() == "Nhật ký toàn vẹn: 3 mục."
    assert auditlog.prune(days=365).deleted == 0  # nothing more to prune
    AuditEvent.objects.filter(pk=recent[0].pk).delete()  # deleting the oldest kept entry is still caught
    assert _cli("verify") == 1


def test_prune_uses_the_retention_setting(db: None, settings: Any) -> None:
    settings.DIEUHANH_AUDIT_RETENTION_DAYS = 30
    _events(2)
    assert auditlog.prune(now=timezone.now() + dt.timedelta(days=31)).deleted == 2
    assert auditlog.verify().intact


def test_migration_backfill_chains_existing_entries(db: None) -> None:
    import importlib

    backfill = importlib.import_module("dieuhanh.core.migrations.0002_audit_chain").backfill
    _events(4)
    AuditEvent.objects.update(prev_hash="", hash="")
    AuditChain.objects.all().delete()
    backfill(apps, None)
    result = auditlog.verify()
    assert result.intact and result.checked == 4


def test_concurrent_writers_keep_one_chain(transactional_db: None) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(8):
                audit.record(
                    actor=None, action="test.concurrent", object_type="test", object_id=f"{worker}-{i}"
                )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = auditlog.verify()
    assert result.intact and result.checked == 32


def test_administrator_searches_the_log(admin_client: Client) -> None:
    _events(3, action="notice.issue", message="ban hành thông báo")
    _events(2, action="unit.merge", message="sáp nhập đơn vị")
    page = admin_client.get("/nhat-ky/", {"hanh-dong": "unit."}).content.decode()
    assert "2 mục." in page and "unit.merge" in page and "notice.issue" not in page
    assert (
        "1 mục."
        in admin_client.get("/nhat-ky/", {"loai": "test.thing", "ma": "1", "q": "sáp nhập"}).content.decode()
    )
    today = timezone.localdate().isoformat()
    assert (
        "5 mục." in admin_client.get("/nhat-ky/", {"tu": today, "den": today, "q": "Việc"}).content.decode()
    )
    assert "0 mục." in admin_client.get("/nhat-ky/", {"den": "2020-01-01"}).content.decode()
    assert "0 mục." in admin_client.get("/nhat-ky/", {"nguoi": "chutich"}).content.decode()
    assert admin_client.get("/nhat-ky/", {"tu": "không-phải-ngày", "trang": "x"}).status_code == 200


def test_administrator_exports_the_search_as_csv_without_formulas(admin_client: Client) -> None:
    _events(2, action="notice.issue", message='=HYPERLINK("http://evil.example/","Xem")')
    _events(1, action="unit.merge")
    response = admin_client.get("/nhat-ky/xuat.csv", {"hanh-dong": "notice."})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == auditlog.CSV_HEADER
    assert len(rows) == 3 and {r[4] for r in rows[1:]} == {"notice.issue"}
    assert all(r[9] == '\'=HYPERLINK("http://evil.example/","Xem")' for r in rows[1:])
    assert all(len(r[12]) == 64 for r in rows[1:])


@pytest.mark.parametrize("username", ROLES)
def test_no_one_but_administrators_reads_the_log(username: str, client_for: Callable[[str], Client]) -> None:
    _events(1)
    client = client_for(username)
    assert client.get("/nhat-ky/").status_code == 403
    assert client.get("/nhat-ky/xuat.csv").status_code == 403
    assert "/nhat-ky/" not in client.get("/tai-khoan/").content.decode()


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    assert Client().get("/nhat-ky/xuat.csv")["Location"].startswith("/dang-nhap/")
