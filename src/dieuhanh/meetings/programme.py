"""The annual work programme: entries by hand or from the office's XLSX, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.core.tables import Column, cell_text, map_header, read_rows
from dieuhanh.core.uploads import check_size
from dieuhanh.org.importing import RowError
from dieuhanh.org.models import Unit
from dieuhanh.org.resolver import resolve
from dieuhanh.vn.text import fold

from .models import EntryKind, ProgrammeEntry, WorkProgramme
from .services import require

COLUMNS = [
    Column("month", "Tháng", ("thang",), required=True),
    Column("title", "Nội dung", ("noi dung", "ten bao cao", "title"), required=True),
    Column("presenter", "Đơn vị trình", ("don vi chu tri", "co quan trinh", "presenter"), required=True),
    Column("kind", "Loại", ("dinh ky/chuyen de", "kind")),
    Column("note", "Ghi chú", ("note",)),
]


@dataclass
class ProgrammePreview:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _programme(issuer: Unit, year: int) -> WorkProgramme:
    programme, _ = WorkProgramme.objects.get_or_create(
        issuer=issuer,
        year=year,
        defaults={"title": f"Chương trình công tác năm {year} của {issuer.short_name}"},
    )
    return programme


@transaction.atomic
def add_entry(
    *,
    actor: Any,
    issuer: Unit,
    year: int,
    month: int,
    title: str,
    presenter: Unit,
    kind: str = EntryKind.THEMATIC,
    note: str = "",
) -> ProgrammeEntry:
    """Add one report to the year's programme."""
    require(actor, "meetings.prepare", issuer)
    if not 1 <= month <= 12:
        raise DomainError("Tháng phải từ 1 đến 12.", code="invalid_month")
    title = " ".join(title.split())
    if not title:
        raise DomainError("Nội dung không được để trống.", code="entry_title_missing")
    programme = _programme(issuer, year)
    position = (programme.entries.filter(month=month).aggregate(m=Max("position"))["m"] or 0) + 1
    entry = ProgrammeEntry.objects.create(
        programme=programme,
        month=month,
        title=title,
        presenter=presenter,
        kind=kind,
        note=note,
        position=position,
    )
    audit.record(
        actor=actor, action="programme.entry_add", obj=programme, after={"month": month, "title": title}
    )
    return entry


def preview_programme(data: bytes, filename: str, issuer: Unit) -> ProgrammePreview:
    """Read an XLSX/CSV programme; every row checked (month, title, presenter resolved through the registry)."""
    check_size(len(data), settings.DIEUHANH_MAX_IMPORT_BYTES, filename or "tệp")
    rows = read_rows(data, filename)
    while rows and not any(cell_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise DomainError("Tệp không có dữ liệu.", code="empty_file")
    pos = map_header(rows[0], COLUMNS)
    header = {c.field: c.header for c in COLUMNS}
    preview = ProgrammePreview()
    for number, row in enumerate(rows[1:], start=2):

        def get(name: str, row: list[Any] = row) -> str:
            index = pos.get(name)
            return cell_text(row[index]) if index is not None and index < len(row) else ""

        if not any(cell_text(c) for c in row):
            continue
        item: dict[str, Any] = {"row": number, "title": get("title"), "note": get("note")}
        month_text = get("month").lower().replace("tháng", "").strip()
        if not month_text.isdigit() or not 1 <= int(month_text) <= 12:
            preview.errors.append(RowError(number, header["month"], f"tháng “{get('month')}” không hợp lệ."))
        else:
            item["month"] = int(month_text)
        if not item["title"]:
            preview.errors.append(RowError(number, header["title"], "thiếu nội dung."))
        mention = get("presenter")
        units = resolve(mention, issuer).units() if mention else []
        if len(units) != 1:
            reason = "không tìm thấy đơn vị" if not units else "ứng với nhiều đơn vị"
            preview.errors.append(RowError(number, header["presenter"], f"“{mention}” {reason}."))
        else:
            item["presenter"] = units[0]
        kind = fold(get("kind"))
        item["kind"] = (
            EntryKind.PERIODIC if kind.startswith("dinh ky") or kind == "periodic" else EntryKind.THEMATIC
        )
        preview.rows.append(item)
    if not preview.rows:
        preview.errors.append(RowError(2, "", "tệp không có dòng dữ liệu nào."))
    return preview


@transaction.atomic
def import_programme(*, actor: Any, issuer: Unit, year: int, preview: ProgrammePreview) -> int:
    """Write a previewed programme, all or nothing."""
    require(actor, "meetings.prepare", issuer)
    if preview.errors:
        raise DomainError(f"Không nhập: tệp còn {len(preview.errors)} lỗi.", code="import_has_errors")
    for item in preview.rows:
        add_entry(
            actor=actor,
            issuer=issuer,
            year=year,
            month=item["month"],
            title=item["title"],
            presenter=item["presenter"],
            kind=item["kind"],
            note=item["note"],
        )
    return len(preview.rows)
