"""The one phrase matcher for unit mentions: what a written mention names, as units, groups and roles.

"Chủ tịch UBND các xã, thị trấn" → the communes group addressed to its chairs; "Phòng TN&MT, Công an huyện và
thủ trưởng các cơ quan, đơn vị" → two units and the units group addressed to its heads. Matching is on match keys
(``dieuhanh.vn.abbrev.match_key``: no diacritics, abbreviations expanded, "và" dropped), longest phrase first,
with localities after a name skipped ("huyện", "trên địa bàn huyện Sông Lô").

The vocabulary of roles, groups, levels and connecting words is defined here once. The names of units come from
whoever builds the matcher: the registry's names and aliases (``org/resolver.py``), or, when the parser runs
without a database, :func:`builtin` — the kinds of bodies every People's Committee has (``Phòng Tư pháp``,
``Sở Xây dựng``, ``Công an``, ``Văn phòng HĐND và UBND``…). Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from .abbrev import key_variants, match_key
from .unitwords import group_key

T = TypeVar("T")

# Office-holders a mention addresses, by the folded words that name them, and the schema's role labels.
ROLE_PHRASES: dict[str, str] = {
    "chu tich": "chair",
    "ct": "chair",
    "cac pho chu tich": "vice_chair",
    "pho chu tich": "vice_chair",
    "thu truong": "head",
    "lanh dao": "head",
    "giam doc": "head",
    "chi huy truong": "head",
    "bi thu": "head",
    "truong": "head",
    "cac thanh vien": "member",
    "thanh vien": "member",
}
# Group mentions as match keys; their labels come from the one rule in ``dieuhanh.vn.unitwords``.
GROUP_PHRASES: tuple[str, ...] = (
    "ubnd cac xa thi tran", "ubnd cac xa phuong thi tran", "ubnd cac xa phuong", "ubnd cac phuong xa",
    "ubnd cac xa", "ubnd cac phuong", "ubnd cac thi tran", "ubnd cap xa", "cac xa thi tran",
    "cac xa phuong thi tran", "cac xa phuong", "cac phuong xa", "cac xa", "cac phuong", "cac dia phuong",
    "cac huyen thanh pho", "cac huyen thi xa thanh pho", "cac huyen", "ubnd cac huyen thi xa thanh pho",
    "ubnd cac huyen thanh pho", "cac phong co quan don vi", "cac phong ban nganh", "cac phong ban co quan don vi",
    "cac phong ban don vi", "cac phong don vi", "cac co quan don vi", "cac co quan chuyen mon", "cac so ban nganh",
    "cac so nganh", "cac ban nganh", "cac nganh", "cac don vi", "cac co quan", "cac phong ban", "cac phong chuyen mon", "cac phong ban chuyen mon",
    "cac phong", "cac so", "cac cap cac nganh", "cac cap nganh", "cac nganh cac cap", "cac cap chinh quyen",
    "ca he thong chinh tri",
)  # fmt: skip
# Words between the names of a list, and what may follow a name without being another one.
CONNECTORS = frozenset({"va", "cung", "voi", "dong", "chi", "d", "c", "hoac"})
TAILS: tuple[tuple[str, ...], ...] = (
    ("tren", "dia", "ban"),
    ("co", "lien", "quan"),
    ("lien", "quan"),
    ("truc", "thuoc"),
)
LEVEL_WORDS: tuple[tuple[str, ...], ...] = (
    ("thi", "tran"),
    ("thi", "xa"),
    ("thanh", "pho"),
    ("huyen",),
    ("tinh",),
    ("xa",),
    ("quan",),
    ("phuong",),
)

# The built-in vocabulary: bodies every People's Committee has, as they are written (abbreviations expand).
_BUILTIN_KINDS = {
    "Phòng": (
        "Nội vụ", "Tư pháp", "Tài chính - Kế hoạch", "Tài nguyên và Môi trường", "Kinh tế và Hạ tầng",
        "Kinh tế, Hạ tầng và Đô thị", "Kinh tế", "Quản lý đô thị", "Nông nghiệp và Phát triển nông thôn",
        "Nông nghiệp và Môi trường", "Lao động - Thương binh và Xã hội", "Giáo dục và Đào tạo",
        "Văn hóa và Thông tin", "Văn hóa, Khoa học và Thông tin", "Văn hóa - Xã hội", "Y tế", "Dân tộc",
        "Dân tộc và Tôn giáo", "Thanh tra", "Công Thương",
    ),
    "Sở": (
        "Nội vụ", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường", "Xây dựng",
        "Giao thông vận tải", "Công Thương", "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường",
        "Lao động - Thương binh và Xã hội", "Giáo dục và Đào tạo", "Văn hóa, Thể thao và Du lịch",
        "Văn hóa và Thể thao", "Du lịch", "Y tế", "Khoa học và Công nghệ", "Thông tin và Truyền thông",
        "Ngoại vụ", "Dân tộc và Tôn giáo",
    ),
}  # fmt: skip
_BUILTIN_UNITS = (
    "Văn phòng HĐND và UBND", "Văn phòng UBND", "Văn phòng HĐND", "Văn phòng Đoàn ĐBQH và HĐND", "UBND", "HĐND",
    "Thường trực HĐND", "Ủy ban MTTQ Việt Nam", "Công an", "Ban Chỉ huy Quân sự", "Bộ Chỉ huy Quân sự",
    "Thanh tra", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Chi cục Thuế", "Cục Thuế", "Đoàn Thanh niên",
    "Liên đoàn Lao động", "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Hạt Kiểm lâm",
    "Chi cục Kiểm lâm", "Đài Truyền thanh", "Đài Phát thanh và Truyền hình", "Trung tâm Văn hóa - Thể thao",
    "Trung tâm Y tế", "Trung tâm Phục vụ hành chính công", "Trung tâm Dịch vụ nông nghiệp",
    "Ban Quản lý dự án đầu tư xây dựng", "Ban Tiếp công dân", "Tòa án nhân dân", "Viện Kiểm sát nhân dân",
    "Huyện ủy", "Tỉnh ủy", "Thành ủy", "Đảng ủy", "Huyện đoàn", "Tỉnh đoàn", "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng", "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán",
    "Công chức Văn phòng - Thống kê",
)  # fmt: skip


@dataclass(frozen=True)
class Hit(Generic[T]):
    """One thing a mention names: the units of one name, or a group (``group`` set, no targets), with the roles
    it is addressed to (empty: the body itself), over tokens ``start``–``end`` of the mention's key."""

    targets: tuple[T, ...]
    group: str | None
    roles: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Reading(Generic[T]):
    """What a mention names, in order, and the words of it that name nothing known."""

    hits: tuple[Hit[T], ...]
    leftover: tuple[str, ...]


def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(match_key(phrase).split())


_ROLE_TOKENS = sorted(((_tokens(p), r) for p, r in ROLE_PHRASES.items()), key=lambda kv: -len(kv[0]))
_GROUP_TOKENS = sorted(((_tokens(p), group_key(p)) for p in GROUP_PHRASES), key=lambda kv: -len(kv[0]))


def _starts(tokens: tuple[str, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return tokens[i : i + len(phrase)] == phrase


class PhraseMatcher(Generic[T]):
    """Longest-phrase matching of unit names (each with a payload: a registry unit, or a canonical name)."""

    def __init__(self, places: Iterable[str] = (), any_place: bool = False) -> None:
        # ``any_place``: without a registry, whatever follows a level word up to the next name is a place
        self.any_place = any_place
        self.entries: dict[tuple[str, ...], list[T]] = {}
        self.max_len = 1
        self.place_tokens: list[tuple[str, ...]] = []
        self.add_places(places)

    def add_places(self, places: Iterable[str]) -> None:
        """Place names that may follow a level word after a name ('huyện Sông Lô')."""
        known = set(self.place_tokens) | {_tokens(p) for p in places if p}
        self.place_tokens = sorted((p for p in known if p), key=len, reverse=True)

    def add(self, name: str, payload: T, places: Iterable[str] = ()) -> None:
        """Let ``name`` (and its variants without locality) name ``payload``."""
        for variant in key_variants(name, places=places):
            key = tuple(variant.split())
            bucket = self.entries.setdefault(key, [])
            if payload not in bucket:
                bucket.append(payload)
            self.max_len = max(self.max_len, len(key))

    def _names_at(self, tokens: tuple[str, ...], i: int) -> bool:
        """Whether a connector, a known name, a group or a role starts at token ``i``."""
        if tokens[i] in CONNECTORS:
            return True
        if any(_starts(tokens, i, p) for p, _ in _ROLE_TOKENS) or any(
            _starts(tokens, i, p) for p, _ in _GROUP_TOKENS
        ):
            return True
        return any(
            tokens[i : i + n] in self.entries for n in range(1, min(self.max_len, len(tokens) - i) + 1)
        )

    def _skip_locality(self, tokens: tuple[str, ...], i: int) -> int:
        """Skip 'huyện', 'huyện Sông Lô', 'trên địa bàn huyện' and similar after a match."""
        moved = True
        while moved and i < len(tokens):
            moved = False
            for tail in TAILS:
                if _starts(tokens, i, tail):
                    i += len(tail)
                    moved = True
            for level in LEVEL_WORDS:
                if _starts(tokens, i, level):
                    j = i + len(level)
                    for place in self.place_tokens:
                        if _starts(tokens, j, place):
                            j += len(place)
                            break
                    else:
                        while self.any_place and j < len(tokens) and not self._names_at(tokens, j):
                            j += 1
                    # A level word followed by words that are no name we know starts something else.
                    if j == len(tokens) or j > i + len(level) or self._names_at(tokens, j):
                        i = j
                        moved = True
                    break
        return i

    def read(self, mention: str) -> Reading[T]:
        """Every unit, group and role ``mention`` names, in order, and what is left over."""
        tokens = tuple(match_key(mention).split())
        hits: list[Hit[T]] = []
        roles: list[str] = []
        leftover: list[str] = []
        i = 0
        start = 0
        while i < len(tokens):
            if tokens[i] in CONNECTORS:
                i += 1
                continue
            role = next(((p, r) for p, r in _ROLE_TOKENS if _starts(tokens, i, p)), None)
            group = next(((p, g) for p, g in _GROUP_TOKENS if _starts(tokens, i, p)), None)
            unit_hit: tuple[int, list[T]] | None = None
            for length in range(min(self.max_len, len(tokens) - i), 0, -1):
                units = self.entries.get(tokens[i : i + length])
                if units:
                    unit_hit = (length, units)
                    break
            if not roles:
                start = i
            # A role phrase that is itself the start of a unit's name ("Thanh tra") is the unit.
            if role is not None and not (unit_hit and unit_hit[0] > len(role[0])) and not group:
                roles.append(role[1])
                i += len(role[0])
                continue
            if group is not None and (unit_hit is None or len(group[0]) >= unit_hit[0]):
                end = self._skip_locality(tokens, i + len(group[0]))
                hits.append(Hit((), group[1], tuple(roles), start, end))
            elif unit_hit is not None:
                end = self._skip_locality(tokens, i + unit_hit[0])
                hits.append(Hit(tuple(unit_hit[1]), None, tuple(roles), start, end))
            else:
                leftover.append(tokens[i])
                i += 1
                continue
            roles = []
            i = end
        return Reading(tuple(hits), tuple(leftover))


@lru_cache(maxsize=1)
def builtin() -> PhraseMatcher[str]:
    """The matcher the parser uses without a database: the usual bodies, each naming its canonical name."""
    matcher: PhraseMatcher[str] = PhraseMatcher(any_place=True)
    for kind, names in _BUILTIN_KINDS.items():
        for name in names:
            matcher.add(f"{kind} {name}", f"{kind} {name}")
    for name in _BUILTIN_UNITS:
        matcher.add(name, name)
    return matcher


def names_known(mention: str, matcher: PhraseMatcher[T] | PhraseMatcher[str] | None = None) -> bool:
    """Whether ``mention`` names only known things (units, groups, office-holders), nothing left over."""
    reading = (matcher or builtin()).read(mention)
    return bool(reading.hits) and not reading.leftover
