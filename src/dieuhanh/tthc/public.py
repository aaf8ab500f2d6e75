"""The public TTHC pages of the portal (no login): the published results of a period with the two rankings and
their charts, the open data (CSV and JSON) and the radio bulletin. They show a period as it was published."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dieuhanh.core.tables import write_csv

from . import bulletin, charts, queries
from .engine import STAT_FIELDS
from .models import Publication

OPEN_DATA_FIELDS = (
    "period", "group", "rank", "unit_code", "name", *STAT_FIELDS, "resolved", "pending", "on_time_rate",
    "late_rate", "progress_rate", "progress_score", "band", "follow_up",
)  # fmt: skip
GROUP_LABELS = {"departments": "Cơ quan, đơn vị", "communes": "Xã, phường, thị trấn"}


def _published(request: HttpRequest, period: str) -> Publication:
    found = queries.publication(period, request.GET.get("co-quan") or None)
    if found is None:
        raise Http404("Kỳ này chưa được công khai.")
    return found


def index(request: HttpRequest) -> HttpResponse:
    """The published periods, newest first."""
    return render(request, "tthc/public_index.html", {"publications": queries.publications()})


def period_page(request: HttpRequest, period: str) -> HttpResponse:
    """The published results of a period: totals, both rankings with charts, the rules, the open data."""
    published = _published(request, period)
    snap = published.snapshot
    groups = []
    for block in snap["groups"]:
        ranked = queries.unit_rows(snap, block["group"], ranked_only=True)
        others = [u for u in queries.unit_rows(snap, block["group"]) if u["rank"] is None]
        chart = charts.result_bars(ranked, f"{block['title']}: kết quả giải quyết hồ sơ {snap['title']}")
        groups.append({**block, "rows": ranked, "others": others, "chart": chart})
    return render(
        request,
        "tthc/public_period.html",
        {"publication": published, "snap": snap, "groups": groups, "flagged": queries.flagged(snap)},
    )


def _rows(snap: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"period": snap["period"], **{k: u.get(k) for k in OPEN_DATA_FIELDS if k != "period"}}
        for u in snap["units"]
    ]


def open_data_csv(request: HttpRequest, period: str) -> HttpResponse:
    """One line per unit: the period's counts, rates, ranks (UTF-8 with a BOM, for Excel)."""
    published = _published(request, period)
    rows = _rows(published.snapshot)
    data = write_csv(OPEN_DATA_FIELDS, [[row[k] for k in OPEN_DATA_FIELDS] for row in rows])
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tthc-{published.period}.csv"'
    return response


def open_data_json(request: HttpRequest, period: str) -> JsonResponse:
    """The published snapshot as JSON (format ``dieuhanh.tthc/1``)."""
    published = _published(request, period)
    snap = published.snapshot
    payload = {
        **snap,
        "units": [{k: v for k, v in u.items() if k != "follow_up_directive"} for u in snap["units"]],
        "published_at": published.published_at.isoformat(timespec="seconds"),
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})


def bulletin_text(request: HttpRequest, period: str) -> HttpResponse:
    """The radio bulletin of the published period, for the district radio station."""
    published = _published(request, period)
    text = bulletin.bulletin_text(published.snapshot)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
