"""Conclusion notices: drafts with revisions, issued notices (immutable), numbering series, the outgoing
register, deliveries to recipient units with read receipts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import Person, Unit


class NumberingMode(models.TextChoices):
    SHARED = "shared", _("Một sổ chung cho mọi văn bản hành chính")
    PER_TYPE = "per_type", _("Mỗi loại văn bản một sổ")


class NoticeSettings(models.Model):
    """How an issuing body words and numbers its notices: editable by its office."""

    issuer = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="notice_settings")
    numbering_mode = models.CharField(
        _("cách lấy số"), max_length=10, choices=NumberingMode.choices, default=NumberingMode.SHARED
    )
    legal_bases_inline = models.BooleanField(
        _("ghi các căn cứ liền một đoạn"), default=False, help_text=_("Mặc định mỗi căn cứ một dòng.")
    )
    session_template = models.TextField(_("mẫu đoạn mở đầu"), blank=True)
    approval_template = models.TextField(_("mẫu câu thông qua báo cáo"), blank=True)
    closing_template = models.TextField(_("mẫu đoạn kết"), blank=True)
    default_recipients = models.JSONField(_("nơi nhận mặc định"), default=list, blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=40, default="TL. CHỦ TỊCH")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, default="CHÁNH VĂN PHÒNG")

    class Meta:
        verbose_name = _("cấu hình thông báo")
        verbose_name_plural = _("cấu hình thông báo")

    def __str__(self) -> str:
        return f"Cấu hình thông báo — {self.issuer.short_name}"


class SeriesKind(models.TextChoices):
    ADMINISTRATIVE = "admin", _("Văn bản hành chính")
    SECRET = "secret", _("Văn bản mật")
    COPY = "copy", _("Bản sao")


class NumberingSeries(models.Model):
    """A number series of one issuing body and year; the row is locked while a number is taken."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="number_series")
    key = models.CharField(
        _("sổ"), max_length=20, help_text=_("'admin', 'secret', 'copy' hoặc ký hiệu loại (TB).")
    )
    year = models.PositiveIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số")
        verbose_name_plural = _("sổ đăng ký số")
        constraints = [models.UniqueConstraint(fields=["issuer", "key", "year"], name="series_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last_number}"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


def notice_file_path(instance: Notice, filename: str) -> str:
    return f"notices/{instance.issuer_id}/{instance.year or 'draft'}/{filename}"


# Fields fixed at issue: nobody changes them afterwards (service, admin or API).
FROZEN_FIELDS = [
    "issuer_id",
    "meeting_id",
    "doc_type",
    "title",
    "number",
    "symbol",
    "year",
    "issued_on",
    "place",
    "signer_id",
    "signer_name",
    "signer_authority",
    "signer_title",
    "body",
    "recipients",
    "series_key",
    "corrects_id",
    "status",
    "docx_file",
    "pdf_file",
    "sha256",
]


class Notice(models.Model):
    """A conclusion notice (thông báo kết luận), drafted from a session or imported, then issued."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="notices")
    meeting = models.OneToOneField(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="notice"
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=10, default="TB")
    title = models.CharField(_("trích yếu"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    body = models.JSONField(
        _("nội dung"), default=list, help_text=_("Các đoạn văn: kiểu đoạn và các đoạn chữ.")
    )
    recipients = models.JSONField(_("nơi nhận"), default=list)
    series_key = models.CharField(_("sổ"), max_length=20, default=SeriesKind.ADMINISTRATIVE)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    year = models.PositiveIntegerField(_("năm"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signer = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=40, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, blank=True)
    is_public = models.BooleanField(_("công khai trên cổng thông tin"), default=False)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("đính chính, thay thế thông báo"),
    )
    imported = models.BooleanField(_("nhập từ văn bản cũ"), default=False)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    docx_file = models.FileField(upload_to=notice_file_path, blank=True, max_length=300)
    pdf_file = models.FileField(upload_to=notice_file_path, blank=True, max_length=300)
    sha256 = models.CharField(_("SHA-256 của tệp PDF"), max_length=64, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["-issued_on", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series_key", "year", "number"],
                condition=Q(number__isnull=False),
                name="notice_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(imported=True, issued_on__isnull=False)
                | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="issued_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol or 'Dự thảo'} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not getattr(self, "_issuing", False):
            stored = Notice.objects.filter(pk=self.pk).values(*FROZEN_FIELDS).first()
            if stored is not None and stored["status"] == NoticeStatus.ISSUED:
                changed = [f for f in FROZEN_FIELDS if stored[f] != _field_value(self, f)]
                if changed:
                    raise DomainError(
                        "Thông báo đã ban hành: không sửa được. Muốn đính chính, hãy soạn thông báo mới thay thế.",
                        code="notice_issued_immutable",
                        log_message=f"Refused change of issued notice {self.pk}: {changed}",
                    )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_issued:
            raise DomainError("Thông báo đã ban hành: không xóa được.", code="notice_issued_immutable")
        return super().delete(*args, **kwargs)

    @property
    def number_symbol(self) -> str:
        """'15/TB-UBND' (a leading zero below 10, as Decree 30 writes it)."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.status == NoticeStatus.ISSUED


def _field_value(notice: Notice, name: str) -> Any:
    value = getattr(notice, name)
    if hasattr(value, "name") and not isinstance(value, str):  # FieldFile
        return value.name or ""
    return value


class NoticeRevision(models.Model):
    """A saved version of a draft's text, with its author and time."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.JSONField()
    recipients = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("bản sửa")
        verbose_name_plural = _("bản sửa")
        ordering = ["notice", "-number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"Bản sửa {self.number}"


class OutgoingEntry(models.Model):
    """A line of the outgoing register (sổ đăng ký văn bản đi): every issued document."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outgoing_register")
    series_key = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    doc_type = models.CharField(_("loại"), max_length=10)
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    recipients_text = models.TextField(_("nơi nhận"), blank=True)
    notice = models.OneToOneField(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="register_entry"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        ordering = ["issuer", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "series_key", "year", "number"], name="register_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} {self.title}"


class Delivery(models.Model):
    """A notice in a recipient unit's inbox, with its read receipt."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inbox")
    purpose = models.CharField(_("mục đích"), max_length=20, blank=True)
    delivered_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản đến đơn vị")
        verbose_name_plural = _("văn bản đến đơn vị")
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="delivery_once")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.unit}"
