"""Shared fixtures: the demo registry, logins per role, fast password hashing in tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

# Property tests draw their examples from a fixed seed in CI, so a run fails or passes the same way each time; the
# long randomized run is bench/api_fuzz.py. Locally they draw new examples each run (``--hypothesis-profile ci``
# repeats CI's).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev")
hypothesis_settings.load_profile("ci" if os.environ.get("CI", "").strip().lower() == "true" else "dev")


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (tested in tests/core); tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_enforcement(request: pytest.FixtureRequest, settings: Any) -> None:
    # Most tests sign in with force_login and never pass a second factor: the office, leader and superuser
    # requirement is enforced only in tests marked ``two_factor`` (tests/accounts). Whoever enrolled a device
    # is asked for a code either way.
    settings.DIEUHANH_2FA_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    """The Sông Lô demo registry, loaded through the same services the app uses."""
    from dieuhanh.org.demo import load_demo

    return load_demo()


@pytest.fixture
def client_for(demo: dict[str, int]) -> Callable[[str], Client]:
    """A logged-in test client for a demo username."""

    def make(username: str) -> Client:
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make
