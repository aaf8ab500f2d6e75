"""Charts of the TTHC pages as inline SVG (no script, no CDN): one bar per unit showing how its resolved
dossiers split into early, on time and late, labelled with the on-time rate. Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .formats import pct

COLOURS = {"resolved_early": "#1e6b34", "resolved_on_time": "#6aa84f", "resolved_late": "#c77c02"}
LEGEND = (("resolved_early", "Trước hạn"), ("resolved_on_time", "Đúng hạn"), ("resolved_late", "Quá hạn"))


def result_bars(rows: Sequence[dict[str, Any]], title: str) -> SafeString:
    """Horizontal 100% bars per unit (in the given order): early, on time, late shares of resolved dossiers."""
    if not rows:
        return mark_safe("")
    width, bar_h, gap, label_w, value_w = 720, 18, 7, 230, 70
    plot_w = width - label_w - value_w
    height = len(rows) * (bar_h + gap) + gap + 30
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]
    for i, row in enumerate(rows):
        y = gap + i * (bar_h + gap)
        name = escape(row["short_name"])
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="13">{name}</text>')
        resolved = row["resolved"] or 0
        x = float(label_w)
        for key, label in LEGEND:
            share = (row[key] / resolved) if resolved else 0.0
            w = plot_w * share
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[key]}">'
                    f"<title>{name} — {escape(label)}: {row[key]}</title></rect>"
                )
                x += w
        if not resolved:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{bar_h}" fill="#e5e5e5"/>')
        rate = escape(pct(row["on_time_rate"], 1))
        parts.append(
            f'<text x="{label_w + plot_w + 6}" y="{y + 14}" font-size="13" data-unit="{escape(row["unit_code"])}">'
            f"{rate}</text>"
        )
    legend_y = height - 16
    for i, (key, label) in enumerate(LEGEND):
        lx = label_w + i * 120
        parts.append(
            f'<rect x="{lx}" y="{legend_y}" width="12" height="12" fill="{COLOURS[key]}"/>'
            f'<text x="{lx + 16}" y="{legend_y + 11}" font-size="12">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
