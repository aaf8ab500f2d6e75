"""Demo assignments: the seed session's directives issued on 10/8/2021, with a little progress, so the pages
show live work. Everything goes through the services the office and the units use; loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from dieuhanh.meetings.models import Meeting

from .files import Upload
from .models import Assignment
from .progress import submit_progress
from .services import assign_directives

ISSUED_ON = dt.date(2021, 8, 10)
SOURCE_LABEL = "Thông báo kết luận phiên họp hành chính tháng 8/2021 (ngày 10/8/2021)"
# A one-page PDF, enough to show an attachment in the demo.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _seed_meeting() -> Meeting | None:
    from dieuhanh.meetings.demo import load_seed_session

    return load_seed_session()


@transaction.atomic
def load_demo_assignments(source_label: str = SOURCE_LABEL, issued_on: dt.date = ISSUED_ON) -> dict[str, int]:
    """Issue the seed meeting's directives as assignments and add the demo units' first progress reports."""
    meeting = _seed_meeting()
    if meeting is None:
        return {"assignments": 0, "reports": 0}
    rows = assign_directives(actor=None, meeting=meeting, issued_on=issued_on, source_label=source_label)
    users = get_user_model().objects.in_bulk(["chuyenvien.tnmt", "xa.dongque"], field_name="username")
    reports = 0
    progress = [
        (
            "chuyenvien.tnmt",
            "253-TNMT",
            "Yêu cầu Phòng Tài nguyên-MT",
            "Phòng đã phối hợp Công an huyện kiểm tra 05 điểm khai thác đất, hạ cốt nền tại các xã Đồng Quế, "
            "Lãng Công; lập biên bản 02 trường hợp, yêu cầu khắc phục hiện trạng.",
            40,
            dt.date(2021, 8, 25),
        ),
        (
            "xa.dongque",
            "08800",
            "Yêu cầu UBND các xã",
            "UBND xã đã rà soát 12 hồ sơ xử phạt vi phạm hành chính năm 2021, bổ sung 03 hồ sơ còn thiếu biên bản; "
            "đang lập danh mục lưu trữ.",
            60,
            dt.date(2021, 8, 27),
        ),
    ]
    for username, unit_code, text_start, text, percent, day in progress:
        assignment = Assignment.objects.filter(
            meeting=meeting, unit__code=unit_code, directive__text__startswith=text_start
        ).first()
        user = users.get(username)
        if assignment is None or user is None or assignment.reports.exists():
            continue
        submit_progress(
            actor=user,
            assignment=assignment,
            text=text,
            percent=percent,
            attachments=[Upload(name="bao-cao-tien-do.pdf", data=DEMO_PDF)],
            on=day,
        )
        reports += 1
    return {"assignments": len(rows), "reports": reports}
