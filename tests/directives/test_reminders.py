"""Reminders as the clock moves: each fires once at its offset, escalates, and nobody is told twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from dieuhanh.directives import jobs
from dieuhanh.directives.models import Assignment, DigestLog, Notification, ReminderLog, ReminderRule
from dieuhanh.directives.progress import confirm_completion, submit_progress
from dieuhanh.directives.queries import Filters, dashboard, visible_assignments
from dieuhanh.directives.reminders import period_start, remind
from dieuhanh.directives.status import AssignmentStatus
from dieuhanh.org.models import Person
from dieuhanh.outbox.sender import deliver_due

from .conftest import assignment_of, pdf, user

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2021, 9, 30)
TNMT_PEOPLE = {"truongphong.tnmt@songlo.example", "chuyenvien.tnmt@songlo.example"}
OFFICE_PEOPLE = {"chanhvanphong@songlo.example", "vanphong@songlo.example"}


def _task(seed: Any, text_start: str, deadline: dt.date) -> Assignment:
    a = assignment_of(seed, "253-TNMT", text_start)
    a.ongoing, a.reporting_cycle, a.deadline = False, "", deadline
    a.save(update_fields=["ongoing", "reporting_cycle", "deadline"])
    return a


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _mails_to(addresses: set[str]) -> list[Any]:
    return [m for m in mail.outbox if set(m.to) & addresses]


def test_clock_reminders_fire_once_at_each_offset_and_escalate(seed: Any) -> None:
    late = _task(seed, "Yêu cầu Phòng Tài nguyên-MT", DEADLINE)  # never done
    done_late = _task(seed, "Yêu cầu thủ trưởng", DEADLINE)  # done on 5/10, confirmed
    tnmt = visible_assignments(user("truongphong.tnmt"))
    fired_days: Counter[dt.date] = Counter()
    for day in _days(dt.date(2021, 9, 20), dt.date(2021, 10, 12)):
        if day == dt.date(2021, 10, 5):
            submit_progress(actor=user("chuyenvien.tnmt"), assignment=done_late, text="Đã xong", percent=100,
                            completion=True, attachments=[pdf()], on=day)  # fmt: skip
            confirm_completion(actor=user("vanphong"), assignment=done_late)
        for _ in range(2):  # the job runs twice a day (hourly in production): the second run sends nothing
            before = len(mail.outbox)
            result = remind(today=day)
            deliver_due()  # the mails are queued with the reminders and sent right after (jobs.py)
            fired_days[day] += result.reminders
            if _ == 1:
                assert result.reminders == 0 and len(mail.outbox) == before
        # Overdue shows from the day after the deadline.
        status = dashboard(tnmt, day, Filters()).totals
        if day <= DEADLINE:
            assert status[AssignmentStatus.OVERDUE] == 0, day
        elif day < dt.date(2021, 10, 5):
            assert status[AssignmentStatus.OVERDUE] == 2, day
    logs = ReminderLog.objects.filter(assignment=late).order_by("fired_on")
    assert [(r.offset_days, r.fired_on, r.escalation) for r in logs] == [
        (-3, dt.date(2021, 9, 27), ""),
        (0, dt.date(2021, 9, 30), ""),
        (1, dt.date(2021, 10, 1), "head"),
        (7, dt.date(2021, 10, 7), "office"),
    ]
    assert list(
        ReminderLog.objects.filter(assignment=done_late)
        .values_list("offset_days", flat=True)
        .order_by("fired_on")
    ) == [-3, 0, 1], "no reminder after the work is done"
    done_late.refresh_from_db()
    assert done_late.status_on(dt.date(2021, 10, 12)) == AssignmentStatus.DONE_LATE
    assert late.status_on(dt.date(2021, 10, 12)) == AssignmentStatus.OVERDUE
    # One digest a day per person of the unit, on the days the unit was reminded, listing both assignments.
    digests = [m for m in _mails_to(TNMT_PEOPLE) if "Nhiệm vụ đến hạn" in m.subject]
    assert Counter(m.to[0] for m in digests) == {a: 4 for a in TNMT_PEOPLE}
    first = next(m for m in digests if "27/9/2021" in m.subject)
    assert "Yêu cầu Phòng Tài nguyên-MT" in first.body and "Yêu cầu thủ trưởng" in first.body
    assert DigestLog.objects.filter(person__user__username="chuyenvien.tnmt").count() == 4
    # Escalations: at once to the head the day after, to the office a week after.
    to_head = [m for m in _mails_to({"truongphong.tnmt@songlo.example"}) if "Đôn đốc" in m.subject]
    assert len(to_head) == 1 and "Quá hạn" not in to_head[0].subject and "quá hạn 1 ngày" in to_head[0].body
    to_office = [m for m in _mails_to(OFFICE_PEOPLE) if "Đôn đốc" in m.subject and "Phòng TN&MT" in m.body]
    assert {m.to[0] for m in to_office} == OFFICE_PEOPLE and all(
        "quá hạn 7 ngày" in m.body for m in to_office
    )
    notes = Notification.objects.filter(assignment=late)
    assert notes.filter(kind="reminder", recipient__user__username="chuyenvien.tnmt").count() == 4
    assert notes.filter(kind="escalation", recipient__user__username="vanphong").count() == 1
    assert sum(fired_days.values()) == ReminderLog.objects.count()


def test_issuer_rules_replace_the_defaults(seed: Any) -> None:
    a = _task(seed, "Yêu cầu Phòng Tài nguyên-MT", DEADLINE)
    ReminderRule.objects.create(issuer=a.issuer, offset_days=-1)
    ReminderRule.objects.create(issuer=a.issuer, offset_days=2, escalation="office")
    ReminderRule.objects.create(issuer=a.issuer, offset_days=0, active=False)
    for day in _days(dt.date(2021, 9, 25), dt.date(2021, 10, 10)):
        remind(today=day)
    assert list(ReminderLog.objects.filter(assignment=a).values_list("offset_days", "fired_on")) == [
        (-1, dt.date(2021, 9, 29)),
        (2, dt.date(2021, 10, 2)),
    ]


def test_standing_assignments_are_reminded_of_each_report_period(seed: Any) -> None:
    follow_up = assignment_of(seed, "253-VP", "Giao Văn phòng HĐND-UBND huyện có trách nhiệm")
    assert follow_up.reporting_cycle == "monthly"
    assert period_start(dt.date(2021, 9, 30), "monthly") == dt.date(2021, 9, 1)
    assert period_start(dt.date(2021, 9, 30), "quarterly") == dt.date(2021, 7, 1)
    assert period_start(dt.date(2021, 8, 31), "quarterly") is None
    remind(today=dt.date(2021, 9, 27))
    assert ReminderLog.objects.filter(assignment=follow_up, due_on=dt.date(2021, 9, 30)).exists()
    submit_progress(
        actor=user("vanphong"),
        assignment=follow_up,
        text="Báo cáo tháng 9",
        percent=0,
        on=dt.date(2021, 9, 28),
    )
    remind(today=dt.date(2021, 9, 30))
    assert not ReminderLog.objects.filter(assignment=follow_up, fired_on=dt.date(2021, 9, 30)).exists()


def test_the_command_and_the_queued_task_run_the_job(seed: Any) -> None:
    _task(seed, "Yêu cầu Phòng Tài nguyên-MT", DEADLINE)
    out = StringIO()
    call_command("directives", "remind", "--today", "2021-09-27", stdout=out)
    assert "Ngày 27/09/2021: " in out.getvalue() and "thư tổng hợp" in out.getvalue()
    jobs.queue.immediate = True
    try:
        summary = jobs.reminders_task("2021-09-30")()
    finally:
        jobs.queue.immediate = False
    # The task catches up the days the job did not run since the command's run of 27/9, oldest first.
    assert [part.split(": ")[0] for part in summary.split("; ")] == ["2021-09-28", "2021-09-29", "2021-09-30"]
    assert ReminderLog.objects.filter(fired_on=dt.date(2021, 9, 30)).exists()
    call_command("directives", "remind", "--today", "2021-09-30", stdout=out)
    assert "Ngày 30/09/2021: 0 lần nhắc" in out.getvalue()


def test_people_without_e_mail_still_get_in_app_reminders(seed: Any) -> None:
    Person.objects.filter(user__username="xa.dongque").update(email="")
    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    a.ongoing, a.deadline = False, DEADLINE
    a.save(update_fields=["ongoing", "deadline"])
    remind(today=dt.date(2021, 9, 27))
    deliver_due()
    assert (
        Notification.objects.filter(
            assignment=a, kind="reminder", recipient__user__username="xa.dongque"
        ).count()
        == 1
    )
    assert not [m for m in mail.outbox if "xa.dongque@songlo.example" in m.to]


def test_the_office_sets_the_rules_on_its_page(client_for: Any, seed: Any) -> None:
    a = _task(seed, "Yêu cầu Phòng Tài nguyên-MT", DEADLINE)
    office = client_for("vanphong")
    page = office.get("/nhiem-vu/quy-tac-nhac/").content.decode()
    assert page.count('name="offset" value=') == 4, "the four default rules are shown"
    refused = office.post(
        "/nhiem-vu/quy-tac-nhac/", {"offset": ["-2", "1"], "escalation": ["office", ""]}, follow=True
    ).content.decode()
    assert "Chỉ báo cáo vượt cấp sau khi đã quá hạn" in refused
    office.post("/nhiem-vu/quy-tac-nhac/", {"offset": ["-5", "3", ""], "escalation": ["", "office", ""]})
    assert client_for("chutich").get("/nhiem-vu/quy-tac-nhac/").status_code == 403
    for day in _days(dt.date(2021, 9, 24), dt.date(2021, 10, 5)):
        remind(today=day)
    assert list(ReminderLog.objects.filter(assignment=a).values_list("offset_days", "escalation")) == [
        (-5, ""),
        (3, "office"),
    ]
