"""Stored XSS: text typed into a unit name, a meeting opinion and a notice paragraph shows literally on every page
that prints it, and never runs (``window.__xss`` stays undefined, no element is injected, the browser reports no
Content-Security-Policy violation — an inline script that escaped escaping would be one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]

SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '<img src=x onerror="window.__xss=2">'
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


def assert_inert(page: Any, *texts: str) -> None:
    """Every text is on the page as text; nothing ran, nothing was injected, nothing was blocked by the CSP."""
    for text in texts:
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("main script").count() == 0
    assert page.evaluate("window.__violations") == []


def test_hostile_text_renders_escaped_and_never_runs(
    page: Any, snap: Snap, live_demo: dict[str, int]
) -> None:
    from dieuhanh.meetings import services as meetings
    from dieuhanh.meetings.demo import load_seed_session
    from dieuhanh.notices import services as notices
    from dieuhanh.notices.drafting import paragraph
    from dieuhanh.org.models import Unit

    page.add_init_script(WATCH)
    login(page, "vanphong")

    # A unit name, through the import the office uses: the preview, then the registry pages.
    name = f"Phòng Thử {SCRIPT} {IMAGE}"
    csv = (
        "Mã đơn vị,Tên đầy đủ,Loại,Cấp,Mã cơ quan ban hành\n"
        f'253-XSS,"{name.replace(chr(34), chr(34) * 2)}",phòng,huyện,253\n'
    ).encode()
    page.goto("/don-vi/nhap/")
    page.set_input_files("#id_file", {"name": "don-vi.csv", "mimeType": "text/csv", "buffer": csv})
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra tệp").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-import").click()
    assert Unit.objects.get(code="253-XSS").name == name
    page.goto("/don-vi/?q=Thu")
    assert_inert(page, SCRIPT, IMAGE)
    page.goto("/don-vi/253-XSS/")
    assert_inert(page, SCRIPT, IMAGE)
    snap(page, "xss-unit-name")

    # An opinion, typed on the secretary's screen (the panel is swapped in by htmx).
    issuer = Unit.objects.get(code="253")
    planned = meetings.create_meeting(
        actor=None, issuer=issuer, kind="administrative",
        starts_at=dt.datetime(2021, 9, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )  # fmt: skip
    section = meetings.add_section(actor=None, meeting=planned, title="Phần nghe báo cáo")
    item = meetings.add_item(actor=None, section=section, title="Báo cáo thử")
    page.goto(f"/phien-hop/{planned.pk}/thu-ky/")
    panel = page.locator(f"#item-{item.pk}")
    panel.get_by_label("Người phát biểu").fill(f"Đại biểu {IMAGE}")
    panel.get_by_label("Nội dung chính").fill(f"Đề nghị {SCRIPT}")
    panel.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.locator(f"#item-{item.pk}").get_by_text(f"Đề nghị {SCRIPT}")).to_be_visible()
    assert_inert(page, SCRIPT, IMAGE)
    page.reload()
    assert_inert(page, SCRIPT, IMAGE)
    snap(page, "xss-opinion")

    # A notice paragraph, edited in the draft editor, then issued and read on the public portal.
    seed = load_seed_session()
    office = get_user_model().objects.get(username="vanphong")
    draft = notices.draft_from_meeting(actor=office, meeting=seed)
    notices.save_draft(actor=office, notice=draft, body=[paragraph(f"Giao {SCRIPT} và {IMAGE}"), *draft.body])
    page.goto(f"/thong-bao/{draft.pk}/")
    assert page.locator("main textarea").filter(has_text=SCRIPT).count() == 1
    assert_inert(page, f"Giao {SCRIPT}")
    chief = page.context.browser.new_context(
        base_url=page.url.split("/thong-bao/")[0], locale="vi-VN"
    ).new_page()
    chief.add_init_script(WATCH)
    login(chief, "chanhvanphong")
    chief.goto(f"/thong-bao/{draft.pk}/")
    assert chief.get_by_label("Công khai trên cổng thông tin").is_checked()
    with chief.expect_navigation(timeout=60_000):
        chief.get_by_role("button", name="Ban hành (lấy số, ký số)").click()
    assert chief.locator(".messages li.error").count() == 0
    assert_inert(chief, f"Giao {SCRIPT} và {IMAGE}")
    chief.context.close()
    visitor = page.context.browser.new_context(
        base_url=page.url.split("/thong-bao/")[0], locale="vi-VN"
    ).new_page()
    visitor.add_init_script(WATCH)
    visitor.goto(f"/cong-khai/thong-bao/{draft.pk}/")
    assert_inert(visitor, f"Giao {SCRIPT} và {IMAGE}")
    snap(visitor, "xss-portal-notice")
    visitor.goto("/cong-khai/?q=Giao")
    assert visitor.evaluate("typeof window.__xss") == "undefined"
    feed = visitor.request.get("/cong-khai/thong-bao.atom").text()
    # The feed's summary is declared HTML: the text is escaped for HTML, then for XML.
    assert "&amp;lt;script&amp;gt;window.__xss=1" in feed
    assert "<script>" not in feed and "&lt;script&gt;window" not in feed
    visitor.context.close()
