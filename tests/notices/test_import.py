"""Importing an existing notice: parse, correct, record as a past meeting with directives; duplicates refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from dieuhanh.core.errors import DomainError
from dieuhanh.directives.models import Directive
from dieuhanh.meetings.models import MeetingStatus
from dieuhanh.notices import importing
from dieuhanh.notices.models import Notice
from dieuhanh.org.models import Unit

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_a08bba705eea0cfa.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the seed notice is not beside the repository")


@needs_seed
def test_seed_imports_as_a_past_meeting_with_directives(demo) -> None:  # type: ignore[no-untyped-def]
    office = get_user_model().objects.get(username="vanphong")
    upload = importing.parse_upload(SEED.read_bytes(), SEED.name)
    assert len(upload.document["directives"]) >= 12
    notice = importing.record_import(actor=office, issuer=Unit.objects.get(code="253"), upload=upload)
    assert notice.imported and notice.is_issued
    assert notice.meeting is not None and notice.meeting.imported
    assert notice.meeting.status == MeetingStatus.NOTICE_ISSUED
    assert Directive.objects.filter(meeting=notice.meeting).count() == len(upload.document["directives"])
    with pytest.raises(DomainError, match="đã được nhập"):
        importing.parse_upload(SEED.read_bytes(), SEED.name)


@needs_seed
def test_web_import_shows_side_by_side_and_records_corrections(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("vanphong")
    page = client.post("/thong-bao/nhap/", {"file": SimpleUploadedFile("tb.txt", SEED.read_bytes())})
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="parsed-directive"') >= 12
    assert '<mark id="d0"' in html
    token = page.context["token"]
    form = {
        "token": token,
        "title": "Kết quả phiên họp hành chính tháng 8 năm 2021",
        "held_on": "2021-08-09",
        "keep0": "1",
        "text0": page.context["directives"][0]["text"],
        "kind0": "finalize_report",
        "assignees0": "Phòng Tài nguyên và Môi trường",
        "deadline0": "2021-08-31",
    }
    done = client.post("/thong-bao/nhap/", form)
    assert done.status_code == 302
    notice = Notice.objects.get(imported=True)
    directive = Directive.objects.get(meeting=notice.meeting)
    assert (
        directive.deadline.isoformat() == "2021-08-31" and directive.assignees.get().unit.code == "253-TNMT"
    )


def test_unreadable_and_unit_staff_refused(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("vanphong").post(
        "/thong-bao/nhap/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 broken")}
    )
    assert 'data-testid="import-error"' in page.content.decode()
    assert client_for("chuyenvien.tnmt").get("/thong-bao/nhap/").status_code == 403
    assert not Notice.objects.exists()
