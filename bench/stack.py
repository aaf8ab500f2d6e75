"""A throwaway production-like stack on 127.0.0.1 for the load and fault scripts: a PostgreSQL database of its own,
a data folder, the demo, gunicorn with deploy/gunicorn.conf.py, the job worker. Everything is removed on exit."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    """A TCP port nobody listens on, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def psql(sql: str, database: str = "postgres") -> str:
    """Run one SQL statement with psql on the bench server; the output, trimmed."""
    done = subprocess.run(
        ["psql", "-X", "-qAt", f"{PG_SERVER}/{database}", "-c", sql],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout.strip()


class Stack:
    """``with Stack("load") as stack:`` — a database, a data folder and the demo; start gunicorn or the worker."""

    def __init__(self, name: str, *, keep: bool = False) -> None:
        self.database = f"dieuhanh_{name}_{os.getpid()}"
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"dieuhanh-{name}-"))
        self.keep = keep
        self.processes: list[subprocess.Popen[bytes]] = []
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DIEUHANH_", "DATABASE_URL"))},
            "DATABASE_URL": f"{PG_SERVER}/{self.database}",
            "DIEUHANH_DATA_DIR": str(self.data_dir),
            "DIEUHANH_SECRET_KEY": secrets.token_urlsafe(50),
            "DIEUHANH_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DIEUHANH_LOG_LEVEL": "WARNING",
            "DIEUHANH_BIND": f"127.0.0.1:{self.port}",
            "DIEUHANH_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        }
        self.base_url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Stack:
        psql(f'CREATE DATABASE "{self.database}"')
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        for process in self.processes:
            self.stop(process)
        if self.keep:
            print(f"kept: database {self.database}, data {self.data_dir}")
            return
        psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def manage(self, *args: str, timeout: float = 600) -> str:
        """Run ``dieuhanh ARGS`` against the stack's database; its output."""
        done = subprocess.run(
            [str(BIN / "dieuhanh"), *args], env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"dieuhanh {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def python(self, code: str, timeout: float = 600) -> str:
        """Run Python code with Django set up for the stack; its output."""
        prelude = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dieuhanh.settings'); django.setup()\n"
        done = subprocess.run(
            [sys.executable, "-c", prelude + code], env=self.env, capture_output=True, text=True, timeout=timeout,
            cwd=str(ROOT),
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"python failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self) -> None:
        """Migrate and load the demo."""
        self.manage("migrate", "--noinput")
        self.manage("demo")

    def start_web(self, workers: int, log: Path | None = None) -> subprocess.Popen[bytes]:
        """gunicorn with the deployment's configuration; returns once the health page answers."""
        env = {**self.env, "DIEUHANH_WEB_WORKERS": str(workers)}
        output: Any = (log or self.data_dir / "gunicorn.log").open("ab")
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "dieuhanh.wsgi"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base_url}/suc-khoe/", timeout=2) as answer:
                    if answer.status == 200:
                        return process
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def start_worker(self, log: Path | None = None) -> subprocess.Popen[bytes]:
        """The job worker (``dieuhanh directives worker``)."""
        output: Any = (log or self.data_dir / "worker.log").open("ab")
        process = subprocess.Popen(
            [str(BIN / "dieuhanh"), "directives", "worker"],
            env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        """Stop a process the stack started (and its children), waiting for it."""
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if process in self.processes:
            self.processes.remove(process)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]
