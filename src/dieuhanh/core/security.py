"""Security of the running site: the Content-Security-Policy header and the deployment checks of ``check --deploy``.

The policy allows scripts only from the site itself (no inline scripts, no ``eval``-style handlers: behaviour
lives in static/js/). Inline ``style`` attributes stay allowed: templates use them for computed widths (progress
bars) and they cannot run code; see docs/decisions/0006-content-security-policy.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Error as CheckError
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The key every fresh checkout has: a production site must never sign sessions with it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"


def content_security_policy() -> str:
    """The policy sent with every page: ``DIEUHANH_CSP`` when set, else the default above."""
    return str(getattr(settings, "DIEUHANH_CSP", "") or DEFAULT_POLICY)


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy header to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``check --deploy`` fails while the site runs with the development key shipped in settings.py."""
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        return [
            CheckError(
                "DIEUHANH_SECRET_KEY chưa được đặt: trang đang dùng khóa bí mật mặc định dành cho máy phát triển.",
                hint="Đặt DIEUHANH_SECRET_KEY trong tệp môi trường (xem docs/deployment.md), ví dụ "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="dieuhanh.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_data_dir(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``check --deploy`` fails when the data directory (uploads, signed notices) cannot be written."""
    import os

    data_dir = settings.DATA_DIR
    if not os.access(data_dir, os.W_OK):
        return [
            CheckError(
                f"Không ghi được vào thư mục dữ liệu {data_dir}.",
                hint="Cấp quyền ghi cho người dùng chạy dịch vụ (DIEUHANH_DATA_DIR).",
                id="dieuhanh.E002",
            )
        ]
    return []


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address for login throttling: behind nginx (``DIEUHANH_BEHIND_PROXY=1``) the X-Real-IP
    header nginx sets, otherwise the socket's address (a header a visitor sends is then ignored)."""
    if getattr(settings, "DIEUHANH_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    address: str | None = request.META.get("REMOTE_ADDR")
    return address
