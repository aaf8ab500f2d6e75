"""Fault: PostgreSQL restarts during a burst of notice issues; the numbers must have no gap and no duplicate.

    python bench/fault_db_restart.py                 # 120 drafts, 8 office chiefs at once, restart after 12 s
    python bench/fault_db_restart.py --drafts 40 --clients 4 --restart-after 3

A throwaway database (bench/stack.py) gets the demo and ``--drafts`` draft notices (corrections of the seed,
through the service the office uses); gunicorn serves them. ``--clients`` browsers signed in as the office chief
issue them through the notice page (number, DOCX, signed PDF, register, deliveries) as fast as they can; after
``--restart-after`` seconds the script restarts the PostgreSQL cluster
(``pg_ctlcluster --skip-systemctl-redirect VERSION main restart``). A client that gets an error or no answer
tries the same draft again (issuing twice is refused by the app, so a retry cannot take a second number). At the
end every draft must be issued, and this year's numbers of the issuing body must run 1..N with no gap and no
duplicate, in the notices, the outgoing register and the series counter. Files left by issues that were cut off
are listed by ``dieuhanh check-files``. While PostgreSQL is away every answer must be the 503 outage page
(Vietnamese, ``Retry-After``), never a 500; a probe asks ``/cong-khai/`` during the restart to show it. Run as
root (the restart); loopback only.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack

DRAFTS = """
from django.contrib.auth import get_user_model
from dieuhanh.notices import services
from dieuhanh.notices.models import Notice
office = get_user_model().objects.get(username="vanphong")
seed = Notice.objects.get(issuer__code="253", number=15)
ids = [services.draft_correction(actor=office, notice=seed, reason=f"Sửa lỗi số {{i}}").pk for i in range({count})]
print(",".join(map(str, ids)))
"""
CHECK = """
import json
from django.db.models import Count
from django.utils import timezone
from dieuhanh.notices.models import Notice, NumberingSeries, OutgoingEntry
year = timezone.localdate().year
ids = [{ids}]
issued = Notice.objects.filter(pk__in=ids, status="issued")
numbers = sorted(issued.values_list("number", flat=True))
register = sorted(OutgoingEntry.objects.filter(issuer__code="253", year=year).values_list("number", flat=True))
series = list(NumberingSeries.objects.filter(issuer__code="253", year=year).values_list("key", "last_number"))
print(json.dumps({{
    "issued": issued.count(),
    "drafts_left": Notice.objects.filter(pk__in=ids).exclude(status="issued").count(),
    "numbers": numbers, "register": register, "series": series,
    "numbered_drafts": Notice.objects.filter(pk__in=ids).exclude(status="issued").exclude(number=None).count(),
    "pdf_missing": issued.filter(pdf_file="").count(),
}}))
"""
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    """What the clients saw."""

    issued: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)
            self.retries += 1


def sign_in(client: httpx.Client, username: str, tally: Tally, deadline: float) -> None:
    """The login form; tried again while the database is away."""
    while time.monotonic() < deadline:
        try:
            page = client.get("/dang-nhap/")
            token = TOKEN.search(page.text)
            answer = client.post(
                "/dang-nhap/",
                data={"csrfmiddlewaretoken": token.group(1) if token else "", "username": username,
                      "password": "dieuhanh-demo"},
            )  # fmt: skip
            if answer.status_code == 302:
                return
            tally.error(f"login: HTTP {answer.status_code}")
        except httpx.HTTPError as exc:
            tally.error(f"login: {exc.__class__.__name__}")
        time.sleep(0.5)
    raise RuntimeError(f"{username} could not sign in")


def issued(client: httpx.Client, notice: int) -> bool:
    """Whether the notice page shows it issued."""
    page = client.get(f"/thong-bao/{notice}/")
    return page.status_code == 200 and 'data-testid="notice-status">Đã ban hành<' in page.text


def issuer_loop(base_url: str, work: queue.Queue[int], tally: Tally, deadline: float) -> None:
    """One office chief issuing drafts from the queue, retrying a draft until it shows issued."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        sign_in(client, "chanhvanphong", tally, deadline)
        while time.monotonic() < deadline:
            try:
                notice = work.get_nowait()
            except queue.Empty:
                return
            while time.monotonic() < deadline:
                try:
                    answer = client.post(
                        f"/thong-bao/{notice}/",
                        data={
                            "action": "issue",
                            "public": "1",
                            "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                        },
                    )
                    if answer.status_code == 302 and issued(client, notice):
                        with tally.lock:
                            tally.issued += 1
                        break
                    tally.error(f"notice {notice}: HTTP {answer.status_code}")
                except httpx.HTTPError as exc:
                    tally.error(f"notice {notice}: {exc.__class__.__name__}")
                time.sleep(0.5)


def restart_postgresql() -> float:
    """Restart the local cluster; seconds it took."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drafts", type=int, default=120)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restart-after", type=float, default=12.0)
    parser.add_argument("--seconds", type=float, default=240, help="give up after this long")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with Stack("dbrestart", keep=args.keep) as stack:
        stack.prepare()
        ids = [
            int(i) for i in stack.python(DRAFTS.format(count=args.drafts)).strip().splitlines()[-1].split(",")
        ]
        stack.start_web(args.workers)
        print(
            f"{len(ids)} drafts in {stack.database}; {args.clients} clients issue them through {stack.base_url}"
        )
        work: queue.Queue[int] = queue.Queue()
        for notice in ids:
            work.put(notice)
        tally = Tally()
        began = time.monotonic()
        threads = [
            threading.Thread(target=issuer_loop, args=(stack.base_url, work, tally, began + args.seconds))
            for _ in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.restart_after)
        before_restart = tally.issued
        probes: list[tuple[int, str]] = []
        stop_probe = threading.Event()

        def probe() -> None:
            with httpx.Client(base_url=stack.base_url, timeout=10) as client:
                while not stop_probe.is_set():
                    try:
                        answer = client.get("/cong-khai/")
                        probes.append((answer.status_code, answer.headers.get("Retry-After", "")))
                    except httpx.HTTPError:
                        probes.append((0, ""))
                    time.sleep(0.05)

        prober = threading.Thread(target=probe)
        prober.start()
        took = restart_postgresql()
        time.sleep(1)
        stop_probe.set()
        prober.join()
        print(f"PostgreSQL restarted {args.restart_after:.0f} s into the burst ({before_restart} issued by then), "
              f"in {took:.1f} s")  # fmt: skip
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        found = json.loads(stack.python(CHECK.format(ids=",".join(map(str, ids)))).strip().splitlines()[-1])
        files = subprocess.run(
            [str(Path(sys.executable).parent / "dieuhanh"), "check-files"], env=stack.env, capture_output=True, text=True
        )  # fmt: skip
        numbers = found["numbers"]
        expected = list(range(1, len(numbers) + 1))
        print(f"\nissued {found['issued']}/{len(ids)} in {elapsed:.1f} s ({found['issued'] / elapsed:.1f}/s); "
              f"{tally.retries} failed attempts retried")  # fmt: skip
        for error in sorted(set(e.split(": ", 1)[1] for e in tally.errors)):
            print(f"  errors seen: {error} × {sum(1 for e in tally.errors if e.endswith(error))}")
        print(f"numbers: {numbers[0] if numbers else '-'}..{numbers[-1] if numbers else '-'}, "
              f"gaps: {sorted(set(expected) - set(numbers))}, duplicates: {len(numbers) - len(set(numbers))}")  # fmt: skip
        print(f"register numbers equal: {found['register'] == numbers}; series counter: {found['series']}")
        outage = [p for p in probes if p[0] == 503]
        print(f"/cong-khai/ during the restart: {len(probes)} probes, {len(outage)} × 503 "
              f"(Retry-After {sorted({r for _, r in outage})}), {sum(1 for p in probes if p[0] == 500)} × 500")  # fmt: skip
        print(f"drafts left: {found['drafts_left']}, drafts holding a number: {found['numbered_drafts']}, "
              f"issued without PDF: {found['pdf_missing']}")  # fmt: skip
        print(
            "check-files:",
            files.stdout.strip().splitlines()[-1] if files.stdout.strip() else files.stderr[-300:],
        )
        problems = []
        if numbers != expected:
            problems.append("numbers with a gap or a duplicate")
        if found["register"] != numbers:
            problems.append("the register disagrees with the notices")
        if [last for _, last in found["series"]] != [len(numbers)]:
            problems.append("the series counter disagrees")
        if found["drafts_left"] or found["numbered_drafts"] or found["pdf_missing"]:
            problems.append("drafts left behind or half-issued")
        if any(code == 500 for code, _ in probes) or any(e.endswith("HTTP 500") for e in tally.errors):
            problems.append("a 500 while the database was away (expected the 503 outage page)")
        if any(not retry for code, retry in probes if code == 503):
            problems.append("a 503 without Retry-After")
        if tally.retries == 0:
            problems.append(
                "the restart was not felt: nothing was tested (raise --drafts or lower --restart-after)"
            )
        print(
            "\nRESULT:", "; ".join(problems) if problems else "no gap, no duplicate, every draft issued once"
        )
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
