"""``dieuhanh audit``: verify the audit log's hash chain, prune entries past the retention period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Nhật ký hệ thống: kiểm tra chuỗi mã băm, xóa các mục quá thời hạn lưu."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        sub.add_parser(
            "verify", help="Kiểm tra nhật ký không bị sửa, xóa; lỗi (mã thoát 1) tại mục hỏng đầu tiên."
        )
        p = sub.add_parser("prune", help="Xóa các mục cũ hơn thời hạn lưu (DIEUHANH_AUDIT_RETENTION_DAYS).")
        p.add_argument("--days", type=int, default=None, help="Số ngày giữ lại (mặc định theo cấu hình).")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _verify(self, options: dict[str, Any]) -> None:
        from dieuhanh.core.auditlog import verify

        result = verify()
        if result.broken is not None:
            raise CommandError(
                f"Nhật ký không toàn vẹn: {result.broken.reason} (đã kiểm tra đúng {result.checked} mục trước đó).",
                returncode=1,
            )
        self.stdout.write(f"Nhật ký toàn vẹn: {result.checked} mục.")

    def _prune(self, options: dict[str, Any]) -> None:
        from dieuhanh.core.auditlog import prune

        days = options["days"] if options["days"] is not None else settings.DIEUHANH_AUDIT_RETENTION_DAYS
        if days < 1:
            raise CommandError("Số ngày giữ lại phải từ 1 trở lên.")
        result = prune(days=days)
        self.stdout.write(
            f"Đã xóa {result.deleted} mục trước {result.cutoff:%d/%m/%Y %H:%M} (giữ {days} ngày)."
            + (f" Điểm kiểm tra: mục #{result.through_id}." if result.through_id else "")
        )
