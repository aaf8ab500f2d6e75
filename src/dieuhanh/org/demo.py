"""Demo registry: Sông Lô district (Vĩnh Phúc province) as of August 2021.

The committee, its Chair and office chief, and the units are those the seed notice names; the departments are
those Decree 37/2014/NĐ-CP (amended by 108/2020/NĐ-CP) sets for a rural district; the communes and the township
come from the ``vietnam-provinces`` package's pre-2025 data (version 0.6.0), not typed by hand.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from django.db import transaction

from .models import GroupKey, MembershipRole, Role, Unit, UnitKind, UnitLevel
from .services import add_alias, save_person, save_unit, seat_member, set_groups

DEMO_PASSWORD = "dieuhanh-demo"
ISSUER_CODE = "253"
PROVINCE_CODE = 26
DISTRICT_CODE = 253
TERM_START = dt.date(2021, 6, 1)

# (code suffix, name, short name, symbol, kind, aliases)
_UNITS: list[tuple[str, str, str, str, str, list[str]]] = [
    (
        "VP",
        "Văn phòng HĐND và UBND huyện Sông Lô",
        "Văn phòng HĐND và UBND huyện",
        "VP",
        UnitKind.OFFICE,
        ["Văn phòng HĐND-UBND huyện", "VP HĐND&UBND huyện", "Văn phòng HĐND và UBND", "Văn phòng UBND huyện"],
    ),
    ("NV", "Phòng Nội vụ huyện Sông Lô", "Phòng Nội vụ", "NV", UnitKind.DEPARTMENT, ["Phòng Nội vụ huyện"]),
    (
        "TP",
        "Phòng Tư pháp huyện Sông Lô",
        "Phòng Tư pháp",
        "TP",
        UnitKind.DEPARTMENT,
        ["Phòng Tư pháp huyện"],
    ),
    (
        "TCKH",
        "Phòng Tài chính - Kế hoạch huyện Sông Lô",
        "Phòng TC-KH",
        "TCKH",
        UnitKind.DEPARTMENT,
        ["Phòng TC-KH", "Phòng Tài chính Kế hoạch"],
    ),
    (
        "TNMT",
        "Phòng Tài nguyên và Môi trường huyện Sông Lô",
        "Phòng TN&MT",
        "TNMT",
        UnitKind.DEPARTMENT,
        ["phòng Tài nguyên-MT", "phòng TN&MT", "Phòng TN-MT huyện"],
    ),
    (
        "LDTBXH",
        "Phòng Lao động - Thương binh và Xã hội huyện Sông Lô",
        "Phòng LĐ-TB&XH",
        "LĐTBXH",
        UnitKind.DEPARTMENT,
        ["Phòng LĐ-TB&XH", "Phòng LĐTBXH"],
    ),
    (
        "VHTT",
        "Phòng Văn hóa và Thông tin huyện Sông Lô",
        "Phòng VH&TT",
        "VHTT",
        UnitKind.DEPARTMENT,
        ["Phòng VH-TT", "Phòng Văn hoá và Thông tin"],
    ),
    (
        "GDDT",
        "Phòng Giáo dục và Đào tạo huyện Sông Lô",
        "Phòng GD&ĐT",
        "GDĐT",
        UnitKind.DEPARTMENT,
        ["Phòng GD&ĐT"],
    ),
    ("YT", "Phòng Y tế huyện Sông Lô", "Phòng Y tế", "YT", UnitKind.DEPARTMENT, []),
    ("TTRA", "Thanh tra huyện Sông Lô", "Thanh tra huyện", "TTr", UnitKind.DEPARTMENT, ["Thanh tra huyện"]),
    (
        "KTHT",
        "Phòng Kinh tế và Hạ tầng huyện Sông Lô",
        "Phòng KT-HT",
        "KTHT",
        UnitKind.DEPARTMENT,
        ["phòng Kinh tế- HT", "Phòng KT&HT", "Phòng Kinh tế - Hạ tầng"],
    ),
    (
        "NNPTNT",
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Sông Lô",
        "Phòng NN&PTNT",
        "NNPTNT",
        UnitKind.DEPARTMENT,
        ["Phòng NN&PTNT", "Phòng Nông nghiệp"],
    ),
    ("CA", "Công an huyện Sông Lô", "Công an huyện", "CA", UnitKind.AGENCY, ["Công an huyện", "CA huyện"]),
    (
        "QS",
        "Ban Chỉ huy Quân sự huyện Sông Lô",
        "Ban CHQS huyện",
        "QS",
        UnitKind.AGENCY,
        ["Ban CHQS huyện", "BCH Quân sự huyện"],
    ),
    (
        "TTVH",
        "Trung tâm Văn hóa - Thông tin và Truyền thông huyện Sông Lô",
        "Trung tâm VH-TTTT huyện",
        "TTVH",
        UnitKind.AGENCY,
        ["Trung tâm Văn hóa – TTTT huyện", "Trung tâm Văn hóa - TTTT", "Đài Truyền thanh huyện"],
    ),
]

# (username, full name, title, unit code, role); the Chair and the office chief are those the seed names.
_PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("chutich", "Lê Quang Nghiệp", "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện", "253", Role.CHAIR),
    ("phochutich", "Nguyễn Văn An", "Phó Chủ tịch UBND huyện (dữ liệu mẫu)", "253", Role.VICE_CHAIR),
    ("chanhvanphong", "Bùi Văn Thọ", "Chánh Văn phòng HĐND và UBND huyện", "253-VP", Role.OFFICE_CHIEF),
    ("vanphong", "Trần Thị Bình", "Chuyên viên Văn phòng (dữ liệu mẫu)", "253-VP", Role.OFFICE_STAFF),
    (
        "truongphong.tnmt",
        "Phạm Văn Cường",
        "Trưởng phòng Tài nguyên và Môi trường (dữ liệu mẫu)",
        "253-TNMT",
        Role.UNIT_HEAD,
    ),
    (
        "chuyenvien.tnmt",
        "Lê Thị Dung",
        "Chuyên viên phòng Tài nguyên và Môi trường (dữ liệu mẫu)",
        "253-TNMT",
        Role.UNIT_STAFF,
    ),
    (
        "xa.dongque",
        "Hoàng Văn Em",
        "Công chức Văn phòng - Thống kê xã Đồng Quế (dữ liệu mẫu)",
        "08800",
        Role.UNIT_STAFF,
    ),
    ("xem", "Đỗ Thị Giang", "Người xem (dữ liệu mẫu)", "253-VP", Role.VIEWER),
]
# Committee seats: the Chair, the Vice-Chair and heads of the departments that sit on the committee.
_SEATS: list[tuple[str, str]] = [
    ("chutich", MembershipRole.CHAIR),
    ("phochutich", MembershipRole.VICE_CHAIR),
    ("chanhvanphong", MembershipRole.MEMBER),
    ("truongphong.tnmt", MembershipRole.MEMBER),
]


def _communes() -> list[dict[str, object]]:
    """The communes and township of Sông Lô district from the vietnam-provinces package (pre-2025 data)."""
    raw = resources.files("vietnam_provinces").joinpath("data/nested-divisions.json").read_text("utf-8")
    for province in json.loads(raw):
        if province["code"] != PROVINCE_CODE:
            continue
        for district in province["districts"]:
            if district["code"] == DISTRICT_CODE:
                return list(district["wards"])
    raise LookupError("Sông Lô district is missing from the vietnam-provinces data.")


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or refresh the Sông Lô registry, people, seats and demo logins; returns counts."""
    province = save_unit(
        actor=None,
        code="26",
        name="Ủy ban nhân dân tỉnh Vĩnh Phúc",
        short_name="UBND tỉnh Vĩnh Phúc",
        symbol="UBND",
        kind=UnitKind.COMMITTEE,
        level=UnitLevel.PROVINCE,
        is_issuer=False,
        place_name="Vĩnh Phúc",
        admin_code="26",
        aliases=["UBND tỉnh"],
    )
    district = save_unit(
        actor=None,
        code=ISSUER_CODE,
        name="Ủy ban nhân dân huyện Sông Lô",
        short_name="UBND huyện Sông Lô",
        symbol="UBND",
        kind=UnitKind.COMMITTEE,
        level=UnitLevel.DISTRICT,
        parent=province,
        issuer=None,
        is_issuer=True,
        place_name="Sông Lô",
        admin_code="253",
        sort_order=1,
        aliases=["UBND huyện", "UBND huyện Sông Lô", "Lãnh đạo UBND huyện"],
    )
    save_unit(
        actor=None,
        code="253-HDND",
        name="Hội đồng nhân dân huyện Sông Lô",
        short_name="HĐND huyện",
        symbol="HĐND",
        kind=UnitKind.COUNCIL,
        level=UnitLevel.DISTRICT,
        issuer=district,
        place_name="Sông Lô",
        sort_order=2,
        aliases=["HĐND huyện", "Thường trực HĐND huyện"],
    )
    save_unit(
        actor=None,
        code="253-HU",
        name="Huyện ủy Sông Lô",
        short_name="Huyện ủy",
        symbol="HU",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.DISTRICT,
        issuer=district,
        place_name="Sông Lô",
        sort_order=3,
        aliases=["Thường trực Huyện ủy", "Huyện ủy"],
    )
    for order, (suffix, name, short, symbol, kind, aliases) in enumerate(_UNITS, start=10):
        unit = save_unit(
            actor=None,
            code=f"{ISSUER_CODE}-{suffix}",
            name=name,
            short_name=short,
            symbol=symbol,
            kind=kind,
            level=UnitLevel.DISTRICT,
            parent=district,
            issuer=district,
            place_name="Sông Lô",
            sort_order=order,
            aliases=aliases,
        )
        groups = [GroupKey.UNITS] + ([GroupKey.DEPARTMENTS] if kind != UnitKind.AGENCY else [])
        set_groups(unit=unit, keys=groups)
    communes = _communes()
    for order, ward in enumerate(communes, start=100):
        ward_name = str(ward["name"])  # "Xã Lãng Công", "Thị trấn Tam Sơn"
        place = ward_name.split(" ", 1)[1] if ward_name.startswith("Xã ") else ward_name.split(" ", 2)[2]
        level_word = "xã" if ward_name.startswith("Xã ") else "thị trấn"
        unit = save_unit(
            actor=None,
            code=f"{int(str(ward['code'])):05d}",
            name=f"Ủy ban nhân dân {level_word} {place}",
            short_name=f"UBND {level_word} {place}",
            symbol="UBND",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.COMMUNE,
            parent=district,
            issuer=district,
            is_issuer=True,
            place_name=place,
            admin_code=f"{int(str(ward['code'])):05d}",
            sort_order=order,
            aliases=[f"{level_word} {place}", ward_name],
        )
        set_groups(unit=unit, keys=[GroupKey.COMMUNES])
    add_alias(actor=None, unit=district, text="Ủy ban nhân dân huyện", _audit=False)
    people = {}
    for username, full_name, title, unit_code, role in _PEOPLE:
        people[username] = save_person(
            actor=None,
            full_name=full_name,
            title=title,
            unit=Unit.objects.get(code=unit_code),
            role=role,
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@songlo.example",
        )
    for username, seat_role in _SEATS:
        seat_member(actor=None, committee=district, person=people[username], role=seat_role, start=TERM_START)
    return {"units": Unit.objects.count(), "communes": len(communes), "people": len(people)}


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, who) for each demo login, to print when the demo starts."""
    return [(u, DEMO_PASSWORD, f"{name} — {Role(role).label}") for u, name, _t, _c, role in _PEOPLE]
