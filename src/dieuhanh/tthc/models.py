"""What the TTHC app keeps in the database: procedures and their time limits, import sources with their column
mappings, the history of imports, publications on the portal and follow-up directives.

The dossiers themselves are not here: they are stored columnar (Parquet, one dataset per issuing body, see
``store``), because offices import millions of them and the statistics read them with DuckDB.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import Unit


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) with its legal time limit in working days."""

    code = models.CharField(_("mã thủ tục"), max_length=60, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True)
    time_limit_working_days = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết (ngày làm việc)"),
        null=True,
        blank=True,
        help_text=_("Dùng để tính hạn giải quyết khi tệp hồ sơ không ghi hạn; 0 = giải quyết trong ngày."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}" if self.name else self.code


class ImportSource(models.Model):
    """A one-stop system whose exports an issuing body imports, with the column mapping its files need."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tthc_sources")
    name = models.CharField(_("tên nguồn dữ liệu"), max_length=100)
    mapping = models.JSONField(
        _("ánh xạ cột"),
        default=dict,
        blank=True,
        help_text=_("Trường → tiêu đề cột trong tệp; trường không ghi thì nhận theo các tiêu đề thường gặp."),
    )
    default_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tiếp nhận mặc định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Dùng khi tệp không có cột đơn vị (tệp xuất của một đơn vị)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nguồn dữ liệu hồ sơ")
        verbose_name_plural = _("nguồn dữ liệu hồ sơ")
        ordering = ["issuer", "name"]
        constraints = [models.UniqueConstraint(fields=["issuer", "name"], name="tthc_source_unique_name")]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    REFUSED = "refused", _("Không nhập (có lỗi)")
    FAILED = "failed", _("Lỗi hệ thống")


class ImportJob(models.Model):
    """One import of a file: its progress while it runs, then its outcome and every bad row."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tthc_imports")
    # A source named for the first time is registered only when its first import succeeds (a refused file
    # leaves no trace but its job and audit events): until then the job keeps only its name.
    source = models.ForeignKey(
        ImportSource, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    source_name = models.CharField(_("nguồn dữ liệu"), max_length=100, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255)
    path = models.CharField(_("tệp tạm"), max_length=500, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(_("bước"), max_length=100, blank=True)
    done_units = models.PositiveBigIntegerField(default=0)
    total_units = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    inserted = models.PositiveIntegerField(_("hồ sơ mới"), default=0)
    updated = models.PositiveIntegerField(_("hồ sơ cập nhật"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    errors = models.JSONField(_("các lỗi"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập hồ sơ")
        verbose_name_plural = _("các lần nhập hồ sơ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        """Progress in whole percent (100 once finished)."""
        if self.status in (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED):
            return 100
        return min(99, int(100 * self.done_units / self.total_units)) if self.total_units else 0

    @property
    def finished(self) -> bool:
        """True once the job has an outcome."""
        return self.status in (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class Publication(models.Model):
    """The figures and rankings of one period as published on the portal (kept as published)."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tthc_publications")
    period = models.CharField(_("kỳ báo cáo"), max_length=30)
    snapshot = models.JSONField(_("số liệu công khai"))
    published_at = models.DateTimeField(_("thời điểm công khai"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả TTHC đã công khai")
        verbose_name_plural = _("kết quả TTHC đã công khai")
        ordering = ["-period", "issuer"]
        constraints = [models.UniqueConstraint(fields=["issuer", "period"], name="tthc_publication_unique")]

    def __str__(self) -> str:
        return f"{self.issuer.display_short} — {self.period}"


class FollowUp(models.Model):
    """A directive given to a unit whose late rate passed the threshold in a period (one per unit and period)."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tthc_follow_ups")
    period = models.CharField(_("kỳ báo cáo"), max_length=30)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    directive = models.ForeignKey("directives.Directive", on_delete=models.PROTECT, related_name="+")
    late_rate = models.FloatField(_("tỷ lệ quá hạn"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu khắc phục")
        verbose_name_plural = _("yêu cầu khắc phục")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "period", "unit"], name="tthc_follow_up_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.display_short} — {self.period}"
