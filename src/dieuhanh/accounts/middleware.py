"""Before any page: end sessions past their limits, and hold back sessions that owe a second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from . import policy, sessions

TWO_FACTOR_MESSAGES = {
    "verify": "Cần nhập mã xác thực hai lớp trước khi tiếp tục: mở trang {url} trên trình duyệt.",
    "enrol": "Tài khoản này phải đăng ký xác thực hai lớp trước khi dùng: mở trang {url} trên trình duyệt.",
}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that HTMX follows as a full page load (a plain 302 would be swapped into the page)."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method != "GET" or _is_htmx(request):
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SessionTimeoutMiddleware:
    """Sign out a session idle longer than DIEUHANH_SESSION_IDLE_MINUTES or older than DIEUHANH_SESSION_MAX_HOURS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = sessions.expiry_reason(request)
            if reason is not None:
                logout(request)
                if _is_api(request):
                    return JsonResponse({"code": "session_expired", "message": reason}, status=401)
                messages.info(request, reason)
                return _redirect(request, _with_next(reverse(settings.LOGIN_URL), request))
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send a session that owes a second factor to the verification (or enrolment) page; the API answers 403.

    Runs after django-otp's ``OTPMiddleware``, which tells whether the session has verified a device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        names = ["accounts:verify", "accounts:enrol", "logout", "login", "health"]
        return (*(reverse(name) for name in names), settings.STATIC_URL, "/i18n/", "/favicon.ico")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(self.exempt_prefixes):
            step = policy.pending_step(request)
            if step is not None:
                url = reverse("accounts:verify" if step == "verify" else "accounts:enrol")
                if _is_api(request):
                    return JsonResponse(
                        {
                            "code": f"two_factor_{step}_required",
                            "message": TWO_FACTOR_MESSAGES[step].format(url=url),
                        },
                        status=403,
                    )
                return _redirect(request, _with_next(url, request))
        return self.get_response(request)
