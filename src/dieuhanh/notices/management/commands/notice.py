"""``dieuhanh notice SUBCOMMAND``: work with conclusion notices from the console.

Each subcommand is a small class registered in ``SUBCOMMANDS``: it adds its own arguments and runs with the
parsed options. Adding one (``render``, ``verify``, ``import``) means writing a class and listing it there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.textparse import ParseError, iter_units, parse_bytes, read_file

log = logging.getLogger(__name__)

_KINDS = {"regular": "thường kỳ", "administrative": "hành chính", "thematic": "chuyên đề",
          "extraordinary": "bất thường", "briefing": "giao ban", "other": "khác"}  # fmt: skip
_DIRECTIVE_KINDS = {"finalize_report": "hoàn thiện báo cáo", "task": "nhiệm vụ", "requirement": "yêu cầu",
                    "follow_up": "theo dõi, đôn đốc"}  # fmt: skip


class Subcommand:
    """One ``notice`` subcommand: its name, help text, arguments and what it does."""

    name: ClassVar[str]
    help: ClassVar[str]

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this subcommand's own arguments."""

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        """Do the work, writing to ``command.stdout`` / ``command.stderr``."""
        raise NotImplementedError


class ParseSubcommand(Subcommand):
    """Read a notice file (text, DOCX, PDF) into a ``dieuhanh.notice/1`` document."""

    name = "parse"
    help = "Đọc thông báo kết luận (TXT, DOCX, PDF) thành dữ liệu có cấu trúc dieuhanh.notice/1."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", help="tệp thông báo (.txt, .docx, .pdf, .html)")
        parser.add_argument(
            "--json", action="store_true", help="in tài liệu JSON theo lược đồ dieuhanh.notice/1"
        )
        parser.add_argument(
            "--issuer",
            metavar="CODE",
            help="mã cơ quan ban hành: đối chiếu đơn vị với danh mục của cơ quan này",
        )
        parser.add_argument(
            "--verbose", action="store_true", help="in bảng mã và loại tệp nhận ra (ra stderr)"
        )

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from dieuhanh.notices.importing import check_upload

        path = Path(options["file"])
        try:
            data = read_file(path)
            check_upload(data, path.name)
            result = parse_bytes(data, path.name)
        except DomainError as exc:
            log.info("notice parse refused %s: %s", path, exc.log_message)
            raise CommandError(exc.message) from exc
        except ParseError as exc:
            log.info("notice parse failed: %s", exc.log_message)
            raise CommandError(exc.message) from exc
        if options["verbose"] or options.get("verbosity", 1) >= 2:
            command.stderr.write(f"Loại tệp: {result.kind}; bảng mã: {result.encoding}")
        document = result.document
        if options.get("issuer"):
            resolve_units(document, options["issuer"])
        if options["json"]:
            command.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
        else:
            command.stdout.write(summary(document))


def resolve_units(document: dict[str, Any], issuer_code: str) -> None:
    """Add registry codes to the document's units ('code' for one unit, 'codes' for a group), as of its date."""
    from django.db import DatabaseError

    try:
        from dieuhanh.org.resolver import get_issuer, resolve
    except ImportError as exc:
        raise CommandError(
            "Chưa có bộ đối chiếu đơn vị (dieuhanh.org.resolver) trong bản cài đặt này."
        ) from exc
    meeting = document.get("meeting") or {}
    day = document.get("issued_on") or meeting.get("held_on")
    on = dt.date.fromisoformat(day) if day else None
    try:
        issuer = get_issuer(issuer_code)
        for unit in iter_units(document):
            _add_codes(unit, resolve(_mention(unit), issuer, on))
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    except DatabaseError as exc:
        log.warning("Unit registry unavailable: %r", exc)
        raise CommandError(
            "Không đọc được danh mục đơn vị: hãy chạy “dieuhanh migrate” và nạp danh mục đơn vị trước."
        ) from exc


_ROLE_WORDS = {"chair": "Chủ tịch", "head": "Thủ trưởng"}


def _mention(unit: dict[str, Any]) -> str:
    """The unit as a document would write it, role included ('Chủ tịch UBND các xã, thị trấn')."""
    role = _ROLE_WORDS.get(unit.get("role") or "")
    return f"{role} {unit['name']}" if role else str(unit["name"])


def _add_codes(unit: dict[str, Any], resolution: Any) -> None:
    matches = list(getattr(resolution, "matches", []) or [])
    if len(matches) != 1:
        return
    match = matches[0]
    if getattr(match, "group", None):
        members = getattr(match, "members", ()) or ()
        unit["codes"] = [m.code for m in members]
    elif getattr(match, "code", None):
        unit["code"] = match.code


def summary(document: dict[str, Any]) -> str:
    """A short Vietnamese reading of a parsed notice for the console."""
    meeting = document.get("meeting") or {}
    chair = meeting.get("chair") or {}
    lines = [
        f"Cơ quan ban hành: {document['issuer'].get('name') or '—'}",
        f"Số, ký hiệu: {document.get('number') or '—'}    Ngày: {document.get('issued_on') or '—'}",
        f"Trích yếu: {document.get('title') or '—'}",
        f"Phiên họp: {_KINDS.get(meeting.get('kind') or '', '—')}, ngày {meeting.get('held_on') or '—'}, "
        f"chủ trì: {chair.get('name') or '—'}",
        f"Căn cứ: {len(document.get('legal_bases') or [])}",
    ]
    for section in document.get("sections") or []:
        label = section.get("label")
        if label:
            lines.append(f"{label}. {section.get('title') or ''}")
        for item in section.get("items") or []:
            lines.append(f"  {item['label']}. {item['title']}")
    lines.append(f"Nhiệm vụ ({len(document.get('directives') or [])}):")
    for directive in document.get("directives") or []:
        units = ", ".join(u["name"] for u in directive.get("assignees") or []) or "—"
        deadline = f" — hạn {directive['deadline']}" if directive.get("deadline") else ""
        lines.append(
            f"  [{directive.get('item') or 'chung'}] {_DIRECTIVE_KINDS[directive['kind']]}: {units}{deadline}"
        )
    signature = document.get("signature") or {}
    lines.append(
        "Ký: "
        + " / ".join(
            v for v in (signature.get("authority"), signature.get("title"), signature.get("name")) if v
        )
    )
    lines.append(f"Nơi nhận: {len(document.get('recipients') or [])}")
    return "\n".join(lines)


def _subcommands() -> list[type[Any]]:
    from dieuhanh.notices.cli import EXTRA_SUBCOMMANDS

    return [ParseSubcommand, *EXTRA_SUBCOMMANDS]


SUBCOMMANDS: list[type[Any]] = _subcommands()


class Command(BaseCommand):
    """``notice``: dispatch to the subcommand named first on the command line."""

    help = "Làm việc với thông báo kết luận: parse (đọc tệp thành dữ liệu có cấu trúc)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for cls in SUBCOMMANDS:
            subparser = sub.add_parser(cls.name, help=cls.help, description=cls.help)
            cls().add_arguments(subparser)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand."""
        by_name = {cls.name: cls for cls in SUBCOMMANDS}
        subcommand = by_name.get(options["subcommand"])
        if subcommand is None:
            raise CommandError(f"Không có lệnh con “{options['subcommand']}”.")
        subcommand().run(self, options)
