"""Who must confirm a sign-in with a second factor, and whether this session has.

The rule of who is required lives in ``org.rules.two_factor_required``; this module adds the site switch
(``DIEUHANH_2FA_REQUIRED``) and what the session knows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device

from dieuhanh.org.rules import two_factor_required

# Whether the user had a confirmed device when this session signed in (or enrolled): saves the device
# queries on every request of people who have not enrolled.
ENROLLED_SESSION_KEY = "dieuhanh_2fa_enrolled"


def required_for(user: Any) -> bool:
    """True when ``user`` must use a second factor on this site (the rule, unless the site turned it off)."""
    return bool(settings.DIEUHANH_2FA_REQUIRED) and two_factor_required(user)


def is_verified(user: Any) -> bool:
    """True when this session confirmed a second factor (django-otp's middleware sets ``otp_device``)."""
    return getattr(user, "otp_device", None) is not None


def is_enrolled(request: HttpRequest) -> bool:
    """True when the signed-in user has a confirmed device; remembered in the session."""
    enrolled = request.session.get(ENROLLED_SESSION_KEY)
    if enrolled is None:
        enrolled = bool(user_has_device(request.user, confirmed=True))
        request.session[ENROLLED_SESSION_KEY] = enrolled
    return bool(enrolled)


def pending_step(request: HttpRequest) -> str | None:
    """What the session must do before any page: "verify", "enrol", or None (nothing pending).

    Whoever enrolled confirms every sign-in, required or not; a required user without a device enrols first.
    """
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    if is_enrolled(request):
        return "verify"
    if required_for(user):
        return "enrol"
    return None
