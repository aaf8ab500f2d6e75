"""The office's reminder rules: at which offsets from a deadline its issuing body reminds, and to whom it
escalates (without rules of its own, the defaults of ``conf.DEFAULT_RULES`` apply)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import Unit

from . import conf
from .models import Escalation, ReminderRule
from .services import require

MAX_OFFSET = 90


def rules_of(issuer: Unit) -> list[tuple[int, str]]:
    """(offset in days, escalation) the issuing body uses now: its own active rules or the defaults."""
    own = list(ReminderRule.objects.filter(issuer=issuer).order_by("offset_days"))
    if not own:
        return list(conf.DEFAULT_RULES)
    return [(r.offset_days, r.escalation) for r in own if r.active]


@transaction.atomic
def save_reminder_rules(*, actor: Any, issuer: Unit, rules: Iterable[tuple[int, str]]) -> list[ReminderRule]:
    """Replace the issuing body's reminder rules (the office); an empty list turns reminders off."""
    require(actor, "directives.assign", issuer, "Chỉ Văn phòng cấu hình việc đôn đốc.")
    wanted: dict[int, str] = {}
    for offset, escalation in rules:
        if not -MAX_OFFSET <= offset <= MAX_OFFSET:
            raise DomainError(f"Số ngày nhắc phải từ -{MAX_OFFSET} đến {MAX_OFFSET}.", code="bad_offset")
        if escalation not in Escalation.values:
            raise DomainError("Người nhận báo cáo vượt cấp không hợp lệ.", code="bad_escalation")
        if escalation and offset <= 0:
            raise DomainError(
                "Chỉ báo cáo vượt cấp sau khi đã quá hạn (số ngày dương).", code="escalation_early"
            )
        if offset in wanted:
            raise DomainError(f"Mốc {offset:+d} ngày bị lặp.", code="duplicate_offset")
        wanted[offset] = escalation
    before = rules_of(issuer)
    ReminderRule.objects.filter(issuer=issuer).delete()
    saved = ReminderRule.objects.bulk_create(
        [ReminderRule(issuer=issuer, offset_days=o, escalation=e) for o, e in sorted(wanted.items())]
    )
    if not saved:  # no rule at all: keep one inactive row so the defaults do not come back
        saved = [ReminderRule.objects.create(issuer=issuer, offset_days=0, active=False)]
    audit.record(
        actor=actor, action="reminder_rules.save", obj=issuer,
        before={"rules": before}, after={"rules": sorted(wanted.items())},
    )  # fmt: skip
    return saved
