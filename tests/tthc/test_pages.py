"""The office's pages and the public portal: statistics with the period picker, the ranking with its rules,
the follow-up directive given with one click, publication, open data without a login."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.tthc.demo import load_demo_dossiers
from dieuhanh.tthc.models import FollowUp, ImportJob, ImportSource, JobStatus, Publication
from dieuhanh.tthc.ranking import rule_texts

from .factories import issuer, row, write_csv

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str], Client]


@pytest.fixture
def dossiers(demo: dict[str, int]) -> dict[str, int]:
    """The demo dossiers (June and July 2021 published)."""
    return load_demo_dossiers()


def test_statistics_page_with_period_picker_and_htmx_partial(
    client_for: ClientFor, dossiers: dict[str, int]
) -> None:
    office = client_for("vanphong")
    page = office.get("/tthc/thong-ke/?ky=2021-07").content.decode()
    assert 'data-testid="period-picker"' in page and '<option value="2021-Q3"' in page
    assert "Số liệu tháng 7/2021" in page and "so với tháng 6/2021" in page
    assert "Ủy ban nhân dân xã Nhân Đạo" in page and "Tổng cộng" in page
    partial = office.get("/tthc/thong-ke/?ky=2021-06", HTTP_HX_REQUEST="true").content.decode()
    assert "Số liệu tháng 6/2021" in partial and "<html" not in partial
    assert client_for("xem").get("/tthc/thong-ke/").status_code == 200, "viewers read the figures"
    assert client_for("chuyenvien.tnmt").get("/tthc/thong-ke/").status_code == 403
    assert Client().get("/tthc/thong-ke/").status_code == 302


def test_ranking_page_prints_both_groups_the_rules_and_the_units_to_follow_up(
    client_for: ClientFor, dossiers: dict[str, int]
) -> None:
    page = client_for("chanhvanphong").get("/tthc/xep-hang/?ky=2021-07").content.decode()
    assert 'data-testid="ranking-departments"' in page and 'data-testid="ranking-communes"' in page
    for rule in rule_texts():
        assert rule.replace("“", "&ldquo;").replace("”", "&rdquo;")[:60] in page or rule[:60] in page
    assert "Điểm tiến độ (/20)" in page and "Xếp loại" not in page, "bands only when configured"
    assert page.count('data-testid="follow-up-') == 3
    assert "<svg" in page
    leader = client_for("chutich").get("/tthc/xep-hang/?ky=2021-07").content.decode()
    assert 'data-testid="follow-up-' not in leader and "Cần đôn đốc" in leader, (
        "only the office gives the order"
    )


def test_rating_bands_and_the_total_score_show_when_configured(
    client_for: ClientFor, dossiers: dict[str, int], settings: Any
) -> None:
    settings.DIEUHANH_TTHC_RANKING = {
        "bands": [[85, "Xuất sắc"], [70, "Tốt"], [0, "Chưa đạt"]],
        "minimum_resolved": 100,
    }
    page = client_for("vanphong").get("/tthc/xep-hang/?ky=2021-07").content.decode()
    assert "<th>Xếp loại</th>" in page and "<td>Xuất sắc</td>" in page
    assert "dưới 100 hồ sơ" in page, "the minimum printed is the one configured"
    assert 'data-testid="total-communes"' in page and 'data-testid="progress-total"' in page


def test_follow_up_directive_is_created_once_for_a_flagged_commune(
    client_for: ClientFor, dossiers: dict[str, int]
) -> None:
    office = client_for("vanphong")
    response = office.post("/tthc/xep-hang/2021-07/don-doc/08803/", HTTP_HX_REQUEST="true")
    assert 'data-testid="follow-up-done"' in response.content.decode()
    follow_up = FollowUp.objects.get(unit__code="08803", period="2021-07")
    directive = Directive.objects.get(pk=follow_up.directive_id)
    assert directive.text.startswith(
        "Yêu cầu UBND xã Nhân Đạo khắc phục ngay tình trạng giải quyết hồ sơ TTHC chậm hạn (tháng 7/2021: tỷ lệ"
    )
    assert (directive.verb, directive.kind, directive.instruction.leader.full_name) == (
        "yêu cầu",
        "requirement",
        "Lê Quang Nghiệp",
    )
    assert list(Assignment.objects.filter(directive=directive).values_list("unit__code", flat=True)) == [
        "08803"
    ]
    again = office.post("/tthc/xep-hang/2021-07/don-doc/08803/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đã yêu cầu UBND xã Nhân Đạo khắc phục" in again and Directive.objects.count() == 1
    not_flagged = office.post("/tthc/xep-hang/2021-07/don-doc/08800/", follow=True).content.decode()
    assert "không thuộc diện cần đôn đốc" in not_flagged
    assert client_for("chutich").post("/tthc/xep-hang/2021-07/don-doc/08854/").status_code == 403
    page = office.get("/tthc/xep-hang/?ky=2021-07").content.decode()
    assert page.count('data-testid="follow-up-done"') == 1


def test_public_page_and_open_data_need_no_login(dossiers: dict[str, int]) -> None:
    anonymous = Client()
    page = anonymous.get("/cong-khai/tthc/2021-07/").content.decode()
    assert "Kết quả giải quyết thủ tục hành chính tháng 7/2021" in page
    assert (
        'data-testid="public-ranking-departments"' in page and 'data-testid="public-ranking-communes"' in page
    )
    assert page.count("<svg") == 2 and "<script" not in page.split("</head>")[1]
    assert "Ủy ban nhân dân xã Đức Bác" in page
    listing = anonymous.get("/cong-khai/tthc/").content.decode()
    assert "/cong-khai/tthc/2021-07/" in listing and "/cong-khai/tthc/2021-06/" in listing
    data = anonymous.get("/cong-khai/tthc/2021-07.csv")
    rows = list(csv.DictReader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert data["Content-Type"].startswith("text/csv") and len(rows) == len(
        Publication.objects.get(period="2021-07").snapshot["units"]
    )
    nhan_dao = next(r for r in rows if r["unit_code"] == "08803")
    assert (nhan_dao["group"], nhan_dao["follow_up"], nhan_dao["period"]) == ("communes", "True", "2021-07")
    payload = json.loads(anonymous.get("/cong-khai/tthc/2021-07.json").content)
    assert payload["format"] == "dieuhanh.tthc/1" and payload["period"] == "2021-07"
    assert {g["group"] for g in payload["groups"]} == {"departments", "communes"}
    assert "follow_up_directive" not in payload["units"][0]
    bulletin = anonymous.get("/cong-khai/tthc/2021-07/ban-tin.txt").content.decode()
    assert bulletin.startswith("Kết quả giải quyết thủ tục hành chính tháng bảy năm hai nghìn")
    assert anonymous.get("/cong-khai/tthc/2021-05/").status_code == 404, "not published"


def test_publishing_is_for_the_office_and_only_for_a_period_with_dossiers(
    client_for: ClientFor, dossiers: dict[str, int]
) -> None:
    assert client_for("chutich").post("/tthc/cong-khai/2021-05/").status_code == 403
    page = client_for("vanphong").post("/tthc/cong-khai/2021-04/", follow=True).content.decode()
    assert "Chưa có hồ sơ nào trong kỳ tháng 4/2021 để công khai." in page
    page = client_for("vanphong").post("/tthc/cong-khai/2021-05/", follow=True).content.decode()
    assert "Đã công khai kết quả giải quyết TTHC tháng 5/2021" in page
    assert Client().get("/cong-khai/tthc/2021-05/").status_code == 200


def test_web_import_runs_as_a_job_with_progress_and_lists_bad_rows(
    client_for: ClientFor, demo: dict[str, int], tmp_path: Path
) -> None:
    office = client_for("vanphong")
    path = write_csv(tmp_path / "mot-cua.csv", [row("W-1"), row("W-2", Kênh_tiếp_nhận="Fax")])
    with path.open("rb") as handle:
        response = office.post("/tthc/nhap/", {"new_source": "Một cửa", "file": handle})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tthc/nhap/{job.pk}/"
    assert job.status == JobStatus.REFUSED
    partial = office.get(f"/tthc/nhap/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="refused"' in partial and "hx-trigger" not in partial, "a finished job stops polling"
    assert "Kênh tiếp nhận “Fax” không hợp lệ" in partial
    api = office.get(f"/api/tthc/imports/{job.pk}").json()
    assert (api["status"], api["percent"], api["errors"][0]["row"]) == ("refused", 100, 3)
    assert client_for("chutich").get("/tthc/nhap/").status_code == 403


def test_a_running_job_is_polled(client_for: ClientFor, demo: dict[str, int]) -> None:
    source = ImportSource.objects.create(issuer=issuer(), name="A")
    job = ImportJob.objects.create(issuer=source.issuer, source=source, filename="x.csv", status=JobStatus.RUNNING,
                                   done_units=420, total_units=1000, phase="Đọc tệp: 420.000 dòng")  # fmt: skip
    partial = client_for("vanphong").get(f"/tthc/nhap/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert (
        'hx-trigger="every 1s"' in partial and 'value="42"' in partial and "Đọc tệp: 420.000 dòng" in partial
    )
