"""Directives as the Chair gives them (giao / yêu cầu / đề nghị), and whom they address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import GroupKey, Unit


class Verb(models.TextChoices):
    ASSIGN = "giao", _("giao")
    REQUIRE = "yêu cầu", _("yêu cầu")
    REQUEST = "đề nghị", _("đề nghị")
    DIRECT = "chỉ đạo", _("chỉ đạo")


class DirectiveKind(models.TextChoices):
    FINALIZE_REPORT = "finalize_report", _("Hoàn thiện báo cáo")
    TASK = "task", _("Nhiệm vụ")
    REQUIREMENT = "requirement", _("Yêu cầu")
    FOLLOW_UP = "follow_up", _("Theo dõi, đôn đốc")


class ReportingCycle(models.TextChoices):
    NONE = "", _("Không")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


class Directive(models.Model):
    """What a conclusion asks of units: one trigger clause with its assignees and deadline."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directives")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="directives"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.CASCADE, related_name="directives"
    )
    verb = models.CharField(_("từ giao việc"), max_length=12, choices=Verb.choices, default=Verb.ASSIGN)
    kind = models.CharField(
        _("loại"), max_length=20, choices=DirectiveKind.choices, default=DirectiveKind.TASK
    )
    text = models.TextField(_("nội dung"))
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    ongoing = models.BooleanField(_("thường xuyên"), default=False)
    reporting_cycle = models.CharField(
        _("kỳ báo cáo"),
        max_length=10,
        choices=ReportingCycle.choices,
        default=ReportingCycle.NONE,
        blank=True,
    )
    source_document = models.CharField(_("văn bản chỉ đạo"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["meeting", "item__section__position", "item__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(ongoing=True) & Q(deadline__isnull=False)), name="directive_deadline_or_ongoing"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def item_key(self) -> str | None:
        return self.item.key if self.item_id else None


class AssigneeRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")


class DirectiveAssignee(models.Model):
    """A unit, or a group of units, addressed by a directive, optionally through its head or chair."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignees")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(
        _("nhóm"), max_length=20, blank=True, choices=[*GroupKey.choices, ("all", _("Các cấp, các ngành"))]
    )
    person_role = models.CharField(_("người đứng đầu"), max_length=12, blank=True)
    role = models.CharField(
        _("vai trò"), max_length=8, choices=AssigneeRole.choices, default=AssigneeRole.LEAD
    )
    mention = models.CharField(_("cách viết trong văn bản"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("đơn vị thực hiện")
        verbose_name_plural = _("đơn vị thực hiện")
        ordering = ["directive", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(group="")) | (Q(unit__isnull=True) & ~Q(group="")),
                name="assignee_unit_xor_group",
            )
        ]

    def __str__(self) -> str:
        return self.mention or (self.unit.name if self.unit else self.get_group_display())
