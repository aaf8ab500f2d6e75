"""The seed notice in the demo: drafted from the August 2021 session and issued as "Số: 15/TB-UBND".

The 2021 series is started at 14: fourteen documents were issued that year before the office used dieuhanh
(their register lines are the office's paper register).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dieuhanh.meetings.models import Meeting

from . import services
from .models import NoticeSettings, NumberingSeries, SeriesKind

ISSUED_ON = dt.date(2021, 8, 10)
NUMBER_BEFORE = 14


def ensure_demo_certificate() -> None:
    """Make the demo CA and signing certificate under the data directory once."""
    out = Path(settings.DATA_DIR) / "signing"
    if (out / "signer.p12").exists():
        return
    from .render.demo_ca import make_demo_ca

    make_demo_ca(out, "Ủy ban nhân dân huyện Sông Lô")


@transaction.atomic
def issue_seed_notice(meeting: Meeting) -> int:
    """Draft and issue the seed session's notice (public), once; returns the notice id."""
    existing = getattr(meeting, "notice", None)
    if existing is not None and existing.is_issued:
        return int(existing.pk)
    NoticeSettings.objects.update_or_create(
        issuer=meeting.issuer, defaults={"legal_bases_inline": True, "signer_authority": "TL. CHỦ TỊCH"}
    )
    series, _ = NumberingSeries.objects.get_or_create(
        issuer=meeting.issuer, key=SeriesKind.ADMINISTRATIVE, year=ISSUED_ON.year
    )
    if series.last_number < NUMBER_BEFORE:
        series.last_number = NUMBER_BEFORE
        series.save(update_fields=["last_number"])
    ensure_demo_certificate()
    draft = services.draft_from_meeting(actor=None, meeting=meeting)
    notice = services.issue_notice(actor=None, notice=draft, issued_on=ISSUED_ON, public=True)
    return int(notice.pk)
