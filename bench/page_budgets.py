"""Server-side time budgets: every page of the office's daily mix, at 200,000 assignments, within its budget.

    python bench/page_budgets.py                     # 200,000 assignments over 1,000 units, PostgreSQL
    python bench/page_budgets.py --assignments 20000

Builds a throwaway PostgreSQL database (bench/stack.py) with the demo and generated assignments, analyses it, then
reads each page in one process (Django's test client, signed in as the role that opens it): the median of 7
reads after a warm-up, and the number of queries of one read. Prints one line per page,
``budget role=R page=P queries=Q ms=X budget=Bms ok|OVER``, and exits 1 when any page is over its budget. The
budgets are server time on one core with nothing else running: 90 people at once on two cores leave about 15 ms
of mean cost per request (issue #15), so no page of the mix may cost more than a few times that.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack, psql

# (role, page, budget in ms): the pages of bench/load_test.py's mix and the TTHC pages
PAGES = [
    ("vanphong", "/", 40), ("vanphong", "/nhiem-vu/", 80), ("vanphong", "/nhiem-vu/?status=overdue", 80),
    ("vanphong", "/nhiem-vu/?page=3", 80), ("vanphong", "/nhiem-vu/{assignment}/", 50),
    ("chutich", "/nhiem-vu/bang-dieu-hanh/", 50), ("chutich", "/nhiem-vu/bang-dieu-hanh/?all_units=1", 60),
    ("chutich", "HTMX /nhiem-vu/bang-dieu-hanh/theo-thang/", 20), ("vanphong", "/phien-hop/", 30),
    ("vanphong", "/phien-hop/{meeting}/", 80), ("vanphong", "/phien-hop/{meeting}/thu-ky/", 80),
    ("vanphong", "/thong-bao/", 30), ("vanphong", "/thong-bao/{notice}/", 40),
    ("vanphong", "/thong-bao/so-van-ban-di/", 30), ("vanphong", "/don-vi/", 50), ("vanphong", "/can-bo/", 50),
    ("vanphong", "/api/directives/assignments?limit=50&status=overdue", 40),
    ("vanphong", "/api/directives/counts", 20), ("chutich", "/nhiem-vu/bao-cao/", 30),
    ("chuyenvien.tnmt", "/nhiem-vu/don-vi/253-TNMT/", 50), ("chuyenvien.tnmt", "/thong-bao/den/", 30),
    ("chuyenvien.tnmt", "/nhiem-vu/thong-bao/", 30), ("vanphong", "/tthc/thong-ke/", 150),
    ("vanphong", "/tthc/xep-hang/", 100),
]  # fmt: skip

MEASURE = """
import json, statistics, time
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dieuhanh.directives.models import Assignment
from dieuhanh.meetings.models import Meeting
from dieuhanh.notices.models import Notice

settings.ALLOWED_HOSTS = ["*"]
ids = {
    "assignment": Assignment.objects.filter(unit__code="253-TNMT").order_by("pk").values_list("pk", flat=True).first(),
    "meeting": Meeting.objects.order_by("pk").values_list("pk", flat=True).first(),
    "notice": Notice.objects.order_by("pk").values_list("pk", flat=True).first(),
}
clients = {}
for role, page, budget in PAGES:
    client = clients.get(role)
    if client is None:
        client = clients[role] = Client()
        client.force_login(get_user_model().objects.get(username=role))
    htmx = page.startswith("HTMX ")
    url = page.removeprefix("HTMX ").format(**ids)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client.get(url, **headers)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        answer = client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    print(json.dumps([role, page, answer.status_code, len(queries), statistics.median(times), budget]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assignments", type=int, default=200_000)
    args = parser.parse_args()
    import json

    with Stack("budgets") as stack:
        # read as the signed-in roles are, without the second factor's step (as in bench/load_test.py)
        stack.env["DIEUHANH_2FA_REQUIRED"] = "0"
        stack.prepare()
        stack.python(
            "from django_otp.plugins.otp_totp.models import TOTPDevice; TOTPDevice.objects.all().delete()"
        )
        stack.python(
            "import sys; sys.path.insert(0, 'bench'); from directives_generate import generate; "
            f"generate(units={max(10, min(1000, args.assignments // 200))}, assignments={args.assignments})",
            timeout=1800,
        )
        psql("ANALYZE", stack.database)
        output = stack.python(f"PAGES = {PAGES!r}\n{MEASURE}", timeout=1800)
    over = 0
    for line in output.splitlines():
        if not line.startswith("["):
            continue
        role, page, status, queries, ms, budget = json.loads(line)
        ok = status == 200 and ms <= budget
        over += not ok
        print(
            f"budget role={role} page={page} queries={queries} ms={ms:.1f} budget={budget}ms "
            f"{'ok' if ok else 'OVER' if status == 200 else f'HTTP {status}'}"
        )
    print(f"budgets: {len(PAGES) - over}/{len(PAGES)} pages within budget at {args.assignments} assignments")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
