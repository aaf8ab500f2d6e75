"""Mount the API. Each app contributes a router in its ``api.py``; see ``ROUTERS``."""

from __future__ import annotations

import logging
from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from dieuhanh.core.errors import DomainError
from dieuhanh.core.handlers import GENERIC

logger = logging.getLogger("dieuhanh.api")

api = NinjaAPI(
    title="Điều hành API",
    version="1",
    description="API đọc và ghi dữ liệu điều hành của UBND (phiên họp, thông báo, nhiệm vụ, thủ tục hành chính).",
    auth=django_auth,
    urls_namespace="api",
    # The schema and its browser view are for signed-in people too (the README says so).
    docs_decorator=login_required,
)

# (URL prefix, module holding a ``router``): an app without the module yet is skipped.
ROUTERS = [
    ("/meetings", "dieuhanh.meetings.api"),
    ("/notices", "dieuhanh.notices.api"),
    ("/directives", "dieuhanh.directives.api"),
    ("/tthc", "dieuhanh.tthc.api"),
]
for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = {"forbidden": 403, "not_found": 404}.get(exc.code, 400)
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=status)


def _field(error: dict[str, object]) -> str:
    loc = error.get("loc", ())
    parts = loc if isinstance(loc, list | tuple) else ()
    location = [str(part) for part in parts if part not in ("query", "path", "body", "form")]
    return ".".join(location) or "?"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 naming each wrong field in Vietnamese, with pydantic's details for programs."""
    errors = list(exc.errors)
    fields = sorted({_field(e) for e in errors if isinstance(e, dict)})
    if any(isinstance(e, dict) and e.get("type") == "json_invalid" for e in errors):
        message = "Nội dung JSON gửi lên không đọc được."
    else:
        message = "Dữ liệu không hợp lệ ở trường: " + ", ".join(fields) + "."
    return api.create_response(request, {"code": "invalid", "message": message, "detail": errors}, status=422)


# django-ninja's own refusals (no session, a body that is not JSON at all, no such object) answer in the shape of
# every other refusal: a code for programs, the site's Vietnamese message, ninja's text as detail.
UNREADABLE = ("unreadable", "Nội dung gửi lên không đọc được (JSON hỏng hoặc sai bảng mã).")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = UNREADABLE if exc.status_code == 400 else GENERIC.get(exc.status_code, GENERIC[400])
    body = {"code": code, "message": message, "detail": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    logger.info("API body over DATA_UPLOAD_MAX_MEMORY_SIZE: %s %s", request.method, request.path)
    body = {"code": GENERIC[413][0], "message": GENERIC[413][1]}
    return api.create_response(request, body, status=413)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    code, message = GENERIC[404]
    return api.create_response(request, {"code": code, "message": message}, status=404)
