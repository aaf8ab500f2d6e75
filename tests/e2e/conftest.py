"""Browser test fixtures: Debian's Chromium driven by Playwright against a live server with the demo loaded.

Without /usr/bin/chromium the browser tests are skipped with the reason (``make test`` passes the rest);
in CI (``CI=true``) a missing Chromium is a failure, so the journeys cannot silently stop running.
Screenshots of the pages the journeys visit (and of the page a failing test ended on) are saved under
test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axes.utils import reset

from dieuhanh.org.demo import DEMO_PASSWORD, load_demo

# The sync Playwright API keeps an event loop running in the test thread; Django's ORM calls made by the
# tests themselves (loading the demo, checking rows) would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium waits on network services that a closed network never answers.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = f"Chromium ({CHROMIUM}) không có: bỏ qua kiểm thử trình duyệt — cài gói Debian chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
_CALL_FAILED = pytest.StashKey[bool]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _slug(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9._-]+", "-", name).strip("-") or "page"


def _screenshot(tab: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_slug(name)}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Keep the test's own outcome on the item, so the page fixtures can tell that it failed."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium, or a skip (a failure in CI) naming the missing package."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        if _in_ci():
            pytest.fail(MISSING_CHROMIUM, pytrace=False)
        pytest.skip(MISSING_CHROMIUM)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium_path: Path) -> Iterator[Any]:
    """One headless Chromium for the browser tests; closed after them, because the sync Playwright API keeps
    an event loop running in the test thread and code run by later tests (pyHanko's signing) calls
    ``asyncio.run``, which refuses to start inside a running loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def live_demo(transactional_db: None, settings: Any) -> dict[str, int]:
    """The Sông Lô demo, committed so the live server's thread sees it; login throttling starts clean."""
    # The demo hashes eight passwords; MD5 keeps that (and every login) fast in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reset()
    return load_demo()


def _open_page(request: pytest.FixtureRequest, browser: Any, base_url: str, **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, locale="vi-VN", **options)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        yield tab
        if request.node.stash.get(_CALL_FAILED, False):
            _screenshot(tab, f"FAILED-{request.node.name}")
    finally:
        context.close()


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    chromium_path: Path,
    browser: Any,
    live_server: Any,
    live_demo: dict[str, int],
) -> Iterator[Any]:
    """A fresh browser context (no cookies, Vietnamese locale) per test, pointed at the live server."""
    yield from _open_page(request, browser, live_server.url, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(
    request: pytest.FixtureRequest,
    chromium_path: Path,
    browser: Any,
    live_server: Any,
    live_demo: dict[str, int],
) -> Iterator[Any]:
    """Like ``page``, on a 375×740 phone screen with touch."""
    yield from _open_page(
        request,
        browser,
        live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )


@pytest.fixture
def snap() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under test-output/screenshots/ with a descriptive name."""
    return _screenshot


def login(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the page it leads to."""
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
