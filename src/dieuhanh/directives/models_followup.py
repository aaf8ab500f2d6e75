"""Follow-up of assignments: progress reports and their files, extension requests, reminders, notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import Person, Unit

from .models import Assignment, WrittenInstruction


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Báo cáo tiến độ")
    COMPLETION = "completion", _("Báo cáo hoàn thành")


class ReviewState(models.TextChoices):
    NONE = "", _("Không cần xác nhận")
    PENDING = "pending", _("Chờ Văn phòng xác nhận")
    CONFIRMED = "confirmed", _("Văn phòng đã xác nhận hoàn thành")
    RETURNED = "returned", _("Văn phòng trả lại")


class ProgressReport(models.Model):
    """What a unit reports on an assignment: progress so far, or completion with evidence for the office."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(
        _("loại báo cáo"), max_length=10, choices=ReportKind.choices, default=ReportKind.PROGRESS
    )
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    reported_on = models.DateField(_("ngày báo cáo"))
    reported_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(_("người báo cáo"), max_length=200, blank=True)
    review_state = models.CharField(
        _("xác nhận"), max_length=10, choices=ReviewState.choices, default=ReviewState.NONE, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_label = models.CharField(_("người xác nhận"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của Văn phòng"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reported_on:%d/%m/%Y}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"directives/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    """A file attached to a progress report or a written instruction; stored by its SHA-256, served only
    through a page that checks who asks."""

    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    instruction = models.ForeignKey(
        WrittenInstruction, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, instruction__isnull=True)
                | Q(report__isnull=True, instruction__isnull=False),
                name="attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý")


class ExtensionRequest(models.Model):
    """A unit's request to move its deadline, decided by the office chief or a leader."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_label = models.CharField(_("người đề nghị"), max_length=200, blank=True)
    current_deadline = models.DateField(_("hạn hiện tại"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        _("kết quả"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decider_label = models.CharField(_("người quyết định"), max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(state="pending"), name="extension_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Gia hạn đến {self.requested_deadline:%d/%m/%Y} ({self.get_state_display()})"


class Escalation(models.TextChoices):
    NONE = "", _("Đơn vị thực hiện")
    HEAD = "head", _("Thủ trưởng đơn vị")
    OFFICE = "office", _("Văn phòng")


class ReminderRule(models.Model):
    """When an issuing body reminds: ``offset_days`` from the deadline (negative before), and whom it escalates
    to. Without rules of its own an issuing body uses the defaults of ``conf.DEFAULT_RULES``."""

    issuer = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminder_rules")
    offset_days = models.SmallIntegerField(
        _("số ngày so với hạn"), help_text=_("Âm: trước hạn; 0: đúng hạn.")
    )
    escalation = models.CharField(
        _("báo đến"), max_length=10, choices=Escalation.choices, blank=True, default=""
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quy tắc đôn đốc")
        verbose_name_plural = _("quy tắc đôn đốc")
        ordering = ["issuer", "offset_days"]
        constraints = [models.UniqueConstraint(fields=["issuer", "offset_days"], name="reminder_rule_once")]

    def __str__(self) -> str:
        return f"{self.offset_days:+d} ngày"


class ReminderLog(models.Model):
    """A reminder that was sent: one per assignment, rule offset and due date, whatever runs the job."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    offset_days = models.SmallIntegerField()
    due_on = models.DateField(_("hạn được nhắc"))
    fired_on = models.DateField(_("ngày nhắc"))
    escalation = models.CharField(max_length=10, choices=Escalation.choices, blank=True, default="")
    run = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần đôn đốc")
        verbose_name_plural = _("lần đôn đốc")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "offset_days", "due_on"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.offset_days:+d} {self.due_on}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Nhiệm vụ mới")
    REMINDER = "reminder", _("Đôn đốc")
    ESCALATION = "escalation", _("Đôn đốc quá hạn")
    COMPLETION_REPORTED = "completion_reported", _("Đơn vị báo cáo hoàn thành")
    COMPLETION_CONFIRMED = "completion_confirmed", _("Xác nhận hoàn thành")
    COMPLETION_RETURNED = "completion_returned", _("Trả lại báo cáo hoàn thành")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Kết quả đề nghị gia hạn")
    CLOSED = "closed", _("Dừng theo dõi")


class Notification(models.Model):
    """An in-app message to a person about an assignment."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    text = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class DigestLog(models.Model):
    """The one digest e-mail a person gets on a day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    run = models.CharField(max_length=32, db_index=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class JobRunStatus(models.TextChoices):
    RUNNING = "running", _("Đang chạy")
    FINISHED = "finished", _("Đã xong")


class JobRun(models.Model):
    """A scheduled job's day: marked finished in the same transaction as that day's results, so a day whose run
    was killed is still unfinished and the next run (``schedule.catch_up``) does it again, and a day never run
    (the worker was down) is caught up in order."""

    job = models.CharField(_("việc"), max_length=40)
    day = models.DateField(_("ngày"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobRunStatus.choices)
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=0)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    summary = models.CharField(_("kết quả"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lần chạy việc định kỳ")
        verbose_name_plural = _("lần chạy việc định kỳ")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="job_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day} {self.status}"


class CalendarToken(models.Model):
    """The secret in a person's iCalendar feed address; a new one revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}"
