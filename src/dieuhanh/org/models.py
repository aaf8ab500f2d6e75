"""The registry of units (cơ quan, đơn vị), their names over time, groups and aliases; people and roles.

Units are never deleted: a unit that is renamed keeps its old names, and one that is merged or abolished gets a
``valid_to`` date and may point to its successor, so documents of any year resolve to the unit of that day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import DomainError
from dieuhanh.vn.abbrev import match_key


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Ủy ban nhân dân")
    COUNCIL = "council", _("Hội đồng nhân dân")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
    OFFICE = "office", _("Văn phòng HĐND và UBND")
    DEPARTMENT = "department", _("Phòng, ban chuyên môn")
    AGENCY = "agency", _("Cơ quan, đơn vị khác")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class GroupKey(models.TextChoices):
    COMMUNES = "communes", _("UBND các xã, phường, thị trấn")
    DEPARTMENTS = "departments", _("Các phòng chuyên môn")
    UNITS = "units", _("Các cơ quan, đơn vị")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: dt.date | None = None) -> UnitQuerySet:
        """Units that exist on ``day`` (today when not given)."""
        day = day or dt.date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def issuers(self) -> UnitQuerySet:
        return self.filter(is_issuer=True)


class Unit(models.Model):
    """Any organisation in the registry: a committee, its office, a department, an agency, a commune."""

    code = models.CharField(
        _("mã đơn vị"),
        max_length=40,
        unique=True,
        help_text=_("Mã dùng trong các hệ thống một cửa và khi nhập, xuất dữ liệu."),
    )
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    symbol = models.CharField(
        _("ký hiệu viết tắt"),
        max_length=20,
        blank=True,
        help_text=_("Dùng trong số, ký hiệu văn bản và dòng 'Lưu: VT, ...' (ví dụ UBND, VP, TNMT)."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    issuer = models.ForeignKey(
        "self",
        verbose_name=_("thuộc cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry",
        help_text=_("Cơ quan ban hành văn bản mà đơn vị này thuộc danh mục."),
    )
    is_issuer = models.BooleanField(
        _("là cơ quan ban hành"),
        default=False,
        help_text=_("Cơ quan có danh mục đơn vị và sổ văn bản riêng (UBND tỉnh, huyện, xã)."),
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Dùng ở dòng địa danh, ngày tháng của văn bản."),
    )
    admin_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    succession_note = models.CharField(_("căn cứ sáp nhập, đổi tên"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise DomainError(
            "Không xóa đơn vị khỏi danh mục: hãy ghi ngày hết hiệu lực và đơn vị kế thừa.",
            code="unit_delete_refused",
            log_message="Units are never deleted; set valid_to and a successor instead.",
        )

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or dt.date.today()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def issuing_body(self) -> Unit:
        """The issuing body whose registry holds this unit (itself for a top-level issuer)."""
        return self.issuer or self

    def name_on(self, day: dt.date) -> str:
        """The name the unit had on ``day``."""
        for old in self.former_names.all():
            if (old.valid_from is None or old.valid_from <= day) and old.valid_to >= day:
                return old.name
        return self.name

    def final_successor(self) -> Unit:
        """Follow successor links to the unit that carries this one's duties today."""
        seen = {self.pk}
        unit = self
        while unit.successor_id is not None and unit.successor_id not in seen:
            seen.add(unit.successor_id)
            unit = unit.successor  # type: ignore[assignment]
        return unit


class UnitName(models.Model):
    """A former name of a unit, with the period it was used."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="former_names")
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"))
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tên cũ")
        verbose_name_plural = _("tên cũ")
        ordering = ["unit", "-valid_to"]

    def __str__(self) -> str:
        return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"


class UnitAlias(models.Model):
    """A way documents write a unit's name ('phòng TN&MT', 'Văn phòng HĐND-UBND huyện')."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("cách viết"), max_length=255)
    key = models.CharField(_("khóa so khớp"), max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="unit_alias_unique_key")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = match_key(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class UnitGroup(models.Model):
    """A named set of units of one issuing body that documents address together."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="unit_groups")
    key = models.CharField(_("nhóm"), max_length=20, choices=GroupKey.choices)
    members = models.ManyToManyField(
        Unit, related_name="memberships", blank=True, verbose_name=_("thành viên")
    )

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        constraints = [models.UniqueConstraint(fields=["issuer", "key"], name="unit_group_unique_key")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} — {self.issuer.display_short}"


class Role(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    OFFICE_CHIEF = "office_chief", _("Chánh Văn phòng")
    OFFICE_STAFF = "office_staff", _("Chuyên viên Văn phòng")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    VIEWER = "viewer", _("Người xem")


LEADER_ROLES = {Role.CHAIR, Role.VICE_CHAIR}
OFFICE_ROLES = {Role.OFFICE_CHIEF, Role.OFFICE_STAFF}
UNIT_ROLES = {Role.UNIT_HEAD, Role.UNIT_STAFF}


class Person(models.Model):
    """A person of the registry: an officer, a leader or a delegate, with an optional login."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["unit__sort_order", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def issuer(self) -> Unit:
        return self.unit.issuing_body

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def is_leader(self) -> bool:
        return self.role in LEADER_ROLES


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    MEMBER = "member", _("Ủy viên")


class CommitteeMembership(models.Model):
    """A person's seat on a People's Committee for a period (quorum and votes count these)."""

    committee = models.ForeignKey(
        Unit,
        verbose_name=_("Ủy ban nhân dân"),
        on_delete=models.PROTECT,
        related_name="memberships_held",
        limit_choices_to={"kind": UnitKind.COMMITTEE},
    )
    person = models.ForeignKey(
        Person, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="seats"
    )
    role = models.CharField(_("chức danh"), max_length=20, choices=MembershipRole.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên UBND")
        verbose_name_plural = _("thành viên UBND")
        ordering = ["committee", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="membership_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person.full_name}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


def level_word(unit: Unit) -> str:
    """The locality word of a committee as documents write it after 'UBND': 'huyện', 'tỉnh', 'xã', 'thị trấn'."""
    from dieuhanh.vn.text import fold

    folded = fold(unit.name)
    for word in ("thi tran", "phuong", "thanh pho", "thi xa", "quan", "dac khu"):
        if f"nhan dan {word} " in folded or folded.startswith(f"ubnd {word} "):
            return {
                "thi tran": "thị trấn",
                "phuong": "phường",
                "thanh pho": "thành phố",
                "thi xa": "thị xã",
                "quan": "quận",
                "dac khu": "đặc khu",
            }[word]
    return {UnitLevel.PROVINCE: "tỉnh", UnitLevel.DISTRICT: "huyện", UnitLevel.COMMUNE: "xã"}[
        UnitLevel(unit.level)
    ]
