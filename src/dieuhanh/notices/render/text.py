"""The plain text of a laid-out notice, in reading order, and the normalisation used to compare outputs.

Reading order is the order of the DOCX body (and of the PDF content): the header table row by row, left cell
then right cell; the title; the body paragraphs; then the closing table, recipients (left) before the signature
block (right). Each line of ``layout_text`` is one paragraph of the DOCX.
"""

from __future__ import annotations

import re
import unicodedata

from .layout import MOTTO, NATIONAL_NAME, RECIPIENTS_HEADING, NoticeLayout

_SPACE_RE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def layout_lines(layout: NoticeLayout) -> list[str]:
    """Every paragraph of the notice as one string, in reading order."""
    signature = layout.signature
    lines = [
        *layout.governing_body,
        *layout.issuing_body,
        NATIONAL_NAME,
        MOTTO,
        layout.number_line,
        layout.date_line,
        layout.doc_type_name,
        layout.title,
        *(paragraph.text for paragraph in layout.paragraphs),
        RECIPIENTS_HEADING,
        *layout.recipient_lines,
        *signature.heading_lines,
    ]
    if signature.note:
        lines.append(signature.note)
    if signature.name:
        lines.append(signature.name)
    return [line for line in lines if normalize_line(line)]


def layout_text(layout: NoticeLayout) -> str:
    """The notice's plain text: one paragraph per line."""
    return "\n".join(layout_lines(layout)) + "\n"


def normalize_line(text: str) -> str:
    """A line for comparison: NFC, every run of whitespace (non-breaking too) as one space, trimmed."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def squeeze(text: str) -> str:
    """Text for comparison across layouts that wrap lines differently: NFC with all whitespace removed."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFC", text))
