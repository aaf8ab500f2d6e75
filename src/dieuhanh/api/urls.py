"""Mount the API. Each app contributes a router in its ``api.py``; see ``ROUTERS``."""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from dieuhanh.core.errors import DomainError

api = NinjaAPI(
    title="Điều hành API",
    version="1",
    description="API đọc và ghi dữ liệu điều hành của UBND (phiên họp, thông báo, nhiệm vụ, thủ tục hành chính).",
    auth=django_auth,
    urls_namespace="api",
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
