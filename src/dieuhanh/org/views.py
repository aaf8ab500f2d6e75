"""Registry pages: units, people, import and export. Thin: parse, call a service or query, render."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.core.paging import other_params, page_of
from dieuhanh.core.params import search_text

from . import importing, queries
from .forms import ImportForm
from .models import Person, Unit, UnitKind
from .rules import can_view_unit, visible_units

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KIND_ORDER = [
    UnitKind.COMMITTEE,
    UnitKind.OFFICE,
    UnitKind.DEPARTMENT,
    UnitKind.AGENCY,
    UnitKind.COUNCIL,
    UnitKind.PARTY_COMMITTEE,
]


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units the signed-in person may see, grouped by kind, searchable without diacritics."""
    _require(request, "org.view_registry")
    query = search_text(request.GET)
    page = page_of(request, queries.search_units(visible_units(request.user), query, KIND_ORDER))
    groups = [(UnitKind(kind).label, [u for u in page if u.kind == kind]) for kind in KIND_ORDER]
    return render(
        request,
        "org/unit_list.html",
        {
            "groups": [(label, rows) for label, rows in groups if rows],
            "query": query,
            "count": page.paginator.count,
            "page": page,
            "keep": other_params(request),
            "can_manage": request.user.has_perm("org.manage_registry"),
        },
    )


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One unit: names over time, aliases, groups, people; only for those who may see its work."""
    unit = get_object_or_404(Unit.objects.select_related("parent", "issuer", "successor"), code=code)
    if not can_view_unit(request.user, unit):
        raise PermissionDenied
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "people": queries.people_of_unit(unit),
            "aliases": unit.aliases.all(),
            "former_names": unit.former_names.all(),
            "groups": unit.memberships.all(),
            "predecessors": unit.predecessors.all(),
            "history": audit.history(unit)[:20],
        },
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People of the units the signed-in person may see."""
    _require(request, "org.view_registry")
    query = search_text(request.GET)
    people = queries.search_people(Person.objects.filter(unit__in=visible_units(request.user)), query)
    page = page_of(request, people)
    return render(
        request,
        "org/person_list.html",
        {
            "page": page,
            "query": query,
            "keep": other_params(request),
            "can_manage": request.user.has_perm("org.manage_registry"),
        },
    )


def _export(request: HttpRequest, fmt: str, build: Callable[[str], bytes], stem: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(build(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def unit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request, "org.manage_registry")
    return _export(request, fmt, lambda f: importing.export_units(visible_units(request.user), f), "don-vi")


@login_required
def person_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request, "org.manage_registry")
    people = Person.objects.filter(unit__in=visible_units(request.user))
    return _export(request, fmt, lambda f: importing.export_people(people, f), "can-bo")


def _staging_dir() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _import_view(
    request: HttpRequest,
    *,
    title: str,
    preview_fn: Callable[[bytes, str], importing.ImportPreview],
    commit_fn: Callable[..., int],
    done_url: str,
) -> HttpResponse:
    """Upload → preview (every bad row listed) → confirm; the file waits in a staging folder in between."""
    _require(request, "org.manage_registry")
    form = ImportForm()
    context: dict[str, Any] = {"title": title, "form": form}
    if request.method == "POST":
        token = request.POST.get("token", "")
        try:
            if token:
                if not token.isalnum():
                    raise DomainError("Phiên nhập không hợp lệ, hãy tải tệp lên lại.", code="bad_token")
                staged = _staging_dir() / token
                if not staged.exists():
                    raise DomainError("Tệp đã hết hạn, hãy tải tệp lên lại.", code="staged_missing")
                name = request.session.get(f"import-{token}", "tep.csv")
                preview = preview_fn(staged.read_bytes(), name)
                count = commit_fn(actor=request.user, preview=preview)
                staged.unlink(missing_ok=True)
                messages.success(
                    request, f"Đã nhập {count} dòng ({preview.creates} mới, {preview.updates} cập nhật)."
                )
                return redirect(done_url)
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                if upload.size > settings.DIEUHANH_MAX_IMPORT_BYTES:
                    raise DomainError(
                        f"Tệp quá lớn: tối đa {settings.DIEUHANH_MAX_IMPORT_BYTES // (1024 * 1024)} MB.",
                        code="file_too_large",
                    )
                data = upload.read()
                preview = preview_fn(data, upload.name)
                context.update(preview=preview, form=form)
                if preview.ok:
                    token = secrets.token_hex(16)
                    (_staging_dir() / token).write_bytes(data)
                    request.session[f"import-{token}"] = upload.name
                    context["token"] = token
        except DomainError as exc:
            context["error"] = exc.message
            context["form"] = form
    return render(request, "org/import.html", context)


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    return _import_view(
        request,
        title="Nhập danh mục cơ quan, đơn vị",
        preview_fn=importing.preview_units,
        commit_fn=importing.commit_units,
        done_url="org:unit_list",
    )


@login_required
def person_import(request: HttpRequest) -> HttpResponse:
    return _import_view(
        request,
        title="Nhập danh sách cán bộ",
        preview_fn=importing.preview_people,
        commit_fn=importing.commit_people,
        done_url="org:person_list",
    )
