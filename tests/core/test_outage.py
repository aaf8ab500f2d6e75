"""A database that refuses connections: every page answers 503 in Vietnamese (JSON under /api/), with
Retry-After, whether a view or a middleware met the refusal, and the site recovers by itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, connections
from django.http import HttpRequest, HttpResponse
from django.test import Client

PATHS = ["/", "/dang-nhap/", "/cong-khai/", "/api/notices/"]


class TouchSessionMiddleware:
    """Reads the session before any view runs, as a session-timeout check does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.session.get("_auth_user_id")
        return self.get_response(request)


def _signed_in(username: str = "vanphong") -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _assert_outage(response: Any, path: str) -> None:
    assert response.status_code == 503, (path, response.status_code)
    assert response["Retry-After"] == "30", path
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json"), path
        body = response.json()
        assert body["code"] == "unavailable" and "cơ sở dữ liệu" in body["message"], path
    else:
        text = response.content.decode()
        assert '<html lang="vi">' in text and "Hệ thống tạm ngừng phục vụ" in text, path
        assert "Server Error" not in text, path


@pytest.fixture
def refused() -> Iterator[Callable[[bool], None]]:
    """Switch the database between refusing (every connection of its backend raises, the outage check's fresh one
    too) and working."""
    backend = type(connections["default"])
    original = backend.ensure_connection

    def refuse(self: Any) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    def switch(on: bool) -> None:
        backend.ensure_connection = refuse if on else original  # type: ignore[method-assign]

    yield switch
    switch(False)


def test_every_page_answers_503_in_vietnamese_and_recovers(demo: Any, refused: Any) -> None:
    office = _signed_in()
    anonymous = Client(raise_request_exception=False)
    refused(True)
    for path in PATHS:
        _assert_outage(office.get(path), path)
    _assert_outage(anonymous.get("/cong-khai/"), "/cong-khai/")
    assert anonymous.get("/api/notices/").status_code == 401, "no session, no database: signing in is asked"
    refused(False)
    assert office.get("/").status_code == 200
    assert office.get("/api/notices/").status_code == 200
    assert anonymous.get("/cong-khai/").status_code == 200


def test_a_refusal_met_in_a_middleware_is_a_503_too(demo: Any, refused: Any, settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.core.test_outage.TouchSessionMiddleware"]
    office = _signed_in()
    refused(True)
    for path in ("/", "/api/notices/"):
        _assert_outage(office.get(path), path)
    refused(False)
    assert office.get("/").status_code == 200


@pytest.mark.django_db
def test_only_an_unreachable_database_is_an_outage(refused: Any) -> None:
    """Only an unreachable database is an outage: a broken query (or one the database gives up on) while the
    database answers is the server's error, to fix."""
    from dieuhanh.core import outage

    assert not outage.unavailable_database(OperationalError("no such table: x"))
    assert not outage.unavailable_database(OperationalError("LIKE or GLOB pattern too complex"))
    assert not outage.unavailable_database(OperationalError("could not connect to server")), (
        "the database answers"
    )
    refused(True)
    assert outage.unavailable_database(OperationalError("could not connect to server"))


@pytest.mark.django_db(transaction=True)
def test_a_database_that_really_refuses_then_comes_back(tmp_path: Path) -> None:
    """The real driver error: PostgreSQL on a port where nothing listens, SQLite on a file it cannot open."""
    from dieuhanh.org.demo import load_demo

    load_demo()
    office = _signed_in()
    anonymous = Client(raise_request_exception=False)
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=1)
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "missing" / "dieuhanh.sqlite3")
    try:
        for path in PATHS:
            _assert_outage(office.get(path), path)
        _assert_outage(anonymous.get("/cong-khai/"), "/cong-khai/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert office.get("/").status_code == 200
    assert anonymous.get("/cong-khai/").status_code == 200
    assert office.get("/api/notices/").status_code == 200
