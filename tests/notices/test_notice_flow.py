"""Drafting from the session, paragraph-exact against the seed; revisions; issuing; immutability; distribution;
publication and the portal."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.meetings.models import MeetingStatus
from dieuhanh.notices import drafting, services
from dieuhanh.notices.models import Delivery, Notice, NoticeSettings, OutgoingEntry

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_a08bba705eea0cfa.txt"


def _user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


def _seed_paragraphs() -> list[str]:
    """The seed's paragraphs with whitespace normalised and page breaks inside a sentence rejoined."""
    raw = [" ".join(p.split()) for p in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if p.strip()]
    joined: list[str] = []
    for par in raw:
        if joined and not re.search(r"[.;:!?]$", joined[-1]) and par[:1].islower():
            joined[-1] = f"{joined[-1]} {par}"
        else:
            joined.append(par)
    return joined


@pytest.fixture
def seed_notice(demo):  # type: ignore[no-untyped-def]
    meeting = load_seed_session()
    NoticeSettings.objects.update_or_create(issuer=meeting.issuer, defaults={"legal_bases_inline": True})
    return services.draft_from_meeting(actor=_user("vanphong"), meeting=meeting)


@pytest.mark.skipif(not SEED.exists(), reason="the seed notice is not beside the repository")
def test_draft_matches_the_seed_paragraph_by_paragraph(seed_notice: Notice) -> None:
    seed = _seed_paragraphs()
    start = next(i for i, p in enumerate(seed) if p.startswith("Thực hiện Luật"))
    end = next(i for i, p in enumerate(seed) if p.endswith("./."))
    ours = [" ".join(drafting.paragraph_text(p).split()) for p in seed_notice.body]
    assert ours == seed[start : end + 1]
    assert seed_notice.title == seed[start - 1]
    lines = [
        drafting.recipient_line(r, i == len(seed_notice.recipients) - 1)
        for i, r in enumerate(seed_notice.recipients)
    ]
    raw_lines = [" ".join(line.split()) for line in SEED.read_text(encoding="utf-8").splitlines()]
    after = raw_lines[raw_lines.index("Nơi nhận:") + 1 :]
    assert lines == [line for line in after if line.startswith("- ")]
    assert (seed_notice.signer_authority, seed_notice.signer_title, seed_notice.signer_name) == (
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Bùi Văn Thọ",
    )


def test_each_save_is_a_revision_with_author(seed_notice: Notice) -> None:
    body = list(seed_notice.body)
    body[1] = drafting.paragraph("Đoạn mở đầu đã sửa.", "body", bold=True)
    revision = services.save_draft(actor=_user("vanphong"), notice=seed_notice, body=body)
    assert revision.number == 2 and revision.author.username == "vanphong"
    seed_notice.refresh_from_db()
    assert seed_notice.body[1]["runs"][0] == {"text": "Đoạn mở đầu đã sửa.", "bold": True, "italic": False}
    with pytest.raises(DomainError, match="không được để trống"):
        services.save_draft(actor=_user("vanphong"), notice=seed_notice, body=[])
    with pytest.raises(PermissionDenied):
        services.save_draft(actor=_user("chuyenvien.tnmt"), notice=seed_notice, body=body)


def test_issue_numbers_registers_delivers_and_locks(seed_notice: Notice) -> None:
    chief = _user("chanhvanphong")
    with pytest.raises(PermissionDenied):
        services.issue_notice(actor=_user("vanphong"), notice=seed_notice, render=False)
    notice = services.issue_notice(
        actor=chief, notice=seed_notice, issued_on=dt.date(2021, 8, 10), render=False
    )
    assert notice.number_symbol == "01/TB-UBND"
    assert OutgoingEntry.objects.get(notice=notice).number_symbol == "01/TB-UBND"
    assert notice.meeting is not None and notice.meeting.status == MeetingStatus.NOTICE_ISSUED
    units = set(Delivery.objects.filter(notice=notice).values_list("unit__code", flat=True))
    assert {"253-HU", "08800", "08824", "253-TNMT"} <= units  # party committee, communes, departments
    with pytest.raises(DomainError, match="đã ban hành"):
        services.save_draft(actor=_user("vanphong"), notice=notice, body=notice.body)
    notice.title = "Sửa trộm"
    with pytest.raises(DomainError, match="đã ban hành"):
        notice.save()
    with pytest.raises(DomainError, match="không xóa"):
        Notice.objects.get(pk=notice.pk).delete()
    with pytest.raises(DomainError, match="đã ban hành"):
        services.issue_notice(actor=chief, notice=notice, render=False)
    correction = services.draft_correction(actor=_user("vanphong"), notice=notice, reason="Sai tên đơn vị")
    assert correction.corrects_id == notice.pk and correction.status == "draft"


def test_numbers_restart_each_year_and_pad_below_ten(demo) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.org.models import Unit

    issuer = Unit.objects.get(code="253")
    chief = _user("chanhvanphong")
    numbers = []
    for day in (dt.date(2021, 12, 30), dt.date(2021, 12, 31), dt.date(2022, 1, 1)):
        notice = Notice.objects.create(
            issuer=issuer,
            title="Thông báo thử",
            body=[drafting.paragraph("Nội dung.")],
            signer_name="Bùi Văn Thọ",
            symbol="TB-UBND",
        )
        numbers.append(
            services.issue_notice(actor=chief, notice=notice, issued_on=day, render=False).number_symbol
        )
    assert numbers == ["01/TB-UBND", "02/TB-UBND", "01/TB-UBND"]


def test_admin_cannot_change_an_issued_notice(seed_notice: Notice, client_for) -> None:  # type: ignore[no-untyped-def]
    services.issue_notice(actor=_user("chanhvanphong"), notice=seed_notice, render=False)
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.org", "mat-khau-quan-tri-dai")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/quan-tri/notices/notice/{seed_notice.pk}/change/")
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    client.post(f"/quan-tri/notices/notice/{seed_notice.pk}/change/", {"title": "Sửa trộm"})
    seed_notice.refresh_from_db()
    assert seed_notice.title != "Sửa trộm"


def test_inbox_read_receipts_and_isolation(seed_notice: Notice, client_for) -> None:  # type: ignore[no-untyped-def]
    services.issue_notice(actor=_user("chanhvanphong"), notice=seed_notice, render=False)
    commune = client_for("xa.dongque")
    inbox = commune.get("/thong-bao/den/").content.decode()
    assert seed_notice.title in inbox
    assert commune.get(f"/thong-bao/{seed_notice.pk}/").status_code == 200
    delivery = Delivery.objects.get(notice=seed_notice, unit__code="08800")
    assert delivery.read_at is not None and delivery.read_by.username == "xa.dongque"
    office_view = client_for("vanphong").get(f"/thong-bao/{seed_notice.pk}/").content.decode()
    assert "chưa xem" in office_view


def test_draft_is_not_visible_to_units(seed_notice: Notice, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("xa.dongque").get(f"/thong-bao/{seed_notice.pk}/").status_code == 403


def test_portal_search_without_diacritics_and_feed(seed_notice: Notice) -> None:
    services.issue_notice(actor=_user("chanhvanphong"), notice=seed_notice, render=False, public=True)
    client = Client()
    found = client.get("/cong-khai/", {"q": "ket luan khai thac khoang san"}).content.decode()
    assert seed_notice.title in found
    assert seed_notice.title not in client.get("/cong-khai/", {"q": "khong co gi nhu vay"}).content.decode()
    assert client.get(f"/cong-khai/thong-bao/{seed_notice.pk}/").status_code == 200
    feed = client.get("/cong-khai/thong-bao.atom")
    assert feed.status_code == 200 and b"<feed" in feed.content and seed_notice.title.encode() in feed.content


def test_unpublished_notice_is_not_public(seed_notice: Notice) -> None:
    services.issue_notice(actor=_user("chanhvanphong"), notice=seed_notice, render=False, public=False)
    assert Client().get(f"/cong-khai/thong-bao/{seed_notice.pk}/").status_code == 404


def test_api_refuses_to_edit_an_issued_notice(seed_notice: Notice, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("vanphong")
    body = {"body": [{"style": "body", "runs": [{"text": "Đoạn mới."}]}]}
    ok = client.put(f"/api/notices/{seed_notice.pk}/draft", body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["body"][0]["runs"][0]["text"] == "Đoạn mới."
    services.issue_notice(actor=_user("chanhvanphong"), notice=seed_notice, render=False)
    refused = client.put(f"/api/notices/{seed_notice.pk}/draft", body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "notice_issued_immutable"
    commune = client_for("xa.dongque")
    refused = commune.put(f"/api/notices/{seed_notice.pk}/draft", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_demo_issues_the_seed_as_a_signed_pdf_and_docx(demo, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    import io
    import shutil
    import subprocess

    from docx import Document
    from pypdf import PdfReader

    from dieuhanh.notices.demo import issue_seed_notice
    from dieuhanh.notices.output import signing_config
    from dieuhanh.notices.render.signing import verify_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    notice = Notice.objects.get(pk=issue_seed_notice(load_seed_session()))
    assert notice.number_symbol == "15/TB-UBND" and notice.is_public
    pdf = notice.pdf_file.read()
    config = signing_config()
    result = verify_pdf(pdf, trust_roots=config.trust_roots)
    assert result.ok, result.message
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Số: 15/TB-UBND" in text and "Kết quả phiên họp hành chính tháng 8 năm 2021" in text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(notice.docx_file.read())).paragraphs)
    for paragraph in notice.body:
        assert drafting.paragraph_text(paragraph) in docx_text
    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 0x01
    assert not verify_pdf(bytes(tampered), trust_roots=config.trust_roots).ok
    if shutil.which("pdftoppm"):
        out = Path(__file__).resolve().parents[2] / "test-output" / "notices"
        out.mkdir(parents=True, exist_ok=True)
        (out / "seed-notice.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                str(out / "seed-notice.pdf"),
                str(out / "seed-notice-page"),
            ],
            check=True,
        )
        assert any(out.glob("seed-notice-page*.png"))
