"""Notice pages: drafts and their editor, issuing, the outgoing register, a unit's inbox, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dieuhanh.core.errors import DomainError
from dieuhanh.meetings.models import Meeting
from dieuhanh.org.rules import person_of

from . import drafting, queries, services
from .models import Notice, OutgoingEntry


def _notice(request: HttpRequest, pk: int) -> Notice:
    notice = get_object_or_404(Notice.objects.select_related("issuer", "meeting"), pk=pk)
    if request.user.has_perm("notices.view_notice", notice):
        return notice
    raise PermissionDenied


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None or not request.user.has_perm("notices.view", person.issuer):
        return redirect("notices:inbox")
    return render(request, "notices/notice_list.html", {"notices": queries.notices_for(request.user)})


@login_required
@require_POST
def draft_from_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    try:
        notice = services.draft_from_meeting(actor=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:detail", pk=meeting.pk)
    return redirect("notices:detail", pk=notice.pk)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice as it reads; for a draft, the paragraph editor (bold/italic per paragraph)."""
    notice = _notice(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                body = []
                for index, par in enumerate(notice.body):
                    text = request.POST.get(f"p{index}", "").strip()
                    if text:
                        body.append(
                            drafting.paragraph(
                                text,
                                par["style"],
                                bold=bool(request.POST.get(f"b{index}")),
                                italic=bool(request.POST.get(f"i{index}")),
                            )
                        )
                extra = request.POST.get("new", "").strip()
                if extra:
                    body.insert(len(body) - 1, drafting.paragraph(extra))
                services.save_draft(
                    actor=request.user, notice=notice, body=body, title=request.POST.get("title")
                )
                messages.success(request, "Đã lưu bản sửa.")
            elif action == "issue":
                services.issue_notice(
                    actor=request.user, notice=notice, public=bool(request.POST.get("public"))
                )
                messages.success(request, "Đã ban hành thông báo.")
            elif action in ("publish", "unpublish"):
                services.set_public(actor=request.user, notice=notice, public=action == "publish")
            elif action == "correct":
                correction = services.draft_correction(
                    actor=request.user, notice=notice, reason=request.POST.get("reason", "")
                )
                return redirect("notices:detail", pk=correction.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("notices:detail", pk=notice.pk)
    person = person_of(request.user)
    if person is not None and notice.is_issued:
        delivery = notice.deliveries.filter(unit=person.unit).first()
        if delivery is not None:
            services.mark_read(actor=request.user, delivery=delivery)
    can_draft = request.user.has_perm("notices.draft", notice.issuer)
    paragraphs = [{"index": i, "text": drafting.paragraph_text(p), **p} for i, p in enumerate(notice.body)]
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "paragraphs": paragraphs,
            "recipient_lines": [
                drafting.recipient_line(r, i == len(notice.recipients) - 1)
                for i, r in enumerate(notice.recipients)
            ],
            "can_draft": can_draft and not notice.is_issued,
            "can_issue": request.user.has_perm("notices.issue", notice.issuer),
            "revisions": notice.revisions.select_related("author")[:10],
            "deliveries": notice.deliveries.select_related("unit", "read_by")
            if can_draft or request.user.has_perm("notices.issue", notice.issuer)
            else [],
        },
    )


@login_required
def notice_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    notice = _notice(request, pk)
    field = {"docx": notice.docx_file, "pdf": notice.pdf_file}.get(kind)
    if not field:
        raise Http404
    name = f"thong-bao-{notice.number:02d}-{notice.year}.{kind}" if notice.number else f"du-thao.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The outgoing register of the signed-in person's issuing body."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("notices.view", person.issuer):
        raise PermissionDenied
    entries = OutgoingEntry.objects.filter(issuer=person.issuer).select_related("notice")
    return render(request, "notices/register.html", {"entries": entries})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Notices delivered to the signed-in person's unit, unread first."""
    deliveries = queries.inbox_for(request.user).order_by("read_at", "-notice__issued_on")
    return render(request, "notices/inbox.html", {"deliveries": deliveries})
