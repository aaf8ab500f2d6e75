"""Account security as shipped: Argon2 hashes and login throttling."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_argon2_is_the_production_hasher() -> None:
    from dieuhanh import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_failures(demo: dict[str, int]) -> None:
    client = Client()
    for _ in range(3):
        client.post("/dang-nhap/", {"username": "xem", "password": "sai-mat-khau"})
    locked = client.post("/dang-nhap/", {"username": "xem", "password": "dieuhanh-demo"})
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert settings.AXES_FAILURE_LIMIT == 3


def test_correct_password_logs_in(demo: dict[str, int]) -> None:
    client = Client()
    response = client.post("/dang-nhap/", {"username": "vanphong", "password": "dieuhanh-demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
