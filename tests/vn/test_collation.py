"""Vietnamese alphabetical order for words, unit names and people."""

from __future__ import annotations

import itertools
import unicodedata
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn.collation import person_sort_key, sort_key, sort_names

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
VIETNAMESE_TEXT = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + TONED + TONED.upper() + " 0123456789-,",
    max_size=20,
)


def test_alphabet_order() -> None:
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert sort_names(reversed(letters)) == letters
    assert sort_names(["Đông", "Dung", "Ân", "Ăn", "An", "Bình"]) == [
        "An",
        "Ăn",
        "Ân",
        "Bình",
        "Dung",
        "Đông",
    ]


def test_tone_order_is_ngang_huyen_hoi_nga_sac_nang() -> None:
    syllables = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sort_names(reversed(syllables)) == syllables


def test_letters_before_tones_and_word_by_word() -> None:
    assert sort_names(["mai", "má", "mác", "ma chay", "mà", "ma"]) == [
        "ma",
        "ma chay",
        "mà",
        "má",
        "mác",
        "mai",
    ]
    assert sort_names(["ăn", "án", "an"]) == ["an", "án", "ăn"]


def test_case_counts_last() -> None:
    assert sort_names(["Anh b", "anh", "Anh", "anh a"]) == ["anh", "Anh", "anh a", "Anh b"]


def test_numbers_by_value() -> None:
    assert sort_names(["Tổ 10", "Tổ 2", "Tổ 1", "Phòng 3"]) == ["Phòng 3", "Tổ 1", "Tổ 2", "Tổ 10"]


def test_old_and_new_tone_placement_sort_together() -> None:
    names = ["hoạt", "hoà", "hỏa", "hòa", "hoa"]
    assert sort_names(names)[:3] == ["hoa", "hoà", "hòa"]
    assert sort_key("hoà")[0] == sort_key("hòa")[0]


def test_decomposed_text_sorts_like_composed() -> None:
    assert sort_key(unicodedata.normalize("NFD", "Đặng Văn Ước"))[0] == sort_key("Đặng Văn Ước")[0]


def test_units_sort_alphabetically() -> None:
    units = [
        "Phòng Tư pháp",
        "Công an huyện",
        "Phòng Tài nguyên và Môi trường",
        "Văn phòng HĐND và UBND",
        "Đội Quản lý",
    ]
    assert sort_names(units) == [
        "Công an huyện",
        "Đội Quản lý",
        "Phòng Tài nguyên và Môi trường",
        "Phòng Tư pháp",
        "Văn phòng HĐND và UBND",
    ]


def test_people_sort_by_given_name_then_family_then_middle() -> None:
    people = [
        "Trần Thị Bình",
        "Nguyễn Văn An",
        "Lê Quang Nghiệp",
        "Bùi Văn Thọ",
        "Lê Văn An",
        "Lê Thị An",
        "Ánh",
    ]
    assert sort_names(people, person=True) == [
        "Lê Thị An",
        "Lê Văn An",
        "Nguyễn Văn An",
        "Ánh",
        "Trần Thị Bình",
        "Lê Quang Nghiệp",
        "Bùi Văn Thọ",
    ]


def test_person_key_tolerates_odd_spacing() -> None:
    assert person_sort_key("  Nguyễn   Văn  An ")[:3] == person_sort_key("Nguyễn Văn An")[:3]
    assert sort_names(["", "An"], person=True) == ["", "An"]


@given(st.lists(st.text(max_size=12)), st.randoms())
def test_sorting_is_a_total_order(texts: list[str], random: Random) -> None:
    ordered = sorted(texts, key=sort_key)
    shuffled = texts[:]
    random.shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ordered
    assert all(sort_key(a) <= sort_key(b) for a, b in itertools.pairwise(ordered))
    assert sort_names(ordered) == ordered


@given(st.text(max_size=12), st.text(max_size=12))
def test_equal_keys_only_for_equal_strings(a: str, b: str) -> None:
    assert (sort_key(a) == sort_key(b)) == (a == b)
    assert (person_sort_key(a) == person_sort_key(b)) == (a == b)


@given(st.text(max_size=8), st.text(max_size=8), st.text(max_size=8))
def test_order_is_transitive(a: str, b: str, c: str) -> None:
    x, y, z = sorted([a, b, c], key=sort_key)
    assert sort_key(x) <= sort_key(y) <= sort_key(z)
    assert sort_key(x) <= sort_key(z)


@given(VIETNAMESE_TEXT, VIETNAMESE_TEXT)
def test_d_stroke_after_d_and_breve_after_a(s: str, t: str) -> None:
    assert sort_key("D" + s) < sort_key("Đ" + t)
    assert sort_key("d" + s) < sort_key("Đ" + t)
    assert sort_key("A" + s) < sort_key("Ă" + t)
    assert sort_key("Ă" + s) < sort_key("Â" + t)
    assert sort_key("Đ" + s) < sort_key("E" + t)


@given(st.lists(VIETNAMESE_TEXT))
def test_person_sort_is_consistent(names: list[str]) -> None:
    ordered = sort_names(names, person=True)
    assert sorted(reversed(names), key=person_sort_key) == ordered
    assert sorted(ordered) == sorted(names)
