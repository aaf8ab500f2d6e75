"""Sessions of the People's Committee and the annual work programme they follow.

A meeting moves only forward: planned → agenda sent → in session → concluded → notice issued. Whether a programme
entry was presented, postponed or dropped is derived from the agenda items that refer to it, never stored twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import Person, Unit


class WorkProgramme(models.Model):
    """The year's work programme (Chương trình công tác năm) of an issuing body."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_programmes")
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên chương trình"), max_length=300, blank=True)
    source_document = models.CharField(_("văn bản ban hành"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chương trình công tác năm")
        verbose_name_plural = _("chương trình công tác năm")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="programme_issuer_year")]

    def __str__(self) -> str:
        return self.title or f"Chương trình công tác năm {self.year}"


class EntryKind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    THEMATIC = "thematic", _("Chuyên đề")


class ProgrammeEntry(models.Model):
    """A report a unit is to present in a month of the programme."""

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="entries")
    month = models.PositiveSmallIntegerField(_("tháng"))
    presenter = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=EntryKind.choices, default=EntryKind.THEMATIC)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["programme", "month", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="entry_month_range"),
        ]

    def __str__(self) -> str:
        return f"T{self.month}: {self.title}"


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Thường kỳ")
    ADMINISTRATIVE = "administrative", _("Phiên họp hành chính")
    THEMATIC = "thematic", _("Chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Bất thường")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    AGENDA_SENT = "agenda_sent", _("Đã gửi chương trình, tài liệu")
    IN_SESSION = "in_session", _("Đang họp")
    CONCLUDED = "concluded", _("Đã kết luận")
    NOTICE_ISSUED = "notice_issued", _("Đã ban hành thông báo")


STATUS_ORDER = list(MeetingStatus.values)


class Meeting(models.Model):
    """A session of the committee."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("loại phiên họp"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("tên phiên họp"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person, verbose_name=_("chủ trì"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("tháng báo cáo"), null=True, blank=True, help_text=_("Ngày đầu tháng."))
    legal_bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    summary = models.TextField(_("đoạn mở đầu"), blank=True, help_text=_("Để trống để soạn tự động."))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    imported = models.BooleanField(_("nhập từ văn bản cũ"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp")
        verbose_name_plural = _("phiên họp")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def held_on(self) -> dt.date:
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        label = str(MeetingKind(self.kind).label).lower()
        if self.period:
            return f"Phiên họp {label.replace('phiên họp ', '')} tháng {self.period.month}/{self.period.year}"
        return f"Phiên họp {label.replace('phiên họp ', '')} ngày {self.held_on:%d/%m/%Y}"

    @property
    def is_locked(self) -> bool:
        """A concluded meeting's record no longer changes."""
        return self.status in (MeetingStatus.CONCLUDED, MeetingStatus.NOTICE_ISSUED)


class AgendaSection(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sections")
    label = models.CharField(_("số thứ tự"), max_length=10, blank=True, help_text=_("I, II, ..."))
    title = models.CharField(_("tên phần"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}" if self.label else self.title


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Chưa xem xét")
    CONCLUDED = "concluded", _("Đã kết luận")
    POSTPONED = "postponed", _("Hoãn")
    DROPPED = "dropped", _("Rút khỏi chương trình")


class AgendaItem(models.Model):
    """A report presented at the session, with the Chair's conclusion on it."""

    section = models.ForeignKey(AgendaSection, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("số thứ tự"), max_length=10, blank=True)
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presenter_label = models.CharField(
        _("tên đơn vị trình như viết trong thông báo"), max_length=200, blank=True
    )
    programme_entry = models.ForeignKey(
        ProgrammeEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(default=0)
    outcome = models.CharField(
        _("kết quả"), max_length=12, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    postponed_to = models.DateField(_("hoãn đến tháng"), null=True, blank=True)
    has_draft_report = models.BooleanField(_("có dự thảo báo cáo"), default=True)
    consensus = models.BooleanField(_("Chủ tịch kết luận thống nhất, không biểu quyết"), default=False)
    vote_open = models.BooleanField(_("đang biểu quyết"), default=False)
    vote_closed_at = models.DateTimeField(_("kết thúc biểu quyết"), null=True, blank=True)
    decision = models.TextField(_("câu kết luận"), blank=True)

    class Meta:
        verbose_name = _("nội dung phiên họp")
        verbose_name_plural = _("nội dung phiên họp")
        ordering = ["section__position", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.section.label}.{self.label} {self.title}"

    @property
    def key(self) -> str:
        """The 'SECTION.ITEM' label used by notices and directives ('I.2')."""
        return f"{self.section.label}.{self.label}"


def document_path(instance: ItemDocument, filename: str) -> str:
    return f"meetings/{instance.item.section.meeting_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class ItemDocument(models.Model):
    """A draft report attached to an agenda item; files are never overwritten — a new version is a new row."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["item", "title", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "title", "version"], name="document_version")]

    def __str__(self) -> str:
        return f"{self.title} (bản {self.version})"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Được mời")
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng")
    REPRESENTED = "represented", _("Cử người dự thay")


class Attendee(models.Model):
    """A committee member or an invited delegate of a session, and whether they attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    name = models.CharField(_("họ và tên"), max_length=120)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_member = models.BooleanField(_("thành viên UBND"), default=False)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    absence_reason = models.CharField(_("lý do vắng"), max_length=300, blank=True)
    represented_by = models.CharField(_("người dự thay"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành phần dự họp")
        verbose_name_plural = _("thành phần dự họp")
        ordering = ["meeting", "-is_member", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="attendee_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Opinion(models.Model):
    """What a speaker said on an item (the gist, as the secretary notes it)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="opinions")
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    speaker_name = models.CharField(_("người phát biểu"), max_length=200)
    gist = models.TextField(_("nội dung chính"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["item", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker_name}: {self.gist[:60]}"


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Tán thành")
    DISAGREE = "disagree", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")


class VoteChannel(models.TextChoices):
    SECRETARY = "secretary", _("Thư ký ghi nhận")
    SELF = "self", _("Thành viên tự biểu quyết")
    WRITTEN = "written", _("Phiếu lấy ý kiến")


class Vote(models.Model):
    """One committee member's vote on an item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("biểu quyết"), max_length=10, choices=VoteChoice.choices)
    channel = models.CharField(max_length=10, choices=VoteChannel.choices, default=VoteChannel.SECRETARY)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Consultation(models.Model):
    """A written consultation of all committee members on an item between sessions (phiếu lấy ý kiến)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="consultation")
    deadline = models.DateTimeField(_("hạn trả lời"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến thành viên")
        verbose_name_plural = _("lấy ý kiến thành viên")

    def __str__(self) -> str:
        return f"Lấy ý kiến đến {self.deadline:%d/%m/%Y %H:%M}"


class BlockKind(models.TextChoices):
    APPROVAL = "approval", _("Kết quả biểu quyết và giao hoàn thiện")
    DIRECTIVE = "directive", _("Nhiệm vụ")
    TEXT = "text", _("Đoạn văn")


class ConclusionBlock(models.Model):
    """One paragraph of the Chair's conclusion on an item (or of the closing part when ``item`` is empty)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusion_blocks")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="conclusion_blocks"
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=BlockKind.choices)
    directive = models.ForeignKey(
        "directives.Directive", null=True, blank=True, on_delete=models.CASCADE, related_name="blocks"
    )
    lead_in = models.TextField(_("phần mở đầu đoạn"), blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    continues = models.BooleanField(_("viết tiếp đoạn trước"), default=False)

    class Meta:
        verbose_name = _("đoạn kết luận")
        verbose_name_plural = _("đoạn kết luận")
        ordering = ["meeting", "item__section__position", "item__position", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.position}"
