"""Directives in a real browser: a commune reports completion with a file, the office confirms it, and the
Chair's dashboard counts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dieuhanh.directives.models import Assignment
from dieuhanh.directives.services import assign_directives, create_directive
from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.org.models import Person

from .conftest import login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]
TASK = "Rà soát, báo cáo số hộ gia đình khai thác đất, hạ cốt nền trên địa bàn"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _issue_seed_and_a_task() -> Assignment:
    """The seed notice issued, and a written instruction giving Đồng Quế a task due in three weeks."""
    meeting = load_seed_session()
    assign_directives(
        actor=None, meeting=meeting, issued_on=dt.date(2021, 8, 10), source_label="TB số 15/TB-UBND"
    )
    chair = Person.objects.get(user__username="chutich")
    today = timezone.localdate()
    directive = create_directive(
        actor=get_user_model().objects.get(username="vanphong"), issuer=chair.issuer, leader=chair, text=TASK,
        lead=["UBND xã Đồng Quế"], document_number="130/UBND-VP", document_date=today - dt.timedelta(days=5),
        deadline=today + dt.timedelta(days=21),
    )  # fmt: skip
    return directive.assignments.get()


def test_commune_reports_completion_office_confirms_chair_sees_it(
    page: Any, snap: Snap, live_demo: dict[str, int], tmp_path: Path
) -> None:
    task = _issue_seed_and_a_task()
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF)

    login(page, "xa.dongque")
    page.get_by_test_id("home-directives").click()
    assert page.get_by_test_id("unit-queue-title").inner_text() == "Nhiệm vụ của Ủy ban nhân dân xã Đồng Quế"
    assert page.locator("[data-testid=queue-ongoing] tbody tr").count() == 5, (
        "the seed's standing requirements"
    )
    snap(page, "directives-commune-queue")
    page.locator("[data-testid=queue-open]").get_by_role("link", name=TASK).click()
    page.fill("#progress-text", "Đã rà soát 8 hộ, lập biên bản 02 trường hợp, yêu cầu khắc phục hiện trạng.")
    page.fill("#progress-percent", "100")
    page.set_input_files("#progress-files", str(evidence))
    page.check("#progress-completion")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi báo cáo").click()
    assert "chờ Văn phòng xác nhận" in page.locator("ul.messages").inner_text()
    assert page.get_by_test_id("awaiting").is_visible()
    assert page.get_by_role("link", name="bien-ban-kiem-tra.pdf").is_visible()
    snap(page, "directives-commune-reported")

    login(page, "vanphong")
    page.goto("/nhiem-vu/")
    inbox = page.get_by_test_id("inbox")
    assert "Báo cáo hoàn thành chờ xác nhận" in inbox.inner_text()
    inbox.get_by_role("link", name=f"UBND xã Đồng Quế: {TASK}").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="bien-ban-kiem-tra.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    page.fill("#review-note", "Đủ hồ sơ chứng minh.")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận hoàn thành").click()
    assert page.locator("[data-testid=assignment-status] .st").first.inner_text() == "Hoàn thành đúng hạn"
    snap(page, "directives-office-confirmed")

    login(page, "chutich")
    page.get_by_test_id("home-directives").click()
    assert page.get_by_test_id("dashboard-title").is_visible()
    assert page.locator("[data-testid=status-counts] b[data-status=done_on_time]").inner_text() == "1"
    page.select_option("select[name=unit]", str(task.unit_id))
    page.wait_for_url(f"**unit={task.unit_id}**")
    page.locator("[data-testid=by-unit] tr[data-unit='08800']").wait_for()
    row = page.locator("[data-testid=by-unit] tr[data-unit='08800']")
    assert row.locator("td[data-status=done_on_time]").inner_text() == "1"
    assert page.locator("[data-testid=status-counts] b[data-status=total]").inner_text() == "6"
    page.locator("[data-testid=trend] svg.chart").wait_for()  # the monthly chart loads after the page
    snap(page, "directives-chair-dashboard")
    page.goto(f"/nhiem-vu/{task.pk}/lich-su/")
    history = page.get_by_test_id("history").inner_text()
    assert "Xác nhận hoàn thành" in history and "Trần Thị Bình" in history and "Hoàng Văn Em" in history
