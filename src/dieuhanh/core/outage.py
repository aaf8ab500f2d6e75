"""A database that refuses connections is an outage: every page answers 503 in Vietnamese (JSON under /api/)
with ``Retry-After``, and the site recovers by itself once the database is back.

Django turns an exception raised inside any middleware or view into a response before it reaches the middleware
around it, so two hooks share the work: ``OutageMiddleware.process_exception`` answers for views (including the
API, which re-raises what it does not handle), and ``handlers.server_error`` answers for what middleware raised
(a session read or saved on the way in or out). Both build the answer here. The page is rendered without the
request, so no context processor touches the database.
"""

from __future__ import annotations

import contextlib
import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger("dieuhanh.outage")

RETRY_AFTER_SECONDS = 30


def unavailable_database(exception: BaseException) -> bool:
    """Whether ``exception`` says the database cannot be reached (refused, gone, closed), not that a query was
    wrong: the driver's OperationalError and InterfaceError, whatever the backend."""
    return (
        isinstance(exception, OperationalError | InterfaceError)
        and not _is_query_error(exception)
        and not _database_answers()
    )


def _is_query_error(exception: BaseException) -> bool:
    # SQLite reports a wrong query (a missing table, a LIKE pattern too long) as OperationalError too.
    text = str(exception).lower()
    return any(
        marker in text
        for marker in ("no such table", "no such column", "syntax error", "pattern too complex", "too many")
    )


def _database_answers() -> bool:
    """Whether a fresh connection to the default database answers ``SELECT 1`` now: then the failed query was
    the query's fault (a 500 to fix), not an outage."""
    current = connections["default"]
    probe = current.__class__(dict(current.settings_dict), current.alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() is not None
    except Exception:  # refused, gone, unreadable file: the database is not answering
        return False
    finally:
        with contextlib.suppress(Exception):  # a connection that never opened may fail to close
            probe.close()


def _reset_connections() -> None:
    """Drop every connection that failed, so the next request opens a fresh one (never inside a transaction:
    the code that opened it is still unwinding)."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close()
        except Exception:  # a connection that is already broken may fail to close; it is dropped all the same
            conn.connection = None


def outage_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 answer while the database is unreachable, logged once per request."""
    from .handlers import error_response

    logger.error(
        "database unavailable for %s %s: %s: %s",
        request.method,
        request.path,
        exception.__class__.__name__,
        str(exception).strip().splitlines()[0][:300] if str(exception).strip() else "",
    )
    _reset_connections()
    response = error_response(request, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware(MiddlewareMixin):
    """Answers 503 for a view that failed because the database is unreachable."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not unavailable_database(exception):
            return None
        return outage_response(request, exception)
