"""Two-factor sign-in: enrolment with a real TOTP code, verification, recovery codes, who is held back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from dieuhanh.accounts.models import SignInEvent
from dieuhanh.accounts.services import regenerate_recovery_codes
from dieuhanh.org.demo import DEMO_PASSWORD

from .conftest import code_for, code_from_secret, unthrottle

pytestmark = pytest.mark.two_factor

REQUIRED = ["chutich", "phochutich", "chanhvanphong", "vanphong"]
OPTIONAL = ["truongphong.tnmt", "chuyenvien.tnmt", "xa.dongque", "xem"]


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _secret_from(page: str) -> str:
    match = re.search(r'data-testid="otp-secret" data-secret="([A-Z2-7=]+)"', page)
    assert match, "the enrolment page shows the secret"
    return match.group(1)


def test_required_user_enrols_with_a_real_code_and_sees_ten_recovery_codes_once(
    password_login: Callable[..., Client],
) -> None:
    client = password_login("vanphong")
    response = client.get("/thong-bao/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/hai-lop/dang-ky/?next=%2Fthong-bao%2F"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "Đăng ký xác thực hai lớp" in text
    secret = _secret_from(text)
    assert client.get("/api/notices/").status_code == 403  # not yet

    wrong = client.post("/tai-khoan/hai-lop/dang-ky/", {"code": "000000", "next": "/thong-bao/"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    unthrottle(_user("vanphong"))
    assert _secret_from(wrong.content.decode()) == secret  # the same pending device, not a new secret

    done = client.post(
        "/tai-khoan/hai-lop/dang-ky/", {"code": code_from_secret(secret), "next": "/thong-bao/"}
    )
    assert done.status_code == 302 and done["Location"].startswith("/tai-khoan/hai-lop/ma-du-phong/")
    shown = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get("/tai-khoan/hai-lop/ma-du-phong/").content.decode()
    assert not any(code in again for code in codes) and "Còn 10 mã dự phòng" in again
    assert client.get("/thong-bao/").status_code == 200
    assert client.get("/api/notices/").status_code == 200
    assert TOTPDevice.objects.get(user=_user("vanphong"), confirmed=True)
    methods = list(SignInEvent.objects.filter(username="vanphong").values_list("method", "succeeded"))
    assert ("enrolment", False) in methods and ("enrolment", True) in methods


def test_enrolled_user_is_asked_for_the_code_before_any_page(
    password_login: Callable[..., Client], enrolled: Callable[[str], TOTPDevice]
) -> None:
    device = enrolled("chutich")
    client = password_login("chutich")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/xac-thuc/?next=%2F"
    assert "Xác thực hai lớp" in client.get("/tai-khoan/xac-thuc/").content.decode()
    wrong = client.post("/tai-khoan/xac-thuc/", {"code": "123456", "next": "/"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    # django-otp delays the next try after a wrong code; while it does, the page says so.
    throttled = client.post("/tai-khoan/xac-thuc/", {"code": code_for(device), "next": "/"})
    assert "Bạn đã nhập sai nhiều lần" in throttled.content.decode()
    unthrottle(device.user)
    ok = client.post("/tai-khoan/xac-thuc/", {"code": code_for(device), "next": "/phien-hop/"})
    assert ok.status_code == 302 and ok["Location"] == "/phien-hop/"
    assert client.get("/").status_code == 200
    rows = list(
        SignInEvent.objects.filter(username="chutich").order_by("id").values_list("method", "succeeded")
    )
    assert rows == [("password", True), ("totp", False), ("totp", False), ("totp", True)]


def test_the_same_code_is_not_accepted_twice(
    password_login: Callable[..., Client], enrolled: Callable[[str], TOTPDevice]
) -> None:
    device = enrolled("chanhvanphong")
    first = password_login("chanhvanphong")
    code = code_for(device)
    assert first.post("/tai-khoan/xac-thuc/", {"code": code})["Location"] == "/"
    second = password_login("chanhvanphong")
    assert second.post("/tai-khoan/xac-thuc/", {"code": code}).status_code == 400


def test_a_recovery_code_works_once(
    password_login: Callable[..., Client], enrolled: Callable[[str], TOTPDevice]
) -> None:
    device = enrolled("vanphong")
    codes = regenerate_recovery_codes(user=device.user)
    first = password_login("vanphong")
    typed = f" {codes[3][:4].upper()}-{codes[3][4:]} "  # as copied from paper: spaces, capitals, the dash
    assert first.post("/tai-khoan/xac-thuc/", {"code": typed})["Location"] == "/"
    assert first.get("/").status_code == 200
    second = password_login("vanphong")
    refused = second.post("/tai-khoan/xac-thuc/", {"code": codes[3]})
    assert (
        refused.status_code == 400 and "Mã dự phòng không đúng hoặc đã được dùng" in refused.content.decode()
    )
    unthrottle(device.user)
    assert second.post("/tai-khoan/xac-thuc/", {"code": codes[4]})["Location"] == "/"
    assert first.get("/tai-khoan/hai-lop/ma-du-phong/").content.decode().count("Còn 8 mã dự phòng") == 1
    methods = SignInEvent.objects.filter(username="vanphong", method="recovery")
    assert list(methods.order_by("id").values_list("succeeded", flat=True)) == [True, False, True]


@pytest.mark.parametrize("username", [*REQUIRED, "admin"])
def test_required_roles_are_held_back_from_pages_and_api_until_verified(
    username: str,
    demo: Any,
    enrolled: Callable[[str], TOTPDevice],
) -> None:
    if username == "admin":
        get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client = Client()
    client.force_login(_user(username))
    for path in ["/", "/phien-hop/", "/thong-bao/", "/nhiem-vu/", "/tai-khoan/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/tai-khoan/hai-lop/dang-ky/"
        ), path
    api = client.get("/api/notices/")
    assert api.status_code == 403 and api["Content-Type"].startswith("application/json")
    assert (
        api.json()["code"] == "two_factor_enrol_required"
        and "đăng ký xác thực hai lớp" in api.json()["message"]
    )
    htmx = client.post("/phien-hop/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/tai-khoan/hai-lop/dang-ky/"

    enrolled(username)
    client = Client()
    client.force_login(_user(username))
    assert client.get("/")["Location"] == "/tai-khoan/xac-thuc/?next=%2F"
    body = client.get("/api/meetings/").json()
    assert body["code"] == "two_factor_verify_required" and "nhập mã xác thực" in body["message"]
    # Enrolling a new app needs the current one first: a stolen password cannot replace it.
    assert client.get("/tai-khoan/hai-lop/dang-ky/")["Location"].startswith("/tai-khoan/xac-thuc/")
    assert client.post("/tai-khoan/hai-lop/ma-du-phong/").status_code == 302


@pytest.mark.parametrize("username", OPTIONAL)
def test_optional_roles_are_not_held_back_but_asked_once_they_enrol(
    username: str, client_for: Callable[[str], Client], enrolled: Callable[[str], TOTPDevice]
) -> None:
    client = client_for(username)
    assert client.get("/").status_code == 200
    assert client.get("/api/notices/").status_code == 200
    assert "không bắt buộc" in client.get("/tai-khoan/").content.decode()
    enrolled(username)
    again = client_for(username)
    assert again.get("/")["Location"] == "/tai-khoan/xac-thuc/?next=%2F"
    assert again.get("/api/notices/").status_code == 403


def test_optional_user_may_enrol_from_the_account_page(client_for: Callable[[str], Client]) -> None:
    client = client_for("chuyenvien.tnmt")
    assert "/tai-khoan/hai-lop/dang-ky/" in client.get("/tai-khoan/").content.decode()
    secret = _secret_from(client.get("/tai-khoan/hai-lop/dang-ky/").content.decode())
    response = client.post("/tai-khoan/hai-lop/dang-ky/", {"code": code_from_secret(secret)})
    assert response["Location"] == "/tai-khoan/hai-lop/ma-du-phong/"
    assert "Đã bật" in client.get("/tai-khoan/").content.decode()


def test_the_site_switch_turns_the_requirement_off(
    client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.DIEUHANH_2FA_REQUIRED = False
    client = client_for("chutich")
    assert client.get("/").status_code == 200
    assert client.get("/api/notices/").status_code == 200


def test_demo_enrols_required_logins_and_the_cli_prints_a_working_code(
    password_login: Callable[..., Client], capsys: pytest.CaptureFixture[str]
) -> None:
    from dieuhanh.accounts.demo import DEMO_TOTP_SECRET, enrol_demo_logins

    assert sorted(enrol_demo_logins()) == sorted(REQUIRED)
    assert sorted(enrol_demo_logins()) == sorted(REQUIRED)  # idempotent
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(REQUIRED)
    call_command("accounts", "totp", "chutich")
    printed = capsys.readouterr().out.strip()
    assert printed == code_from_secret(DEMO_TOTP_SECRET)
    client = password_login("chutich")
    assert client.post("/tai-khoan/xac-thuc/", {"code": printed})["Location"] == "/"


def test_a_new_password_sign_in_asks_for_the_code_again_in_the_same_browser(
    password_login: Callable[..., Client], enrolled: Callable[[str], TOTPDevice]
) -> None:
    device = enrolled("phochutich")
    client = password_login("phochutich")
    assert client.post("/tai-khoan/xac-thuc/", {"code": code_for(device)})["Location"] == "/"
    client.post("/dang-nhap/", {"username": "phochutich", "password": DEMO_PASSWORD})
    assert client.get("/")["Location"] == "/tai-khoan/xac-thuc/?next=%2F"
