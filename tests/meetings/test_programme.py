"""The annual work programme from XLSX: all or nothing, presenters resolved through the registry."""

from __future__ import annotations

import pytest

from dieuhanh.core.errors import DomainError
from dieuhanh.core.tables import write_xlsx
from dieuhanh.meetings import programme
from dieuhanh.meetings.models import ProgrammeEntry
from dieuhanh.org.models import Unit

pytestmark = pytest.mark.django_db
HEADER = ["Tháng", "Nội dung", "Đơn vị trình", "Loại", "Ghi chú"]


def test_programme_import_resolves_presenters(demo, office) -> None:  # type: ignore[no-untyped-def]
    issuer = Unit.objects.get(code="253")
    rows = [
        [9, "Báo cáo công tác cải cách hành chính quý III", "Phòng Nội vụ", "Định kỳ", ""],
        ["tháng 10", "Báo cáo quản lý đất đai", "phòng TN&MT", "Chuyên đề", ""],
    ]
    preview = programme.preview_programme(write_xlsx(HEADER, rows), "ct.xlsx", issuer)
    assert preview.errors == []
    assert programme.import_programme(actor=office, issuer=issuer, year=2022, preview=preview) == 2
    entry = ProgrammeEntry.objects.get(month=10, programme__year=2022)
    assert entry.presenter.code == "253-TNMT" and entry.kind == "thematic"


def test_programme_bad_rows_import_nothing(demo, office) -> None:  # type: ignore[no-untyped-def]
    issuer = Unit.objects.get(code="253")
    rows = [[13, "Báo cáo A", "Phòng Nội vụ", "", ""], [5, "", "Sở Không Có", "", ""]]
    preview = programme.preview_programme(write_xlsx(HEADER, rows), "ct.xlsx", issuer)
    assert {(e.row, e.column) for e in preview.errors} == {(2, "Tháng"), (3, "Nội dung"), (3, "Đơn vị trình")}
    with pytest.raises(DomainError):
        programme.import_programme(actor=office, issuer=issuer, year=2022, preview=preview)
    assert not ProgrammeEntry.objects.filter(programme__year=2022).exists()
