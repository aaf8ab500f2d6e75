"""Charts as inline SVG (no script, no CDN): status bars and the monthly trend. Built here so the pages stay
plain templates; every text is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .status import AssignmentStatus

COLOURS = {
    "not_started": "#8c8c8c",
    "in_progress": "#2f6db5",
    "overdue": "#b3261e",
    "done_on_time": "#1e6b34",
    "done_late": "#c77c02",
    "ongoing": "#6b4fa3",
    "cancelled": "#bdbdbd",
    "superseded": "#d6d6d6",
    "issued": "#2f6db5",
    "on_time": "#1e6b34",
    "late": "#c77c02",
}


def status_bars(totals: Mapping[str, int], title: str = "Nhiệm vụ theo tình trạng") -> SafeString:
    """Horizontal bars, one per status, labelled with the count."""
    rows = [(s, totals.get(s.value, 0)) for s in AssignmentStatus]
    peak = max([n for _, n in rows] + [1])
    width, bar_h, gap, label_w = 640, 22, 8, 210
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (status, count) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = 0 if count == 0 else max(2, round((width - label_w - 60) * count / peak))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="14">{escape(status.label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{COLOURS[status.value]}" rx="2">'
            f"<title>{escape(status.label)}: {count}</title></rect>"
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="14" data-status="{status.value}">{count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_chart(
    months: Sequence[Mapping[str, Any]], title: str = "Nhiệm vụ đến hạn theo tháng"
) -> SafeString:
    """Per month: a stacked column of assignments due that month (on time, late, still overdue) beside a thin
    column of those issued that month."""
    if not months:
        return mark_safe("")
    peak = max([max(m["due"], m["issued"]) for m in months] + [1])
    width, height, left, bottom, top = 680, 240, 36, 36, 14
    plot_h = height - bottom - top
    step = (width - left - 10) / len(months)
    col = step * 0.42
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 24}" width="100%" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 6}" y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11">{peak}</text>',
    ]
    for i, m in enumerate(months):
        x = left + i * step + 4
        y = top + plot_h
        for key in ("on_time", "late", "overdue"):
            h = plot_h * m[key] / peak
            if h:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{COLOURS[key if key != "overdue" else "overdue"]}">'
                    f"<title>{m['month']:%m/%Y} — {key}: {m[key]}</title></rect>"
                )
        rest = m["due"] - m["on_time"] - m["late"] - m["overdue"]
        if rest > 0:
            h = plot_h * rest / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{col:.1f}" height="{h:.1f}" fill="#c9c9c9">'
                f"<title>{m['month']:%m/%Y} — khác: {rest}</title></rect>"
            )
        h_issued = plot_h * m["issued"] / peak
        parts.append(
            f'<rect x="{x + col + 2:.1f}" y="{top + plot_h - h_issued:.1f}" width="{col / 3:.1f}" height="{h_issued:.1f}"'
            f' fill="{COLOURS["issued"]}"><title>{m["month"]:%m/%Y} — giao mới: {m["issued"]}</title></rect>'
            f'<text x="{x + col / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">'
            f"{m['month']:%m/%y}</text>"
        )
    legend = [("on_time", "Hoàn thành đúng hạn"), ("late", "Hoàn thành quá hạn"), ("overdue", "Còn quá hạn"),
              ("issued", "Giao mới")]  # fmt: skip
    for i, (key, text) in enumerate(legend):
        lx = left + i * 160
        parts.append(
            f'<rect x="{lx}" y="{height + 6}" width="12" height="12" fill="{COLOURS[key]}"/>'
            f'<text x="{lx + 16}" y="{height + 16}" font-size="12">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
