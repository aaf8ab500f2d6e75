"""``dieuhanh directives``: assign an issued session's directives, run reminders, compile reports, run the worker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày “{text}” không hợp lệ: dùng dạng năm-tháng-ngày (2021-08-10).") from exc


class Command(BaseCommand):
    help = "Nhiệm vụ được giao: giao theo thông báo, đôn đốc, tổng hợp báo cáo, chạy tiến trình nền."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser(
            "remind", help="Chạy việc đôn đốc, bù các ngày chưa chạy (không gửi trùng nếu chạy lại)."
        )
        p.add_argument(
            "--today", type=_date, default=None, help="Ngày chạy (mặc định hôm nay), dạng 2021-08-10."
        )
        p = sub.add_parser("report", help="Xuất báo cáo tổng hợp tình hình thực hiện nhiệm vụ.")
        p.add_argument("--from", dest="date_from", type=_date, required=True)
        p.add_argument("--to", dest="date_to", type=_date, required=True)
        p.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        p.add_argument("-o", "--output", required=True)
        p.add_argument(
            "--issuer", default=None, help="Mã cơ quan giao (mặc định: cơ quan ban hành duy nhất)."
        )
        p = sub.add_parser("assign", help="Giao các nhiệm vụ của một phiên họp theo thông báo đã ban hành.")
        p.add_argument("meeting", type=int)
        p.add_argument("--issued-on", type=_date, required=True)
        p.add_argument(
            "--source", required=True, help="Văn bản giao, ví dụ “Thông báo số 15/TB-UBND ngày 10/8/2021”."
        )
        p = sub.add_parser("worker", help="Chạy tiến trình nền: hàng đợi việc và lịch đôn đốc hằng ngày.")
        p.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _remind(self, options: dict[str, Any]) -> None:
        from dieuhanh.directives.schedule import catch_up

        # Each day not yet done up to --today runs once (today again: idempotent); mails go to the outbox.
        for result in catch_up(options["today"]):
            self.stdout.write(
                f"Ngày {result.day:%d/%m/%Y}: {result.reminders} lần nhắc, {result.notifications} thông báo, "
                f"{result.digests} thư tổng hợp, {result.escalation_mails} thư báo cáo vượt cấp."
            )
        self.stdout.write(
            "Thư đã vào hộp thư đi; tiến trình nền gửi trong vòng một phút (dieuhanh outbox send)."
        )

    def _report(self, options: dict[str, Any]) -> None:
        from dieuhanh.directives import compiled
        from dieuhanh.org.resolver import get_issuer

        issuer = get_issuer(options["issuer"])
        data = compiled.build(issuer=issuer, date_from=options["date_from"], date_to=options["date_to"])
        content = compiled.to_docx(data) if options["format"] == "docx" else compiled.to_xlsx(data)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(
            f"Đã ghi {options['output']}: {len(data.rows)} nhiệm vụ của {len(data.units)} đơn vị."
        )

    def _assign(self, options: dict[str, Any]) -> None:
        from dieuhanh.directives.services import assign_directives
        from dieuhanh.meetings.models import Meeting

        meeting = Meeting.objects.filter(pk=options["meeting"]).first()
        if meeting is None:
            raise CommandError(f"Không có phiên họp số {options['meeting']}.")
        rows = assign_directives(
            actor=None, meeting=meeting, issued_on=options["issued_on"], source_label=options["source"]
        )
        self.stdout.write(f"Phiên họp {meeting.pk}: {len(rows)} nhiệm vụ của các đơn vị.")

    def _worker(self, options: dict[str, Any]) -> None:
        from dieuhanh.directives import conf
        from dieuhanh.directives.jobs import queue, reminders_task

        where = conf.redis_url() or str(conf.queue_file())
        self.stdout.write(
            f"Tiến trình nền đang chạy (hàng đợi: {where}); đôn đốc lúc 5 phút qua mỗi giờ {conf.reminder_hours()}h."
        )
        requeue = getattr(queue, "requeue_abandoned", None)
        if requeue is not None and requeue():
            self.stdout.write("Đã đưa lại vào hàng đợi các việc chưa chạy xong của lần trước.")
        reminders_task()  # queued at start: catches up every missed day, once each
        consumer = queue.create_consumer(workers=options["workers"], periodic=True, check_worker_health=True)
        consumer.run()
