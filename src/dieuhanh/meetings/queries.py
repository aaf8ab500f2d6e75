"""Reads shared by the session pages, the API and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from dieuhanh.org.models import Unit
from dieuhanh.org.rules import person_of

from .models import AgendaItem, ItemOutcome, Meeting, MeetingStatus, ProgrammeEntry, Vote


def meetings_for(user: Any) -> QuerySet[Meeting]:
    """Meetings of the issuing body of the signed-in person (every body for administrators)."""
    qs = Meeting.objects.select_related("issuer", "chair")
    if getattr(user, "is_superuser", False):
        return qs
    person = person_of(user)
    if person is None:
        return qs.none()
    return qs.filter(issuer=person.issuer)


def meeting_detail(meeting_id: int) -> Meeting:
    """A meeting with its agenda, documents, votes, opinions and directives prefetched."""
    items = AgendaItem.objects.select_related(
        "presenter", "programme_entry", "consultation"
    ).prefetch_related(
        "documents",
        "opinions",
        Prefetch("votes", queryset=Vote.objects.select_related("member")),
        "directives__assignees",
    )
    return (
        Meeting.objects.select_related("issuer", "chair")
        .prefetch_related(Prefetch("sections__items", queryset=items), "attendees__person", "attendees__unit")
        .get(pk=meeting_id)
    )


@dataclass(frozen=True)
class EntryState:
    entry: ProgrammeEntry
    state: str  # planned | on_agenda | presented | postponed | dropped | missed
    label: str
    meeting: Meeting | None = None
    postponed_to: dt.date | None = None


_LABELS = {
    "planned": "Chưa đến kỳ",
    "on_agenda": "Đã đưa vào chương trình phiên họp",
    "presented": "Đã trình",
    "postponed": "Hoãn",
    "dropped": "Rút khỏi chương trình",
    "missed": "Chưa trình (quá kỳ)",
}


def entry_states(issuer: Unit, year: int, today: dt.date | None = None) -> list[EntryState]:
    """Each programme entry of ``year`` with whether it was presented, postponed (to when) or dropped,
    derived from the agenda items that refer to it."""
    today = today or dt.date.today()
    entries = (
        ProgrammeEntry.objects.filter(programme__issuer=issuer, programme__year=year)
        .select_related("presenter")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("section__meeting"))
        )
    )
    result = []
    for entry in entries:
        items = sorted(entry.agenda_items.all(), key=lambda i: i.section.meeting.starts_at)
        state, meeting, postponed = "planned", None, None
        if items:
            last = items[-1]
            meeting = last.section.meeting
            if last.outcome == ItemOutcome.CONCLUDED:
                state = "presented"
            elif last.outcome == ItemOutcome.POSTPONED:
                state, postponed = "postponed", last.postponed_to
            elif last.outcome == ItemOutcome.DROPPED or meeting.status in (
                MeetingStatus.CONCLUDED,
                MeetingStatus.NOTICE_ISSUED,
            ):
                state = "dropped"
            else:
                state = "on_agenda"
        elif (year, entry.month) < (today.year, today.month):
            state = "missed"
        label = _LABELS[state]
        if postponed:
            label = f"Hoãn đến tháng {postponed.month}/{postponed.year}"
        result.append(
            EntryState(entry=entry, state=state, label=label, meeting=meeting, postponed_to=postponed)
        )
    return result
