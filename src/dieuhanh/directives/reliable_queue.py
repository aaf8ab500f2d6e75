"""A huey queue on SQLite that acknowledges a task only after it finished.

Huey's SQLite storage dequeues by deleting the task's row: a worker killed while the task runs (waiting on a
locked database, say) loses it. Here dequeuing moves the row to a ``claimed`` table in the same transaction, and
the row is deleted only once the task has finished (successfully or with an error huey handled, its retries
included). A claim whose worker process is gone is put back in the queue when a worker starts and every minute
after (``requeue_abandoned``), so a killed task runs again. A task can therefore run twice if its worker dies
after the task's work committed and before the acknowledgement: tasks run here are idempotent (the reminder job
records each day once, the outbox sends each message once).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from typing import Any

from huey import SqliteHuey
from huey import signals as S
from huey.storage import SqliteStorage

logger = logging.getLogger("dieuhanh.directives.jobs")

# Identifies this process among processes that had the same pid (a restarted container's worker often does).
PROCESS_TOKEN = uuid.uuid4().hex[:12]
# A claim of a worker on another machine (a shared file system) is taken back only after this long.
FOREIGN_CLAIM_SECONDS = 24 * 3600


def owner() -> str:
    """Who claims a task: host, process id and this process's token."""
    return f"{socket.gethostname()}:{os.getpid()}:{PROCESS_TOKEN}"


def _alive(claim_owner: str, claimed_at: float) -> bool:
    host, _, rest = claim_owner.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname():
        return time.time() - claimed_at < FOREIGN_CLAIM_SECONDS
    pid = int(pid_text or 0)
    if pid == os.getpid():
        return token == PROCESS_TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user has that pid: not ours, but alive
        return True
    return True


class AckingSqliteStorage(SqliteStorage):
    """Huey's SQLite storage with claims: a dequeued task stays on disk until it is acknowledged."""

    table_claim = (
        "create table if not exists claimed (id integer not null primary key, queue text not null, "
        "data blob not null, priority real not null default 0.0, owner text not null, claimed_at real not null)"
    )
    ddl = [*SqliteStorage.ddl, table_claim]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._local = threading.local()
        super().__init__(*args, **kwargs)

    def dequeue(self) -> bytes | None:
        if not self.sql("select 1 from task where queue = ? limit 1", (self.name,), results=True):
            return None
        with self.db(commit=True) as curs:
            curs.execute(
                "select id, data, priority from task where queue = ? order by priority desc, id limit 1",
                (self.name,),
            )
            row = curs.fetchone()
            if row is None:
                return None
            tid, data, priority = row
            curs.execute("delete from task where id = ?", (tid,))
            if curs.rowcount != 1:
                return None
            curs.execute(
                "insert into claimed (queue, data, priority, owner, claimed_at) values (?, ?, ?, ?, ?)",
                (self.name, data, priority, owner(), time.time()),
            )
            self._local.claim = curs.lastrowid
            return bytes(data)

    def take_claim(self) -> int | None:
        """The claim of the task this thread dequeued last (once)."""
        claim: int | None = getattr(self._local, "claim", None)
        self._local.claim = None
        return claim

    def ack(self, claim: int) -> None:
        """The task of ``claim`` finished: forget it."""
        self.sql("delete from claimed where id = ?", (claim,), commit=True)

    def claimed_count(self) -> int:
        return int(
            self.sql("select count(id) from claimed where queue = ?", (self.name,), results=True)[0][0]
        )

    def requeue_abandoned(self) -> int:
        """Put back in the queue the tasks claimed by worker processes that no longer run; how many."""
        with self.db(commit=True) as curs:
            curs.execute(
                "select id, data, priority, owner, claimed_at from claimed where queue = ? order by id",
                (self.name,),
            )
            dead = [row for row in curs.fetchall() if not _alive(row[3], row[4])]
            for claim, data, priority, _owner, _at in dead:
                curs.execute(
                    "insert into task (queue, data, priority) values (?, ?, ?)", (self.name, data, priority)
                )
                curs.execute("delete from claimed where id = ?", (claim,))
        return len(dead)

    def flush_queue(self) -> None:
        super().flush_queue()
        self.sql("delete from claimed where queue = ?", (self.name,), commit=True)


class AckingSqliteHuey(SqliteHuey):
    """SqliteHuey whose tasks are acknowledged after they finish (see the module's docstring)."""

    storage_class = AckingSqliteStorage

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._claims: dict[str, int] = {}
        self._interrupted: set[str] = set()
        self._claims_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def dequeue(self) -> Any:
        data = self.storage.dequeue()
        if data is None:
            return None
        claim = self.storage.take_claim() if hasattr(self.storage, "take_claim") else None
        try:
            task = self.deserialize_task(data)
        except Exception:
            # A task nobody can read would come back after every restart: drop it, loudly.
            logger.exception("dropping a queued task that cannot be read")
            if claim is not None:
                self.storage.ack(claim)
            raise
        if claim is not None:
            with self._claims_lock:
                self._claims[task.id] = claim
        return task

    def _emit(self, signal: str, task: Any, *args: Any, **kwargs: Any) -> None:
        if signal == S.SIGNAL_INTERRUPTED:
            with self._claims_lock:
                self._interrupted.add(task.id)
        super()._emit(signal, task, *args, **kwargs)

    def execute(self, task: Any, timestamp: Any = None) -> Any:
        with self._claims_lock:
            claim = self._claims.pop(task.id, None)
        value = super().execute(task, timestamp)
        with self._claims_lock:
            interrupted = task.id in self._interrupted
            self._interrupted.discard(task.id)
        # A task interrupted by the worker's shutdown did not finish: its claim stays, and it runs again.
        if claim is not None and not interrupted:
            self.storage.ack(claim)
        return value

    def requeue_abandoned(self) -> int:
        """Tasks of dead workers back in the queue (a no-op on other storages)."""
        requeue = getattr(self.storage, "requeue_abandoned", None)
        count = int(requeue()) if requeue is not None else 0
        if count:
            logger.warning("requeued %s task(s) of a worker that stopped before finishing them", count)
        return count
