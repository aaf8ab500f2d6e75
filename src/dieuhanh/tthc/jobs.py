"""Running web imports in the background: a thread per import, so the upload returns at once and the page
polls the job's progress. An import needs no worker process; the CLI runs imports in its own process."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from . import conf, services

logger = logging.getLogger("dieuhanh.tthc")


def _run(job_id: int) -> None:
    close_old_connections()
    try:
        services.run_import(job_id)
    except Exception:  # the job records its own failures; this only keeps the thread from dying loudly
        logger.exception("tthc import thread for job %s failed", job_id)
    finally:
        close_old_connections()


def launch(job_id: int) -> None:
    """Run a queued import in a background thread (or at once when background imports are off)."""
    if not conf.imports_in_background():
        services.run_import(job_id)
        return
    threading.Thread(target=_run, args=(job_id,), name=f"tthc-import-{job_id}", daemon=True).start()
