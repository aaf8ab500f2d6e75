"""Hostile input: generated API requests (schemathesis), any bytes into every importer (hypothesis), and uploads
built to harm — zip bombs dressed as DOCX/XLSX, XML entity tricks, climbing file names, oversized files. Each is
refused with a clear message and leaves nothing behind."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import struct
import zipfile
from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dieuhanh.core.errors import DomainError
from tests.worlds import client, module_world

# --- Files --------------------------------------------------------------------------------------------------


def zipped(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive of ``entries`` (deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    b'+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>\n"
)


def docx(paragraphs: list[str], prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    body = b"".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>".encode() for p in paragraphs)
    document = prolog + b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>"
    return zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document})


def xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_entries(archive: bytes, replace: dict[str, bytes]) -> bytes:
    """The archive with some entries replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    entries = {name: source.read(name) for name in source.namelist()}
    return zipped({**entries, **replace})


def bomb(inner: str, size: int = 64 * 1024 * 1024) -> bytes:
    """An office file whose part ``inner`` unpacks from a few KB to ``size`` bytes."""
    return zipped({"[Content_Types].xml": CONTENT_TYPES, inner: b"\0" * size})


def lying_sizes(archive: bytes, entry: str, declared: int) -> bytes:
    """The archive with ``entry``'s unpacked size forged in its local and central headers."""
    data = bytearray(archive)
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(entry)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    patched, start = 0, 0
    while (position := data.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + name_length]) == entry.encode():
            struct.pack_into("<I", data, position + 24, declared)
            patched += 1
        start = position + 4
    assert patched == 1
    return bytes(data)


UNIT_HEADER = ["Mã đơn vị", "Tên đầy đủ", "Loại", "Cấp", "Mã cơ quan ban hành"]
VALID_XLSX = xlsx([UNIT_HEADER, ["999-THU", "Phòng Thử nghiệm", "phòng", "huyện", "253"]])
VALID_DOCX = docx(["ỦY BAN NHÂN DÂN", "THÔNG BÁO", "Kết luận của Chủ tịch UBND huyện tại phiên họp"])


# --- Shared data ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[SimpleNamespace]:
    """The whole demo, a planned session with one item, TTHC in a folder of its own; loaded once."""
    with module_world(django_db_blocker, tmp_path_factory, _load_world) as loaded:
        yield loaded


def _load_world() -> SimpleNamespace:
    from dieuhanh.core.demo import load_all
    from dieuhanh.directives.models import Assignment
    from dieuhanh.meetings import services as meetings
    from dieuhanh.org.models import Unit
    from dieuhanh.tthc import services as tthc

    load_all()
    issuer = Unit.objects.get(code="253")
    planned = meetings.create_meeting(
        actor=None, issuer=issuer, kind="administrative",
        starts_at=dt.datetime(2021, 9, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )  # fmt: skip
    section = meetings.add_section(actor=None, meeting=planned, title="Phần nghe báo cáo")
    item = meetings.add_item(actor=None, section=section, title="Báo cáo thử")
    source = tthc.save_import_source(actor=None, issuer=issuer, name="Nguồn thử")
    assignment = Assignment.objects.filter(unit__code="253-TNMT").order_by("pk").first()
    assert assignment is not None
    return SimpleNamespace(issuer=issuer, planned=planned, item=item, source=source, assignment=assignment.pk)


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


IGNORED_MODELS = {
    "sessions.session",
    "accounts.signinevent",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def state() -> tuple[dict[str, int], set[str]]:
    """Rows per model (refused attempts in the audit log aside) and the files under the data directory."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS:
            continue
        rows = model._default_manager.all()
        if label == "core.auditevent":
            rows = rows.filter(succeeded=True)
        counts[label] = rows.count()
    roots = [
        Path(django_settings.DATA_DIR),
        Path(django_settings.MEDIA_ROOT),
        Path(django_settings.DIEUHANH_TTHC_DIR),
    ]
    files = {
        str(p)
        for root in roots
        for p in root.rglob("*")
        if p.is_file() and ".sqlite3" not in p.name and "staticfiles" not in p.parts
    }
    return counts, files


def changes(before: tuple[dict[str, int], set[str]]) -> dict[str, Any]:
    """What changed since ``before`` (a ``state()``): row counts per model, files added or removed."""
    counts, files = state()
    out: dict[str, Any] = {k: (before[0].get(k), n) for k, n in counts.items() if before[0].get(k) != n}
    if files != before[1]:
        out["files"] = (sorted(before[1] - files), sorted(files - before[1]))
    return out


def page_text(response: Any) -> str:
    return response.content.decode()


# --- The API under generated requests ---------------------------------------------------------------------------


def exercise(
    operation: Any, mode: Any, headers: dict[str, str], cookies: dict[str, str], statuses: dict[int, int]
) -> Callable[[], None]:
    """A hypothesis test of one API operation: generated requests, none answered with a server error, every
    documented answer shaped as its schema says."""
    from hypothesis import given as run_given
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    @hypothesis_settings(
        max_examples=8 if mode == GenerationMode.POSITIVE else 5, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @run_given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers=headers, cookies=cookies)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    return run


@pytest.mark.django_db
def test_the_api_answers_generated_requests_without_a_server_error(world: SimpleNamespace) -> None:
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.middleware.csrf import _get_new_csrf_string
    from schemathesis import GenerationMode

    from dieuhanh.wsgi import application

    # The schema itself is for signed-in users only: read it as one (the test client reconnects the signals
    # below when it is done), then call the app in process.
    schema = schemathesis.openapi.from_dict(client("xem").get("/api/openapi.json").json())
    schema.app = application
    # In-process requests share the test's transaction: keep Django from closing the connection between them.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        token = _get_new_csrf_string()
        statuses: dict[int, int] = {}
        for username in ("vanphong", "chuyenvien.tnmt"):
            session = client(username).cookies[django_settings.SESSION_COOKIE_NAME].value
            cookies = {django_settings.SESSION_COOKIE_NAME: session, django_settings.CSRF_COOKIE_NAME: token}
            headers = {"X-CSRFToken": token}
            for result, mode in product(
                schema.get_all_operations(), (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            ):
                exercise(result.ok(), mode, headers, cookies, statuses)()
        # Signed in, most generated requests reach the views: the run is not a string of 401s.
        assert sum(n for code, n in statuses.items() if code < 300) > 20, statuses
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# --- Any bytes into the importers ------------------------------------------------------------------------------


def mutations(original: bytes) -> st.SearchStrategy[bytes]:
    """The file truncated, or with a few bytes changed."""
    flips = st.lists(
        st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=6
    )

    def flip(changes: list[tuple[int, int]]) -> bytes:
        data = bytearray(original)
        for position, value in changes:
            data[position] = value
        return bytes(data)

    return st.one_of(st.integers(0, len(original)).map(lambda n: original[:n]), flips.map(flip))


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


ANY_FILE = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=256).map(lambda b: b"PK\x03\x04" + b),
    st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6).map(
        lambda rows: as_csv([UNIT_HEADER, *rows])
    ),
    mutations(VALID_XLSX),
    mutations(VALID_DOCX),
)
NAMES = st.sampled_from(
    ["don-vi.xlsx", "don-vi.csv", "", "tep.txt", "bang.xls", "bang.ods", "tb.docx", "tb.pdf"]
)
FUZZ = hypothesis_settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def refuses_or_reads(read: Callable[[bytes, str], Any]) -> Callable[[bytes, str], None]:
    def check(data: bytes, name: str) -> None:
        try:
            read(data, name)
        except DomainError as exc:
            assert exc.message.strip()

    return check


@pytest.mark.django_db
def test_any_bytes_into_the_unit_and_people_imports(world: SimpleNamespace) -> None:
    from dieuhanh.org.importing import preview_people, preview_units

    given(ANY_FILE, NAMES)(FUZZ(refuses_or_reads(preview_units)))()
    given(ANY_FILE, NAMES)(FUZZ(refuses_or_reads(preview_people)))()


@pytest.mark.django_db
def test_any_bytes_into_the_programme_import(world: SimpleNamespace) -> None:
    from dieuhanh.meetings.programme import preview_programme

    given(ANY_FILE, NAMES)(FUZZ(refuses_or_reads(lambda d, n: preview_programme(d, n, world.issuer))))()


@pytest.mark.django_db
def test_any_bytes_into_the_notice_import(world: SimpleNamespace) -> None:
    from dieuhanh.notices.importing import parse_upload

    given(ANY_FILE, NAMES)(FUZZ(refuses_or_reads(parse_upload)))()


@pytest.mark.django_db
def test_any_bytes_into_the_dossier_import(world: SimpleNamespace, tmp_path: Path) -> None:
    from dieuhanh.tthc.importer import import_dossiers

    def read(data: bytes, name: str) -> Any:
        path = tmp_path / "upload"
        path.write_bytes(data)
        return import_dossiers(path=path, filename=name, issuer=world.issuer, source=world.source)

    given(ANY_FILE, st.sampled_from(["ho-so.csv", "ho-so.xlsx", "ho-so.txt", ""]))(
        hypothesis_settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )(refuses_or_reads(read))
    )()


# --- Uploads built to harm ----------------------------------------------------------------------------------------

# Built when a test asks for them: some hold tens of megabytes before compression.
SPREADSHEET_ATTACKS: dict[str, tuple[Callable[[], bytes], str]] = {
    "zip bomb": (lambda: bomb("xl/worksheets/sheet1.xml"), "nghi là tệp độc hại"),
    "forged sizes": (
        lambda: lying_sizes(
            bomb("xl/worksheets/sheet1.xml", 4 * 1024 * 1024), "xl/worksheets/sheet1.xml", 1000
        ),
        "hỏng",
    ),
    "billion laughs": (
        lambda: with_entries(
            VALID_XLSX, {"xl/sharedStrings.xml": LAUGHS + b'<sst xmlns="x"><si><t>&lol9;</t></si></sst>'}
        ),
        "DTD",
    ),
    "external entity": (
        lambda: with_entries(
            VALID_XLSX,
            {
                "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
            },
        ),
        "DTD",
    ),
    "climbing entry": (
        lambda: with_entries(VALID_XLSX, {"../../../../tmp/dieuhanh-evil.txt": b"x"}),
        "đường dẫn bất thường",
    ),
}
DOCUMENT_ATTACKS: dict[str, tuple[Callable[[], bytes], str]] = {
    "zip bomb": (lambda: bomb("word/document.xml"), "nghi là tệp độc hại"),
    "billion laughs": (lambda: docx(["&lol9;"], prolog=LAUGHS), "DTD"),
    "external entity": (
        lambda: docx(
            ["&e;"],
            prolog=b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        ),
        "DTD",
    ),
    "climbing entry": (lambda: with_entries(VALID_DOCX, {"..\\..\\evil.txt": b"x"}), "đường dẫn bất thường"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("attack", sorted(SPREADSHEET_ATTACKS))
def test_hostile_spreadsheets_are_refused_and_leave_nothing(world: SimpleNamespace, attack: str) -> None:
    build, message = SPREADSHEET_ATTACKS[attack]
    data = build()
    office = client("vanphong")
    before = state()
    response = office.post("/don-vi/nhap/", {"file": SimpleUploadedFile("don-vi.xlsx", data)})
    assert response.status_code == 200 and message in page_text(response)
    response = office.post("/phien-hop/chuong-trinh/2021/", {"file": SimpleUploadedFile("ct.xlsx", data)})
    assert response.status_code == 200 and message in page_text(response)
    assert changes(before) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("attack", sorted(DOCUMENT_ATTACKS))
def test_hostile_documents_are_refused_and_leave_nothing(world: SimpleNamespace, attack: str) -> None:
    build, message = DOCUMENT_ATTACKS[attack]
    data = build()
    before = state()
    response = client("vanphong").post("/thong-bao/nhap/", {"file": SimpleUploadedFile("tb.docx", data)})
    assert response.status_code == 200 and message in page_text(response)
    assert changes(before) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("attack", sorted(DOCUMENT_ATTACKS))
def test_the_notice_commands_refuse_hostile_documents_as_the_web_import_does(
    world: SimpleNamespace, attack: str, tmp_path: Path
) -> None:
    from django.core.management.base import CommandError

    build, expected = DOCUMENT_ATTACKS[attack]
    path = tmp_path / "tb.docx"
    path.write_bytes(build())
    web = client("vanphong").post(
        "/thong-bao/nhap/", {"file": SimpleUploadedFile("tb.docx", path.read_bytes())}
    )
    web_text = page_text(web)
    before = state()
    for command in ("parse", "import"):
        with pytest.raises(CommandError) as refused:
            call_command("notice", command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
        message = str(refused.value)
        assert message and message.replace("“tb.docx”", "") in web_text.replace("“tb.docx”", ""), (
            command,
            message,
        )
        assert expected in message, message
    assert changes(before) == {}


def test_the_notice_parse_command_exits_non_zero_on_an_external_entity(tmp_path: Path) -> None:
    import subprocess
    import sys

    build, _ = DOCUMENT_ATTACKS["external entity"]
    path = tmp_path / "tb.docx"
    path.write_bytes(build())
    done = subprocess.run(
        [sys.executable, "-m", "dieuhanh.manage", "notice", "parse", str(path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "DIEUHANH_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert done.returncode != 0 and "DTD" in done.stderr and "passwd" not in done.stdout


@pytest.mark.django_db
def test_a_refused_dossier_import_registers_no_source(world: SimpleNamespace) -> None:
    from dieuhanh.tthc.models import ImportJob, ImportSource

    office = client("vanphong")
    before_counts, before_files = state()
    response = office.post(
        "/tthc/nhap/",
        {
            "file": SimpleUploadedFile("ho-so.xlsx", bomb("xl/worksheets/sheet1.xml")),
            "new_source": "Nguồn mới lạ",
        },
        follow=True,
    )
    assert "nghi là tệp độc hại" in page_text(response)
    assert not ImportSource.objects.filter(name="Nguồn mới lạ").exists()
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == "refused" and job.source_id is None
    assert job.source_name == "Nguồn mới lạ"
    after_counts, after_files = state()
    changed = {
        k: (before_counts[k], after_counts[k]) for k in after_counts if after_counts[k] != before_counts[k]
    }
    # Only the job record and its audit events (start, finish) remain.
    assert changed == {
        "tthc.importjob": (before_counts["tthc.importjob"], before_counts["tthc.importjob"] + 1),
        "core.auditevent": (before_counts["core.auditevent"], before_counts["core.auditevent"] + 1),
    }, changed
    assert after_files == before_files
    # The same name with a good file registers the source once, and its job points at it.
    from tests.tthc.factories import HEADER, row

    good = as_csv([HEADER, row("HS-NGUON-MOI-1")])
    office.post("/tthc/nhap/", {"file": SimpleUploadedFile("ho-so.csv", good), "new_source": "Nguồn mới lạ"})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == "done", (
        job.status if job else None,
        job.message if job else None,
    )
    source = ImportSource.objects.get(name="Nguồn mới lạ")
    assert job.source_id == source.pk


@pytest.mark.django_db
def test_zip_bombs_as_attachments_are_refused_and_leave_nothing(world: SimpleNamespace) -> None:
    before = state()
    response = client("vanphong").post(
        f"/phien-hop/{world.planned.pk}/thao-tac/",
        {
            "action": "document",
            "item": world.item.pk,
            "file": SimpleUploadedFile("bc.docx", bomb("word/document.xml")),
        },
        follow=True,
    )
    assert "nghi là tệp độc hại" in page_text(response)
    response = client("chuyenvien.tnmt").post(
        f"/nhiem-vu/{world.assignment}/thao-tac/",
        {
            "action": "progress",
            "text": "Báo cáo",
            "percent": "10",
            "files": SimpleUploadedFile("bc.xlsx", bomb("xl/workbook.xml")),
        },
        follow=True,
    )
    assert "nghi là tệp độc hại" in page_text(response)
    assert changes(before) == {}


@pytest.mark.django_db
def test_climbing_file_names_stay_inside_their_folder(world: SimpleNamespace) -> None:
    from dieuhanh.directives.models import Attachment

    pdf = b"%PDF-1.4\n% bang chung\n%%EOF\n"
    response = client("chuyenvien.tnmt").post(
        f"/nhiem-vu/{world.assignment}/thao-tac/",
        {
            "action": "progress",
            "text": "Có tệp",
            "percent": "10",
            "files": SimpleUploadedFile("../../../../etc/cron.d/x.pdf", pdf),
        },
    )
    assert response.status_code == 302
    stored = Attachment.objects.get(report__assignment_id=world.assignment, report__text="Có tệp")
    assert (
        "/" not in stored.original_name
        and "\\" not in stored.original_name
        and ".." not in stored.original_name
    )
    media = Path(django_settings.MEDIA_ROOT).resolve()
    assert Path(stored.file.path).resolve().is_relative_to(media)
    staged_before = state()[1]
    response = client("vanphong").post(
        "/don-vi/nhap/", {"file": SimpleUploadedFile("..\\..\\..\\tmp\\don-vi.xlsx", VALID_XLSX)}
    )
    assert response.status_code == 200
    new = state()[1] - staged_before
    imports = (Path(django_settings.DATA_DIR) / "tmp" / "imports").resolve()
    assert new and all(Path(p).resolve().parent == imports for p in new)


@pytest.mark.django_db
def test_oversized_files_are_refused_everywhere_and_leave_nothing(
    world: SimpleNamespace, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dieuhanh.meetings import services as meetings
    from dieuhanh.notices import importing

    settings.DIEUHANH_MAX_IMPORT_BYTES = 4096
    settings.DIEUHANH_MAX_ATTACHMENT_BYTES = 4096
    settings.DIEUHANH_TTHC_MAX_UPLOAD_BYTES = 4096
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 4096)
    monkeypatch.setattr(meetings, "MAX_DOCUMENT_BYTES", 4096)
    big = as_csv([UNIT_HEADER, *[["X", "Y" * 100, "phòng", "huyện", "253"]] * 100])
    big_pdf = b"%PDF-1.4\n" + b"0" * 8000
    office, unit = client("vanphong"), client("chuyenvien.tnmt")
    before = state()
    answers = [
        office.post("/don-vi/nhap/", {"file": SimpleUploadedFile("don-vi.csv", big)}),
        office.post("/can-bo/nhap/", {"file": SimpleUploadedFile("can-bo.csv", big)}),
        office.post("/phien-hop/chuong-trinh/2021/", {"file": SimpleUploadedFile("ct.csv", big)}),
        office.post("/thong-bao/nhap/", {"file": SimpleUploadedFile("tb.txt", big)}),
        office.post("/tthc/nhap/", {"file": SimpleUploadedFile("ho-so.csv", big), "source": world.source.pk}),
        office.post(
            f"/phien-hop/{world.planned.pk}/thao-tac/",
            {"action": "document", "item": world.item.pk, "file": SimpleUploadedFile("bc.pdf", big_pdf)},
            follow=True,
        ),
        unit.post(
            f"/nhiem-vu/{world.assignment}/thao-tac/",
            {
                "action": "progress",
                "text": "x",
                "percent": "1",
                "files": SimpleUploadedFile("bc.pdf", big_pdf),
            },
            follow=True,
        ),
    ]
    for response in answers:
        assert response.status_code == 200 and "quá lớn" in page_text(response), response.request["PATH_INFO"]
    assert changes(before) == {}
