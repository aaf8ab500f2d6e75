"""Who gets what: every page and every API endpoint, for every role, against an explicit table.

The table's keys must be exactly the URL patterns (admin and i18n aside) and the OpenAPI operations, so a new page
or endpoint without a row fails the suite. Each cell is the answer expected for that role:

- ``200``, ``401``, ``403``, ``404``, ``405``: that status;
- ``L``: a redirect to the login page;
- ``→`` or ``→/prefix/``: a redirect elsewhere (to a page whose address starts with the prefix);
- ``W``: a write that went through (the case's counter grew); ``-``: a write that was refused (nothing changed).

Below the table, object-level cases: unit B (a commune) never reads or changes unit A's (a department's)
assignments, progress reports or files, by page, API or guessed id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.worlds import A_SECRET, load_office_world, module_world, user

A, B = "chuyenvien.tnmt", "xa.dongque"  # unit A: phòng TN&MT (253-TNMT); unit B: UBND xã Đồng Quế (08800)
ROLES = ("anonymous", "xem", A, B, "truongphong.tnmt", "vanphong", "chanhvanphong", "chutich")
SKIPPED_PREFIXES = ("quan-tri/", "i18n/")


@dataclass(frozen=True)
class Case:
    """One request made as each role, and the answer expected for each (in ``ROLES`` order)."""

    url: Callable[[Any], str]
    expect: str
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    count: Callable[[Any], int] | None = None  # for writes: a number that grows when the request wrote
    htmx: bool = False
    json: bool = False


def _c(model: str, **filters: Any) -> Callable[[Any], int]:
    def count(o: Any) -> int:
        from django.apps import apps

        return int(apps.get_model(model).objects.filter(**filters).count())

    return count


OFFICE_ONLY = "L 403 403 403 403 200 200 403"
ISSUER_WIDE = "L 200 403 403 403 200 200 200"  # office, leaders and viewers of the issuing body
SIGNED_IN = "L 200 200 200 200 200 200 200"
PUBLIC = "200 200 200 200 200 200 200 200"
ADMIN_ONLY = "L 403 403 403 403 403 403 403"  # administrators (superusers) only: no role of the table
RECORD = "L 403 403 403 403 200 200 200"  # minutes and votes: the office and the leaders who chaired
DRAFT = "L 403 403 403 403 200 200 200"  # a draft notice: the office and the leaders, never a viewer
UNIT_A_PAGE = "L 200 200 404 200 200 200 200"  # unit B gets a 404 that tells nothing
UNIT_QUEUE = "L 200 →/nhiem-vu/don-vi/ →/nhiem-vu/don-vi/ →/nhiem-vu/don-vi/ 200 200 200"

PAGES: dict[str, list[Case]] = {
    "": [Case(lambda o: "/", SIGNED_IN)],
    "dang-nhap/": [Case(lambda o: "/dang-nhap/", PUBLIC)],
    "dang-xuat/": [Case(lambda o: "/dang-xuat/", "L L L L L L L L", method="post")],
    "suc-khoe/": [Case(lambda o: "/suc-khoe/", PUBLIC)],
    "api/": [Case(lambda o: "/api/", "404 404 404 404 404 404 404 404")],
    "api/openapi.json": [Case(lambda o: "/api/openapi.json", SIGNED_IN)],
    "api/docs": [Case(lambda o: "/api/docs", SIGNED_IN)],
    # Sessions
    "phien-hop/": [Case(lambda o: "/phien-hop/", SIGNED_IN)],
    "phien-hop/tao/": [
        Case(
            lambda o: "/phien-hop/tao/",
            "L - - - - W W -",
            method="post",
            data=lambda o: {"kind": "administrative", "starts_at": "2021-09-20T08:00", "place": "Phòng họp"},
            count=_c("meetings.Meeting"),
        )
    ],
    "phien-hop/chuong-trinh/<year:year>/": [Case(lambda o: "/phien-hop/chuong-trinh/2021/", SIGNED_IN)],
    "phien-hop/<id:pk>/": [Case(lambda o: f"/phien-hop/{o.seed}/", SIGNED_IN)],
    "phien-hop/<id:pk>/thao-tac/": [
        Case(
            lambda o: f"/phien-hop/{o.planned}/thao-tac/",
            "L - - - - W W -",
            method="post",
            data=lambda o: {"action": "section", "title": "Phần bổ sung"},
            count=lambda o: _c("meetings.AgendaSection", meeting_id=o.planned)(o),
        )
    ],
    "phien-hop/<id:pk>/thu-ky/": [
        Case(lambda o: f"/phien-hop/{o.seed}/thu-ky/", "L 403 403 403 403 200 200 200")
    ],
    "phien-hop/<id:pk>/noi-dung/<id:item_id>/": [
        Case(lambda o: f"/phien-hop/{o.planned}/noi-dung/{o.planned_item}/", SIGNED_IN, htmx=True),
        Case(
            lambda o: f"/phien-hop/{o.planned}/noi-dung/{o.planned_item}/",
            "L - - - - W W W",
            method="post",
            data=lambda o: {"action": "opinion", "gist": "Đề nghị bổ sung số liệu", "speaker": "Đại biểu"},
            count=lambda o: _c("meetings.Opinion", item_id=o.planned_item)(o),
            htmx=True,
        ),
    ],
    "phien-hop/<id:pk>/bieu-quyet/": [Case(lambda o: f"/phien-hop/{o.seed}/bieu-quyet/", SIGNED_IN)],
    "phien-hop/<id:pk>/bien-ban.docx": [Case(lambda o: f"/phien-hop/{o.seed}/bien-ban.docx", RECORD)],
    "phien-hop/<id:pk>/bieu-quyet.csv": [Case(lambda o: f"/phien-hop/{o.seed}/bieu-quyet.csv", RECORD)],
    # Assignments
    "nhiem-vu/": [Case(lambda o: "/nhiem-vu/", UNIT_QUEUE)],
    "nhiem-vu/giao-moi/": [Case(lambda o: "/nhiem-vu/giao-moi/", "L 403 403 403 403 200 200 200")],
    "nhiem-vu/bang-dieu-hanh/": [Case(lambda o: "/nhiem-vu/bang-dieu-hanh/", UNIT_QUEUE)],
    "nhiem-vu/bang-dieu-hanh/theo-thang/": [
        Case(lambda o: "/nhiem-vu/bang-dieu-hanh/theo-thang/", ISSUER_WIDE)
    ],
    "nhiem-vu/don-vi/<str:code>/": [
        Case(lambda o: "/nhiem-vu/don-vi/253-TNMT/", "L 200 200 403 200 200 200 200"),
        Case(lambda o: "/nhiem-vu/don-vi/08800/", "L 200 403 200 403 200 200 200"),
    ],
    "nhiem-vu/phien-hop/<id:meeting_id>/": [Case(lambda o: f"/nhiem-vu/phien-hop/{o.seed}/", SIGNED_IN)],
    "nhiem-vu/bao-cao/": [Case(lambda o: "/nhiem-vu/bao-cao/", "L 403 403 403 403 200 200 200")],
    "nhiem-vu/lich/": [Case(lambda o: "/nhiem-vu/lich/", SIGNED_IN)],
    "nhiem-vu/lich/<str:token>.ics": [
        Case(lambda o: f"/nhiem-vu/lich/{o.token_a}.ics", PUBLIC),  # the secret in the address is the key
        Case(lambda o: "/nhiem-vu/lich/doan-bua.ics", "404 404 404 404 404 404 404 404"),
    ],
    "nhiem-vu/quy-tac-nhac/": [
        Case(lambda o: "/nhiem-vu/quy-tac-nhac/", OFFICE_ONLY),
        Case(
            lambda o: "/nhiem-vu/quy-tac-nhac/",
            "L - - - - W W -",
            method="post",
            data=lambda o: {"offset": ["-5", "2"], "escalation": ["", "head"]},
            count=_c("core.AuditEvent", action="reminder_rules.save", succeeded=True),
        ),
    ],
    "nhiem-vu/thong-bao/": [Case(lambda o: "/nhiem-vu/thong-bao/", SIGNED_IN)],
    "nhiem-vu/thong-bao/da-doc/": [
        Case(lambda o: "/nhiem-vu/thong-bao/da-doc/", "L → → → → → → →", method="post")
    ],
    "nhiem-vu/tep/<id:pk>/": [Case(lambda o: f"/nhiem-vu/tep/{o.a_file}/", UNIT_A_PAGE)],
    "nhiem-vu/<id:pk>/": [Case(lambda o: f"/nhiem-vu/{o.a}/", UNIT_A_PAGE)],
    "nhiem-vu/<id:pk>/thao-tac/": [
        Case(
            lambda o: f"/nhiem-vu/{o.a}/thao-tac/",
            "L - W - W - - -",
            method="post",
            data=lambda o: {"action": "progress", "text": "Đã làm thêm một phần", "percent": "50"},
            count=lambda o: _c("directives.ProgressReport", assignment_id=o.a)(o),
        )
    ],
    "nhiem-vu/<id:pk>/lich-su/": [Case(lambda o: f"/nhiem-vu/{o.a}/lich-su/", UNIT_A_PAGE)],
    # Notices
    "thong-bao/": [
        Case(lambda o: "/thong-bao/", "L 200 →/thong-bao/den/ →/thong-bao/den/ →/thong-bao/den/ 200 200 200")
    ],
    "thong-bao/den/": [Case(lambda o: "/thong-bao/den/", SIGNED_IN)],
    "thong-bao/nhap/": [Case(lambda o: "/thong-bao/nhap/", OFFICE_ONLY)],
    "thong-bao/so-van-ban-di/": [Case(lambda o: "/thong-bao/so-van-ban-di/", ISSUER_WIDE)],
    "thong-bao/soan-tu-phien-hop/<id:meeting_id>/": [
        Case(
            lambda o: f"/thong-bao/soan-tu-phien-hop/{o.seed}/",
            "L →/phien-hop/ →/phien-hop/ →/phien-hop/ →/phien-hop/ →/thong-bao/ →/thong-bao/ →/phien-hop/",
            method="post",
        )
    ],
    "thong-bao/<id:pk>/": [
        # The issued seed notice was delivered to every unit: each reads it. A draft is the office's.
        Case(lambda o: f"/thong-bao/{o.notice}/", SIGNED_IN),
        Case(lambda o: f"/thong-bao/{o.draft}/", DRAFT),
        Case(
            lambda o: f"/thong-bao/{o.draft}/",
            "L - - - - W W -",
            method="post",
            data=lambda o: {"action": "save", "title": "Đính chính", "p0": "Đoạn đã sửa"},
            count=lambda o: _c("notices.NoticeRevision", notice_id=o.draft)(o),
        ),
    ],
    "thong-bao/<id:pk>/tep.<str:kind>": [Case(lambda o: f"/thong-bao/{o.notice}/tep.pdf", SIGNED_IN)],
    # TTHC
    "tthc/": [Case(lambda o: "/tthc/", "L → → → → → → →")],
    "tthc/thong-ke/": [Case(lambda o: "/tthc/thong-ke/", ISSUER_WIDE)],
    "tthc/xep-hang/": [Case(lambda o: "/tthc/xep-hang/", ISSUER_WIDE)],
    "tthc/xep-hang/<str:period>/don-doc/<str:code>/": [
        Case(lambda o: "/tthc/xep-hang/2021-07/don-doc/08800/", "L 403 403 403 403 → → 403", method="post")
    ],
    "tthc/cong-khai/<str:period>/": [
        Case(lambda o: "/tthc/cong-khai/2021-07/", "L 403 403 403 403 → → 403", method="post")
    ],
    "tthc/bao-cao/<str:period>.docx": [Case(lambda o: "/tthc/bao-cao/2021-07.docx", ISSUER_WIDE)],
    "tthc/ban-tin/<str:period>.<str:fmt>": [Case(lambda o: "/tthc/ban-tin/2021-07.txt", ISSUER_WIDE)],
    "tthc/nhap/": [Case(lambda o: "/tthc/nhap/", OFFICE_ONLY)],
    "tthc/nhap/<id:pk>/": [Case(lambda o: f"/tthc/nhap/{o.job}/", OFFICE_ONLY)],
    "tthc/nguon/": [Case(lambda o: "/tthc/nguon/", OFFICE_ONLY)],
    "tthc/nguon/moi/": [Case(lambda o: "/tthc/nguon/moi/", OFFICE_ONLY)],
    "tthc/nguon/<id:pk>/": [Case(lambda o: f"/tthc/nguon/{o.source}/", OFFICE_ONLY)],
    # The public portal
    "cong-khai/": [Case(lambda o: "/cong-khai/", PUBLIC)],
    "cong-khai/thong-bao/<id:pk>/": [
        Case(lambda o: f"/cong-khai/thong-bao/{o.notice}/", PUBLIC),
        Case(lambda o: f"/cong-khai/thong-bao/{o.draft}/", "404 404 404 404 404 404 404 404"),
    ],
    "cong-khai/thong-bao.atom": [Case(lambda o: "/cong-khai/thong-bao.atom", PUBLIC)],
    "cong-khai/kiem-tra-chu-ky/": [Case(lambda o: "/cong-khai/kiem-tra-chu-ky/", PUBLIC)],
    "cong-khai/tthc/": [Case(lambda o: "/cong-khai/tthc/", PUBLIC)],
    "cong-khai/tthc/<str:period>.csv": [Case(lambda o: "/cong-khai/tthc/2021-07.csv", PUBLIC)],
    "cong-khai/tthc/<str:period>.json": [Case(lambda o: "/cong-khai/tthc/2021-07.json", PUBLIC)],
    "cong-khai/tthc/<str:period>/ban-tin.txt": [
        Case(lambda o: "/cong-khai/tthc/2021-07/ban-tin.txt", PUBLIC)
    ],
    "cong-khai/tthc/<str:period>/": [Case(lambda o: "/cong-khai/tthc/2021-07/", PUBLIC)],
    # The registry
    "don-vi/": [Case(lambda o: "/don-vi/", SIGNED_IN)],
    "don-vi/xuat.<str:fmt>": [Case(lambda o: "/don-vi/xuat.csv", OFFICE_ONLY)],
    "don-vi/nhap/": [Case(lambda o: "/don-vi/nhap/", OFFICE_ONLY)],
    "don-vi/<str:code>/": [
        Case(lambda o: "/don-vi/253-TNMT/", "L 200 200 403 200 200 200 200"),
        Case(lambda o: "/don-vi/08800/", "L 200 403 200 403 200 200 200"),
    ],
    # One's own account: second factor, password, sign-in history; the audit log for administrators
    "tai-khoan/": [Case(lambda o: "/tai-khoan/", SIGNED_IN)],
    "tai-khoan/xac-thuc/": [Case(lambda o: "/tai-khoan/xac-thuc/", "L →/ →/ →/ →/ →/ →/ →/")],
    "tai-khoan/hai-lop/dang-ky/": [Case(lambda o: "/tai-khoan/hai-lop/dang-ky/", SIGNED_IN)],
    "tai-khoan/hai-lop/ma-du-phong/": [Case(lambda o: "/tai-khoan/hai-lop/ma-du-phong/", SIGNED_IN)],
    "tai-khoan/doi-mat-khau/": [Case(lambda o: "/tai-khoan/doi-mat-khau/", SIGNED_IN)],
    "tai-khoan/lich-su-dang-nhap/": [Case(lambda o: "/tai-khoan/lich-su-dang-nhap/", SIGNED_IN)],
    "nhat-ky/": [Case(lambda o: "/nhat-ky/", ADMIN_ONLY)],
    "nhat-ky/xuat.csv": [Case(lambda o: "/nhat-ky/xuat.csv", ADMIN_ONLY)],
    # Outgoing e-mail: the office watches and retries it
    "hop-thu-di/": [Case(lambda o: "/hop-thu-di/", "L 403 403 403 403 200 200 403")],
    "hop-thu-di/<id:pk>/gui-lai/": [
        Case(
            lambda o: f"/hop-thu-di/{o.mail}/gui-lai/",
            "L - - - - W W -",
            method="post",
            count=_c("core.AuditEvent", action="outbox.retry", succeeded=True),
        )
    ],
    "can-bo/": [Case(lambda o: "/can-bo/", SIGNED_IN)],
    "can-bo/xuat.<str:fmt>": [Case(lambda o: "/can-bo/xuat.csv", OFFICE_ONLY)],
    "can-bo/nhap/": [Case(lambda o: "/can-bo/nhap/", OFFICE_ONLY)],
}

API_SIGNED_IN = "401 200 200 200 200 200 200 200"
API_ISSUER_WIDE = "401 200 403 403 403 200 200 200"
API_RECORD = "401 403 403 403 403 200 200 200"

API: dict[str, list[Case]] = {
    "GET /api/meetings/": [Case(lambda o: "/api/meetings/", API_SIGNED_IN)],
    "GET /api/meetings/{meeting_id}/items": [Case(lambda o: f"/api/meetings/{o.seed}/items", API_SIGNED_IN)],
    "GET /api/meetings/{meeting_id}/notice": [
        Case(lambda o: f"/api/meetings/{o.seed}/notice", API_RECORD),
        Case(lambda o: f"/api/meetings/{o.planned}/notice", API_RECORD),
    ],
    "GET /api/notices/": [Case(lambda o: "/api/notices/", API_SIGNED_IN)],
    "GET /api/notices/{notice_id}": [
        Case(lambda o: f"/api/notices/{o.notice}", API_SIGNED_IN),  # issued and delivered to every unit
        Case(lambda o: f"/api/notices/{o.draft}", API_RECORD),
    ],
    "PUT /api/notices/{notice_id}/draft": [
        Case(
            lambda o: f"/api/notices/{o.draft}/draft",
            "401 - - - - W W -",
            method="put",
            data=lambda o: {
                "title": "Đính chính",
                "body": [{"style": "body", "runs": [{"text": "Đoạn mới"}]}],
            },
            count=lambda o: _c("notices.NoticeRevision", notice_id=o.draft)(o),
            json=True,
        )
    ],
    "GET /api/directives/assignments": [Case(lambda o: "/api/directives/assignments", API_SIGNED_IN)],
    "GET /api/directives/assignments/{assignment_id}": [
        Case(lambda o: f"/api/directives/assignments/{o.a}", "401 200 200 404 200 200 200 200")
    ],
    "POST /api/directives/assignments/{assignment_id}/progress": [
        Case(
            lambda o: f"/api/directives/assignments/{o.a}/progress",
            "401 - W - W - - -",
            method="post",
            data=lambda o: {"text": "Báo cáo qua API", "percent": "60"},
            count=lambda o: _c("directives.ProgressReport", assignment_id=o.a)(o),
        )
    ],
    "GET /api/directives/counts": [Case(lambda o: "/api/directives/counts", API_SIGNED_IN)],
    "GET /api/tthc/periods": [Case(lambda o: "/api/tthc/periods", API_ISSUER_WIDE)],
    "GET /api/tthc/snapshot/{period}": [Case(lambda o: "/api/tthc/snapshot/2021-07", API_ISSUER_WIDE)],
    "GET /api/tthc/imports/{job_id}": [
        Case(lambda o: f"/api/tthc/imports/{o.job}", "401 403 403 403 403 200 200 403")
    ],
}


# --- What the site has --------------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(SKIPPED_PREFIXES):
                yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
            yield route


def api_operations() -> set[str]:
    """``METHOD /api/path`` of every operation in the OpenAPI schema."""
    from dieuhanh.api.urls import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def url_patterns() -> set[str]:
    """Every URL pattern but the admin's, the language switch's and the API operations' (listed by OpenAPI)."""
    operations = {re.sub(r"\{(\w+)\}", r"\1", op.split(" ", 1)[1]) for op in api_operations()}
    found = set()
    for route in _walk(get_resolver().url_patterns):
        plain = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"\1", route)
        if plain not in operations:
            found.add(route)
    return found


def test_the_table_covers_every_page_and_endpoint() -> None:
    pages = url_patterns()
    assert set(PAGES) - pages == set(), "rows for pages that no longer exist"
    assert pages - set(PAGES) == set(), "pages without a row in the permission table: add one"
    operations = api_operations()
    assert set(API) - operations == set(), "rows for API operations that no longer exist"
    assert operations - set(API) == set(), "API operations without a row in the permission table: add one"


# --- The data the table is about ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def objects(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[SimpleNamespace]:
    """The whole demo (seed session, issued notice, assignments with reports and files, TTHC figures), a planned
    session, a draft notice; loaded once, each test then runs in a transaction rolled back after it."""
    with module_world(django_db_blocker, tmp_path_factory, load_office_world) as world:
        yield world


@pytest.fixture(scope="module")
def _signed_in(objects: SimpleNamespace, django_db_blocker: Any) -> dict[str, Client]:
    made = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for username in ROLES[1:]:
            made[username] = Client()
            made[username].force_login(user(username))
    return made


@pytest.fixture
def clients(_signed_in: dict[str, Client], db: None) -> dict[str, Client]:
    """A client per role, signed in once for the module (the anonymous one is not); the session cookies are put
    back before each test, since signing out (a row of the table) drops them."""
    for client in _signed_in.values():
        saved = getattr(client, "saved_cookies", None)
        if saved is None:
            client.saved_cookies = client.cookies  # type: ignore[attr-defined]
        client.cookies = SimpleCookie(client.saved_cookies.output(header=""))  # type: ignore[attr-defined]
    return _signed_in


@pytest.fixture(autouse=True)
def _quiet_refusals() -> Iterator[None]:
    # Every refused request logs a warning with a traceback: hundreds of them here, all expected.
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


# --- Checking one case ------------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _answer(client: Client, case: Case, o: SimpleNamespace) -> tuple[str, Any]:
    url = case.url(o)
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    before = case.count(o) if case.count else 0
    data = case.data(o) if case.data else {}
    if case.json:
        response = getattr(client, case.method)(url, data, content_type="application/json", **headers)
    else:
        response = getattr(client, case.method)(url, data, **headers)
    assert response.status_code < 500, f"{url}: server error {response.status_code}"
    if case.count is not None and response.status_code not in (302, 401):
        return ("W" if case.count(o) > before else "-"), response
    if case.count is not None and response.status_code == 302 and "/dang-nhap/" not in response["Location"]:
        return ("W" if case.count(o) > before else "-"), response
    if response.status_code == 302:
        location = response["Location"]
        return ("L" if location.startswith("/dang-nhap/") else f"→{location}"), response
    return str(response.status_code), response


def _matches(expected: str, actual: str) -> bool:
    if expected.startswith("→"):
        return actual.startswith(expected)
    return expected == actual


def _check(cases: list[Case], clients: dict[str, Client], o: SimpleNamespace) -> None:
    for case in cases:
        expected = case.expect.split()
        assert len(expected) == len(ROLES), f"{case.url(o)}: the row needs one answer per role"
        answers = []
        for role in ROLES:
            got, response = _answer(clients[role], case, o)
            answers.append(got)
            if got == "200" and response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode()
                assert "Content-Security-Policy" in response, case.url(o)
                assert not INLINE_SCRIPT.search(html), f"{case.url(o)}: inline script"
                assert not INLINE_HANDLER.search(html), f"{case.url(o)}: inline event handler"
        wrong = [
            f"{r}: expected {w}, got {g}"
            for r, w, g in zip(ROLES, expected, answers, strict=True)
            if not _matches(w, g)
        ]
        assert not wrong, f"{case.method.upper()} {case.url(o)}\n" + "\n".join(wrong)


@pytest.mark.parametrize("pattern", sorted(PAGES))
def test_page(pattern: str, clients: dict[str, Client], objects: SimpleNamespace) -> None:
    _check(PAGES[pattern], clients, objects)


@pytest.mark.parametrize("operation", sorted(API))
def test_api_operation(operation: str, clients: dict[str, Client], objects: SimpleNamespace) -> None:
    _check(API[operation], clients, objects)


# --- Unit B and unit A's work ----------------------------------------------------------------------------


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_unit_b_never_reads_unit_a_by_page_api_or_guessed_id(
    clients: dict[str, Client], objects: SimpleNamespace
) -> None:
    from dieuhanh.directives.models import Assignment, Attachment

    b = clients[B]
    others = Assignment.objects.exclude(unit__code="08800").values_list("pk", flat=True)
    top = Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for pk in [*others, top + 1, top + 1000]:
        for url in (f"/nhiem-vu/{pk}/", f"/nhiem-vu/{pk}/lich-su/", f"/api/directives/assignments/{pk}"):
            assert b.get(url).status_code == 404, url
    for pk in Attachment.objects.exclude(report__assignment__unit__code="08800").values_list("pk", flat=True):
        assert b.get(f"/nhiem-vu/tep/{pk}/").status_code == 404
    listing = b.get("/api/directives/assignments?limit=1000").json()
    assert {row["unit_code"] for row in listing["items"]} == {"08800"}
    assert b.get("/api/directives/assignments?unit=253-TNMT").json()["items"] == []
    own = Assignment.objects.filter(unit__code="08800").count()
    assert b.get("/api/directives/counts").json()["total"] == own
    for url in (
        "/",
        "/nhiem-vu/don-vi/08800/",
        f"/nhiem-vu/phien-hop/{objects.seed}/",
        "/nhiem-vu/lich/",
        "/nhiem-vu/thong-bao/",
        "/thong-bao/den/",
    ):
        response = b.get(url, follow=True)
        assert response.status_code == 200, url
        assert A_SECRET not in response.content.decode(), url
    assert b.get("/nhiem-vu/don-vi/253-TNMT/").status_code == 403


def test_unit_b_never_changes_unit_a_by_page_api_or_guessed_id(
    clients: dict[str, Client], objects: SimpleNamespace, settings: Any
) -> None:
    from dieuhanh.core.models import AuditEvent
    from dieuhanh.directives.models import Assignment, Attachment, ExtensionRequest, ProgressReport

    b = clients[B]
    media = Path(settings.MEDIA_ROOT)
    before = (
        ProgressReport.objects.count(), Attachment.objects.count(), ExtensionRequest.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("pk", "deadline", "done_on", "closed_on")),
        _files(media),
    )  # fmt: skip
    pdf = b"%PDF-1.4\n% cua xa\n%%EOF\n"
    posts: list[dict[str, Any]] = [
        {"action": "progress", "text": "Ghi đè", "percent": "100", "completion": "1"},
        {"action": "extension", "deadline": "2030-01-01", "reason": "Xin gia hạn"},
        {"action": "deadline", "deadline": "2030-01-01", "reason": "Đổi hạn"},
        {"action": "close", "closure": "cancelled", "reason": "Dừng"},
        {"action": "confirm", "note": "Xác nhận"},
        {"action": "final", "number": "1/BC", "issued_on": "2021-09-01"},
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    for pk in Assignment.objects.exclude(unit__code="08800").values_list("pk", flat=True)[:20]:
        for data in posts:
            upload = SimpleUploadedFile("bang-chung.pdf", pdf, content_type="application/pdf")
            response = b.post(f"/nhiem-vu/{pk}/thao-tac/", {**data, "files": upload})
            assert response.status_code == 404, (pk, data["action"])
        api = b.post(
            f"/api/directives/assignments/{pk}/progress",
            {"text": "Ghi đè", "percent": "100", "completion": "true",
             "files": SimpleUploadedFile("x.pdf", pdf, content_type="application/pdf")},
        )  # fmt: skip
        assert api.status_code == 404
    after = (
        ProgressReport.objects.count(), Attachment.objects.count(), ExtensionRequest.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("pk", "deadline", "done_on", "closed_on")),
        _files(media),
    )  # fmt: skip
    assert after == before
    own = [str(pk) for pk in Assignment.objects.filter(unit__code="08800").values_list("pk", flat=True)]
    written = AuditEvent.objects.filter(
        actor__username=B, succeeded=True, object_type="directives.assignment"
    )
    assert not written.exclude(object_id__in=own).exists()


def test_unit_b_still_works_on_its_own(clients: dict[str, Client], objects: SimpleNamespace) -> None:
    from dieuhanh.directives.models import ProgressReport

    before = ProgressReport.objects.filter(assignment_id=objects.b).count()
    response = clients[B].post(
        f"/nhiem-vu/{objects.b}/thao-tac/", {"action": "progress", "text": "Xã đã làm", "percent": "20"}
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(assignment_id=objects.b).count() == before + 1
    assert clients[A].get(f"/nhiem-vu/{objects.b}/").status_code == 404


# --- What each list, export, feed and API holds, per role --------------------------------------------------
# A status code says nothing of what a 200 contains: a list filtered by a looser rule than its detail page leaks
# the rows the detail refuses. For every role, each list, export, feed and API below must hold exactly (or, for
# pages that show a part, only) what the object rule of its detail page allows.

NOTICE_LINK = re.compile(r'href="/thong-bao/(\d+)/"')
PUBLIC_LINK = re.compile(r'href="/cong-khai/thong-bao/(\d+)/"')
ASSIGNMENT_LINK = re.compile(r'href="/nhiem-vu/(\d+)/"')


def _allowed(perm: str, user: Any, rows: Any) -> set[int]:
    return {row.pk for row in rows if user.has_perm(perm, row)}


def _links(pattern: re.Pattern[str], response: Any) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {int(pk) for pk in pattern.findall(response.content.decode())}


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_notice_list_holds_what_the_notice_rule_allows(
    role: str, clients: dict[str, Client], objects: SimpleNamespace
) -> None:
    from dieuhanh.notices.models import Notice, NoticeStatus
    from dieuhanh.org.rules import person_of

    account, client = user(role), clients[role]
    notices = list(Notice.objects.all())
    allowed = _allowed("notices.view_notice", account, notices)
    assert objects.notice in allowed  # the issued seed was delivered to every unit
    assert (objects.draft in allowed) == (role in ("vanphong", "chanhvanphong", "chutich"))
    assert {row["id"] for row in client.get("/api/notices/").json()} == allowed
    for pk in {n.pk for n in notices}:
        detail = client.get(f"/api/notices/{pk}").status_code
        assert detail == (200 if pk in allowed else 403), (role, pk, detail)
    person = person_of(account)
    own = {n.pk for n in notices if person is not None and n.issuer_id == person.issuer.pk} & allowed
    register = client.get("/thong-bao/", follow=True)
    assert _links(NOTICE_LINK, register) <= allowed
    if register.redirect_chain == []:  # the issuing body's list (units are sent to their incoming notices)
        assert _links(NOTICE_LINK, register) == own
    assert _links(NOTICE_LINK, client.get("/thong-bao/den/")) <= allowed
    issued_out = client.get("/thong-bao/so-van-ban-di/")
    if issued_out.status_code == 200:
        assert _links(NOTICE_LINK, issued_out) <= {
            pk for pk in own if Notice.objects.get(pk=pk).status == NoticeStatus.ISSUED
        }
    draft_link = f"/thong-bao/{objects.draft}/"
    assert (draft_link in register.content.decode()) == (
        objects.draft in allowed and not register.redirect_chain
    )
    for url in ("/thong-bao/den/", "/cong-khai/", "/cong-khai/thong-bao.atom"):  # never a draft there
        body = client.get(url, follow=True).content.decode()
        assert draft_link not in body and f"/cong-khai/thong-bao/{objects.draft}/" not in body, url


@pytest.mark.parametrize("role", ROLES)
def test_the_portal_and_its_feed_hold_only_issued_public_notices(
    role: str, clients: dict[str, Client], objects: SimpleNamespace
) -> None:
    from dieuhanh.notices.models import Notice, NoticeStatus

    public = set(
        Notice.objects.filter(status=NoticeStatus.ISSUED, is_public=True).values_list("pk", flat=True)
    )
    assert objects.notice in public and objects.draft not in public
    client = clients[role]
    assert _links(PUBLIC_LINK, client.get("/cong-khai/")) <= public
    feed = client.get("/cong-khai/thong-bao.atom").content.decode()
    assert {int(pk) for pk in re.findall(r"/cong-khai/thong-bao/(\d+)/", feed)} == public
    for pk in Notice.objects.values_list("pk", flat=True):
        assert client.get(f"/cong-khai/thong-bao/{pk}/").status_code == (200 if pk in public else 404)


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_assignment_list_holds_what_the_assignment_rule_allows(
    role: str, clients: dict[str, Client], objects: SimpleNamespace
) -> None:
    from dieuhanh.directives.models import Assignment
    from dieuhanh.directives.queries import visible_assignments

    account, client = user(role), clients[role]
    allowed = _allowed("directives.view_assignment", account, Assignment.objects.all())
    assert set(visible_assignments(account).values_list("pk", flat=True)) == allowed
    listed = client.get("/api/directives/assignments?limit=1000").json()
    assert {row["id"] for row in listed["items"]} == allowed and listed["count"] == len(allowed)
    assert client.get("/api/directives/counts").json()["total"] == len(allowed)
    queue = client.get("/nhiem-vu/", follow=True)
    assert allowed and _links(ASSIGNMENT_LINK, queue) <= allowed
    report = client.get("/nhiem-vu/bao-cao/", {"format": "xlsx"})
    if report.status_code == 200:  # the compiled report: the office and the leaders, the whole issuing body
        assert role in ("vanphong", "chanhvanphong", "chutich")
    else:
        assert report.status_code == 403
    from dieuhanh.directives.ical import token_for

    feed = client.get(f"/nhiem-vu/lich/{token_for(account)}.ics").content.decode()
    in_feed = {int(pk) for pk in re.findall(r"UID:assignment-(\d+)@dieuhanh", feed)}
    assert in_feed <= allowed
    text = client.get(f"/nhiem-vu/{objects.a}/", follow=True).content.decode()
    assert (A_SECRET in text) == (objects.a in allowed)


@pytest.mark.parametrize("role", ROLES[1:])
def test_individual_votes_and_records_follow_the_record_rule(
    role: str, clients: dict[str, Client], objects: SimpleNamespace
) -> None:
    from dieuhanh.meetings.models import Meeting, Vote

    account, client = user(role), clients[role]
    for meeting in Meeting.objects.all():
        may = account.has_perm("meetings.view_record", meeting.issuer)
        items = client.get(f"/api/meetings/{meeting.pk}/items").json()
        votes = [(v["member"], v["choice"]) for item in items for v in item["votes"]]
        expected = Vote.objects.filter(item__section__meeting=meeting).count() if may else 0
        assert len(votes) == expected, (role, meeting.pk)
        for url in (
            f"/api/meetings/{meeting.pk}/notice",
            f"/phien-hop/{meeting.pk}/bieu-quyet.csv",
            f"/phien-hop/{meeting.pk}/bien-ban.docx",
        ):
            assert client.get(url).status_code == (200 if may else 403), (role, url)
        page = client.get(f"/phien-hop/{meeting.pk}/").content.decode()
        assert (f"/phien-hop/{meeting.pk}/bieu-quyet.csv" in page) == may
    seed_votes = Vote.objects.filter(item__section__meeting_id=objects.seed).count()
    assert seed_votes >= 20
