"""A worker killed mid-task while the database is locked: the task stays queued, the restarted worker does it,
and the day's work is done exactly once. Runs the real ``dieuhanh directives worker`` in subprocesses on an
SQLite database of its own."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DAY = "2021-09-30"

SETUP = """
import datetime as dt, json
import django
django.setup()
from django.core.management import call_command
from django.test import override_settings
call_command("migrate", verbosity=0)
from dieuhanh.directives.services import assign_directives
from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.org.demo import load_demo
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    load_demo()
meeting = load_seed_session()
assign_directives(actor=None, meeting=meeting, issued_on=dt.date(2021, 8, 10), source_label="Thông báo thử")
from dieuhanh.directives.reminders import _candidates
from dieuhanh.directives.jobs import reminders_task
expected = len(_candidates(dt.date.fromisoformat("{day}"), "count"))
reminders_task("{day}")  # queued for the worker
print(json.dumps({{"expected": expected}}))
"""


def _env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="dieuhanh.settings",
        DIEUHANH_DATA_DIR=str(data),
        DATABASE_URL=f"sqlite:///{data / 'app.sqlite3'}",
        DIEUHANH_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        DIEUHANH_LOG_LEVEL="INFO",
    )
    return env


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path, timeout=5)
    try:
        return list(conn.execute(sql).fetchall())
    finally:
        conn.close()


def _wait(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _worker(data: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).parent / "dieuhanh"), "directives", "worker"]
    return subprocess.Popen(command, env=_env(data), stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_a_task_killed_while_the_database_is_locked_runs_again_once(tmp_path: Path) -> None:
    setup = subprocess.run(
        [sys.executable, "-c", SETUP.format(day=DAY)], env=_env(tmp_path), capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    expected = json.loads(setup.stdout.strip().splitlines()[-1])["expected"]
    assert expected > 0
    app, jobs = tmp_path / "app.sqlite3", tmp_path / "jobs.sqlite3"
    claimed = lambda: int(_query(jobs, "select count(*) from claimed")[0][0])  # noqa: E731
    queued = lambda: int(_query(jobs, "select count(*) from task")[0][0])  # noqa: E731

    def day_run() -> tuple[Any, ...] | None:
        rows = _query(app, f"select status, attempts from directives_jobrun where day = '{DAY}'")
        return rows[0] if rows else None

    # Another connection holds the write lock: the worker's task waits on it, and is killed there.
    lock = sqlite3.connect(app, timeout=5, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    first = _worker(tmp_path, tmp_path / "worker-1.log")
    try:
        _wait(lambda: claimed() == 1, 20, "the worker to take the task")
        time.sleep(0.5)
        assert day_run() is None, "the task is blocked on the lock"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert claimed() == 1, "the killed worker's task is still on disk (huey's storage had deleted it)"
    lock.execute("ROLLBACK")
    lock.close()

    second = _worker(tmp_path, tmp_path / "worker-2.log")
    try:
        _wait(lambda: day_run() == ("finished", 1), 30, "the restarted worker to finish the day")
        _wait(lambda: claimed() == 0 and queued() == 0, 30, "every task to be acknowledged")
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(20)
    log = (tmp_path / "worker-2.log").read_text(errors="replace")
    assert "Đã đưa lại vào hàng đợi" in log, log[-2000:]
    fired = _query(
        app, f"select count(*), count(distinct run) from directives_reminderlog where fired_on = '{DAY}'"
    )
    assert fired[0] == (expected, 1), "every reminder of the day, written by one run"
    digests = _query(
        app, f"select count(*) from outbox_outboxmessage where dedup_key like 'directives.digest:%:{DAY}'"
    )
    sent = _query(app, "select count(*) from outbox_outboxmessage where status = 'sent'")
    assert digests[0][0] > 0 and sent[0][0] >= digests[0][0], "the day's mails went out after the job"
