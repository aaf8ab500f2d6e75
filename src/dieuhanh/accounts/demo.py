"""Demo second factor: the demo's required logins get an authenticator with one public, documented secret.

The secret is in the README so that anyone trying the demo can add it to an app, or print the current code
with ``dieuhanh accounts totp <username>``. It protects nothing: never use it on a real site.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from dieuhanh.org.demo import demo_logins
from dieuhanh.org.rules import two_factor_required

from .services import enrol_with_secret

DEMO_TOTP_SECRET = "MRUWK5LIMFXGQLLEMVWW6LJSMZQS2MBR"  # base32 of b"dieuhanh-demo-2fa-01"


@transaction.atomic
def enrol_demo_logins() -> list[str]:
    """Give every demo login that must use two-factor sign-in the demo authenticator; returns their names."""
    enrolled = []
    for username, _password, _who in demo_logins():
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and two_factor_required(user):
            enrol_with_secret(user=user, secret=DEMO_TOTP_SECRET)
            enrolled.append(username)
    return enrolled
