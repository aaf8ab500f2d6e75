"""Assignment pages: the list, one assignment with its forms, its history, attachments, new directives from
written instructions. Thin: parse the request, call a service or a query, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.core.params import object_from, optional_id
from dieuhanh.org.models import UNIT_ROLES, Person
from dieuhanh.org.rules import person_of

from . import files, progress, queries, services
from .models import (
    Assignment,
    Attachment,
    Directive,
    DirectiveKind,
    ExtensionRequest,
    ProgressReport,
    ReportingCycle,
)
from .status import OPEN_STATUSES, AssignmentStatus, Closure


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


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def visible(request: HttpRequest, pk: int) -> Assignment:
    """The assignment ``pk`` if the signed-in person may read it; otherwise a 404 that tells nothing."""
    rows = queries.visible_assignments(request.user).select_related(
        "unit", "issuer", "directive__item__section", "directive__instruction__leader", "meeting", "leader"
    )
    return get_object_or_404(rows, pk=pk)


def uploads(request: HttpRequest) -> list[files.Upload]:
    """The files posted with a form, read with the size limit."""
    return [files.read_upload(f.name or "", f) for f in request.FILES.getlist("files")]


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """A unit's officers go to their queue; the office and the leaders get every assignment, filtered."""
    person = person_of(request.user)
    if person is not None and person.role in UNIT_ROLES:
        return redirect("directives:unit", code=person.unit.code)
    today = services.today()
    try:
        filters = queries.Filters.parse(request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        filters = queries.Filters()
    rows = filters.apply(queries.visible_assignments(request.user), today)
    # Work still to do reads best by deadline; everything else newest first.
    by_deadline = filters.status in [s.value for s in OPEN_STATUSES]
    page = queries.page_of(
        rows,
        today,
        request.GET.get("page"),
        by_deadline=by_deadline,
        scope=queries.scope(request.user),
        filters=filters,
    )
    context = {
        "page": page,
        "filters": filters,
        "params": filters.as_params(),
        "statuses": AssignmentStatus.choices,
        "sources": queries.SOURCES,
        "units": queries.visible_units(request.user).order_by("sort_order", "name").values_list("pk", "name"),
        "leaders": queries.leaders_of(queries.issuer_id_of(person)) if person else Person.objects.none(),
        "reviews": queries.pending_reviews(request.user)[:50],
        "extensions": queries.pending_extensions(request.user)[:50],
        "can_create": person is not None and request.user.has_perm("directives.create", person.issuer),
        "can_configure": person is not None and request.user.has_perm("directives.assign", person.issuer),
    }
    if getattr(request, "htmx", False):
        return render(request, "directives/_list_rows.html", context)
    return render(request, "directives/list.html", context)


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One assignment: the directive, status, reports with files, extension requests and the forms allowed."""
    assignment = visible(request, pk)
    user = request.user
    reports = (
        ProgressReport.objects.filter(assignment=assignment)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("-reported_at", "-pk")
    )
    instruction = getattr(assignment.directive, "instruction", None)
    return render(
        request,
        "directives/detail.html",
        {
            "a": assignment,
            "status": assignment.status_on(services.today()),
            "reports": reports,
            "extensions": assignment.extension_requests.order_by("-created_at"),
            "instruction": instruction,
            "instruction_files": instruction.attachments.all() if instruction else [],
            # a directive's other units, read by the directive's index (a directive has tens of them, a
            # province's a few hundred), nearest deadline first
            "others": sorted(
                queries.visible_assignments(user)
                .filter(directive=assignment.directive)
                .exclude(pk=assignment.pk)
                .select_related("unit")
                .order_by(),
                key=lambda a: (a.deadline is None, a.deadline or dt.date.min, a.pk),
            )[:60],
            "can_report": user.has_perm("directives.report_progress", assignment)
            and not assignment.is_closed,
            "can_extend": user.has_perm("directives.request_extension", assignment)
            and not assignment.is_closed
            and assignment.deadline is not None,
            "can_review": user.has_perm("directives.review_completion", assignment),
            "can_decide": user.has_perm("directives.decide_extension", assignment),
            "can_change": user.has_perm("directives.change_assignment", assignment)
            and not assignment.is_closed,
            "is_finalize": assignment.directive.kind == DirectiveKind.FINALIZE_REPORT,
            "closures": Closure.choices,
            "today": services.today(),
        },
    )


ACTIONS: dict[str, Callable[[HttpRequest, Assignment], tuple[Callable[[], Any], str]]] = {
    "progress": lambda r, a: (
        lambda: progress.submit_progress(
            actor=r.user,
            assignment=a,
            text=r.POST.get("text", ""),
            percent=_percent(r.POST.get("percent")),
            attachments=uploads(r),
            completion=r.POST.get("completion") == "1",
        ),
        "Đã gửi báo cáo hoàn thành, chờ Văn phòng xác nhận."
        if r.POST.get("completion") == "1"
        else "Đã gửi báo cáo tiến độ.",
    ),
    "confirm": lambda r, a: (
        lambda: progress.confirm_completion(actor=r.user, assignment=a, note=r.POST.get("note", "")),
        "Đã xác nhận hoàn thành.",
    ),
    "return": lambda r, a: (
        lambda: progress.return_completion(actor=r.user, assignment=a, note=r.POST.get("note", "")),
        "Đã trả lại báo cáo cho đơn vị.",
    ),
    "extension": lambda r, a: (
        lambda: progress.request_extension(
            actor=r.user,
            assignment=a,
            deadline=_required_date(r.POST.get("deadline", "")),
            reason=r.POST.get("reason", ""),
        ),
        "Đã gửi đề nghị gia hạn.",
    ),
    "decide": lambda r, a: (
        lambda: progress.decide_extension(
            actor=r.user,
            request=object_from(ExtensionRequest, r.POST, "request", assignment=a),
            approve=r.POST.get("approve") == "1",
            reason=r.POST.get("reason", ""),
        ),
        "Đã ghi quyết định về đề nghị gia hạn.",
    ),
    "deadline": lambda r, a: (
        lambda: services.change_deadline(
            actor=r.user,
            assignment=a,
            deadline=_required_date(r.POST.get("deadline", "")),
            reason=r.POST.get("reason", ""),
        ),
        "Đã đổi hạn hoàn thành.",
    ),
    "close": lambda r, a: (
        lambda: services.close_assignment(
            actor=r.user, assignment=a, closure=r.POST.get("closure", ""), reason=r.POST.get("reason", "")
        ),
        "Đã dừng theo dõi nhiệm vụ.",
    ),
    "final": lambda r, a: (
        lambda: services.register_final_report(
            actor=r.user,
            assignment=a,
            document_number=r.POST.get("number", ""),
            issued_on=_required_date(r.POST.get("issued_on", "")),
        ),
        "Đã ghi nhận báo cáo ban hành: nhiệm vụ hoàn thành.",
    ),
}


def _percent(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError as exc:
        raise DomainError("Tiến độ phải là số phần trăm từ 0 đến 100.", code="bad_percent") from exc


def _required_date(value: str) -> dt.date:
    day = _date(value)
    if day is None:
        raise DomainError("Ngày không hợp lệ: chọn ngày trên lịch.", code="bad_date")
    return day


@login_required
@require_POST
def assignment_action(request: HttpRequest, pk: int) -> HttpResponse:
    """The forms of the assignment page: each posts an ``action`` that one service carries out."""
    assignment = visible(request, pk)
    make = ACTIONS.get(request.POST.get("action", ""))
    if make is None:
        messages.error(request, "Thao tác không hợp lệ.")
    else:
        try:
            call, success = make(request, assignment)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _run(request, call, success)
    return redirect("directives:detail", pk=assignment.pk)


@login_required
def assignment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of an assignment: who, when, before → after."""
    assignment = visible(request, pk)
    events = audit.history(assignment)
    return render(request, "directives/history.html", {"a": assignment, "events": events})


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file, only to those who may read its assignment (or an assignment of its instruction)."""
    attachment = get_object_or_404(Attachment.objects.select_related("report", "instruction"), pk=pk)
    rows = queries.visible_assignments(request.user)
    if attachment.report is not None:
        allowed = rows.filter(pk=attachment.report.assignment_id).exists()
    else:
        allowed = (
            attachment.instruction is not None
            and rows.filter(directive_id=attachment.instruction.directive_id).exists()
        )
    if not allowed:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def directive_create(request: HttpRequest) -> HttpResponse:
    """Record a directive from a leader's written instruction and assign it."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("directives.create", person.issuer):
        raise PermissionDenied
    issuer = person.issuer
    leaders = queries.leaders_of(issuer.pk)
    if request.method == "POST":
        post = request.POST
        created: list[Directive] = []
        leader_id = optional_id(post, "leader")
        leader = leaders.filter(pk=leader_id).first() if leader_id else None

        def create() -> None:
            if leader is None:
                raise DomainError("Chọn lãnh đạo chỉ đạo.", code="bad_leader")
            created.append(
                services.create_directive(
                    actor=request.user, issuer=issuer, leader=leader, text=post.get("text", ""),
                    lead=[m for m in post.get("lead", "").split(";")], support=post.get("support", "").split(";"),
                    document_number=post.get("number", ""), document_date=_required_date(post.get("document_date", "")),
                    summary=post.get("summary", ""), deadline=_date(post.get("deadline", "")),
                    ongoing=post.get("ongoing") == "1", reporting_cycle=post.get("cycle", ""),
                    attachments=uploads(request),
                )
            )  # fmt: skip

        if _run(request, create, "Đã ghi nhận văn bản chỉ đạo và giao nhiệm vụ cho các đơn vị."):
            first = created[0].assignments.order_by("pk").first()
            return redirect("directives:detail", pk=first.pk) if first else redirect("directives:list")
    return render(
        request,
        "directives/create.html",
        {"leaders": leaders, "cycles": ReportingCycle.choices, "post": request.POST, "issuer": issuer},
    )
