"""Accounts fixtures: TOTP codes computed as an authenticator app does, signing in through the login form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axes.utils import reset
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from dieuhanh.org.demo import DEMO_PASSWORD

from .codes import code_for, code_from_secret

__all__ = ["code_for", "code_from_secret", "unthrottle"]


@pytest.fixture
def password_login(demo: dict[str, int]) -> Callable[[str], Client]:
    """A client signed in with the password only (through the real login form, throttling included)."""
    reset()

    def sign_in(username: str, password: str = DEMO_PASSWORD) -> Client:
        client = Client()
        response = client.post("/dang-nhap/", {"username": username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return sign_in


@pytest.fixture
def enrolled(demo: dict[str, int]) -> Callable[[str], TOTPDevice]:
    """Give a demo login a confirmed authenticator (the demo secret)."""
    from django.contrib.auth import get_user_model

    from dieuhanh.accounts.demo import DEMO_TOTP_SECRET
    from dieuhanh.accounts.services import enrol_with_secret

    def make(username: str) -> TOTPDevice:
        return enrol_with_secret(
            user=get_user_model().objects.get(username=username), secret=DEMO_TOTP_SECRET
        )

    return make


def unthrottle(user: Any) -> None:
    """Forget earlier wrong codes (django-otp delays the next try after each failure)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
