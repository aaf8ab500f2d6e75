"""The health page ``/suc-khoe/``: is the database answering, is the job worker alive (JSON, for monitoring).

The worker proves it is alive by running a task every minute that touches a heartbeat file under the data
directory (``beat``); the web and the worker share that directory anyway (uploads, signed notices). Without a
heartbeat file the worker's state is "unknown" and the page says what it knows of the job queue.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_NAME = "worker-heartbeat.json"


def heartbeat_file() -> Path:
    """Where the worker writes its heartbeat."""
    return Path(getattr(settings, "DIEUHANH_HEARTBEAT_FILE", "") or Path(settings.DATA_DIR) / HEARTBEAT_NAME)


def stale_after() -> int:
    """Seconds without a heartbeat after which the worker counts as stopped (three missed beats)."""
    return int(getattr(settings, "DIEUHANH_WORKER_STALE_SECONDS", 180))


def beat() -> None:
    """Record that the worker is alive now (written atomically: a reader never sees half a file)."""
    path = heartbeat_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"pid": os.getpid(), "at": time.time()}))
    os.replace(tmp, path)


def database_status() -> dict[str, Any]:
    """Whether the database answers a query, and how fast."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database is not usable
        return {"status": "error", "error": exc.__class__.__name__}
    return {
        "status": "ok",
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _queue_status() -> dict[str, Any]:
    """What the job queue can tell without the worker: backend, pending tasks, age of the queue file."""
    from dieuhanh.directives import conf

    info: dict[str, Any] = {"backend": "redis" if conf.redis_url() else "sqlite"}
    if not conf.redis_url():
        path = conf.queue_file()
        if not path.exists():
            info["pending"] = 0
            return info
        info["file_age_seconds"] = round(time.time() - path.stat().st_mtime)
    try:
        from dieuhanh.directives.jobs import queue

        info["pending"] = queue.pending_count()
    except Exception as exc:  # an unreachable Redis or a locked queue file: say so, do not fail the page
        info["error"] = exc.__class__.__name__
    return info


def worker_status() -> dict[str, Any]:
    """``ok`` when the heartbeat is recent, ``stale`` when it stopped, ``unknown`` when there is none."""
    path = heartbeat_file()
    try:
        data = json.loads(path.read_text())
        at = float(data["at"])
    except FileNotFoundError:
        return {"status": "unknown", "queue": _queue_status()}
    except (ValueError, KeyError, TypeError, OSError):
        return {"status": "unknown", "error": "heartbeat unreadable", "queue": _queue_status()}
    age = max(0.0, time.time() - at)
    return {
        "status": "ok" if age <= stale_after() else "stale",
        "last_seen_seconds": round(age),
        "queue": _queue_status(),
    }


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, 503 when it does not.

    Anyone (a monitor, a load balancer) learns only up or down; the office and administrators also see the
    state of each part (database vendor and speed, worker, queue), which would help an attacker.
    """
    database = database_status()
    up = database["status"] == "ok"
    # Only ask who is signed in when the database answers: the session lives there.
    if not (up and request.user.has_perm("core.view_health")):
        return JsonResponse({"status": "up" if up else "down"}, status=200 if up else 503)
    worker = worker_status()
    if database["status"] != "ok":
        overall = "error"
    elif worker["status"] != "ok":
        overall = "degraded"
    else:
        overall = "ok"
    body = {"status": overall, "database": database, "worker": worker}
    return JsonResponse(body, status=200 if database["status"] == "ok" else 503)
