"""A committee session in a real browser: the office prepares and runs it, the Chair closes the vote and
concludes, members vote from their own phones and the secretary's screen follows without reloading."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from dieuhanh.directives.models import Directive, DirectiveKind
from dieuhanh.meetings import services, voting
from dieuhanh.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus, Vote
from dieuhanh.org.models import Person, Unit

from .conftest import _open_page, login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

MEMBERS = ["Lê Quang Nghiệp", "Nguyễn Văn An", "Bùi Văn Thọ", "Phạm Văn Cường"]
SECTION = "Phần nghe các báo cáo theo chương trình công tác năm 2021"
ITEM = "Về báo cáo công tác quản lý nhà nước về khai thác khoáng sản trên địa bàn huyện"
PRESENTER = "phòng Tài nguyên-MT huyện"
UNANIMOUS = "100% thành viên UBND huyện dự họp đã thống nhất"
TASK = "Giao phòng Tài nguyên-MT huyện rà soát các điểm khai thác khoáng sản trên địa bàn, báo cáo UBND huyện"
REQUIREMENT = "Yêu cầu Chủ tịch UBND các xã, thị trấn tăng cường quản lý việc khai thác đất trên địa bàn"


@pytest.fixture
def open_page(
    request: pytest.FixtureRequest, chromium_path: Path, browser: Any, live_server: Any, live_demo: Any
) -> Iterator[Callable[[], Any]]:
    """Open further desktop browser contexts (another person at another computer), closed after the test."""
    with contextlib.ExitStack() as stack:

        def new_page() -> Any:
            opener = contextlib.contextmanager(_open_page)
            return stack.enter_context(
                opener(request, browser, live_server.url, viewport={"width": 1280, "height": 900})
            )

        yield new_page


def _click_and_wait(page: Any, name: str) -> None:
    """Click a button that submits an ordinary form and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _mark_page(page: Any) -> None:
    """Tag the loaded document: the tag survives HTMX swaps but not a reload."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page: Any) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def test_office_runs_a_session_and_the_chair_concludes(
    page: Any, open_page: Callable[[], Any], snap: Snap
) -> None:
    login(page, "vanphong")
    page.goto("/phien-hop/")
    page.get_by_text("Lên lịch phiên họp mới").click()
    page.select_option("#kind", "administrative")
    page.fill("#starts_at", "2021-09-06T08:00")
    page.fill("#place", "Hội trường UBND huyện Sông Lô")
    snap(page, "session-create-form")
    _click_and_wait(page, "Tạo phiên họp")
    match = re.search(r"/phien-hop/(\d+)/$", page.url)
    assert match, f"creating a session leads to its page, not {page.url}"
    meeting = Meeting.objects.get(pk=int(match.group(1)))
    assert page.locator("main h1").inner_text() == "Phiên họp hành chính tháng 9/2021"
    assert page.get_by_test_id("meeting-status").inner_text() == "Dự kiến"
    assert "Lê Quang Nghiệp" in page.locator("main p.muted").first.inner_text(), "the Chair presides"

    # The agenda: a section and an item presented by the natural resources department.
    page.fill("#sec", SECTION)
    _click_and_wait(page, "Thêm phần")
    assert page.locator("main h3").filter(has_text=SECTION).inner_text() == f"I. {SECTION}"
    page.get_by_label("Thêm nội dung").fill(ITEM)
    page.get_by_label("Đơn vị trình").fill(PRESENTER)
    _click_and_wait(page, "Thêm")
    agenda_item = page.locator("ol.agenda > li").filter(has_text=ITEM)
    expect(agenda_item).to_have_count(1)
    assert PRESENTER in agenda_item.inner_text()
    item = meeting.sections.get().items.get()
    assert item.presenter is not None and item.presenter.code == "253-TNMT", "the presenter is resolved"

    # Invitations, the agenda sent, the session started, every member present.
    _click_and_wait(page, "Mời các thành viên UBND")
    rows = page.locator("main table.list tbody tr")
    expect(rows).to_have_count(len(MEMBERS))
    _click_and_wait(page, "Gửi chương trình, tài liệu")
    assert page.get_by_test_id("meeting-status").inner_text() == "Đã gửi chương trình, tài liệu"
    _click_and_wait(page, "Bắt đầu phiên họp")
    assert page.get_by_test_id("meeting-status").inner_text() == "Đang họp"
    assert page.get_by_test_id("quorum").inner_text().startswith("0/4 thành viên UBND có mặt")
    for name in MEMBERS:
        row = rows.filter(has_text=name)
        row.get_by_label("Tình trạng").select_option("present")
        with page.expect_navigation():
            row.get_by_role("button", name="Ghi").click()
        expect(rows.filter(has_text=name).locator("td").nth(2)).to_contain_text("Có mặt")
    snap(page, "session-in-progress")
    assert page.get_by_test_id("quorum").inner_text() == "4/4 thành viên UBND có mặt (cần 3): đủ số lượng."

    # The secretary's screen: an opinion, the vote opened, every member's agreement, all in place.
    page.get_by_role("link", name="Màn hình thư ký").click()
    page.wait_for_url(f"**/phien-hop/{meeting.pk}/thu-ky/")
    _mark_page(page)
    panel = page.get_by_test_id("item-I.1")
    panel.get_by_label("Người phát biểu").fill("Phạm Văn Cường")
    panel.get_by_label("Nội dung chính").fill(
        "Đề nghị tăng cường kiểm tra các điểm khai thác cát trên sông Lô"
    )
    panel.get_by_role("button", name="Ghi ý kiến").click()
    expect(panel.locator("li").filter(has_text="Phạm Văn Cường:")).to_contain_text("khai thác cát")
    panel.get_by_role("button", name="Mở biểu quyết").click()
    tally = page.get_by_test_id("tally-I.1")
    expect(tally).to_contain_text("tán thành 0, không tán thành 0, không biểu quyết 0 / 4")
    for count, name in enumerate(MEMBERS, start=1):
        panel.get_by_role("button", name=f"{name}: tán thành").click()
        expect(tally).to_contain_text(f"tán thành {count},")
        expect(panel.locator("tr").filter(has_text=name).locator(".badge")).to_have_text("Tán thành")
    expect(tally.locator("strong")).to_have_text(UNANIMOUS)
    assert _same_document(page), "the tally is updated in place, without reloading the page"
    assert not panel.get_by_role("button", name="Kết thúc biểu quyết").count(), "only the Chair closes"
    snap(page, "session-secretary-vote-unanimous")
    assert Vote.objects.filter(item=item, choice="agree").count() == 4

    # The Chair, at another computer, closes the vote and concludes the item.
    chair = open_page()
    login(chair, "chutich")
    chair.goto(f"/phien-hop/{meeting.pk}/thu-ky/")
    chair_panel = chair.get_by_test_id("item-I.1")
    expect(chair_panel.get_by_test_id("tally-I.1").locator("strong")).to_have_text(UNANIMOUS)
    chair_panel.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(chair_panel.get_by_role("button", name="Kết thúc biểu quyết")).to_have_count(0)
    expect(chair_panel.get_by_test_id("tally-I.1").locator("strong")).to_have_text(UNANIMOUS)
    assert not chair_panel.get_by_role("button", name="Mở biểu quyết").count(), "a closed vote stays closed"
    item.refresh_from_db()
    assert not item.vote_open and item.vote_closed_at is not None
    chair_panel.get_by_label("Kết quả").select_option("concluded")
    chair_panel.get_by_label("Câu kết luận của Chủ tịch").fill("Thống nhất thông qua báo cáo")
    chair_panel.get_by_role("button", name="Ghi kết luận").click()
    expect(chair_panel.locator(".badge").first).to_have_text("Đã kết luận")
    expect(chair_panel).to_contain_text("Thống nhất thông qua báo cáo")
    snap(chair, "session-chair-concluded")

    # The directives of the conclusion, recorded on the item by the secretary.
    page.reload()
    panel = page.get_by_test_id("item-I.1")
    expect(panel.locator(".badge").first).to_have_text("Đã kết luận")
    panel.get_by_label("Từ giao việc").select_option("giao")
    panel.get_by_label("Loại nhiệm vụ").select_option("task")
    panel.get_by_label("Nội dung nhiệm vụ").fill(TASK)
    panel.get_by_label("Đơn vị thực hiện").fill(PRESENTER)
    panel.get_by_label("Hạn hoàn thành").fill("2021-09-30")
    panel.get_by_role("button", name="Ghi nhiệm vụ").click()
    directives = panel.get_by_test_id("directive")
    expect(directives.filter(has_text=TASK)).to_contain_text("Nhiệm vụ — hạn 30/09/2021")
    panel.get_by_label("Từ giao việc").select_option("yêu cầu")
    panel.get_by_label("Loại nhiệm vụ").select_option("requirement")
    panel.get_by_label("Nội dung nhiệm vụ").fill(REQUIREMENT)
    panel.get_by_label("Đơn vị thực hiện").fill("Chủ tịch UBND các xã, thị trấn")
    panel.get_by_label("Thường xuyên").check()
    panel.get_by_role("button", name="Ghi nhiệm vụ").click()
    expect(directives.filter(has_text=REQUIREMENT)).to_contain_text("Yêu cầu")
    snap(page, "session-item-directives")
    texts = directives.all_inner_texts()
    assert any(TASK in t for t in texts) and any(REQUIREMENT in t for t in texts)

    recorded = {d.text: d for d in Directive.objects.filter(item=item)}
    task, requirement = recorded[TASK], recorded[REQUIREMENT]
    assert (task.verb, task.kind, task.deadline) == ("giao", DirectiveKind.TASK, dt.date(2021, 9, 30))
    assert [a.unit.code for a in task.assignees.all() if a.unit] == ["253-TNMT"]
    assert (requirement.verb, requirement.kind, requirement.ongoing) == (
        "yêu cầu",
        DirectiveKind.REQUIREMENT,
        True,
    )
    addressed = [(a.group, a.person_role, a.mention) for a in requirement.assignees.all()]
    assert addressed == [("communes", "chair", "Chủ tịch UBND các xã, thị trấn")], addressed

    # The meeting page carries the approval wording of the concluded item.
    page.goto(f"/phien-hop/{meeting.pk}/")
    expect(page.get_by_test_id(f"approval-{item.pk}")).to_have_text(UNANIMOUS)


def _session_with_open_vote() -> Meeting:
    """A session in progress, every member present, voting open on its one item."""
    issuer = Unit.objects.get(code="253")
    meeting = services.create_meeting(
        actor=None,
        issuer=issuer,
        kind=MeetingKind.ADMINISTRATIVE,
        starts_at=dt.datetime(2021, 10, 4, 8, 0, tzinfo=TZ),
        chair=Person.objects.get(user__username="chutich"),
    )
    section = services.add_section(actor=None, meeting=meeting, title=SECTION)
    item = services.add_item(
        actor=None,
        section=section,
        title="Về báo cáo công tác tư pháp quý III năm 2021",
        presenter=Unit.objects.get(code="253-TP"),
        presenter_label="phòng Tư pháp huyện",
    )
    services.advance(actor=None, meeting=meeting, to=MeetingStatus.AGENDA_SENT)
    for attendee in services.invite_members(actor=None, meeting=meeting):
        services.set_attendance(actor=None, attendee=attendee, status=AttendanceStatus.PRESENT)
    services.advance(actor=None, meeting=meeting, to=MeetingStatus.IN_SESSION)
    voting.open_vote(actor=None, item=item)
    return meeting


def test_member_votes_from_a_phone_and_the_secretary_sees_it(page: Any, phone_page: Any, snap: Snap) -> None:
    meeting = _session_with_open_vote()
    login(page, "vanphong")
    page.goto(f"/phien-hop/{meeting.pk}/thu-ky/")
    _mark_page(page)
    tally = page.get_by_test_id("tally-I.1")
    expect(tally).to_contain_text("tán thành 0, không tán thành 0, không biểu quyết 0 / 4")

    login(phone_page, "phochutich")
    phone_page.goto(f"/phien-hop/{meeting.pk}/bieu-quyet/")
    assert phone_page.locator("main section.card h2").all_inner_texts() == [
        "I.1. Về báo cáo công tác tư pháp quý III năm 2021"
    ]
    agree = phone_page.get_by_role("button", name="Tán thành", exact=True)
    box = agree.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375 + 1, "the vote buttons fit the phone screen"
    with phone_page.expect_navigation():
        agree.click()
    snap(phone_page, "phone-member-vote")
    assert phone_page.locator(".messages li.success").inner_text() == "Đã ghi nhận biểu quyết của đồng chí."
    assert phone_page.get_by_test_id("my-vote").inner_text() == "Đồng chí đã biểu quyết: Tán thành"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the vote page scrolls sideways ({width}px wide)"
    vote = Vote.objects.get(item__section__meeting=meeting)
    assert (vote.member.full_name, vote.choice, vote.channel) == ("Nguyễn Văn An", "agree", "self")

    # The secretary's panel polls every 3 s: the vote shows up without touching the page.
    expect(tally).to_contain_text("tán thành 1, không tán thành 0, không biểu quyết 0 / 4", timeout=5_000)
    member_row = page.get_by_test_id("item-I.1").locator("tr").filter(has_text="Nguyễn Văn An")
    expect(member_row.locator(".badge")).to_have_text("Tán thành")
    assert _same_document(page), "the secretary's page was not reloaded"
    snap(page, "secretary-after-phone-vote")
