"""Reading files: encodings (UTF-8/16, BOM, Windows-1258, TCVN3, VNI), DOCX, PDF and HTML."""

from __future__ import annotations

import html
import json
import os
import unicodedata

import pytest

from dieuhanh.textparse import ParseError, parse_bytes, parse_file
from dieuhanh.textparse.legacy import encode_cp1258, encode_tcvn3, encode_vni, repair_text, tcvn3_to_unicode
from dieuhanh.textparse.reader import decode_text, read_bytes

from .helpers import SAMPLES, SEED, SEED_GOLD, load_scorer, make_blank_pdf, make_docx, make_pdf

TEXT = (SAMPLES / "tinh_ket_luan_chu_tich.txt").read_text(encoding="utf-8")
PHRASE = "Yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các huyện"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (encode_cp1258(TEXT), "cp1258"),
        (encode_vni(TEXT), "vni"),
    ],
)
def test_encodings_are_detected_and_read_exactly(data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding
    assert unicodedata.normalize("NFC", text) == TEXT


def test_tcvn3_is_detected_and_read() -> None:
    text, found = decode_text(encode_tcvn3(TEXT))
    assert found == "tcvn3"
    # TCVN3 has no capital accented letters but the few it has; lower-case Vietnamese survives exactly.
    assert PHRASE.lower() in text.lower()


def test_tcvn3_headings_typed_in_capitals_come_back_in_capitals() -> None:
    assert tcvn3_to_unicode("TH«NG B¸O\nKÕt luËn cña Chñ tÞch") == "THÔNG BÁO\nKết luận của Chủ tịch"


def test_tcvn3_text_scores_as_well_as_unicode() -> None:
    scorer = load_scorer()
    if scorer is None:
        pytest.skip("../shared/eval/score.py is not beside the repository")
    from .helpers import gold

    result = parse_bytes(encode_tcvn3(TEXT), "notice.txt")
    assert result.encoding == "tcvn3"
    assert scorer.score_document(result.document, gold("tinh_ket_luan_chu_tich"))["overall"] >= 0.9


def test_tcvn3_shown_as_latin1_in_unicode_text_is_repaired() -> None:
    mojibake = encode_tcvn3(TEXT).decode("latin-1")
    repaired, found = repair_text(mojibake)
    assert found == "tcvn3"
    assert PHRASE.lower() in repaired.lower()


def test_real_unicode_is_left_alone() -> None:
    assert repair_text(TEXT) == (TEXT, None)


def test_docx_paragraphs_and_tables_in_order() -> None:
    result = parse_bytes(make_docx(TEXT), "notice.docx")
    assert (result.kind, result.encoding) == ("docx", "docx")
    doc = result.document
    assert doc["number"] == "245/TB-UBND"
    assert doc["issued_on"] == "2023-10-12"
    assert doc["issuer"] == {"name": "UBND tỉnh Quảng Trị", "level": "province"}
    assert len(doc["directives"]) == 6


def test_docx_typed_in_tcvn3_fonts_is_converted() -> None:
    mojibake = encode_tcvn3(TEXT).decode("latin-1")
    result = parse_bytes(make_docx(mojibake, header_table=False), "old.docx")
    assert result.encoding == "docx+tcvn3"
    assert len(result.document["directives"]) == 6


def test_pdf_text_layer() -> None:
    pdf = make_pdf(
        ["THONG BAO", "Ket luan cua Chu tich", "", "1. Ve bao cao", "Giao Phong Tu phap ra soat ho so."]
    )
    result = parse_bytes(pdf, "notice.pdf")
    assert result.kind == "pdf"
    assert result.document["title"] == "Ket luan cua Chu tich"


def test_pdf_without_text_layer_is_refused_in_vietnamese() -> None:
    with pytest.raises(ParseError, match="Tệp PDF không có lớp văn bản"):
        parse_bytes(make_blank_pdf(), "scan.pdf")


def test_damaged_files_raise_parse_error() -> None:
    for data in (b"%PDF-1.4 broken", b"PK\x03\x04 not a zip", b"\xd0\xcf\x11\xe0 old word"):
        with pytest.raises(ParseError):
            parse_bytes(data)


def test_html_page_is_read_as_text() -> None:
    html = "<!DOCTYPE html><html><body><h1>UBND xã X họp phiên thường kỳ</h1><script>x=1</script>"
    html += "<p>Chiều 15/3/2024, UBND xã X họp.</p><p>Kết luận, đồng chí A yêu cầu Công an xã tuần tra.</p></body></html>"
    source = read_bytes(html.encode("utf-8"))
    assert source.kind == "html"
    assert "x=1" not in source.text


def test_missing_file_message_is_vietnamese() -> None:
    with pytest.raises(ParseError, match="tệp không tồn tại"):
        parse_file("/nonexistent/notice.txt")


def test_vietnamese_pdf_of_the_seed() -> None:
    scorer = load_scorer()
    if scorer is None or not SEED.exists():
        pytest.skip("the seed and the scorer are not in ../shared")
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in SEED.read_text(encoding="utf-8").split("\n"))
    pdf = weasyprint.HTML(string=f"<html><body style='font-size: 11pt'>{body}</body></html>").write_pdf()
    result = parse_bytes(pdf, "seed.pdf")
    assert result.kind == "pdf"
    expected = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert scorer.score_document(result.document, expected)["overall"] >= 0.95


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_the_seed_in_a_legacy_encoding_parses_as_well_as_unicode(encoding: str) -> None:
    scorer = load_scorer()
    if scorer is None or not SEED.exists():
        pytest.skip("the seed and the scorer are not in ../shared")
    text = SEED.read_text(encoding="utf-8")
    data = encode_tcvn3(text) if encoding == "tcvn3" else encode_vni(text)
    result = parse_bytes(data, "seed.txt")
    assert result.encoding == encoding
    expected = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert scorer.score_document(result.document, expected)["overall"] >= 0.9


def test_tcvn3_capitals_it_has_no_code_for_come_back_at_sentence_starts_and_in_capital_words() -> None:
    # A heading on its own line comes back whole; in running text a sentence's first letter and a word whose
    # other letters are capitals do; a capital inside a sentence ("Ấp Bắc") cannot be told from a small letter.
    original = "ỦY BAN NHÂN DÂN XÃ\nỦy ban nhân dân xã giao Ấp Bắc. Ở xã; ủy ban ỦY"
    assert tcvn3_to_unicode(encode_tcvn3(original).decode("latin-1")) == (
        "ỦY BAN NHÂN DÂN XÃ\nỦy ban nhân dân xã giao ấp Bắc. Ở xã; ủy ban ỦY"
    )


def _scanned(pdf: bytes, dpi: int = 200, angle: float = 1.5, blur: float = 0.8) -> bytes:
    """A scan of ``pdf``: pages rasterised at ``dpi``, turned ``angle`` degrees, blurred, as an image-only PDF."""
    import io
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image, ImageFilter

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "in.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", f"{folder}/in.pdf", f"{folder}/p"], check=True
        )
        pages = [
            Image.open(path)
            .convert("L")
            .rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
            .filter(ImageFilter.GaussianBlur(blur))
            for path in sorted(Path(folder).glob("p*.png"))
        ]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_a_scanned_copy_of_the_seed_is_read_by_ocr() -> None:
    from dieuhanh.textparse import ocr

    scorer = load_scorer()
    if scorer is None or not SEED.exists():
        pytest.skip("the seed and the scorer are not in ../shared")
    if ocr.available() is not None:
        if os.environ.get("CI"):
            pytest.fail(f"OCR is required in CI: {ocr.INSTALL_HINT}")
        pytest.skip(ocr.available())
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in SEED.read_text(encoding="utf-8").split("\n"))
    pdf = weasyprint.HTML(string=f"<html><body style='font-size: 11pt'>{body}</body></html>").write_pdf()
    result = parse_bytes(_scanned(pdf), "seed-scan.pdf")
    assert (result.kind, result.encoding) == ("pdf", "ocr")
    expected = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert scorer.score_document(result.document, expected)["overall"] >= 0.9


def test_a_scan_turned_upside_down_is_read_upright() -> None:
    from dieuhanh.textparse import ocr

    if ocr.available() is not None:
        pytest.skip(ocr.available())
    weasyprint = pytest.importorskip("weasyprint")
    # enough lines for orientation detection, whether or not the seed is beside the repository
    lines = [
        *TEXT.split("\n")[:14],
        "Giao phòng Tư pháp huyện hoàn thiện báo cáo, trình UBND huyện ban hành.",
    ]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    pdf = weasyprint.HTML(string=f"<html><body style='font-size: 12pt'>{body}</body></html>").write_pdf()
    scan = _scanned(pdf, angle=180, blur=0.3)
    text = parse_bytes(scan, "upside-down.pdf")
    assert "Tư pháp" in " ".join(d["text"] for d in text.document["directives"])


def test_without_tesseract_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from dieuhanh.textparse import ocr

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ParseError) as caught:
        parse_bytes(make_blank_pdf(), "scan.pdf")
    assert caught.value.code == "ocr_missing"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils" in caught.value.message
    assert ocr.available() is not None


def test_vni_keeps_every_capital() -> None:
    # VNI writes a capital as its capital base letter and a mark byte, so nothing is lost either way
    original = "ỦY BAN NHÂN DÂN HUYỆN SÔNG LÔ\nỦy ban nhân dân xã Đồng Quế giao Ấp Bắc; ĐỘC LẬP - TỰ DO"
    assert decode_text(encode_vni(original)) == (original, "vni")
