"""Unit mentions as notices write them, read into unit objects: canonical name, group and role.

"Phòng Tài nguyên-MT huyện, Công an huyện và Chủ tịch UBND các xã, thị trấn" gives three units: the department
(abbreviation expanded, locality dropped), "Công an huyện", and the communes' committees addressed to their
chairs. Matching runs on a folded view (no diacritics, lower case) of the text; names are then expanded
("TN-MT" -> "Tài nguyên và Môi trường") by ``dieuhanh.vn.abbrev``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dieuhanh.vn.abbrev import canonical_name

from .folding import capitalised_run, fold_view, is_capitalised, person_name, words_at

Unit = dict[str, str]

# Notices repeat the same few names; expanding abbreviations is the costly part of naming them.
_canonical = lru_cache(maxsize=4096)(canonical_name)

_SEP = r"(?:\s*[,;&/-]\s*(?:va\s+)?|\s+va\s+|\s+)"


def _words(phrase: str) -> str:
    """Regex for a folded phrase whose parts may be joined by spaces, commas, dashes or 'và'."""
    return _SEP.join(re.escape(w) for w in phrase.replace(" va ", " ").split())


# Names of departments and offices after "Phòng"/"Sở" that the generic reading would cut short.
_BODIES = sorted(
    """tai chinh ke hoach|ke hoach dau tu|noi vu|tu phap|tai nguyen moi truong|kinh te ha tang do thi|
    kinh te ha tang|quan ly do thi|nong nghiep phat trien nong thon|nong nghiep moi truong|
    lao dong thuong binh xa hoi|giao duc dao tao|van hoa thong tin the thao|van hoa the thao du lich|
    van hoa khoa hoc thong tin|van hoa thong tin|van hoa xa hoi|dan toc ton giao|dan toc|y te|thanh tra|
    cong thuong|xay dung|giao thong van tai|thong tin truyen thong|khoa hoc cong nghe|ngoai vu|du lich|
    tai chinh|kinh te|van hoa|giao duc|nong nghiep|tiep cong dan|quan ly du an dau tu xay dung|
    quan ly du an|quan ly thi truong|van phong thong ke|dia chinh xay dung|tai chinh ke toan|
    tu phap ho tich|van hoa xa hoi|chi huy quan su""".replace("\n", "").split("|"),
    key=lambda s: -len(s.split()),
)
_BODY_RE = re.compile("|".join(_words(b.strip()) for b in _BODIES))

_LEVEL = r"(?:tinh|huyen|xa|phuong|thi tran|thi xa|thanh pho|quan|dac khu|tp\.?)"
_COMMUNE_WORD = r"(?:xa|phuong|thi tran|huyen|thi xa|thanh pho|quan|dac khu|dia phuong|don vi hanh chinh|tx|tp\.?|tt)(?!\w)"
_UNIT_WORD = r"(?:phong|so|ban|nganh|co quan|don vi|doan the|hoi|to chuc)"
_LIST = r"(?:\s*[,;/]\s*(?:va\s+)?|\s+va\s+|\s*-\s*)(?:cac\s+)?"
_GROUPS = [
    ("all", re.compile(
        r"(?:cac cap(?:,?\s+cac)?,?\s+nganh|cac nganh,?\s+cac cap|cac cap chinh quyen|ca he thong chinh tri"
        r"|cac cap uy(?: dang)?(?:,| va)\s+chinh quyen(?: cac cap)?|cac cap)"
    )),
    ("communes", re.compile(
        rf"(?:(?:ubnd|uy ban nhan dan|chinh quyen)\s+)?(?:cac|cap)\s+{_COMMUNE_WORD}(?:{_LIST}{_COMMUNE_WORD})*"
    )),
    ("units", re.compile(rf"cac\s+{_UNIT_WORD}(?:\s+chuyen mon)?(?:{_LIST}{_UNIT_WORD}(?:\s+chuyen mon)?)*")),
]  # fmt: skip
_GROUP_TAIL_RE = re.compile(
    rf"\s+(?:co lien quan|lien quan|truc thuoc(?:\s+(?:ubnd|uy ban nhan dan)\s+{_LEVEL})?"
    rf"|tren dia ban(?:\s+{_LEVEL})?|thuoc\s+{_LEVEL}|cua\s+{_LEVEL}|{_LEVEL}(?!\w))"
)
_LEVEL_TAIL_RE = re.compile(rf"\s+(?:tren dia ban\s+)?{_LEVEL}(?!\w)")

_ROLE_RE = re.compile(
    r"(?:cac\s+)?(?:dong chi\s+|d/c\s+)?(?P<role>chu tich|ct(?= ubnd)|thu truong|lanh dao|giam doc|truong phong"
    r"|truong ban|truong|chi huy truong|bi thu)\s+(?=\S)"
)
_ROLES = {"chu tich": "chair", "ct": "chair", "bi thu": "head"}

# Heads of unit names, each with how its name goes on: a known body, a capitalised name, or a level word.
_HEADS = re.compile(
    r"(?P<office>(?:van phong|vp)(?:\s+(?:hdnd\s*(?:va|-|&|/)\s*ubnd|ubnd|hdnd|huyen uy|tinh uy|thanh uy|thi uy|quan uy|dang uy"
    r"|doan dai bieu quoc hoi(?: va hdnd)?|doan dbqh(?: va hdnd)?))?)"
    r"|(?P<committee>(?:thuong truc\s+)?(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan"
    r"|uy ban (?:mttq|mat tran to quoc)(?: viet nam)?))"
    r"|(?P<party>(?:ban thuong vu|thuong truc)?\s*(?:huyen uy|tinh uy|thanh uy|thi uy|quan uy|dang uy))"
    r"|(?P<levelled>cong an|ban chi huy quan su|thanh tra|kho bac nha nuoc|bao hiem xa hoi|chi cuc thue"
    r"|huyen doan|tinh doan|doan thanh nien|lien doan lao dong|hat kiem lam|toa an nhan dan"
    r"|vien kiem sat nhan dan|cong thong tin dien tu|dai truyen thanh|ban tiep cong dan)"
    r"|(?P<named>phong|so|trung tam|chi cuc|cuc|chi nhanh|ban|doi|dai|benh vien|hoi|cong chuc"
    r"|ngan hang|cong ty|bo phan)(?=\s)"
)
# Folded words and word pairs that begin an action and end a unit's name when it is read word by word.
_STOP_WORDS = frozenset({
    "can", "phai", "co", "gui", "lap", "se", "da", "dang", "neu", "khi", "nham", "de", "trinh", "cung",
    "voi", "va", "tai", "trong", "tren", "cua", "ve", "thi", "duoc"
})  # fmt: skip
_STOP_PAIRS = frozenset({
    "chu tri", "phoi hop", "khan truong", "tiep tuc", "thuc hien", "co trach", "chiu trach", "hoan thien",
    "hoan thanh", "hoan chinh", "tham muu", "xay dung", "trien khai", "to chuc", "kiem tra", "ra soat",
    "theo doi", "don doc", "bao cao", "chi dao", "huong dan", "tang cuong", "nghien cuu", "de xuat", "tong hop",
    "chuan bi", "quan tam", "tap trung", "nghiem tuc", "dam bao", "bao dam", "xu ly", "giai quyet", "cap nhat",
    "lam viec", "dieu chinh", "bo sung", "rut kinh", "phan cong", "nang cao", "day nhanh", "tuyen truyen",
    "van dong", "thuong xuyen", "kip thoi", "cung cap", "ban hanh", "bo tri", "can doi", "khac phuc",
    "thong bao", "trinh bay", "lien he", "phat huy", "duy tri", "chu dong", "sap xep", "kien toan",
    "quyet liet", "tiep thu", "thao go", "giam sat", "rut ngan", "uu tien", "danh gia", "thu hoi", "tham dinh",
    "phe duyet", "quan ly", "co y", "ra quan", "thuc thi", "van hanh", "xac minh", "nhanh chong", "gap rut",
    "tich cuc", "chu y", "luu y", "tong ket"
})  # fmt: skip
_LOCALITY = frozenset(["tinh", "huyen", "xa", "phuong", "quan", "thi", "thanh", "tp"])
_HEAD_WORDS = frozenset({
    "phong", "so", "ubnd", "ban", "trung", "chu", "thu", "lanh", "hoi", "doi", "dai", "kho", "hdnd", "cac",
    "giam", "cong", "van"
})  # fmt: skip
# Villages and neighbourhoods addressed through their heads ("Trưởng các thôn"): named, not a registry group.
_PLACES_RE = re.compile(
    r"cac\s+(?:thon|ap|ban|khu pho|to dan pho|lang|xom|khu dan cu|khom|buon)(?:\s*,\s*(?:thon|ap|ban"
    r"|khu pho|to dan pho|lang|xom|khu dan cu|khom|buon))*(?!\w)"
)
_HONORIFIC_RE = re.compile(r"(?:cac\s+)?(?:dong chi|d/c|ong|ba)\s+")
_PERSON_TITLE_RE = re.compile(r"\s*[,-]\s*(?P<t>(?:pho )?chu tich\s+(?:ubnd|uy ban nhan dan))")
_CONNECTOR_RE = re.compile(r"\s*(?:,|;|&|\bva\b|\bcung\b|\bvoi\b|\bhoac\b)\s*")
_FILLER_RE = re.compile(r"\s*(?::\s*)?(?:cho\s+|(?:nhiem vu|trach nhiem)\s+cho\s+)?")


@dataclass(frozen=True)
class Mention:
    """One unit read from text: the unit object and where its mention starts and ends in the text."""

    unit: Unit
    start: int
    end: int


def _level_tail(text: str, view: str, pos: int, with_place: bool) -> int:
    """Skip a locality after a name: 'huyện', 'tỉnh Vĩnh Phúc', 'trên địa bàn huyện'."""
    match = _LEVEL_TAIL_RE.match(view, pos)
    if not match:
        return pos
    end = match.end()
    if with_place:
        run, run_end = capitalised_run(text, end, 4)
        words = run.split()
        if words and fold_view(words[0]) not in _HEAD_WORDS:
            end = run_end
    return end


def _generic_body(text: str, view: str, pos: int) -> int:
    """Read a capitalised name word by word ('Văn hóa - TTTT', 'Quản lý thị trường'); return where it ends."""
    end = pos
    lower_run = 0
    taken = 0
    joined = False
    words = words_at(text, pos, 14)
    for index, match in enumerate(words):
        word = match.group(0)
        folded = view[match.start() : match.end()]
        pair = (
            f"{folded} {view[words[index + 1].start() : words[index + 1].end()]}"
            if index + 1 < len(words)
            else ""
        )
        between = text[end : match.start()].strip()
        if taken and between not in ("", "-", "&") and not (joined and between == "và"):
            break
        if taken and folded == "va" and not joined:
            joined = True
            continue
        capital = is_capitalised(word)
        if joined and (not capital or folded in _HEAD_WORDS):
            break
        if capital:
            lower_run = 0
        elif (
            not taken or folded in _STOP_WORDS or pair in _STOP_PAIRS or folded in _LOCALITY or lower_run >= 3
        ):
            break
        else:
            lower_run += 1
        joined = False
        taken += 1
        end = match.end()
    return end


def _unit_at(text: str, view: str, pos: int) -> tuple[str, int] | None:
    """A unit's name at ``pos`` as written (without a locality it does not need) and where its mention ends."""
    match = _HEADS.match(view, pos)
    if not match:
        return None
    kind = match.lastgroup
    end = match.end()
    if kind in ("office", "named"):
        spaced = end < len(view) and view[end] == " "
        body = _BODY_RE.match(view, end + 1) if spaced else None
        generic = _generic_body(text, view, end + 1) if spaced else end
        if body or generic > end + 1:
            end = max(body.end() if body else end, generic)
        elif kind == "named":
            return None
        return text[pos:end], _level_tail(text, view, end, with_place=True)
    full = _level_tail(text, view, end, with_place=True)
    return text[pos:full], full


def _group_at(text: str, view: str, pos: int) -> tuple[str, str, int] | None:
    """A group mention at ``pos``: (group key, name as written, end)."""
    for key, pattern in _GROUPS:
        match = pattern.match(view, pos)
        if not match:
            continue
        end = match.end()
        if key == "units":
            kinds = set(re.findall(r"phong|so|ban|nganh|co quan|don vi|doan the|hoi|to chuc", match.group(0)))
            if kinds in ({"phong"}, {"so"}):
                key = "departments"
        tail = _GROUP_TAIL_RE.match(view, end)
        if tail:
            end = tail.end()
        if key == "communes" or tail:
            run, run_end = capitalised_run(text, end, 3)
            if run and fold_view(run.split()[0]) not in _HEAD_WORDS:
                end = run_end
        return key, text[pos:end], end
    return None


def _person_at(text: str, view: str, pos: int) -> tuple[str, int] | None:
    """'đồng chí Nguyễn Văn A, Phó Chủ tịch UBND huyện': the title when given, else the name."""
    match = _HONORIFIC_RE.match(view, pos)
    if not match:
        return None
    found = person_name(text, match.end())
    if not found:
        return None
    name, end = found
    title = _PERSON_TITLE_RE.match(view, end)
    if title:
        full = _level_tail(text, view, title.end(), with_place=True)
        return text[title.start("t") : full], full
    return name, end


def read_mentions(text: str, pos: int = 0, view: str | None = None) -> tuple[list[Mention], int]:
    """Units named in ``text`` from ``pos`` on (just after a trigger word), and where their list ends."""
    if view is None:
        view = fold_view(text)
    filler = _FILLER_RE.match(view, pos)
    pos = filler.end() if filler else pos
    found: list[Mention] = []
    end_of_units = pos
    while pos < len(view):
        start = pos
        if found:
            connector = _CONNECTOR_RE.match(view, pos)
            if not connector or connector.end() == pos:
                break
            pos = connector.end()
        else:
            while pos < len(view) and view[pos] == " ":
                pos += 1
        mention = _mention_at(text, view, pos, start)
        if mention is None:
            break
        found.append(mention)
        pos = end_of_units = mention.end
    return found, end_of_units


def _mention_at(text: str, view: str, pos: int, start: int) -> Mention | None:
    """One unit, group or person at ``pos``, with the role it is addressed to."""
    role = None
    role_match = _ROLE_RE.match(view, pos)
    unit_start = pos
    if role_match:
        word = role_match.group("role")
        role = _ROLES.get(word, "head")
        unit_start = role_match.end() if word != "truong phong" else role_match.start("role") + len("truong ")
    unit: Unit | None = None
    group = _group_at(text, view, unit_start)
    named = None if group else _unit_at(text, view, unit_start)
    places = None if group or named else _PLACES_RE.match(view, unit_start)
    if group:
        key, name, end = group
        unit = {"name": name.strip(" ,;"), "group": key}
    elif named:
        name, end = named
        unit = {"name": _canonical(name)}
    elif places:
        end = places.end()
        unit = {"name": text[unit_start:end]}
    else:
        person = _person_at(text, view, pos)
        if person is None:
            return None
        name, end = person
        return Mention({"name": _canonical(name)}, start, end)
    if role:
        unit["role"] = role
    return Mention(unit, start, end)


def first_unit(text: str) -> Unit | None:
    """The first unit named at the start of ``text``, or None."""
    mentions, _ = read_mentions(text)
    return mentions[0].unit if mentions else None
