"""Template helpers of the directives pages: status labels and tones, Vietnamese short dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from dieuhanh.directives.status import TONES, AssignmentStatus
from dieuhanh.vn.dates import format_short

register = template.Library()


@register.filter
def status_label(value: Any) -> str:
    """'Đang thực hiện quá hạn' for 'overdue'."""
    try:
        return str(AssignmentStatus(str(value)).label)
    except ValueError:
        return ""


@register.filter
def status_tone(value: Any) -> str:
    """The colour class of a status."""
    try:
        return TONES[AssignmentStatus(str(value))]
    except ValueError:
        return "neutral"


@register.filter
def vndate(value: dt.date | None) -> str:
    """'09/8/2021' as offices write dates in running text; '' for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_short(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (0 when missing)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0
