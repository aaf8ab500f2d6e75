"""``dieuhanh meeting``: sessions from the command line (list, export as dieuhanh.notice/1)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.meetings.export import export_meeting
from dieuhanh.meetings.models import Meeting


class Command(BaseCommand):
    help = "Phiên họp UBND: liệt kê, xuất biên bản dạng dieuhanh.notice/1."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        p = sub.add_parser("list", help="Liệt kê các phiên họp.")
        p.add_argument("--json", action="store_true", dest="as_json")
        p = sub.add_parser("export", help="Xuất một phiên họp thành tài liệu dieuhanh.notice/1.")
        p.add_argument("id", type=int)
        p.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            rows = [
                {
                    "id": m.pk,
                    "issuer": m.issuer.code,
                    "title": m.display_title,
                    "kind": m.kind,
                    "held_on": m.held_on.isoformat(),
                    "status": m.status,
                }
                for m in Meeting.objects.select_related("issuer").order_by("starts_at")
            ]
            if options["as_json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            else:
                for row in rows:
                    self.stdout.write(f"{row['id']}\t{row['held_on']}\t{row['status']}\t{row['title']}")
            return
        meeting = Meeting.objects.filter(pk=options["id"]).select_related("issuer", "chair").first()
        if meeting is None:
            raise CommandError(f"Không có phiên họp số {options['id']}.")
        self.stdout.write(json.dumps(export_meeting(meeting), ensure_ascii=False, indent=1))
