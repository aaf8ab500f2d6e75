"""TTHC in a real browser: the public ranking page without a login, the office's ranking with a follow-up
directive given in place, and an import followed to its end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dieuhanh.tthc.demo import load_demo_dossiers

from .conftest import login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]


@pytest.fixture
def dossiers(live_demo: dict[str, int], settings: Any, tmp_path: Path) -> dict[str, int]:
    """The demo dossiers of June and July 2021, imported and published, in a folder of this test."""
    settings.DIEUHANH_TTHC_DIR = str(tmp_path / "tthc")
    return load_demo_dossiers()


def test_public_ranking_page_needs_no_login_and_shows_both_tables(
    page: Any, snap: Snap, dossiers: dict[str, int]
) -> None:
    response = page.goto("/cong-khai/tthc/2021-07/")
    assert response is not None and response.ok
    assert "/dang-nhap/" not in page.url
    snap(page, "tthc-public-2021-07")
    assert (
        page.get_by_test_id("public-title").inner_text()
        == "Kết quả giải quyết thủ tục hành chính tháng 7/2021"
    )
    departments = page.get_by_test_id("public-ranking-departments")
    communes = page.get_by_test_id("public-ranking-communes")
    assert departments.is_visible() and communes.is_visible()
    assert communes.locator("tbody tr").count() == 14, "every commune of Sông Lô resolved enough to be ranked"
    assert departments.locator("tbody tr").first.locator("td").first.inner_text() == "1"
    assert page.locator("svg.chart").count() == 2, "one chart per table, inline, no script"
    assert "Ủy ban nhân dân xã Nhân Đạo" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("open-csv").click()
    assert download.value.suggested_filename == "tthc-2021-07.csv"


def test_office_requires_a_flagged_commune_to_remedy_in_place(
    page: Any, snap: Snap, dossiers: dict[str, int]
) -> None:
    login(page, "vanphong")
    page.goto("/tthc/xep-hang/?ky=2021-07")
    assert page.get_by_test_id("flagged").is_visible()
    button = page.get_by_test_id("follow-up-08803")
    button.click()
    done = page.locator("tr[data-unit='08803'] [data-testid='follow-up-done']")
    done.wait_for()
    snap(page, "tthc-ranking-follow-up")
    assert page.url.endswith("/tthc/xep-hang/?ky=2021-07"), "the page updated in place"
    page.get_by_test_id("period-picker").select_option("2021-06")
    page.get_by_test_id("ranking-title").filter(has_text="tháng 6/2021").wait_for()
    assert "ky=2021-06" in page.url
    page.goto("/tthc/thong-ke/?ky=2021-07")
    snap(page, "tthc-stats-2021-07")
    assert page.get_by_test_id("stats-table").locator("tr[data-unit='08803']").is_visible()


def test_office_imports_a_file_and_follows_its_progress(
    page: Any, snap: Snap, dossiers: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "mot-cua.csv"
    path.write_text(
        "Mã hồ sơ,Đơn vị tiếp nhận,Kênh tiếp nhận,Ngày tiếp nhận,Hạn giải quyết,Ngày có kết quả\n"
        "E2E-1,UBND xã Đồng Quế,Trực tuyến,02/08/2021 08:00,05/08/2021,04/08/2021 10:00\n"
        "E2E-2,08800,Trực tiếp,02/08/2021 09:00,31/02/2021,\n",
        encoding="utf-8",
    )
    login(page, "vanphong")
    page.goto("/tthc/nhap/")
    page.set_input_files("#file", str(path))
    page.get_by_test_id("start-import").click()
    job = page.get_by_test_id("job")
    page.locator("[data-testid='job'][data-status='refused']").wait_for()
    snap(page, "tthc-import-refused")
    assert "Tệp có 1 lỗi: chưa nhập hồ sơ nào" in job.inner_text()
    assert page.get_by_test_id("job-errors").locator("tbody tr").all_inner_texts() == [
        "3\tHạn giải quyết\t“31/02/2021” không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 05/07/2021 "
        "hoặc 05/07/2021 08:30)."
    ]
