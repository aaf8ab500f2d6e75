"""Template helpers of the directives pages: status labels and tones, Vietnamese short dates."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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


ACTION_LABELS = {
    "assignment.create": "Giao nhiệm vụ",
    "assignment.deadline": "Đổi hạn hoàn thành",
    "assignment.cancelled": "Hủy nhiệm vụ",
    "assignment.superseded": "Thay thế nhiệm vụ",
    "assignment.final_report": "Ghi nhận báo cáo đã ban hành",
    "progress.report": "Báo cáo tiến độ",
    "progress.completion": "Báo cáo hoàn thành",
    "completion.confirm": "Xác nhận hoàn thành",
    "completion.return": "Trả lại báo cáo hoàn thành",
    "extension.request": "Đề nghị gia hạn",
    "extension.approve": "Đồng ý gia hạn",
    "extension.refuse": "Không đồng ý gia hạn",
}
FIELD_LABELS = {
    "unit_id": "Đơn vị (mã số)",
    "role": "Vai trò",
    "person_role": "Giao cho",
    "deadline": "Hạn hoàn thành",
    "original_deadline": "Hạn ban đầu",
    "ongoing": "Thường xuyên",
    "reporting_cycle": "Kỳ báo cáo",
    "started_on": "Ngày bắt đầu",
    "done_on": "Ngày hoàn thành",
    "final_document_number": "Số văn bản ban hành",
    "closed_on": "Ngày dừng theo dõi",
    "closure": "Lý do dừng",
    "closure_reason": "Giải trình",
    "superseded_by_id": "Thay bằng nhiệm vụ",
    "source": "Văn bản giao",
    "issued_on": "Ngày giao",
    "report": "Báo cáo số",
    "percent": "Tiến độ (%)",
    "text": "Nội dung",
    "files": "Tệp đính kèm",
    "note": "Ý kiến",
    "reason": "Lý do",
    "request": "Đề nghị số",
    "requested_deadline": "Hạn đề nghị",
}


@register.filter
def action_label(value: str) -> str:
    """The Vietnamese name of an audit action."""
    return ACTION_LABELS.get(value, value)


@register.filter
def field_label(value: str) -> str:
    """The Vietnamese name of a field in an audit record."""
    return FIELD_LABELS.get(value, value)


@register.filter
def days_after(deadline: dt.date | None, today: dt.date) -> int | str:
    """How many days ``today`` is past ``deadline`` ('' without a deadline)."""
    return (today - deadline).days if deadline else ""


@register.simple_tag
def options(rows: Any, selected: Any) -> SafeString:
    """``<option>`` elements for (value, label) rows or objects with ``pk`` and ``name``, in one pass (a filter
    over a thousand units renders much faster than a template loop)."""
    chosen = str(selected)
    parts = []
    for row in rows:
        value, text = (row.pk, row.name) if hasattr(row, "pk") else row
        mark = " selected" if str(value) == chosen else ""
        parts.append(f'<option value="{html.escape(str(value))}"{mark}>{html.escape(str(text))}</option>')
    return mark_safe("".join(parts))  # every value and label is escaped above


@register.filter
def urlencode_params(params: dict[str, str]) -> str:
    """A dict of query parameters as a query string."""
    from urllib.parse import urlencode

    return urlencode(params)
