"""Reading large CSV and XLSX exports fast, in chunks of text columns (Arrow), with the progress made.

No Django here. XLSX is read with python-calamine (Rust), CSV with Python's csv module; both are read row by row,
so a file of millions of rows never sits in memory as Python objects all at once. Cells become text: dates as
ISO text, numbers as written (an Excel serial stays a number and is read as a date later, in ``normalise``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from dieuhanh.core.errors import DomainError
from dieuhanh.core.uploads import check_office_zip

from .columns import HEADER_SEARCH_ROWS

XLSX_MAGIC = b"PK\x03\x04"
XLSX_BYTES_PER_S = 6_000_000  # how fast calamine parses a sheet, to estimate the wait while it does
WAIT_TICK_S = 0.25
XLSX_MAX_UNPACKED_BYTES = 8 * 1024**3  # a sheet of millions of rows unpacks to gigabytes; a bomb to far more
CHUNK_ROWS = 100_000
ROW_COLUMN = "_row"


def _text(value: Any) -> str | None:
    """A cell as text; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None


def _as_text(array: pa.Array, cells: Sequence[Any]) -> pa.Array:
    """An Arrow array converted from cells as text: trimmed, '' as null, whole numbers without '.0'."""
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        trimmed = pc.utf8_trim_whitespace(array)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed).cast(pa.string())
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.string())
    if pa.types.is_floating(kind):
        whole = pc.equal(array, pc.floor(array))
        as_int = pc.cast(pc.if_else(whole, array, pa.scalar(None, kind)), pa.int64(), safe=False)
        return pc.if_else(whole, pc.cast(as_int, pa.string()), pc.cast(array, pa.string())).cast(pa.string())
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind) or pa.types.is_temporal(kind):
        return pc.cast(array, pa.string())
    return pa.array([_text(v) for v in cells], type=pa.string())


def _column(values: Sequence[Any]) -> pa.Array:
    """Cells as a text array; typed columns (all dates, all numbers) are converted by Arrow, not cell by cell."""
    try:
        return _as_text(pa.array(values), values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    # Calamine gives '' for an empty cell: without them most columns hold one type and Arrow converts them.
    cells = [None if v == "" else v for v in values]
    try:
        return _as_text(pa.array(cells), cells)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([_text(v) for v in cells], type=pa.string())


class Sheet:
    """An export file opened for reading: ``head`` (the first rows, to find the header), then ``chunks``."""

    def __init__(
        self, path: Path, filename: str = "", *, waiting: Callable[[float], None] | None = None
    ) -> None:
        self.path = path
        self.name = filename or path.name
        name = self.name.lower()
        with path.open("rb") as handle:
            magic = handle.read(4)
        self.size = path.stat().st_size
        self.is_xlsx = magic == XLSX_MAGIC or name.endswith((".xlsx", ".xlsm"))
        if not self.is_xlsx and not name.endswith((".csv", ".txt")) and name:
            raise DomainError("Chỉ nhận tệp .csv hoặc .xlsx.", code="bad_file_type")
        self.total_rows = 0
        self.rows_read = 0
        self._csv_file: Any = None
        self._rows = self._open_xlsx(waiting) if self.is_xlsx else self._open_csv()
        self.head: list[list[Any]] = list(islice(self._rows, HEADER_SEARCH_ROWS))
        self._consumed = len(self.head)

    def _open_xlsx(self, waiting: Callable[[float], None] | None) -> Iterator[list[Any]]:
        """Open the first sheet. Calamine parses the whole sheet at once (and releases the GIL meanwhile), so
        it runs in a thread while ``waiting`` is told an estimate of how far it is (0..1)."""
        from python_calamine import CalamineWorkbook

        found: dict[str, Any] = {}

        def load() -> None:
            try:
                # Zip bombs, XML entities and climbing names are refused before calamine unpacks anything.
                check_office_zip(self.path, self.name, max_unpacked=XLSX_MAX_UNPACKED_BYTES)
                found["sheet"] = CalamineWorkbook.from_path(str(self.path)).get_sheet_by_index(0)
            except DomainError as exc:
                found["refusal"] = exc
            except Exception as exc:  # calamine raises several error types for broken files
                found["error"] = exc

        worker = threading.Thread(target=load, name="xlsx-open", daemon=True)
        began = time.monotonic()
        worker.start()
        expected = max(self.size / XLSX_BYTES_PER_S * 1.2, 0.5)  # the safety check unpacks it once more
        while worker.is_alive():
            worker.join(WAIT_TICK_S)
            if waiting is not None and worker.is_alive():
                waiting(min(0.95, (time.monotonic() - began) / expected))
        if "refusal" in found:
            raise found["refusal"]
        if "error" in found:
            raise DomainError(
                "Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.",
                code="bad_spreadsheet",
                log_message=f"unreadable spreadsheet {self.path}: {found['error']}",
            ) from found["error"]
        sheet = found["sheet"]
        self.total_rows = int(sheet.total_height)
        return iter(sheet.iter_rows())

    def _encoding(self) -> str:
        with self.path.open("rb") as handle:
            start = handle.read(1 << 20)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        try:
            start.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still UTF-8.
            if exc.start < len(start) - 4:
                return "cp1258"
        return "utf-8"

    def _open_csv(self) -> Iterator[list[Any]]:
        encoding = self._encoding()
        raw = self.path.open("rb")
        self._csv_file = raw
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            sample = text.read(64 * 1024)
        except UnicodeDecodeError as exc:  # bytes no Vietnamese encoding uses: not a text file
            raw.close()
            raise DomainError(
                "Không đọc được tệp CSV: bảng mã hoặc dấu phân cách không đúng (hãy lưu tệp dạng CSV UTF-8).",
                code="bad_csv",
                log_message=f"unreadable csv: {exc}",
            ) from exc
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        text.seek(0)
        return self._guard(csv.reader(text, dialect))

    @staticmethod
    def _guard(rows: Iterator[list[str]]) -> Iterator[list[Any]]:
        try:
            yield from rows
        except (UnicodeDecodeError, csv.Error) as exc:
            raise DomainError(
                "Không đọc được tệp CSV: bảng mã hoặc dấu phân cách không đúng (hãy lưu tệp dạng CSV UTF-8).",
                code="bad_csv",
                log_message=f"unreadable csv: {exc}",
            ) from exc

    @property
    def fraction_done(self) -> float:
        """How much of the file has been read (0..1)."""
        if self.is_xlsx:
            return min(1.0, self._consumed / self.total_rows) if self.total_rows else 0.0
        if self._csv_file is None or self._csv_file.closed:
            return 1.0
        return min(1.0, self._csv_file.tell() / self.size) if self.size else 1.0

    def chunks(
        self, header_row: int, positions: Mapping[str, int], size: int = CHUNK_ROWS
    ) -> Iterator[pa.Table]:
        """The rows after the header as tables of text columns named by field, plus ``_row`` (Excel's row
        number); the rows of the head after the header come first."""
        pending = self.head[header_row:]
        number = header_row + 1
        rows = iter(pending)
        try:
            while True:
                batch = list(islice(rows, size))
                if len(batch) < size:
                    rest = size - len(batch)
                    more = list(islice(self._rows, rest))
                    self._consumed += len(more)
                    batch += more
                    rows = iter(())
                if not batch:
                    return
                width = max(positions.values()) + 1
                # Transposed at once (in C); short rows of a CSV are padded first.
                if any(len(r) < width for r in batch):
                    batch = [r + [None] * (width - len(r)) if len(r) < width else r for r in batch]
                transposed = list(zip(*batch, strict=False))
                columns = {name: _column(transposed[i]) for name, i in positions.items()}
                columns[ROW_COLUMN] = pa.array(range(number, number + len(batch)), type=pa.int64())
                number += len(batch)
                self.rows_read += len(batch)
                yield pa.table(columns)
                if len(batch) < size:
                    return
        finally:
            self.close()

    def close(self) -> None:
        """Release the file."""
        if self._csv_file is not None:
            self._csv_file.close()
