"""Minutes of a session (biên bản phiên họp, type BB) as DOCX, and vote results as CSV."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from dieuhanh.core.tables import write_csv
from dieuhanh.org.models import level_word
from dieuhanh.vn.dates import format_date_line

from .models import Meeting
from .voting import quorum, tally


def _para(
    doc: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 14,
    center: bool = False,
    indent: bool = True,
) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(6)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            fmt.first_line_indent = Cm(1.27)


def minutes_docx(meeting: Meeting) -> bytes:
    """The minutes from the record: attendance, items, opinions, votes with counts, conclusions."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    issuer = meeting.issuer
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(
        issuer.name.upper().replace("ỦY BAN NHÂN DÂN ", "ỦY BAN NHÂN DÂN\n")
    ).bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n").bold = True
    motto.add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    _para(
        doc,
        format_date_line(issuer.place_name or issuer.name, meeting.held_on),
        italic=True,
        center=True,
        size=13,
    )
    _para(doc, "BIÊN BẢN", bold=True, center=True)
    _para(doc, meeting.display_title.replace("Kết quả ", ""), bold=True, center=True)
    when = timezone.localtime(meeting.starts_at)
    _para(doc, f"Thời gian: {when:%H} giờ {when:%M}, ngày {when:%d/%m/%Y}. Địa điểm: {meeting.place or '…'}.")
    if meeting.chair:
        _para(doc, f"Chủ trì: đồng chí {meeting.chair.full_name}, {meeting.chair.title}.")
    _para(doc, "I. THÀNH PHẦN DỰ HỌP", bold=True, indent=False)
    for attendee in meeting.attendees.all():
        status = attendee.get_status_display()
        extra = attendee.absence_reason or attendee.represented_by
        role = "thành viên UBND" if attendee.is_member else "đại biểu"
        _para(doc, f"- {attendee.name} ({role}): {status}{'; ' + extra if extra else ''}.", indent=False)
    _para(doc, quorum(meeting).text)
    _para(doc, "II. NỘI DUNG PHIÊN HỌP", bold=True, indent=False)
    committee = f"UBND {level_word(issuer)}"
    for agenda_section in meeting.sections.all():
        _para(doc, f"{agenda_section.label}. {agenda_section.title}", bold=True, indent=False)
        for item in agenda_section.items.all():
            _para(doc, f"{item.label}. {item.title}", bold=True)
            if item.presenter_label:
                _para(doc, f"Đơn vị trình: {item.presenter_label}.")
            for opinion in item.opinions.all():
                _para(doc, f"Ý kiến của {opinion.speaker_name}: {opinion.gist}")
            result = tally(item)
            if result.consensus:
                _para(doc, f"Chủ tịch {committee} kết luận thống nhất, không biểu quyết.")
            elif result.agree or result.disagree or result.abstain:
                _para(
                    doc,
                    f"Biểu quyết: {result.agree} tán thành, {result.disagree} không tán thành, {result.abstain} không "
                    f"biểu quyết trên {result.base} thành viên {'UBND' if result.written else 'dự họp'}: {result.wording}.",
                )
            if item.decision:
                _para(doc, f"Kết luận: {item.decision}")
            for directive in item.directives.all():
                _para(doc, f"- {directive.text}.")
    _para(doc, "Biên bản kết thúc vào hồi … giờ … cùng ngày./.", italic=True)
    signatures = doc.add_table(rows=1, cols=2)
    signatures.rows[0].cells[0].paragraphs[0].add_run("THƯ KÝ").bold = True
    chair_cell = signatures.rows[0].cells[1].paragraphs[0]
    chair_cell.add_run("CHỦ TỌA\n\n\n\n").bold = True
    if meeting.chair:
        chair_cell.add_run(meeting.chair.full_name).bold = True
    for cell in signatures.rows[0].cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def votes_csv(meeting: Meeting) -> bytes:
    """Every vote of the session, one row per member and item, with the item's result."""
    rows = []
    for agenda_section in meeting.sections.all():
        for item in agenda_section.items.all():
            result = tally(item)
            for vote in item.votes.select_related("member").order_by("member__full_name"):
                rows.append(
                    [
                        item.key,
                        item.title,
                        vote.member.full_name,
                        vote.get_choice_display(),
                        vote.get_channel_display(),
                        result.wording,
                    ]
                )
            if result.consensus:
                rows.append([item.key, item.title, "", "Thống nhất (không biểu quyết)", "", result.wording])
    return write_csv(["Nội dung", "Tên nội dung", "Thành viên", "Biểu quyết", "Hình thức", "Kết quả"], rows)
