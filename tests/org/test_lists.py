"""The registry's lists at a province's size: a page of 50 at a time, searched on the server without diacritics."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
BENCH = str(Path(__file__).resolve().parents[2] / "bench")


@pytest.fixture
def many_units(demo: dict[str, int]) -> None:
    if BENCH not in sys.path:
        sys.path.append(BENCH)
    from directives_generate import generate

    generate(units=130, assignments=0)


def _rows(html: str) -> int:
    return len(re.findall(r"<tr><td>", html))


def test_units_come_fifty_to_a_page(many_units: None, client_for) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.org.models import Unit

    client = client_for("vanphong")
    first = client.get("/don-vi/").content.decode()
    total = Unit.objects.filter(issuer__code="253").count() + 1
    assert f"{total} đơn vị" in first
    assert _rows(first) == 50 and 'data-testid="pager"' in first
    assert f"Trang 1/{-(-total // 50)}" in first
    last = client.get(f"/don-vi/?page={-(-total // 50)}").content.decode()
    assert _rows(last) == total - 50 * (total // 50 if total % 50 else total // 50 - 1)
    assert "Đơn vị thử nghiệm số 130" in last  # bench units sort after the demo's


def test_unit_search_runs_on_the_server_and_keeps_the_query_in_the_pager(
    many_units: None, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("vanphong")
    found = client.get("/don-vi/?q=don vi thu nghiem so 1").content.decode()
    # 1, 10–19, 100–130: 42 units, one page
    assert "42 đơn vị" in found and 'data-testid="pager"' not in found
    wide = client.get("/don-vi/?q=thu nghiem").content.decode()
    assert "130 đơn vị" in wide and "q=thu+nghiem&amp;page=2" in wide


def test_people_come_fifty_to_a_page_and_are_searched(many_units: None, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("vanphong")
    first = client.get("/can-bo/").content.decode()
    assert _rows(first) == 50 and 'data-testid="pager"' in first
    found = client.get("/can-bo/?q=can bo bench-0007").content.decode()
    assert "1 cán bộ" in found and "Cán bộ BENCH-0007" in found
