"""Password rules beyond Django's: none of the last few passwords again; the length rule in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

# How many earlier passwords are kept and refused (the current one included).
PASSWORD_HISTORY = 5


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's length rule; Django 5.2 reworded its message and its Vietnamese catalogue lacks the new one."""

    def get_error_message(self) -> str:
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}


class PasswordReuseValidator:
    """Refuse the current password and the ``history`` before it (kept by ``accounts.signals``)."""

    def __init__(self, history: int = PASSWORD_HISTORY) -> None:
        self.history = history

    def validate(self, password: str, user: Any = None) -> None:
        from .services import password_was_used

        if user is not None and password_was_used(user=user, password=password, last=self.history):
            raise ValidationError(
                ngettext(
                    "Mật khẩu này trùng với mật khẩu đã dùng gần đây. Hãy chọn mật khẩu khác mật khẩu gần nhất.",
                    "Mật khẩu này trùng với một trong %(count)d mật khẩu đã dùng gần đây. Hãy chọn mật khẩu khác.",
                    self.history,
                )
                % {"count": self.history},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Mật khẩu mới phải khác mật khẩu gần nhất.",
            "Mật khẩu mới phải khác %(count)d mật khẩu gần nhất.",
            self.history,
        ) % {"count": self.history}
