"""Turning a file's bytes into text: UTF-8/UTF-16 (with or without BOM), legacy encodings, DOCX, PDF, HTML."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from .errors import ParseError
from .legacy import decode_legacy, repair_text

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """The text of a file and how it was read: ``kind`` (text, docx, pdf, html) and ``encoding``."""

    text: str
    kind: str
    encoding: str


def _looks_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of a BOM-less sample is mostly NUL."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain-text bytes and name the encoding found (utf-8, utf-8-sig, utf-16, tcvn3, vni, cp1258)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    utf16 = _looks_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_legacy(data)
    repaired, legacy = repair_text(text)
    if legacy:
        return repaired, f"utf-8+{legacy}"
    return text, "ascii" if text.isascii() else "utf-8"


# --- DOCX ----------------------------------------------------------------------------------------------


def _docx_lines(data: bytes) -> list[str]:
    """Paragraphs and table cells of a DOCX body, in document order (a merged cell once)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    tag_p, tag_tbl = qn("w:p"), qn("w:tbl")

    def walk(parent: object, element: object) -> None:
        for child in element.iterchildren():  # type: ignore[attr-defined]
            if child.tag == tag_p:
                lines.append(Paragraph(child, parent).text)  # type: ignore[arg-type]
            elif child.tag == tag_tbl:
                table = Table(child, parent)  # type: ignore[arg-type]
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell, cell._tc)
                        lines.append("")

    walk(document, document.element.body)
    return lines


def read_docx(data: bytes) -> str:
    """The text of a DOCX file: paragraphs and tables in document order, one paragraph a line."""
    try:
        lines = _docx_lines(data)
    except Exception as exc:  # python-docx raises many kinds of errors on damaged files
        log.info("Unreadable DOCX: %r", exc)
        raise ParseError(
            "Không đọc được tệp DOCX (tệp hỏng hoặc không phải văn bản Word).",
            code="bad_docx",
            log_message=f"Unreadable DOCX: {exc!r}",
        ) from exc
    return "\n".join(lines)


# --- PDF -----------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
    """The text of a PDF: its text layer page by page, or, for a scan without one, what OCR reads."""
    return _pdf_text(data)[0]


def _letters(pages: list[str]) -> bool:
    letters = sum(1 for page in pages for c in page if c.isalpha())
    return not (letters < 20 * max(len(pages), 1) and letters < 200)


def _pdf_text(data: bytes) -> tuple[str, bool]:
    """(text, whether it was read by OCR)."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors on damaged or protected files
        log.info("Unreadable PDF: %r", exc)
        raise ParseError(
            "Không đọc được tệp PDF (tệp hỏng hoặc có mật khẩu).",
            code="bad_pdf",
            log_message=f"Unreadable PDF: {exc!r}",
        ) from exc
    if _letters(pages):
        return "\n\n".join(pages), False
    from .ocr import ocr_pdf

    text = ocr_pdf(data)
    if not _letters([text]):
        raise ParseError(
            "Tệp PDF không có lớp văn bản và nhận dạng ký tự (OCR) không đọc được chữ nào: hãy dùng bản quét "
            "rõ hơn hoặc tệp DOCX, PDF gốc.",
            code="pdf_no_text",
            log_message="PDF without a text layer; OCR found no text.",
        )
    return text, True


# --- HTML ----------------------------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset(["head", "script", "style", "noscript", "nav", "template"])
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "header", "footer", "td"
})  # fmt: skip


class _HTMLText(HTMLParser):
    """Collect the visible text of an HTML page, one block a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.headline: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "h1" and self.headline is None:
            self.headline = len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page (a portal news article): from its headline (first h1) when it has one."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    parts = parser.parts[parser.headline :] if parser.headline is not None else parser.parts
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(parts))


_HTML_START_RE = re.compile(r"\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def read_bytes(data: bytes, filename: str | None = None) -> Source:
    """Read any supported file's bytes into text, naming its kind and encoding."""
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"Tệp quá lớn ({len(data) // 1_000_000} MB); giới hạn {MAX_BYTES // 1_000_000} MB.",
            code="too_large",
        )
    name = (filename or "").lower()
    if data.startswith(b"%PDF") or (name.endswith(".pdf") and b"%PDF" in data[:1024]):
        text, scanned = _pdf_text(data)
        return Source(text, "pdf", "ocr" if scanned else "pdf")
    if data.startswith(b"PK\x03\x04"):
        try:
            is_docx = "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ParseError("Tệp nén (ZIP) bị hỏng.", code="bad_zip", log_message=f"{exc!r}") from exc
        if not is_docx:
            raise ParseError(
                "Tệp nén không phải văn bản Word (DOCX); hãy dùng tệp .docx, .pdf hoặc .txt.",
                code="unsupported",
            )
        text = read_docx(data)
        repaired, legacy = repair_text(text)
        return Source(repaired, "docx", f"docx+{legacy}" if legacy else "docx")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(
            "Tệp Word 97–2003 (.doc) chưa được hỗ trợ: hãy lưu lại dưới dạng .docx rồi thử lại.",
            code="unsupported",
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise ParseError(
            "Tệp RTF chưa được hỗ trợ: hãy lưu lại dưới dạng .docx hoặc .txt rồi thử lại.", code="unsupported"
        )
    text, encoding = decode_text(data)
    if _HTML_START_RE.match(text[:500]) or name.endswith((".html", ".htm")):
        return Source(html_to_text(text), "html", encoding)
    return Source(text, "text", encoding)
