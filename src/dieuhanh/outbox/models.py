"""Outgoing e-mail, written in the transaction of the change that causes it and delivered after commit."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


class OutboxMessage(models.Model):
    """One e-mail to send. ``dedup_key`` names what it is about (a person's digest of a day, say): writing the
    same key twice keeps the first, so a job that runs again never queues a message twice."""

    dedup_key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    source = models.CharField(_("nguồn"), max_length=50, blank=True)
    issuer = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cơ quan"),
    )
    from_email = models.CharField(_("người gửi"), max_length=254)
    to = models.JSONField(_("người nhận"), default=list)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    html = models.TextField(_("nội dung HTML"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới"), default=timezone.now)
    claimed_until = models.DateTimeField(_("đang gửi đến"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{', '.join(self.to)}: {self.subject}"

    @staticmethod
    def message_id_for(dedup_key: str, domain: str) -> str:
        """The same Message-ID for every attempt, so a receiver can tell a repeated delivery (see sender)."""
        digest = hashlib.sha256(dedup_key.encode()).hexdigest()[:32]
        return f"<{digest}@{domain}>"
