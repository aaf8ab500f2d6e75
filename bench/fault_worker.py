"""Fault: the job worker is killed (SIGKILL) in the middle of the reminder job, then started again.

    python bench/fault_worker.py                    # 500 units, 10,000 assignments due around today
    python bench/fault_worker.py --units 100 --per-unit 8

A throwaway PostgreSQL database (bench/stack.py) gets the demo plus bench units, each with one officer (a login
and an e-mail address) and assignments whose deadlines make every default reminder fire today: 3 days before, on
the day, 1 day after (to the unit head) and 7 days after (to the office). The worker (``dieuhanh directives
worker``) runs the job at start; the script watches PostgreSQL and kills the worker while the job's transaction is
open, checks that nothing of that run was kept, starts the worker again, waits for the job to finish, then starts
it a third time (a catch-up run that must find nothing new). It prints the counts and exits 1 when a reminder is
missing or doubled: reminder rows, in-app notifications, digest records, outbox messages (queued in the job's
transaction, so the killed run keeps none) and their sent marks, e-mails printed by the console backend, and the
day's ``JobRun`` (finished once the job is done, in the same transaction).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack, psql

GENERATE = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.org.models import Person, Role, Unit, UnitKind, UnitLevel

units, per_unit = {units}, {per_unit}
today = timezone.localdate()
issuer = Unit.objects.get(code="253")
chair = Person.objects.get(unit=issuer, role=Role.CHAIR)
offsets = (-3, 0, 1, 7)
with transaction.atomic():
    rows = Unit.objects.bulk_create([
        Unit(code=f"FAULT-{{i:04d}}", name=f"Đơn vị thử lỗi {{i}}", short_name=f"TL {{i}}", kind=UnitKind.DEPARTMENT,
             level=UnitLevel.DISTRICT, issuer=issuer, parent=issuer, sort_order=5000 + i)
        for i in range(units)
    ])
    password = make_password(None)
    users = get_user_model().objects.bulk_create([
        get_user_model()(username=f"fault.{{i:04d}}", password=password) for i in range(units)
    ])
    Person.objects.bulk_create([
        Person(full_name=f"Cán bộ thử lỗi {{i}}", unit=u, role=Role.UNIT_STAFF, email=f"fault{{i}}@bench.example",
               user=account)
        for i, (u, account) in enumerate(zip(rows, users))
    ])
    directives = Directive.objects.bulk_create([
        Directive(issuer=issuer, verb="giao", kind="task", text=f"Nhiệm vụ thử lỗi số {{k}}: báo cáo kết quả",
                  deadline=today, source_document="Văn bản thử", position=k)
        for k in range(per_unit)
    ])
    assignments = []
    for unit in rows:
        for k, directive in enumerate(directives):
            deadline = today - dt.timedelta(days=offsets[k % len(offsets)])
            assignments.append(Assignment(
                directive=directive, issuer=issuer, unit=unit, role="lead", leader=chair, source_label="Văn bản thử",
                issued_on=today - dt.timedelta(days=30), deadline=deadline, original_deadline=deadline,
            ))
    Assignment.objects.bulk_create(assignments, batch_size=2000)
print(len(assignments))
"""

COUNTS = """
import json
from django.db.models import Count
from django.utils import timezone
from dieuhanh.directives.models import DigestLog, JobRun, Notification, ReminderLog
from dieuhanh.outbox.models import OutboxMessage
today = timezone.localdate()
mail = OutboxMessage.objects.filter(dedup_key__contains=f":{today.isoformat()}")
logs = ReminderLog.objects.filter(fired_on=today)
notes = Notification.objects.filter(created_at__date=today)
print(json.dumps({
    "reminders": logs.count(),
    "reminder_runs": logs.values("run").distinct().count(),
    "reminder_doubles": logs.values("assignment", "offset_days", "due_on").annotate(n=Count("pk")).filter(n__gt=1).count(),
    "notifications": notes.count(),
    "notification_doubles": notes.values("recipient", "assignment", "kind").annotate(n=Count("pk")).filter(n__gt=1).count(),
    "reminded_without_notification": logs.exclude(assignment__notifications__kind="reminder").count(),
    "digests": DigestLog.objects.filter(day=today).count(),
    "outbox": mail.count(),
    "outbox_sent": mail.filter(status="sent").count(),
    "day_finished": JobRun.objects.filter(job="reminders", day=today, status="finished").count(),
}))
"""


def in_transaction(database: str) -> bool:
    """Whether a session of the worker holds an open transaction that has written (the job's)."""
    found = psql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_xid IS NOT NULL",
        database,
    )
    return int(found or 0) > 0


def mails(log: Path) -> int:
    """E-mails the console backend printed to the worker's log."""
    return log.read_text(errors="replace").count("\nMessage-ID: ") if log.exists() else 0


def wait_for(check: object, timeout: float, what: str) -> float:
    """Poll ``check()`` every 50 ms until true; seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument(
        "--per-unit", type=int, default=20, help="assignments per unit (a quarter per reminder rule)"
    )
    parser.add_argument("--kill-after", type=float, default=0.5, help="seconds into the job's transaction")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with Stack("worker", keep=args.keep) as stack:
        stack.prepare()
        made = int(
            stack.python(GENERATE.format(units=args.units, per_unit=args.per_unit)).strip().splitlines()[-1]
        )
        # Every reminder due today by the rules (the bench's, and a few of the demo's standing assignments).
        expected = int(
            stack.python(
                "from django.utils import timezone; from dieuhanh.directives.reminders import _candidates; "
                "print(len(_candidates(timezone.localdate(), 'count')))"
            )
            .strip()
            .splitlines()[-1]
        )
        print(
            f"{made} bench assignments for {args.units} units, {expected} reminders due today; database {stack.database}"
        )
        baseline = json.loads(stack.python(COUNTS).strip().splitlines()[-1])

        def counts() -> dict[str, int]:
            now: dict[str, int] = json.loads(stack.python(COUNTS).strip().splitlines()[-1])
            return {
                k: v - baseline[k]
                if k in ("notifications", "digests", "reminders", "outbox", "outbox_sent")
                else v
                for k, v in now.items()
            }

        log1 = stack.data_dir / "worker-1.log"
        first = stack.start_worker(log1)
        waited = wait_for(lambda: in_transaction(stack.database), 120, "the reminder job's transaction")
        time.sleep(args.kill_after)
        still_open = in_transaction(stack.database)
        stack.stop(first, signal.SIGKILL)
        after_kill = counts()
        print(f"killed the worker {waited + args.kill_after:.1f} s after start, transaction open: {still_open}; "
              f"kept from that run: {after_kill['reminders']} reminders, {after_kill['notifications']} notifications, "
              f"{mails(log1)} e-mails")  # fmt: skip

        log2 = stack.data_dir / "worker-2.log"
        second = stack.start_worker(log2)
        started = time.monotonic()
        wait_for(lambda: counts()["reminders"] >= expected, 600, "the restarted job")
        wait_for(lambda: counts()["outbox_sent"] >= counts()["outbox"], 120, "the outbox to be delivered")
        wait_for(lambda: mails(log2) > 0 or time.monotonic() - started > 30, 60, "the e-mails")
        time.sleep(2)
        stack.stop(second, signal.SIGINT)
        after_restart = counts()
        print(f"restarted: job done in {time.monotonic() - started:.1f} s")

        log3 = stack.data_dir / "worker-3.log"
        third = stack.start_worker(log3)
        time.sleep(8)  # the catch-up run at start: nothing new to send
        stack.stop(third, signal.SIGINT)
        final = counts()

        sent = [mails(log1), mails(log2), mails(log3)]
        print(f"\n{'':<34}{'after kill':>12}{'after restart':>15}{'after 3rd start':>17}")
        for key in ("reminders", "reminder_doubles", "notifications", "notification_doubles",
                    "reminded_without_notification", "digests", "outbox", "outbox_sent", "day_finished"):  # fmt: skip
            print(f"{key:<34}{after_kill[key]:>12}{after_restart[key]:>15}{final[key]:>17}")
        print(f"{'e-mails printed by the run':<34}{sent[0]:>12}{sent[1]:>15}{sent[2]:>17}")
        print(f"{'runs that wrote reminders':<34}{after_kill['reminder_runs']:>12}{after_restart['reminder_runs']:>15}"
              f"{final['reminder_runs']:>17}")  # fmt: skip
        problems = []
        if after_kill["reminders"] not in (0, expected):
            problems.append("the killed run left part of its reminders")
        if final["reminders"] != expected:
            problems.append(f"{expected - final['reminders']} reminders missing")
        if final["reminder_doubles"] or final["notification_doubles"]:
            problems.append("a reminder or notification was recorded twice")
        if final["reminded_without_notification"]:
            problems.append("a reminder without its notification")
        if after_kill["outbox"]:
            problems.append("the killed run left outbox messages")
        if final["outbox_sent"] != final["outbox"] or final["outbox"] < final["digests"]:
            problems.append("an outbox message was not sent")
        if final["day_finished"] != 1:
            problems.append("the day is not marked finished")
        if final != after_restart or sent[2]:
            problems.append("the third start sent something again")
        print("\nRESULT:", "; ".join(problems) if problems else f"all {expected} reminders once, none twice")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
