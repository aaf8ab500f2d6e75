"""The audit log: who changed what, when, from what to what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write that matters, or one refused attempt at a state change."""

    # Set before the insert (not auto_now_add) so the entry's hash can cover it.
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    succeeded = models.BooleanField(_("thành công"), default=True)
    message = models.TextField(_("ghi chú"), blank=True)
    # The hash chain (dieuhanh.core.auditchain): the previous entry's hash and this entry's own.
    prev_hash = models.CharField(_("mã băm mục trước"), max_length=64, blank=True)
    hash = models.CharField(_("mã băm"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are never deleted.")


class AuditChain(models.Model):
    """The head of the audit chain (one row): the newest entry's hash, and the checkpoint left by pruning.

    Writers lock this row to append, so two transactions never chain to the same previous entry.
    """

    head_id = models.BigIntegerField(_("mục mới nhất"), null=True, blank=True)
    head_hash = models.CharField(_("mã băm mục mới nhất"), max_length=64, blank=True)
    pruned_through_id = models.BigIntegerField(_("đã xóa đến mục"), null=True, blank=True)
    pruned_hash = models.CharField(_("mã băm mục cuối đã xóa"), max_length=64, blank=True)
    pruned_count = models.PositiveBigIntegerField(_("số mục đã xóa"), default=0)
    pruned_at = models.DateTimeField(_("lần xóa gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("chuỗi nhật ký")
        verbose_name_plural = _("chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.head_id} {self.head_hash[:12]}"
