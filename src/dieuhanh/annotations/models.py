"""Documents the Office has checked on import: the text, what the parser read and what the Office confirmed.

Each is a new annotated example in the corpus format (``dieuhanh.notice/1`` gold), exported for retraining by
``dieuhanh annotations export`` (``make corpus-export``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnotatedExample(models.Model):
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("Cơ quan")
    )
    source_name = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("Mã băm tệp"), max_length=64, db_index=True)
    text = models.TextField(_("Văn bản"))
    parsed = models.JSONField(_("Dữ liệu đọc được"))
    gold = models.JSONField(_("Dữ liệu đã hiệu đính"))
    confirmed = models.PositiveIntegerField(_("Nhiệm vụ giữ nguyên"), default=0)
    corrected = models.PositiveIntegerField(_("Nhiệm vụ đã sửa"), default=0)
    rejected = models.PositiveIntegerField(_("Nhiệm vụ đã loại"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Mẫu đã hiệu đính")
        verbose_name_plural = _("Mẫu đã hiệu đính")

    def __str__(self) -> str:
        return self.source_name or f"#{self.pk}"
