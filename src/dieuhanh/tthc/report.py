"""The report on a period's results (báo cáo kết quả giải quyết TTHC) as a Word document in the official layout.

The page, header, title block, recipients and signature are those of the notices renderer (Decree 30/2020,
``dieuhanh.notices.render``); the tables it does not know (the per-unit figures as the standard report form
counts them, and the two rankings) are put in place of marker paragraphs after rendering.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table, _Cell

from dieuhanh.notices.render import NoticeLayout, Paragraph, Signature
from dieuhanh.notices.render.docx import TEXT_WIDTH, render_docx

from .formats import num, pct, points, score
from .ranking import COMMUNES, DEPARTMENTS, GROUP_TITLES

MARKER = "\u2063TABLE:"
FONT = "Times New Roman"
TABLE_PT = 9
STATS_COLUMNS = (
    ("Số hồ sơ nhận giải quyết", ("Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước")),
    ("Số hồ sơ đã giải quyết", ("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn")),
    ("Số hồ sơ đang giải quyết", ("Tổng số", "Trong hạn", "Quá hạn")),
    ("", ("Trả lại, rút",)),
    ("", ("Tỷ lệ đúng hạn",)),
)
# Twips; both tables fill the text width (165 mm) with numbers in 9 pt.
STATS_WIDTHS = (450, 1770) + (540,) * 12 + (655,)
RANK_HEADERS = ("Hạng", "Cơ quan, đơn vị", "Đã giải quyết", "Trước hạn, đúng hạn", "Quá hạn", "Đang quá hạn",
                "Tỷ lệ đúng hạn", "Điểm tiến độ", "Ghi chú")  # fmt: skip
RANK_WIDTHS = (560, 2615, 900, 1000, 800, 900, 900, 900, 780)
CELL_MARGIN = 40


def _stats_values(row: dict[str, Any]) -> list[str]:
    counter = row["received"] - row["received_online"]
    values = [row["processed"], row["received_online"], counter, row["carried_over"], row["resolved"],
              row["resolved_early"], row["resolved_on_time"], row["resolved_late"], row["pending"],
              row["pending_in_time"], row["pending_overdue"], row["returned_or_withdrawn"]]  # fmt: skip
    return [num(v) for v in values] + [pct(row["on_time_rate"], 1)]


def _issuer_lines(name: str) -> tuple[str, ...]:
    match = re.match(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(.+)$", name, re.IGNORECASE)
    return ("ỦY BAN NHÂN DÂN", match.group(1).upper()) if match else (name.upper(),)


def _committee(snap: dict[str, Any]) -> str:
    return snap["issuer"]["short_name"] or snap["issuer"]["name"]


def _summary(snap: dict[str, Any]) -> list[Paragraph]:
    t, before = snap["totals"], snap["previous_totals"]
    out = [
        Paragraph.of(
            "body",
            f"Trong {snap['title']}, các cơ quan, đơn vị và UBND các xã, thị trấn tiếp nhận {num(t['received'])} "
            f"hồ sơ TTHC (trực tuyến {num(t['received_online'])} hồ sơ, trực tiếp và qua dịch vụ bưu chính "
            f"{num(t['received'] - t['received_online'])} hồ sơ); kỳ trước chuyển qua {num(t['carried_over'])} hồ sơ. "
            f"Đã giải quyết {num(t['resolved'])} hồ sơ, trong đó trước hạn {num(t['resolved_early'])}, đúng hạn "
            f"{num(t['resolved_on_time'])}, quá hạn {num(t['resolved_late'])} hồ sơ; tỷ lệ giải quyết đúng hạn đạt "
            f"{pct(t['on_time_rate'])}. Đang giải quyết {num(t['pending'])} hồ sơ (trong hạn "
            f"{num(t['pending_in_time'])}, quá hạn {num(t['pending_overdue'])}); trả lại, rút "
            f"{num(t['returned_or_withdrawn'])} hồ sơ.",
        )
    ]
    if before["processed"]:
        change = t["received"] - before["received"]
        moved = (
            f"tăng {num(change)}" if change > 0 else (f"giảm {num(-change)}" if change < 0 else "không đổi")
        )
        rate = ""
        if t["on_time_rate"] is not None and before["on_time_rate"] is not None:
            diff = t["on_time_rate"] - before["on_time_rate"]
            way = "tăng" if diff > 0 else "giảm"
            rate = (
                f"; tỷ lệ giải quyết đúng hạn {way} {points(abs(diff)).lstrip('+')} (từ "
                f"{pct(before['on_time_rate'])} lên {pct(t['on_time_rate'])})"
                if round(diff, 4)
                else "; tỷ lệ giải quyết đúng hạn không đổi"
            ).replace("lên", "xuống" if diff < 0 else "lên")
        out.append(
            Paragraph.of(
                "body",
                f"So với {snap['previous_title']}, số hồ sơ tiếp nhận {moved} hồ sơ "
                f"(kỳ trước {num(before['received'])} hồ sơ){rate}.",
            )
        )
    return out


def report_layout(snap: dict[str, Any], *, signer: str | None = None) -> NoticeLayout:
    """The report's layout with marker paragraphs where the tables go."""
    committee = _committee(snap)
    last = date.fromisoformat(snap["last_day"])
    flagged = sorted((u for u in snap["units"] if u["follow_up"]), key=lambda u: -(u["late_rate"] or 0))
    threshold = pct(snap["settings"]["late_rate_threshold"], 0)
    paragraphs: list[Paragraph] = [
        Paragraph.of(
            "basis",
            "Thực hiện chế độ báo cáo định kỳ về tình hình, kết quả giải quyết thủ tục hành chính theo cơ chế "
            "một cửa, một cửa liên thông; căn cứ số liệu trên Hệ thống thông tin giải quyết thủ tục hành chính,",
        ),
        Paragraph.of(
            "body", f"{committee} báo cáo kết quả giải quyết thủ tục hành chính {snap['title']} như sau:"
        ),
        Paragraph.of("section", "I. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", bold=True),
        *_summary(snap),
        Paragraph.of("body", "Kết quả của từng cơ quan, đơn vị (đơn vị tính: số hồ sơ TTHC):", italic=True),
        Paragraph.of("body", MARKER + "stats"),
        Paragraph.of("section", "II. XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ VÀ CÁC XÃ, THỊ TRẤN", bold=True),
        Paragraph.of("item", f"1. {GROUP_TITLES[DEPARTMENTS]}", bold=True),
        Paragraph.of("body", MARKER + DEPARTMENTS),
        Paragraph.of("item", f"2. {GROUP_TITLES[COMMUNES]}", bold=True),
        Paragraph.of("body", MARKER + COMMUNES),
        *[Paragraph.of("body", rule, italic=True) for rule in snap["rules"]],
        Paragraph.of("section", "III. ĐÁNH GIÁ, ĐỀ XUẤT", bold=True),
    ]
    if flagged:
        listed = "; ".join(f"{u['short_name']} ({pct(u['late_rate'], 1)})" for u in flagged)
        paragraphs.append(
            Paragraph.of(
                "body",
                f"Các đơn vị có tỷ lệ hồ sơ quá hạn trên {threshold}: {listed}. Yêu cầu các đơn vị này khắc phục "
                "ngay tình trạng giải quyết hồ sơ TTHC chậm hạn, không để tình trạng này kéo dài; giao Văn phòng "
                f"HĐND và UBND theo dõi, đôn đốc và tổng hợp kết quả, báo cáo {committee}.",
            )
        )
    else:
        paragraphs.append(
            Paragraph.of("body", f"Không có đơn vị nào có tỷ lệ hồ sơ quá hạn trên {threshold}.")
        )
    paragraphs.append(
        Paragraph.of(
            "closing",
            f"Trên đây là báo cáo kết quả giải quyết thủ tục hành chính {snap['title']} của {committee}./.",
        )
    )
    return NoticeLayout(
        issuing_body=_issuer_lines(snap["issuer"]["name"]),
        title=f"Kết quả giải quyết thủ tục hành chính {snap['title']}",
        paragraphs=tuple(paragraphs),
        signature=Signature(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=signer),
        recipients=(
            "Thường trực Huyện ủy (b/c)",
            "Thường trực HĐND huyện (b/c)",
            "Chủ tịch, các Phó Chủ tịch UBND huyện",
            "Các cơ quan, đơn vị",
            "UBND các xã, thị trấn",
            "Lưu: VT",
        ),
        symbol="BC-UBND",
        place=snap["issuer"]["place_name"],
        year=(last + timedelta(days=1)).year,
        doc_type_name="BÁO CÁO",
    )


# --- tables -------------------------------------------------------------------------------------------------


def _fixed(table: Table, widths: Sequence[int]) -> None:
    """Fixed column widths (Word and LibreOffice both honour them) and narrow cell margins."""
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    for column, col_width in zip(table.columns, widths, strict=True):
        column.width = Twips(col_width)


def _borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            border.set(qn(attr), value)
        borders.append(border)
    tbl_pr.append(borders)


def _write(cell: _Cell, text: str, *, bold: bool = False, align: str = "center") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}.get(
        align, WD_ALIGN_PARAGRAPH.RIGHT
    )
    fmt = paragraph.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after = Twips(0), Pt(1), Pt(1)
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(TABLE_PT)
    run.font.name = FONT


def _table(document: Any, rows: Sequence[Sequence[str]], widths: Sequence[int], header_rows: int) -> Table:
    table = document.add_table(rows=len(rows), cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = min(1.0, TEXT_WIDTH / sum(widths))
    scaled = [int(w * scale) for w in widths]
    _borders(table)
    _fixed(table, scaled)
    # Cells are reached row by row: ``table.cell(r, c)`` rebuilds the whole grid on every call.
    for r, (values, table_row) in enumerate(zip(rows, table.rows, strict=True)):
        heading = r < header_rows or values[1].isupper()
        for c, (text, cell) in enumerate(zip(values, table_row.cells, strict=True)):
            cell.width = Twips(scaled[c])
            _write(cell, text, bold=bool(heading), align="left" if c == 1 and r >= header_rows else "center")
    for r in range(header_rows):
        header = table.rows[r]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))
    return table


def _stats_rows(snap: dict[str, Any]) -> list[list[str]]:
    top = ["STT", "Cơ quan, đơn vị"] + [group or name for group, subs in STATS_COLUMNS for name in subs]
    sub = ["", ""] + [name if group else "" for group, subs in STATS_COLUMNS for name in subs]
    rows = [top, sub, [f"({i})" for i in range(1, 16)]]
    for roman, group in zip(("I", "II"), snap["groups"], strict=True):
        rows.append([roman, group["title"].upper(), *_stats_values(group["totals"])])
        members = [u for u in snap["units"] if u["group"] == group["group"]]
        rows += [[str(i), u["short_name"], *_stats_values(u)] for i, u in enumerate(members, start=1)]
    rows.append(["", "TỔNG CỘNG", *_stats_values(snap["totals"])])
    return rows


def _merge_stats_header(table: Table) -> None:
    column = 2
    for group, subs in STATS_COLUMNS:
        if group and len(subs) > 1:
            first = table.cell(0, column)
            merged = first.merge(table.cell(0, column + len(subs) - 1))
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
        else:
            top = table.cell(0, column)
            top.merge(table.cell(1, column))
            for extra in top.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
        column += len(subs)
    for c in (0, 1):
        cell = table.cell(0, c).merge(table.cell(1, c))
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)


def _rank_rows(snap: dict[str, Any], group: str) -> list[list[str]]:
    rows = [list(RANK_HEADERS)]
    by_code = {u["unit_code"]: u for u in snap["units"]}
    block = next(g for g in snap["groups"] if g["group"] == group)
    for code in block["ranked"]:
        u = by_code[code]
        rows.append([
            str(u["rank"]), u["short_name"], num(u["resolved"]), num(u["resolved_early"] + u["resolved_on_time"]),
            num(u["resolved_late"]), num(u["pending_overdue"]), pct(u["on_time_rate"], 1),
            score(u["progress_score"]) + (f" ({u['band']})" if u["band"] else ""),
            "Cần đôn đốc" if u["follow_up"] else "",
        ])  # fmt: skip
    for code in block["insufficient"]:
        u = by_code[code]
        rows.append(["-", u["short_name"], num(u["resolved"]), "", "", num(u["pending_overdue"]), "", "",
                     "Chưa đủ số liệu"])  # fmt: skip
    t = block["totals"]
    rows.append([
        "", "CẢ KHỐI", num(t["resolved"]), num(t["resolved_early"] + t["resolved_on_time"]), num(t["resolved_late"]),
        num(t["pending_overdue"]), pct(t["on_time_rate"], 1),
        score(t["progress_score"]) + (f" ({t['band']})" if t["band"] else ""), "",
    ])  # fmt: skip
    return rows


def render_report(snap: dict[str, Any], *, signer: str | None = None) -> bytes:
    """The report of a snapshot as a .docx file (bytes)."""
    document = Document(io.BytesIO(render_docx(report_layout(snap, signer=signer))))
    for paragraph in list(document.paragraphs):
        if not paragraph.text.startswith(MARKER):
            continue
        key = paragraph.text[len(MARKER) :]
        if key == "stats":
            table = _table(document, _stats_rows(snap), STATS_WIDTHS, header_rows=3)
            _merge_stats_header(table)
        else:
            table = _table(document, _rank_rows(snap, key), RANK_WIDTHS, header_rows=1)
        paragraph._p.addnext(table._tbl)
        paragraph._p.getparent().remove(paragraph._p)
    props = document.core_properties
    props.keywords = "báo cáo kết quả giải quyết thủ tục hành chính"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
