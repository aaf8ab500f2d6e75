"""The Chair's conclusions: opinions, directives on items, conclusion paragraphs, concluding the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.directives.models import AssigneeRole, Directive, DirectiveAssignee, DirectiveKind, Verb
from dieuhanh.org.models import Person, Unit, level_word
from dieuhanh.org.resolver import resolve

from .models import AgendaItem, BlockKind, ConclusionBlock, ItemOutcome, Meeting, MeetingStatus, Opinion
from .services import advance, ensure_editable, records_refusals, refuse, require
from .voting import tally


@records_refusals
@transaction.atomic
def record_opinion(
    *, actor: Any, item: AgendaItem, gist: str, speaker: Person | None = None, speaker_name: str = ""
) -> Opinion:
    """Note what a delegate said on an item."""
    meeting = item.section.meeting
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "opinion.add")
    gist = gist.strip()
    name = " ".join((speaker_name or (speaker.full_name if speaker else "")).split())
    if not gist or not name:
        raise DomainError("Cần ghi người phát biểu và nội dung chính.", code="opinion_incomplete")
    opinion = Opinion.objects.create(
        item=item, speaker=speaker, speaker_name=name, gist=gist, recorded_by=actor
    )
    audit.record(actor=actor, action="opinion.add", obj=meeting, after={"item": item.key, "speaker": name})
    return opinion


def _next_block_position(meeting: Meeting, item: AgendaItem | None) -> int:
    return (
        ConclusionBlock.objects.filter(meeting=meeting, item=item).aggregate(m=Max("position"))["m"] or 0
    ) + 1


AssigneeSpec = Mapping[str, Any]


def _assignees(meeting: Meeting, specs: Iterable[AssigneeSpec | str], on: dt.date) -> list[DirectiveAssignee]:
    """Assignee rows from mentions ('Chủ tịch UBND các xã, thị trấn') or explicit units/groups."""
    rows: list[DirectiveAssignee] = []
    for spec in specs:
        if isinstance(spec, str):
            spec = {"mention": spec}
        role = spec.get("role", AssigneeRole.LEAD)
        unit: Unit | None = spec.get("unit")
        if unit is not None or spec.get("group"):
            rows.append(
                DirectiveAssignee(
                    unit=unit,
                    group=spec.get("group", ""),
                    person_role=spec.get("person_role", ""),
                    role=role,
                    mention=spec.get("mention", unit.short_name if unit else ""),
                )
            )
            continue
        mention = str(spec.get("mention", "")).strip()
        result = resolve(mention, meeting.issuer, on=on)
        if not result.matches:
            hint = "; ".join(s.name for s in result.suggestions[:3])
            raise DomainError(
                f"Không xác định được đơn vị “{mention}”." + (f" Có phải: {hint}?" if hint else ""),
                code="assignee_unknown",
            )
        for match in result.matches:
            rows.append(
                DirectiveAssignee(
                    unit=match.unit,
                    group=match.group or "",
                    person_role=match.role or "",
                    role=role,
                    mention=mention,
                )
            )
    if not rows:
        raise DomainError("Nhiệm vụ phải có ít nhất một đơn vị thực hiện.", code="assignee_missing")
    return rows


@records_refusals
@transaction.atomic
def add_directive(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    assignees: Iterable[AssigneeSpec | str],
    item: AgendaItem | None = None,
    verb: str = Verb.ASSIGN,
    kind: str = DirectiveKind.TASK,
    deadline: dt.date | None = None,
    ongoing: bool = False,
    reporting_cycle: str = "",
    lead_in: str = "",
    tail: str = ".",
    in_approval: bool = False,
) -> Directive:
    """Record a directive of the Chair on an item (or in the closing part) with its assignees and deadline.

    ``lead_in`` is the text before the trigger word in its paragraph ("… Chủ tịch UBND huyện đã kết luận");
    ``tail`` is what follows the clause in its paragraph (its closing punctuation by default);
    ``in_approval`` puts a finalize-report directive inside the approval paragraph, as notices write it.
    """
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "directive.add")
    text = " ".join(text.split())
    if not text:
        raise DomainError("Nội dung nhiệm vụ không được để trống.", code="directive_text_missing")
    if verb not in Verb.values:
        raise DomainError(f"Từ giao việc “{verb}” không hợp lệ.", code="invalid_verb")
    if kind not in DirectiveKind.values:
        raise DomainError(f"Loại nhiệm vụ “{kind}” không hợp lệ.", code="invalid_kind")
    if ongoing and deadline:
        raise DomainError("Nhiệm vụ thường xuyên không có hạn hoàn thành.", code="deadline_and_ongoing")
    if item is not None and item.section.meeting_id != meeting.pk:
        raise DomainError("Nội dung không thuộc phiên họp này.", code="item_other_meeting")
    rows = _assignees(meeting, assignees, meeting.held_on)
    position = (
        Directive.objects.filter(meeting=meeting, item=item).aggregate(m=Max("position"))["m"] or 0
    ) + 1
    directive = Directive.objects.create(
        issuer=meeting.issuer,
        meeting=meeting,
        item=item,
        verb=verb,
        kind=kind,
        text=text,
        deadline=deadline,
        ongoing=ongoing,
        reporting_cycle=reporting_cycle,
        position=position,
        created_by=actor,
    )
    for index, row in enumerate(rows):
        row.directive = directive
        row.position = index
    DirectiveAssignee.objects.bulk_create(rows)
    if not in_approval:
        ConclusionBlock.objects.create(
            meeting=meeting,
            item=item,
            position=_next_block_position(meeting, item),
            kind=BlockKind.DIRECTIVE,
            directive=directive,
            lead_in=" ".join(lead_in.split()),
            text=tail,
        )
    audit.record(
        actor=actor,
        action="directive.add",
        obj=meeting,
        after={
            "item": item.key if item else None,
            "kind": kind,
            "text": text,
            "assignees": [r.mention for r in rows],
        },
    )
    return directive


@records_refusals
@transaction.atomic
def add_paragraph(
    *, actor: Any, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> ConclusionBlock:
    """Add a paragraph of the Chair's conclusion that assigns nothing (an assessment, a commendation)."""
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "conclusion.paragraph")
    text = " ".join(text.split())
    if not text:
        raise DomainError("Đoạn văn không được để trống.", code="paragraph_empty")
    block = ConclusionBlock.objects.create(
        meeting=meeting,
        item=item,
        position=_next_block_position(meeting, item),
        kind=BlockKind.TEXT,
        text=text,
    )
    audit.record(
        actor=actor, action="conclusion.paragraph", obj=meeting, after={"item": item.key if item else None}
    )
    return block


def finalize_text(item: AgendaItem) -> str:
    """The proposed finalize-report clause for an approved draft report."""
    meeting = item.section.meeting
    who = item.presenter_label or (item.presenter.short_name if item.presenter else "đơn vị trình")
    return f"giao {who} hoàn thiện báo cáo, trình Lãnh đạo UBND {level_word(meeting.issuer)} duyệt ban hành"


@records_refusals
@transaction.atomic
def conclude_item(
    *,
    actor: Any,
    item: AgendaItem,
    outcome: str = ItemOutcome.CONCLUDED,
    decision: str = "",
    finalize: str | None = None,
    finalize_tail: str = ".",
    postponed_to: dt.date | None = None,
) -> AgendaItem:
    """Record the Chair's conclusion on an item. An approved draft report gets its finalize-report directive
    to the presenter (``finalize`` overrides the proposed wording; '' proposes none)."""
    meeting = item.section.meeting
    require(actor, "meetings.conclude", meeting.issuer)
    ensure_editable(actor, meeting, "item.conclude")
    if outcome not in ItemOutcome.values or outcome == ItemOutcome.PENDING:
        raise DomainError("Kết quả không hợp lệ.", code="invalid_outcome")
    if outcome == ItemOutcome.POSTPONED and postponed_to is None:
        raise DomainError("Hoãn nội dung: cần ghi tháng sẽ trình lại.", code="postponed_month_missing")
    result = tally(item)
    if outcome == ItemOutcome.CONCLUDED and not result.approved:
        raise refuse(
            actor,
            meeting,
            "item.conclude.refused",
            "Chưa có kết quả biểu quyết thông qua (hoặc Chủ tịch chưa kết luận thống nhất).",
            "not_approved",
        )
    item.outcome = outcome
    item.decision = " ".join(decision.split())
    item.postponed_to = postponed_to.replace(day=1) if postponed_to else None
    item.vote_open = False
    item.save(update_fields=["outcome", "decision", "postponed_to", "vote_open"])
    if outcome == ItemOutcome.CONCLUDED and item.has_draft_report:
        has_block = ConclusionBlock.objects.filter(item=item, kind=BlockKind.APPROVAL).exists()
        directive = None
        wording = finalize_text(item) if finalize is None else finalize
        if (
            wording
            and item.presenter is not None
            and not item.directives.filter(kind=DirectiveKind.FINALIZE_REPORT).exists()
        ):
            directive = add_directive(
                actor=actor,
                meeting=meeting,
                item=item,
                text=wording,
                kind=DirectiveKind.FINALIZE_REPORT,
                assignees=[{"unit": item.presenter, "mention": item.presenter_label}],
                in_approval=True,
            )
        if not has_block:
            ConclusionBlock.objects.create(
                meeting=meeting,
                item=item,
                position=0,
                kind=BlockKind.APPROVAL,
                directive=directive,
                text=finalize_tail,
            )
    audit.record(
        actor=actor,
        action="item.conclude",
        obj=meeting,
        after={"item": item.key, "outcome": outcome, "result": result.wording},
    )
    return item


@records_refusals
@transaction.atomic
def conclude_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """Close the session: every item must have an outcome."""
    meeting.refresh_from_db(fields=["status"])
    pending = [
        i.key for i in AgendaItem.objects.filter(section__meeting=meeting, outcome=ItemOutcome.PENDING)
    ]
    if pending:
        raise refuse(
            actor,
            meeting,
            "meeting.status.refused",
            "Còn nội dung chưa kết luận: " + ", ".join(pending) + ".",
            "items_pending",
        )
    if meeting.status != MeetingStatus.IN_SESSION:
        raise refuse(actor, meeting, "meeting.status.refused", "Phiên họp chưa bắt đầu.", "not_in_session")
    return advance(actor=actor, meeting=meeting, to=MeetingStatus.CONCLUDED)
