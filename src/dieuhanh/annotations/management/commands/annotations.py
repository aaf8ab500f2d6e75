"""``dieuhanh annotations export DIR``: the Office's reviewed imports as annotated examples for retraining."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dieuhanh.annotations.services import export


class Command(BaseCommand):
    help = "Xuất các văn bản đã hiệu đính khi nhập thành mẫu gán nhãn (định dạng tests/corpus/)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="ghi STEM.txt, STEM.gold.json, STEM.meta.json vào thư mục")
        out.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        written = export(options["folder"])
        self.stdout.write(f"Đã xuất {len(written)} mẫu vào {options['folder']}.")
