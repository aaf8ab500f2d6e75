"""Sign-in history and the start of the session's lifetime, from Django's authentication signals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY

from .models import SignInMethod
from .policy import ENROLLED_SESSION_KEY
from .services import record_sign_in, remember_password
from .sessions import start_session
from .validators import PASSWORD_HISTORY

_CHANGED = "_dieuhanh_password_changed"


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dieuhanh.accounts.password_check")
def _note_password_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Every way a password is set ends in a save of a new hash (set_password, create_user's make_password,
    # the admin, ``changepassword``): compare with the stored hash, so the history misses none of them.
    if update_fields is not None and "password" not in update_fields:
        return
    stored = (
        sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        if instance.pk
        else None
    )
    setattr(instance, _CHANGED, stored != instance.password)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dieuhanh.accounts.password_history")
def _record_password(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, _CHANGED, False):
        setattr(instance, _CHANGED, False)
        remember_password(user=instance, keep=PASSWORD_HISTORY)


@receiver(user_logged_in, dispatch_uid="dieuhanh.accounts.signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        start_session(request)
        # A password sign-in starts the second-factor step afresh, even in a session that had passed it.
        request.session.pop(ENROLLED_SESSION_KEY, None)
        if getattr(user, "otp_device", None) is None:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
    record_sign_in(
        request=request, user=user, username=user.get_username(), succeeded=True, method=SignInMethod.PASSWORD
    )


@receiver(user_login_failed, dispatch_uid="dieuhanh.accounts.sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")
    user = (
        get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if username
        else None
    )
    record_sign_in(
        request=request, user=user, username=username, succeeded=False, method=SignInMethod.PASSWORD
    )
