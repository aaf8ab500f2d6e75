"""Account writes: enrolling and confirming a second factor, recovery codes, sign-in history, passwords."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.core.security import client_ip

from .models import PasswordHistory, SignInEvent, SignInMethod
from .policy import ENROLLED_SESSION_KEY

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"
WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."
WRONG_RECOVERY = "Mã dự phòng không đúng hoặc đã được dùng."
THROTTLED = "Bạn đã nhập sai nhiều lần. Hãy chờ vài giây rồi thử lại."
_TOTP_FORMAT = re.compile(r"^\d{6}$")


def secret_of(device: TOTPDevice) -> str:
    """The device's secret in base32, as an authenticator app takes it when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii")


def format_recovery_code(code: str) -> str:
    """A recovery code in two groups of four, easier to copy by hand."""
    return f"{code[:4]}-{code[4:]}"


def _normalize_code(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def record_sign_in(
    *, request: HttpRequest | None, user: Any, username: str, succeeded: bool, method: str
) -> SignInEvent:
    """Add one row to the sign-in history (the address and browser come from ``request``)."""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    address = client_ip(request) if request is not None else None
    return SignInEvent.objects.create(
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=(username or "")[:150],
        succeeded=succeeded,
        method=method,
        ip_address=address or None,
        user_agent=agent[:300],
    )


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device of an enrolment in progress (created on first call, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(*, request: HttpRequest, token: str) -> list[str]:
    """Confirm the pending TOTP device with a code from the app; returns 10 new recovery codes.

    The session counts as verified from then on. A previously confirmed app (re-enrolment) is replaced.
    A wrong code is recorded in the sign-in history and counts towards django-otp's throttling.
    """
    user: Any = request.user
    text = (token or "").strip()
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
        )
        if device is None:
            raise DomainError("Chưa bắt đầu đăng ký: hãy mở lại trang đăng ký.", code="no_pending_device")
        allowed = device.verify_is_allowed()[0]
        matched = allowed and bool(_TOTP_FORMAT.match(text)) and device.verify_token(text)
        if matched:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            audit.record(actor=user, action="account.2fa_enrol", obj=user, object_label=user.get_username())
    record_sign_in(
        request=request,
        user=user,
        username=user.get_username(),
        succeeded=bool(matched),
        method=SignInMethod.ENROLMENT,
    )
    if not matched:
        raise DomainError(WRONG_CODE if allowed else THROTTLED, code="wrong_code" if allowed else "throttled")
    request.session.cycle_key()
    otp_login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, user: Any) -> list[str]:
    """Replace the user's recovery codes with 10 new ones (the old ones stop working)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError("Bạn chưa đăng ký xác thực hai lớp.", code="not_enrolled")
    codes = _new_recovery_codes(user)
    audit.record(actor=user, action="account.recovery_codes", obj=user, object_label=user.get_username())
    return codes


def verify_second_factor(*, request: HttpRequest, token: str) -> str:
    """Check a code from the app (6 digits) or a recovery code; mark the session verified; returns the method.

    A recovery code works once. Wrong codes slow down further tries (django-otp's throttling per device).
    """
    user = request.user
    text = (token or "").strip()
    method = SignInMethod.TOTP if _TOTP_FORMAT.match(text) else SignInMethod.RECOVERY
    model = TOTPDevice if method == SignInMethod.TOTP else StaticDevice
    code = text if method == SignInMethod.TOTP else _normalize_code(text)
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        throttled = bool(devices) and not any(d.verify_is_allowed()[0] for d in devices)
        matched = None if throttled else next((d for d in devices if code and d.verify_token(code)), None)
    record_sign_in(
        request=request, user=user, username=user.get_username(), succeeded=matched is not None, method=method
    )
    if matched is None:
        if throttled:
            raise DomainError(THROTTLED, code="throttled")
        raise DomainError(WRONG_CODE if method == SignInMethod.TOTP else WRONG_RECOVERY, code="wrong_code")
    # A new session key once the second factor is confirmed, as at the password step.
    request.session.cycle_key()
    otp_login(request, matched)
    return str(method)


def recovery_codes_left(user: Any) -> int:
    """How many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_authenticator(user: Any) -> bool:
    """True when the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrol_with_secret(*, user: Any, secret: str) -> TOTPDevice:
    """Give ``user`` a confirmed TOTP device with a known base32 secret (the demo's; never for real users)."""
    try:
        key = base64.b32decode(secret.replace(" ", "").upper()).hex()
    except (binascii.Error, ValueError) as exc:
        raise DomainError("Khóa bí mật không phải chuỗi base32 hợp lệ.", code="bad_secret") from exc
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    if device.key != key or device.pk is None:
        device.key = key
        device.save()
    return device


# --- Passwords ---------------------------------------------------------------------------------------------


def remember_password(*, user: Any, keep: int) -> None:
    """Record the user's current password hash, keeping only the newest ``keep`` entries."""
    if not user.pk or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = (
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[keep:]
    )
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def password_was_used(*, user: Any, password: str, last: int) -> bool:
    """True when ``password`` is the current one or one of the ``last`` recorded ones."""
    if not getattr(user, "pk", None):
        return False
    hashes = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("password", flat=True)[:last]
    )
    if user.password and user.has_usable_password():
        hashes.append(user.password)
    return any(check_password(password, encoded) for encoded in dict.fromkeys(hashes))
