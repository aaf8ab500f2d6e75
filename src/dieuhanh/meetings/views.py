"""Session pages: list, preparation, the secretary's screen, members' own votes, minutes, programme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dieuhanh.core.errors import DomainError
from dieuhanh.core.params import MAX_YEAR, MIN_YEAR, object_from
from dieuhanh.directives.models import DirectiveKind, Verb
from dieuhanh.org.models import Person
from dieuhanh.org.rules import person_of

from . import conclusions, minutes, programme, queries, services, voting
from .models import AgendaItem, AgendaSection, Attendee, ItemOutcome, Meeting, MeetingKind, MeetingStatus

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _meeting(request: HttpRequest, pk: int, perm: str = "meetings.view") -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("issuer", "chair"), pk=pk)
    if not request.user.has_perm(perm, meeting.issuer):
        raise PermissionDenied
    return meeting


def _run(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Call a service; a domain refusal becomes an error message on the page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": queries.meetings_for(request.user),
            "can_prepare": person is not None and request.user.has_perm("meetings.prepare", person.issuer),
            "kinds": MeetingKind.choices,
        },
    )


@login_required
@require_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None or not request.user.has_perm("meetings.prepare", person.issuer):
        raise PermissionDenied
    try:
        starts = dt.datetime.strptime(request.POST.get("starts_at", ""), "%Y-%m-%dT%H:%M").replace(tzinfo=TZ)
    except ValueError:
        messages.error(request, "Thời gian phiên họp không hợp lệ (ngày/tháng/năm giờ:phút).")
        return redirect("meetings:list")
    chair = Person.objects.filter(unit=person.issuer, role="chair").first()
    created: list[Meeting] = []
    if _run(
        request,
        lambda: created.append(
            services.create_meeting(
                actor=request.user,
                issuer=person.issuer,
                kind=request.POST.get("kind", MeetingKind.ADMINISTRATIVE),
                starts_at=starts,
                place=request.POST.get("place", ""),
                chair=chair,
            )
        ),
    ):
        return redirect("meetings:detail", pk=created[0].pk)
    return redirect("meetings:list")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    meeting = queries.meeting_detail(meeting.pk)
    issuer = meeting.issuer
    facts = voting.roll(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "quorum": voting.quorum(meeting, facts),
            "proposed": services.proposed_entries(meeting),
            "can_prepare": request.user.has_perm("meetings.prepare", issuer),
            "can_run": request.user.has_perm("meetings.run", issuer),
            "can_view_record": request.user.has_perm("meetings.view_record", issuer),
            "statuses": MeetingStatus.choices,
            "tallies": {
                item.pk: voting.tally(item, facts) for s in meeting.sections.all() for item in s.items.all()
            },
        },
    )


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Preparation actions posted from the meeting page (status, sections, items, documents, attendance)."""
    meeting = _meeting(request, pk)
    user, post = request.user, request.POST
    action = post.get("action", "")
    if action == "advance":
        _run(
            request,
            lambda: services.advance(actor=user, meeting=meeting, to=post.get("to", "")),
            "Đã chuyển trạng thái.",
        )
    elif action == "section":
        _run(request, lambda: services.add_section(actor=user, meeting=meeting, title=post.get("title", "")))
    elif action == "item":
        section = object_from(AgendaSection, post, "section", meeting=meeting)
        from dieuhanh.org.resolver import resolve

        mention = post.get("presenter", "").strip()
        units = resolve(mention, meeting.issuer).units() if mention else []
        _run(
            request,
            lambda: services.add_item(
                actor=user,
                section=section,
                title=post.get("title", ""),
                presenter=units[0] if units else None,
                presenter_label=mention,
            ),
        )
    elif action == "document":
        item = object_from(AgendaItem, post, "item", section__meeting=meeting)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Chưa chọn tệp.")
        else:
            _run(
                request,
                lambda: services.attach_document(
                    actor=user,
                    item=item,
                    upload=upload,
                    name=upload.name or "tai-lieu",
                    title=post.get("title", ""),
                ),
                "Đã đính kèm tài liệu.",
            )
    elif action == "invite_members":
        _run(
            request,
            lambda: services.invite_members(actor=user, meeting=meeting),
            "Đã mời các thành viên UBND.",
        )
    elif action == "invite":
        _run(request, lambda: services.invite(actor=user, meeting=meeting, name=post.get("name", "")))
    elif action == "attendance":
        attendee = object_from(Attendee, post, "attendee", meeting=meeting)
        _run(
            request,
            lambda: services.set_attendance(
                actor=user,
                attendee=attendee,
                status=post.get("status", ""),
                reason=post.get("reason", ""),
                represented_by=post.get("represented_by", ""),
            ),
        )
    elif action == "conclude_meeting":
        _run(
            request,
            lambda: conclusions.conclude_meeting(actor=user, meeting=meeting),
            "Đã kết thúc phiên họp.",
        )
    else:
        messages.error(request, "Thao tác không hợp lệ.")
    return redirect("meetings:detail", pk=meeting.pk)


def _item_context(
    request: HttpRequest,
    item: AgendaItem,
    facts: voting.Roll | None = None,
    can: dict[str, bool] | None = None,
) -> dict[str, Any]:
    """What an item's panel shows; ``facts`` and ``can`` are read once for a page of many panels."""
    meeting = item.section.meeting
    facts = facts or voting.roll(meeting)
    can = can or _session_permissions(request, meeting)
    return {
        "meeting": meeting,
        "item": item,
        "tally": voting.tally(item, facts),
        "quorum": voting.quorum(meeting, facts),
        "members": facts.attending,
        "voted": {v.member_id: v for v in item.votes.all()},
        "can_run": can["run"],
        "can_close": can["close"],
        "kinds": DirectiveKind.choices,
        "verbs": Verb.choices,
        "outcomes": [c for c in ItemOutcome.choices if c[0] != ItemOutcome.PENDING],
    }


def _session_permissions(request: HttpRequest, meeting: Meeting) -> dict[str, bool]:
    return {
        "run": request.user.has_perm("meetings.run", meeting.issuer),
        "close": request.user.has_perm("meetings.close_vote", meeting.issuer),
    }


@login_required
def secretary(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's screen: every item with opinions, votes and conclusions, updated in place."""
    meeting = _meeting(request, pk, "meetings.run")
    meeting = queries.meeting_detail(meeting.pk)
    items = [item for s in meeting.sections.all() for item in s.items.all()]
    facts, can = voting.roll(meeting), _session_permissions(request, meeting)
    return render(
        request,
        "meetings/secretary.html",
        {
            "meeting": meeting,
            "quorum": voting.quorum(meeting, facts),
            "items": [_item_context(request, i, facts, can) for i in items],
        },
    )


@login_required
def item_panel(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """One item's panel (HTMX): GET refreshes the tally; POST records an opinion, vote, conclusion or directive."""
    meeting = _meeting(request, pk)
    item = get_object_or_404(
        AgendaItem.objects.select_related("section__meeting__issuer"), pk=item_id, section__meeting=meeting
    )
    if request.method == "POST":
        user, post = request.user, request.POST
        action = post.get("action", "")
        if action == "opinion":
            _run(
                request,
                lambda: conclusions.record_opinion(
                    actor=user, item=item, gist=post.get("gist", ""), speaker_name=post.get("speaker", "")
                ),
            )
        elif action == "open_vote":
            _run(request, lambda: voting.open_vote(actor=user, item=item))
        elif action == "vote":
            member = object_from(Person, post, "member")
            _run(
                request,
                lambda: voting.cast_vote(actor=user, item=item, member=member, choice=post.get("choice", "")),
            )
        elif action == "close_vote":
            _run(request, lambda: voting.close_vote(actor=user, item=item))
        elif action == "consensus":
            _run(request, lambda: voting.record_consensus(actor=user, item=item))
        elif action == "conclude":
            _run(
                request,
                lambda: conclusions.conclude_item(
                    actor=user,
                    item=item,
                    outcome=post.get("outcome", ItemOutcome.CONCLUDED),
                    decision=post.get("decision", ""),
                ),
            )
        elif action == "directive":
            mentions = [
                m.strip() for m in post.get("assignees", "").replace(";", "\n").splitlines() if m.strip()
            ]
            deadline = None
            if post.get("deadline"):
                try:
                    deadline = dt.date.fromisoformat(post["deadline"])
                except ValueError:
                    messages.error(request, "Hạn hoàn thành không hợp lệ.")
            _run(
                request,
                lambda: conclusions.add_directive(
                    actor=user,
                    meeting=item.section.meeting,
                    item=item,
                    text=post.get("text", ""),
                    verb=post.get("verb", Verb.ASSIGN),
                    kind=post.get("kind", DirectiveKind.TASK),
                    assignees=mentions,
                    deadline=deadline,
                    ongoing=bool(post.get("ongoing")),
                ),
                "Đã ghi nhiệm vụ.",
            )
        else:
            messages.error(request, "Thao tác không hợp lệ.")
        item.refresh_from_db()
    context = _item_context(request, item)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "meetings/_item_panel.html", {"c": context})
    return redirect("meetings:secretary", pk=meeting.pk)


@login_required
def my_votes(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee member votes from their own login (a phone): open items and three buttons."""
    meeting = _meeting(request, pk)
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    if request.method == "POST":
        item = object_from(AgendaItem, request.POST, "item", section__meeting=meeting)
        _run(
            request,
            lambda: voting.cast_vote(
                actor=request.user,
                item=item,
                member=me,
                choice=request.POST.get("choice", ""),
                channel="self",
            ),
            "Đã ghi nhận biểu quyết của đồng chí.",
        )
        return redirect("meetings:vote", pk=meeting.pk)
    items = AgendaItem.objects.filter(section__meeting=meeting).select_related("section")
    open_items = [i for i in items if i.vote_open or hasattr(i, "consultation")]
    mine = {v.item_id: v for v in me.votes.filter(item__section__meeting=meeting)}
    return render(request, "meetings/my_votes.html", {"meeting": meeting, "items": open_items, "mine": mine})


@login_required
def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "meetings.view_record")
    response = HttpResponse(
        minutes.minutes_docx(queries.meeting_detail(meeting.pk)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-phien-hop-{meeting.pk}.docx"'
    return response


@login_required
def votes_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "meetings.view_record")
    response = HttpResponse(minutes.votes_csv(meeting), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bieu-quyet-phien-hop-{meeting.pk}.csv"'
    return response


@login_required
def programme_view(request: HttpRequest, year: int) -> HttpResponse:
    """The year's programme by month, each entry with its derived state; XLSX import for the office."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("meetings.view", person.issuer):
        raise PermissionDenied
    issuer = person.issuer
    preview = None
    if request.method == "POST":
        if not request.user.has_perm("meetings.prepare", issuer):
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError("Chưa chọn tệp.", code="no_file")
            preview = programme.preview_programme(upload.read(), upload.name or "", issuer)
            if not preview.errors:
                count = programme.import_programme(
                    actor=request.user, issuer=issuer, year=year, preview=preview
                )
                messages.success(request, f"Đã nhập {count} nội dung vào chương trình công tác năm {year}.")
                return redirect("meetings:programme", year=year)
        except DomainError as exc:
            messages.error(request, exc.message)
    states = queries.entry_states(issuer, year)
    months = [(m, [s for s in states if s.entry.month == m]) for m in range(1, 13)]
    return render(
        request,
        "meetings/programme.html",
        {
            "year": year,
            "previous_year": year - 1 if year - 1 >= MIN_YEAR else None,
            "next_year": year + 1 if year + 1 <= MAX_YEAR else None,
            "months": months,
            "preview": preview,
            "can_prepare": request.user.has_perm("meetings.prepare", issuer),
        },
    )
