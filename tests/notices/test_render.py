"""Official layout of conclusion notices: the layout model, DOCX and PDF per Decree 30/2020.

What "the same text" means here: ``layout_lines`` (one entry per paragraph, reading order) is the reference.
- DOCX: the non-empty body paragraphs, table cells row by row and left to right, each normalised (NFC, runs of
  whitespace as one space), equal that list exactly.
- PDF: pypdf wraps lines where the PDF does, so the page texts (page numbers of pages 2+ removed) are compared
  with all whitespace removed: their concatenation equals the concatenated reference lines.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from dieuhanh.notices.render import NoticeLayout, from_notice_json
from dieuhanh.notices.render.docx import docx_template_bytes, render_docx
from dieuhanh.notices.render.pdf import SIGNATURE_FIELD, render_pdf
from dieuhanh.notices.render.text import layout_lines, layout_text, normalize_line, squeeze

from .test_render_helpers import (
    ARTIFACTS,
    annotation_dicts,
    docx_lines,
    gold_notice,
    pdf_page_texts,
    small_notice,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def layout() -> NoticeLayout:
    return from_notice_json(gold_notice())


@pytest.fixture(scope="module")
def docx_bytes(layout: NoticeLayout) -> bytes:
    data = render_docx(layout)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "thong-bao.docx").write_bytes(data)
    return data


@pytest.fixture(scope="module")
def pdf_bytes(layout: NoticeLayout) -> bytes:
    data = render_pdf(layout)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "thong-bao.pdf").write_bytes(data)
    return data


# --- layout ------------------------------------------------------------------------------------------------


def test_gold_layout_header_and_draft_blanks(layout: NoticeLayout) -> None:
    assert layout.issuing_body == ("ỦY BAN NHÂN DÂN", "HUYỆN SÔNG LÔ")
    assert layout.governing_body == ()
    assert normalize_line(layout.number_line) == "Số: /TB-UBND"
    assert layout.number_line.startswith("Số:\u00a0")  # room for the number in a draft
    assert normalize_line(layout.date_line) == "Sông Lô, ngày tháng năm 2021"
    assert layout.doc_type_name == "THÔNG BÁO"
    assert layout.title == "Kết quả phiên họp hành chính tháng 8 năm 2021"


def test_gold_layout_body(layout: NoticeLayout) -> None:
    styles = [p.style for p in layout.paragraphs]
    texts = [p.text for p in layout.paragraphs]
    assert styles[:3] == ["basis"] * 3 and all(r.italic for p in layout.paragraphs[:3] for r in p.runs)
    assert texts[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"
    assert texts[2].endswith("nhiệm kỳ 2016- 2021.")
    assert texts[3].startswith("Ngày 09/8/2021, UBND huyện Sông Lô tổ chức phiên họp hành chính tháng 8/2021")
    assert "đồng chí Lê Quang Nghiệp, Chủ tịch UBND huyện chủ trì" in texts[3]
    assert texts[3].endswith("Chủ tịch UBND huyện kết luận, thông báo như sau:")
    assert [t for p, t in zip(layout.paragraphs, texts, strict=True) if p.style == "section"] == [
        "I. PHẦN NGHE CÁC BÁO CÁO THEO CHƯƠNG TRÌNH CÔNG TÁC NĂM 2021",
        "II. PHẦN SƠ KẾT CÔNG TÁC PHÒNG, CHỐNG DỊCH COVID-19",
    ]
    items = [t for p, t in zip(layout.paragraphs, texts, strict=True) if p.style == "item"]
    assert len(items) == 6 and items[0].startswith("1. Về báo cáo công tác quản lý nhà nước")
    first_item = texts.index(items[0])
    assert texts[first_item + 1].startswith(
        "UBND huyện thống nhất nội dung dự thảo báo cáo của phòng Tài nguyên và Môi trường huyện trình tại phiên họp; "
        "tiếp thu ý kiến của các đại biểu, giao phòng Tài nguyên-MT hoàn thiện báo cáo"
    )
    second_item = texts.index(items[1])
    assert texts[second_item + 1].startswith(
        "100% thành viên UBND huyện dự họp đã thống nhất nội dung dự thảo báo cáo của Văn phòng HĐND và UBND huyện"
    )
    assert texts[second_item + 2].startswith("Giao Văn phòng HĐND-UBND huyện gửi báo cáo xếp hạng")
    closing = layout.paragraphs[-1]
    assert closing.style == "closing"
    assert closing.text.startswith(
        "Trên đây là nội dung kết luận của Chủ tịch UBND huyện tại phiên họp hành chính"
    )
    assert "Yêu cầu các phòng, cơ quan, đơn vị và UBND các xã, thị trấn nghiêm túc thực hiện." in closing.text
    assert closing.text.endswith("tổng hợp báo cáo Lãnh đạo UBND huyện./.")


def test_gold_layout_recipients_and_signature(layout: NoticeLayout) -> None:
    assert layout.recipient_lines == (
        "- Thường trực Huyện ủy (b/c);",
        "- Chủ tịch, các phó CT UBND huyện (b/c);",
        "- Các thành viên UBND huyện (t/h);",
        "- Các cơ quan, đơn vị liên quan;",
        "- UBND các xã, thị trấn;",
        "- Lưu: VT.",
    )
    assert layout.signature.heading_lines == ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")
    assert layout.signature.name == "Bùi Văn Thọ"


def test_issued_notice_without_sections() -> None:
    layout = from_notice_json(small_notice(), governing_body=["UBND huyện Sông Lô"])
    assert layout.governing_body == ("UBND HUYỆN SÔNG LÔ",)
    assert layout.issuing_body == ("ỦY BAN NHÂN DÂN", "XÃ ĐỒNG QUẾ")
    assert layout.number_line == "Số: 07/TB-UBND"
    assert layout.issued_on == date(2022, 2, 5)
    assert layout.date_line == "Đồng Quế, ngày 05 tháng 02 năm 2022"
    texts = [p.text for p in layout.paragraphs]
    assert "section" not in {p.style for p in layout.paragraphs}
    assert texts[1].startswith("Ngày 28/01/2022, UBND xã Đồng Quế tổ chức phiên họp thường kỳ tháng 01/2022")
    assert texts[3] == (
        "87,5% thành viên UBND xã dự họp đã thống nhất nội dung dự thảo báo cáo của Văn phòng HĐND và UBND xã "
        "trình tại phiên họp; tiếp thu ý kiến của các đại biểu, giao Văn phòng HĐND và UBND xã hoàn thiện báo cáo, "
        "hoàn thành trước ngày 10/02/2022."
    )
    assert layout.signature.heading_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert layout.recipient_lines[-1] == "- Lưu: VT."


def test_sparse_notice_still_lays_out() -> None:
    doc = {
        "schema": "dieuhanh.notice/1",
        "issuer": {"name": "UBND tỉnh Vĩnh Phúc"},
        "title": "Kết luận",
        "meeting": {},
        "sections": [],
        "directives": [],
        "signature": {},
        "recipients": [],
    }
    layout = from_notice_json(doc)
    assert layout.issuing_body == ("ỦY BAN NHÂN DÂN", "TỈNH VĨNH PHÚC")
    assert layout.place == "Vĩnh Phúc"
    assert [p.style for p in layout.paragraphs] == ["closing"]
    assert layout.paragraphs[0].text.endswith("./.")
    assert layout.recipient_lines == ("- Lưu: VT.",)
    assert render_docx(layout) and layout_text(layout).count("\n") == len(layout_lines(layout))


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("aăâbdđeêioôơuưyÀẢẠỦỸ Ệ0123456789.,;:-–/()%&<>\"'\n\t\x0c\x00\u00a0\u200b")
    ),
    max_size=40,
)


@st.composite
def _notices(draw: st.DrawFn) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    directives: list[dict[str, Any]] = []
    for s_index in range(draw(st.integers(0, 2))):
        label = ["", "I", "II"][s_index] if s_index else draw(st.sampled_from(["", "I"]))
        items = []
        for i in range(1, draw(st.integers(0, 3)) + 1):
            approval = draw(
                st.none()
                | st.fixed_dictionaries(
                    {"agreed": st.booleans(), "percent": st.none() | st.floats(0, 100, allow_nan=False)}
                )
            )
            items.append(
                {
                    "label": str(i),
                    "title": draw(_TEXT),
                    "presenter": {"name": draw(_TEXT)},
                    "approval": approval,
                }
            )
            for _ in range(draw(st.integers(0, 2))):
                directives.append(
                    {
                        "item": f"{label}.{i}",
                        "kind": draw(
                            st.sampled_from(["finalize_report", "task", "requirement", "follow_up"])
                        ),
                        "text": draw(_TEXT),
                        "assignees": [],
                        "deadline": draw(st.none() | st.dates().map(date.isoformat)),
                    }
                )
        sections.append({"label": label, "title": draw(st.none() | _TEXT), "items": items})
    directives += [{"item": None, "kind": "task", "text": draw(_TEXT), "assignees": []}]
    return {
        "schema": "dieuhanh.notice/1",
        "issuer": {
            "name": draw(st.sampled_from(["UBND huyện Sông Lô", "Sở Tư pháp", "", "UBND Quận 1"])),
            "level": draw(st.sampled_from(["province", "district", "commune", None])),
        },
        "doc_type": "TB",
        "number": draw(st.none() | _TEXT),
        "place": draw(st.none() | _TEXT),
        "issued_on": draw(st.none() | st.dates().map(date.isoformat)),
        "title": draw(_TEXT),
        "meeting": {
            "kind": draw(st.sampled_from(["regular", "other", None])),
            "held_on": draw(st.none() | st.dates().map(date.isoformat)),
            "chair": {"name": draw(st.none() | _TEXT), "title": draw(st.none() | _TEXT)},
        },
        "legal_bases": draw(st.lists(_TEXT, max_size=3)),
        "sections": sections,
        "directives": directives,
        "signature": {
            "authority": draw(st.none() | _TEXT),
            "title": draw(st.none() | _TEXT),
            "name": draw(st.none() | _TEXT),
        },
        "recipients": [
            {
                "name": draw(_TEXT),
                "purpose": draw(
                    st.sampled_from(["for_report", "for_action", "for_information", "archive", None])
                ),
            }
            for _ in range(3)
        ],
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_notices())
def test_any_parsed_notice_renders_to_docx_with_the_same_text(doc: dict[str, Any]) -> None:
    layout = from_notice_json(doc)
    closing = layout.paragraphs[-1].text
    assert closing.endswith("./.") and not closing.endswith("../.")
    assert all(normalize_line(p.text) for p in layout.paragraphs)
    assert docx_lines(render_docx(layout)) == [normalize_line(line) for line in layout_lines(layout)]


# --- DOCX --------------------------------------------------------------------------------------------------


def _xml(data: bytes, part: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def _style_props(styles: Any, style_id: str) -> dict[str, Any]:
    style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert style is not None, style_id
    rpr = style.find(f"{W}rPr")
    ppr = style.find(f"{W}pPr")

    def flag(tag: str) -> bool:
        element = rpr.find(f"{W}{tag}")
        return element is not None and element.get(f"{W}val") not in ("0", "false")

    jc = ppr.find(f"{W}jc") if ppr is not None else None
    ind = ppr.find(f"{W}ind") if ppr is not None else None
    spacing = ppr.find(f"{W}spacing") if ppr is not None else None
    return {
        "size": int(rpr.find(f"{W}sz").get(f"{W}val")) / 2,
        "bold": flag("b"),
        "italic": flag("i"),
        "align": jc.get(f"{W}val") if jc is not None else None,
        "first_line": ind.get(f"{W}firstLine") if ind is not None else None,
        "before": int(spacing.get(f"{W}before", "0")) / 20 if spacing is not None else 0,
    }


def test_docx_text_equals_layout_text(layout: NoticeLayout, docx_bytes: bytes) -> None:
    assert docx_lines(docx_bytes) == [normalize_line(line) for line in layout_lines(layout)]


def test_docx_page_setup(docx_bytes: bytes) -> None:
    sect = _xml(docx_bytes, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4
    assert size.get(f"{W}orient") in (None, "portrait")
    got = {k: margins.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")}
    assert got == {"top": "1134", "bottom": "1134", "left": "1701", "right": "850"}  # 20/20/30/15 mm


def test_docx_fonts_and_header_sizes(docx_bytes: bytes) -> None:
    styles = _xml(docx_bytes, "word/styles.xml")
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert fonts.get(f"{W}asciiTheme") is None
    expected = {
        "TBCoQuan": (13, True, False),
        "TBQuocHieu": (12, True, False),
        "TBTieuNgu": (13, True, False),
        "TBSoKyHieu": (13, False, False),
        "TBDiaDanh": (14, False, True),
        "TBTenLoai": (14, True, False),
        "TBTrichYeu": (14, True, False),
        "TBNoiNhan": (12, True, True),
        "TBDanhSachNhan": (11, False, False),
        "TBChucVu": (14, True, False),
        "TBNguoiKy": (14, True, False),
        "TBSoTrang": (13, False, False),
    }
    for style_id, (size, bold, italic) in expected.items():
        props = _style_props(styles, style_id)
        assert (props["size"], props["bold"], props["italic"]) == (size, bold, italic), style_id
    body = _style_props(styles, "TBNoiDung")
    assert (body["size"], body["align"], body["first_line"]) == (14, "both", "720")  # 1.27 cm
    assert body["before"] >= 6

    document = _xml(docx_bytes, "word/document.xml")
    header, closing = document.findall(f"{W}body/{W}tbl")
    cells = [[tc for tc in tr.findall(f"{W}tc")] for tr in header.findall(f"{W}tr")]

    def cell_styles(tc: Any) -> list[str | None]:
        return [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in tc.findall(f"{W}p")]

    assert cell_styles(cells[0][0]) == ["TBCoQuan", "TBCoQuan", "TBDuongKe"]
    assert cell_styles(cells[0][1]) == ["TBQuocHieu", "TBTieuNgu", "TBDuongKe"]
    assert cell_styles(cells[1][0]) == ["TBSoKyHieu"] and cell_styles(cells[1][1]) == ["TBDiaDanh"]
    rules = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(rules) == 3  # under the agency name, the motto and the summary
    # Header and closing tables have no borders; runs carry no direct size that would override the styles.
    for table in (header, closing):
        assert {b.get(f"{W}val") for b in table.find(f"{W}tblPr/{W}tblBorders")} == {"nil"}
        assert not list(table.iter(f"{W}sz"))
    closing_cells = closing.findall(f"{W}tr/{W}tc")
    assert cell_styles(closing_cells[0])[0] == "TBNoiNhan" and cell_styles(closing_cells[1])[0] == "TBChucVu"


def test_docx_page_numbers_from_page_two(docx_bytes: bytes) -> None:
    document = _xml(docx_bytes, "word/document.xml")
    sect = document.find(f"{W}body/{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None
    rels = _xml(docx_bytes, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {
        h.get(f"{W}type"): targets[
            h.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        ]
        for h in sect.findall(f"{W}headerReference")
    }
    first = _xml(docx_bytes, f"word/{refs['first']}")
    default = _xml(docx_bytes, f"word/{refs['default']}")
    assert "".join(first.itertext()).strip() == "" and first.find(f".//{W}fldChar") is None
    assert "PAGE" in "".join(t.text for t in default.iter(f"{W}instrText"))
    assert default.find(f".//{W}pStyle").get(f"{W}val") == "TBSoTrang"  # 13 pt, centred (see the style test)
    styles = _xml(docx_bytes, "word/styles.xml")
    assert _style_props(styles, "TBSoTrang")["align"] == "center"


def test_docx_template_restyled_in_word_is_kept(layout: NoticeLayout, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    template = Document(io.BytesIO(docx_template_bytes()))
    template.styles["TB Nội dung"].font.size = Pt(13)
    template.add_paragraph("Nội dung mẫu sẽ bị thay")
    path = tmp_path / "mau.docx"
    template.save(str(path))
    data = render_docx(layout, template=path)
    assert _style_props(_xml(data, "word/styles.xml"), "TBNoiDung")["size"] == 13
    assert docx_lines(data) == [normalize_line(line) for line in layout_lines(layout)]


def test_docx_opens_in_libreoffice(layout: NoticeLayout, docx_bytes: bytes, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = pdf_page_texts((tmp_path / "thong-bao.pdf").read_bytes())
    raw = [p.extract_text().splitlines() for p in PdfReader(tmp_path / "thong-bao.pdf").pages]
    assert len(pages) >= 2
    assert "1" not in [line.strip() for line in raw[0]]  # no number on page 1
    assert raw[1][0].strip() == "2"  # the header's PAGE field on page 2
    assert squeeze("".join(pages)) == squeeze("".join(layout_lines(layout)))


# --- PDF ---------------------------------------------------------------------------------------------------


def test_pdf_text_equals_layout_text(layout: NoticeLayout, pdf_bytes: bytes) -> None:
    pdf_text = squeeze("".join(pdf_page_texts(pdf_bytes)))
    position = 0
    for line in layout_lines(layout):  # every paragraph in order, for a readable failure ...
        found = pdf_text.find(squeeze(line), position)
        assert found == position, f"not next in the PDF: {line!r}"
        position = found + len(squeeze(line))
    assert pdf_text == squeeze("".join(layout_lines(layout)))  # ... and nothing else


def test_pdf_pages_fonts_and_numbers(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert abs(float(page.mediabox.width) - 595) <= 1 and abs(float(page.mediabox.height) - 842) <= 1
        resources: Any = page["/Resources"]
        fonts = resources["/Font"]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font.get("/BaseFont")
        lines = [line.strip() for line in page.extract_text().splitlines()]
        assert (str(number) in lines) == (number > 1)


def test_pdf_signature_field_over_signature_block(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    last = reader.pages[-1]
    fields = [w for w in annotation_dicts(last) if w.get("/FT") == "/Sig"]
    assert [f["/T"] for f in fields] == [SIGNATURE_FIELD]
    x1, y1, x2, y2 = (float(v) for v in fields[0]["/Rect"])
    assert x1 > 297 and x2 < 560  # right column (left margin 30 mm + 75 mm recipients column)
    assert 60 <= y2 - y1 <= 80  # the 72 pt signature space
    assert not render_pdf(from_notice_json(small_notice()), signature_field=False).count(b"/FT /Sig")


def test_pdf_first_page_png(pdf_bytes: bytes) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "thong-bao.pdf"
    source.write_bytes(pdf_bytes)
    target = ARTIFACTS / "thong-bao-trang-1"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = target.with_suffix(".png").read_bytes()
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert abs(width - round(210 / 25.4 * 80)) <= 1  # A4 width at 80 dpi
