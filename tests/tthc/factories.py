"""Small factories of the TTHC tests: export files as one-stop systems write them, and imports through the
services the office uses."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from dieuhanh.org.models import Unit
from dieuhanh.tthc import services
from dieuhanh.tthc.models import ImportJob

HEADER = [
    "STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Đơn vị tiếp nhận", "Kênh tiếp nhận",
    "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả", "Ngày trả lại hồ sơ", "Ngày rút hồ sơ", "Kết quả",
    "Thanh toán trực tuyến", "Số hóa",
]  # fmt: skip


def row(code: str, **values: Any) -> list[Any]:
    """A data row under ``HEADER``: a resolved dossier of Đồng Quế unless told otherwise."""
    base: dict[str, Any] = {
        "Mã hồ sơ": code,
        "Mã thủ tục": "MAU.X01",
        "Tên thủ tục": "Đăng ký khai sinh",
        "Lĩnh vực": "Hộ tịch",
        "Đơn vị tiếp nhận": "UBND xã Đồng Quế",
        "Kênh tiếp nhận": "Trực tuyến",
        "Ngày tiếp nhận": "05/07/2021 08:30",
        "Hạn giải quyết": "06/07/2021 17:00",
        "Ngày có kết quả": "06/07/2021 10:15",
        "Kết quả": "Đã trả kết quả",
        "Thanh toán trực tuyến": "Có",
        "Số hóa": "Không",
    }
    base.update({k.replace("_", " "): v for k, v in values.items()})
    return [base.get(name, "") for name in HEADER]


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, preamble: int = 0
) -> Path:
    """A UTF-8 CSV (with a BOM, as Excel saves it), optionally under a few title lines."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for i in range(preamble):
            writer.writerow([f"DANH SÁCH HỒ SƠ (dòng tiêu đề {i + 1})"])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """An XLSX workbook; cells keep their Python types (datetimes, numbers, text)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    workbook.save(path)
    return path


def issuer() -> Unit:
    """The demo's issuing body (Sông Lô)."""
    return Unit.objects.get(code="253")


def run(path: Path, source: str = "Một cửa", actor: Any = None) -> ImportJob:
    """Import ``path`` at once through the service."""
    return services.import_file(actor=actor, issuer=issuer(), source_name=source, path=path)
