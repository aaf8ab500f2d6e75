"""Every page and API read of every role makes as many queries with 3,000 more assignments over 60 more units as
with the demo alone: no list reads its rows one by one (the N+1 that makes a page slow at an office's volume).

The pages are those of the permission table (tests/test_permission_matrix.py), each read by every role that may
read it; the data grows with the benchmark's generator (bench/directives_generate.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.test_permission_matrix import API, PAGES, ROLES, Case
from tests.worlds import load_office_world, module_world, user

BENCH = str(Path(__file__).resolve().parents[1] / "bench")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[SimpleNamespace]:
    with module_world(django_db_blocker, tmp_path_factory, load_office_world) as loaded:
        yield loaded


def _reads(o: SimpleNamespace) -> list[tuple[str, str, Case]]:
    """(role, url, case) for every read a role may make (an answer of 200 in the table)."""
    out = []
    for cases in [*PAGES.values(), *API.values()]:
        for case in cases:
            if case.method != "get" or case.count is not None:
                continue
            for role, expected in zip(ROLES, case.expect.split(), strict=True):
                if role != "anonymous" and expected == "200":
                    out.append((role, case.url(o), case))
    return out


def _count(clients: dict[str, Client], role: str, url: str, case: Case) -> int:
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    client = clients[role]
    client.get(url, **headers)  # the first read may fill caches: the second is the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, (role, url, response.status_code)
    return len(queries)


def test_no_page_reads_more_as_the_data_grows(world: SimpleNamespace, db: None) -> None:
    if BENCH not in sys.path:
        sys.path.append(BENCH)
    from directives_generate import generate

    clients = {}
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(user(role))
    reads = _reads(world)
    before = {(role, url): _count(clients, role, url, case) for role, url, case in reads}
    made = generate(units=60, assignments=3_000, years=2)
    assert made["assignments"] == 3_000
    after = {(role, url): _count(clients, role, url, case) for role, url, case in reads}
    assert len(before) > 150
    grown = {key: (before[key], after[key]) for key in before if after[key] > before[key]}
    assert not grown, "\n".join(
        f"{role} {url}: {a} → {b} queries" for (role, url), (a, b) in sorted(grown.items())
    )
