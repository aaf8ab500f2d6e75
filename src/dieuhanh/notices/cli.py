"""``dieuhanh notice`` subcommands over stored notices: import, render, verify, demo-cert."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dieuhanh.core.errors import DomainError


class _Sub:
    name: ClassVar[str]
    help: ClassVar[str]

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this subcommand's own arguments."""

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        raise NotImplementedError


class ImportSubcommand(_Sub):
    """Record an existing notice file as a past meeting with an issued notice and its directives."""

    name = "import"
    help = "Nhập thông báo đã có (TXT, DOCX, PDF): ghi phiên họp, thông báo và các nhiệm vụ để theo dõi."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--issuer", metavar="CODE", help="mã cơ quan ban hành")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from dieuhanh.org.resolver import get_issuer

        from .importing import parse_upload, record_import

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        try:
            upload = parse_upload(path.read_bytes(), path.name)
            notice = record_import(actor=None, issuer=get_issuer(options.get("issuer")), upload=upload)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        count = notice.meeting.directives.count() if notice.meeting else 0
        command.stdout.write(
            f"Đã nhập thông báo {notice.number_symbol or notice.pk} ({upload.kind}, {upload.encoding}): "
            f"phiên họp {notice.meeting_id}, {count} nhiệm vụ."
        )


class RenderSubcommand(_Sub):
    """Lay out a stored notice, or any dieuhanh.notice/1 document, officially as DOCX or PDF."""

    name = "render"
    help = "Trình bày thông báo theo Nghị định 30/2020 ra DOCX hoặc PDF (theo mã thông báo hoặc --from-json)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("id", nargs="?", type=int, help="mã thông báo trong hệ thống")
        parser.add_argument("--from-json", metavar="FILE", help="tài liệu dieuhanh.notice/1")
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("-o", "--output", required=True)

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from .models import Notice
        from .output import layout_for
        from .render.docx import render_docx
        from .render.layout import from_notice_json
        from .render.pdf import render_pdf

        if options.get("from_json"):
            try:
                document = json.loads(Path(options["from_json"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Không đọc được tệp JSON “{options['from_json']}”: {exc}") from exc
            if not isinstance(document, dict) or document.get("schema") != "dieuhanh.notice/1":
                raise CommandError("Tệp JSON không phải tài liệu dieuhanh.notice/1.")
            layout = from_notice_json(document)
        elif options.get("id"):
            notice = Notice.objects.filter(pk=options["id"]).select_related("issuer").first()
            if notice is None:
                raise CommandError(f"Không có thông báo số {options['id']}.")
            layout = layout_for(notice)
        else:
            raise CommandError("Cần mã thông báo hoặc --from-json FILE.")
        data = render_docx(layout) if options["format"] == "docx" else render_pdf(layout)
        Path(options["output"]).write_bytes(data)
        command.stdout.write(f"Đã ghi {options['output']} ({len(data)} byte).")


class VerifySubcommand(_Sub):
    """Check a signed PDF: signer, time, integrity; exit 1 when it is not intact."""

    name = "verify"
    help = "Kiểm tra chữ ký số của tệp PDF: người ký, thời điểm, toàn vẹn (thoát mã 1 nếu không hợp lệ)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from .output import signing_config
        from .render.signing import verify_pdf

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        config = signing_config()
        result = verify_pdf(path.read_bytes(), trust_roots=config.trust_roots if config else ())
        if options["json"]:
            command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1, default=str))
        else:
            command.stdout.write(result.message)
        if not result.ok:
            raise SystemExit(1)


class DemoCertSubcommand(_Sub):
    """Make a test CA and a signing certificate for the demo issuing body."""

    name = "demo-cert"
    help = "Tạo chứng thư số thử nghiệm (CA và chứng thư ký của cơ quan) cho bản dùng thử."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--issuer-name", default="Ủy ban nhân dân huyện Sông Lô")

    def run(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from .render.demo_ca import make_demo_ca

        out = Path(settings.DATA_DIR) / "signing"
        make_demo_ca(out, options["issuer_name"])
        command.stdout.write(f"Đã tạo chứng thư số thử nghiệm trong {out}.")


EXTRA_SUBCOMMANDS: list[type[_Sub]] = [
    ImportSubcommand,
    RenderSubcommand,
    VerifySubcommand,
    DemoCertSubcommand,
]
