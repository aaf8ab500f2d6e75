"""Benchmark: the Chair's dashboard, a unit's queue and the reminder job over 200,000 assignments.

    python bench/directives_bench.py                                  # SQLite under var/bench/directives/
    python bench/directives_bench.py --database-url postgres://postgres@127.0.0.1:5432/dh_bench
    python bench/directives_bench.py --assignments 20000 --units 200  # a quick run

The data (``directives_generate.py``: 1,000 units, five years) is made once per database and kept; ``--rebuild``
makes it again. Pages are requested through Django's test client (server side only: no network, no browser),
signed in as the Chair and as a unit's officer; each is warmed up once, then timed ``--runs`` times (median), and
its queries are counted. The reminder job runs for today, first with every reminder to send, then again (it must
send nothing twice). Targets: pages ≤ 100 ms, the job ≤ 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE_TARGET_MS = 100.0
JOB_TARGET_S = 10.0


def _setup(database_url: str | None) -> str:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        _create_pg_database(database_url)
    else:
        os.environ.setdefault("DIEUHANH_DATA_DIR", str(ROOT / "var" / "bench" / "directives"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return "PostgreSQL" if engine.startswith("postgres") else "SQLite"


def _create_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone() is None:
            conn.execute(f'create database "{name}"')


def _data(args: argparse.Namespace) -> dict[str, int]:
    from directives_generate import BENCH_PREFIX, generate

    from dieuhanh.directives.models import Assignment

    existing = Assignment.objects.filter(unit__code__startswith=BENCH_PREFIX).count()
    if existing and not args.rebuild:
        return {"assignments": existing, "generated": 0}
    if existing:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    counts = generate(units=args.units, assignments=args.assignments, years=args.years)
    _analyze()
    counts["generated"] = round(time.perf_counter() - started)
    return counts


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load, as a database in service keeps them (PostgreSQL's
    autovacuum; on SQLite the reminder job's ``PRAGMA optimize``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (
                "directives_assignment",
                "directives_directive",
                "directives_progressreport",
                "org_unit",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def _time_page(client: Any, url: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds, queries per request, response size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # read now: the next request empties the connection's query log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--assignments", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    backend = _setup(args.database_url)

    from directives_generate import BENCH_PREFIX, UNIT_USER
    from django.contrib.auth import get_user_model
    from django.test import Client

    from dieuhanh.directives.models import Assignment, DigestLog, Notification, ReminderLog
    from dieuhanh.directives.reminders import remind
    from dieuhanh.org.models import Unit

    counts = _data(args)
    total = Assignment.objects.count()
    users = get_user_model().objects
    chair, officer = Client(), Client()
    chair.force_login(users.get(username="chutich"))
    officer.force_login(users.get(username=UNIT_USER))
    unit = Unit.objects.filter(code__startswith=BENCH_PREFIX).order_by("code").first()
    assert unit is not None
    unit_rows = Assignment.objects.filter(unit=unit).count()
    pages = [
        ("Chair's dashboard", chair, "/nhiem-vu/bang-dieu-hanh/"),
        ("  its monthly chart (loaded after)", chair, "/nhiem-vu/bang-dieu-hanh/theo-thang/"),
        ("Chair's dashboard, one year", chair, "/nhiem-vu/bang-dieu-hanh/?from=2025-01-01&to=2025-12-31"),
        ("  its monthly chart", chair, "/nhiem-vu/bang-dieu-hanh/theo-thang/?from=2025-01-01&to=2025-12-31"),
        ("Office list (page 1)", chair, "/nhiem-vu/?status=overdue"),
        (f"Unit queue ({unit_rows} rows)", officer, f"/nhiem-vu/don-vi/{unit.code}/"),
        ("API list (100 rows)", officer, "/api/directives/assignments?limit=100"),
    ]
    print(f"\n{backend}: {total:,} assignments, {Unit.objects.count():,} units"
          + (f" (generated in {counts['generated']} s)" if counts.get("generated") else ""))  # fmt: skip
    print(f"{'page':34} {'median ms':>10} {'queries':>8} {'KiB':>6}  target")
    for name, client, url in pages:
        median, queries, size = _time_page(client, url, args.runs)
        verdict = "ok" if median <= PAGE_TARGET_MS else "SLOW"
        print(
            f"{name:34} {median:10.1f} {queries:8d} {size / 1024:6.0f}  ≤ {PAGE_TARGET_MS:.0f} ms {verdict}"
        )

    import datetime as dt

    today = dt.date.today()
    ReminderLog.objects.filter(fired_on=today).delete()
    DigestLog.objects.filter(day=today).delete()
    Notification.objects.filter(kind__in=["reminder", "escalation"], created_at__date=today).delete()
    for label in ("Reminder job, first run", "Reminder job, second run"):
        started = time.perf_counter()
        result = remind(today=today)
        took = time.perf_counter() - started
        verdict = "ok" if took <= JOB_TARGET_S else "SLOW"
        print(
            f"{label:34} {took:9.2f} s  reminders {result.reminders:,}, digests {result.digests:,}, "
            f"escalation mails {result.escalation_mails:,}  ≤ {JOB_TARGET_S:.0f} s {verdict}"
        )


if __name__ == "__main__":
    main()
