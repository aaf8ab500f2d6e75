"""The one phrase matcher for unit mentions: roles, groups, localities, several names; the built-in vocabulary."""

from __future__ import annotations

from dieuhanh.vn.mentions import PhraseMatcher, builtin, names_known


def _read(
    mention: str, matcher: PhraseMatcher[str] | None = None
) -> list[tuple[tuple[str, ...], str | None, tuple[str, ...]]]:
    reading = (matcher or builtin()).read(mention)
    return [(h.targets, h.group, h.roles) for h in reading.hits]


def test_several_names_in_one_mention_each_with_its_role() -> None:
    assert _read("Phòng TN&MT huyện, Công an huyện và Chủ tịch UBND các xã, thị trấn") == [
        (("Phòng Tài nguyên và Môi trường",), None, ()),
        (("Công an",), None, ()),
        ((), "communes", ("chair",)),
    ]


def test_groups_carry_the_schema_labels_from_the_one_group_rule() -> None:
    assert _read("thủ trưởng các cơ quan, đơn vị") == [((), "units", ("head",))]
    assert _read("các phòng chuyên môn") == [((), "departments", ())]
    assert _read("các cấp, các ngành") == [((), "all", ())]


def test_office_holders_are_roles_of_the_body_named_after_them() -> None:
    assert _read("Phó Chủ tịch UBND huyện") == [(("UBND",), None, ("vice_chair",))]
    assert _read("Giám đốc Sở Xây dựng") == [(("Sở Xây dựng",), None, ("head",))]
    # a role word that starts a unit's name is the unit
    assert _read("Thanh tra huyện") == [(("Thanh tra",), None, ())]


def test_registry_names_and_places_come_from_whoever_builds_the_matcher() -> None:
    matcher: PhraseMatcher[str] = PhraseMatcher(places=["Sông Lô"])
    matcher.add("Phòng Văn hóa và Thông tin", "VHTT", places=["Sông Lô"])
    matcher.add("Trung tâm Văn hóa, Thông tin và Thể thao", "TTVH")
    assert _read("phòng VH-TT huyện Sông Lô và Trung tâm VH-TT&TT", matcher) == [
        (("VHTT",), None, ()),
        (("TTVH",), None, ()),
    ]
    reading = matcher.read("Phòng VH-TT huyện Lập Thạch")
    assert reading.leftover == ("huyen", "lap", "thach")  # a place this registry does not have


def test_what_names_nothing_known_is_left_over_never_dropped() -> None:
    reading = builtin().read("Báo Hải Phòng và Sở Y tế")
    assert [h.targets for h in reading.hits] == [("Sở Y tế",)]
    assert reading.leftover == ("bao", "hai", "phong")
    assert not names_known("Báo Hải Phòng")
    assert names_known("Đài Phát thanh và Truyền hình tỉnh")
    assert names_known("UBND huyện Sông Lô")
