"""A notice as PDF (WeasyPrint), with the same text and Decree 30 layout as the DOCX.

Fonts come only from the vendored Liberation Serif files (``@font-face`` with ``file://`` URLs), so a PDF is the
same on every machine and embeds its fonts. The page number is centred in the top margin from page 2. An empty
signature field is placed over the signature space of the signature block, so that ``signing.sign_pdf`` puts
the visible signature where Decree 30 expects it.
"""

from __future__ import annotations

import atexit
import html
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .fonts import FACES, font_path
from .layout import MOTTO, NATIONAL_NAME, RECIPIENTS_HEADING, NoticeLayout, Paragraph

CSS_PATH = Path(__file__).resolve().parent.parent / "templates" / "notices" / "notice.css"
SIGNATURE_FIELD = "ChuKySo"
SIGNATURE_SPACE_ID = "signature-space"
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF user space is in points (1/72 in)
# A widget that is printed (4) and locked (128), as signature widgets are.
_WIDGET_FLAGS = 132
_render_lock = threading.Lock()


def render_pdf(layout: NoticeLayout, *, signature_field: bool = True) -> bytes:
    """The notice as PDF bytes (A4, fonts embedded); with an empty signature field over the signature space."""
    from weasyprint import HTML

    stylesheet, font_config = _stylesheet()
    finisher = _add_signature_field if signature_field else None
    # One font configuration is shared between renders; WeasyPrint does not promise that is thread-safe.
    with _render_lock:
        document = HTML(string=notice_html(layout), base_url=str(CSS_PATH.parent)).render(
            stylesheets=[stylesheet], font_config=font_config
        )
        pdf: bytes = document.write_pdf(finisher=finisher)
    return pdf


def notice_html(layout: NoticeLayout) -> str:
    """The HTML the PDF is made from (also usable as a preview in a page)."""
    title = html.escape(f"{layout.doc_type_name} {layout.title}")
    parts = [
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>',
        f'<meta name="author" content="{html.escape(layout.body_name)}"></head><body>',
        _header(layout),
        f'<p class="doc-type">{_e(layout.doc_type_name)}</p>',
        '<div class="summary"><div class="ruled">',
        f'<p class="title">{_e(layout.title)}</p><div class="rule short"></div></div></div>',
        *(_paragraph(p) for p in layout.paragraphs),
        _closing(layout),
        "</body></html>",
    ]
    return "".join(parts)


def _e(text: str) -> str:
    """Escape text for HTML."""
    return html.escape(text, quote=False)


def _lines(css_class: str, lines: Iterable[str]) -> str:
    """One <p> per line."""
    return "".join(f'<p class="{css_class}">{_e(line)}</p>' for line in lines)


def _header(layout: NoticeLayout) -> str:
    """The two-column header table (Phụ lục I, IV, ô 1–4)."""
    agency = _lines("governing", layout.governing_body)
    if layout.issuing_body:
        agency += f'<div class="ruled">{_lines("body-name", layout.issuing_body)}<div class="rule short"></div></div>'
    national = (
        f'<p class="national">{_e(NATIONAL_NAME)}</p>'
        f'<div class="ruled"><p class="motto">{_e(MOTTO)}</p><div class="rule full"></div></div>'
    )
    return (
        '<table class="layout header"><colgroup><col class="left"><col class="right"></colgroup>'
        f"<tr><td>{agency}</td><td>{national}</td></tr>"
        f'<tr><td><p class="number">{_e(layout.number_line)}</p></td>'
        f'<td><p class="date">{_e(layout.date_line)}</p></td></tr></table>'
    )


def _paragraph(paragraph: Paragraph) -> str:
    """A body paragraph; the style (CSS class) gives its look and a run's flags only add emphasis to it."""
    out = []
    for run in paragraph.runs:
        text = _e(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return f'<p class="{paragraph.style}">{"".join(out)}</p>'


def _closing(layout: NoticeLayout) -> str:
    """Recipients beside the signature block, with the signature space between the titles and the name."""
    recipients = f'<p class="recipients-heading">{_e(RECIPIENTS_HEADING)}</p>'
    recipients += _lines("recipient", layout.recipient_lines)
    signature = layout.signature
    block = "".join(
        f'<p class="authority{" first" if i == 0 else ""}">{_e(line)}</p>'
        for i, line in enumerate(signature.heading_lines)
    )
    if signature.note:
        block += f'<p class="signature-note">{_e(signature.note)}</p>'
    block += f'<div class="signature-space" id="{SIGNATURE_SPACE_ID}"></div>'
    if signature.name:
        block += f'<p class="signer">{_e(signature.name)}</p>'
    return (
        '<table class="layout closing-block"><colgroup><col class="left"><col class="right"></colgroup>'
        f'<tr><td class="recipients">{recipients}</td><td class="signature">{block}</td></tr></table>'
    )


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[Any, Any]:
    """The notice stylesheet with @font-face rules for the vendored fonts, and its font configuration."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    faces = []
    for (bold, italic), _name in FACES.items():
        faces.append(
            '@font-face { font-family: "Notice Serif"; '
            f'src: url("{font_path(bold=bold, italic=italic).as_uri()}") format("truetype"); '
            f"font-weight: {'bold' if bold else 'normal'}; font-style: {'italic' if italic else 'normal'}; }}"
        )
    font_config = FontConfiguration()
    # Release the font configuration while WeasyPrint's modules are still loaded (not at interpreter teardown).
    atexit.register(_stylesheet.cache_clear)
    css = CSS(string="\n".join(faces) + "\n" + CSS_PATH.read_text(encoding="utf-8"), font_config=font_config)
    return css, font_config


def _add_signature_field(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: an empty signature field (widget) over the signature space."""
    import pydyf

    for index, page in enumerate(document.pages):
        box = next(
            (
                b
                for b in page._page_box.descendants()
                if getattr(b, "element", None) is not None and b.element.get("id") == SIGNATURE_SPACE_ID
            ),
            None,
        )
        if box is None:
            continue
        height_pt = page.height * PX_TO_PT
        x1 = box.border_box_x() * PX_TO_PT
        x2 = (box.border_box_x() + box.border_width()) * PX_TO_PT
        y_top = height_pt - box.border_box_y() * PX_TO_PT
        y_bottom = height_pt - (box.border_box_y() + box.border_height()) * PX_TO_PT
        pdf_page = pdf.objects[pdf.pages["Kids"][3 * index]]
        widget = pydyf.Dictionary(
            {
                "Type": "/Annot",
                "Subtype": "/Widget",
                "FT": "/Sig",
                "T": pydyf.String(SIGNATURE_FIELD),
                "Rect": pydyf.Array([round(v, 2) for v in (x1, y_bottom, x2, y_top)]),
                "F": _WIDGET_FLAGS,
                "P": pdf_page.reference,
            }
        )
        pdf.add_object(widget)
        if "Annots" not in pdf_page:
            pdf_page["Annots"] = pydyf.Array()
        pdf_page["Annots"].append(widget.reference)
        if "AcroForm" not in pdf.catalog:
            pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": pydyf.Array()})
        pdf.catalog["AcroForm"]["Fields"].append(widget.reference)
        return
