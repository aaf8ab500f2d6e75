"""Overview pages: the Chair's dashboard, a unit's queue, a meeting's directives, the compiled report, the
deadline calendar and notifications."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.core.errors import DomainError
from dieuhanh.core.paging import other_params
from dieuhanh.meetings.models import Meeting
from dieuhanh.org.models import UNIT_ROLES, Unit
from dieuhanh.org.rules import can_view_unit, person_of

from . import charts, compiled, ical, queries, services, summary
from . import reminder_rules as reminder_rules_service
from .models import Escalation, Notification
from .status import AssignmentStatus

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The Chair's dashboard: counts by status and unit, overdue list, trend; filters update it in place."""
    person = person_of(request.user)
    if person is not None and person.role in UNIT_ROLES:
        return redirect("directives:unit", code=person.unit.code)
    if person is None or not request.user.has_perm("directives.dashboard", person.issuer):
        raise PermissionDenied
    today = services.today()
    try:
        filters = queries.Filters.parse(request.GET)
    except DomainError as exc:
        messages.error(request, exc.message)
        filters = queries.Filters()
    rows = queries.visible_assignments(request.user)
    every_unit = bool(request.GET.get("all_units"))
    limit, page_number = (None, request.GET.get("page")) if every_unit else (20, None)
    data = summary.cached(
        queries.scope(request.user),
        "dashboard",
        today,
        (filters, limit, page_number),
        lambda: queries.dashboard(rows, today, filters, unit_limit=limit, unit_page=page_number),
    )
    context = {
        "d": data,
        "filters": filters,
        "params": filters.as_params(),
        "status_chart": charts.status_bars(data.totals),
        "statuses": list(AssignmentStatus),
        "sources": queries.SOURCES,
        "units": queries.visible_units(request.user).order_by("sort_order", "name").values_list("pk", "name"),
        "leaders": queries.leaders_of(person.issuer.pk),
        "meetings": queries.meetings_with_directives(person.issuer)[:50],
        "today": today,
        "all_units": every_unit,
        "page": data.unit_page,
        "keep": other_params(request),
    }
    if getattr(request, "htmx", False):
        return render(request, "directives/_dashboard_body.html", context)
    return render(request, "directives/dashboard.html", context)


@login_required
def dashboard_trend(request: HttpRequest) -> HttpResponse:
    """The dashboard's monthly chart, loaded by the page after it shows (same filters)."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("directives.dashboard", person.issuer):
        raise PermissionDenied
    today = services.today()
    try:
        filters = queries.Filters.parse(request.GET)
    except DomainError:
        filters = queries.Filters()
    rows = filters.apply(queries.visible_assignments(request.user), today)
    months = summary.cached(
        queries.scope(request.user),
        "trend",
        today,
        filters,
        lambda: queries.trend(rows, today, min(filters.date_to or today, today)),
    )
    return render(
        request, "directives/_trend.html", {"trend_chart": charts.trend_chart(months), "months": months}
    )


@login_required
def unit_queue(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's assignments by deadline: for its own officers, the office and the leaders."""
    unit = get_object_or_404(Unit, code=code)
    if not can_view_unit(request.user, unit):
        raise PermissionDenied
    today = services.today()
    queue = queries.unit_queue(unit, today)
    return render(request, "directives/unit_queue.html", {"unit": unit, "q": queue, "today": today})


@login_required
def meeting_progress(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Each directive of a meeting with how far its units have got."""
    meeting = get_object_or_404(Meeting.objects.select_related("issuer"), pk=meeting_id)
    person = person_of(request.user)
    rows = queries.visible_assignments(request.user)
    if person is not None and person.role in UNIT_ROLES:
        if not rows.filter(meeting=meeting).exists():
            raise Http404
    elif not request.user.has_perm("directives.dashboard", meeting.issuer):
        raise PermissionDenied
    today = services.today()
    return render(
        request,
        "directives/meeting.html",
        {"meeting": meeting, "rows": queries.meeting_progress(meeting.pk, rows, today), "today": today},
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The compiled report for a period, as DOCX or XLSX."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("directives.report", person.issuer):
        raise PermissionDenied
    today = services.today()
    date_from = _date(request.GET.get("from")) or today.replace(month=1, day=1)
    date_to = _date(request.GET.get("to")) or today
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        if date_from > date_to:
            messages.error(request, "“Từ ngày” phải trước “đến ngày”.")
        else:
            data = compiled.build(issuer=person.issuer, date_from=date_from, date_to=date_to)
            content = compiled.to_docx(data) if fmt == "docx" else compiled.to_xlsx(data)
            response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
            name = f"bao-cao-nhiem-vu-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "directives/report.html", {"date_from": date_from, "date_to": date_to})


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The address of the person's deadline calendar, and a way to renew it."""
    if request.method == "POST":
        ical.renew_token(actor=request.user)
        messages.success(request, "Đã tạo địa chỉ lịch mới; địa chỉ cũ không dùng được nữa.")
        return redirect("directives:calendar")
    token = ical.token_for(request.user)
    url = request.build_absolute_uri(f"/nhiem-vu/lich/{token}.ics")
    upcoming = ical.deadlines(request.user, services.today())[:20]
    return render(request, "directives/calendar.html", {"url": url, "upcoming": upcoming})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed (no login: the secret in the address is the key)."""
    user = ical.user_for(token)
    if user is None:
        raise Http404
    response = HttpResponse(ical.feed(user, services.today()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-nhiem-vu.ics"'
    return response


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first."""
    person = person_of(request.user)
    if person is None:
        rows = Notification.objects.none()
    else:
        rows = Notification.objects.filter(recipient=person).select_related("assignment")[:200]
    return render(request, "directives/notifications.html", {"rows": rows})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the person's notifications as read."""
    person = person_of(request.user)
    if person is not None:
        Notification.objects.filter(recipient=person, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("directives:notifications")


@login_required
def reminder_rules(request: HttpRequest) -> HttpResponse:
    """The office sets when its issuing body reminds units and whom it escalates to."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("directives.assign", person.issuer):
        raise PermissionDenied
    if request.method == "POST":
        offsets, escalations = request.POST.getlist("offset"), request.POST.getlist("escalation")
        try:
            pairs = [(int(o), e) for o, e in zip(offsets, escalations, strict=False) if o.strip()]
            reminder_rules_service.save_reminder_rules(actor=request.user, issuer=person.issuer, rules=pairs)
        except ValueError:
            messages.error(request, "Số ngày phải là số nguyên (âm: trước hạn).")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lưu quy tắc đôn đốc.")
            return redirect("directives:rules")
    rules = reminder_rules_service.rules_of(person.issuer)
    return render(
        request,
        "directives/rules.html",
        {"rules": rules, "blank": range(max(2, 6 - len(rules))), "escalations": Escalation.choices},
    )
