"""What the session and the radio get: the DOCX report with its tables, the bulletin worded to be read aloud,
its audio, and the CLI that makes them."""

from __future__ import annotations

import io
import json
import re
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from dieuhanh.tthc import bulletin, queries, report
from dieuhanh.tthc.demo import load_demo_dossiers
from dieuhanh.tthc.periods import Period

from .factories import HEADER, issuer, row, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def snap(demo: dict[str, int]) -> dict[str, Any]:
    """The snapshot of July 2021 of the demo dossiers."""
    load_demo_dossiers()
    return queries.snapshot(issuer(), Period.parse("2021-07"))


def test_docx_report_in_the_official_layout_contains_the_tables(snap: dict[str, Any]) -> None:
    document = Document(io.BytesIO(report.render_report(snap, signer="Lê Quang Nghiệp")))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["BÁO CÁO", "Kết quả giải quyết thủ tục hành chính tháng 7/2021"]
    assert "I. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in texts and not any("\u2063" in t for t in texts)
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[0].startswith("ỦY BAN NHÂN DÂN") and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1]
    stats, departments, communes = document.tables[1], document.tables[2], document.tables[3]
    assert [c.text for c in stats.rows[2].cells] == [f"({i})" for i in range(1, 16)]
    total = [c.text for c in stats.rows[-1].cells]
    t = snap["totals"]
    assert total[1] == "TỔNG CỘNG" and total[2] == f"{t['processed']:,}".replace(",", ".")
    names = [r.cells[1].text for r in communes.rows[1:]]
    assert len(names) == 15 and names[-2] == "UBND xã Đức Bác" and communes.rows[1].cells[0].text == "1"
    resolved = snap["groups"][1]["totals"]["resolved"]
    assert names[-1] == "CẢ KHỐI" and communes.rows[-1].cells[2].text == f"{resolved:,}".replace(",", ".")
    assert departments.rows[1].cells[0].text == "1" and departments.rows[0].cells[0].text == "Hạng"
    closing = [c.text for c in document.tables[-1].rows[0].cells]
    assert "TM. ỦY BAN NHÂN DÂN" in closing[1] and "Lê Quang Nghiệp" in closing[1]


def test_bulletin_reads_aloud_numbers_in_words_names_in_full(snap: dict[str, Any]) -> None:
    text = bulletin.bulletin_text(snap)
    assert not re.search(r"\d", text), "every number is in words"
    assert not re.search(r"\b[A-ZĐ]{2,}\b", text), "no abbreviation"
    assert "%" not in text and "&" not in text
    assert "tháng bảy năm hai nghìn không trăm hai mươi mốt" in text
    t = snap["totals"]
    from dieuhanh.vn.numbers import number_to_words

    assert f"tiếp nhận {number_to_words(t['received'])} hồ sơ thủ tục hành chính" in text
    assert "Ủy ban nhân dân xã Nhân Đạo, có hai mươi" in text and "phần trăm số hồ sơ quá hạn" in text
    assert "Phòng Tài chính Kế hoạch huyện Sông Lô" in text
    assert bulletin.spoken_name("Phòng TN&MT huyện") == "Phòng Tài nguyên và Môi trường huyện"
    assert bulletin.percent_words(0.9) == "chín mươi phần trăm"
    assert bulletin.spoken_period("2021-Q3") == "quý ba năm hai nghìn không trăm hai mươi mốt"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng không có: cài gói Debian espeak-ng")
def test_bulletin_audio_with_espeak(snap: dict[str, Any], tmp_path: Path) -> None:
    audio = bulletin.bulletin_audio(
        "Kết quả giải quyết thủ tục hành chính tháng bảy.", shutil.which("espeak-ng")
    )
    assert audio[:4] == b"RIFF" and audio[8:12] == b"WAVE" and len(audio) > 10_000


def test_bulletin_audio_without_espeak_is_refused_with_a_message() -> None:
    with pytest.raises(Exception, match="chưa cài espeak-ng"):
        bulletin.bulletin_audio("x", None)


def cli(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("tthc", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_import_stats_rank_bulletin_report(demo: dict[str, int], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mot-cua.csv", [row(f"C-{i}") for i in range(8)] + [row("C-9", Ngày_có_kết_quả="")]
    )
    out, err = cli("import", str(path), "--source", "Một cửa", "--issuer", "253")
    assert out.strip() == "Đã nhập 9 hồ sơ: 9 mới, 0 cập nhật; thêm 1 thủ tục vào danh mục."
    assert err.startswith("\rMở tệp") and err.rstrip().endswith("100%") and "[######" in err
    stats = json.loads(cli("stats", "--period", "2021-07", "--json")[0])
    assert stats == [r.as_dict() for r in queries.period_stats(issuer(), Period.parse("2021-07"))]
    dong_que = next(r for r in stats if r["unit_code"] == "08800")
    assert (dong_que["received"], dong_que["resolved_on_time"], dong_que["pending_overdue"]) == (9, 8, 1)
    ranking = json.loads(cli("rank", "--period", "2021-07", "--json")[0])
    communes = next(g for g in ranking["groups"] if g["group"] == "communes")
    assert (
        communes["ranked"][0]["unit_code"] == "08800" and communes["ranked"][0]["name"] == "UBND xã Đồng Quế"
    )
    assert len(communes["insufficient"]) == 13, "the other communes resolved nothing"
    text = cli("rank", "--period", "2021-07")[0]
    assert "UBND xã Đồng Quế" in text and "Khối xã, phường, thị trấn" in text
    spoken = cli("bulletin", "--period", "2021-07")[0]
    assert spoken.startswith("Kết quả giải quyết thủ tục hành chính tháng bảy năm")
    docx = tmp_path / "bao-cao.docx"
    assert cli("report", "--period", "2021-07", "-o", str(docx))[0].startswith("Đã ghi báo cáo")
    assert Document(str(docx)).paragraphs[0].text == "BÁO CÁO"


def test_cli_bulletin_audio_or_a_message_when_espeak_is_missing(
    demo: dict[str, int], tmp_path: Path, settings: Any
) -> None:
    cli("import", str(write_csv(tmp_path / "a.csv", [row("A-1")])), "--source", "Một cửa")
    settings.DIEUHANH_ESPEAK = str(tmp_path / "khong-co-espeak")
    _, err = cli("bulletin", "--period", "2021-07", "--audio", str(tmp_path / "b.wav"))
    assert "Không có espeak-ng: bỏ qua tệp âm thanh" in err and not (tmp_path / "b.wav").exists()
    if shutil.which("espeak-ng"):
        settings.DIEUHANH_ESPEAK = shutil.which("espeak-ng")
        cli("bulletin", "--period", "2021-07", "--audio", str(tmp_path / "b.wav"))
        assert (tmp_path / "b.wav").read_bytes()[:4] == b"RIFF"


def test_cli_refused_import_lists_every_bad_row(demo: dict[str, int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [row("B-1", Ngày_tiếp_nhận="32/07/2021"), row("B-1")])
    err = StringIO()
    with pytest.raises(CommandError, match="Tệp có 2 lỗi: chưa nhập hồ sơ nào"):
        call_command("tthc", "import", str(path), "--source", "Một cửa", stdout=StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.startswith("Dòng")]
    assert lines == [
        "Dòng 2: cột “Ngày tiếp nhận”: “32/07/2021” không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ "
        "05/07/2021 hoặc 05/07/2021 08:30).",
        "Dòng 3: cột “Mã hồ sơ”: Mã hồ sơ “B-1” trùng với dòng 2.",
    ]
    with pytest.raises(CommandError, match="Chưa có dữ liệu hồ sơ đã nhập"):
        cli("stats", "--period", "2021-07")
    assert HEADER[1] == "Mã hồ sơ"
