"""The seed's session, entered through the same services an office uses: the administrative session of August
2021 of the Sông Lô district People's Committee, both sections, six items, every approval and directive.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from dieuhanh.directives.models import DirectiveKind, Verb
from dieuhanh.org.models import Person, Unit

from . import conclusions, services, voting
from .models import (
    AttendanceStatus,
    EntryKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProgrammeEntry,
    WorkProgramme,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_TITLE = "Kết quả phiên họp hành chính tháng 8 năm 2021"
SEED_SUMMARY = (
    "Ngày 09/8/2021, UBND huyện Sông Lô tổ chức phiên hành chính tháng 8/2021. Trên cơ sở báo cáo kết quả công "
    "tác chỉ đạo điều hành tháng 07/2021, nhiệm vụ công tác tháng 08/2021 và nội dung báo cáo chuyên đề do Văn "
    "phòng HĐND-UBND huyện và các phòng trình tại phiên họp; trên cơ sở ý kiến phát biểu, thảo luận của các đại "
    "biểu và ý kiến thảo luận, biểu quyết của các thành viên UBND huyện, Chủ tịch UBND huyện kết luận, thông báo "
    "như sau:"
)
LEGAL_BASES = [
    "Thực hiện Luật Tổ chức chính quyền địa phương ngày 19/6/2015 và Luật sửa đổi, bổ sung một số điều của Luật "
    "Tổ chức chính quyền địa phương năm 2019",
    "Thực hiện Quy chế làm việc của UBND huyện Sông Lô nhiệm kỳ 2016- 2021",
]
VP = "Văn phòng HĐND-UBND huyện"
FINALIZE_TAIL_SEND = " để gửi đến các thành phần tham dự hội nghị biết, thực hiện"

# The programme entries of August 2021 that the session took up (the programme itself is the office's document).
PROGRAMME = [
    (
        "253-TNMT",
        "Báo cáo công tác quản lý nhà nước về khai thác khoáng sản trên địa bàn huyện",
        EntryKind.THEMATIC,
    ),
    ("253-VP", "Báo cáo kết quả giải quyết thủ tục hành chính tháng 7/2021", EntryKind.PERIODIC),
    (
        "253-KTHT",
        "Báo cáo công tác quản lý chất lượng xây dựng cơ bản trên địa bàn huyện 6 tháng đầu năm 2021",
        EntryKind.THEMATIC,
    ),
    (
        "253-TP",
        "Báo cáo kết quả kiểm tra liên ngành về công tác xử lý vi phạm hành chính",
        EntryKind.THEMATIC,
    ),
    ("253-VP", "Báo cáo công tác chỉ đạo, điều hành của UBND huyện tháng 7", EntryKind.PERIODIC),
]


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@transaction.atomic
def load_seed_session() -> Meeting:
    """Create the August 2021 session as the seed records it; an existing one is returned unchanged."""
    issuer = _unit("253")
    existing = Meeting.objects.filter(
        issuer=issuer, period=dt.date(2021, 8, 1), kind=MeetingKind.ADMINISTRATIVE
    ).first()
    if existing is not None:
        return existing
    programme, _ = WorkProgramme.objects.get_or_create(
        issuer=issuer, year=2021, defaults={"title": "Chương trình công tác năm 2021 của UBND huyện Sông Lô"}
    )
    for position, (code, title, kind) in enumerate(PROGRAMME):
        ProgrammeEntry.objects.get_or_create(
            programme=programme,
            month=8,
            title=title,
            defaults={"presenter": _unit(code), "kind": kind, "position": position},
        )
    chair = Person.objects.get(user__username="chutich")
    meeting = services.create_meeting(
        actor=None,
        issuer=issuer,
        kind=MeetingKind.ADMINISTRATIVE,
        starts_at=dt.datetime(2021, 8, 9, 8, 0, tzinfo=TZ),
        place="Hội trường UBND huyện Sông Lô",
        chair=chair,
        period=dt.date(2021, 8, 1),
        legal_bases=LEGAL_BASES,
        title=SEED_TITLE,
    )
    meeting.summary = SEED_SUMMARY
    meeting.save(update_fields=["summary"])
    s1 = services.add_section(
        actor=None, meeting=meeting, title="PHẦN NGHE CÁC BÁO CÁO THEO CHƯƠNG TRÌNH CÔNG TÁC NĂM 2021"
    )
    s2 = services.add_section(
        actor=None, meeting=meeting, title="PHẦN SƠ KẾT CÔNG TÁC PHÒNG, CHỐNG DỊCH COVID-19"
    )
    items = [
        services.add_item(
            actor=None,
            section=s1,
            presenter=_unit("253-TNMT"),
            presenter_label="phòng Tài nguyên-MT huyện",
            title="Về báo cáo công tác quản lý nhà nước về khai thác khoáng sản trên địa bàn huyện",
        ),
        services.add_item(
            actor=None,
            section=s1,
            presenter=_unit("253-VP"),
            presenter_label=VP,
            title="Về báo cáo kết quả giải quyết thủ tục hành chính tháng 7/2021, phương hướng, nhiệm vụ tháng 8",
        ),
        services.add_item(
            actor=None,
            section=s1,
            presenter=_unit("253-KTHT"),
            presenter_label="phòng Kinh tế- HT huyện",
            title="Về báo cáo công tác quản lý chất lượng xây dựng cơ bản trên địa bàn huyện 6 tháng đầu năm 2021",
        ),
        services.add_item(
            actor=None,
            section=s1,
            presenter=_unit("253-TP"),
            presenter_label="phòng Tư pháp huyện",
            title="Về Báo cáo kết quả kiểm tra liên ngành về công tác xử lý vi phạm hành chính trên địa bàn "
            "huyện Sông Lô năm 2020 và 6 tháng đầu năm 2021",
        ),
        services.add_item(
            actor=None,
            section=s1,
            presenter=_unit("253-VP"),
            presenter_label=VP,
            title="Về báo cáo công tác chỉ đạo, điều hành của UBND huyện tháng 7, phương hướng, nhiệm vụ tháng 8/2021",
        ),
        services.add_item(
            actor=None,
            section=s2,
            presenter=_unit("253-VP"),
            presenter_label=VP,
            title="Về báo cáo sơ kết công tác phòng chống dịch bệnh Covid – 19 trên địa bàn huyện",
        ),
    ]
    services.advance(actor=None, meeting=meeting, to=MeetingStatus.AGENDA_SENT)
    for attendee in services.invite_members(actor=None, meeting=meeting):
        services.set_attendance(actor=None, attendee=attendee, status=AttendanceStatus.PRESENT)
    services.advance(actor=None, meeting=meeting, to=MeetingStatus.IN_SESSION)
    members = voting.attending_members(meeting)

    i1, i2, i3, i4, i5, ii1 = items
    voting.record_consensus(actor=None, item=i1)
    for item in (i2, i3, i4, i5, ii1):
        voting.open_vote(actor=None, item=item)
        for member in members:
            voting.cast_vote(actor=None, item=item, member=member, choice="agree")
        voting.close_vote(actor=None, item=item)

    conclusions.conclude_item(
        actor=None,
        item=i1,
        finalize="giao phòng Tài nguyên-MT hoàn thiện báo cáo trình Lãnh đạo UBND huyện phê duyệt ban hành",
    )
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        item=i1,
        verb=Verb.REQUIRE,
        kind=DirectiveKind.REQUIREMENT,
        ongoing=True,
        assignees=["Phòng Tài nguyên-MT huyện", "Công an huyện", "Chủ tịch UBND các xã, thị trấn"],
        text="Yêu cầu Phòng Tài nguyên-MT huyện, Công an huyện và Chủ tịch UBND các xã, thị trấn cần tập trung tăng "
        "cường trách nhiệm quản lý đối với việc khai thác đất, hạ cốt nền của các hộ gia đình trên địa bàn",
        tail=", không để xảy ra tình trạng vi phạm, kiên quyết, kịp thời xử lý nghiêm nếu phát hiện khai thác đất, hạ "
        "cốt nền trái phép và yêu cầu khắc phục hiện trạng theo đúng quy định.",
    )
    conclusions.conclude_item(actor=None, item=i2, finalize_tail=FINALIZE_TAIL_SEND + ";")
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        item=i2,
        kind=DirectiveKind.TASK,
        assignees=[VP],
        text="Giao Văn phòng HĐND-UBND huyện gửi báo cáo xếp hạng các phòng, đơn vị và các xã, thị trấn về kết quả "
        "giải quyết thủ tục hành chính đến Cổng thông tin điện tử huyện, Trung tâm Văn hóa – TTTT huyện để phát "
        "thanh và công khai; theo dõi, đôn đốc các phòng, đơn vị và UBND các xã tiếp tục thực hiện",
        tail=", nhất là các xã có tỷ lệ giải quyết hồ sơ TTHC chậm hạn cao phải khắc phục ngay không để tình trạng "
        "này kéo dài.",
    )
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        item=i2,
        verb=Verb.REQUIRE,
        kind=DirectiveKind.REQUIREMENT,
        ongoing=True,
        assignees=["thủ trưởng các cơ quan, đơn vị", "Chủ tịch UBND các xã, thị trấn"],
        text="Yêu cầu thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn cần nâng cao trách nhiệm "
        "trong việc chỉ đạo thực hiện nghiêm việc cập nhật giải quyết thủ tục hành chính trên hệ thống theo đúng quy định",
        tail=". Đồng thời lựa chọn cán bộ có trình độ chuyên môn, tin học đáp ứng được yêu cầu công việc để nâng cao "
        "kết quả giải quyết thủ tục hành chính, nếu trong quá trình thực hiện có vướng mắc, cần trao đổi, liên hệ ngay "
        "Văn phòng HĐND-UBND huyện để được hỗ trợ giải quyết đảm bảo thông suốt.",
    )
    conclusions.conclude_item(actor=None, item=i3, finalize_tail=FINALIZE_TAIL_SEND + ";")
    conclusions.conclude_item(actor=None, item=i4, finalize_tail=FINALIZE_TAIL_SEND + ".")
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        item=i4,
        verb=Verb.REQUIRE,
        kind=DirectiveKind.REQUIREMENT,
        ongoing=True,
        assignees=["UBND các xã, thị trấn"],
        text="Yêu cầu UBND các xã, thị trấn cần tăng cường trách nhiệm trong công tác xử lý vi phạm hành chính",
        tail=" nhằm xác định đúng hành vi, thẩm quyền xử phạt cũng như hiệu lực của các quyết định hành chính khi "
        "được ban hành, bên cạnh đó việc củng cố, hoàn thiện và lưu trữ hồ sơ xử phạt vi phạm hành chính cần thực "
        "hiện đầy đủ và đúng quy định.",
    )
    conclusions.conclude_item(actor=None, item=i5, finalize_tail=FINALIZE_TAIL_SEND + ".")
    conclusions.conclude_item(actor=None, item=ii1, finalize_tail=FINALIZE_TAIL_SEND + ".")
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        item=ii1,
        verb=Verb.REQUIRE,
        kind=DirectiveKind.REQUIREMENT,
        ongoing=True,
        assignees=["các cấp, các ngành trên địa bàn huyện"],
        lead_in="Trước tính chất phức tạp, nguy hiểm và dịch bệnh có khả năng xâm nhập vào địa bàn huyện, đồng chí "
        "Lê Quang Nghiệp- Phó Bí thư Huyện ủy, Chủ tịch UBND huyện đã kết luận",
        text="yêu cầu các cấp, các ngành trên địa bàn huyện cần tập trung cao độ cho công tác phòng, chống dịch bệnh CoVid-19",
        tail=", trong đó tập trung trọng tâm các vào Quản lý chặt, nghiêm các trường hợp từ vùng dịch về địa phương "
        "đảm bảo kịp thời và theo đúng quy định; tăng cường tuyên truyền nhân dân hạn chế di chuyển về huyện trong "
        "thời gian dịch diễn biến căng thẳng; nâng cao hiệu quả hoạt động khu cách ly tập trung, chuẩn bị đầy đủ, "
        "sẵn sàng các điều kiện cần thiết cho các tình huống dịch theo kịch bản; tăng cường số lượng và chất lượng "
        "hoạt động tại các chốt kiểm dịch, thành lập thêm 02 chốt của huyện tại 02 bến phà Then và Đức Bác; Tạm "
        "dừng hoạt động của các bến đò qua Sông Lô; tăng cường hiệu quả hoạt động của Tổ CoVid cộng đồng, kịp thời "
        "chi trả chế độ và động viên tổ tiếp tục thực hiện tốt hơn nữa công tác phòng, chống dịch tại địa phương, "
        "kịp thời triển khai các hoạt động hỗ trợ phòng dịch đối với các đối tượng theo đúng quy định.",
    )
    conclusions.add_paragraph(
        actor=None,
        meeting=meeting,
        item=ii1,
        text="Tại hội nghị sơ kết, đồng chí Lê Quang Nghiệp- Phó Bí thư Huyện ủy, Chủ tịch UBND huyện đã đánh giá "
        "rất cao dự cố gắng, nỗ lực của toàn hệ thống chính trị và Nhân dân huyện ta trong công tác phòng, chống "
        "dịch bệnh, bảo vệ thành quả huyện đã đạt được là không để có ca nhiễm trong cộng đồng trong thời gian qua. "
        "Đề kịp thời động viên, khích lệ sự cố gắng trong công tác phòng, chống dịch bệnh trong giai đoạn vừa qua, "
        "huyện đã tiến hành khen thưởng cho 31 tập thể và 64 cá nhân có thành tích xuất sắc.",
    )
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        verb=Verb.REQUIRE,
        kind=DirectiveKind.REQUIREMENT,
        ongoing=True,
        assignees=["các phòng, cơ quan, đơn vị", "UBND các xã, thị trấn"],
        text="Yêu cầu các phòng, cơ quan, đơn vị và UBND các xã, thị trấn nghiêm túc thực hiện",
    )
    conclusions.add_directive(
        actor=None,
        meeting=meeting,
        kind=DirectiveKind.FOLLOW_UP,
        assignees=[VP],
        ongoing=True,
        reporting_cycle="monthly",
        text="Giao Văn phòng HĐND-UBND huyện có trách nhiệm theo dõi, đôn đốc thực hiện và tổng hợp báo cáo Lãnh "
        "đạo UBND huyện",
        tail="./.",
    )
    conclusions.conclude_meeting(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    return meeting
