"""Sign-in history: each attempt recorded; a person sees their own, an administrator anyone's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.test import Client

from dieuhanh.accounts.models import SignInEvent
from dieuhanh.org.demo import DEMO_PASSWORD


def test_successful_and_failed_password_sign_ins_are_recorded(demo: Any) -> None:
    reset()
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (thử nghiệm)", "REMOTE_ADDR": "10.1.2.3"}
    assert Client().post("/dang-nhap/", {"username": "xem", "password": "sai"}, **browser).status_code == 200
    assert (
        Client().post("/dang-nhap/", {"username": "khong.co", "password": "sai"}, **browser).status_code
        == 200
    )
    assert (
        Client().post("/dang-nhap/", {"username": "xem", "password": DEMO_PASSWORD}, **browser).status_code
        == 302
    )
    rows = list(
        SignInEvent.objects.order_by("id").values_list(
            "username", "succeeded", "method", "ip_address", "user_agent"
        )
    )
    agent = "Mozilla/5.0 (thử nghiệm)"
    assert rows == [
        ("xem", False, "password", "10.1.2.3", agent),
        ("khong.co", False, "password", "10.1.2.3", agent),
        ("xem", True, "password", "10.1.2.3", agent),
    ]
    xem = get_user_model().objects.get(username="xem")
    assert SignInEvent.objects.filter(user=xem).count() == 2
    assert SignInEvent.objects.get(username="khong.co").user is None


def test_a_person_sees_only_their_own_sign_ins(demo: Any, client_for: Callable[[str], Client]) -> None:
    reset()
    Client().post("/dang-nhap/", {"username": "vanphong", "password": "sai"})
    client = client_for("xem")
    page = client.get("/tai-khoan/lich-su-dang-nhap/").content.decode()
    assert (
        "Lịch sử đăng nhập: xem" in page and page.count("Thành công") == 1 and "Không thành công" not in page
    )
    assert client.get("/tai-khoan/lich-su-dang-nhap/?tai-khoan=vanphong").status_code == 403
    assert client.get("/tai-khoan/lich-su-dang-nhap/?tai-khoan=xem").status_code == 200


def test_an_administrator_sees_anyones_sign_ins(demo: Any) -> None:
    reset()
    Client().post("/dang-nhap/", {"username": "vanphong", "password": "sai"})
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "mot-mat-khau-dai")
    client = Client()
    client.force_login(admin)
    page = client.get("/tai-khoan/lich-su-dang-nhap/?tai-khoan=vanphong").content.decode()
    assert "Lịch sử đăng nhập: vanphong" in page and "Không thành công" in page
    assert 'name="tai-khoan"' in page  # the administrator's account picker
    unknown = client.get("/tai-khoan/lich-su-dang-nhap/?tai-khoan=khong.co").content.decode()
    assert "Chưa có lần đăng nhập nào." in unknown
