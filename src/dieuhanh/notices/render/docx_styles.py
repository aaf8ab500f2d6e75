"""Named paragraph styles of a notice in Word, so that an office can restyle its notices in Word itself.

Every element of Decree 30 (Phụ lục I) gets its own style ("TB Quốc hiệu", "TB Nội dung", ...). The renderer only
creates a style the document lacks: a template whose styles were changed in Word keeps its changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt

from .fonts import DOCX_FONT_NAME

LANGUAGE = "vi-VN"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
BODY_INDENT = Cm(1.27)
SIGNATURE_SPACE = Pt(72)  # room for the handwritten signature and the seal (about 25 mm)


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: its id, the name Word shows, and its Decree 30 formatting."""

    style_id: str
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = CENTER
    first_indent: bool = False
    space_before: float = 0
    space_after: float = 0
    keep_next: bool = False


STYLES: dict[str, StyleSpec] = {
    spec.style_id: spec
    for spec in (
        StyleSpec("TBChuQuan", "TB Cơ quan chủ quản", 13),
        StyleSpec("TBCoQuan", "TB Cơ quan ban hành", 13, bold=True),
        StyleSpec("TBQuocHieu", "TB Quốc hiệu", 12, bold=True),
        StyleSpec("TBTieuNgu", "TB Tiêu ngữ", 13, bold=True),
        StyleSpec("TBSoKyHieu", "TB Số, ký hiệu", 13, space_before=6),
        StyleSpec("TBDiaDanh", "TB Địa danh, ngày tháng", 14, italic=True, space_before=6),
        StyleSpec("TBTenLoai", "TB Tên loại", 14, bold=True, space_before=18, keep_next=True),
        StyleSpec("TBTrichYeu", "TB Trích yếu", 14, bold=True, keep_next=True),
        StyleSpec("TBDuongKe", "TB Đường kẻ", 1, space_after=0, keep_next=True),
        StyleSpec("TBCanCu", "TB Căn cứ", 14, italic=True, align=JUSTIFY, first_indent=True, space_before=6),
        StyleSpec("TBNoiDung", "TB Nội dung", 14, align=JUSTIFY, first_indent=True, space_before=6),
        StyleSpec(
            "TBPhan",
            "TB Phần",
            14,
            bold=True,
            align=JUSTIFY,
            first_indent=True,
            space_before=6,
            keep_next=True,
        ),
        StyleSpec(
            "TBMuc", "TB Mục", 14, bold=True, align=JUSTIFY, first_indent=True, space_before=6, keep_next=True
        ),
        StyleSpec(
            "TBKetThuc", "TB Kết thúc", 14, align=JUSTIFY, first_indent=True, space_before=6, keep_next=True
        ),
        StyleSpec("TBNoiNhan", "TB Nơi nhận", 12, bold=True, italic=True, align=LEFT, space_before=12),
        StyleSpec("TBDanhSachNhan", "TB Danh sách nơi nhận", 11, align=LEFT),
        StyleSpec("TBChucVu", "TB Quyền hạn, chức vụ", 14, bold=True, space_before=12),
        StyleSpec("TBGhiChuKy", "TB Ghi chú chữ ký", 14, italic=True, space_before=24),
        StyleSpec("TBNguoiKy", "TB Họ tên người ký", 14, bold=True, space_before=SIGNATURE_SPACE.pt),
        StyleSpec("TBSoTrang", "TB Số trang", 13),
    )
}
# Paragraph styles of the layout model -> Word style ids.
BODY_STYLE_IDS = {
    "basis": "TBCanCu",
    "body": "TBNoiDung",
    "section": "TBPhan",
    "item": "TBMuc",
    "closing": "TBKetThuc",
}


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The first child ``tag`` of ``parent``, created (appended) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_run_fonts(rpr: BaseOxmlElement, name: str = DOCX_FONT_NAME) -> None:
    """Name one font for every script of a run (and drop theme fonts, which would win over it)."""
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_document_defaults(document: DocxDocument) -> None:
    """Times New Roman 14 pt, Vietnamese, single line spacing and no paragraph spacing by default."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    set_run_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), "28")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    spacing = _child(ppr, "w:spacing")
    for attr, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
        spacing.set(qn(attr), value)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT_NAME
    normal.font.size = Pt(14)
    set_run_fonts(normal.element.get_or_add_rPr())


def ensure_styles(document: DocxDocument) -> None:
    """Create the notice's paragraph styles that the document does not have yet."""
    existing = {style.style_id for style in document.styles}
    for spec in STYLES.values():
        if spec.style_id in existing:
            continue
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), spec.style_id)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        font = style.font
        font.size = Pt(spec.size)
        font.bold = spec.bold
        font.italic = spec.italic
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.line_spacing = 1.0
        fmt.widow_control = True
        if spec.first_indent:
            fmt.first_line_indent = BODY_INDENT
        if spec.keep_next:
            fmt.keep_with_next = True
