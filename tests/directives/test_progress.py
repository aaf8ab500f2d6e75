"""A unit's work: progress with files, completion confirmed or returned, extensions; every change audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

import pytest

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.directives import files
from dieuhanh.directives.models import Attachment, ExtensionState, Notification, ReviewState
from dieuhanh.directives.progress import (
    confirm_completion,
    decide_extension,
    request_extension,
    return_completion,
    submit_progress,
)
from dieuhanh.directives.services import change_deadline, close_assignment, register_final_report
from dieuhanh.directives.status import AssignmentStatus

from .conftest import PDF, PNG, assignment_of, pdf, user

pytestmark = pytest.mark.django_db


def _commune_task(seed: Any, deadline: dt.date = dt.date(2021, 9, 30)) -> Any:
    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    a.ongoing, a.deadline = False, deadline  # a task with a deadline (the seed's requirements are standing)
    a.save(update_fields=["ongoing", "deadline"])
    return a


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_progress_with_files_starts_the_work_and_is_audited(seed: Any) -> None:
    a = _commune_task(seed)
    report = submit_progress(
        actor=user("xa.dongque"), assignment=a, text="Đã rà soát 12 hồ sơ.", percent=40,
        attachments=[pdf("bien-ban.pdf"), files.Upload("anh.png", PNG), files.Upload("bc.docx", docx_bytes())],
        on=dt.date(2021, 9, 2),
    )  # fmt: skip
    a.refresh_from_db()
    assert a.started_on == dt.date(2021, 9, 2) and a.latest_report == report
    assert a.status_on(dt.date(2021, 9, 3)) == AssignmentStatus.IN_PROGRESS
    stored = {f.original_name: f for f in report.attachments.all()}
    assert {f.content_type for f in stored.values()} == {
        "application/pdf", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    }  # fmt: skip
    data = stored["bien-ban.pdf"].file.read()
    assert stored["bien-ban.pdf"].sha256 == hashlib.sha256(data).hexdigest() and data.startswith(b"%PDF")
    event = audit.history(a).get(action="progress.report")
    assert event.actor_label == "Hoàng Văn Em" and event.after["percent"] == 40
    assert event.before == {"started_on": None} and event.after["started_on"] == "2021-09-02"


def test_same_content_is_stored_once(seed: Any) -> None:
    a = _commune_task(seed)
    for _ in range(2):
        submit_progress(
            actor=user("xa.dongque"), assignment=a, text="x", percent=10, attachments=[pdf("a.pdf")]
        )
    names = set(Attachment.objects.filter(report__assignment=a).values_list("file", flat=True))
    assert len(names) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an exe", "không đúng định dạng"),
        ("rong.pdf", b"", "rỗng"),
        ("nen.docx", b"PK\x03\x04broken", "hỏng"),
    ],
)
def test_files_are_judged_by_their_bytes(seed: Any, name: str, data: bytes, message: str) -> None:
    a = _commune_task(seed)
    with pytest.raises(DomainError, match=message):
        submit_progress(
            actor=user("xa.dongque"),
            assignment=a,
            text="x",
            percent=5,
            attachments=[files.Upload(name, data)],
        )
    a.refresh_from_db()
    assert a.started_on is None and not a.reports.exists(), "a refused report leaves nothing behind"


def test_files_over_the_limit_are_refused(settings: Any) -> None:
    settings.DIEUHANH_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(DomainError, match="quá lớn"):
        files.read_upload("lon.pdf", io.BytesIO(PDF + b"x" * 2000))
    assert files.read_upload("nho.pdf", io.BytesIO(PDF)).data == PDF


def test_completion_needs_evidence_and_the_office_confirms(seed: Any) -> None:
    a = _commune_task(seed)
    with pytest.raises(DomainError, match="tài liệu chứng minh"):
        submit_progress(actor=user("xa.dongque"), assignment=a, text="Xong", percent=100, completion=True)
    submit_progress(
        actor=user("xa.dongque"), assignment=a, text="Đã hoàn thành", percent=90, completion=True,
        attachments=[pdf()], on=dt.date(2021, 9, 28),
    )  # fmt: skip
    a.refresh_from_db()
    assert a.pending_completion is not None and a.pending_completion.percent == 100 and a.done_on is None
    assert Notification.objects.filter(
        assignment=a, recipient__user__username="vanphong", kind="completion_reported"
    ).exists()
    with pytest.raises(DomainError, match="đang chờ"):
        submit_progress(
            actor=user("xa.dongque"),
            assignment=a,
            text="Lại",
            percent=100,
            completion=True,
            attachments=[pdf()],
        )
    with pytest.raises(PermissionDenied):
        confirm_completion(actor=user("xa.dongque"), assignment=a)
    with pytest.raises(PermissionDenied):
        confirm_completion(actor=user("chutich"), assignment=a)
    confirm_completion(actor=user("vanphong"), assignment=a, note="Đủ hồ sơ")
    a.refresh_from_db()
    assert a.done_on == dt.date(2021, 9, 28) and a.pending_completion is None
    assert a.status_on(dt.date(2021, 10, 5)) == AssignmentStatus.DONE_ON_TIME
    assert a.reports.get(kind="completion").review_state == ReviewState.CONFIRMED
    with pytest.raises(DomainError, match="đã hoàn thành"):
        submit_progress(actor=user("xa.dongque"), assignment=a, text="Thêm", percent=100)


def test_the_office_returns_an_incomplete_completion(seed: Any) -> None:
    a = _commune_task(seed)
    submit_progress(
        actor=user("xa.dongque"), assignment=a, text="Xong", percent=100, completion=True, attachments=[pdf()]
    )
    with pytest.raises(DomainError, match="lý do"):
        return_completion(actor=user("vanphong"), assignment=a, note=" ")
    return_completion(actor=user("vanphong"), assignment=a, note="Thiếu biên bản kiểm tra")
    a.refresh_from_db()
    assert a.pending_completion is None and a.done_on is None
    assert a.reports.get(kind="completion").review_state == ReviewState.RETURNED
    assert Notification.objects.filter(
        assignment=a, kind="completion_returned", text__contains="Thiếu biên bản"
    ).exists()


def test_standing_and_finalize_assignments_do_not_report_completion(seed: Any) -> None:
    standing = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    with pytest.raises(DomainError, match="thường xuyên"):
        submit_progress(
            actor=user("xa.dongque"),
            assignment=standing,
            text="x",
            percent=1,
            completion=True,
            attachments=[pdf()],
        )
    finalize = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    with pytest.raises(DomainError, match="ban hành"):
        submit_progress(
            actor=user("chuyenvien.tnmt"),
            assignment=finalize,
            text="x",
            percent=1,
            completion=True,
            attachments=[pdf()],
        )


def test_the_final_report_closes_a_finalize_assignment(seed: Any) -> None:
    a = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    with pytest.raises(PermissionDenied):
        register_final_report(
            actor=user("chuyenvien.tnmt"), assignment=a, document_number="1", issued_on=dt.date(2021, 8, 20)
        )
    register_final_report(
        actor=user("vanphong"), assignment=a, document_number="215/BC-TNMT", issued_on=dt.date(2021, 8, 20)
    )
    a.refresh_from_db()
    assert (a.done_on, a.final_document_number) == (dt.date(2021, 8, 20), "215/BC-TNMT")
    assert a.status_on(dt.date(2021, 9, 1)) == AssignmentStatus.DONE_ON_TIME
    other = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    with pytest.raises(DomainError, match="hoàn thiện báo cáo"):
        register_final_report(
            actor=user("vanphong"), assignment=other, document_number="1", issued_on=dt.date(2021, 8, 20)
        )


def test_extension_approved_moves_the_deadline_refused_needs_a_reason(seed: Any) -> None:
    a = _commune_task(seed)
    with pytest.raises(DomainError, match="sau hạn hiện tại"):
        request_extension(actor=user("xa.dongque"), assignment=a, deadline=dt.date(2021, 9, 20), reason="x")
    with pytest.raises(PermissionDenied):
        request_extension(
            actor=user("chuyenvien.tnmt"), assignment=a, deadline=dt.date(2021, 10, 15), reason="x"
        )
    first = request_extension(
        actor=user("xa.dongque"), assignment=a, deadline=dt.date(2021, 10, 15), reason="Mưa bão"
    )
    with pytest.raises(DomainError, match="đang chờ"):
        request_extension(actor=user("xa.dongque"), assignment=a, deadline=dt.date(2021, 10, 20), reason="x")
    assert Notification.objects.filter(
        kind="extension_requested", recipient__user__username="chanhvanphong"
    ).exists()
    with pytest.raises(PermissionDenied):
        decide_extension(actor=user("vanphong"), request=first, approve=True)  # office staff do not decide
    with pytest.raises(DomainError, match="lý do"):
        decide_extension(actor=user("chanhvanphong"), request=first, approve=False)
    decide_extension(actor=user("chanhvanphong"), request=first, approve=False, reason="Không có căn cứ")
    a.refresh_from_db()
    assert a.deadline == dt.date(2021, 9, 30)
    second = request_extension(
        actor=user("xa.dongque"), assignment=a, deadline=dt.date(2021, 10, 15), reason="Bổ sung"
    )
    decide_extension(actor=user("chutich"), request=second, approve=True)
    a.refresh_from_db()
    second.refresh_from_db()
    assert (a.deadline, a.original_deadline, second.state) == (
        dt.date(2021, 10, 15),
        dt.date(2021, 9, 30),
        ExtensionState.APPROVED,
    )
    assert a.status_on(dt.date(2021, 10, 10)) == AssignmentStatus.NOT_STARTED
    actions = list(audit.history(a).values_list("action", flat=True))
    assert {"extension.request", "extension.refuse", "extension.approve"} <= set(actions)
    approve = audit.history(a).get(action="extension.approve")
    assert approve.before["deadline"] == "2021-09-30" and approve.after["deadline"] == "2021-10-15"


def test_the_office_moves_deadlines_and_closes_with_a_reason(seed: Any) -> None:
    a = _commune_task(seed)
    change_deadline(
        actor=user("vanphong"), assignment=a, deadline=dt.date(2021, 11, 30), reason="Theo chỉ đạo"
    )
    with pytest.raises(PermissionDenied):
        change_deadline(actor=user("xa.dongque"), assignment=a, deadline=dt.date(2021, 12, 30), reason="x")
    with pytest.raises(DomainError, match="lý do"):
        close_assignment(actor=user("vanphong"), assignment=a, closure="cancelled", reason="")
    close_assignment(
        actor=user("chutich"),
        assignment=a,
        closure="superseded",
        reason="Thay bằng văn bản 200",
        on=dt.date(2021, 10, 1),
    )
    a.refresh_from_db()
    assert a.status_on(dt.date(2021, 10, 2)) == AssignmentStatus.SUPERSEDED
    assert a.status_on(dt.date(2021, 9, 20)) == AssignmentStatus.NOT_STARTED
    with pytest.raises(DomainError, match="dừng theo dõi"):
        submit_progress(actor=user("xa.dongque"), assignment=a, text="x", percent=1)
