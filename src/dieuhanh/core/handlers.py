"""Error answers: Vietnamese pages for people, JSON under ``/api/`` for programs, never Django's bare English.

``urls.py`` points ``handler400``/``403``/``404``/``500`` here. A ``BadParameter`` (``core.params``) or a request
body over the upload limit is a 400 (413 for the body) whose message says what was wrong.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.deprecation import MiddlewareMixin

from .errors import DomainError
from .params import BadParameter

logger = logging.getLogger("dieuhanh.requests")

GENERIC = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Cần đăng nhập trước khi dùng API."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy dữ liệu."),
    405: ("method_not_allowed", "Thao tác này không dùng được với địa chỉ này."),
    413: ("too_large", "Dữ liệu gửi lên vượt quá giới hạn cho phép."),
    429: ("throttled", "Quá nhiều yêu cầu; hãy thử lại sau ít phút."),
    500: ("server_error", "Hệ thống gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau."),
    503: ("unavailable", "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."),
}


def wants_json(request: HttpRequest) -> bool:
    """Programs talk to ``/api/``; everything else is a page."""
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, status: int, message: str = "", code: str = "") -> HttpResponse:
    """The error answer for ``request``: JSON ``{code, message}`` under /api/, else the Vietnamese page."""
    default_code, default_message = GENERIC.get(status, GENERIC[400])
    code, message = code or default_code, message or default_message
    if wants_json(request):
        return JsonResponse({"code": code, "message": message}, status=status)
    template = {403: "403.html", 404: "404.html", 500: "500.html", 503: "503.html"}.get(status, "400.html")
    try:
        body: str = loader.render_to_string(template, {"message": message, "status": status}, request=None)
    except Exception:  # the page itself must never fail
        body = f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{message}</p>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _message_of(exception: Any) -> tuple[int, str, str]:
    if isinstance(exception, BadParameter):
        logger.info("400 %s", exception.log_message)
        return 400, exception.message, "invalid_parameter"
    if isinstance(exception, RequestDataTooBig):
        return 413, GENERIC[413][1], "too_large"
    if isinstance(exception, TooManyFieldsSent):
        return 400, "Biểu mẫu có quá nhiều trường.", "too_many_fields"
    return 400, "", ""


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    status, message, code = _message_of(exception)
    return error_response(request, status, message, code)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if wants_json(request):
        return error_response(request, 403)
    return HttpResponse(loader.render_to_string("403.html", request=request), status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if wants_json(request):
        return error_response(request, 404)
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # An exception raised by a middleware (the session saved on the way out, say) reaches only this handler:
    # a database that refuses connections is an outage (503), not a fault of this request.
    from .outage import outage_response, unavailable_database

    exception = sys.exc_info()[1]
    if exception is not None and unavailable_database(exception):
        return outage_response(request, exception)
    return error_response(request, 500)


class DomainErrorMiddleware(MiddlewareMixin):
    """A domain refusal that no view caught (a text too long, say) is the person's error, not the server's:
    400 (403, 404 by its code) with its own message, as a page or as JSON under /api/."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        logger.info("refused %s %s: %s", request.method, request.path, exception.log_message)
        status = {"forbidden": 403, "not_found": 404}.get(exception.code, 400)
        return error_response(request, status, exception.message, exception.code)
