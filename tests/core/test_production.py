"""Production mode: the security headers, the health page, structured logs, a clean ``check --deploy``."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dieuhanh.core import health
from dieuhanh.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_pages_carry_the_content_security_policy_and_no_inline_script() -> None:
    response = Client().get("/dang-nhap/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "onchange=" not in html and "data-autosubmit" in html
    assert "/static/js/dieuhanh.js" in html


def test_the_api_docs_load_their_scripts_from_the_site_itself(client_for: Any) -> None:
    html = client_for("xem").get("/api/docs").content.decode()
    assert "cdn." not in html and "/static/ninja/" in html


def test_health_tells_anyone_only_up_or_down(client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for client in (Client(), client_for("xem"), client_for("xa.dongque"), client_for("chuyenvien.tnmt")):
        response = client.get("/suc-khoe/")
        assert response.status_code == 200 and response.json() == {"status": "up"}
    monkeypatch.setattr(health, "database_status", lambda: {"status": "error", "error": "OperationalError"})
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503 and response.json() == {"status": "down"}


def test_health_reports_database_and_a_worker_without_heartbeat_as_unknown(
    settings: Any, tmp_path: Path, client_for: Any
) -> None:
    settings.DIEUHANH_HEARTBEAT_FILE = str(tmp_path / "beat.json")
    response = client_for("vanphong").get("/suc-khoe/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "unknown" and body["status"] == "degraded"
    assert "backend" in body["worker"]["queue"]


def test_health_follows_the_worker_heartbeat(settings: Any, tmp_path: Path, client_for: Any) -> None:
    settings.DIEUHANH_HEARTBEAT_FILE = str(tmp_path / "beat.json")
    health.beat()
    office = client_for("vanphong")
    body = office.get("/suc-khoe/").json()
    assert body["status"] == "ok" and body["worker"]["status"] == "ok"
    beat = tmp_path / "beat.json"
    beat.write_text(json.dumps({"pid": 1, "at": time.time() - 3600}))
    body = office.get("/suc-khoe/").json()
    assert body["worker"]["status"] == "stale" and body["worker"]["last_seen_seconds"] >= 3600


def test_health_is_503_when_the_database_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "database_status", lambda: {"status": "error", "error": "OperationalError"})
    response = Client().get("/suc-khoe/")
    assert response.status_code == 503 and response.json()["status"] == "down"


def test_json_log_lines() -> None:
    record = logging.LogRecord(
        "dieuhanh.audit", logging.INFO, __file__, 1, "đã ban hành %s", ("15/TB",), None
    )
    record.user = "vanphong"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "đã ban hành 15/TB" and line["level"] == "INFO" and line["user"] == "vanphong"
    assert line["logger"] == "dieuhanh.audit" and line["time"].endswith("+00:00")
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "lỗi", (), sys.exc_info())
    assert "ValueError: hỏng" in json.loads(JsonFormatter().format(record))["exception"]


PRODUCTION_ENV = {
    "DIEUHANH_SECRET_KEY": "k8Jx2-production-like-secret-key-for-the-deploy-check-only-0qWz91",
    "DIEUHANH_ALLOWED_HOSTS": "dieuhanh.songlo.vinhphuc.gov.vn",
    "DIEUHANH_HTTPS": "1",
    "DIEUHANH_BEHIND_PROXY": "1",
    "DIEUHANH_LOG_FORMAT": "json",
}


def _dieuhanh(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Only the documented variables: nothing of the test run (the browser tests allow async-unsafe calls).
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DIEUHANH_", "DJANGO_"))}
    full |= {"DIEUHANH_DATA_DIR": str(tmp_path), **env}
    command = [sys.executable, "-m", "dieuhanh.manage", *args]
    return subprocess.run(command, env=full, capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path: Path) -> None:
    done = _dieuhanh("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    refused = _dieuhanh("check", "--deploy", env={}, tmp_path=tmp_path)
    assert refused.returncode != 0 and "dieuhanh.E001" in refused.stderr
