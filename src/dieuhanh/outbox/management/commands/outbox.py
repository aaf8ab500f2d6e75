"""``dieuhanh outbox``: what the outbox holds, deliver what is due, send a failed message again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError


class Command(BaseCommand):
    help = "Hộp thư đi: xem tình trạng, gửi các thư đến hạn, gửi lại một thư."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser("status", help="Số thư theo trạng thái và các thư gửi không thành công.")
        p.add_argument("--limit", type=int, default=20, help="Số thư lỗi liệt kê (mặc định 20).")
        sub.add_parser("send", help="Gửi ngay các thư đến hạn (tiến trình nền làm việc này mỗi phút).")
        p = sub.add_parser("retry", help="Gửi lại một thư (ở lần chạy tới của bộ gửi, hoặc ngay với --now).")
        p.add_argument("id", type=int)
        p.add_argument("--now", action="store_true", help="Gửi ngay sau khi đặt lại.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _status(self, options: dict[str, Any]) -> None:
        from dieuhanh.outbox import queries
        from dieuhanh.outbox.models import OutboxMessage, Status

        counts = queries.counts(OutboxMessage.objects.all())
        self.stdout.write(", ".join(f"{Status(s).label}: {n}" for s, n in counts.items()))
        failed = OutboxMessage.objects.filter(status=Status.FAILED).order_by("-created_at")[
            : options["limit"]
        ]
        for m in failed:
            self.stdout.write(f"#{m.pk} {', '.join(m.to)} — {m.subject} — {m.attempts} lần — {m.last_error}")

    def _send(self, options: dict[str, Any]) -> None:
        from dieuhanh.outbox.sender import deliver_due

        result = deliver_due()
        self.stdout.write(
            f"Đã gửi {result.sent} thư, {result.deferred} thư chờ gửi lại, {result.failed} thư không gửi được."
        )
        if result.stopped:
            self.stderr.write(f"Dừng gửi vì máy chủ thư: {result.stopped}")

    def _retry(self, options: dict[str, Any]) -> None:
        from dieuhanh.outbox.models import OutboxMessage
        from dieuhanh.outbox.services import retry

        message = OutboxMessage.objects.filter(pk=options["id"]).first()
        if message is None:
            raise CommandError(f"Không có thư số {options['id']}.")
        retry(actor=None, message=message)
        self.stdout.write(f"Thư số {message.pk} sẽ được gửi lại.")
        if options["now"]:
            self._send(options)
