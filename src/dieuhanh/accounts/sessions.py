"""Session limits: an idle timeout and an absolute lifetime, both counted in the session itself."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

STARTED_KEY = "dieuhanh_signed_in_at"
ACTIVITY_KEY = "dieuhanh_last_activity"
# Last activity is written at most this often, so that each request does not save the session.
ACTIVITY_RESOLUTION_SECONDS = 60

IDLE_MESSAGE = "Phiên làm việc đã hết hạn vì không hoạt động quá {minutes} phút. Hãy đăng nhập lại."
LIFETIME_MESSAGE = "Phiên làm việc đã quá {hours} giờ kể từ khi đăng nhập. Hãy đăng nhập lại."


def start_session(request: HttpRequest, now: float | None = None) -> None:
    """Mark the moment of sign-in (the start of the absolute lifetime) and the first activity."""
    moment = time.time() if now is None else now
    request.session[STARTED_KEY] = moment
    request.session[ACTIVITY_KEY] = moment


def expiry_reason(request: HttpRequest, now: float | None = None) -> str | None:
    """The Vietnamese reason this signed-in session has ended, or None while it is still valid.

    A valid session's activity time is refreshed (to the minute).
    """
    moment = time.time() if now is None else now
    session = request.session
    started = session.get(STARTED_KEY)
    last = session.get(ACTIVITY_KEY)
    idle = settings.DIEUHANH_SESSION_IDLE_MINUTES
    lifetime = settings.DIEUHANH_SESSION_MAX_HOURS
    if isinstance(started, int | float) and moment - started > lifetime * 3600:
        return LIFETIME_MESSAGE.format(hours=lifetime)
    if isinstance(last, int | float) and moment - last > idle * 60:
        return IDLE_MESSAGE.format(minutes=idle)
    if not isinstance(started, int | float):
        # A session from before these limits existed: its lifetime counts from now.
        session[STARTED_KEY] = moment
    if not isinstance(last, int | float) or moment - last >= ACTIVITY_RESOLUTION_SECONDS:
        session[ACTIVITY_KEY] = moment
    return None
