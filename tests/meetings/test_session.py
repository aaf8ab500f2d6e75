"""The session workflow through its services, and every refusal the issue lists (each audited)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.core.models import AuditEvent
from dieuhanh.directives.models import Directive
from dieuhanh.meetings import conclusions, services, voting
from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.meetings.export import export_meeting, split_legal_bases
from dieuhanh.meetings.models import AgendaItem, AttendanceStatus, ItemDocument, Meeting, MeetingStatus, Vote
from dieuhanh.meetings.queries import entry_states
from dieuhanh.org.models import Person, Unit

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"


def _item(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.get(section__meeting=meeting)


def _refusals(action: str) -> int:
    return AuditEvent.objects.filter(action=action, succeeded=False).count()


def test_unanimous_vote_is_worded_as_the_notice_words_it(session: Meeting, office, chair_user) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.open_vote(actor=office, item=item)
    for member in voting.attending_members(session):
        voting.cast_vote(actor=office, item=item, member=member, choice="agree")
    result = voting.close_vote(actor=chair_user, item=item)
    assert result.wording == "100% thành viên UBND huyện dự họp đã thống nhất"
    assert result.percent == 100.0 and result.approved


def test_split_vote_wording_and_member_votes_from_own_login(session: Meeting, office, chair_user) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.open_vote(actor=office, item=item)
    members = voting.attending_members(session)
    voting.cast_vote(actor=chair_user, item=item, member=Person.objects.get(user=chair_user), choice="agree")
    assert Vote.objects.get(item=item, member__user=chair_user).channel == "self"
    voting.cast_vote(actor=office, item=item, member=members[1], choice="agree")
    voting.cast_vote(actor=office, item=item, member=members[2], choice="disagree")
    voting.cast_vote(actor=office, item=item, member=members[3], choice="agree")
    assert voting.tally(item).wording == "3/4 thành viên UBND huyện dự họp (75%) đã thống nhất"


def test_vote_by_someone_not_attending_is_refused_and_audited(session: Meeting, office) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.open_vote(actor=office, item=item)
    outsider = Person.objects.get(user__username="xa.dongque")
    with pytest.raises(DomainError, match="không phải thành viên UBND dự họp"):
        voting.cast_vote(actor=office, item=item, member=outsider, choice="agree")
    assert not Vote.objects.filter(item=item).exists()
    assert _refusals("vote.cast.refused") == 1


def test_voting_twice_is_refused(session: Meeting, office) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.open_vote(actor=office, item=item)
    member = voting.attending_members(session)[0]
    voting.cast_vote(actor=office, item=item, member=member, choice="agree")
    with pytest.raises(DomainError, match="đã biểu quyết"):
        voting.cast_vote(actor=office, item=item, member=member, choice="disagree")
    assert Vote.objects.get(item=item, member=member).choice == "agree"
    assert _refusals("vote.cast.refused") == 1


def test_a_member_cannot_vote_for_another(session: Meeting, office) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.open_vote(actor=office, item=item)
    unit_head = get_user_model().objects.get(username="truongphong.tnmt")
    chair = Person.objects.get(user__username="chutich")
    with pytest.raises(PermissionDenied):
        voting.cast_vote(actor=unit_head, item=item, member=chair, choice="agree")


def test_no_quorum_no_vote(office, demo) -> None:  # type: ignore[no-untyped-def]
    from tests.meetings.conftest import TZ

    issuer = Unit.objects.get(code="253")
    meeting = services.create_meeting(
        actor=office, issuer=issuer, kind="thematic", starts_at=dt.datetime(2021, 9, 20, 8, tzinfo=TZ)
    )
    section = services.add_section(actor=office, meeting=meeting, title="CHUYÊN ĐỀ")
    item = services.add_item(
        actor=office, section=section, title="Về đề án", presenter=Unit.objects.get(code="253-TP")
    )
    services.advance(actor=office, meeting=meeting, to=MeetingStatus.IN_SESSION)
    attendees = services.invite_members(actor=office, meeting=meeting)
    services.set_attendance(actor=office, attendee=attendees[0], status=AttendanceStatus.PRESENT)
    services.set_attendance(
        actor=office, attendee=attendees[1], status=AttendanceStatus.ABSENT, reason="Đi công tác"
    )
    quorum = voting.quorum(meeting)
    assert (quorum.members, quorum.present, quorum.required, quorum.ok) == (4, 1, 3, False)
    with pytest.raises(DomainError, match="Không đủ số lượng thành viên"):
        voting.open_vote(actor=office, item=item)
    with pytest.raises(DomainError, match="Không đủ số lượng thành viên"):
        voting.cast_vote(actor=office, item=item, member=attendees[0].person, choice="agree")
    assert _refusals("vote.open.refused") == 1 and _refusals("vote.cast.refused") == 1


def test_concluded_meeting_cannot_change(session: Meeting, office, chair_user) -> None:  # type: ignore[no-untyped-def]
    item = _item(session)
    voting.record_consensus(actor=chair_user, item=item)
    conclusions.conclude_item(actor=chair_user, item=item)
    assert Directive.objects.filter(item=item, kind="finalize_report").count() == 1
    conclusions.conclude_meeting(actor=chair_user, meeting=session)
    with pytest.raises(DomainError, match="đã kết luận"):
        conclusions.add_directive(
            actor=office,
            meeting=session,
            item=item,
            text="Giao phòng Tư pháp làm X",
            assignees=["phòng Tư pháp"],
        )
    with pytest.raises(DomainError, match="đã kết luận"):
        conclusions.record_opinion(actor=office, item=item, gist="Ý kiến muộn", speaker_name="Ai đó")
    with pytest.raises(DomainError, match="không chuyển về"):
        services.advance(actor=office, meeting=session, to=MeetingStatus.IN_SESSION)
    assert Directive.objects.filter(item=item).count() == 1
    assert _refusals("directive.add.refused") == 1
    assert _refusals("opinion.add.refused") == 1
    assert _refusals("meeting.status.refused") == 1


def test_executable_renamed_docx_and_huge_upload_are_refused(
    session: Meeting, office, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    item = _item(session)
    with pytest.raises(DomainError, match="không phải DOCX hoặc PDF"):
        services.attach_document(
            actor=office, item=item, upload=io.BytesIO(b"MZ\x90\x00" + b"\x00" * 500), name="baocao.docx"
        )
    with pytest.raises(DomainError, match="không phải văn bản Word"):
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.exe", b"MZ")
        services.attach_document(
            actor=office, item=item, upload=io.BytesIO(buffer.getvalue()), name="baocao.docx"
        )
    huge = io.BytesIO(b"%PDF-1.7\n" + b"0" * (services.MAX_DOCUMENT_BYTES + 10))
    with pytest.raises(DomainError, match="quá lớn"):
        services.attach_document(actor=office, item=item, upload=huge, name="to.pdf")
    assert not ItemDocument.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_documents_are_versioned_never_overwritten(session: Meeting, office, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    item = _item(session)
    first = services.attach_document(
        actor=office, item=item, upload=io.BytesIO(b"%PDF-1.7 one"), name="Dự thảo.pdf"
    )
    second = services.attach_document(
        actor=office, item=item, upload=io.BytesIO(b"%PDF-1.7 two"), name="Dự thảo.pdf"
    )
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 != second.sha256
    assert Path(first.file.path).read_bytes() == b"%PDF-1.7 one"


def test_unit_staff_cannot_prepare_or_run(session: Meeting) -> None:
    staff = get_user_model().objects.get(username="chuyenvien.tnmt")
    with pytest.raises(PermissionDenied):
        services.add_section(actor=staff, meeting=session, title="X")
    with pytest.raises(PermissionDenied):
        voting.open_vote(actor=staff, item=_item(session))


def test_seed_session_is_complete_in_the_demo(demo) -> None:  # type: ignore[no-untyped-def]
    meeting = load_seed_session()
    assert meeting.status == MeetingStatus.CONCLUDED
    assert [s.label for s in meeting.sections.all()] == ["I", "II"]
    assert AgendaItem.objects.filter(section__meeting=meeting).count() == 6
    assert Directive.objects.filter(meeting=meeting).count() == 13
    wordings = [voting.tally(i).wording for i in AgendaItem.objects.filter(section__meeting=meeting)]
    assert wordings[0] == "UBND huyện thống nhất"
    assert set(wordings[1:]) == {"100% thành viên UBND huyện dự họp đã thống nhất"}
    assert load_seed_session().pk == meeting.pk  # idempotent
    states = {s.entry.title[:30]: s.state for s in entry_states(meeting.issuer, 2021)}
    assert set(states.values()) == {"presented"}


@pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="shared/eval is not beside the repository")
def test_export_of_the_seed_scores_against_the_gold(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    meeting = load_seed_session()
    out = io.StringIO()
    call_command("meeting", "export", str(meeting.pk), "--json", stdout=out)
    pred = tmp_path / "seed.json"
    pred.write_text(out.getvalue(), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(SHARED / "score.py"),
            str(pred),
            str(SHARED / "000_a08bba705eea0cfa.gold.json"),
            "--quiet",
            "--min",
            "0.95",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    overall = float(run.stdout.split("overall=")[1].split()[0])
    assert overall >= 0.95


def test_export_shape(demo) -> None:  # type: ignore[no-untyped-def]
    document = export_meeting(load_seed_session())
    assert document["schema"] == "dieuhanh.notice/1"
    assert document["meeting"] == {
        "kind": "administrative",
        "held_on": "2021-08-09",
        "period": "2021-08",
        "chair": {"name": "Lê Quang Nghiệp", "title": "Chủ tịch UBND huyện"},
    }
    communes = [a for d in document["directives"] for a in d["assignees"] if a.get("group") == "communes"]
    assert communes and all(a["name"] == "UBND các xã, thị trấn" for a in communes)
    json.dumps(document)


def test_legal_bases_split_per_act() -> None:
    assert split_legal_bases(
        ["Căn cứ Luật A ngày 1/1/2020 và Nghị định 30/2020/NĐ-CP; Thực hiện Quy chế B;"]
    ) == [
        "Luật A ngày 1/1/2020",
        "Nghị định 30/2020/NĐ-CP",
        "Quy chế B",
    ]


def test_written_consultation_counts_all_members(session: Meeting, office) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    item = _item(session)
    voting.open_consultation(actor=office, item=item, deadline=timezone.now() + dt.timedelta(days=3))
    members = services.members_on(session.issuer, session.held_on)
    for member in members[:3]:
        voting.cast_vote(actor=member.user, item=item, member=member, choice="agree")
    result = voting.tally(item)
    assert result.base == 4 and result.wording == "3/4 thành viên UBND huyện (75%) đã thống nhất"
