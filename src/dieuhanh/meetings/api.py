"""Read endpoints for sessions: meetings, agenda, votes and conclusions (OpenAPI at /api/docs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from dieuhanh.api.params import PathId
from dieuhanh.core.errors import PermissionDenied

from . import queries, voting
from .export import export_meeting
from .models import Meeting

router = Router(tags=["Phiên họp"])


class MeetingOut(Schema):
    id: int
    issuer: str
    title: str
    kind: str
    held_on: dt.date
    status: str


class VoteOut(Schema):
    member: str
    choice: str
    channel: str


class ItemOut(Schema):
    key: str
    title: str
    presenter: str | None
    outcome: str
    result: str
    agree: int
    disagree: int
    abstain: int
    base: int
    votes: list[VoteOut]  # empty unless the caller may read the session's record


def _meeting(request: HttpRequest, meeting_id: int, perm: str = "meetings.view") -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("issuer"), pk=meeting_id)
    if not request.user.has_perm(perm, meeting.issuer):
        raise PermissionDenied()
    return meeting


@router.get("/", response=list[MeetingOut], summary="Các phiên họp")
def list_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "issuer": m.issuer.code,
            "title": m.display_title,
            "kind": m.kind,
            "held_on": m.held_on,
            "status": m.status,
        }
        for m in queries.meetings_for(request.user)
    ]


@router.get("/{meeting_id}/items", response=list[ItemOut], summary="Chương trình, biểu quyết và kết quả")
def meeting_items(request: HttpRequest, meeting_id: PathId) -> list[dict[str, Any]]:
    meeting = queries.meeting_detail(_meeting(request, meeting_id).pk)
    # Individual votes are part of the session's record (as in the votes CSV); the tallies are for everyone.
    sees_record = request.user.has_perm("meetings.view_record", meeting.issuer)
    rows = []
    for section in meeting.sections.all():
        for item in section.items.all():
            result = voting.tally(item)
            rows.append(
                {
                    "key": item.key,
                    "title": item.title,
                    "presenter": item.presenter.code if item.presenter else None,
                    "outcome": item.outcome,
                    "result": result.wording,
                    "agree": result.agree,
                    "disagree": result.disagree,
                    "abstain": result.abstain,
                    "base": result.base,
                    "votes": [
                        {"member": v.member.full_name, "choice": v.choice, "channel": v.channel}
                        for v in item.votes.all()
                    ]
                    if sees_record
                    else [],
                }
            )
    return rows


@router.get("/{meeting_id}/notice", summary="Bản ghi phiên họp dạng dieuhanh.notice/1")
def meeting_notice(request: HttpRequest, meeting_id: PathId) -> dict[str, Any]:
    """The session's record: the same rule as its minutes (office and leaders of the issuing body)."""
    return export_meeting(_meeting(request, meeting_id, "meetings.view_record"))
