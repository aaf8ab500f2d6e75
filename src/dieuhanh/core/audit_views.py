"""The audit log page for administrators: search, and export what was found as CSV."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .auditlog import CSV_HEADER, AuditFilter, csv_rows, search
from .tables import write_csv

PAGE_SIZE = 50
MAX_FIELD = 200


def _date(request: HttpRequest, name: str) -> dt.date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _criteria(request: HttpRequest) -> AuditFilter:
    def text(name: str) -> str:
        return request.GET.get(name, "").strip()[:MAX_FIELD]

    return AuditFilter(
        actor=text("nguoi"),
        action=text("hanh-dong"),
        object_type=text("loai"),
        object_id=text("ma"),
        date_from=_date(request, "tu"),
        date_to=_date(request, "den"),
        text=text("q"),
    )


def _require_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log (actor, action, object type and id, dates, text), newest first."""
    _require_admin(request)
    criteria = _criteria(request)
    page = Paginator(search(criteria), PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "criteria": criteria, "query": query.urlencode()},
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The events the same search finds, as CSV (UTF-8 with BOM; no cell is a formula)."""
    _require_admin(request)
    content = write_csv(CSV_HEADER, csv_rows(search(_criteria(request))))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
    return response
