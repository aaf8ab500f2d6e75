"""Writes of directives and assignments: issuing (fan-out to units), instructions given outside sessions,
deadlines, closing, the final report of a finalize-report directive.

Progress, completion and extensions are in ``progress.py``. Each function is one transaction, checks who asks
and in what state the assignment is, leaves an audit event on the assignment and refuses with a Vietnamese
message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.org.models import LEADER_ROLES, GroupKey, Person, Unit, UnitGroup
from dieuhanh.org.resolver import resolve
from dieuhanh.vn.dates import format_short

from . import files
from .models import (
    AssigneeRole,
    Assignment,
    Directive,
    DirectiveAssignee,
    DirectiveKind,
    NotificationKind,
    ReportingCycle,
    Verb,
    WrittenInstruction,
)
from .notify import notify_units
from .status import Closure

ALL_GROUP = "all"
# The facts of an assignment an audit event shows before and after a change.
AUDITED = [
    "unit_id", "role", "person_role", "deadline", "original_deadline", "ongoing", "reporting_cycle", "started_on",
    "done_on", "final_document_number", "closed_on", "closure", "closure_reason", "superseded_by_id",
]  # fmt: skip


def require(actor: Any, perm: str, obj: Any, message: str | None = None) -> None:
    """Refuse unless ``actor`` (None = the system itself) has ``perm`` on ``obj``."""
    if actor is None:
        return
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or "Bạn không có quyền thực hiện thao tác này với nhiệm vụ.")


def today() -> dt.date:
    """Today in the project's time zone."""
    return timezone.localdate()


def lock(assignment: Assignment) -> Assignment:
    """The assignment read afresh inside the transaction (rows are locked where the database can)."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("directive", "unit")
        .get(pk=assignment.pk)
    )


def record(
    actor: Any, action: str, assignment: Assignment, before: dict[str, Any] | None = None, **extra: Any
) -> None:
    """Audit a change of ``assignment`` (only the facts that changed, plus ``extra``)."""
    after = audit.snapshot(assignment, AUDITED)
    if before is not None:
        before, after = audit.diff(before, after)
    audit.record(actor=actor, action=action, obj=assignment, before=before, after={**after, **extra})


# --- issuing -------------------------------------------------------------------------------------------


class _Groups:
    """Members of an issuing body's unit groups as they were on a day, read once per call."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.cache: dict[tuple[int, str], list[Unit]] = {}

    def members(self, issuer_id: int, key: str) -> list[Unit]:
        if key == ALL_GROUP:
            merged = {
                u.pk: u for k in (GroupKey.UNITS, GroupKey.COMMUNES) for u in self.members(issuer_id, k)
            }
            return list(merged.values())
        if (issuer_id, key) not in self.cache:
            group = UnitGroup.objects.filter(issuer_id=issuer_id, key=key).first()
            units = group.members.active_on(self.on).order_by("sort_order", "name") if group else []
            self.cache[(issuer_id, key)] = list(units)
        return self.cache[(issuer_id, key)]


def _unit_on(unit: Unit, on: dt.date) -> Unit:
    """The unit itself, or the successor carrying its duties when it no longer existed on ``on``."""
    if unit.is_active_on(on):
        return unit
    successor = unit.final_successor()
    if successor.pk != unit.pk and successor.is_active_on(on):
        return successor
    raise DomainError(
        f"Đơn vị “{unit.name}” không còn hoạt động vào ngày {format_short(on)} và không có đơn vị kế thừa.",
        code="assignee_inactive",
    )


def _plan(directive: Directive, groups: _Groups) -> dict[int, Assignment]:
    """One unsaved assignment per unit the directive addresses (lead wins over support)."""
    plan: dict[int, Assignment] = {}
    for line in directive.assignees.all():
        if line.unit is not None:
            units = [_unit_on(line.unit, groups.on)]
        else:
            units = groups.members(directive.issuer_id, line.group)
        for unit in units:
            current = plan.get(unit.pk)
            if current is None:
                plan[unit.pk] = Assignment(
                    unit=unit, role=line.role, person_role=line.person_role, assignee=line
                )
            else:
                if line.role == AssigneeRole.LEAD:
                    current.role = AssigneeRole.LEAD
                current.person_role = current.person_role or line.person_role
    return plan


def _leader(directive: Directive) -> Person | None:
    if directive.meeting is not None and directive.meeting.chair_id is not None:
        return directive.meeting.chair
    instruction = getattr(directive, "instruction", None)
    return instruction.leader if instruction is not None else None


def _assign(
    *, actor: Any, directives: Sequence[Directive], issued_on: dt.date, source_label: str
) -> list[Assignment]:
    groups = _Groups(issued_on)
    existing = set(Assignment.objects.filter(directive__in=directives).values_list("directive_id", "unit_id"))
    created: list[Assignment] = []
    for directive in directives:
        leader = _leader(directive)
        for unit_id, row in _plan(directive, groups).items():
            if (directive.pk, unit_id) in existing:
                continue
            row.directive = directive
            row.issuer_id = directive.issuer_id
            row.meeting_id = directive.meeting_id
            row.leader = leader
            row.source_label = source_label[:300]
            row.issued_on = issued_on
            row.deadline = row.original_deadline = directive.deadline
            row.ongoing = directive.ongoing
            row.reporting_cycle = directive.reporting_cycle if directive.ongoing else ReportingCycle.NONE
            created.append(row)
    Assignment.objects.bulk_create(created)
    for row in created:
        audit.record(
            actor=actor, action="assignment.create", obj=row,
            after={**audit.snapshot(row, AUDITED), "source": row.source_label, "issued_on": issued_on},
        )  # fmt: skip
    texts = {a.pk: f"Nhiệm vụ mới ({a.source_label}): {a.directive.text[:300]}" for a in created}
    notify_units(created, NotificationKind.ASSIGNED, texts)
    return created


@transaction.atomic
def assign_directives(
    *,
    actor: Any,
    meeting: Any = None,
    directives: Iterable[Directive] | None = None,
    issued_on: dt.date,
    source_label: str,
) -> list[Assignment]:
    """Turn issued directives into one assignment per unit (groups expanded as on ``issued_on``); idempotent.

    Returns every assignment of the directives, those made now and those made by an earlier call.
    """
    if directives is None:
        if meeting is None:
            raise DomainError("Cần chỉ rõ phiên họp hoặc các nhiệm vụ cần giao.", code="nothing_to_assign")
        directives = meeting.directives.all()
    rows = list(
        Directive.objects.filter(pk__in=[d.pk for d in directives])
        .select_related("meeting__chair", "instruction__leader", "issuer")
        .prefetch_related(Prefetch("assignees", queryset=DirectiveAssignee.objects.select_related("unit")))
        .order_by("pk")
    )
    if meeting is not None and any(d.meeting_id != meeting.pk for d in rows):
        raise DomainError("Có nhiệm vụ không thuộc phiên họp này.", code="directive_other_meeting")
    for issuer in {d.issuer for d in rows}:
        require(actor, "directives.assign", issuer, "Chỉ Văn phòng giao nhiệm vụ theo văn bản đã ban hành.")
    _assign(actor=actor, directives=rows, issued_on=issued_on, source_label=source_label)
    return list(
        Assignment.objects.filter(directive__in=rows)
        .select_related("unit", "directive")
        .order_by("directive_id", "pk")
    )


def _assignee_rows(issuer: Unit, specs: Iterable[Any], role: str, on: dt.date) -> list[DirectiveAssignee]:
    rows: list[DirectiveAssignee] = []
    for spec in specs:
        if isinstance(spec, Unit):
            rows.append(DirectiveAssignee(unit=spec, role=role, mention=spec.display_short))
            continue
        mention = " ".join(str(spec).split())
        if not mention:
            continue
        result = resolve(mention, issuer, on=on)
        if not result.matches or result.unmatched:
            hint = "; ".join(s.name for s in result.suggestions[:3])
            unknown = result.unmatched[0] if result.unmatched else mention
            raise DomainError(
                f"Không xác định được đơn vị “{unknown}”." + (f" Có phải: {hint}?" if hint else ""),
                code="assignee_unknown",
            )
        rows += [
            DirectiveAssignee(
                unit=m.unit, group=m.group or "", person_role=m.role or "", role=role, mention=mention
            )
            for m in result.matches
        ]
    return rows


@transaction.atomic
def create_directive(
    *,
    actor: Any,
    issuer: Unit,
    leader: Person,
    text: str,
    lead: Iterable[Unit | str],
    support: Iterable[Unit | str] = (),
    document_number: str = "",
    document_date: dt.date,
    summary: str = "",
    deadline: dt.date | None = None,
    ongoing: bool = False,
    reporting_cycle: str = "",
    kind: str = DirectiveKind.TASK,
    verb: str = Verb.ASSIGN,
    attachments: Iterable[files.Upload] = (),
) -> Directive:
    """Record a directive from a leader's written instruction and assign it to the units at once."""
    require(actor, "directives.create", issuer, "Chỉ Văn phòng hoặc Lãnh đạo UBND ghi nhận văn bản chỉ đạo.")
    text = " ".join(text.split())
    if not text:
        raise DomainError("Nội dung nhiệm vụ không được để trống.", code="directive_text_missing")
    if leader.role not in LEADER_ROLES or leader.issuer.pk != issuer.pk:
        raise DomainError(
            "Người chỉ đạo phải là Chủ tịch hoặc Phó Chủ tịch của cơ quan giao.", code="bad_leader"
        )
    if kind not in DirectiveKind.values or verb not in Verb.values:
        raise DomainError("Loại nhiệm vụ hoặc từ giao việc không hợp lệ.", code="invalid_kind")
    if ongoing and deadline is not None:
        raise DomainError("Nhiệm vụ thường xuyên không có hạn hoàn thành.", code="deadline_and_ongoing")
    if reporting_cycle not in ReportingCycle.values or (reporting_cycle and not ongoing):
        raise DomainError("Kỳ báo cáo chỉ dùng cho nhiệm vụ thường xuyên.", code="bad_cycle")
    if deadline is not None and deadline < document_date:
        raise DomainError(
            "Hạn hoàn thành không được trước ngày văn bản chỉ đạo.", code="deadline_before_issue"
        )
    rows = _assignee_rows(issuer, lead, AssigneeRole.LEAD, document_date)
    if not rows:
        raise DomainError("Cần ít nhất một đơn vị chủ trì.", code="assignee_missing")
    rows += _assignee_rows(issuer, support, AssigneeRole.SUPPORT, document_date)
    checked = files.check_all(attachments)
    number = " ".join(document_number.split())
    source = f"Văn bản {'số ' + number + ' ' if number else ''}ngày {format_short(document_date)}"
    if summary.strip():
        source += f" ({' '.join(summary.split())})"
    directive = Directive.objects.create(
        issuer=issuer, verb=verb, kind=kind, text=text, deadline=deadline, ongoing=ongoing,
        reporting_cycle=reporting_cycle, source_document=source[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    for position, row in enumerate(rows):
        row.directive, row.position = directive, position
    DirectiveAssignee.objects.bulk_create(rows)
    instruction = WrittenInstruction.objects.create(
        directive=directive, leader=leader, document_number=number, document_date=document_date,
        summary=" ".join(summary.split())[:500],
    )  # fmt: skip
    files.store(checked, actor=actor, instruction=instruction)
    audit.record(
        actor=actor, action="directive.create", obj=directive,
        after={"text": text, "source": source, "leader": leader.full_name, "assignees": [r.mention for r in rows]},
    )  # fmt: skip
    directive = Directive.objects.select_related("instruction__leader").get(pk=directive.pk)
    _assign(actor=actor, directives=[directive], issued_on=document_date, source_label=source)
    return directive


# --- changes by the office and the leaders --------------------------------------------------------------


def _ensure_open(assignment: Assignment) -> None:
    if assignment.closed_on is not None:
        raise DomainError("Nhiệm vụ đã dừng theo dõi: không thay đổi được nữa.", code="assignment_closed")
    if assignment.done_on is not None:
        raise DomainError("Nhiệm vụ đã hoàn thành: không thay đổi được nữa.", code="assignment_done")


@transaction.atomic
def change_deadline(*, actor: Any, assignment: Assignment, deadline: dt.date, reason: str) -> Assignment:
    """Set or move an assignment's deadline (the office or a leader), with the reason."""
    assignment = lock(assignment)
    require(actor, "directives.change_assignment", assignment)
    _ensure_open(assignment)
    if assignment.ongoing:
        raise DomainError("Nhiệm vụ thường xuyên không có hạn hoàn thành.", code="deadline_and_ongoing")
    if not reason.strip():
        raise DomainError("Cần ghi lý do đổi hạn.", code="reason_missing")
    if deadline < assignment.issued_on:
        raise DomainError("Hạn hoàn thành không được trước ngày giao.", code="deadline_before_issue")
    before = audit.snapshot(assignment, AUDITED)
    assignment.original_deadline = assignment.original_deadline or deadline
    assignment.deadline = deadline
    assignment.save(update_fields=["deadline", "original_deadline", "updated_at"])
    record(actor, "assignment.deadline", assignment, before, reason=reason.strip())
    return assignment


@transaction.atomic
def close_assignment(
    *,
    actor: Any,
    assignment: Assignment,
    closure: str,
    reason: str,
    superseded_by: Directive | None = None,
    on: dt.date | None = None,
) -> Assignment:
    """Stop following an assignment: cancelled, or superseded by another directive; the reason is required."""
    assignment = lock(assignment)
    require(actor, "directives.change_assignment", assignment)
    _ensure_open(assignment)
    if closure not in Closure.values:
        raise DomainError("Lý do dừng theo dõi không hợp lệ.", code="bad_closure")
    if not reason.strip():
        raise DomainError("Cần ghi lý do hủy hoặc thay thế nhiệm vụ.", code="reason_missing")
    if superseded_by is not None and superseded_by.pk == assignment.directive_id:
        raise DomainError("Nhiệm vụ không thể thay thế chính nó.", code="bad_superseded_by")
    if on is not None and (on > today() or on < assignment.issued_on):
        raise DomainError("Ngày dừng theo dõi phải từ ngày giao đến hôm nay.", code="bad_close_date")
    before = audit.snapshot(assignment, AUDITED)
    assignment.closed_on = on or today()
    assignment.closure = closure
    assignment.closure_reason = reason.strip()
    assignment.superseded_by = superseded_by if closure == Closure.SUPERSEDED else None
    assignment.save(update_fields=["closed_on", "closure", "closure_reason", "superseded_by", "updated_at"])
    record(actor, f"assignment.{closure}", assignment, before)
    label = Closure(closure).label
    notify_units(
        [assignment], NotificationKind.CLOSED, f"{label} nhiệm vụ: {assignment.directive.text[:200]}"
    )
    return assignment


@transaction.atomic
def register_final_report(
    *, actor: Any, assignment: Assignment, document_number: str, issued_on: dt.date
) -> Assignment:
    """Close a finalize-report assignment: its final report was issued as ``document_number`` on ``issued_on``."""
    assignment = lock(assignment)
    require(actor, "directives.change_assignment", assignment)
    if assignment.directive.kind != DirectiveKind.FINALIZE_REPORT:
        raise DomainError(
            "Chỉ nhiệm vụ hoàn thiện báo cáo mới đóng bằng văn bản ban hành.", code="not_finalize"
        )
    _ensure_open(assignment)
    number = " ".join(document_number.split())
    if not number:
        raise DomainError("Cần ghi số, ký hiệu của báo cáo đã ban hành.", code="number_missing")
    if issued_on > today() or issued_on < assignment.issued_on:
        raise DomainError("Ngày ban hành phải từ ngày giao nhiệm vụ đến hôm nay.", code="bad_issue_date")
    before = audit.snapshot(assignment, AUDITED)
    assignment.final_document_number = number[:60]
    assignment.done_on = issued_on
    assignment.started_on = assignment.started_on or issued_on
    assignment.pending_completion = None
    assignment.save(
        update_fields=["final_document_number", "done_on", "started_on", "pending_completion", "updated_at"]
    )
    record(actor, "assignment.final_report", assignment, before)
    notify_units(
        [assignment],
        NotificationKind.COMPLETION_CONFIRMED,
        f"Báo cáo số {number} đã ban hành: nhiệm vụ hoàn thành.",
    )
    return assignment
