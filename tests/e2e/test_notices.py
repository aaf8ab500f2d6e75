"""A conclusion notice in a real browser: drafted from the seed session, edited, issued with its number,
received and read by a commune, and found by an anonymous visitor on the public portal."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.meetings.models import Meeting, MeetingStatus
from dieuhanh.notices.models import Delivery, Notice, NoticeStatus

from .conftest import _open_page, login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]

SUMMARY_BEFORE = "tổ chức phiên hành chính tháng 8/2021"
SUMMARY_AFTER = "tổ chức phiên họp hành chính thường kỳ tháng 8/2021"
NUMBER = re.compile(r"^Số: (\d{2}/TB-UBND)$")


@pytest.fixture
def seed_session(live_demo: dict[str, int]) -> Meeting:
    """The seed's August 2021 session, concluded, committed for the live server to see."""
    return load_seed_session()


@pytest.fixture
def open_page(
    request: pytest.FixtureRequest, chromium_path: Path, browser: Any, live_server: Any, live_demo: Any
) -> Iterator[Callable[[], Any]]:
    """Open further desktop browser contexts (another person at another computer), closed after the test."""
    with contextlib.ExitStack() as stack:

        def new_page() -> Any:
            opener = contextlib.contextmanager(_open_page)
            return stack.enter_context(
                opener(request, browser, live_server.url, viewport={"width": 1280, "height": 900})
            )

        yield new_page


def test_notice_is_drafted_issued_read_and_published(
    page: Any, open_page: Callable[[], Any], snap: Snap, seed_session: Meeting
) -> None:
    assert seed_session.status == MeetingStatus.CONCLUDED

    # The office drafts the notice from the concluded session.
    login(page, "vanphong")
    page.goto(f"/phien-hop/{seed_session.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Soạn thông báo kết luận").click()
    match = re.search(r"/thong-bao/(\d+)/$", page.url)
    assert match, f"drafting leads to the notice editor, not {page.url}"
    notice = Notice.objects.get(pk=int(match.group(1)))
    assert notice.meeting_id == seed_session.pk
    assert page.get_by_test_id("notice-status").inner_text() == "Dự thảo"
    revisions = page.locator("main h2:has-text('Các bản sửa') + ul > li")
    expect(revisions).to_have_count(1)
    snap(page, "notice-draft-editor")

    # One paragraph edited and saved: a second revision.
    summary = page.locator("main textarea").filter(has_text=SUMMARY_BEFORE)
    expect(summary).to_have_count(1)
    summary.fill(summary.input_value().replace(SUMMARY_BEFORE, SUMMARY_AFTER))
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản sửa").click()
    assert page.locator(".messages li.success").inner_text() == "Đã lưu bản sửa."
    expect(revisions).to_have_count(2)
    assert revisions.first.inner_text().startswith("Bản 2 — ")
    expect(page.locator("main textarea").filter(has_text=SUMMARY_AFTER)).to_have_count(1)
    snap(page, "notice-draft-revised")
    assert notice.revisions.count() == 2

    # The office chief issues it: number, date, files, public.
    chief = open_page()
    login(chief, "chanhvanphong")
    chief.goto(f"/thong-bao/{notice.pk}/")
    assert chief.get_by_label("Công khai trên cổng thông tin").is_checked()
    with chief.expect_navigation(timeout=60_000):
        chief.get_by_role("button", name="Ban hành (lấy số, ký số)").click()
    snap(chief, "notice-issued")
    errors = chief.locator(".messages li.error").all_inner_texts()
    assert not errors, f"issuing was refused: {errors}"
    assert chief.locator(".messages li.success").inner_text() == "Đã ban hành thông báo."
    assert chief.get_by_test_id("notice-status").inner_text() == "Đã ban hành"
    number_text = chief.get_by_test_id("notice-number").inner_text()
    number = NUMBER.match(number_text)
    assert number, f"the issued notice shows its number: {number_text!r}"
    number_symbol = number.group(1)
    assert chief.locator("article").get_by_text(SUMMARY_AFTER).count() == 1, "the edit is in the issued text"
    pdf = chief.request.get(chief.get_by_role("link", name="PDF đã ký số").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    docx = chief.request.get(chief.get_by_role("link", name="DOCX", exact=True).get_attribute("href"))
    assert docx.ok and docx.body().startswith(b"PK\x03\x04")
    notice.refresh_from_db()
    assert (notice.status, notice.number_symbol, notice.is_public) == (
        NoticeStatus.ISSUED,
        number_symbol,
        True,
    )
    seed_session.refresh_from_db()
    assert seed_session.status == MeetingStatus.NOTICE_ISSUED
    delivery = Delivery.objects.get(notice=notice, unit__code="08800")
    assert delivery.read_at is None

    # The commune finds it in its inbox and opens it.
    commune = open_page()
    login(commune, "xa.dongque")
    commune.goto("/thong-bao/den/")
    row = commune.get_by_test_id("inbox-row").filter(has_text=number_symbol)
    expect(row).to_have_count(1)
    assert row.locator(".badge").inner_text() == "mới"
    snap(commune, "notice-inbox-commune")
    with commune.expect_navigation():
        row.get_by_role("link", name=notice.title).click()
    assert commune.get_by_test_id("notice-number").inner_text() == f"Số: {number_symbol}"
    assert commune.locator("article").get_by_text(SUMMARY_AFTER).count() == 1
    assert commune.get_by_role("button", name="Ban hành (lấy số, ký số)").count() == 0
    snap(commune, "notice-read-by-commune")
    delivery.refresh_from_db()
    assert delivery.read_at is not None and delivery.read_by.username == "xa.dongque"

    # The office sees the read receipt on the notice page.
    page.reload()
    receipt = page.locator("main h2:has-text('Tình hình nhận') + .table-wrap tr").filter(has_text="Đồng Quế")
    expect(receipt).to_have_count(1)
    expect(receipt).to_contain_text("Hoàng Văn Em")
    assert "chưa xem" not in receipt.inner_text()
    snap(page, "notice-read-receipt")

    # An anonymous visitor finds it on the portal, searching without diacritics.
    visitor = open_page()
    visitor.goto("/cong-khai/?q=ket+luan+khai+thac+khoang+san")
    found = visitor.get_by_test_id("public-notice").filter(has_text=number_symbol)
    expect(found).to_have_count(1)
    snap(visitor, "notice-public-search")
    with visitor.expect_navigation():
        found.get_by_role("link").click()
    assert f"Số: {number_symbol}" in visitor.locator("main p.muted").first.inner_text()
    assert visitor.locator("article").get_by_text(SUMMARY_AFTER).count() == 1
