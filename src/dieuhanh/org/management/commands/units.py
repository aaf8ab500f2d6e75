"""``dieuhanh units``: the unit registry from the command line (resolve, list, import, export)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.org import importing
from dieuhanh.org.models import Unit
from dieuhanh.org.resolver import get_issuer, resolve


class Command(BaseCommand):
    help = "Danh mục cơ quan, đơn vị: tra cứu tên gọi, liệt kê, nhập và xuất."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser("resolve", help="Tra cứu đơn vị, nhóm đơn vị theo cách viết trong văn bản.")
        p.add_argument("text")
        p.add_argument("--issuer", help="Mã cơ quan ban hành (bỏ trống khi chỉ có một).")
        p.add_argument("--json", action="store_true", dest="as_json")
        p = sub.add_parser("list", help="Liệt kê các đơn vị của một cơ quan ban hành.")
        p.add_argument("--issuer")
        p.add_argument("--json", action="store_true", dest="as_json")
        p = sub.add_parser("import", help="Nhập danh mục đơn vị từ tệp CSV/XLSX (tất cả hoặc không).")
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")
        p = sub.add_parser("export", help="Xuất danh mục đơn vị ra CSV/XLSX.")
        p.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action']}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def do_resolve(self, *, text: str, issuer: str | None, as_json: bool, **_: Any) -> None:
        result = resolve(text, get_issuer(issuer))
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        else:
            for match in result.matches:
                role = f" [{match.role}]" if match.role else ""
                members = f" ({len(match.members)} đơn vị)" if match.group else ""
                self.stdout.write(f"{match.code or match.group}\t{match.name}{role}{members}")
            if not result.matches:
                self.stderr.write(f"Không tìm thấy đơn vị nào ứng với “{text}”.")
                for s in result.suggestions:
                    self.stderr.write(f"  Có phải: {s.code}\t{s.name}?")
        if not result.matches:
            sys.exit(1)

    def do_list(self, *, issuer: str | None, as_json: bool, **_: Any) -> None:
        body = get_issuer(issuer)
        units = Unit.objects.filter(pk=body.pk) | Unit.objects.filter(issuer=body)
        rows = [{"code": u.code, "name": u.name, "kind": u.kind, "level": u.level} for u in units]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            for row in rows:
                self.stdout.write(f"{row['code']}\t{row['name']}")

    def do_import(self, *, file: str, dry_run: bool, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp “{file}”.")
        preview = importing.preview_units(path.read_bytes(), path.name)
        for error in preview.errors:
            self.stderr.write(str(error))
        if preview.errors:
            raise CommandError(f"Không nhập: {len(preview.errors)} lỗi.")
        if dry_run:
            self.stdout.write(f"Hợp lệ: {preview.creates} đơn vị mới, {preview.updates} cập nhật (chưa ghi).")
            return
        count = importing.commit_units(actor=None, preview=preview)
        self.stdout.write(f"Đã nhập {count} đơn vị ({preview.creates} mới, {preview.updates} cập nhật).")

    def do_export(self, *, output: str, **_: Any) -> None:
        fmt = "xlsx" if output.lower().endswith(".xlsx") else "csv"
        Path(output).write_bytes(importing.export_units(Unit.objects.all(), fmt))
        self.stdout.write(f"Đã xuất {Unit.objects.count()} đơn vị ra {output}.")
