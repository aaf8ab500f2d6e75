from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from dieuhanh.meetings import services
from dieuhanh.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from dieuhanh.org.models import Person, Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def office(demo: dict[str, int]):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="vanphong")


@pytest.fixture
def chair_user(demo: dict[str, int]):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="chutich")


@pytest.fixture
def session(office, demo: dict[str, int]) -> Meeting:  # type: ignore[no-untyped-def]
    """A September session in progress with one item and every member present."""
    issuer = Unit.objects.get(code="253")
    meeting = services.create_meeting(
        actor=office,
        issuer=issuer,
        kind=MeetingKind.ADMINISTRATIVE,
        starts_at=dt.datetime(2021, 9, 9, 8, 0, tzinfo=TZ),
        chair=Person.objects.get(user__username="chutich"),
    )
    section = services.add_section(actor=office, meeting=meeting, title="PHẦN NGHE CÁC BÁO CÁO")
    services.add_item(
        actor=office,
        section=section,
        title="Về báo cáo công tác tư pháp",
        presenter=Unit.objects.get(code="253-TP"),
        presenter_label="phòng Tư pháp huyện",
    )
    services.advance(actor=office, meeting=meeting, to=MeetingStatus.AGENDA_SENT)
    for attendee in services.invite_members(actor=office, meeting=meeting):
        services.set_attendance(actor=office, attendee=attendee, status=AttendanceStatus.PRESENT)
    services.advance(actor=office, meeting=meeting, to=MeetingStatus.IN_SESSION)
    return meeting
