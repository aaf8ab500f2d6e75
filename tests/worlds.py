"""Data the module-scoped test suites share: loaded once per module, outside the per-test transactions, and
flushed after the module (see ``module_world``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

T = TypeVar("T")
A = "chuyenvien.tnmt"  # an officer of unit A: phòng TN&MT (253-TNMT)
A_SECRET = "Nội dung báo cáo riêng của phòng Tài nguyên và Môi trường"


@contextmanager
def module_world(django_db_blocker: Any, tmp_path_factory: Any, load: Callable[[], T]) -> Iterator[T]:
    """Run ``load`` with the database unblocked, files in folders of the module's own, imports in the
    foreground and fast password hashing; yield what it returns, then empty the database."""
    overrides = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        DIEUHANH_TTHC_DIR=str(tmp_path_factory.mktemp("tthc")),
        DIEUHANH_TTHC_IMPORT_IN_BACKGROUND=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    overrides.enable()
    try:
        with django_db_blocker.unblock():
            yield load()
            call_command("flush", interactive=False, verbosity=0)
    finally:
        overrides.disable()


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def client(username: str) -> Client:
    """A test client signed in as ``username`` (no second factor: tests switch its requirement off)."""
    made = Client()
    made.force_login(user(username))
    return made


def load_office_world() -> SimpleNamespace:
    """The whole demo with its assignments and TTHC dossiers; a private progress report with a file of unit A
    (phòng TN&MT); a planned session with one item; a draft correction of the seed notice; a failed outgoing
    mail. Ids are returned by name."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from dieuhanh.core.demo import load_all
    from dieuhanh.directives.demo import DEMO_PDF, load_demo_assignments
    from dieuhanh.directives.files import Upload
    from dieuhanh.directives.ical import token_for
    from dieuhanh.directives.models import Assignment, Attachment
    from dieuhanh.directives.progress import submit_progress
    from dieuhanh.meetings import services as meetings
    from dieuhanh.notices import services as notices
    from dieuhanh.notices.models import Notice
    from dieuhanh.org.models import Unit
    from dieuhanh.tthc.models import ImportJob, ImportSource

    load_all()
    load_demo_assignments()
    if not ImportJob.objects.exists():
        from dieuhanh.tthc.demo import load_demo_dossiers

        load_demo_dossiers()
    issuer = Unit.objects.get(code="253")
    seed = Notice.objects.get(issuer=issuer, number=15)
    a = Assignment.objects.filter(unit__code="253-TNMT").order_by("pk").first()
    assert a is not None
    submit_progress(
        actor=user(A), assignment=a, text=A_SECRET, percent=30,
        attachments=[Upload(name="rieng-tnmt.pdf", data=DEMO_PDF + b"% rieng")],
    )  # fmt: skip
    planned = meetings.create_meeting(
        actor=None, issuer=issuer, kind="administrative",
        starts_at=dt.datetime(2021, 9, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )  # fmt: skip
    section = meetings.add_section(actor=None, meeting=planned, title="Phần nghe báo cáo")
    item = meetings.add_item(actor=None, section=section, title="Báo cáo tình hình quản lý đất đai")
    draft = notices.draft_correction(actor=user("vanphong"), notice=seed, reason="Sửa lỗi chính tả")
    from dieuhanh.outbox.models import OutboxMessage
    from dieuhanh.outbox.services import Mail, enqueue

    enqueue(
        [Mail(key="matrix-1", to=["a@example.org"], subject="Nhắc hạn", body="Nội dung", issuer_id=issuer.pk)]
    )
    mail = OutboxMessage.objects.get(dedup_key="matrix-1")
    OutboxMessage.objects.filter(pk=mail.pk).update(status="failed", attempts=6, last_error="refused")
    return SimpleNamespace(
        mail=mail.pk,
        seed=seed.meeting_id,
        notice=seed.pk,
        draft=draft.pk,
        planned=planned.pk,
        planned_item=item.pk,
        a=a.pk,
        a_file=Attachment.objects.filter(report__assignment=a).order_by("pk").first().pk,  # type: ignore[union-attr]
        b=Assignment.objects.filter(unit__code="08800").order_by("pk").first().pk,  # type: ignore[union-attr]
        token_a=token_for(user(A)),
        job=ImportJob.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        source=ImportSource.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
    )
