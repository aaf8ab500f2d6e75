"""A neutral layout of a conclusion notice: what goes where on the page, independent of DOCX or PDF.

The renderers (``docx``, ``pdf``, ``text``) read only this model, so that every output of one notice carries the
same text. ``from_notice_json`` lays out any ``dieuhanh.notice/1`` document (see ``compose``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from dieuhanh.vn.dates import format_date_line
from dieuhanh.vn.text import nfc

ParagraphStyle = Literal["basis", "body", "section", "item", "closing"]
PARAGRAPH_STYLES: tuple[ParagraphStyle, ...] = ("basis", "body", "section", "item", "closing")

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEADING = "Nơi nhận:"
_BREAK_RE = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]")
# C0/C1 controls (not allowed in XML 1.0 or meaningless on paper), lone surrogates and non-characters.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Blank space left in a draft for the number, the day and the month (filled in by hand or at issue).
NUMBER_BLANK = "\u00a0" * 8
DATE_BLANK = "\u00a0" * 6


def clean_text(text: str | None) -> str:
    """Text safe for every output: NFC, line breaks and tabs as spaces, other control characters dropped."""
    return _CONTROL_RE.sub("", _BREAK_RE.sub(" ", nfc(text or "")))


def _clean_all(obj: object, names: tuple[str, ...]) -> None:
    """Clean the text fields of a frozen dataclass in place (strings, optional strings, tuples of strings)."""
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, tuple):
            value = tuple(clean_text(v) for v in value)
        elif isinstance(value, str):
            value = clean_text(value)
        object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Run:
    """A piece of text; ``bold``/``italic`` add emphasis to what the paragraph style already gives."""

    text: str
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        _clean_all(self, ("text",))


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: its runs and its style (legal basis, body text, section or item heading, closing)."""

    style: ParagraphStyle
    runs: tuple[Run, ...]

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"Kiểu đoạn văn không hợp lệ: {self.style!r}")

    @classmethod
    def of(cls, style: ParagraphStyle, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
        """A paragraph made of one run."""
        return cls(style, (Run(text, bold=bold, italic=italic),))

    @property
    def text(self) -> str:
        """The paragraph's text without styles."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Signature:
    """The signature block: authority ('TL. CHỦ TỊCH'), title ('CHÁNH VĂN PHÒNG'), signer name, optional note."""

    authority: str | None = None
    title: str | None = None
    name: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        _clean_all(self, ("title", "name", "note"))
        if self.authority is not None:  # several lines are allowed here (TL. / KT. …)
            lines = (clean_text(line) for line in self.authority.splitlines())
            object.__setattr__(self, "authority", "\n".join(lines))

    @property
    def heading_lines(self) -> tuple[str, ...]:
        """The upper-case lines above the signature space (authority may hold several lines, e.g. KT. under TL.)."""
        lines: list[str] = []
        for part in (self.authority, self.title):
            if part:
                lines.extend(line.strip() for line in part.splitlines() if line.strip())
        return tuple(lines)


@dataclass(frozen=True)
class NoticeLayout:
    """Everything printed on a notice, in Decree 30 terms, before any choice of file format."""

    issuing_body: tuple[str, ...]
    title: str
    paragraphs: tuple[Paragraph, ...]
    signature: Signature
    recipients: tuple[str, ...] = ()
    governing_body: tuple[str, ...] = ()
    number: str | None = None
    symbol: str = "TB-UBND"
    place: str = ""
    issued_on: date | None = None
    year: int | None = None
    doc_type_name: str = "THÔNG BÁO"

    def __post_init__(self) -> None:
        _clean_all(
            self,
            (
                "issuing_body",
                "title",
                "recipients",
                "governing_body",
                "number",
                "symbol",
                "place",
                "doc_type_name",
            ),
        )

    @property
    def is_draft(self) -> bool:
        """A draft has no number or no date yet."""
        return self.number is None or self.issued_on is None

    @property
    def number_line(self) -> str:
        """'Số: 15/TB-UBND', or 'Số:' with a blank before the symbol for a draft."""
        if self.number:
            return f"Số: {self.number}"
        return f"Số:{NUMBER_BLANK}/{self.symbol}"

    @property
    def date_line(self) -> str:
        """'Sông Lô, ngày 09 tháng 8 năm 2021', or the same with blanks for a draft."""
        if self.issued_on is not None:
            return format_date_line(self.place, self.issued_on) if self.place else _date_only(self.issued_on)
        year = str(self.year) if self.year else DATE_BLANK
        blank = f"ngày{DATE_BLANK}tháng{DATE_BLANK}năm {year}"
        return f"{self.place}, {blank}" if self.place else blank[:1].upper() + blank[1:]

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """The recipient list as printed: '- X;' per line, the last ('- Lưu: VT.') ending with a full stop."""
        names = [r.strip().lstrip("-").strip().rstrip(";.,").strip() for r in self.recipients]
        names = [n for n in names if n]
        return tuple(f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names))

    @property
    def body_name(self) -> str:
        """The issuing body's name on one line ('ỦY BAN NHÂN DÂN HUYỆN SÔNG LÔ'), shown in signatures."""
        return " ".join(self.issuing_body)


def _date_only(day: date) -> str:
    """A date line without a place name (capitalised, as it starts the line)."""
    line = format_date_line("", day).lstrip(", ")
    return line[:1].upper() + line[1:]


def from_notice_json(
    doc: dict[str, Any],
    *,
    governing_body: Sequence[str] = (),
    basis_verb: str = "Căn cứ",
) -> NoticeLayout:
    """Lay out a ``dieuhanh.notice/1`` document officially (Decree 30): header, body, recipients, signature."""
    from .compose import compose_layout

    return compose_layout(doc, governing_body=governing_body, basis_verb=basis_verb)
