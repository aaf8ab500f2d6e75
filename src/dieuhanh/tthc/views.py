"""The office's TTHC pages: statistics per unit and period, rankings with follow-up, imports with their
progress, import sources, and the downloads (report, bulletin). Thin: parse, call a query or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dieuhanh.core.errors import DomainError
from dieuhanh.core.params import object_from
from dieuhanh.org.models import Unit

from . import bulletin, charts, conf, jobs, queries, report, services
from .columns import FIELDS
from .models import ImportJob, ImportSource
from .periods import Period

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _issuer(request: HttpRequest, perm: str = "tthc.view") -> Unit:
    try:
        issuer = queries.issuer_for(request.user)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if not request.user.has_perm(perm, issuer):
        raise PermissionDenied
    return issuer


def _period(request: HttpRequest, issuer: Unit, value: str | None = None) -> tuple[Period, list[str]]:
    available = queries.available_periods(issuer)
    text = (value or request.GET.get("ky") or "").strip()
    try:
        return Period.parse(text or queries.default_period(issuer, available)), available
    except DomainError as exc:
        messages.error(request, exc.message)
        return Period.parse(queries.default_period(issuer, available)), available


def _url_period(text: str) -> Period:
    """The period written in a URL; a 404 when it is not one."""
    try:
        return Period.parse(text)
    except DomainError as exc:
        raise Http404(exc.message) from exc


def _context(request: HttpRequest, issuer: Unit, period: Period, available: list[str]) -> dict[str, Any]:
    snap = queries.snapshot(issuer, period)
    groups = []
    for block in snap["groups"]:
        rows = queries.unit_rows(snap, block["group"])
        ranked = [r for r in rows if r["rank"] is not None]
        groups.append({**block, "rows": rows, "chart": charts.result_bars(ranked, block["title"])})
    return {
        "issuer": issuer,
        "period": period,
        "available": available,
        "choices": queries.period_choices(available, period),
        "snap": snap,
        "groups": groups,
        "flagged": queries.flagged(snap),
        "publication": queries.publication(period.label, issuer.code),
        "can_follow_up": request.user.has_perm("tthc.follow_up", issuer),
        "can_publish": request.user.has_perm("tthc.publish", issuer),
        "can_import": request.user.has_perm("tthc.import", issuer),
        "has_data": queries.dataset_of(issuer).exists(),
        "espeak": bulletin.audio_available(conf.espeak()),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The TTHC home: the statistics of the latest full month."""
    return redirect("tthc:stats")


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Per-unit figures of a period as the report form counts them, with the change against the previous one."""
    issuer = _issuer(request)
    period, available = _period(request, issuer)
    context = _context(request, issuer, period, available)
    template = "tthc/_stats_body.html" if request.htmx else "tthc/stats.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """The two rankings of a period with the rules, the progress score and the units to follow up."""
    issuer = _issuer(request)
    period, available = _period(request, issuer)
    context = _context(request, issuer, period, available)
    template = "tthc/_ranking_body.html" if request.htmx else "tthc/ranking.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def follow_up(request: HttpRequest, period: str, code: str) -> HttpResponse:
    """Issue the follow-up directive to a flagged unit (the office, one click)."""
    issuer = _issuer(request, "tthc.follow_up")
    unit = get_object_or_404(Unit, code=code)
    chosen = _url_period(period)
    error = ""
    try:
        done = services.create_follow_up(actor=request.user, issuer=issuer, period=chosen, unit=unit)
        directive_id: int | None = done.directive_id
    except DomainError as exc:
        error, directive_id = exc.message, None
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "tthc/_follow_up_cell.html", {"directive_id": directive_id, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Đã giao nhiệm vụ khắc phục cho {unit.display_short}.")
    return redirect(f"{reverse('tthc:ranking')}?ky={chosen.label}")


@login_required
@require_POST
def publish(request: HttpRequest, period: str) -> HttpResponse:
    """Publish the period's figures and rankings on the portal."""
    issuer = _issuer(request, "tthc.publish")
    chosen = _url_period(period)
    try:
        services.publish_period(actor=request.user, issuer=issuer, period=chosen)
        messages.success(request, f"Đã công khai kết quả giải quyết TTHC {chosen.title} trên cổng thông tin.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('tthc:ranking')}?ky={chosen.label}")


@login_required
def report_docx(request: HttpRequest, period: str) -> HttpResponse:
    """The DOCX report of a period for the session."""
    issuer = _issuer(request)
    chosen = _url_period(period)
    data = report.render_report(queries.snapshot(issuer, chosen), signer=queries.signer_of(issuer))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tthc-{chosen.label}.docx"'
    return response


@login_required
def bulletin_file(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """The radio bulletin of a period as text, or read aloud as WAV."""
    issuer = _issuer(request)
    chosen = _url_period(period)
    text = bulletin.bulletin_text(queries.snapshot(issuer, chosen))
    if fmt == "txt":
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    elif fmt == "wav":
        try:
            response = HttpResponse(bulletin.bulletin_audio(text, conf.espeak()), content_type="audio/wav")
        except DomainError as exc:
            return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="ban-tin-tthc-{chosen.label}.{fmt}"'
    return response


# --- imports --------------------------------------------------------------------------------------------


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a one-stop export: the file is checked and imported in the background, the page follows it."""
    issuer = _issuer(request, "tthc.import")
    sources = list(ImportSource.objects.filter(issuer=issuer))
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError("Hãy chọn tệp CSV hoặc XLSX cần nhập.", code="no_file")
            if upload.size is not None and upload.size > conf.max_upload_bytes():
                raise DomainError(
                    f"Tệp quá lớn: tối đa {conf.max_upload_bytes() // (1024 * 1024)} MB.",
                    code="file_too_large",
                )
            name = request.POST.get("new_source", "").strip()
            chosen = request.POST.get("source", "")
            source = (
                services.source_named(actor=request.user, issuer=issuer, name=name)
                if name
                else object_from(ImportSource, request.POST, "source", issuer=issuer)
                if chosen
                else None
            )
            if source is None:
                raise DomainError("Hãy chọn nguồn dữ liệu hoặc ghi tên nguồn mới.", code="no_source")
            job = services.start_import(
                actor=request.user,
                issuer=issuer,
                source=source,
                filename=upload.name or "tep.csv",
                data=upload,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            jobs.launch(job.pk)
            return redirect("tthc:job", pk=job.pk)
    return render(
        request,
        "tthc/import.html",
        {"sources": sources, "jobs": queries.recent_jobs(issuer), "max_mb": conf.max_upload_bytes() // 2**20},
    )


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress (polled by HTMX while it runs), then its outcome with every bad row."""
    issuer = _issuer(request, "tthc.import")
    found = get_object_or_404(ImportJob.objects.select_related("source"), pk=pk, issuer=issuer)
    template = "tthc/_job_status.html" if request.htmx else "tthc/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": found})


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    """The import sources and their column mappings."""
    issuer = _issuer(request, "tthc.import")
    return render(request, "tthc/sources.html", {"sources": ImportSource.objects.filter(issuer=issuer)})


@login_required
def source_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a source: the header each field has in its files, and a default unit."""
    issuer = _issuer(request, "tthc.import")
    source = get_object_or_404(ImportSource, pk=pk, issuer=issuer) if pk else None
    units = Unit.objects.filter(issuer=issuer).order_by("sort_order", "name")
    if request.method == "POST":
        mapping = {f.name: request.POST.get(f"map_{f.name}", "") for f in FIELDS}
        unit_code = request.POST.get("default_unit", "")
        try:
            saved = services.save_import_source(
                actor=request.user,
                issuer=issuer,
                name=request.POST.get("name", source.name if source else ""),
                mapping=mapping,
                default_unit=units.filter(code=unit_code).first() if unit_code else None,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu nguồn dữ liệu “{saved.name}”.")
            return redirect("tthc:sources")
    rows = [(f, (source.mapping or {}).get(f.name, "") if source else "") for f in FIELDS]
    return render(request, "tthc/source_form.html", {"source": source, "rows": rows, "units": units})
