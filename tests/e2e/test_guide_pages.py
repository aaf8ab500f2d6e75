"""The pages the user guide (docs/huong-dan/) shows that no journey test photographs: each role's daily page with
the whole demo loaded (the seed session, its issued notice, the assignments and a few reports)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]


@pytest.fixture
def whole_demo(live_demo: dict[str, int]) -> dict[str, int]:
    """Everything ``dieuhanh demo`` loads. Issuing the seed signs a PDF with ``asyncio.run``, which cannot run in
    the test thread (Playwright's loop runs there), so the demo loads in a thread of its own."""
    from django.db import connections

    from dieuhanh.core.demo import load_all

    counts: dict[str, int] = {}

    def load() -> None:
        try:
            counts.update(load_all())
        finally:
            connections.close_all()

    worker = threading.Thread(target=load)
    worker.start()
    worker.join(timeout=120)
    assert counts.get("notices") == 1, counts
    return counts


def test_pages_of_the_user_guide(page: Any, snap: Snap, whole_demo: dict[str, int]) -> None:
    from dieuhanh.directives.models import Assignment
    from dieuhanh.notices.models import Notice

    notice = Notice.objects.get(issuer__code="253", number=15)
    own = Assignment.objects.filter(unit__code="253-TNMT").order_by("pk").first()
    assert own is not None

    # Anyone: the public portal.
    page.goto("/cong-khai/")
    expect(page.get_by_text(notice.title).first).to_be_visible()
    snap(page, "guide-portal-list")
    page.goto(f"/cong-khai/thong-bao/{notice.pk}/")
    snap(page, "guide-portal-notice")

    # The viewer: the dashboard, read only.
    login(page, "xem")
    page.goto("/nhiem-vu/bang-dieu-hanh/")
    snap(page, "guide-viewer-dashboard")
    page.context.clear_cookies()

    # A unit's head: the unit's queue; an officer: one assignment with the progress form.
    login(page, "truongphong.tnmt")
    page.goto("/nhiem-vu/don-vi/253-TNMT/")
    snap(page, "guide-unit-queue")
    page.context.clear_cookies()
    login(page, "chuyenvien.tnmt")
    page.goto(f"/nhiem-vu/{own.pk}/")
    expect(page.locator("main form textarea[name=text]").first).to_be_visible()
    snap(page, "guide-unit-assignment")
    page.goto("/thong-bao/den/")
    snap(page, "guide-unit-inbox")
    page.context.clear_cookies()

    # The office: the register, the assignment list; the chief: the compiled report page.
    login(page, "vanphong")
    page.goto("/nhiem-vu/")
    snap(page, "guide-office-assignments")
    page.goto("/thong-bao/so-van-ban-di/")
    snap(page, "guide-office-register")
    page.context.clear_cookies()
    login(page, "chanhvanphong")
    page.goto("/nhiem-vu/bao-cao/")
    snap(page, "guide-chief-report")
    page.context.clear_cookies()

    # The Chair: the seed session and its notice.
    login(page, "chutich")
    page.goto(f"/phien-hop/{notice.meeting_id}/")
    snap(page, "guide-chair-session")
    page.goto(f"/thong-bao/{notice.pk}/")
    snap(page, "guide-chair-notice")
