"""Session pages: the secretary's screen, a member's vote page, minutes and the API."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document

from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def test_secretary_records_an_opinion_and_a_vote(session: Meeting, client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("vanphong")
    item = AgendaItem.objects.get(section__meeting=session)
    url = f"/phien-hop/{session.pk}/noi-dung/{item.pk}/"
    page = client.post(
        url,
        {"action": "opinion", "speaker": "Trưởng phòng Tư pháp", "gist": "Đề nghị bổ sung số liệu"},
        HTTP_HX_REQUEST="true",
    )
    assert "Đề nghị bổ sung số liệu" in page.content.decode()
    client.post(url, {"action": "open_vote"}, HTTP_HX_REQUEST="true")
    for member in item.section.meeting.attendees.filter(is_member=True):
        client.post(
            url, {"action": "vote", "member": member.person_id, "choice": "agree"}, HTTP_HX_REQUEST="true"
        )
    panel = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "100% thành viên UBND huyện dự họp đã thống nhất" in panel


def test_unit_staff_cannot_open_the_secretary_screen(session: Meeting, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("chuyenvien.tnmt").get(f"/phien-hop/{session.pk}/thu-ky/").status_code == 403
    assert client_for("vanphong").get(f"/phien-hop/{session.pk}/thu-ky/").status_code == 200


def test_minutes_docx_and_votes_csv(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = load_seed_session()
    client = client_for("vanphong")
    response = client.get(f"/phien-hop/{meeting.pk}/bien-ban.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "BIÊN BẢN" in text and "100% thành viên UBND huyện dự họp đã thống nhất" in text
    assert "4/4 thành viên UBND có mặt" in text
    csv = client.get(f"/phien-hop/{meeting.pk}/bieu-quyet.csv").content.decode("utf-8-sig")
    assert csv.count("Tán thành") == 20  # five items voted by four members


def test_api_lists_meetings_and_items(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = load_seed_session()
    client = client_for("chutich")
    assert client.get("/api/meetings/").json()[0]["id"] == meeting.pk
    items = client.get(f"/api/meetings/{meeting.pk}/items").json()
    assert [i["key"] for i in items] == ["I.1", "I.2", "I.3", "I.4", "I.5", "II.1"]
    assert items[1]["result"] == "100% thành viên UBND huyện dự họp đã thống nhất"
    assert Client().get("/api/meetings/").status_code == 401
    schema = client.get("/api/openapi.json").json()
    assert "/api/meetings/{meeting_id}/items" in schema["paths"]


def test_programme_page_shows_derived_states(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    load_seed_session()
    page = client_for("vanphong").get("/phien-hop/chuong-trinh/2021/").content.decode()
    assert page.count("Đã trình") == 5


def _grow(meeting: Meeting, office, items: int) -> None:  # type: ignore[no-untyped-def]
    """Give the session ``items`` items in all, each with an opinion, an open vote with every member's vote and a
    directive, so the pages have something per item to read."""
    from dieuhanh.meetings import conclusions, services, voting
    from dieuhanh.org.models import Unit

    section = meeting.sections.first()
    members = voting.attending_members(meeting)
    while AgendaItem.objects.filter(section__meeting=meeting).count() < items:
        services.add_item(
            actor=office, section=section, title="Về báo cáo thêm", presenter=Unit.objects.get(code="253-TP")
        )
    for item in AgendaItem.objects.filter(section__meeting=meeting, votes__isnull=True):
        conclusions.record_opinion(actor=office, item=item, gist="Nhất trí.", speaker_name="Đại biểu")
        voting.open_vote(actor=office, item=item)
        for member in members:
            voting.cast_vote(actor=office, item=item, member=member, choice="agree")
        conclusions.add_directive(
            actor=office, meeting=meeting, item=item, text="Hoàn thiện báo cáo.", verb="giao", kind="task",
            assignees=["Phòng Tư pháp"], deadline=None, ongoing=False,
        )  # fmt: skip


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_session_pages_make_the_same_number_of_queries_whatever_the_number_of_items(
    session: Meeting,
    office,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for("vanphong")
    urls = [f"/phien-hop/{session.pk}/", f"/phien-hop/{session.pk}/thu-ky/"]
    _grow(session, office, 6)
    few = {url: _queries(client, url) for url in urls}
    _grow(session, office, 18)
    many = {url: _queries(client, url) for url in urls}
    secretary = client.get(urls[1]).content.decode()
    assert (
        secretary.count("100% thành viên UBND huyện dự họp đã thống nhất") == 18
    )  # each item's tally is read
    assert many == few, (few, many)
    assert few[urls[0]] <= 40 and few[urls[1]] <= 40, few
