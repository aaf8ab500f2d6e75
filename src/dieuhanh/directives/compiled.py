"""The compiled report (tổng hợp báo cáo): for a period, the assignments issued in it by unit and status, with
each unit's latest progress, as XLSX and as a DOCX in the official layout (doc type "BÁO CÁO")."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dieuhanh.org.models import Person, Role, Unit, UnitKind
from dieuhanh.vn.dates import format_date, format_short

from .models import Assignment, ProgressReport
from .status import AssignmentStatus, label, status_expression

STATUS_ORDER = [s.value for s in AssignmentStatus]


@dataclass
class Row:
    """One assignment as the report lists it."""

    unit: str
    text: str
    role: str
    source: str
    issued_on: dt.date
    deadline: dt.date | None
    status: str
    progress: str
    percent: int | None
    reported_on: dt.date | None


@dataclass
class CompiledReport:
    """The data of one compiled report, ready for either format."""

    issuer: Unit
    office: Unit | None
    signer: Person | None
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    totals: dict[str, int]
    units: list[tuple[Unit, dict[str, int], list[Row]]] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [r for _, _, rows in self.units for r in rows]


def build(
    *, issuer: Unit, date_from: dt.date, date_to: dt.date, today: dt.date | None = None
) -> CompiledReport:
    """Collect the assignments of ``issuer`` issued from ``date_from`` to ``date_to``, with their status and the
    latest progress as of the end of the period (or today, if that is earlier)."""
    as_of = min(date_to, today or timezone.localdate())
    latest = ProgressReport.objects.filter(assignment=OuterRef("pk"), reported_on__lte=as_of).order_by(
        "-reported_on", "-pk"
    )
    rows = (
        Assignment.objects.filter(issuer=issuer, issued_on__gte=date_from, issued_on__lte=date_to)
        .annotate(
            status_value=status_expression(as_of),
            latest_text=Subquery(latest.values("text")[:1]),
            latest_percent=Subquery(latest.values("percent")[:1]),
            latest_on=Subquery(latest.values("reported_on")[:1]),
        )
        .select_related("unit", "directive")
        .order_by("unit__sort_order", "unit__name", "issued_on", "directive_id")
    )
    report = CompiledReport(
        issuer=issuer,
        office=Unit.objects.filter(issuer=issuer, kind=UnitKind.OFFICE).first(),
        signer=Person.objects.filter(unit__issuer=issuer, role=Role.OFFICE_CHIEF, is_active=True).first(),
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        totals={s: 0 for s in STATUS_ORDER},
    )
    current: tuple[Unit, dict[str, int], list[Row]] | None = None
    for a in rows:
        if current is None or current[0].pk != a.unit_id:
            current = (a.unit, {s: 0 for s in STATUS_ORDER}, [])
            report.units.append(current)
        status: Any = a.status_value
        current[1][status] += 1
        report.totals[status] += 1
        current[2].append(
            Row(
                unit=a.unit.name,
                text=a.directive.text,
                role=a.get_role_display(),
                source=a.source_label,
                issued_on=a.issued_on,
                deadline=a.deadline,
                status=label(status),
                progress=a.latest_text or "",
                percent=a.latest_percent,
                reported_on=a.latest_on,
            )
        )
    return report


def _summary(counts: dict[str, int]) -> str:
    parts = [f"{label(s).lower()} {n}" for s, n in counts.items() if n]
    return ", ".join(parts) if parts else "không có"


def to_xlsx(report: CompiledReport) -> bytes:
    """The report as a workbook: a summary sheet by unit and status, and a sheet of every assignment."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from dieuhanh.core.tables import append_row

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Tổng hợp"
    append_row(summary, [f"Tình hình thực hiện nhiệm vụ giao từ {format_short(report.date_from)} đến "
                    f"{format_short(report.date_to)} (tính đến {format_short(report.as_of)})"])  # fmt: skip
    append_row(summary, ["Đơn vị", "Tổng số", *[label(s) for s in STATUS_ORDER]])
    for unit, counts, rows in report.units:
        append_row(summary, [unit.name, len(rows), *[counts[s] for s in STATUS_ORDER]])
    append_row(summary, ["Tổng cộng", sum(report.totals.values()), *[report.totals[s] for s in STATUS_ORDER]])
    detail = workbook.create_sheet("Chi tiết")
    append_row(detail, ["STT", "Đơn vị", "Nội dung nhiệm vụ", "Vai trò", "Văn bản giao", "Ngày giao", "Hạn",
                   "Tình trạng", "Tiến độ mới nhất", "%", "Ngày báo cáo"])  # fmt: skip
    for i, r in enumerate(report.rows, start=1):
        append_row(detail, [i, r.unit, r.text, r.role, r.source, r.issued_on, r.deadline, r.status, r.progress,
                       r.percent, r.reported_on])  # fmt: skip
    for sheet, header_row in ((summary, 2), (detail, 1)):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{header_row + 1}"
    summary["A1"].font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJK", (6, 30, 60, 10, 30, 12, 12, 22, 60, 6, 12), strict=True):
        detail.column_dimensions[column].width = width
    for row in detail.iter_rows(min_row=2):
        row[2].alignment = row[8].alignment = Alignment(wrap_text=True, vertical="top")
        for cell in (row[5], row[6], row[10]):
            cell.number_format = "DD/MM/YYYY"
    summary.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(report: CompiledReport, *, issued_on: dt.date | None = None) -> bytes:
    """The report as a Word document in the official layout (Decree 30/2020), unnumbered for the office."""
    from dieuhanh.notices.render import NoticeLayout, Paragraph, Signature
    from dieuhanh.notices.render.docx import render_docx

    issuer, office = report.issuer, report.office
    period = f"từ {format_date(report.date_from)} đến {format_date(report.date_to)}"
    committee = issuer.short_name or issuer.name
    paragraphs = [
        Paragraph.of(
            "body",
            f"Thực hiện chức năng theo dõi, đôn đốc việc thực hiện các nhiệm vụ do {committee} giao, "
            f"{office.short_name if office else 'Văn phòng'} tổng hợp tình hình thực hiện các nhiệm vụ giao {period} "
            f"(số liệu tính đến {format_date(report.as_of)}) như sau:",
        ),
        Paragraph.of("section", "I. KẾT QUẢ CHUNG"),
        Paragraph.of(
            "body",
            f"Tổng số nhiệm vụ giao cho các cơ quan, đơn vị: {sum(report.totals.values())} nhiệm vụ của "
            f"{len(report.units)} đơn vị; trong đó: {_summary(report.totals)}.",
        ),
        Paragraph.of("section", "II. KẾT QUẢ THỰC HIỆN CỦA TỪNG ĐƠN VỊ"),
    ]
    for number, (unit, counts, rows) in enumerate(report.units, start=1):
        paragraphs.append(
            Paragraph.of("item", f"{number}. {unit.name} ({len(rows)} nhiệm vụ: {_summary(counts)})")
        )
        for r in rows:
            deadline = f"hạn {format_short(r.deadline)}" if r.deadline else "không có hạn"
            line = f"- {r.text.rstrip('.;')} ({r.role.lower()}, {deadline}): {r.status.lower()}."
            if r.progress and r.reported_on:
                percent = f", {r.percent}%" if r.percent is not None else ""
                line += (
                    f" Báo cáo ngày {format_short(r.reported_on)}{percent}: {r.progress.strip().rstrip('.')}."
                )
            paragraphs.append(Paragraph.of("body", line))
    overdue = report.totals.get(AssignmentStatus.OVERDUE.value, 0)
    paragraphs += [
        Paragraph.of("section", "III. ĐỀ XUẤT"),
        Paragraph.of(
            "body",
            f"Đề nghị Lãnh đạo {committee} chỉ đạo các cơ quan, đơn vị có nhiệm vụ quá hạn ({overdue} nhiệm vụ) "
            "khẩn trương hoàn thành, báo cáo kết quả; Văn phòng tiếp tục theo dõi, đôn đốc và tổng hợp báo cáo./.",
        ),
    ]
    governing = ((issuer.short_name or issuer.name).upper(),)
    body = ((office.short_name or office.name).upper(),) if office else ("VĂN PHÒNG",)
    layout = NoticeLayout(
        issuing_body=body,
        governing_body=governing,
        title=f"Tình hình thực hiện nhiệm vụ do {committee} giao {period}",
        paragraphs=tuple(paragraphs),
        signature=Signature(title="CHÁNH VĂN PHÒNG", name=report.signer.full_name if report.signer else None),
        recipients=(f"Chủ tịch, các Phó Chủ tịch {committee} (b/c)", "Lưu: VT"),
        symbol=f"BC-{office.symbol or 'VP'}" if office else "BC-VP",
        place=issuer.place_name,
        issued_on=issued_on,
        year=(issued_on or timezone.localdate()).year,
        doc_type_name="BÁO CÁO",
    )
    return render_docx(layout)
