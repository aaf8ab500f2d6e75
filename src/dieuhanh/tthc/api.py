"""The TTHC API: statistics and rankings of a period, and the progress of an import (the same queries and
rules as the pages: the office, leaders and viewers of the issuing body)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from dieuhanh.api.params import Code, PathId
from dieuhanh.core.errors import PermissionDenied

from . import queries
from .models import ImportJob
from .periods import Period

router = Router(tags=["Thủ tục hành chính"])


class JobOut(Schema):
    id: int
    filename: str
    source: str
    status: str
    phase: str
    percent: int
    rows: int
    inserted: int
    updated: int
    error_count: int
    errors: list[dict[str, Any]]
    message: str


def _issuer(request: HttpRequest, perm: str = "tthc.view") -> Any:
    issuer = queries.issuer_for(request.user)
    if not request.user.has_perm(perm, issuer):
        raise PermissionDenied()
    return issuer


@router.get("/periods", response=list[str], summary="Các tháng có hồ sơ")
def periods(request: HttpRequest) -> list[str]:
    return queries.available_periods(_issuer(request))


@router.get("/snapshot/{period}", response=dict[str, Any], summary="Số liệu, so sánh và xếp hạng của một kỳ")
def snapshot(request: HttpRequest, period: Code) -> dict[str, Any]:
    return queries.snapshot(_issuer(request), Period.parse(period))


@router.get("/imports/{job_id}", response=JobOut, summary="Tiến độ và kết quả một lần nhập")
def import_job(request: HttpRequest, job_id: PathId) -> dict[str, Any]:
    job = get_object_or_404(
        ImportJob.objects.select_related("source"), pk=job_id, issuer=_issuer(request, "tthc.import")
    )
    return {
        "id": job.pk, "filename": job.filename, "source": job.source_name, "status": job.status, "phase": job.phase,
        "percent": job.percent, "rows": job.rows, "inserted": job.inserted, "updated": job.updated,
        "error_count": job.error_count, "errors": job.errors, "message": job.message,
    }  # fmt: skip
