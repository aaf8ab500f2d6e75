"""``dieuhanh restore DIR``: put a backup back into an empty database and prove every row and file arrived."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.backup import restore
from dieuhanh.core.errors import DomainError

from .backup import megabytes, seconds


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (từ chối cơ sở dữ liệu đã có bảng, trừ khi --force), "
        "chép lại các tệp và đối chiếu từng bảng, từng tệp với manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="Thư mục sao lưu (có manifest.json).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu và thư mục tệp đã có dữ liệu (các bảng trong bản sao lưu được tạo lại).",
        )
        parser.add_argument("--no-files", action="store_true", help="Chỉ khôi phục cơ sở dữ liệu.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["source"], force=options["force"], files=not options["no_files"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for warning in summary.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            f"Đã khôi phục từ {summary.path}: {summary.tables} bảng, {summary.rows} dòng khớp bản sao lưu; "
            f"{summary.files} tệp ({megabytes(summary.file_bytes)}); trong {seconds(summary.seconds)} giây. "
            "Tiếp theo: dieuhanh migrate (nếu phiên bản mới hơn), dieuhanh check-files."
        )
