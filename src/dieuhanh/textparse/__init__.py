"""Reading existing conclusion notices (text, DOCX, PDF), minutes and news reports into ``dieuhanh.notice/1``.

Pure Python: nothing here imports Django, so the parser runs in the CLI, in workers and in tests alike.

    >>> doc = parse_text(open("notice.txt", encoding="utf-8").read())    # doctest: +SKIP
    >>> result = parse_file("notice.docx"); result.document, result.encoding    # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import SCHEMA, build_document
from .errors import ParseError
from .reader import read_bytes

__all__ = [
    "SCHEMA",
    "ParseError",
    "ParseResult",
    "iter_units",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_file",
]


@dataclass(frozen=True)
class ParseResult:
    """A parsed document with how its file was read: ``kind`` (text, docx, pdf, html) and ``encoding``."""

    document: dict[str, Any]
    kind: str
    encoding: str


def parse_text(text: str) -> dict[str, Any]:
    """Parse the text of a notice into a ``dieuhanh.notice/1`` document; raise ParseError when unreadable."""
    if not isinstance(text, str):
        raise ParseError("Đầu vào phải là văn bản (chuỗi ký tự).", code="not_text")
    return build_document(text)


def parse_bytes(data: bytes, filename: str | None = None) -> ParseResult:
    """Parse a file's bytes (text in any supported encoding, DOCX, PDF, HTML)."""
    source = read_bytes(bytes(data), filename)
    return ParseResult(build_document(source.text), source.kind, source.encoding)


_OS_REASONS: dict[type[OSError], str] = {
    FileNotFoundError: "tệp không tồn tại",
    IsADirectoryError: "đây là thư mục, không phải tệp",
    PermissionError: "không có quyền đọc tệp",
}


def read_file(path: str | Path) -> bytes:
    """The bytes of the file at ``path``; a ParseError saying why in Vietnamese when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = _OS_REASONS.get(type(exc), "lỗi đọc tệp")
        raise ParseError(
            f"Không mở được tệp “{path}”: {reason}.", code="io", log_message=f"Cannot read {path}: {exc}"
        ) from exc


def parse_file(path: str | Path) -> ParseResult:
    """Parse the file at ``path``."""
    return parse_bytes(read_file(path), Path(path).name)


def iter_units(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every unit object of a document: item presenters, then directive assignees (the same dicts, in place)."""
    units: list[dict[str, Any]] = []
    for section in document.get("sections") or []:
        for item in section.get("items") or []:
            if isinstance(item.get("presenter"), dict):
                units.append(item["presenter"])
    for directive in document.get("directives") or []:
        units.extend(u for u in directive.get("assignees") or [] if isinstance(u, dict))
    return units
