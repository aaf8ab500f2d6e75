"""The API (filters, progress with files), the compiled report from the command line, and the demo."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from dieuhanh.directives import compiled
from dieuhanh.directives.demo import load_demo_assignments
from dieuhanh.directives.models import Assignment, ProgressReport

from .conftest import PDF, assignment_of

pytestmark = pytest.mark.django_db

Clients = Callable[[str], Client]


def test_api_lists_filters_and_takes_progress_with_files(client_for: Clients, seed: Any) -> None:
    client = client_for("xa.dongque")
    rows = client.get("/api/directives/assignments?status=ongoing").json()
    assert rows["count"] == 5 and {r["status_label"] for r in rows["items"]} == {"Thường xuyên"}
    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    upload = io.BytesIO(PDF)
    upload.name = "tien-do.pdf"
    response = client.post(
        f"/api/directives/assignments/{a.pk}/progress",
        {"text": "Báo cáo qua API", "percent": "35", "files": upload},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["percent"] == 35 and body["files"][0]["name"] == "tien-do.pdf"
    detail = client.get(f"/api/directives/assignments/{a.pk}").json()
    assert detail["latest_percent"] == 35 and detail["reports"][0]["text"] == "Báo cáo qua API"
    refused = client.post(f"/api/directives/assignments/{a.pk}/progress", {"text": "x", "percent": "101"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid"
    assert "percent" in refused.json()["message"]
    office = client_for("vanphong")
    communes = office.get("/api/directives/assignments?unit=08800&limit=100").json()
    assert communes["count"] == 5
    counts = office.get("/api/directives/counts").json()
    assert counts["total"] == Assignment.objects.count() and counts["by_status"]["ongoing"] > 0


def test_report_command_writes_both_formats(seed: Any, tmp_path: Path) -> None:
    docx, xlsx = tmp_path / "bc.docx", tmp_path / "bc.xlsx"
    call_command(
        "directives",
        "report",
        "--from",
        "2021-08-01",
        "--to",
        "2021-08-31",
        "--format",
        "docx",
        "-o",
        str(docx),
    )
    call_command(
        "directives",
        "report",
        "--from",
        "2021-08-01",
        "--to",
        "2021-08-31",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
    )
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    assert "BÁO CÁO" in xml and "VĂN PHÒNG HĐND VÀ UBND HUYỆN" in xml and "Nơi nhận" in xml
    book = load_workbook(xlsx)
    summary = [row for row in book["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[-1][0] == "Tổng cộng" and summary[-1][1] == Assignment.objects.count()


def test_report_shows_the_latest_progress_as_of_the_period_end(seed: Any) -> None:
    from datetime import date

    from dieuhanh.directives.progress import submit_progress

    from .conftest import user

    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    submit_progress(actor=user("xa.dongque"), assignment=a, text="Tháng 8", percent=20, on=date(2021, 8, 30))
    submit_progress(actor=user("xa.dongque"), assignment=a, text="Tháng 9", percent=60, on=date(2021, 9, 28))
    data = compiled.build(issuer=a.issuer, date_from=date(2021, 8, 1), date_to=date(2021, 8, 31))
    row = next(r for r in data.rows if r.unit == a.unit.name and r.text.startswith("Yêu cầu UBND các xã"))
    assert (row.progress, row.percent) == ("Tháng 8", 20)


def test_demo_assignments_show_live_work(seed: Any) -> None:
    result = load_demo_assignments()
    assert result["reports"] == 2 and result["assignments"] == Assignment.objects.filter(meeting=seed).count()
    assert load_demo_assignments()["reports"] == 0, "loading twice adds nothing"
    assert ProgressReport.objects.filter(assignment__unit__code="08800").count() == 1
