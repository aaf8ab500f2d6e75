"""``dieuhanh backup [-o DIR]``: the database, the files and the TTHC datasets in one folder with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.backup import backup
from dieuhanh.core.errors import DomainError


def megabytes(size: int) -> str:
    """A size in MB with one decimal, Vietnamese style."""
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


def seconds(value: float) -> str:
    """Seconds with one decimal and a decimal comma."""
    return f"{value:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: sao lưu trực tuyến), tệp tải lên, văn bản đã ký "
        "và dữ liệu TTHC vào một thư mục có manifest.json (SHA-256 của từng tệp)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="Thư mục sao lưu (mới hoặc trống); mặc định DATA_DIR/backups/dieuhanh-NĂMTHÁNGNGÀY-GIỜ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["output"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã sao lưu vào {summary.path}: cơ sở dữ liệu {summary.vendor} {megabytes(summary.database_bytes)} "
            f"({summary.tables} bảng, {summary.rows} dòng), {summary.files} tệp "
            f"{megabytes(summary.file_bytes)}, trong {seconds(summary.seconds)} giây."
        )
