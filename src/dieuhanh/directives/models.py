"""Directives as the Chair gives them (giao / yêu cầu / đề nghị), and whom they address."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import GroupKey, Unit

from .status import OUTCOME, OUTCOME_ON, AssignmentStatus, Closure, status_of


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
        return self.item.key if self.item is not None else None


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


class WrittenInstruction(models.Model):
    """The leader's written instruction (phiếu chỉ đạo, công văn) a directive given outside a session comes from."""

    directive = models.OneToOneField(Directive, on_delete=models.CASCADE, related_name="instruction")
    leader = models.ForeignKey(
        "org.Person", verbose_name=_("lãnh đạo chỉ đạo"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"))
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    def __str__(self) -> str:
        return self.directive.source_document or self.document_number


class PersonRole(models.TextChoices):
    """Whom of a unit an assignment addresses ('Chủ tịch UBND các xã' addresses each commune's chair)."""

    UNIT = "", _("Đơn vị")
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    HEAD = "head", _("Người đứng đầu")
    MEMBER = "member", _("Thành viên")


class Assignment(models.Model):
    """One unit's share of a directive as issued: lead or supporting, with its own deadline and progress.

    Status is never stored: it follows from the dates below (see ``status.py``). ``issuer``, ``meeting`` and
    ``leader`` are copied from the directive when it is issued so dashboards filter without joins.
    """

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments")
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(
        _("vai trò"), max_length=8, choices=AssigneeRole.choices, default=AssigneeRole.LEAD
    )
    person_role = models.CharField(
        _("giao cho"), max_length=12, choices=PersonRole.choices, default=PersonRole.UNIT, blank=True
    )
    assignee = models.ForeignKey(
        DirectiveAssignee, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name=_("lãnh đạo chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_label = models.CharField(_("văn bản giao"), max_length=300, blank=True)
    issued_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    ongoing = models.BooleanField(_("thường xuyên"), default=False)
    reporting_cycle = models.CharField(
        _("kỳ báo cáo"),
        max_length=10,
        choices=ReportingCycle.choices,
        default=ReportingCycle.NONE,
        blank=True,
    )
    started_on = models.DateField(_("ngày bắt đầu thực hiện"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    final_document_number = models.CharField(_("số văn bản đã ban hành"), max_length=60, blank=True)
    closed_on = models.DateField(_("ngày dừng theo dõi"), null=True, blank=True)
    closure = models.CharField(_("lý do dừng"), max_length=12, choices=Closure.choices, blank=True)
    closure_reason = models.TextField(_("giải trình"), blank=True)
    superseded_by = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    latest_report = models.ForeignKey(
        "directives.ProgressReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_completion = models.ForeignKey(
        "directives.ProgressReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Computed by the database from the dates above (see ``status.OUTCOME``), for dashboards to count by index.
    outcome = models.GeneratedField(
        expression=OUTCOME, output_field=models.CharField(max_length=12), db_persist=True
    )
    outcome_on = models.GeneratedField(
        expression=OUTCOME_ON, output_field=models.DateField(), db_persist=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ của đơn vị")
        verbose_name_plural = _("nhiệm vụ của đơn vị")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="assignment_once_per_unit"),
            models.CheckConstraint(
                condition=~(Q(ongoing=True) & Q(deadline__isnull=False)),
                name="assignment_deadline_or_ongoing",
            ),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(closure=""))
                | (Q(closed_on__isnull=False) & ~Q(closure="")),
                name="assignment_closure_dated",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(done_on__isnull=True),
                name="assignment_done_or_closed",
            ),
        ]
        indexes = [
            # Counting by unit and outcome, the open work by deadline, a period's work: index-only reads.
            models.Index(fields=["issuer", "unit", "outcome"], name="assignment_unit_outcome"),
            models.Index(
                fields=["issuer", "outcome", "unit", "deadline", "started_on"], name="assignment_open_unit"
            ),
            models.Index(
                fields=["issuer", "outcome", "deadline", "issued_on"], name="assignment_outcome_deadline"
            ),
            models.Index(
                fields=["issuer", "pending_completion"],
                condition=Q(pending_completion__isnull=False),
                name="assignment_awaiting_review",
            ),
            models.Index(fields=["issuer", "issued_on", "unit", "outcome"], name="assignment_issued"),
            models.Index(fields=["issuer", "deadline", "outcome"], name="assignment_issuer_deadline"),
            models.Index(fields=["unit", "deadline"], name="assignment_unit_deadline"),
            models.Index(fields=["deadline"], name="assignment_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.display_short}: {self.directive.text[:60]}"

    def status_on(self, today: dt.date) -> AssignmentStatus:
        """The status on ``today`` (see ``status.status_of``)."""
        return status_of(self, today)

    @property
    def status(self) -> AssignmentStatus:
        """Today's status, or the one a query annotated (``with_status``)."""
        annotated = self.__dict__.get("status_value")
        if annotated:
            return AssignmentStatus(annotated)
        return status_of(self, timezone.localdate())

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None or self.done_on is not None

    @property
    def addressee(self) -> str:
        """'Chủ tịch UBND xã Đồng Quế' for an assignment addressed to the unit's chair, else the unit's name."""
        if not self.person_role:
            return self.unit.display_short
        return f"{PersonRole(self.person_role).label} {self.unit.display_short}"


class AssignmentsVersion(models.Model):
    """Which state an issuing body's assignments are in: database triggers (migration 0005) draw a new random
    version in the same transaction as every insert, update or delete of an assignment, bulk ones and raw SQL
    included, so an aggregate cached under a version (``summary.py``) is never read after the rows it counts
    changed, and a rolled-back write leaves no version behind that a later one could repeat."""

    issuer_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản số liệu nhiệm vụ")
        verbose_name_plural = _("phiên bản số liệu nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.issuer_id}: {self.version}"


from .models_followup import (  # noqa: E402  (the follow-up models need Assignment defined first)
    Attachment,
    CalendarToken,
    DigestLog,
    Escalation,
    ExtensionRequest,
    ExtensionState,
    JobRun,
    JobRunStatus,
    Notification,
    NotificationKind,
    ProgressReport,
    ReminderLog,
    ReminderRule,
    ReportKind,
    ReviewState,
)

__all__ = [
    "AssigneeRole",
    "Assignment",
    "AssignmentsVersion",
    "Attachment",
    "CalendarToken",
    "DigestLog",
    "Directive",
    "DirectiveAssignee",
    "DirectiveKind",
    "Escalation",
    "ExtensionRequest",
    "ExtensionState",
    "JobRun",
    "JobRunStatus",
    "Notification",
    "NotificationKind",
    "PersonRole",
    "ProgressReport",
    "ReminderLog",
    "ReminderRule",
    "ReportKind",
    "ReportingCycle",
    "ReviewState",
    "Verb",
    "WrittenInstruction",
]
