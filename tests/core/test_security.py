"""Account security as shipped: Argon2 hashes and login throttling."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_argon2id_with_interactive_parameters_is_the_production_hasher() -> None:
    from argon2 import extract_parameters

    from dieuhanh import settings as project_settings
    from dieuhanh.accounts.hashers import Argon2idHasher

    assert project_settings.PASSWORD_HASHERS[0] == "dieuhanh.accounts.hashers.Argon2idHasher"
    encoded = Argon2idHasher().encode("mật-khẩu-thử-nghiệm", Argon2idHasher().salt())
    assert encoded.startswith("argon2$argon2id$")
    parameters = extract_parameters("$" + encoded.split("$", 1)[1])
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)


def test_a_hash_with_older_parameters_is_upgraded_at_the_next_sign_in(demo: dict[str, int]) -> None:
    from argon2 import extract_parameters
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.contrib.auth.models import User

    with override_settings(
        PASSWORD_HASHERS=[
            "dieuhanh.accounts.hashers.Argon2idHasher",
            "django.contrib.auth.hashers.MD5PasswordHasher",
        ]
    ):
        user = User.objects.get(username="xem")
        # a hash as Django's defaults made it (100 MiB, 8 lanes)
        user.password = Argon2PasswordHasher().encode("dieuhanh-demo", Argon2PasswordHasher().salt())
        user.save(update_fields=["password"])
        assert extract_parameters("$" + user.password.split("$", 1)[1]).memory_cost == 102_400
        response = Client().post("/dang-nhap/", {"username": "xem", "password": "dieuhanh-demo"})
        assert response.status_code == 302
        user.refresh_from_db()
        parameters = extract_parameters("$" + user.password.split("$", 1)[1])
        assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)


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
