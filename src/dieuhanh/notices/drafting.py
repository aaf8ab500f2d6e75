"""Composing a notice's text from the session record, with sentence templates each issuing body can edit.

The body is a list of paragraphs ``{"style": ..., "runs": [{"text", "bold", "italic"}]}``; styles are ``basis``
(legal bases, italic), ``body``, ``section`` (bold), ``item`` (bold) and ``closing``.
"""

from __future__ import annotations

from typing import Any

from django.template import Context, Template

from dieuhanh.meetings.export import default_recipients, notice_title
from dieuhanh.meetings.models import AgendaItem, BlockKind, ConclusionBlock, ItemOutcome, Meeting
from dieuhanh.meetings.voting import tally
from dieuhanh.org.models import level_word
from dieuhanh.vn.dates import format_short

from .models import NoticeSettings

DEFAULT_SESSION = (
    "Ngày {{ date }}, {{ committee }} {{ place }} tổ chức {{ meeting_name }}. Trên cơ sở các báo cáo do "
    "{{ presenters }} trình tại phiên họp; trên cơ sở ý kiến phát biểu, thảo luận của các đại biểu và ý kiến thảo "
    "luận, biểu quyết của các thành viên {{ committee }}, Chủ tịch {{ committee }} kết luận, thông báo như sau:"
)
DEFAULT_APPROVAL = (
    "{{ result }} nội dung dự thảo báo cáo của {{ presenter }} trình tại phiên họp; tiếp thu ý kiến của các đại "
    "biểu, "
)
DEFAULT_CLOSING = "Trên đây là nội dung kết luận của Chủ tịch {{ committee }} tại {{ meeting_name }}."
PURPOSE_NOTES = {"for_report": " (b/c)", "for_action": " (t/h)", "for_information": " (để biết)"}


def paragraph(text: str, style: str = "body", *, bold: bool = False, italic: bool = False) -> dict[str, Any]:
    """One paragraph of a single run."""
    return {"style": style, "runs": [{"text": text, "bold": bold, "italic": italic}]}


def paragraph_text(par: dict[str, Any]) -> str:
    return "".join(run["text"] for run in par["runs"])


def settings_for(meeting: Meeting) -> NoticeSettings:
    found = NoticeSettings.objects.filter(issuer=meeting.issuer).first()
    return found or NoticeSettings(issuer=meeting.issuer)


def _render(template: str, context: dict[str, Any]) -> str:
    return " ".join(Template(template).render(Context(context, autoescape=False)).split())


def _meeting_name(meeting: Meeting) -> str:
    if meeting.period and meeting.kind == "administrative":
        return f"phiên họp hành chính tháng {meeting.period.month}/{meeting.period.year}"
    if meeting.period:
        return f"phiên họp {meeting.get_kind_display().lower()} tháng {meeting.period.month}/{meeting.period.year}"
    return f"phiên họp {meeting.get_kind_display().lower()} ngày {format_short(meeting.held_on)}"


def _context(meeting: Meeting) -> dict[str, Any]:
    items = AgendaItem.objects.filter(section__meeting=meeting)
    presenters = list(dict.fromkeys(i.presenter_label for i in items if i.presenter_label))
    return {
        "committee": f"UBND {level_word(meeting.issuer)}",
        "place": meeting.issuer.place_name,
        "date": format_short(meeting.held_on),
        "meeting_name": _meeting_name(meeting),
        "presenters": ", ".join(presenters) or "các cơ quan, đơn vị",
    }


def _block_text(block: ConclusionBlock) -> str:
    directive = block.directive
    core = directive.text if directive is not None else ""
    lead = f"{block.lead_in} " if block.lead_in else ""
    return f"{lead}{core}{block.text if directive is not None else ''}".strip()


def compose_body(meeting: Meeting) -> list[dict[str, Any]]:
    """The notice's paragraphs from the meeting: bases, session paragraph, sections, items, closing."""
    config = settings_for(meeting)
    context = _context(meeting)
    body: list[dict[str, Any]] = []
    bases = [b.strip().rstrip(";.") for b in meeting.legal_bases if b.strip()]
    if config.legal_bases_inline and bases:
        body.append(paragraph("; ".join(bases) + ";", "basis", italic=True))
    else:
        for index, basis in enumerate(bases):
            body.append(paragraph(basis + ("." if index == len(bases) - 1 else ";"), "basis", italic=True))
    body.append(paragraph(meeting.summary or _render(config.session_template or DEFAULT_SESSION, context)))
    blocks = list(
        ConclusionBlock.objects.filter(meeting=meeting)
        .select_related("directive", "item")
        .order_by("item_id", "position", "pk")
    )
    for section in meeting.sections.prefetch_related("items"):
        body.append(
            paragraph(
                f"{section.label}. {section.title}" if section.label else section.title, "section", bold=True
            )
        )
        for item in section.items.all():
            body.append(paragraph(f"{item.label}. {item.title}", "item", bold=True))
            if item.outcome == ItemOutcome.POSTPONED and item.postponed_to:
                body.append(
                    paragraph(
                        f"Nội dung này được hoãn, trình lại tại phiên họp tháng {item.postponed_to.month}/{item.postponed_to.year}."
                    )
                )
            for block in sorted(
                (b for b in blocks if b.item_id == item.pk), key=lambda b: (b.position, b.pk)
            ):
                if block.kind == BlockKind.APPROVAL:
                    lead = _render(
                        config.approval_template or DEFAULT_APPROVAL,
                        {**context, "result": tally(item).wording, "presenter": item.presenter_label},
                    )
                    finalize = block.directive.text if block.directive else ""
                    text = f"{lead} {finalize}{block.text}" if finalize else lead.rstrip(", ") + block.text
                    body.append(paragraph(" ".join(text.split())))
                elif block.kind == BlockKind.DIRECTIVE:
                    body.append(paragraph(_block_text(block)))
                else:
                    body.append(paragraph(block.text))
            if item.decision:
                body.append(paragraph(item.decision))
    closing = [_render(config.closing_template or DEFAULT_CLOSING, context)]
    closing += [_block_text(b) for b in blocks if b.item_id is None and b.kind != BlockKind.TEXT]
    closing += [b.text for b in blocks if b.item_id is None and b.kind == BlockKind.TEXT]
    text = " ".join(closing)
    body.append(paragraph(text if text.endswith("./.") else text.rstrip(".") + "./.", "closing"))
    return body


def recipients_for(meeting: Meeting) -> list[dict[str, Any]]:
    """The distribution: the body's default list when it has one, else the usual list for its level."""
    config = settings_for(meeting)
    return list(config.default_recipients) or default_recipients(meeting)


def recipient_line(recipient: dict[str, Any], last: bool) -> str:
    """'- Thường trực Huyện ủy (b/c);' — the last line ends with a full stop."""
    note = PURPOSE_NOTES.get(recipient.get("purpose") or "", "")
    return f"- {recipient['name']}{note}{'.' if last else ';'}"


def draft_title(meeting: Meeting) -> str:
    return notice_title(meeting)


def fold_text(notice: Any) -> str:
    """The folded text the portal searches (number, title, body)."""
    from dieuhanh.vn.text import fold

    return fold(" ".join([notice.number_symbol, notice.title, *[paragraph_text(p) for p in notice.body]]))
