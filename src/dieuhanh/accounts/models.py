"""What accounts remember: earlier password hashes and every sign-in attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordHistory(models.Model):
    """The hash of a password a user has had, so that the last few cannot be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("mã băm mật khẩu"), max_length=256)
    created_at = models.DateTimeField(_("thời điểm đặt"), default=timezone.now)

    class Meta:
        verbose_name = _("mật khẩu đã dùng")
        verbose_name_plural = _("mật khẩu đã dùng")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%d/%m/%Y %H:%M}"


class SignInMethod(models.TextChoices):
    PASSWORD = "password", _("Mật khẩu")
    TOTP = "totp", _("Mã xác thực (ứng dụng)")
    RECOVERY = "recovery", _("Mã dự phòng")
    ENROLMENT = "enrolment", _("Đăng ký xác thực hai lớp")


class SignInEvent(models.Model):
    """One sign-in attempt: a password step or a second-factor step, successful or not."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_ins",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    succeeded = models.BooleanField(_("thành công"))
    method = models.CharField(_("cách xác thực"), max_length=20, choices=SignInMethod.choices)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("lịch sử đăng nhập")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.method} {outcome}"
