"""TOTP codes computed in tests as an authenticator app computes them (RFC 6238, django_otp.oath.totp)."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice) -> str:
    """The code an app shows now for ``device``; the next step's when this step's code was used already
    (django-otp accepts each time step once, and one step either side)."""
    device.refresh_from_db()
    now_t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t.time = time.time()
    drift = device.drift + max(0, device.last_t + 1 - now_t.t())
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """The current code for a base32 secret, as read from the enrolment page."""
    return f"{totp(base64.b32decode(secret)):06d}"
