"""Importing one-stop exports: mappings, dates of every kind, idempotent re-imports, every bad row reported
with its row, column and reason, and files that cannot be used refused with nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from django.contrib.auth import get_user_model

from dieuhanh.core.errors import PermissionDenied
from dieuhanh.tthc import queries, services
from dieuhanh.tthc.models import ImportJob, JobStatus, Procedure

from .factories import HEADER, issuer, row, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def stored() -> dict[str, dict[str, Any]]:
    """The stored dataset by dossier code (timestamps as local wall-clock times)."""
    rows = pq.read_table(queries.dataset_of(issuer())).to_pylist()
    for r in rows:
        for key, value in r.items():
            if isinstance(value, dt.datetime):
                r[key] = value.astimezone(LOCAL).replace(tzinfo=None)
    return {r["dossier_code"]: r for r in rows}


def test_default_headers_under_title_lines_import_and_resolve_units(
    demo: dict[str, int], tmp_path: Path
) -> None:
    rows = [
        row("HS-1"),
        row("HS-2", Đơn_vị_tiếp_nhận="8800", Kênh_tiếp_nhận="Trực tiếp"),  # a commune code without its 0
        row("HS-3", Đơn_vị_tiếp_nhận="253-TNMT", Kênh_tiếp_nhận="Bưu chính"),
        row(
            "HS-4", Đơn_vị_tiếp_nhận="phòng Tài nguyên-MT", Kênh_tiếp_nhận="", Ngày_có_kết_quả=""
        ),  # an alias
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # blank lines are skipped
    ]
    job = run(write_csv(tmp_path / "mot-cua.csv", rows, preamble=2))
    assert (job.status, job.rows, job.inserted, job.updated) == (JobStatus.DONE, 4, 4, 0), job.message
    data = stored()
    assert {c: (r["unit_code"], r["channel"]) for c, r in data.items()} == {
        "HS-1": ("08800", "online"),
        "HS-2": ("08800", "counter"),
        "HS-3": ("253-TNMT", "postal"),
        "HS-4": ("253-TNMT", "counter"),
    }
    first = data["HS-1"]
    assert first["received_at"] == dt.datetime(2021, 7, 5, 8, 30)
    assert first["due_at"] == dt.datetime(2021, 7, 6, 17, 0)
    assert (first["online_payment"], first["digitised"], first["procedure_name"]) == (
        True,
        False,
        "Đăng ký khai sinh",
    )
    assert data["HS-4"]["resolved_at"] is None
    assert Procedure.objects.filter(
        code="MAU.X01", name="Đăng ký khai sinh", time_limit_working_days=None
    ).exists()


def test_saved_mapping_reads_a_system_with_its_own_headers(demo: dict[str, int], tmp_path: Path) -> None:
    services.save_import_source(
        actor=None,
        issuer=issuer(),
        name="iGate",
        mapping={"dossier_code": "Số biên nhận HS", "received_at": "TG nộp", "due_at": "TG hẹn trả"},
        default_unit=issuer().registry.get(code="253-TP"),
    )
    header = ["Số biên nhận HS", "TG nộp", "TG hẹn trả", "Hình thức nộp"]
    path = write_csv(
        tmp_path / "igate.csv",
        [["BN-1", "2021-07-05T08:00:00+07:00", "2021-07-09", "Nộp trực tuyến"]],
        header,
    )
    job = run(path, source="iGate")
    assert job.status == JobStatus.DONE, job.message
    assert stored()["BN-1"]["unit_code"] == "253-TP"
    assert stored()["BN-1"]["channel"] == "online"
    assert stored()["BN-1"]["received_at"] == dt.datetime(2021, 7, 5, 8, 0)


def test_reimport_updates_by_dossier_code_and_is_idempotent(demo: dict[str, int], tmp_path: Path) -> None:
    first = run(write_csv(tmp_path / "a.csv", [row("HS-1", Ngày_có_kết_quả=""), row("HS-2")]))
    assert (first.inserted, first.updated) == (2, 0)
    again = run(write_csv(tmp_path / "b.csv", [row("HS-1", Ngày_có_kết_quả=""), row("HS-2")]))
    assert (again.inserted, again.updated) == (0, 2)
    before = {k: {c: v for c, v in r.items() if c != "imported_at"} for k, r in stored().items()}
    run(write_csv(tmp_path / "c.csv", [row("HS-1", Ngày_có_kết_quả=""), row("HS-2")]))
    assert {k: {c: v for c, v in r.items() if c != "imported_at"} for k, r in stored().items()} == before
    later = run(write_csv(tmp_path / "d.csv", [row("HS-1", Ngày_có_kết_quả="07/07/2021 09:00"), row("HS-3")]))
    assert (later.inserted, later.updated) == (1, 1)
    data = stored()
    assert sorted(data) == ["HS-1", "HS-2", "HS-3"]
    assert data["HS-1"]["resolved_at"] == dt.datetime(2021, 7, 7, 9, 0)


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(
    demo: dict[str, int], tmp_path: Path
) -> None:
    run(write_csv(tmp_path / "good.csv", [row("HS-0")]))
    before = queries.dataset_of(issuer()).read_bytes()
    rows = [
        row("HS-1"),  # row 2: good
        row(""),  # 3
        row("HS-1"),  # 4: duplicate of row 2
        row("HS-5", Đơn_vị_tiếp_nhận=""),  # 5
        row("HS-6", Đơn_vị_tiếp_nhận="Phòng Không Tồn Tại"),  # 6
        row("HS-7", Kênh_tiếp_nhận="Fax"),  # 7
        row("HS-8", Ngày_tiếp_nhận=""),  # 8
        row("HS-9", Ngày_tiếp_nhận="31/02/2021"),  # 9
        row("HS-10", Hạn_giải_quyết="01/07/2021"),  # 10: due before received
        row("HS-11", Ngày_có_kết_quả="hôm qua"),  # 11
        row("HS-12", Ngày_rút_hồ_sơ="12"),  # 12: a number that is no plausible date
        row("HS-13", Số_hóa="chắc là có"),  # 13
        row("HS-14", Ngày_trả_lại_hồ_sơ="01/01/2021"),  # 14
    ]
    job = run(write_csv(tmp_path / "bad.csv", rows))
    assert job.status == JobStatus.REFUSED
    assert job.message.startswith("Tệp có 12 lỗi: chưa nhập hồ sơ nào.")
    assert [(e["row"], e["column"], e["message"]) for e in job.errors] == [
        (3, "Mã hồ sơ", "Thiếu mã hồ sơ."),
        (4, "Mã hồ sơ", "Mã hồ sơ “HS-1” trùng với dòng 2."),
        (5, "Đơn vị tiếp nhận", "Thiếu đơn vị tiếp nhận."),
        (6, "Đơn vị tiếp nhận", job.errors[3]["message"]),
        (7, "Kênh tiếp nhận", "Kênh tiếp nhận “Fax” không hợp lệ (ghi Trực tuyến, Trực tiếp hoặc Bưu chính)."),
        (8, "Ngày tiếp nhận", "Thiếu ngày tiếp nhận."),
        (9, "Ngày tiếp nhận", "“31/02/2021” không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 05/07/2021 hoặc "
            "05/07/2021 08:30)."),
        (10, "Hạn giải quyết", "Hạn giải quyết (01/07/2021) trước ngày tiếp nhận (05/07/2021)."),
        (11, "Ngày có kết quả", "“hôm qua” không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 05/07/2021 hoặc "
             "05/07/2021 08:30)."),
        (12, "Ngày rút hồ sơ", "“12” không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 05/07/2021 hoặc "
             "05/07/2021 08:30)."),
        (13, "Số hóa", "“chắc là có” không hợp lệ (ghi Có hoặc Không)."),
        (14, "Ngày trả lại hồ sơ", "Ngày trả lại hồ sơ (01/01/2021) trước ngày tiếp nhận (05/07/2021)."),
    ]  # fmt: skip
    assert job.errors[3]["message"].startswith("Không có đơn vị “Phòng Không Tồn Tại” trong danh mục")
    assert queries.dataset_of(issuer()).read_bytes() == before, "the stored dataset is untouched"


def test_an_ambiguous_unit_name_is_a_bad_row(demo: dict[str, int], tmp_path: Path) -> None:
    job = run(write_csv(tmp_path / "a.csv", [row("HS-1", Đơn_vị_tiếp_nhận="UBND các xã")]))
    assert job.status == JobStatus.REFUSED
    assert job.errors[0]["column"] == "Đơn vị tiếp nhận"
    assert "UBND các xã" in job.errors[0]["message"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "Tệp không có dữ liệu."),
        ("header-only.csv", ",".join(HEADER).encode(), "Tệp không có dòng hồ sơ nào"),
        ("other.csv", "Họ tên,Ngày sinh\nA,01/01/1990\n".encode(), "Tệp thiếu cột bắt buộc: “Mã hồ sơ”"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "Tệp “broken.xlsx” hỏng, không mở được."),
    ],
)
def test_unusable_files_are_refused_with_nothing_written(
    demo: dict[str, int], tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    job = run(path)
    assert job.status == JobStatus.REFUSED
    assert job.message.startswith(message), job.message
    assert not queries.dataset_of(issuer()).exists()


def test_wrong_file_type_is_refused_before_any_job(demo: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "ho-so.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(Exception, match=r"Chỉ nhận tệp \.csv hoặc \.xlsx"):
        run(path)
    assert not ImportJob.objects.exists()


def test_xlsx_with_date_cells_excel_serials_and_text_dates(demo: dict[str, int], tmp_path: Path) -> None:
    rows = [
        row(
            "X-1",
            Ngày_tiếp_nhận=dt.datetime(2021, 7, 5, 8, 30),
            Hạn_giải_quyết=dt.date(2021, 7, 6),
            Ngày_có_kết_quả="",
        ),
        row("X-2", Ngày_tiếp_nhận=44382.5, Hạn_giải_quyết=44383, Ngày_có_kết_quả="06/07/2021 16:45"),
        row("X-3", Ngày_tiếp_nhận="44382.75", Hạn_giải_quyết="2021-07-06", Ngày_có_kết_quả="20210706"),
    ]
    job = run(write_xlsx(tmp_path / "mot-cua.xlsx", rows))
    assert job.status == JobStatus.DONE, (job.message, job.errors)
    data = stored()
    assert data["X-1"]["received_at"] == dt.datetime(2021, 7, 5, 8, 30)
    assert data["X-1"]["due_at"] == dt.datetime(2021, 7, 6)
    assert data["X-2"]["received_at"] == dt.datetime(2021, 7, 5, 12, 0), (
        "Excel serial 44382.5 is 05/07/2021 noon"
    )
    assert data["X-2"]["due_at"] == dt.datetime(2021, 7, 6)
    assert data["X-3"]["received_at"] == dt.datetime(2021, 7, 5, 18, 0)
    assert data["X-3"]["resolved_at"] == dt.datetime(2021, 7, 6)


def test_missing_due_dates_follow_the_procedure_time_limit_in_working_days(
    demo: dict[str, int], tmp_path: Path
) -> None:
    services.save_procedure(
        actor=None, issuer=issuer(), code="MAU.H03", name="Cấp giấy phép xây dựng", time_limit=15
    )
    # Received Friday 27/8/2021; 2/9 and 3/9 are days off: 15 working days later is Tuesday 21/9/2021.
    rows = [
        row(
            "D-1",
            Mã_thủ_tục="MAU.H03",
            Ngày_tiếp_nhận="27/08/2021 09:00",
            Hạn_giải_quyết="",
            Ngày_có_kết_quả="",
        ),
        row(
            "D-2",
            Mã_thủ_tục="KHONG-CO",
            Ngày_tiếp_nhận="27/08/2021 09:00",
            Hạn_giải_quyết="",
            Ngày_có_kết_quả="",
        ),
    ]
    assert run(write_csv(tmp_path / "a.csv", rows)).status == JobStatus.DONE
    data = stored()
    assert data["D-1"]["due_at"] == dt.datetime(2021, 9, 21, 17, 0)
    assert data["D-2"]["due_at"] is None, "a procedure without a time limit keeps no due date"


def test_a_million_row_file_reports_progress(demo: dict[str, int], tmp_path: Path) -> None:
    rows = [row(f"P-{i}") for i in range(2500)]
    seen: list[tuple[str, float]] = []
    job = services.import_file(
        actor=None, issuer=issuer(), source_name="Một cửa", path=write_csv(tmp_path / "p.csv", rows),
        progress=lambda phase, fraction: seen.append((phase, fraction)),
    )  # fmt: skip
    assert job.status == JobStatus.DONE and job.rows == 2500
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(phase.startswith("Đọc tệp: 2.500 dòng") for phase, _ in seen)
    assert ImportJob.objects.get(pk=job.pk).percent == 100


def test_only_the_office_imports(demo: dict[str, int], tmp_path: Path) -> None:
    unit_staff = get_user_model().objects.get(username="chuyenvien.tnmt")
    with pytest.raises(PermissionDenied):
        run(write_csv(tmp_path / "a.csv", [row("HS-1")]), actor=unit_staff)
    office = get_user_model().objects.get(username="vanphong")
    assert run(write_csv(tmp_path / "b.csv", [row("HS-1")]), actor=office).status == JobStatus.DONE


def test_an_import_lists_its_months_in_the_manifest_and_figures_are_computed_once_per_dataset(
    demo: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dieuhanh.tthc import store
    from dieuhanh.tthc.periods import Period

    run(write_csv(tmp_path / "a.csv", [row("HS-1"), row("HS-2", **{"Ngày tiếp nhận": "03/06/2021 08:00"})]))
    path = queries.dataset_of(issuer())
    assert store.manifest(path) == {"version": store.version_of(path), "months": ["2021-07", "2021-06"]}
    # the months come from the manifest: the dataset is not read for them
    monkeypatch.setattr(store, "months_of", lambda dataset: pytest.fail("read the dataset for its months"))
    assert queries.available_periods(issuer()) == ["2021-07", "2021-06"]

    computed: list[str] = []
    real = queries.unit_stats
    monkeypatch.setattr(queries, "unit_stats", lambda *a, **k: computed.append(a[1].label) or real(*a, **k))
    first = queries.snapshot(issuer(), Period.parse("2021-07"))
    again = queries.snapshot(issuer(), Period.parse("2021-07"))
    assert computed == ["2021-07", "2021-06"]  # this period and the one before, once each
    assert again["units"] == first["units"]
    monkeypatch.undo()

    # a new import is a new version: its figures are computed afresh and hold the new dossier
    run(write_csv(tmp_path / "b.csv", [row("HS-3")]))
    assert store.manifest(path)["months"] == ["2021-07", "2021-06"]  # type: ignore[index]
    units = {u["unit_code"]: u for u in queries.snapshot(issuer(), Period.parse("2021-07"))["units"]}
    assert units["08800"]["received"] == first_received(first) + 1


def first_received(snap: dict[str, Any]) -> int:
    return next(u["received"] for u in snap["units"] if u["unit_code"] == "08800")
