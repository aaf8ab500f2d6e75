"""The pages: dashboard with filters and charts, a unit's queue, a meeting's directives, forms, history,
calendar feed, compiled reports; a bounded number of queries per page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from openpyxl import load_workbook

from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.directives.services import change_deadline

from .conftest import PDF, assignment_of, user

pytestmark = pytest.mark.django_db

Clients = Callable[[str], Client]


def test_commune_officer_reports_progress_with_a_file_through_the_page(
    client_for: Clients, seed: Any
) -> None:
    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    client = client_for("xa.dongque")
    home = client.get("/").content.decode()
    assert "/nhiem-vu/don-vi/08800/" in home
    queue = client.get("/nhiem-vu/", follow=True)
    assert queue.redirect_chain[-1][0] == "/nhiem-vu/don-vi/08800/"
    assert f"/nhiem-vu/{a.pk}/" in queue.content.decode()
    upload = io.BytesIO(PDF)
    upload.name = "bien-ban.pdf"
    response = client.post(
        f"/nhiem-vu/{a.pk}/thao-tac/", {"action": "progress", "text": "Đã rà soát hồ sơ", "percent": "50", "files": upload},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Đã gửi báo cáo tiến độ." in page and "Đã rà soát hồ sơ" in page and "bien-ban.pdf" in page
    assert a.reports.get().attachments.get().original_name == "bien-ban.pdf"
    refused = client.post(
        f"/nhiem-vu/{a.pk}/thao-tac/", {"action": "progress", "text": "x", "percent": "150"}, follow=True
    )
    assert "từ 0 đến 100" in refused.content.decode()
    history = client.get(f"/nhiem-vu/{a.pk}/lich-su/").content.decode()
    assert "Báo cáo tiến độ" in history and "Hoàng Văn Em" in history and "Ngày bắt đầu" in history


def test_dashboard_counts_filters_and_charts(client_for: Clients, seed: Any) -> None:
    a = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    change_deadline(
        actor=user("vanphong"), assignment=a, deadline=dt.date(2021, 8, 31), reason="Theo chỉ đạo"
    )
    client = client_for("chutich")
    page = client.get("/nhiem-vu/bang-dieu-hanh/").content.decode()
    total = Assignment.objects.count()
    assert f'<b data-status="total">{total}</b>' in page
    assert (
        '<b data-status="overdue">1</b>' in page and "<svg" in page and 'data-testid="overdue-list"' in page
    )
    assert "Phòng TN&amp;MT" in page
    partial = client.get(
        f"/nhiem-vu/bang-dieu-hanh/?unit={a.unit_id}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial and '<b data-status="total">5</b>' in partial
    late = client.get("/nhiem-vu/bang-dieu-hanh/?from=2022-01-01").content.decode()
    assert '<b data-status="total">0</b>' in late
    assert client.get("/nhiem-vu/bang-dieu-hanh/?source=instruction").status_code == 200
    bad = client.get("/nhiem-vu/bang-dieu-hanh/?from=31-12-2021").content.decode()
    assert "không hợp lệ" in bad
    assert client_for("xa.dongque").get("/nhiem-vu/bang-dieu-hanh/").status_code == 302
    chart = client.get("/nhiem-vu/bang-dieu-hanh/theo-thang/?to=2021-09-30").content.decode()
    assert "<svg" in chart and "08/2021" in chart and "<html" not in chart
    rows = chart.split('data-testid="trend-table"')[1]
    assert '<td>08/2021</td><td class="num">125</td><td class="num">1</td>' in rows, (
        "125 issued, 1 due in August"
    )
    assert client_for("xa.dongque").get("/nhiem-vu/bang-dieu-hanh/theo-thang/").status_code == 403


def test_the_pages_make_a_bounded_number_of_queries(client_for: Clients, seed: Any) -> None:
    pages = {
        "chutich": [
            "/nhiem-vu/bang-dieu-hanh/",
            "/nhiem-vu/bang-dieu-hanh/theo-thang/",
            "/nhiem-vu/",
            f"/nhiem-vu/phien-hop/{seed.pk}/",
        ],
        "xa.dongque": ["/nhiem-vu/don-vi/08800/"],
    }
    for username, urls in pages.items():
        client = client_for(username)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert 3 < len(queries) <= 20, (url, len(queries))


def test_meeting_page_shows_each_directives_progress(client_for: Clients, seed: Any) -> None:
    page = client_for("vanphong").get(f"/nhiem-vu/phien-hop/{seed.pk}/").content.decode()
    assert (
        page.count('data-testid="meeting-directive"') == Directive.objects.filter(meeting=seed).count() == 13
    )
    assert "0/16 đơn vị hoàn thành" in page
    own = client_for("xa.dongque").get(f"/nhiem-vu/phien-hop/{seed.pk}/").content.decode()
    assert "Phòng TN&amp;MT" not in own and "UBND xã Đồng Quế" in own


def test_office_records_a_written_instruction_through_the_page(client_for: Clients, seed: Any) -> None:
    chair = user("chutich").person
    upload = io.BytesIO(PDF)
    upload.name = "cong-van.pdf"
    response = client_for("vanphong").post(
        "/nhiem-vu/giao-moi/",
        {"leader": chair.pk, "number": "130/UBND-VP", "document_date": "2021-09-10", "text": "Rà soát bến đò",
         "lead": "Phòng Kinh tế - Hạ tầng", "support": "Công an huyện", "deadline": "2021-10-15", "files": upload},
        follow=True,
    )  # fmt: skip
    assert "Đã ghi nhận văn bản chỉ đạo" in response.content.decode()
    directive = Directive.objects.get(text="Rà soát bến đò")
    assert directive.assignments.count() == 2 and directive.instruction.attachments.count() == 1
    bad = (
        client_for("vanphong")
        .post(
            "/nhiem-vu/giao-moi/",
            {"leader": chair.pk, "document_date": "2021-09-10", "text": "Việc Y", "lead": "Phòng Ma"},
        )
        .content.decode()
    )
    assert "Không xác định được đơn vị" in bad and "Việc Y" in bad


def test_compiled_report_downloads_as_docx_and_xlsx(client_for: Clients, seed: Any) -> None:
    client = client_for("chanhvanphong")
    docx = client.get("/nhiem-vu/bao-cao/?from=2021-08-01&to=2021-12-31&format=docx")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        xml = z.read("word/document.xml").decode()
    assert "BÁO CÁO" in xml and "Ủy ban nhân dân xã Đồng Quế" in xml and "Bùi Văn Thọ" in xml
    xlsx = client.get("/nhiem-vu/bao-cao/?from=2021-08-01&to=2021-12-31&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Tổng hợp", "Chi tiết"]
    assert book["Chi tiết"].max_row == Assignment.objects.count() + 1
    assert client_for("xa.dongque").get("/nhiem-vu/bao-cao/").status_code == 403


def test_calendar_feed_at_a_secret_address(client_for: Clients, seed: Any) -> None:
    a = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    change_deadline(
        actor=user("vanphong"), assignment=a, deadline=dt.date(2031, 8, 31), reason="Theo chỉ đạo"
    )
    client = client_for("chuyenvien.tnmt")
    page = client.get("/nhiem-vu/lich/").content.decode()
    url = page.split('data-testid="ical-url"')[0].rsplit('value="', 1)[1].split('"')[0]
    path = url.split("testserver", 1)[1]
    feed = Client().get(path)  # no login: the secret is the key
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert [e.decoded("dtstart") for e in events] == [dt.date(2031, 8, 31)]
    client.post("/nhiem-vu/lich/")
    assert Client().get(path).status_code == 404, "a renewed address revokes the old one"
    assert Client().get("/nhiem-vu/lich/doan-bua.ics").status_code == 404
