"""Two-factor sign-in in a real browser: an office officer enrols an authenticator (the test computes the
codes from the secret on the page), keeps the recovery codes, signs out, and on the next sign-in is asked for
a code; a wrong code is refused in Vietnamese, the right one opens the home page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.codes import code_for, code_from_secret

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]


def test_office_officer_enrols_then_signs_in_with_a_code(page: Any, snap: Callable[[Any, str], Path]) -> None:
    login(page, "vanphong")
    expect(page).to_have_url(re.compile(r"/tai-khoan/hai-lop/dang-ky/"))
    expect(page.get_by_role("heading", name="Đăng ký xác thực hai lớp")).to_be_visible()
    expect(page.get_by_test_id("otp-qr").locator("svg")).to_be_visible()
    secret = page.get_by_test_id("otp-secret").get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]{32}", secret)
    snap(page, "2fa-enrol")
    page.fill("#id_code", code_from_secret(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Mã dự phòng")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    expect(page.get_by_text("Đây là lần duy nhất các mã này được hiển thị")).to_be_visible()
    snap(page, "2fa-recovery-codes")
    with page.expect_navigation():
        page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_test_id("who")).to_have_text("Trần Thị Bình")
    with page.expect_navigation():
        page.locator("header form[action='/dang-xuat/'] button").click()

    login(page, "vanphong")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
    page.fill("#id_code", "000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_test_id("otp-error")).to_have_text(
        "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."
    )
    snap(page, "2fa-wrong-code")
    page.wait_for_timeout(1200)  # django-otp delays the next try by a second after a wrong code
    device = TOTPDevice.objects.get(user__username="vanphong", confirmed=True)
    page.fill("#id_code", code_for(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("who")).to_have_text("Trần Thị Bình")
    snap(page, "2fa-home")
