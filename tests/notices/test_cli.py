"""The notice command line: render any notice/1 document, verify signatures, import files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dieuhanh.meetings.demo import load_seed_session
from dieuhanh.notices.demo import issue_seed_notice
from dieuhanh.notices.models import Notice

pytestmark = pytest.mark.django_db
GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "000_a08bba705eea0cfa.gold.json"


@pytest.mark.skipif(not GOLD.exists(), reason="shared/eval is not beside the repository")
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_render_any_notice_json(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"gold.{fmt}"
    call_command(
        "notice", "render", "--from-json", str(GOLD), "--format", fmt, "-o", str(out), stdout=io.StringIO()
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_render_refuses_other_json(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"hello": 1}))
    with pytest.raises(CommandError, match=r"không phải tài liệu dieuhanh\.notice/1"):
        call_command(
            "notice", "render", "--from-json", str(bad), "--format", "pdf", "-o", str(tmp_path / "o.pdf")
        )


def test_verify_exit_codes_and_page(demo, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    notice = Notice.objects.get(pk=issue_seed_notice(load_seed_session()))
    signed = tmp_path / "tb.pdf"
    signed.write_bytes(notice.pdf_file.read())
    out = io.StringIO()
    call_command("notice", "verify", str(signed), stdout=out)
    assert "hợp lệ" in out.getvalue()
    tampered = bytearray(signed.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01
    bad = tmp_path / "tb-sua.pdf"
    bad.write_bytes(bytes(tampered))
    with pytest.raises(SystemExit) as exc:
        call_command("notice", "verify", str(bad), stdout=io.StringIO())
    assert exc.value.code == 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = Client().post(
        "/cong-khai/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("tb.pdf", signed.read_bytes())}
    )
    assert "Ủy ban nhân dân huyện Sông Lô" in page.content.decode()


def test_cli_import_records_and_refuses_twice(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "tb.txt"
    text.write_text(
        "ỦY BAN NHÂN DÂN\nXÃ ĐỒNG QUẾ\nSố: 12/TB-UBND\nĐồng Quế, ngày 05 tháng 3 năm 2021\n\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND xã tại phiên họp thường kỳ tháng 3 năm 2021\n\n"
        "Ngày 04/3/2021, UBND xã Đồng Quế tổ chức phiên họp thường kỳ tháng 3/2021.\n\n"
        "Giao Văn phòng HĐND-UBND huyện tổng hợp báo cáo trước ngày 30/3/2021.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("notice", "import", str(text), "--issuer", "253", stdout=out)
    assert "Đã nhập thông báo" in out.getvalue()
    with pytest.raises(CommandError, match="đã được nhập"):
        call_command("notice", "import", str(text), "--issuer", "253")
