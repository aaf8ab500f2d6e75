"""``dieuhanh accounts``: the current TOTP code of a login (for the demo), two-factor status."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Tài khoản: in mã xác thực hiện tại của một tài khoản (dùng cho dữ liệu mẫu)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser("totp", help="In mã 6 chữ số hiện tại của ứng dụng xác thực đã đăng ký.")
        p.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _totp(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"Tài khoản “{user.get_username()}” chưa đăng ký xác thực hai lớp.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        totp.time = now
        code = f"{totp.token():0{device.digits}d}"
        left = device.step - int(now - device.t0) % device.step
        self.stdout.write(code)
        self.stderr.write(
            f"Mã của {user.get_username()}, còn hiệu lực khoảng {left} giây (mỗi mã dùng một lần)."
        )
