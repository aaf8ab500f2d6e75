"""Shared data and extraction helpers for the notice rendering and signing tests (no tests here)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from dieuhanh.notices.render.text import normalize_line

REPO = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "000_a08bba705eea0cfa.gold.json"
ARTIFACTS = REPO / "test-output" / "notices"


def gold_notice() -> dict[str, Any]:
    """The gold annotation of the seed notice; the test is skipped where the shared folder is absent."""
    if not GOLD.is_file():
        pytest.skip(f"gold notice not found at {GOLD}")
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


def small_notice(**overrides: Any) -> dict[str, Any]:
    """A short issued notice of a commune, built for the tests (no shared files needed)."""
    doc: dict[str, Any] = {
        "schema": "dieuhanh.notice/1",
        "issuer": {"name": "UBND xã Đồng Quế", "level": "commune"},
        "doc_type": "TB",
        "number": "07/TB-UBND",
        "place": None,
        "issued_on": "2022-02-05",
        "title": "Kết luận của Chủ tịch UBND xã tại phiên họp thường kỳ tháng 01 năm 2022",
        "meeting": {
            "kind": "regular",
            "held_on": "2022-01-28",
            "period": "2022-01",
            "chair": {"name": "Nguyễn Văn An", "title": "Chủ tịch UBND xã"},
        },
        "legal_bases": ["Quy chế làm việc của UBND xã Đồng Quế nhiệm kỳ 2021-2026"],
        "sections": [
            {
                "label": "",
                "title": None,
                "items": [
                    {
                        "label": "1",
                        "title": "Về báo cáo công tác tháng 01 năm 2022",
                        "presenter": {"name": "Văn phòng HĐND và UBND"},
                        "approval": {"agreed": True, "percent": 87.5},
                    }
                ],
            }
        ],
        "directives": [
            {
                "item": ".1",
                "kind": "finalize_report",
                "verb": "giao",
                "assignees": [{"name": "Văn phòng HĐND và UBND"}],
                "text": "giao Văn phòng HĐND và UBND xã hoàn thiện báo cáo",
                "deadline": "2022-02-10",
            },
            {
                "item": None,
                "kind": "follow_up",
                "verb": "giao",
                "assignees": [{"name": "Văn phòng HĐND và UBND"}],
                "text": "Giao Văn phòng HĐND và UBND xã theo dõi, đôn đốc thực hiện",
                "deadline": None,
            },
        ],
        "signature": {"authority": "TM.ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn An"},
        "recipients": [
            {"name": "Đảng ủy xã", "purpose": "for_report"},
            {"name": "Các ban, ngành xã", "purpose": "for_action"},
            {"name": "Lưu: VT", "purpose": "archive"},
        ],
    }
    doc.update(overrides)
    return doc


def docx_lines(data: bytes) -> list[str]:
    """Non-empty paragraphs of a DOCX body in document order, table cells row by row, left to right."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    lines.extend(_paragraph_text(p) for p in cell.iter(qn("w:p")))
    return [normalize_line(line) for line in lines if normalize_line(line)]


def _paragraph_text(p: Any) -> str:
    """The text of a w:p element (runs' w:t only)."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def annotation_dicts(page: Any) -> list[Any]:
    """The annotation dictionaries of a pypdf page."""
    return [a.get_object() for a in page.get("/Annots", [])]


def pdf_page_texts(data: bytes) -> list[str]:
    """pypdf's text of each page, with the page number of pages 2+ (a line of its own) removed."""
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        lines = page.extract_text().splitlines()
        if number > 1:
            for i in (0, -1):
                if lines and lines[i].strip() == str(number):
                    lines.pop(i)
                    break
        pages.append("\n".join(lines))
    return pages
