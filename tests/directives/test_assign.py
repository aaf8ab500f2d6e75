"""Issuing a notice turns its directives into one assignment per unit, groups fanned out as on the issue date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, PermissionDenied
from dieuhanh.directives.models import AssigneeRole, Assignment, Directive, Notification, WrittenInstruction
from dieuhanh.directives.services import assign_directives, create_directive
from dieuhanh.org.models import GroupKey, Person, Unit, UnitGroup

from .conftest import ISSUED_ON, SOURCE, assignment_of, pdf, user

pytestmark = pytest.mark.django_db

COMMUNES = 14


def communes() -> set[str]:
    return set(
        UnitGroup.objects.get(issuer__code="253", key=GroupKey.COMMUNES).members.values_list(
            "code", flat=True
        )
    )


def test_seed_fans_out_to_every_commune_and_addresses_their_chairs(seed: Any) -> None:
    assert len(communes()) == COMMUNES
    first = Assignment.objects.filter(meeting=seed, directive__text__startswith="Yêu cầu Phòng Tài nguyên-MT")
    assert first.count() == 2 + COMMUNES
    by_code = {a.unit.code: a for a in first.select_related("unit")}
    assert communes() <= set(by_code)
    assert {c for c in by_code if by_code[c].person_role == "chair"} == communes()
    assert by_code["253-TNMT"].person_role == "" and by_code["253-CA"].person_role == ""
    assert by_code["08800"].addressee == "Chủ tịch UBND xã Đồng Quế"
    # "UBND các xã, thị trấn" alone: the communes themselves, no role.
    fourth = Assignment.objects.filter(meeting=seed, directive__text__startswith="Yêu cầu UBND các xã")
    assert set(fourth.values_list("unit__code", flat=True)) == communes()
    assert set(fourth.values_list("person_role", flat=True)) == {""}
    # "thủ trưởng các cơ quan, đơn vị": every department and agency (15 with the office), through its head.
    heads = Assignment.objects.filter(
        meeting=seed, directive__text__startswith="Yêu cầu thủ trưởng", person_role="head"
    )
    assert heads.count() == 15
    assert Assignment.objects.filter(meeting=seed).values("directive").distinct().count() == 13


def test_assignments_copy_the_directive_and_its_source(seed: Any) -> None:
    a = assignment_of(seed, "253-TNMT", "giao phòng Tài nguyên-MT")
    assert (a.issued_on, a.source_label, a.role, a.deadline) == (ISSUED_ON, SOURCE, AssigneeRole.LEAD, None)
    assert a.leader is not None and a.leader.full_name == "Lê Quang Nghiệp"
    follow_up = assignment_of(seed, "253-VP", "Giao Văn phòng HĐND-UBND huyện có trách nhiệm")
    assert follow_up.ongoing and follow_up.reporting_cycle == "monthly"
    assert audit.history(a).filter(action="assignment.create").count() == 1
    assert Notification.objects.filter(assignment=a, recipient__user__username="chuyenvien.tnmt").exists()


def test_issuing_twice_never_duplicates(seed: Any) -> None:
    before = Assignment.objects.count()
    rows = assign_directives(actor=user("vanphong"), meeting=seed, issued_on=ISSUED_ON, source_label=SOURCE)
    assert len(rows) == before == Assignment.objects.count()


def test_groups_expand_to_units_existing_on_the_issue_date(seed: Any) -> None:
    group = UnitGroup.objects.get(issuer__code="253", key=GroupKey.COMMUNES)
    merged = Unit.objects.get(code="08800")
    merged.valid_to = dt.date(2021, 12, 31)
    merged.save(update_fields=["valid_to"])
    new = Unit.objects.create(
        code="09999", name="Ủy ban nhân dân xã Mới", short_name="UBND xã Mới", kind="committee", level="commune",
        issuer=merged.issuer, is_issuer=True, valid_from=dt.date(2022, 1, 1),
    )  # fmt: skip
    group.members.add(new)
    directive = Directive.objects.get(meeting=seed, text__startswith="Yêu cầu UBND các xã")
    directive.pk = None
    directive.save()
    directive.assignees.create(group=GroupKey.COMMUNES, mention="UBND các xã, thị trấn")
    assign_directives(
        actor=None, directives=[directive], issued_on=dt.date(2022, 3, 1), source_label="TB 2022"
    )
    codes = set(directive.assignments.values_list("unit__code", flat=True))
    assert "09999" in codes and "08800" not in codes and len(codes) == COMMUNES


def test_only_the_office_assigns(seed: Any) -> None:
    for username in ("chutich", "xa.dongque", "chuyenvien.tnmt", "xem"):
        with pytest.raises(PermissionDenied):
            assign_directives(actor=user(username), meeting=seed, issued_on=ISSUED_ON, source_label=SOURCE)


def test_a_written_instruction_creates_a_directive_and_its_assignments(seed: Any) -> None:
    chair = Person.objects.get(user__username="chutich")
    directive = create_directive(
        actor=user("vanphong"), issuer=chair.issuer, leader=chair, document_number="125/UBND-VP",
        document_date=dt.date(2021, 9, 6), summary="về kiểm tra bến đò", deadline=dt.date(2021, 9, 30),
        text="Kiểm tra, đình chỉ hoạt động các bến đò không bảo đảm an toàn",
        lead=["Phòng Kinh tế - Hạ tầng"], support=["Công an huyện", "UBND các xã, thị trấn"],
        attachments=[pdf("phieu-chi-dao.pdf")],
    )  # fmt: skip
    rows = {a.unit.code: a for a in directive.assignments.select_related("unit")}
    assert rows["253-KTHT"].role == AssigneeRole.LEAD and rows["253-CA"].role == AssigneeRole.SUPPORT
    assert len(rows) == 2 + COMMUNES
    a = rows["253-KTHT"]
    assert a.meeting is None and a.leader == chair and a.deadline == dt.date(2021, 9, 30)
    assert a.source_label == "Văn bản số 125/UBND-VP ngày 06/9/2021 (về kiểm tra bến đò)"
    assert WrittenInstruction.objects.get(directive=directive).attachments.count() == 1


def test_a_written_instruction_is_refused_with_a_readable_message(seed: Any) -> None:
    chair = Person.objects.get(user__username="chutich")
    base = {"issuer": chair.issuer, "leader": chair, "document_date": dt.date(2021, 9, 6), "text": "Việc X"}
    with pytest.raises(DomainError, match="Không xác định được đơn vị"):
        create_directive(actor=user("vanphong"), lead=["Phòng Không Có Thật"], **base)
    with pytest.raises(DomainError, match="Hạn hoàn thành không được trước"):
        create_directive(actor=user("vanphong"), lead=["Công an huyện"], deadline=dt.date(2021, 9, 1), **base)
    with pytest.raises(PermissionDenied):
        create_directive(actor=user("xa.dongque"), lead=["Công an huyện"], **base)
    office = Person.objects.get(user__username="vanphong")
    with pytest.raises(DomainError, match="Người chỉ đạo phải là"):
        create_directive(actor=user("vanphong"), lead=["Công an huyện"], **{**base, "leader": office})
    assert not Directive.objects.filter(text="Việc X").exists()
