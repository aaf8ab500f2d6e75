"""A notice as a Word document laid out per Decree 30/2020, Phụ lục I.

A4 portrait, margins 20/20/30/15 mm; the header and the closing block are borderless two-column tables
(Phụ lục I, IV); page numbers are centred in the top margin from page 2 (a different, empty first-page header).
Runs name Times New Roman (see ``fonts/README.md``). Formatting lives in named styles (``docx_styles``), so a
template restyled in Word can be passed as ``template`` (its styles are kept; the page set-up and page numbers
are always those of the decree).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .docx_styles import BODY_STYLE_IDS, STYLES, ensure_styles, set_document_defaults
from .fonts import text_width_pt
from .layout import MOTTO, NATIONAL_NAME, RECIPIENTS_HEADING, NoticeLayout

# Page set-up in twentieths of a point (Word's unit): A4, top/bottom 20 mm, left 30 mm, right 15 mm.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = 1134
MARGIN_LEFT, MARGIN_RIGHT = 1701, 850
HEADER_DISTANCE = 567  # the page number sits 10 mm from the top edge
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# Column widths: the agency block (left) and the national name (right, 88 mm at 12 pt bold) side by side.
HEADER_COLUMNS = (3685, TEXT_WIDTH - 3685)
CLOSING_COLUMNS = (4253, TEXT_WIDTH - 4253)
RULE_SHARE = 0.4  # short rules are 1/3 to 1/2 of the text above them


def render_docx(layout: NoticeLayout, *, template: str | Path | None = None) -> bytes:
    """The notice as a .docx file (bytes); ``template`` is a .docx (see ``docx_template_bytes``) whose styles win."""
    document = Document(io.BytesIO(_base_document(_template_key(template))))
    _header_table(document, layout)

    _styled(document.add_paragraph(), "TBTenLoai", layout.doc_type_name)
    _styled(document.add_paragraph(), "TBTrichYeu", layout.title)
    title_width = min(text_width_pt(layout.title, STYLES["TBTrichYeu"].size, bold=True) * 20, TEXT_WIDTH)
    _rule(document.add_paragraph(), TEXT_WIDTH, round(title_width * RULE_SHARE))

    for paragraph in layout.paragraphs:
        style_id = BODY_STYLE_IDS[paragraph.style]
        spec = STYLES[style_id]
        target = document.add_paragraph()
        target._p.style = style_id
        for run in paragraph.runs:
            added = target.add_run(run.text)
            # The style gives the paragraph's look; a run's flags only add emphasis to it.
            if run.bold and not spec.bold:
                added.bold = True
            if run.italic and not spec.italic:
                added.italic = True

    _closing_table(document, layout)
    _properties(document, layout)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_template_bytes() -> bytes:
    """An empty .docx with the notice's styles and page set-up, for an office to restyle in Word."""
    return _base_document(None)


def _template_key(template: str | Path | None) -> tuple[str, float] | None:
    """A cache key that changes when the template file changes."""
    if template is None:
        return None
    path = Path(template).resolve()
    return (str(path), path.stat().st_mtime)


@lru_cache(maxsize=8)
def _base_document(key: tuple[str, float] | None) -> bytes:
    """The empty document every notice starts from: styles, page set-up, page numbers (built once)."""
    document = _open(key[0] if key else None)
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the stock template's preview picture is not this document's
            del package_rels[r_id]
    _page_setup(document.sections[0])
    _page_numbers(document.sections[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _open(template: str | Path | None) -> DocxDocument:
    """A new document (or the template with its body emptied) with the notice's styles."""
    if template is None:
        document = Document()
        set_document_defaults(document)
    else:
        document = Document(str(template))
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    ensure_styles(document)
    return document


def _page_setup(section: Section) -> None:
    """A4 portrait with the Decree 30 margins."""
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Twips(HEADER_DISTANCE)
    section.gutter = Twips(0)


def _page_numbers(section: Section) -> None:
    """A centred PAGE field in the header of every page but the first, whose header stays empty."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = STYLES["TBSoTrang"].name
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = STYLES["TBSoTrang"].name
    for element in list(paragraph._p):
        if element.tag == qn("w:r"):
            paragraph._p.remove(element)
    for kind, instruction in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, None),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            run._r.append(instr)
        else:
            run.text = "2"


def _header_table(document: DocxDocument, layout: NoticeLayout) -> None:
    """Agency name and number (left), national name, motto and date line (right), per Phụ lục I, IV."""
    table = _borderless_table(document, rows=2, widths=HEADER_COLUMNS)
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = [(line, "TBChuQuan") for line in layout.governing_body]
    lines += [(line, "TBCoQuan") for line in layout.issuing_body]
    for i, (text, style_id) in enumerate(lines):
        _styled(_cell_paragraph(left, i), style_id, text)
    if layout.issuing_body:
        size = STYLES["TBCoQuan"].size
        widest = max(text_width_pt(line, size, bold=True) for line in layout.issuing_body) * 20
        _rule(left.add_paragraph(), HEADER_COLUMNS[0], round(min(widest, HEADER_COLUMNS[0]) * RULE_SHARE))
    _styled(_cell_paragraph(right, 0), "TBQuocHieu", NATIONAL_NAME)
    _styled(right.add_paragraph(), "TBTieuNgu", MOTTO)
    motto_width = text_width_pt(MOTTO, STYLES["TBTieuNgu"].size, bold=True) * 20
    _rule(right.add_paragraph(), HEADER_COLUMNS[1], round(motto_width))
    _styled(_cell_paragraph(table.cell(1, 0), 0), "TBSoKyHieu", layout.number_line)
    _styled(_cell_paragraph(table.cell(1, 1), 0), "TBDiaDanh", layout.date_line)


def _closing_table(document: DocxDocument, layout: NoticeLayout) -> None:
    """'Nơi nhận' and the recipients (left) beside the signature block (right), top-aligned, one unit."""
    table = _borderless_table(document, rows=1, widths=CLOSING_COLUMNS)
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    row_pr.append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _styled(_cell_paragraph(left, 0), "TBNoiNhan", RECIPIENTS_HEADING)
    for line in layout.recipient_lines:
        _styled(left.add_paragraph(), "TBDanhSachNhan", line)
    signature = layout.signature
    blocks = [(line, "TBChucVu") for line in signature.heading_lines]
    if signature.note:
        blocks.append((signature.note, "TBGhiChuKy"))
    if signature.name:
        blocks.append((signature.name, "TBNguoiKy"))
    for i, (text, style_id) in enumerate(blocks):
        paragraph = _styled(_cell_paragraph(right, i), style_id, text)
        if style_id == "TBChucVu" and i > 0:
            paragraph.paragraph_format.space_before = Pt(0)


def _borderless_table(document: DocxDocument, *, rows: int, widths: tuple[int, int]) -> Table:
    """A fixed-width table without borders or cell padding, aligned with the text margins."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    _replace(tbl_pr, width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    _replace(tbl_pr, borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _replace(tbl_pr, layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _replace(tbl_pr, margins)
    for column, col_width in zip(table.columns, widths, strict=True):
        column.width = Twips(col_width)
        for cell in column.cells:
            cell.width = Twips(col_width)
    return table


# Order of the children of w:tblPr in the schema; python-docx does not place elements it does not model.
_TBL_PR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def _replace(tbl_pr: BaseOxmlElement, element: BaseOxmlElement) -> None:
    """Put ``element`` into ``w:tblPr`` in schema order, replacing an element of the same tag."""
    name = element.tag.split("}")[1]
    for old in tbl_pr.findall(element.tag):
        tbl_pr.remove(old)
    rank = _TBL_PR_ORDER.index(name)
    for i, child in enumerate(tbl_pr):
        child_name = child.tag.split("}")[1]
        if child_name in _TBL_PR_ORDER and _TBL_PR_ORDER.index(child_name) > rank:
            tbl_pr.insert(i, element)
            return
    tbl_pr.append(element)


def _cell_paragraph(cell: _Cell, index: int) -> DocxParagraph:
    """The cell's first (always present) paragraph for index 0, a new one otherwise."""
    return cell.paragraphs[0] if index == 0 else cell.add_paragraph()


def _styled(paragraph: DocxParagraph, style_id: str, text: str) -> DocxParagraph:
    """Give ``paragraph`` a notice style and one run of text."""
    paragraph._p.style = style_id
    paragraph.add_run(text)
    return paragraph


def _rule(paragraph: DocxParagraph, available: int, length: int) -> None:
    """A centred solid rule of ``length`` twips: an empty 1 pt paragraph whose bottom border is indented."""
    paragraph._p.style = "TBDuongKe"
    indent = max((available - length) // 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Twips(indent)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    # w:pBdr comes after w:keepNext/w:pStyle and before w:spacing/w:ind in the schema.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _properties(document: DocxDocument, layout: NoticeLayout) -> None:
    """Title, author and language of the file."""
    props = document.core_properties
    props.title = f"{layout.doc_type_name} {layout.number or ''} {layout.title}".replace("  ", " ").strip()
    props.subject = layout.title
    props.author = props.last_modified_by = layout.body_name
    props.language = "vi-VN"
    props.comments = ""
    props.keywords = "thông báo kết luận"
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0)
    props.created = props.modified = now
