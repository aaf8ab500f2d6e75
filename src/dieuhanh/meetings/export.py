"""A meeting's record as a ``dieuhanh.notice/1`` document: the same shape an imported notice has."""

from __future__ import annotations

import re
from typing import Any

from dieuhanh.directives.models import Directive
from dieuhanh.org.models import MembershipRole, level_word
from dieuhanh.org.queries import office_chief
from dieuhanh.vn.abbrev import canonical_name

from .models import AgendaItem, Meeting, MeetingKind
from .voting import tally

SCHEMA = "dieuhanh.notice/1"
_BASIS_LEAD = re.compile(r"^\s*(Thực hiện|Căn cứ)\s+", re.IGNORECASE)
# "… ngày 19/6/2015 và Luật sửa đổi …": a new legal act starts after "và" or ";".
_BASIS_SPLIT = re.compile(
    r"\s*;\s*(?:(?:Thực hiện|Căn cứ)\s+)?|\s+và\s+(?=(?:Luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Quy chế|Kế hoạch)\b)"
)
_GROUP_NAMES = {
    "communes": "UBND các xã, thị trấn",
    "departments": "các phòng chuyên môn",
    "units": "các cơ quan, đơn vị",
    "all": "các cấp, các ngành",
}
_ROLES = {"chair": "chair", "vice_chair": "chair", "head": "head", "member": None}


def split_legal_bases(lines: list[str]) -> list[str]:
    """One clause per legal act, without the leading 'Thực hiện'/'Căn cứ' and the trailing punctuation."""
    clauses: list[str] = []
    for line in lines:
        body = _BASIS_LEAD.sub("", line.strip()).rstrip(" ;.")
        clauses.extend(part.strip(" ;.") for part in _BASIS_SPLIT.split(body) if part and part.strip(" ;."))
    return clauses


def notice_title(meeting: Meeting) -> str:
    """The summary line: the meeting's own title or 'Kết quả phiên họp … tháng 8 năm 2021'."""
    if meeting.title:
        return meeting.title
    committee = f"UBND {level_word(meeting.issuer)}"
    if meeting.kind == MeetingKind.ADMINISTRATIVE and meeting.period:
        return f"Kết quả phiên họp hành chính tháng {meeting.period.month} năm {meeting.period.year}"
    when = (
        f"tháng {meeting.period.month} năm {meeting.period.year}"
        if meeting.period
        else f"ngày {meeting.held_on:%d/%m/%Y}"
    )
    kind = str(MeetingKind(meeting.kind).label).lower().replace("phiên họp ", "")
    return f"Kết luận của Chủ tịch {committee} tại phiên họp {kind} {when}"


def unit_json(directive_assignee: Any) -> dict[str, Any]:
    if directive_assignee.unit is not None:
        unit = directive_assignee.unit
        return {"name": canonical_name(unit.short_name or unit.name), "code": unit.code}
    data: dict[str, Any] = {
        "name": _GROUP_NAMES.get(directive_assignee.group, directive_assignee.mention),
        "group": directive_assignee.group,
    }
    role = _ROLES.get(directive_assignee.person_role)
    if role:
        data["role"] = role
    return data


def directive_json(directive: Directive) -> dict[str, Any]:
    return {
        "item": directive.item.key if directive.item is not None else None,
        "kind": directive.kind,
        "verb": directive.verb,
        "assignees": [unit_json(a) for a in directive.assignees.all()],
        "text": directive.text,
        "deadline": directive.deadline.isoformat() if directive.deadline else None,
    }


def default_recipients(meeting: Meeting) -> list[dict[str, Any]]:
    """The usual distribution of a session notice of this body."""
    word = level_word(meeting.issuer)
    party = {"huyện": "Huyện ủy", "tỉnh": "Tỉnh ủy"}.get(word, "Đảng ủy")
    rows: list[dict[str, Any]] = [
        {"name": f"Thường trực {party}", "purpose": "for_report"},
        {"name": f"Chủ tịch, các phó CT UBND {word}", "purpose": "for_report"},
        {"name": f"Các thành viên UBND {word}", "purpose": "for_action"},
        {"name": "Các cơ quan, đơn vị liên quan", "purpose": None},
    ]
    if meeting.issuer.level != "commune":
        rows.append({"name": "UBND các xã, thị trấn", "purpose": None})
    rows.append({"name": "Lưu: VT", "purpose": "archive"})
    return rows


def chair_json(meeting: Meeting) -> dict[str, Any] | None:
    chair = meeting.chair
    if chair is None:
        return None
    seat = chair.seats.filter(committee=meeting.issuer, start__lte=meeting.held_on).order_by("-start").first()
    committee = f"UBND {level_word(meeting.issuer)}"
    title = f"{MembershipRole(seat.role).label} {committee}" if seat else chair.title
    return {"name": chair.full_name, "title": title}


def item_json(item: AgendaItem) -> dict[str, Any]:
    presenter = None
    if item.presenter_label or item.presenter:
        presenter = {"name": canonical_name(item.presenter_label or item.presenter.name)}  # type: ignore[union-attr]
        if item.presenter is not None:
            presenter["code"] = item.presenter.code
    approval = None
    if item.outcome == "concluded":
        result = tally(item)
        approval = {"agreed": result.approved, "percent": result.percent}
    return {"label": item.label, "title": item.title, "presenter": presenter, "approval": approval}


def export_meeting(meeting: Meeting) -> dict[str, Any]:
    """The meeting as a ``dieuhanh.notice/1`` document (number, date and signer from its notice once issued)."""
    issuer = meeting.issuer
    sections = []
    for section in meeting.sections.prefetch_related("items__presenter", "items__votes"):
        sections.append(
            {
                "label": section.label,
                "title": section.title,
                "items": [item_json(i) for i in section.items.all()],
            }
        )
    directives = [
        directive_json(d)
        for d in Directive.objects.filter(meeting=meeting)
        .select_related("item__section")
        .prefetch_related("assignees__unit")
    ]
    signer = office_chief(meeting.issuer)
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "issuer": {"name": issuer.short_name or issuer.name, "level": issuer.level, "code": issuer.code},
        "doc_type": "TB",
        "number": None,
        "place": None,
        "issued_on": None,
        "title": notice_title(meeting),
        "meeting": {
            "kind": meeting.kind,
            "held_on": meeting.held_on.isoformat(),
            "period": meeting.period.strftime("%Y-%m") if meeting.period else None,
            "chair": chair_json(meeting),
        },
        "legal_bases": split_legal_bases(list(meeting.legal_bases)),
        "sections": sections,
        "directives": directives,
        "signature": {
            "authority": "TL. CHỦ TỊCH" if signer else None,
            "title": "CHÁNH VĂN PHÒNG" if signer else None,
            "name": signer.full_name if signer else None,
        },
        "recipients": default_recipients(meeting),
    }
    notice = getattr(meeting, "notice", None)
    if notice is not None and hasattr(notice, "apply_to_export"):
        notice.apply_to_export(document)
    return document
