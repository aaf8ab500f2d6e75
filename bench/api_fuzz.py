"""The long randomized run of the API under generated requests (the test suite runs a short, derandomized one).

    python bench/api_fuzz.py                       # 200 examples per operation and mode, a fresh random seed
    python bench/api_fuzz.py --examples 1000 --seed 42

Loads the demo into a throwaway SQLite database under var/bench/api_fuzz/, signs in as the office and as a
department officer, and lets schemathesis generate valid and invalid requests for every operation of the OpenAPI
schema (it reads ``/api/openapi.json`` as a signed-in user, as a client would). Every answer must be below 500 and
shaped as the schema says. Prints one line per operation and the totals; exits 1 on any failure, printing the seed
so the run can be repeated.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    data = ROOT / "var" / "bench" / "api_fuzz"
    shutil.rmtree(data, ignore_errors=True)
    os.environ["DIEUHANH_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")
    os.environ["DIEUHANH_2FA_REQUIRED"] = "false"
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.DIEUHANH_TTHC_IMPORT_IN_BACKGROUND = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dieuhanh.core.demo import load_all

    load_all()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per operation and mode")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (default: a new random seed)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    _setup()

    import schemathesis
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from hypothesis import HealthCheck, given
    from hypothesis import seed as hypothesis_seed
    from hypothesis import settings as hypothesis_settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from dieuhanh.wsgi import application

    def session_of(username: str) -> str:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    reader = Client()
    reader.force_login(get_user_model().objects.get(username="xem"))
    schema = schemathesis.openapi.from_dict(reader.get("/api/openapi.json").json())
    schema.app = application
    token = _get_new_csrf_string()

    def fuzz(operation: Any, mode: Any, cookies: dict[str, str], seen: Counter[int]) -> Any:
        """A hypothesis test of one operation in one mode, counting the answers in ``seen``."""

        @hypothesis_seed(seed)
        @hypothesis_settings(
            max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            response = case.call(headers={"X-CSRFToken": token}, cookies=cookies)
            seen[response.status_code] += 1
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        return run

    statuses: Counter[int] = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    for username in ("vanphong", "chuyenvien.tnmt"):
        cookies = {settings.SESSION_COOKIE_NAME: session_of(username), settings.CSRF_COOKIE_NAME: token}
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                seen: Counter[int] = Counter()
                try:
                    fuzz(operation, mode, cookies, seen)()
                except Exception as exc:  # a failing example: keep going, report all
                    failures.append(
                        f"{username} {operation.method.upper()} {operation.path} {mode.value}: {exc}"
                    )
                statuses.update(seen)
                print(
                    f"{username:16} {operation.method.upper():5} {operation.path:50} {mode.value:8} "
                    f"{sum(seen.values()):5} requests  {dict(sorted(seen.items()))}"
                )
    elapsed = time.perf_counter() - started
    total = sum(statuses.values())
    server_errors = sum(n for code, n in statuses.items() if code >= 500)
    print(f"api_fuzz: seed {seed}, {total} requests in {elapsed:.0f} s, {server_errors} server errors, "
          f"{len(failures)} failing operations, statuses {dict(sorted(statuses.items()))}")  # fmt: skip
    for failure in failures:
        print("FAIL", failure[:2000], file=sys.stderr)
    return 1 if failures or server_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
