"""Registry rules: history kept, never deleted, demo idempotent, audited writes."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.core.errors import DomainError
from dieuhanh.core.models import AuditEvent
from dieuhanh.org.demo import load_demo
from dieuhanh.org.models import CommitteeMembership, Person, Unit, UnitAlias
from dieuhanh.org.resolver import get_issuer, resolve
from dieuhanh.org.services import rename_unit

pytestmark = pytest.mark.django_db


def _table_state() -> tuple[object, ...]:
    return (
        list(Unit.objects.order_by("code").values()),
        list(UnitAlias.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(CommitteeMembership.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_demo_is_idempotent(demo: dict[str, int]) -> None:
    before = _table_state()
    load_demo()
    assert _table_state() == before


def test_demo_has_the_seed_people_and_communes_from_the_package(demo: dict[str, int]) -> None:
    assert demo["communes"] == 14
    chair = Person.objects.get(user__username="chutich")
    assert chair.full_name == "Lê Quang Nghiệp" and chair.role == "chair"
    assert Person.objects.get(user__username="chanhvanphong").full_name == "Bùi Văn Thọ"
    assert Unit.objects.get(code="08824").name == "Ủy ban nhân dân thị trấn Tam Sơn"


def test_units_are_never_deleted(demo: dict[str, int]) -> None:
    with pytest.raises(DomainError, match="Không xóa đơn vị"):
        Unit.objects.get(code="253-TP").delete()
    assert Unit.objects.filter(code="253-TP").exists()


def test_rename_keeps_the_old_name_for_old_documents(demo: dict[str, int]) -> None:
    unit = Unit.objects.get(code="253-KTHT")
    rename_unit(
        actor=None,
        unit=unit,
        new_name="Phòng Kinh tế, Hạ tầng và Đô thị huyện Sông Lô",
        on=dt.date(2025, 3, 1),
        note="Nghị định 45/2025/NĐ-CP",
    )
    unit.refresh_from_db()
    assert unit.name_on(dt.date(2021, 8, 9)) == "Phòng Kinh tế và Hạ tầng huyện Sông Lô"
    assert unit.name_on(dt.date(2025, 5, 1)) == "Phòng Kinh tế, Hạ tầng và Đô thị huyện Sông Lô"
    issuer = get_issuer("253")
    assert [m.code for m in resolve("phòng Kinh tế- HT huyện", issuer).matches] == ["253-KTHT"]
    assert [m.code for m in resolve("Phòng KT-HT-ĐT", issuer).matches] == ["253-KTHT"]
    event = AuditEvent.objects.filter(action="unit.rename").get()
    assert event.before == {"name": "Phòng Kinh tế và Hạ tầng huyện Sông Lô", "short_name": "Phòng KT-HT"}


def test_audit_events_are_append_only(demo: dict[str, int]) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
