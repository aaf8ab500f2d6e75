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
from dieuhanh.vn.mentions import ROLE_PHRASES, names_known
from dieuhanh.vn.unitwords import group_key

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
_COMMUNE_WORD = (
    r"(?:xa|phuong|thi tran|huyen|thi xa|thanh pho|quan|dac khu|dia phuong|don vi hanh chinh|tx|tp\.?|tt"
    r"|thi(?=\s*,))(?!\w)"  # "UBND huyện, thị, thành phố": 'thị' for the towns
)
_UNIT_WORD = r"(?:phong|so|ban|nganh|co quan|don vi|doan the|hoi|to chuc)"
_LIST = r"(?:\s*[,;/]\s*(?:va\s+)?|\s+va\s+|\s*-\s*|\s+)(?:cac\s+)?"
_GROUPS = [
    ("all", re.compile(
        r"(?:cac cap(?:,?\s+cac)?,?\s+nganh|cac nganh,?\s+cac cap|cac cap chinh quyen|chinh quyen cac cap|ca he thong chinh tri"
        r"|cac cap uy(?: dang)?(?:,| va)\s+chinh quyen(?: cac cap)?|cac cap)"
    )),
    ("communes", re.compile(
        rf"(?:(?:ubnd|uy ban nhan dan|chinh quyen)\s+)?(?:cac|cap|[0-9]{{1,3}})\s+{_COMMUNE_WORD}(?:{_LIST}{_COMMUNE_WORD})*"
        # "(Chủ tịch) UBND xã, phường": several levels named together are the group even without "các"
        rf"|(?:ubnd|uy ban nhan dan)\s+{_COMMUNE_WORD}(?:{_LIST}{_COMMUNE_WORD})+"
    )),
    ("units", re.compile(
        rf"cac\s+{_UNIT_WORD}(?:\s+chuyen mon)?(?:{_LIST}{_UNIT_WORD}(?:\s+chuyen mon)?)*"
        # "Thủ trưởng sở, ban, ngành tỉnh": several kinds of unit listed are the group even without "các"
        rf"|{_UNIT_WORD}(?:\s*,\s*{_UNIT_WORD})+(?:\s+chuyen mon)?"
    )),
]  # fmt: skip
_GROUP_TAIL_RE = re.compile(
    rf"\s+(?:co lien quan|lien quan|truc thuoc(?:\s+(?:ubnd|uy ban nhan dan)\s+{_LEVEL})?"
    rf"|tren dia ban(?:\s+{_LEVEL})?|thuoc\s+{_LEVEL}|cua\s+{_LEVEL}|{_LEVEL}(?!\w))"
)
_LEVEL_TAIL_RE = re.compile(rf"\s+(?:tren dia ban\s+)?{_LEVEL}(?!\w)")

_ROLE_RE = re.compile(
    r"(?:cac\s+)?(?:dong chi\s+|d/c\s+)?(?P<role>chu tich|ct(?= ubnd)|thu truong|lanh dao|giam doc|truong phong"
    r"|chanh(?= van phong| thanh tra)"
    r"|truong ban|truong|chi huy truong|bi thu)\s+(?=\S)"
)

# Heads of unit names, each with how its name goes on: a known body, a capitalised name, or a level word.
_HEADS = re.compile(
    r"(?P<office>(?:van phong|vp)(?:\s+(?:hdnd\s*(?:va|-|&|/)\s*ubnd|ubnd|hdnd|huyen uy|tinh uy|thanh uy|thi uy|quan uy|dang uy"
    r"|doan dai bieu quoc hoi(?: va hdnd)?|doan dbqh(?: va hdnd)?))?)"
    r"|(?P<committee>(?:thuong truc\s+)?(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan"
    r"|uy ban (?:mttq|mat tran to quoc)(?: viet nam)?))"
    r"|(?P<party>(?:ban thuong vu|thuong truc)?\s*(?:huyen uy|tinh uy|thanh uy|thi uy|quan uy|dang uy))"
    r"|(?P<levelled>cong an|ban chi huy quan su|thanh tra|kho bac nha nuoc|bao hiem xa hoi|chi cuc thue"
    r"|huyen doan|tinh doan|doan thanh nien|lien doan lao dong|hat kiem lam|toa an nhan dan"
    r"|vien kiem sat nhan dan|cong thong tin dien tu|dai truyen thanh|ban tiep cong dan"
    r"|cap uy|chinh quyen(?! cac cap)|nganh nong nghiep|nganh y te|nganh giao duc|nganh chuc nang)"
    r"|(?P<named>phong|so|trung tam|chi cuc|cuc|chi nhanh|ban|doi|dai|benh vien|hoi|cong chuc"
    r"|ngan hang|cong ty|bo phan)(?=\s)"
    # a place by its name addresses its authority: 'xã Ayun', 'tỉnh Quảng Bình'
    r"|(?P<place>xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)(?=\s)"
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
# Last words of a mention that ends in a place: a level ('huyện', 'thị trấn') or villages ('các thôn').
_PLACE_WORDS = frozenset({
    "tinh", "huyen", "xa", "phuong", "quan", "tran", "pho", "thon", "ap", "ban", "xom", "lang", "khom", "buon"
})  # fmt: skip
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
    if kind == "place":
        run, run_end = capitalised_run(text, end + 1, 4)
        words = run.split()
        if not words or fold_view(words[0]) in _HEAD_WORDS:
            return None
        return text[pos:run_end], run_end
    full = _level_tail(text, view, end, with_place=True)
    return text[pos:full], full


def _group_at(text: str, view: str, pos: int) -> tuple[str, str, int] | None:
    """A group mention at ``pos``: (group key, name as written, end)."""
    for key, pattern in _GROUPS:
        match = pattern.match(view, pos)
        if not match:
            continue
        end = match.end()
        if key != "all":
            key = group_key(match.group(0))
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
    return found


def read_mentions(
    text: str, pos: int = 0, view: str | None = None, most: int = 60
) -> tuple[list[Mention], int]:
    """Units named in ``text`` from ``pos`` on (just after a trigger word), and where their list ends."""
    if view is None:
        view = fold_view(text)
    filler = _FILLER_RE.match(view, pos)
    pos = filler.end() if filler else pos
    found: list[Mention] = []
    end_of_units = pos
    while pos < len(view) and len(found) < most:
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
        role = ROLE_PHRASES.get(word, "head")
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
        return Mention({"name": name, "person": "yes"}, start, end)
    if role:
        unit["role"] = role
    return Mention(unit, start, end)


def first_unit(text: str) -> Unit | None:
    """The first unit named at the start of ``text``, or None."""
    mentions, _ = read_mentions(text)
    return mentions[0].unit if mentions else None


# Where the list of who is asked ends: a lower-case action word, or a clause mark.
_ACTION_START_RE = re.compile(
    r"(?:can|phai|co trach nhiem|chiu trach nhiem|chu tri|phoi hop|thuc hien|trien khai|to chuc|kiem tra|ra soat"
    r"|theo doi|don doc|bao cao|chi dao|huong dan|tang cuong|nghien cuu|tham muu|xay dung|hoan thien|hoan thanh"
    r"|hoan chinh|chuan bi|tap trung|quan tam|day manh|dam bao|bao dam|thong bao|tuyen truyen|cung cap|bo tri"
    r"|xu ly|giai quyet|tong hop|lap|gui|nghiem tuc|chu dong|quyet liet|khan truong|tiep tuc|thuong xuyen"
    r"|ra quan|cap nhat|phan cong|tham dinh|khac phuc|van dong|sap xep|kien toan|day nhanh|tich cuc|lam tot"
    r"|tiep thu|rut kinh nghiem|giup|ho tro|tao dieu kien|quan ly|bo sung|dieu chinh|danh gia|de xuat|khong"
    r"|som|kip thoi|nhanh chong|sat sao|dong thoi|trong|tai|theo|de|nham|ve|doi voi|truoc|sau khi|khi|neu"
    r"|giam sat|dang tai|tiep nhan|xac minh|thu hoi|ban hanh|trinh|co(?! quan| so)|duy tri|phat huy|nang cao|uu tien|lien he|cu)(?!\w)"
)
_LEADING_RE = re.compile(r"(?:cho|doi voi|toi|den)\s+")
_MAX_PIECE_WORDS = 12
_JOINERS = frozenset({"va", "cung", "hoac"})
_NEXT_WORDS_RE = re.compile(r"\s+(\S+)(?:\s+(\S+))?")


def _name_goes_on(text: str, pos: int) -> bool:
    """After a small word, a name goes on when a capital or "và" + capital follows ("Phát thanh và Truyền")."""
    following = _NEXT_WORDS_RE.match(text, pos)
    if not following:
        return False
    first, second = following.group(1), following.group(2) or ""
    return first[:1].isupper() or (first == "và" and second[:1].isupper())


def _looks_named(text: str) -> bool:
    words = text.split()
    return bool(words) and len(words) <= _MAX_PIECE_WORDS and any(w[:1].isupper() for w in words[:3])


_OF_COMMUNES_RE = re.compile(r"\scac\s+(?:xa|phuong|thi tran|huyen|dia phuong)(?!\w)")


def _unresolved(text: str) -> Unit | None:
    """A mention read by its shape only ('Báo Hải Phòng', 'cơ quan chức năng'), kept for review."""
    name = text.strip(" ,;:.-()")
    view = fold_view(name)
    if not name or len(name.split()) > _MAX_PIECE_WORDS:
        return None
    if view.startswith(("cac ", "co quan", "to chuc", "doanh nghiep")) or _OF_COMMUNES_RE.search(view):
        # "lực lượng các xã": what the communes field is the communes' to do
        return {"name": name, "group": group_key(view), "resolved": "no"}
    if not _looks_named(name):
        return None
    canonical = _canonical(name)
    # the usual bodies ('Đài Phát thanh và Truyền hình tỉnh') are known without a registry
    return {"name": canonical} if names_known(canonical) else {"name": canonical, "resolved": "no"}


def _piece_end(text: str, view: str, start: int, limit: int) -> int:
    """Where one name of a list ends: a comma or bracket, 'và' before another name, or an action word."""
    end = start
    lower_run = capital_run = 0
    for index, word in enumerate(re.finditer(r"[^\W_]+(?:[./&-][^\W_]+)*", view[start:limit])):
        at = start + word.start()
        between = view[end:at]
        if index and any(c in between for c in ",;():.\n"):
            break
        folded = word.group(0)
        capital = text[at].isupper() or text[at].isdigit()
        if index and folded in _JOINERS:
            following = re.match(r"\s*([^\W_]+)", view[start + word.end() : limit])
            nxt = following.group(1) if following else ""
            nxt_at = start + word.end() + (following.start(1) if following else 0)
            if not nxt or not text[nxt_at].isupper() or nxt in _HEAD_WORDS:
                break
            end = start + word.end()
            continue
        if index and not capital:
            # after a run of capitalised words ("Báo Hải Phòng") a small word starts what is asked
            if _ACTION_START_RE.match(view, at) or folded in _JOINERS:
                break
            if capital_run >= 2 and not _name_goes_on(text, start + word.end()):
                break
            lower_run += 1
            capital_run = 0
            if lower_run > 4:
                break
        else:
            lower_run = 0
            capital_run = capital_run + 1 if capital else 0
        end = start + word.end()
    return end


def read_assignees(
    text: str, pos: int, view: str | None = None, limit: int | None = None
) -> tuple[list[Unit], int]:
    """Everyone a clause addresses from ``pos`` (just after its trigger) to where its action starts.

    Known shapes (units, groups, office-holders) come from the mention readers; a part of the list that is no
    known shape but looks like a name ('Báo Hải Phòng') or a group ('cơ quan chức năng') is kept with
    ``resolved: "no"`` so the Office can review it, never dropped.
    """
    if view is None:
        view = fold_view(text)
    limit = min(len(view) if limit is None else limit, pos + 400)
    units: list[Unit] = []
    i = pos
    end_of_units = pos
    while i < limit:
        while i < limit and view[i] in " ,;":
            i += 1
        leading = _LEADING_RE.match(view, i)
        if leading and not units:
            i = leading.end()
        joiner = re.match(r"(?:(?:chu tri\s*,?\s*)?(?:cung voi|cung|voi|va|hoac))\s+", view[i:limit])
        if joiner and units:
            i += joiner.end()
        if i >= limit or view[i] in ".:(" or (_ACTION_START_RE.match(view, i) and not text[i].isupper()):
            break
        mention = _mention_at(text, view, i, i)
        piece_end = _piece_end(text, view, i, limit)
        asked = False
        unit: Unit | None
        if mention is not None and (
            mention.unit.get("group")
            or mention.end >= piece_end
            or (asked := _action_follows(text, i, mention.end))
        ):
            unit, next_i = mention.unit, mention.end
        elif mention is not None:
            unit = {**mention.unit, "name": _canonical(text[i:piece_end].strip())}
            if mention.unit.get("role"):
                role_match = _ROLE_RE.match(view, i)
                named_from = role_match.end() if role_match else i
                unit["name"] = _canonical(text[named_from:piece_end].strip())
            next_i = piece_end
        else:
            unit, next_i = _unresolved(text[i:piece_end]), piece_end
        if unit is None or next_i <= i:
            break
        if unit not in units:
            units.append(unit)
        i = end_of_units = next_i
        if asked:
            break
        # "ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh": the office after a person's name says who it is
        title = _PERSON_TITLE_RE.match(view, i)
        if title and units[-1].get("person"):
            i = end_of_units = _level_tail(text, view, title.end(), with_place=True)
    return units, end_of_units


def _action_follows(text: str, start: int, end: int) -> bool:
    """Whether the words after a mention that ends in a place are what is asked ('xã Ayun bám sát …', 'UBND
    huyện yêu cầu chủ đầu tư …', 'các thôn nắm chắc …'): a place's name goes on only with a capital."""
    words = text[start:end].split()
    while words and words[-1][:1].isupper() and len(words) > 1:
        words.pop()
    if not words or fold_view(words[-1]) not in _PLACE_WORDS:
        return False
    following = re.match(r"\s*([^\W_]+)", text[end:])
    word = following.group(1) if following else ""
    return bool(word) and not word[:1].isupper() and fold_view(word) not in _JOINERS


def _first_action(text: str, view: str, start: int, end: int) -> int:
    """Where the first lower-case action word after ``start`` begins (``end`` when none)."""
    for word in re.finditer(r"[^\W_]+", view[start:end]):
        at = start + word.start()
        if word.start() and not text[at].isupper() and _ACTION_START_RE.match(view, at):
            return at
    return end


_SUBJECT_SPLIT_RE = re.compile(r"\s*(?:,|;|\bvà\b)\s*")


def subject_units(text: str, start: int, end: int) -> list[Unit]:
    """The units of a subject the vocabulary does not know ('Các Trường học, Trạm y tế, Ban quản lý chợ' before
    'cần'): each piece of the list as a mention kept for review, never dropped."""
    units: list[Unit] = []
    for piece in _SUBJECT_SPLIT_RE.split(text[start:end]):
        name = piece.strip(" ,;:.-()")
        if not name or len(name.split()) > _MAX_PIECE_WORDS:
            continue
        units.append(_unresolved(name) or {"name": name, "resolved": "no"})
    return units
