"""The shell in a real browser: each role's home, language, access limits, login throttling, import, phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from dieuhanh.core.tables import write_csv
from dieuhanh.org import importing
from dieuhanh.org.models import Unit

from .conftest import login

pytestmark = pytest.mark.browser

Snap = Callable[[Any, str], Path]

TNMT = "Phòng Tài nguyên và Môi trường huyện Sông Lô"
HOMES = [
    ("chutich", "Lê Quang Nghiệp", "Bảng điều hành của Lãnh đạo UBND"),
    ("phochutich", "Nguyễn Văn An", "Bảng điều hành của Lãnh đạo UBND"),
    ("chanhvanphong", "Bùi Văn Thọ", "Bàn làm việc của Văn phòng"),
    ("vanphong", "Trần Thị Bình", "Bàn làm việc của Văn phòng"),
    ("truongphong.tnmt", "Phạm Văn Cường", f"Công việc của {TNMT}"),
    ("chuyenvien.tnmt", "Lê Thị Dung", f"Công việc của {TNMT}"),
    ("xa.dongque", "Hoàng Văn Em", "Công việc của Ủy ban nhân dân xã Đồng Quế"),
    ("xem", "Đỗ Thị Giang", "Tổng quan (chỉ xem)"),
]
OFFICE = {"chanhvanphong", "vanphong"}
UNIT_STAFF = {"truongphong.tnmt", "chuyenvien.tnmt", "xa.dongque"}


@pytest.mark.parametrize(("username", "full_name", "title"), HOMES, ids=[h[0] for h in HOMES])
def test_each_role_lands_on_its_own_home(
    page: Any, snap: Snap, username: str, full_name: str, title: str
) -> None:
    response = page.goto("/")
    assert "/dang-nhap/" in page.url, "an anonymous visitor is sent to the login page"
    assert response is not None and response.ok
    login(page, username)
    snap(page, f"home-{username}")
    assert urlsplit(page.url).path == "/"
    assert page.get_by_test_id("home-title").inner_text() == title
    assert page.get_by_test_id("who").inner_text() == full_name
    assert page.locator("nav.main").is_visible()
    import_links = page.locator("main a[href='/don-vi/nhap/']")
    assert import_links.count() == (1 if username in OFFICE else 0), "only the office imports lists"
    unit_links = page.get_by_role("link", name="Trang đơn vị")
    assert unit_links.count() == (1 if username in UNIT_STAFF else 0)
    if username not in UNIT_STAFF:
        # 12 departments with the office, 3 other agencies, 14 communes, 4 seats, 8 people in the demo.
        assert page.locator(".cards .card .num").all_inner_texts() == ["12", "3", "14", "4", "8"]


def test_language_switches_to_english_and_back(page: Any, snap: Snap) -> None:
    login(page, "chutich")
    html = page.locator("html")
    assert html.get_attribute("lang") == "vi"
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    snap(page, "home-chutich-en")
    assert html.get_attribute("lang") == "en"
    assert page.input_value("#lang-select") == "en"
    assert page.locator("#lang-select option:checked").inner_text() == "English"
    assert page.get_by_test_id("home-title").inner_text() == "Committee leadership dashboard"
    assert page.locator("nav.main").get_by_role("link", name="Home", exact=True).is_visible()
    page.reload()
    assert html.get_attribute("lang") == "en", "the choice is remembered"
    with page.expect_navigation():
        page.select_option("#lang-select", "vi")
    snap(page, "home-chutich-vi")
    assert html.get_attribute("lang") == "vi"
    assert page.locator("#lang-select option:checked").inner_text() == "Tiếng Việt"
    assert page.get_by_test_id("home-title").inner_text() == "Bảng điều hành của Lãnh đạo UBND"


def test_unit_officer_opens_own_unit_but_not_another(page: Any, snap: Snap) -> None:
    login(page, "chuyenvien.tnmt")
    own = page.goto("/don-vi/253-TNMT/")
    snap(page, "unit-own-chuyenvien.tnmt")
    assert own is not None and own.status == 200
    assert page.get_by_test_id("unit-name").inner_text() == TNMT
    assert page.get_by_text("Lê Thị Dung — Chuyên viên").is_visible()

    other = page.goto("/don-vi/253-TP/")
    snap(page, "unit-forbidden-chuyenvien.tnmt")
    assert other is not None and other.status == 403
    assert page.locator("main h1").inner_text() == "Không có quyền truy cập"
    assert page.get_by_text("Phòng Tư pháp").count() == 0, "nothing of the other unit leaks"
    assert page.locator("nav.main").is_visible(), "the 403 page keeps the navigation"


def test_wrong_password_is_refused_and_five_lock_the_account(page: Any, snap: Snap) -> None:
    get_user_model().objects.create_user("khoa.thu", password="mat-khau-dung-123")
    login(page, "khoa.thu", "sai-mat-khau")
    snap(page, "login-wrong-password")
    assert "/dang-nhap/" in page.url
    error = page.locator("main .errors[role=alert]")
    assert error.is_visible() and "mật khẩu" in error.inner_text()
    for _ in range(3):
        login(page, "khoa.thu", "sai-mat-khau")
        assert page.locator("main h1").inner_text() == "Đăng nhập"
    login(page, "khoa.thu", "sai-mat-khau")
    snap(page, "login-locked-out")
    assert page.locator("main h1").inner_text() == "Tạm khóa đăng nhập"
    login(page, "khoa.thu", "mat-khau-dung-123")
    assert page.locator("main h1").inner_text() == "Tạm khóa đăng nhập", "the right password waits too"
    assert page.get_by_test_id("who").count() == 0

    login(page, "chutich")
    assert page.get_by_test_id("home-title").is_visible(), "other accounts are not locked"


def _units_csv(bad_row: int | None = None) -> bytes:
    fields = [c.field for c in importing.UNIT_COLUMNS]
    rows = []
    for i in range(1, 5):
        values = {
            "code": f"E2E{i:02d}",
            "name": f"Ủy ban nhân dân xã Kiểm Thử {i}",
            "kind": "Ủy ban nhân dân",
            "level": "Cấp xã",
            "issuer": "253",
            "groups": "xã",
            "valid_from": "31/02/2021" if i == bad_row else "01/01/2021",
        }
        rows.append([values.get(f, "") for f in fields])
    return write_csv([c.header for c in importing.UNIT_COLUMNS], rows)


def _upload(page: Any, data: bytes) -> None:
    page.set_input_files("#id_file", files=[{"name": "don-vi.csv", "mimeType": "text/csv", "buffer": data}])
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra tệp").click()


def test_office_imports_units_all_or_nothing(page: Any, snap: Snap) -> None:
    login(page, "vanphong")
    page.goto("/don-vi/nhap/")
    snap(page, "import-units-form")
    before = Unit.objects.count()

    _upload(page, _units_csv(bad_row=3))
    snap(page, "import-units-bad-row")
    assert page.get_by_test_id("import-errors").inner_text() == "1 lỗi — chưa ghi gì."
    problems = page.locator("main ul.errors li").all_inner_texts()
    assert len(problems) == 1
    assert problems[0].startswith("Dòng 4: cột “Hiệu lực từ ngày”") and "31/02/2021" in problems[0]
    assert page.get_by_test_id("confirm-import").count() == 0
    assert Unit.objects.count() == before

    _upload(page, _units_csv())
    snap(page, "import-units-preview")
    assert page.get_by_text("4 dòng: 4 mới, 0 cập nhật.").is_visible()
    assert page.get_by_test_id("import-errors").count() == 0
    assert Unit.objects.count() == before, "the preview writes nothing"
    with page.expect_navigation():
        page.get_by_test_id("confirm-import").click()
    snap(page, "import-units-done")
    assert page.url.endswith("/don-vi/")
    assert page.locator(".messages li.success").inner_text() == "Đã nhập 4 dòng (4 mới, 0 cập nhật)."
    for i in range(1, 5):
        assert page.get_by_role("link", name=f"Ủy ban nhân dân xã Kiểm Thử {i}", exact=True).is_visible()
    assert Unit.objects.count() == before + 4
    assert set(Unit.objects.filter(code__startswith="E2E").values_list("issuer__code", flat=True)) == {"253"}


@pytest.mark.parametrize("username", ["chutich", "vanphong", "chuyenvien.tnmt"])
def test_pages_fit_a_phone_screen(phone_page: Any, snap: Snap, username: str) -> None:
    login(phone_page, username)
    snap(phone_page, f"phone-home-{username}")
    assert phone_page.get_by_test_id("home-title").is_visible()
    nav = phone_page.locator("nav.main")
    assert nav.is_visible()
    for name in ("Trang chủ", "Cơ quan, đơn vị", "Cán bộ"):
        link = nav.get_by_role("link", name=name, exact=True)
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the home page scrolls sideways ({width}px wide)"
    phone_page.goto("/don-vi/")
    snap(phone_page, f"phone-units-{username}")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the unit list scrolls sideways ({width}px wide); its tables scroll inside"
