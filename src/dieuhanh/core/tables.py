"""Reading and writing the spreadsheets offices keep (CSV and XLSX), with Vietnamese column headers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dieuhanh.vn.text import fold

from .errors import DomainError
from .uploads import check_office_zip

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Column:
    """A column of an import/export sheet: its field, Vietnamese header and accepted header spellings."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def matches(self, header: str) -> bool:
        wanted = {fold(self.header), fold(self.field), *(fold(a) for a in self.aliases)}
        return fold(header).strip(" *:") in wanted


def _decode_csv(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:  # bytes that no Vietnamese encoding uses: not a text file
        raise DomainError(
            "Không đọc được tệp CSV: tệp không phải văn bản UTF-8 hay Windows-1258. Hãy lưu lại dạng "
            "“CSV UTF-8” hoặc dùng tệp .xlsx.",
            code="bad_encoding",
        ) from exc


def read_rows(data: bytes, filename: str) -> list[list[Any]]:
    """Rows of a CSV or XLSX file (first sheet), as lists of cell values; the header row included."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")) or data.startswith(XLSX_MAGIC):
        from python_calamine import CalamineWorkbook

        if data.startswith(XLSX_MAGIC):
            check_office_zip(data, filename)

        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = workbook.get_sheet_by_index(0)
            return [list(row) for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine raises several error types for broken files
            raise DomainError(
                "Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.",
                code="bad_spreadsheet",
                log_message=f"Unreadable spreadsheet {filename!r}: {exc}",
            ) from exc
    if name.endswith((".csv", ".txt")) or not name:
        text = _decode_csv(data)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    raise DomainError("Chỉ nhận tệp .csv hoặc .xlsx.", code="bad_file_type")


def map_header(header: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Column positions by field; an error names every required column that is missing."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip()
        for column in columns:
            if column.field not in positions and text and column.matches(text):
                positions[column.field] = index
                break
    missing = [c.header for c in columns if c.required and c.field not in positions]
    if missing:
        raise DomainError(
            "Tệp thiếu cột bắt buộc: " + ", ".join(f"“{m}”" for m in missing) + ".",
            code="missing_columns",
            log_message=f"Missing columns: {missing}",
        )
    return positions


def cell_text(value: Any) -> str:
    """A cell as trimmed text ('' for empty); whole floats from Excel lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # our own CSV export's guard against formulas (csv_cell), read back as written
    return " ".join(text.split())


def parse_cell_date(value: Any) -> dt.date | None:
    """A date cell: a real date, dd/mm/yyyy, ISO, or an Excel serial number; '' is None; else ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# A spreadsheet program runs a cell that starts with one of these as a formula (=HYPERLINK(...) sends the reader
# to any address): exported text that starts so is written as text, never as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append ``values`` to an openpyxl sheet, every text cell stored as text (openpyxl makes "=…" a formula)."""
    sheet.append(["" if v is None else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel opens Vietnamese text correctly; no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Danh sách") -> bytes:
    """An XLSX workbook with a bold, frozen header row; no cell is a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    append_row(sheet, list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        append_row(sheet, row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
