"""``dieuhanh demo``: load the Sông Lô demo into the configured database (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dieuhanh.core.demo import load_all, print_logins


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu huyện Sông Lô (tháng 8/2021); chạy lại không thay đổi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--logins", action="store_true", help="In các tài khoản mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        # The command (what `make run` calls) also gives the leaders' and the office's demo logins the documented
        # demo authenticator; tests load the same data without it.
        counts = load_all(two_factor=True)
        self.stdout.write("Đã nạp dữ liệu mẫu: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        if options["logins"]:
            print_logins(self.stdout.write)
