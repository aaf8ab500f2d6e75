"""Data generator for the directives benchmark: 1,000 units and 200,000 assignments over five years.

Seeded, so two runs make the same data. The generator writes rows in bulk (it is test data, not office work):
directives from written instructions of the Chair and the Vice-Chair, each assigned to a handful of units; deadlines
7 to 90 days after issue, a sixth of them standing (monthly or quarterly reports); most of the past work done
(some late), the rest overdue, a few cancelled; one progress report on most assignments that were started.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

BENCH_PREFIX = "BENCH-"
UNIT_USER = "bench.donvi"


def generate(
    *, units: int = 1000, assignments: int = 200_000, years: int = 5, seed: int = 20210810
) -> dict[str, int]:
    """Create the bench units, their officers and the assignments (on top of the Sông Lô demo registry)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from dieuhanh.directives.models import Assignment, Directive, ProgressReport, ReportingCycle
    from dieuhanh.org.demo import load_demo
    from dieuhanh.org.models import Person, Role, Unit, UnitKind, UnitLevel

    rng = random.Random(seed)
    load_demo()
    issuer = Unit.objects.get(code="253")
    leaders = list(Person.objects.filter(unit=issuer, role__in=[Role.CHAIR, Role.VICE_CHAIR]))
    today = dt.date.today()
    start = today - dt.timedelta(days=365 * years)
    with transaction.atomic():
        Unit.objects.bulk_create(
            [
                Unit(
                    code=f"{BENCH_PREFIX}{i:04d}", name=f"Đơn vị thử nghiệm số {i}", short_name=f"ĐV {i}",
                    kind=UnitKind.COMMITTEE if i % 3 == 0 else UnitKind.DEPARTMENT,
                    level=UnitLevel.COMMUNE if i % 3 == 0 else UnitLevel.DISTRICT,
                    issuer=issuer, parent=issuer, sort_order=1000 + i,
                )
                for i in range(1, units + 1)
            ],
            batch_size=500,
        )  # fmt: skip
        unit_rows = list(Unit.objects.filter(code__startswith=BENCH_PREFIX).order_by("code"))
        Person.objects.bulk_create(
            [
                Person(
                    full_name=f"Cán bộ {u.code}",
                    unit=u,
                    role=Role.UNIT_STAFF,
                    email=f"{u.code.lower()}@bench.example",
                )
                for u in unit_rows
            ],
            batch_size=500,
        )
        account = get_user_model().objects.create_user(UNIT_USER, password=None)
        Person.objects.filter(unit=unit_rows[0]).update(user=account)
        per_directive = 10
        count = assignments // per_directive
        directives = []
        for i in range(count):
            issued = start + dt.timedelta(days=rng.randrange((today - start).days))
            ongoing = rng.random() < 1 / 6
            directives.append(
                Directive(
                    issuer=issuer, verb="giao", kind="task", text=f"Nhiệm vụ thử nghiệm số {i}: triển khai, báo cáo kết quả",
                    deadline=None if ongoing else issued + dt.timedelta(days=rng.randint(7, 90)), ongoing=ongoing,
                    reporting_cycle=rng.choice([ReportingCycle.MONTHLY, ReportingCycle.QUARTERLY]) if ongoing else "",
                    source_document=f"Văn bản số {i}/UBND-VP ngày {issued:%d/%m/%Y}", position=i,
                )
            )  # fmt: skip
            directives[-1]._issued = issued  # type: ignore[attr-defined]
        issued_on = [d._issued for d in directives]  # type: ignore[attr-defined]
        Directive.objects.bulk_create(directives, batch_size=2000)
        rows: list[Assignment] = []
        for directive, issued in zip(directives, issued_on, strict=True):
            for unit in rng.sample(unit_rows, per_directive):
                rows.append(_assignment(rng, directive, unit, issuer, issued, today, leaders))
        Assignment.objects.bulk_create(rows, batch_size=2000)
        reports = [
            ProgressReport(
                assignment=a, text="Đơn vị đang triển khai theo kế hoạch.", percent=rng.choice([20, 40, 60, 80]),
                reported_on=a.started_on,
            )
            for a in Assignment.objects.filter(unit__code__startswith=BENCH_PREFIX, started_on__isnull=False).only(
                "pk", "started_on"
            )
        ]  # fmt: skip
        ProgressReport.objects.bulk_create(reports, batch_size=2000)
        latest = {
            r.assignment_id: r.pk
            for r in ProgressReport.objects.filter(assignment__unit__code__startswith=BENCH_PREFIX)
        }
        _link_latest(latest)
    return {
        "units": len(unit_rows),
        "directives": len(directives),
        "assignments": len(rows),
        "reports": len(reports),
    }


def _assignment(
    rng: random.Random,
    directive: Any,
    unit: Any,
    issuer: Any,
    issued: dt.date,
    today: dt.date,
    leaders: list[Any],
) -> Any:
    from dieuhanh.directives.models import Assignment

    a = Assignment(
        directive=directive, issuer=issuer, unit=unit, role="lead" if rng.random() < 0.6 else "support",
        leader=rng.choice(leaders), source_label=directive.source_document, issued_on=issued,
        deadline=directive.deadline, original_deadline=directive.deadline, ongoing=directive.ongoing,
        reporting_cycle=directive.reporting_cycle,
    )  # fmt: skip
    if rng.random() < 0.85:
        a.started_on = min(today, issued + dt.timedelta(days=rng.randint(1, 10)))
    if a.deadline is not None and a.started_on is not None:
        roll = rng.random()
        if roll < 0.7:
            done = a.deadline - dt.timedelta(days=rng.randint(0, 5))
        elif roll < 0.85:
            done = a.deadline + dt.timedelta(days=rng.randint(1, 20))
        else:
            done = None  # still open: overdue once the deadline has passed
        if done is not None and done <= today:
            a.done_on = max(done, a.started_on)
    if a.done_on is None and rng.random() < 0.02 and issued + dt.timedelta(days=30) <= today:
        a.closed_on, a.closure, a.closure_reason = (
            issued + dt.timedelta(days=30),
            "cancelled",
            "Không còn phù hợp",
        )
    return a


def _link_latest(latest: dict[int, int]) -> None:
    """Point each assignment at its progress report, in batches of UPDATE ... CASE."""
    from django.db.models import Case, IntegerField, Value, When

    from dieuhanh.directives.models import Assignment

    items = list(latest.items())
    for i in range(0, len(items), 1000):
        chunk = items[i : i + 1000]
        Assignment.objects.filter(pk__in=[a for a, _ in chunk]).update(
            latest_report_id=Case(*[When(pk=a, then=Value(r)) for a, r in chunk], output_field=IntegerField())
        )
