"""Quorum, votes and their wording, written consultations.

The working regulation (Luật Tổ chức chính quyền địa phương 2015, Điều 127): a session is valid with at least two
thirds of the committee's members present; a decision needs more than half of all members. Both fractions are
settings so a body with another rule can change them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import Person, level_word

from .models import (
    AgendaItem,
    AttendanceStatus,
    Consultation,
    Meeting,
    MeetingStatus,
    Vote,
    VoteChannel,
    VoteChoice,
)
from .services import acting_person, ensure_editable, members_on, records_refusals, refuse, require

QUORUM = Fraction(getattr(settings, "DIEUHANH_QUORUM", "2/3"))


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    required: int

    @property
    def ok(self) -> bool:
        return self.members > 0 and self.present >= self.required

    @property
    def text(self) -> str:
        state = "đủ" if self.ok else "không đủ"
        return (
            f"{self.present}/{self.members} thành viên UBND có mặt (cần {self.required}): {state} số lượng."
        )


@dataclass(frozen=True)
class Roll:
    """Who sits on the committee on the meeting's date and who of them is present: read once per page, then
    shared by the quorum and every item's tally."""

    members: list[Person]
    present_ids: frozenset[int]

    @property
    def attending(self) -> list[Person]:
        return [m for m in self.members if m.pk in self.present_ids]


def roll(meeting: Meeting) -> Roll:
    """The meeting's roll (two queries; the attendees come from ``meeting``'s prefetch when it has one)."""
    members = members_on(meeting.issuer, meeting.held_on)
    present = frozenset(
        a.person_id for a in meeting.attendees.all() if a.status == AttendanceStatus.PRESENT and a.person_id
    )
    return Roll(members=members, present_ids=present)


def quorum(meeting: Meeting, facts: Roll | None = None) -> Quorum:
    """Members present against the committee's members on the meeting's date."""
    facts = facts or roll(meeting)
    total = len(facts.members)
    required = -(-total * QUORUM.numerator // QUORUM.denominator)  # ceiling
    return Quorum(members=total, present=len(facts.attending), required=required)


def attending_members(meeting: Meeting, facts: Roll | None = None) -> list[Person]:
    """Committee members marked present at the session."""
    return (facts or roll(meeting)).attending


@dataclass(frozen=True)
class Tally:
    agree: int
    disagree: int
    abstain: int
    base: int  # attending members (session) or all members (written consultation)
    consensus: bool
    written: bool
    committee: str  # "UBND huyện"

    @property
    def percent(self) -> float | None:
        if self.consensus or not self.base:
            return None
        return round(100 * self.agree / self.base, 1)

    @property
    def approved(self) -> bool:
        return self.consensus or (self.base > 0 and self.agree * 2 > self.base)

    @property
    def wording(self) -> str:
        """The result as the notice words it."""
        if self.consensus:
            return f"{self.committee} thống nhất"
        who = f"thành viên {self.committee}" + ("" if self.written else " dự họp")
        if self.base and self.agree == self.base:
            return f"100% {who} đã thống nhất"
        pct = self.percent or 0
        pct_text = f"{pct:g}".replace(".", ",")
        return f"{self.agree}/{self.base} {who} ({pct_text}%) đã thống nhất"


def committee_label(meeting: Meeting) -> str:
    return f"UBND {level_word(meeting.issuer)}"


def tally(item: AgendaItem, facts: Roll | None = None) -> Tally:
    """Counts of an item's votes against attending members (or all members for a written consultation).

    With the item's consultation and votes loaded beforehand (``queries.meeting_detail``) and the roll passed
    in, it reads nothing more from the database."""
    meeting = item.section.meeting
    facts = facts or roll(meeting)
    written = hasattr(item, "consultation")
    base = len(facts.members) if written else len(facts.attending)
    counts = {c: 0 for c in VoteChoice.values}
    for vote in item.votes.all():
        counts[vote.choice] += 1
    return Tally(
        agree=counts[VoteChoice.AGREE],
        disagree=counts[VoteChoice.DISAGREE],
        abstain=counts[VoteChoice.ABSTAIN],
        base=base,
        consensus=item.consensus,
        written=written,
        committee=committee_label(meeting),
    )


@records_refusals
@transaction.atomic
def open_vote(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """Open voting on an item; refused without quorum."""
    meeting = item.section.meeting
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "vote.open")
    if meeting.status != MeetingStatus.IN_SESSION:
        raise refuse(
            actor,
            meeting,
            "vote.open.refused",
            "Chỉ biểu quyết khi phiên họp đang diễn ra.",
            "not_in_session",
        )
    q = quorum(meeting)
    if not q.ok:
        raise refuse(
            actor, meeting, "vote.open.refused", "Không đủ số lượng thành viên: " + q.text, "no_quorum"
        )
    item.vote_open = True
    item.save(update_fields=["vote_open"])
    audit.record(actor=actor, action="vote.open", obj=meeting, after={"item": item.key})
    return item


@records_refusals
@transaction.atomic
def cast_vote(
    *, actor: Any, item: AgendaItem, member: Person, choice: str, channel: str = VoteChannel.SECRETARY
) -> Vote:
    """Record a member's vote: by the member from their own login, by the secretary, or in writing."""
    item = AgendaItem.objects.select_for_update().select_related("section__meeting").get(pk=item.pk)
    meeting = item.section.meeting
    ensure_editable(actor, meeting, "vote.cast")
    if choice not in VoteChoice.values:
        raise DomainError("Lựa chọn biểu quyết không hợp lệ.", code="invalid_choice")
    me = acting_person(actor)
    written = hasattr(item, "consultation")
    if channel == VoteChannel.SELF or (me is not None and me.pk == member.pk):
        channel = VoteChannel.WRITTEN if written else VoteChannel.SELF
        if me is None or me.pk != member.pk:
            raise refuse(
                actor, meeting, "vote.cast.refused", "Chỉ thành viên mới tự biểu quyết được.", "forbidden"
            )
    else:
        require(
            actor, "meetings.run", meeting.issuer, "Chỉ thư ký phiên họp mới ghi biểu quyết thay thành viên."
        )
    if written:
        consultation = item.consultation
        if consultation.closed_at or timezone.now() > consultation.deadline:
            raise refuse(
                actor,
                meeting,
                "vote.cast.refused",
                "Đã hết hạn lấy ý kiến thành viên.",
                "consultation_closed",
            )
        eligible = members_on(meeting.issuer, meeting.held_on)
    else:
        if not item.vote_open:
            q = quorum(meeting)
            message = "Biểu quyết chưa mở hoặc đã kết thúc."
            if not q.ok:
                message = "Không đủ số lượng thành viên dự họp, không biểu quyết được: " + q.text
            raise refuse(actor, meeting, "vote.cast.refused", message, "vote_closed")
        eligible = attending_members(meeting)
    if member.pk not in {p.pk for p in eligible}:
        raise refuse(
            actor,
            meeting,
            "vote.cast.refused",
            f"{member.full_name} không phải thành viên UBND dự họp nên không biểu quyết được.",
            "not_attending_member",
        )
    if Vote.objects.filter(item=item, member=member).exists():
        raise refuse(
            actor,
            meeting,
            "vote.cast.refused",
            f"{member.full_name} đã biểu quyết nội dung này.",
            "already_voted",
        )
    vote = Vote.objects.create(item=item, member=member, choice=choice, channel=channel, cast_by=actor)
    audit.record(
        actor=actor,
        action="vote.cast",
        obj=meeting,
        after={"item": item.key, "member": member.full_name, "choice": choice},
    )
    return vote


@records_refusals
@transaction.atomic
def close_vote(*, actor: Any, item: AgendaItem) -> Tally:
    """Close voting on an item (the Chair does)."""
    meeting = item.section.meeting
    require(
        actor,
        "meetings.close_vote",
        meeting.issuer,
        "Chỉ Chủ tịch (hoặc Phó Chủ tịch chủ trì) kết thúc biểu quyết.",
    )
    ensure_editable(actor, meeting, "vote.close")
    item.vote_open = False
    item.vote_closed_at = timezone.now()
    item.save(update_fields=["vote_open", "vote_closed_at"])
    result = tally(item)
    audit.record(
        actor=actor, action="vote.close", obj=meeting, after={"item": item.key, "result": result.wording}
    )
    return result


@records_refusals
@transaction.atomic
def record_consensus(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """The Chair concludes the item by consensus, without a vote."""
    meeting = item.section.meeting
    require(actor, "meetings.run", meeting.issuer)
    ensure_editable(actor, meeting, "vote.consensus")
    if item.votes.exists():
        raise refuse(actor, meeting, "vote.consensus.refused", "Nội dung đã có biểu quyết.", "already_voted")
    item.consensus = True
    item.vote_open = False
    item.save(update_fields=["consensus", "vote_open"])
    audit.record(actor=actor, action="vote.consensus", obj=meeting, after={"item": item.key})
    return item


@records_refusals
@transaction.atomic
def open_consultation(*, actor: Any, item: AgendaItem, deadline: dt.datetime) -> Consultation:
    """Consult all members in writing on an item, between sessions, until ``deadline``."""
    meeting = item.section.meeting
    require(actor, "meetings.prepare", meeting.issuer)
    ensure_editable(actor, meeting, "consultation.open")
    if deadline <= timezone.now():
        raise DomainError("Hạn lấy ý kiến phải sau thời điểm hiện tại.", code="deadline_past")
    if item.votes.exists():
        raise DomainError("Nội dung đã có biểu quyết tại phiên họp.", code="already_voted")
    consultation = Consultation.objects.create(item=item, deadline=deadline, opened_by=actor)
    audit.record(
        actor=actor, action="consultation.open", obj=meeting, after={"item": item.key, "deadline": deadline}
    )
    return consultation
