"""Notice endpoints: list, read, edit a draft (an issued notice is refused), issue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from dieuhanh.api.params import Code, Line, PathId, Text
from dieuhanh.core.errors import PermissionDenied

from . import queries, services
from .models import Notice

router = Router(tags=["Thông báo kết luận"])


class RunIn(Schema):
    text: Text
    bold: bool = False
    italic: bool = False


class ParagraphIn(Schema):
    style: Code = "body"
    runs: list[RunIn] = Field(..., max_length=200)


class DraftIn(Schema):
    title: Line | None = None
    body: list[ParagraphIn] = Field(..., max_length=2000)


class NoticeOut(Schema):
    id: int
    number: str
    title: str
    status: str
    issued_on: dt.date | None
    is_public: bool
    body: list[dict[str, Any]]
    recipients: list[dict[str, Any]]


def _out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "number": notice.number_symbol,
        "title": notice.title,
        "status": notice.status,
        "issued_on": notice.issued_on,
        "is_public": notice.is_public,
        "body": notice.body,
        "recipients": notice.recipients,
    }


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    notice = get_object_or_404(Notice.objects.select_related("issuer"), pk=notice_id)
    if not request.user.has_perm("notices.view_notice", notice):
        raise PermissionDenied()
    return notice


@router.get("/", response=list[NoticeOut], summary="Các thông báo")
def list_notices(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(n) for n in queries.visible_to(request.user)[:500]]


@router.get("/{notice_id}", response=NoticeOut, summary="Một thông báo")
def get_notice(request: HttpRequest, notice_id: PathId) -> dict[str, Any]:
    return _out(_notice(request, notice_id))


@router.put(
    "/{notice_id}/draft", response=NoticeOut, summary="Sửa bản dự thảo (thông báo đã ban hành bị từ chối)"
)
def save_draft(request: HttpRequest, notice_id: PathId, payload: DraftIn) -> dict[str, Any]:
    notice = _notice(request, notice_id)
    services.save_draft(
        actor=request.user, notice=notice, body=[p.dict() for p in payload.body], title=payload.title
    )
    notice.refresh_from_db()
    return _out(notice)
