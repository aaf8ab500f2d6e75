"""Shared fixtures: the demo registry, logins per role, fast password hashing in tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (tested in tests/core); tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
