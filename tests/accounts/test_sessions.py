"""Session limits: signed out after the idle timeout or the absolute lifetime, with a message on sign-in."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.test import Client

from dieuhanh.accounts.sessions import ACTIVITY_KEY, STARTED_KEY


def _age(client: Client, *, idle_minutes: float = 0, signed_in_hours: float = 0) -> None:
    session = client.session
    now = time.time()
    session[ACTIVITY_KEY] = now - idle_minutes * 60
    session[STARTED_KEY] = now - signed_in_hours * 3600
    session.save()


def test_idle_session_is_signed_out_with_a_message_on_the_sign_in_page(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("chuyenvien.tnmt")
    _age(client, idle_minutes=29, signed_in_hours=1)
    assert client.get("/").status_code == 200
    _age(client, idle_minutes=31, signed_in_hours=1)
    response = client.get("/nhiem-vu/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=%2Fnhiem-vu%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã hết hạn vì không hoạt động quá 30 phút" in page
    assert client.get("/")["Location"].startswith("/dang-nhap/")  # signed out for good


def test_activity_keeps_a_session_alive(client_for: Callable[[str], Client]) -> None:
    client = client_for("xem")
    _age(client, idle_minutes=20, signed_in_hours=1)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[ACTIVITY_KEY] < 5  # refreshed by the request
    _age(client, idle_minutes=20, signed_in_hours=1)
    assert client.get("/").status_code == 200


def test_absolute_lifetime_ends_an_active_session(client_for: Callable[[str], Client]) -> None:
    client = client_for("vanphong")
    _age(client, idle_minutes=1, signed_in_hours=11.9)
    assert client.get("/").status_code == 200
    _age(client, idle_minutes=1, signed_in_hours=12.1)
    response = client.get("/")
    assert response.status_code == 302
    assert (
        "Phiên làm việc đã quá 12 giờ kể từ khi đăng nhập"
        in client.get(response["Location"]).content.decode()
    )


def test_htmx_and_api_requests_of_an_expired_session(client_for: Callable[[str], Client]) -> None:
    client = client_for("vanphong")
    _age(client, idle_minutes=45)
    htmx = client.get("/phien-hop/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/dang-nhap/"
    client = client_for("vanphong")
    _age(client, idle_minutes=45)
    api = client.get("/api/notices/")
    assert api.status_code == 401 and api.json()["code"] == "session_expired"
    assert "không hoạt động quá 30 phút" in api.json()["message"]


def test_limits_come_from_settings(client_for: Callable[[str], Client], settings: Any) -> None:
    settings.DIEUHANH_SESSION_IDLE_MINUTES = 5
    settings.DIEUHANH_SESSION_MAX_HOURS = 2
    client = client_for("xem")
    _age(client, idle_minutes=6)
    assert client.get("/").status_code == 302
    client = client_for("xem")
    _age(client, idle_minutes=1, signed_in_hours=2.5)
    response = client.get("/")
    assert "quá 2 giờ" in client.get(response["Location"]).content.decode()


def test_sign_in_starts_the_lifetime_afresh(client_for: Callable[[str], Client]) -> None:
    client = client_for("xem")
    assert time.time() - client.session[STARTED_KEY] < 5
