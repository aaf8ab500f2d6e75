"""Load test: 10, 50 and 90 people doing the office's daily work, 60 s each, against gunicorn + PostgreSQL.

    python bench/load_test.py                        # 10, 50, 90 users, 60 s each, 200,000 assignments
    python bench/load_test.py --users 20 --seconds 20 --assignments 5000

Before each run the same number of people ask a trivial page (the health check) for a while: its p95 is the
baseline of what the machine, gunicorn and the load generator cost with nothing of the app behind them, measured
in the same run. After each run it prints exactly one line
``load users=U requests=R errors=E p50=Xms p95=Yms p99=Zms baseline_p95=Bms assignments=N``; the largest user
count comes last.

Starts everything itself (bench/stack.py): a throwaway database with the Sông Lô demo plus generated assignments
(so lists have an office's volume), gunicorn with deploy/gunicorn.conf.py. Each user signs in through the login
form (Argon2, as in production), then loops over the pages of their role with a short pause (0.2–1 s): the office
(lists, filters, a session, the register, the API), leaders (dashboard, notices, the compiled report page), unit
and commune officers (their queue, their assignments, progress reports with a file), a viewer. Every answer must
be the expected one (200, or a redirect after a form): the script prints errors, p50/p95/p99 per kind of request,
and exits 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack, percentile, psql

PASSWORD = "dieuhanh-demo"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# (username, how many of the 50 users act as them)
PEOPLE = [
    ("vanphong", 12), ("chanhvanphong", 3), ("chutich", 3), ("phochutich", 3),
    ("truongphong.tnmt", 6), ("chuyenvien.tnmt", 12), ("xa.dongque", 9), ("xem", 2),
]  # fmt: skip
ROLE = {
    "vanphong": "office", "chanhvanphong": "office", "chutich": "leader", "phochutich": "leader",
    "truongphong.tnmt": "unit", "chuyenvien.tnmt": "unit", "xa.dongque": "unit", "xem": "viewer",
}  # fmt: skip
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The dashboard loads its monthly chart with a second (HTMX) request once it shows.
TREND = "/nhiem-vu/bang-dieu-hanh/theo-thang/"
BASELINE = "/suc-khoe/"


@dataclass
class Results:
    """Latencies (ms) by kind of request, and the errors seen."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


@dataclass
class Known:
    """Ids the mix needs, read through the API once."""

    meeting: int = 0
    notice: int = 0
    assignments: dict[str, list[int]] = field(default_factory=dict)


def mix(role: str, username: str, known: Known) -> list[tuple[str, str, int]]:
    """(name, path, weight) of the pages a person of ``role`` opens during the day."""
    own = known.assignments.get(username) or [0]
    unit = {"chuyenvien.tnmt": "253-TNMT", "truongphong.tnmt": "253-TNMT", "xa.dongque": "08800"}.get(
        username, ""
    )
    pick = random.choice
    if role == "office":
        return [
            ("home", "/", 3), ("assignments", "/nhiem-vu/", 6), ("assignments overdue", "/nhiem-vu/?status=overdue", 3),
            ("assignments page 3", "/nhiem-vu/?page=3", 2), ("assignment", f"/nhiem-vu/{pick(own)}/", 6),
            ("dashboard", "/nhiem-vu/bang-dieu-hanh/", 3), ("HTMX dashboard trend", TREND, 2),
            ("meetings", "/phien-hop/", 2),
            ("meeting", f"/phien-hop/{known.meeting}/", 2), ("secretary", f"/phien-hop/{known.meeting}/thu-ky/", 1),
            ("notices", "/thong-bao/", 2), ("notice", f"/thong-bao/{known.notice}/", 2),
            ("register", "/thong-bao/so-van-ban-di/", 1), ("units", "/don-vi/", 1), ("people", "/can-bo/", 1),
            ("api assignments", "/api/directives/assignments?limit=50&status=overdue", 2),
            ("api counts", "/api/directives/counts", 1),
        ]  # fmt: skip
    if role == "leader":
        return [
            ("home", "/", 3), ("dashboard", "/nhiem-vu/bang-dieu-hanh/", 6), ("HTMX dashboard trend", TREND, 5),
            ("dashboard all units", "/nhiem-vu/bang-dieu-hanh/?all_units=1", 1),
            ("assignment", f"/nhiem-vu/{pick(own)}/", 3), ("meeting", f"/phien-hop/{known.meeting}/", 2),
            ("notice", f"/thong-bao/{known.notice}/", 2), ("report page", "/nhiem-vu/bao-cao/", 1),
            ("notifications", "/nhiem-vu/thong-bao/", 1),
        ]  # fmt: skip
    if role == "unit":
        return [
            ("home", "/", 3), ("unit queue", f"/nhiem-vu/don-vi/{unit}/", 6), ("assignment", f"/nhiem-vu/{pick(own)}/", 6),
            ("inbox", "/thong-bao/den/", 2), ("notice", f"/thong-bao/{known.notice}/", 2),
            ("notifications", "/nhiem-vu/thong-bao/", 2), ("api own", "/api/directives/assignments?limit=50", 1),
            ("POST progress", f"/nhiem-vu/{pick(own)}/thao-tac/", 1),
        ]  # fmt: skip
    return [
        ("home", "/", 2), ("dashboard", "/nhiem-vu/bang-dieu-hanh/", 4), ("HTMX dashboard trend", TREND, 3),
        ("assignments", "/nhiem-vu/", 3),
        ("notices", "/thong-bao/", 2), ("register", "/thong-bao/so-van-ban-di/", 1),
    ]  # fmt: skip


async def sign_in(client: httpx.AsyncClient, username: str, results: Results) -> None:
    """The login form, as a browser sends it."""
    page = await client.get("/dang-nhap/")
    token = TOKEN.search(page.text)
    started = time.perf_counter()
    answer = await client.post(
        "/dang-nhap/",
        data={
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": username,
            "password": PASSWORD,
        },
        headers={"Referer": f"{client.base_url}/dang-nhap/"},
    )
    results.latencies["login"].append((time.perf_counter() - started) * 1000)
    if answer.status_code != 302 or "/dang-nhap/" in answer.headers.get("location", ""):
        raise RuntimeError(f"{username} could not sign in: {answer.status_code}")


async def request(client: httpx.AsyncClient, name: str, path: str, results: Results) -> None:
    """One request of the mix, timed and checked."""
    started = time.perf_counter()
    try:
        if name.startswith("POST progress"):
            form = await client.get(path.replace("thao-tac/", ""))
            token = client.cookies.get("csrftoken", "")
            started = time.perf_counter()
            answer = await client.post(
                path,
                data={"action": "progress", "text": "Đơn vị cập nhật tiến độ trong ngày.", "percent": "50",
                      "csrfmiddlewaretoken": token},
                files={"files": ("tien-do.pdf", PDF, "application/pdf")},
                headers={"Referer": f"{client.base_url}{path}"},
            )  # fmt: skip
            ok = answer.status_code == 302 and form.status_code == 200
        else:
            headers = {"HX-Request": "true"} if name.startswith("HTMX") else {}
            answer = await client.get(path, headers=headers)
            ok = answer.status_code == 200
    except httpx.HTTPError as exc:
        results.errors.append(f"{name} {path}: {exc.__class__.__name__} {exc}")
        return
    results.latencies[name].append((time.perf_counter() - started) * 1000)
    if not ok:
        results.errors.append(f"{name} {path}: HTTP {answer.status_code}")


async def person(
    client: httpx.AsyncClient,
    username: str,
    known: Known,
    until: float,
    think: tuple[float, float],
    results: Results,
) -> None:
    """One person's day, signed in already: pages of their role until the time is up."""
    while time.monotonic() < until:
        pages = mix(ROLE[username], username, known)
        name, path, _ = random.choices(pages, weights=[w for _, _, w in pages])[0]
        await request(client, name, path, results)
        await asyncio.sleep(random.uniform(*think))


async def discover(base_url: str) -> Known:
    """The seed session, the seed notice and each person's visible assignments, through the API."""
    known = Known()
    for username, _ in PEOPLE:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            await sign_in(client, username, Results())
            answer = await client.get("/api/directives/assignments?limit=1000")
            if answer.status_code != 200:
                raise RuntimeError(f"{username}: the API answered {answer.status_code}: {answer.text[:300]}")
            rows = answer.json()["items"]
            known.assignments[username] = [r["id"] for r in rows if not username.startswith(("chuyenvien", "truongphong", "xa."))
                                           or r["unit_code"] in ("253-TNMT", "08800")]  # fmt: skip
            if username == "vanphong":
                known.meeting = (await client.get("/api/meetings/")).json()[0]["id"]
                known.notice = (await client.get("/api/notices/")).json()[0]["id"]
    return known


async def warm_up(base_url: str, known: Known, workers: int) -> None:
    """Every page of the mix a few times, so that each gunicorn worker has loaded its code and templates before
    the clock starts (not measured)."""
    for username in ("vanphong", "chutich", "chuyenvien.tnmt", "xem"):
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            await sign_in(client, username, Results())
            for name, path, _ in mix(ROLE[username], username, known):
                if not name.startswith("POST"):
                    await asyncio.gather(*(client.get(path) for _ in range(workers)))


async def baseline(base_url: str, users: int, seconds: float, think: tuple[float, float]) -> list[float]:
    """``users`` people asking the health page (no session, no database rows) for ``seconds``: latencies, ms."""
    results = Results()
    until = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        while time.monotonic() < until:
            await request(client, "baseline", BASELINE, results)
            await asyncio.sleep(random.uniform(*think))

    clients = [httpx.AsyncClient(base_url=base_url, timeout=60) for _ in range(users)]
    try:
        await asyncio.gather(*(one(c) for c in clients))
    finally:
        for client in clients:
            await client.aclose()
    if results.errors:
        raise RuntimeError(f"the baseline page failed: {results.errors[:3]}")
    return results.latencies["baseline"]


async def run(
    base_url: str, users: int, seconds: float, think: tuple[float, float], workers: int, known: Known
) -> tuple[Results, float]:
    crowd = [name for name, count in PEOPLE for _ in range(count)]
    random.shuffle(crowd)
    crowd = (crowd * (users // len(crowd) + 1))[:users]
    results = Results()
    clients = [httpx.AsyncClient(base_url=base_url, timeout=60, follow_redirects=False) for _ in crowd]
    try:
        # Everyone signs in at once (the morning rush, timed as "login"), then the clock starts.
        await asyncio.gather(*(sign_in(c, u, results) for c, u in zip(clients, crowd, strict=True)))
        started = time.monotonic()
        await asyncio.gather(
            *(
                person(c, u, known, started + seconds, think, results)
                for c, u in zip(clients, crowd, strict=True)
            )
        )
        return results, time.monotonic() - started
    finally:
        for client in clients:
            await client.aclose()


def report(results: Results, elapsed: float, users: int, workers: int) -> None:
    total = sum(len(v) for k, v in results.latencies.items() if k != "login")
    everything = [x for k, v in results.latencies.items() if k != "login" for x in v]
    print(f"\n{users} users, {elapsed:.0f} s, {workers} gunicorn workers: {total} requests, {total / elapsed:.1f} req/s, "
          f"{len(results.errors)} errors")  # fmt: skip
    print(f"{'request':<24}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name in sorted(results.latencies, key=lambda n: -len(results.latencies[n])):
        values = results.latencies[name]
        print(f"{name:<24}{len(values):>7}{percentile(values, 0.5):>9.0f}{percentile(values, 0.95):>9.0f}"
              f"{percentile(values, 0.99):>9.0f}{max(values):>9.0f}")  # fmt: skip
    print(f"{'all (without login)':<24}{total:>7}{percentile(everything, 0.5):>9.0f}{percentile(everything, 0.95):>9.0f}"
          f"{percentile(everything, 0.99):>9.0f}{max(everything):>9.0f}")  # fmt: skip
    for error in results.errors[:20]:
        print("ERROR", error)


async def session(
    base_url: str,
    user_counts: list[int],
    seconds: float,
    baseline_seconds: float,
    think: tuple[float, float],
    workers: int,
    assignments: int,
) -> int:
    """Every run, each after its baseline; one summary line per run, the largest user count last."""
    known = await discover(base_url)
    await warm_up(base_url, known, workers)
    failed = 0
    lines = []
    for users in sorted(user_counts):
        base = await baseline(base_url, users, baseline_seconds, think)
        results, elapsed = await run(base_url, users, seconds, think, workers, known)
        report(results, elapsed, users, workers)
        everything = [x for k, v in results.latencies.items() if k != "login" for x in v]
        line = (
            f"load users={users} requests={len(everything)} errors={len(results.errors)} "
            f"p50={percentile(everything, 0.5):.0f}ms p95={percentile(everything, 0.95):.0f}ms "
            f"p99={percentile(everything, 0.99):.0f}ms baseline_p95={percentile(base, 0.95):.0f}ms "
            f"assignments={assignments}"
        )
        print(f"sign-in of {users} at once: p95 {percentile(results.latencies['login'], 0.95):.0f} ms")
        print(line, flush=True)
        lines.append(line)
        failed += bool(results.errors)
    print("\n" + "\n".join(lines))
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--users", type=lambda text: [int(n) for n in text.split(",")], default=[10, 50, 90],
        help="user counts, one run each (comma-separated)",
    )  # fmt: skip
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument(
        "--assignments", type=int, default=200_000, help="generated assignments on top of the demo"
    )
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 1.0), metavar=("MIN", "MAX"))
    parser.add_argument("--keep", action="store_true", help="keep the database and data folder afterwards")
    args = parser.parse_args()
    random.seed(766)
    with Stack("load", keep=args.keep) as stack:
        # A crowd of 90 signs in as 8 demo logins: a one-time code cannot be used twice by one login (replay
        # protection), so the bench switches the second factor off (DIEUHANH_2FA_REQUIRED, a site setting, and
        # the demo's authenticators removed) and times the password check, the costly part of a sign-in.
        stack.env["DIEUHANH_2FA_REQUIRED"] = "0"
        began = time.monotonic()
        stack.prepare()
        stack.python(
            "from django_otp.plugins.otp_totp.models import TOTPDevice; TOTPDevice.objects.all().delete()"
        )
        if args.assignments:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            stack.python(
                "import sys; sys.path.insert(0, 'bench'); from directives_generate import generate; "
                f"print(generate(units={max(10, min(1000, args.assignments // 200))}, assignments={args.assignments}))"
            )
            # as autovacuum would after a bulk load: the planner's statistics of the new rows
            psql("ANALYZE", stack.database)
        print(
            f"database {stack.database} ready in {time.monotonic() - began:.0f} s; starting gunicorn on {stack.base_url}"
        )
        stack.start_web(args.workers)
        failed = asyncio.run(
            session(
                stack.base_url, args.users, args.seconds, args.baseline_seconds, tuple(args.think), args.workers,
                args.assignments,
            )
        )  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
