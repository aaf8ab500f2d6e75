"""Bad input gets a 4xx with a clear message, never a 500: ids, numbers and texts out of every bound, to every
parameter of the OpenAPI schema and every field of every form the site shows.

The schema test makes the bounds a rule (an integer without minimum/maximum or a string without maxLength fails
it); the probes then send each parameter and each form field the values that broke the site before — 2⁶³ and
−2⁶³−1, 0, −1, fractions, words where numbers go, 100,000 characters — one at a time, the others left valid.
"""

from __future__ import annotations

import copy
import html.parser
import io
import json
import logging
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.test import Client

from tests.worlds import client, load_office_world, module_world, user

HUGE = 2**63
BOUNDARY_VALUES: list[Any] = [
    str(HUGE),
    str(-HUGE - 1),
    str(HUGE - 1),
    "0",
    "-1",
    "1.5",
    "abc",
    "",
    "x" * 100_000,
]
FORMULAS = ['=HYPERLINK("http://evil.example/","Xem")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[SimpleNamespace]:
    """The office's world of the permission matrix (the demo, a planned session, a draft notice), loaded once."""
    with module_world(django_db_blocker, tmp_path_factory, load_office_world) as loaded:
        yield loaded


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def _schema() -> dict[str, Any]:
    from dieuhanh.api.urls import api

    return api.get_openapi_schema()


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _leaves(schema: dict[str, Any], node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every scalar in a (request) schema, with where it sits."""
    node = _resolve(schema, node)
    for key in ("anyOf", "oneOf", "allOf"):
        for i, option in enumerate(node.get(key, [])):
            yield from _leaves(schema, option, f"{where}|{i}")
    kind = node.get("type")
    if kind == "object":
        for name, prop in node.get("properties", {}).items():
            yield from _leaves(schema, prop, f"{where}.{name}")
    elif kind == "array":
        yield from _leaves(schema, node.get("items", {}), f"{where}[]")
    elif kind in ("integer", "number", "string"):
        yield where, node


def _inputs(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                yield f"{method.upper()} {path} {param['in']}:{param['name']}", param["schema"]
            for media, body in op.get("requestBody", {}).get("content", {}).items():
                yield from _leaves(schema, body["schema"], f"{method.upper()} {path} body({media})")


def test_every_integer_and_string_of_the_schema_is_bounded() -> None:
    schema = _schema()
    unbounded = []
    checked = 0
    for where, node in _inputs(schema):
        if node.get("format") == "binary" or "enum" in node or node.get("format") in ("date", "date-time"):
            continue
        checked += 1
        if node.get("type") in ("integer", "number") and not ("minimum" in node and "maximum" in node):
            unbounded.append(f"{where}: integer without minimum and maximum")
        if node.get("type") == "string" and "maxLength" not in node:
            unbounded.append(f"{where}: string without maxLength")
    assert checked >= 15
    assert unbounded == []


# --- Probing the API --------------------------------------------------------------------------------------------


def _minimal(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """The smallest valid value of a request schema (required properties only)."""
    node = _resolve(schema, node)
    if "default" in node:
        return node["default"]
    if "anyOf" in node:
        return _minimal(schema, next(o for o in node["anyOf"] if o.get("type") != "null"))
    kind = node.get("type")
    if kind == "object":
        return {
            name: _minimal(schema, prop)
            for name, prop in node.get("properties", {}).items()
            if name in node.get("required", [])
        }
    if kind == "array":
        return [_minimal(schema, node.get("items", {}))] * max(1, node.get("minItems", 1))
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "boolean":
        return False
    if "enum" in node:
        return node["enum"][0]
    return "Nội dung"


def _path_value(name: str, w: SimpleNamespace) -> str:
    return {
        "meeting_id": str(w.planned),
        "notice_id": str(w.draft),
        "assignment_id": str(w.a),
        "job_id": str(w.job),
        "period": "2021-07",
    }[name]


def _set(body: Any, where: str, value: Any) -> bool:
    """Put ``value`` at ``where`` (``.name``/``[]`` steps) in a JSON body; False when the path is not there."""
    steps = re.findall(r"\.(\w+)|(\[\])", where)
    target = body
    for i, (name, index) in enumerate(steps):
        last = i == len(steps) - 1
        if index:
            if not isinstance(target, list) or not target:
                return False
            if last:
                target[0] = value
                return True
            target = target[0]
        else:
            if not isinstance(target, dict):
                return False
            if last:
                target[name] = value
                return True
            if name not in target:
                return False
            target = target[name]
    return False


def _json_value(value: str) -> list[Any]:
    """A boundary value as JSON would carry it: the text itself, and the number when it is one."""
    out: list[Any] = [value]
    for number in (int, float):
        try:
            out.append(number(value))
            break
        except ValueError:
            continue
    return out


@pytest.mark.django_db
def test_boundary_values_to_every_api_parameter_get_a_json_4xx_never_a_5xx(world: SimpleNamespace) -> None:
    schema = _schema()
    users = {name: client(name) for name in ("vanphong", "chuyenvien.tnmt")}
    sent = 0
    refused = 0
    problems: list[str] = []
    answered: set[str] = set()  # operations whose valid request went through for some user

    def send(c: Client, method: str, url: str, query: dict[str, str], body: Any, media: str | None) -> int:
        nonlocal sent, refused
        sent += 1
        if media == "application/json":
            response = getattr(c, method)(url, json.dumps(body), content_type=media, QUERY_STRING="")
        elif media is not None:
            response = getattr(c, method)(url, body)
        else:
            response = getattr(c, method)(url, query)
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {url} {query or body!r:.200}: {response.status_code}")
        elif response.status_code >= 400:
            refused += 1
            if not response["Content-Type"].startswith("application/json"):
                problems.append(
                    f"{method.upper()} {url}: {response.status_code} answered as {response['Content-Type']}"
                )
            elif not response.json().get("message") and not response.json().get("detail"):
                problems.append(f"{method.upper()} {url}: {response.status_code} without a message")
        return int(response.status_code)

    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            params = op.get("parameters", [])
            path_values = {p["name"]: _path_value(p["name"], world) for p in params if p["in"] == "path"}
            content = op.get("requestBody", {}).get("content", {})
            media = next(iter(content), None)
            base_body = _minimal(schema, content[media]["schema"]) if media else None
            if media and media != "application/json":
                base_body = {k: v for k, v in base_body.items() if not isinstance(v, list)}
            for c in users.values():
                valid = send(c, method, path.format(**path_values), {}, copy.deepcopy(base_body), media)
                if valid < 400:
                    answered.add(f"{method.upper()} {path}")
                for param in params:
                    for value in BOUNDARY_VALUES:
                        values = dict(path_values)
                        query: dict[str, str] = {}
                        if param["in"] == "path":
                            if value == "":
                                continue
                            values[param["name"]] = value
                        else:
                            query[param["name"]] = value
                        url = path.format(**{k: str(v).replace("/", "%2F") for k, v in values.items()})
                        send(c, method, url, query, copy.deepcopy(base_body), media)
                if media is None:
                    continue
                url = path.format(**path_values)
                for where, _node in _leaves(schema, content[media]["schema"], ""):
                    for value in BOUNDARY_VALUES:
                        for carried in _json_value(value) if media == "application/json" else [value]:
                            body = copy.deepcopy(base_body)
                            if _set(body, where, carried):
                                send(c, method, url, {}, body, media)
    # Whole bodies that are not JSON, or far too big, answer JSON too.
    office = users["vanphong"]
    draft_url = f"/api/notices/{world.draft}/draft"
    for raw in (b"{", b"[1,2", b"\xff\xfe", b"null", json.dumps({"body": "x" * 11 * 1024 * 1024}).encode()):
        sent += 1
        response = office.put(draft_url, raw, content_type="application/json")
        assert 400 <= response.status_code < 500 and response["Content-Type"].startswith(
            "application/json"
        ), (
            raw[:20],
            response.status_code,
        )
        assert response.json()["message"]
    print(
        f"API probe: {len(answered)} operations, {sent} requests, {refused} refused, {len(problems)} problems"
    )
    assert problems == []
    # The probe reached the views: every operation's valid request went through as one of the two users.
    assert answered == {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}
    assert sent > 500 and refused > 400, (sent, refused)


def test_named_reproductions_answer_4xx(world: SimpleNamespace, db: None) -> None:
    office = client("vanphong")
    for param in ("meeting", "leader", "limit", "offset"):
        response = office.get(f"/api/directives/assignments?{param}={HUGE}")
        assert response.status_code == 422 and response.json()["code"] == "invalid", param
    for data in ({"action": "item", "section": "abc"}, {"action": "attendance", "attendee": "abc"}):
        response = office.post(f"/phien-hop/{world.planned}/thao-tac/", data)
        assert response.status_code == 400 and "không hợp lệ" in response.content.decode(), data
    for year in ("0", "99999", "1899"):
        assert office.get(f"/phien-hop/chuong-trinh/{year}/").status_code == 404, year
    page = office.get("/phien-hop/chuong-trinh/2999/")
    assert page.status_code == 200 and "/chuong-trinh/3000/" not in page.content.decode()
    for url in (f"/phien-hop/{HUGE}/", f"/nhiem-vu/{HUGE}/", f"/thong-bao/{HUGE}/", "/thong-bao/0/"):
        assert office.get(url).status_code == 404, url
    # A search box given 100,000 characters: SQLite's LIKE gives up ("pattern too complex") — refuse it first.
    for c, url in ((Client(), "/cong-khai/"), (office, "/don-vi/")):
        response = c.get(url, {"q": "x" * 100_000})
        assert response.status_code == 400 and "Từ khóa tìm kiếm dài quá" in response.content.decode(), url


def test_texts_over_their_limit_are_refused_and_nothing_is_written(world: SimpleNamespace, db: None) -> None:
    from dieuhanh.directives.models import ProgressReport
    from dieuhanh.notices.models import Notice, NoticeRevision

    officer = client("chuyenvien.tnmt")
    reports = ProgressReport.objects.count()
    response = officer.post(
        f"/api/directives/assignments/{world.a}/progress", {"text": "x" * 200_000, "percent": "10"}
    )
    assert response.status_code == 422 and "text" in response.json()["message"]
    response = officer.post(
        f"/nhiem-vu/{world.a}/thao-tac/",
        {"action": "progress", "text": "x" * 200_000, "percent": "10"},
        follow=True,
    )
    assert response.status_code in (200, 400) and "vượt giới hạn" in response.content.decode()
    assert ProgressReport.objects.count() == reports
    office = client("vanphong")
    revisions = NoticeRevision.objects.count()
    title = Notice.objects.get(pk=world.draft).title
    body = {"title": "x" * 100_000, "body": [{"style": "body", "runs": [{"text": "Đoạn"}]}]}
    response = office.put(f"/api/notices/{world.draft}/draft", body, content_type="application/json")
    assert response.status_code == 422 and "title" in response.json()["message"]
    response = office.post(
        f"/thong-bao/{world.draft}/", {"action": "save", "title": "x" * 100_000, "p0": "Đoạn"}, follow=True
    )
    assert "vượt giới hạn" in response.content.decode()
    assert NoticeRevision.objects.count() == revisions and Notice.objects.get(pk=world.draft).title == title


# --- Spreadsheet formulas ------------------------------------------------------------------------------------


def _xlsx_cells(data: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_exported_cells_that_look_like_formulas_stay_text(world: SimpleNamespace, db: None) -> None:
    from dieuhanh.directives.models import Assignment
    from dieuhanh.directives.progress import submit_progress
    from dieuhanh.org.models import Unit

    officer = user("chuyenvien.tnmt")
    a = Assignment.objects.get(pk=world.a)
    for text in FORMULAS:
        submit_progress(actor=officer, assignment=a, text=text, percent=40)
    unit = Unit.objects.get(code="253-TNMT")
    unit.name = '=HYPERLINK("http://evil.example/","Phòng")'
    unit.save()
    office = client("vanphong")
    exports = {
        "compiled report": office.get("/nhiem-vu/bao-cao/", {"format": "xlsx", "from": "2021-01-01"}).content,
        "units": office.get("/don-vi/xuat.xlsx").content,
    }
    for name, data in exports.items():
        cells = _xlsx_cells(data)
        assert cells, name
        live = [c.value for c in cells if c.data_type == "f"]
        assert live == [], f"{name}: formulas {live[:3]}"
        texts = [str(c.value) for c in cells if isinstance(c.value, str)]
        assert any("evil.example" in t for t in texts), name  # the text is kept, as text
    csv_text = office.get("/don-vi/xuat.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text


# --- Probing every form -------------------------------------------------------------------------------------


class _Forms(html.parser.HTMLParser):
    """The forms of a page: action, method, fields with their default values, and named submit buttons."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("hx-post") or a.get("action") or self.page
            self.forms.append(
                {
                    "action": action,
                    "method": "post" if "hx-post" in a else a.get("method", "get").lower(),
                    "fields": {},
                    "buttons": [],
                    "files": [],
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "file":
                form["files"].append(name)
            elif kind == "submit":
                form["buttons"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a or name not in form["fields"]:
                    form["fields"][name] = a.get("value", "on")
            else:
                form["fields"].setdefault(name, a.get("value", ""))
        elif tag == "button" and name:
            form["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form["fields"].setdefault(name, "")
        elif tag == "option" and self._select is not None:
            if form["fields"].get(self._select) == "" or "selected" in a:
                form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"].setdefault(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _pages(w: SimpleNamespace) -> dict[str, list[str]]:
    """The pages to read forms from, per user who sees them."""
    office = [
        "/", "/phien-hop/", f"/phien-hop/{w.planned}/", f"/phien-hop/{w.planned}/thu-ky/",
        f"/phien-hop/{w.planned}/noi-dung/{w.planned_item}/", f"/phien-hop/{w.seed}/", "/phien-hop/chuong-trinh/2021/",
        "/nhiem-vu/", "/nhiem-vu/giao-moi/", "/nhiem-vu/bang-dieu-hanh/", "/nhiem-vu/bao-cao/",
        "/nhiem-vu/quy-tac-nhac/", f"/nhiem-vu/{w.a}/", "/nhiem-vu/lich/", "/thong-bao/", "/thong-bao/den/",
        f"/thong-bao/{w.draft}/", f"/thong-bao/{w.notice}/", "/thong-bao/nhap/", "/thong-bao/so-van-ban-di/",
        "/tthc/thong-ke/", "/tthc/xep-hang/", "/tthc/nhap/", "/tthc/nguon/", "/tthc/nguon/moi/",
        f"/tthc/nguon/{w.source}/", "/don-vi/", "/don-vi/nhap/", "/can-bo/", "/can-bo/nhap/",
    ]  # fmt: skip
    return {
        "vanphong": office,
        "chutich": [f"/phien-hop/{w.planned}/", f"/phien-hop/{w.planned}/bieu-quyet/", f"/nhiem-vu/{w.a}/"],
        "chuyenvien.tnmt": [f"/nhiem-vu/{w.a}/", "/nhiem-vu/don-vi/253-TNMT/"],
        "": ["/dang-nhap/", "/cong-khai/", "/cong-khai/tthc/", "/cong-khai/kiem-tra-chu-ky/"],
    }


SKIPPED_ACTIONS = ("/dang-xuat/", "/i18n/")


@pytest.mark.django_db
def test_boundary_values_to_every_form_field_never_get_a_5xx(world: SimpleNamespace) -> None:
    sent, forms_seen, problems = 0, set(), []
    for username, pages in _pages(world).items():
        c = client(username) if username else Client()
        for page in pages:
            response = c.get(page, follow=True)
            assert response.status_code == 200, (username, page, response.status_code)
            parser = _Forms(response.request["PATH_INFO"])
            parser.feed(response.content.decode())
            for form in parser.forms:
                if form["action"].startswith(SKIPPED_ACTIONS):
                    continue
                for button in form["buttons"] or [None]:
                    base = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
                    if button is not None:
                        base[button[0]] = button[1]
                    key = (
                        username,
                        form["action"].split("?")[0],
                        form["method"],
                        button,
                        tuple(sorted(base)),
                    )
                    if key in forms_seen:
                        continue
                    forms_seen.add(key)
                    for field in [f for f in base if button is None or f != button[0]]:
                        for value in BOUNDARY_VALUES:
                            data = {**base, field: value}
                            send = c.post if form["method"] == "post" else c.get
                            answer = send(form["action"], data)
                            sent += 1
                            if answer.status_code >= 500:
                                problems.append(f"{username} {form['action']} {field}={value[:30]!r}: 500")
    print(f"form probe: {len(forms_seen)} forms, {sent} requests, {len(problems)} server errors")
    assert problems == []
    assert len(forms_seen) >= 30 and sent >= 1000, (len(forms_seen), sent)


def test_property_tests_are_derandomized_in_ci() -> None:
    import os

    from hypothesis import settings as hypothesis_settings

    in_ci = os.environ.get("CI", "").strip().lower() == "true"
    assert hypothesis_settings.default.derandomize is in_ci
