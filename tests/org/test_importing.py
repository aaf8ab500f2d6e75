"""Unit and people lists from CSV and XLSX: preview, every bad row reported, all or nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.tables import write_csv, write_xlsx
from dieuhanh.org import importing
from dieuhanh.org.models import Person, Unit

pytestmark = pytest.mark.django_db

HEADER = [c.header for c in importing.UNIT_COLUMNS]


def _row(i: int, **over: str) -> list[str]:
    values = {
        "code": f"T{i:05d}",
        "name": f"Ủy ban nhân dân xã Thử Nghiệm {i}",
        "kind": "Ủy ban nhân dân",
        "level": "Cấp xã",
        "issuer": "253",
        "groups": "xã",
        "aliases": f"xã Thử Nghiệm {i}",
        "valid_from": "01/01/2020",
    }
    values.update(over)
    return [values.get(c.field, "") for c in importing.UNIT_COLUMNS]


def test_one_bad_row_among_1000_imports_nothing_and_names_the_row(demo: dict[str, int]) -> None:
    rows = [_row(i) for i in range(1000)]
    rows[637] = _row(637, valid_from="31/02/2021")
    data = write_csv(HEADER, rows)
    before = Unit.objects.count()
    preview = importing.preview_units(data, "don-vi.csv")
    assert len(preview.rows) == 1000
    assert [(e.row, e.column) for e in preview.errors] == [(639, "Hiệu lực từ ngày")]
    assert "Dòng 639" in str(preview.errors[0]) and "ngày/tháng/năm" in str(preview.errors[0])
    with pytest.raises(DomainError, match="còn 1 lỗi"):
        importing.commit_units(actor=None, preview=preview)
    assert Unit.objects.count() == before


def test_good_xlsx_imports_all_rows_with_groups_and_aliases(demo: dict[str, int]) -> None:
    data = write_xlsx(HEADER, [_row(i) for i in range(25)])
    preview = importing.preview_units(data, "don-vi.xlsx")
    assert preview.ok and preview.creates == 25
    assert importing.commit_units(actor=None, preview=preview) == 25
    unit = Unit.objects.get(code="T00007")
    assert unit.issuer is not None and unit.issuer.code == "253"
    assert list(unit.memberships.values_list("key", flat=True)) == ["communes"]
    assert unit.aliases.filter(text="xã Thử Nghiệm 7").exists()
    assert AuditEvent.objects.filter(action="units.import").count() == 1


def test_reports_every_kind_of_bad_row(demo: dict[str, int]) -> None:
    rows = [
        _row(1, kind="Hợp tác xã"),
        _row(1),
        _row(3, issuer="không-có"),
        _row(4, name=""),
        _row(5, groups="câu lạc bộ"),
    ]
    preview = importing.preview_units(write_csv(HEADER, rows), "x.csv")
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {
        (2, "Loại"),
        (3, "Mã đơn vị"),
        (4, "Mã cơ quan ban hành"),
        (5, "Tên đầy đủ"),
        (6, "Nhóm"),
    }


def test_missing_column_and_wrong_file_are_refused(demo: dict[str, int]) -> None:
    with pytest.raises(DomainError, match="thiếu cột bắt buộc"):
        importing.preview_units(write_csv(["Mã đơn vị", "Tên"], [["X", "Y"]]), "x.csv")
    with pytest.raises(DomainError, match="hỏng"):
        importing.preview_units(b"PK\x03\x04not really a zip", "x.xlsx")
    with pytest.raises(DomainError, match="Chỉ nhận tệp"):
        importing.preview_units(b"%PDF-1.7", "x.pdf")


def test_export_imports_back_unchanged(demo: dict[str, int]) -> None:
    for fmt in ("csv", "xlsx"):
        data = importing.export_units(Unit.objects.all(), fmt)
        preview = importing.preview_units(data, f"don-vi.{fmt}")
        assert preview.errors == []
        assert preview.creates == 0 and preview.updates == Unit.objects.count()
        count = AuditEvent.objects.filter(action="unit.update").count()
        importing.commit_units(actor=None, preview=preview)
        assert AuditEvent.objects.filter(action="unit.update").count() == count  # nothing changed


def test_people_import_creates_logins_and_checks_rows(demo: dict[str, int]) -> None:
    header = [c.header for c in importing.PEOPLE_COLUMNS]
    good = [["Nguyễn Thị Hoa", "Chuyên viên", "253-TP", "Cán bộ đơn vị", "hoa.tp", "hoa@example.org", ""]]
    preview = importing.preview_people(write_csv(header, good), "cb.csv")
    assert preview.ok
    importing.commit_people(actor=None, preview=preview)
    person = Person.objects.get(user__username="hoa.tp")
    assert person.unit.code == "253-TP" and person.role == "unit_staff"
    bad = [*good, ["", "", "253-XX", "Giám đốc", "hoa.tp", "không-phải-email", ""]]
    errors = importing.preview_people(write_csv(header, bad), "cb.csv").errors
    assert {e.column for e in errors} == {"Họ và tên", "Mã đơn vị", "Vai trò", "Thư điện tử", "Tên đăng nhập"}


def test_only_the_office_may_import(demo: dict[str, int]) -> None:
    preview = importing.preview_units(write_csv(HEADER, [_row(1)]), "x.csv")
    unit_officer = get_user_model().objects.get(username="chuyenvien.tnmt")
    with pytest.raises(PermissionDenied):
        importing.commit_units(actor=unit_officer, preview=preview)
    office = get_user_model().objects.get(username="vanphong")
    assert importing.commit_units(actor=office, preview=preview) == 1
