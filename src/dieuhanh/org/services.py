"""Every write to the registry: units, names, aliases, groups, people, committee seats.

Each function runs in one transaction, checks who is asking, and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.vn.abbrev import match_key

from .models import (
    CommitteeMembership,
    GroupKey,
    MembershipRole,
    Person,
    Role,
    Unit,
    UnitAlias,
    UnitGroup,
    UnitKind,
    UnitLevel,
    UnitName,
)

UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "symbol",
    "kind",
    "level",
    "parent_id",
    "issuer_id",
    "is_issuer",
    "place_name",
    "admin_code",
    "valid_from",
    "valid_to",
    "successor_id",
    "sort_order",
]
PERSON_FIELDS = ["full_name", "title", "unit_id", "role", "email", "phone", "is_active", "user_id"]


def require_registry_manager(actor: Any) -> None:
    """Refuse unless ``actor`` may change the registry (office staff, office chief, administrators)."""
    if actor is None:  # the system itself: demo loader, migrations, management commands
        return
    if not actor.has_perm("org.manage_registry"):
        raise PermissionDenied("Chỉ Văn phòng mới được sửa danh mục đơn vị và cán bộ.")


def _check_choice(value: str, choices: type[Any], label: str) -> None:
    if value not in choices.values:
        allowed = ", ".join(str(c.label) for c in choices)
        raise DomainError(
            f"{label} “{value}” không hợp lệ; chọn một trong: {allowed}.", code="invalid_choice"
        )


@transaction.atomic
def save_unit(*, actor: Any, code: str, **values: Any) -> Unit:
    """Create the unit with ``code`` or update it with ``values``; aliases given as ``aliases`` are added."""
    require_registry_manager(actor)
    code = (code or "").strip()
    if not code:
        raise DomainError("Mã đơn vị không được để trống.", code="unit_code_missing")
    aliases: Iterable[str] = values.pop("aliases", ()) or ()
    groups: Iterable[str] | None = values.pop("groups", None)
    if "kind" in values:
        _check_choice(values["kind"], UnitKind, "Loại đơn vị")
    if "level" in values:
        _check_choice(values["level"], UnitLevel, "Cấp")
    if not values.get("name") and not Unit.objects.filter(code=code).exists():
        raise DomainError(f"Đơn vị mã “{code}”: thiếu tên đầy đủ.", code="unit_name_missing")
    unit = Unit.objects.select_for_update().filter(code=code).first()
    before = audit.snapshot(unit, UNIT_FIELDS) if unit is not None else None
    if unit is None:
        unit = Unit(code=code)
    for key, value in values.items():
        setattr(unit, key, value)
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise DomainError(
            f"Đơn vị “{unit.name}”: ngày hết hiệu lực trước ngày có hiệu lực.", code="unit_validity_order"
        )
    if before is None or before != audit.snapshot(unit, UNIT_FIELDS):
        unit.save()
    for text in aliases:
        add_alias(actor=None, unit=unit, text=text, _audit=False)
    if groups is not None:
        set_groups(unit=unit, keys=groups)
    after = audit.snapshot(unit, UNIT_FIELDS)
    if before is None:
        audit.record(actor=actor, action="unit.create", obj=unit, after=after)
    elif before != after:
        changed_before, changed_after = audit.diff(before, after)
        audit.record(actor=actor, action="unit.update", obj=unit, before=changed_before, after=changed_after)
    return unit


def add_alias(*, actor: Any, unit: Unit, text: str, _audit: bool = True) -> UnitAlias | None:
    """Record another way documents write ``unit``'s name; an alias already known is left alone."""
    require_registry_manager(actor)
    text = " ".join((text or "").split())
    if not text:
        return None
    key = match_key(text)
    existing = unit.aliases.filter(key=key).first()
    if existing is not None:
        return existing
    alias = UnitAlias.objects.create(unit=unit, text=text)
    if _audit:
        audit.record(actor=actor, action="unit.alias_add", obj=unit, after={"alias": text})
    return alias


def set_groups(*, unit: Unit, keys: Iterable[str]) -> None:
    """Make ``unit`` a member of exactly the groups ``keys`` of its issuing body."""
    wanted = set()
    for key in keys:
        key = key.strip()
        if not key:
            continue
        _check_choice(key, GroupKey, "Nhóm đơn vị")
        wanted.add(key)
    issuer = unit.issuing_body
    for key in GroupKey.values:
        group, _ = UnitGroup.objects.get_or_create(issuer=issuer, key=key)
        if key in wanted:
            group.members.add(unit)
        else:
            group.members.remove(unit)


@transaction.atomic
def rename_unit(
    *, actor: Any, unit: Unit, new_name: str, on: dt.date, new_short_name: str = "", note: str = ""
) -> Unit:
    """Rename ``unit`` from ``on``: the old name is kept as history and as an alias for old documents."""
    require_registry_manager(actor)
    new_name = " ".join(new_name.split())
    if not new_name:
        raise DomainError("Tên mới không được để trống.", code="unit_name_missing")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    last = unit.former_names.order_by("-valid_to").first()
    UnitName.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        valid_from=(last.valid_to + dt.timedelta(days=1)) if last else unit.valid_from,
        valid_to=on - dt.timedelta(days=1),
        note=note,
    )
    add_alias(actor=None, unit=unit, text=unit.name, _audit=False)
    if unit.short_name:
        add_alias(actor=None, unit=unit, text=unit.short_name, _audit=False)
    before = {"name": unit.name, "short_name": unit.short_name}
    unit.name = new_name
    unit.short_name = new_short_name or unit.short_name
    unit.save(update_fields=["name", "short_name", "updated_at"])
    audit.record(
        actor=actor,
        action="unit.rename",
        obj=unit,
        before=before,
        after={"name": unit.name, "short_name": unit.short_name, "from": on},
        message=note,
    )
    return unit


@transaction.atomic
def merge_units(*, actor: Any, units: Iterable[Unit], into: Unit, on: dt.date, note: str = "") -> Unit:
    """Merge ``units`` into ``into`` from ``on``: each ends the day before and points to its successor."""
    require_registry_manager(actor)
    merged = []
    for unit in units:
        if unit.pk == into.pk:
            continue
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.valid_to is not None and unit.valid_to < on - dt.timedelta(days=1):
            raise DomainError(
                f"Đơn vị “{unit.name}” đã hết hiệu lực trước ngày sáp nhập.", code="unit_inactive"
            )
        before = audit.snapshot(unit, ["valid_to", "successor_id", "succession_note"])
        unit.valid_to = on - dt.timedelta(days=1)
        unit.successor = into
        unit.succession_note = note
        unit.save(update_fields=["valid_to", "successor", "succession_note", "updated_at"])
        audit.record(
            actor=actor,
            action="unit.merge",
            obj=unit,
            before=before,
            after=audit.snapshot(unit, ["valid_to", "successor_id", "succession_note"]),
            message=note,
        )
        merged.append(unit)
    if into.valid_from is None or into.valid_from > on:
        into.valid_from = on
        into.save(update_fields=["valid_from", "updated_at"])
    return into


def _ensure_login(person: Person, username: str, password: str | None) -> None:
    """Give ``person`` the login ``username``; the password is set only for a new login."""
    user_model = get_user_model()
    user = person.user
    if user is None:
        user = user_model.objects.filter(username=username).first()
        if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise DomainError(f"Tên đăng nhập “{username}” đã thuộc về người khác.", code="username_taken")
    if user is None:
        user = user_model(username=username)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    wanted = {"username": username, "email": person.email, "first_name": person.full_name[:150]}
    if user.pk is None or any(getattr(user, k) != v for k, v in wanted.items()):
        for key, value in wanted.items():
            setattr(user, key, value)
        user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "updated_at"])


@transaction.atomic
def save_person(
    *,
    actor: Any,
    full_name: str,
    unit: Unit,
    role: str = Role.VIEWER,
    title: str = "",
    email: str = "",
    phone: str = "",
    username: str = "",
    password: str | None = None,
    person: Person | None = None,
) -> Person:
    """Create or update a person; with ``username`` the person gets (or keeps) a login."""
    require_registry_manager(actor)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError("Họ và tên không được để trống.", code="person_name_missing")
    _check_choice(role, Role, "Vai trò")
    if person is None and username:
        person = Person.objects.filter(user__username=username).first()
    before = audit.snapshot(person, PERSON_FIELDS) if person is not None else None
    if person is None:
        person = Person()
    person.full_name = full_name
    person.unit = unit
    person.role = role
    person.title = title
    person.email = email
    person.phone = phone
    if before is None or before != audit.snapshot(person, PERSON_FIELDS):
        person.save()
    if username:
        _ensure_login(person, username, password)
    after = audit.snapshot(person, PERSON_FIELDS)
    if before is None:
        audit.record(actor=actor, action="person.create", obj=person, after=after)
    elif before != after:
        b, a = audit.diff(before, after)
        audit.record(actor=actor, action="person.update", obj=person, before=b, after=a)
    return person


@transaction.atomic
def seat_member(
    *, actor: Any, committee: Unit, person: Person, role: str, start: dt.date, end: dt.date | None = None
) -> CommitteeMembership:
    """Record ``person``'s seat on ``committee`` from ``start`` (idempotent for the same seat)."""
    require_registry_manager(actor)
    _check_choice(role, MembershipRole, "Chức danh")
    if committee.kind != UnitKind.COMMITTEE:
        raise DomainError(f"“{committee.name}” không phải là Ủy ban nhân dân.", code="not_a_committee")
    if end is not None and end < start:
        raise DomainError("Ngày kết thúc nhiệm kỳ trước ngày bắt đầu.", code="membership_dates")
    seat, created = CommitteeMembership.objects.get_or_create(
        committee=committee, person=person, role=role, start=start, defaults={"end": end}
    )
    if not created and seat.end != end:
        before = {"end": seat.end}
        seat.end = end
        seat.save(update_fields=["end"])
        audit.record(actor=actor, action="membership.update", obj=seat, before=before, after={"end": end})
    elif created:
        audit.record(actor=actor, action="membership.create", obj=seat, after=audit.snapshot(seat))
    return seat
