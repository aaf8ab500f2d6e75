"""Abbreviations of unit names as offices write them, and keys for matching unit mentions.

Decree 30 leaves abbreviations to each agency, so no national table exists; this one collects the forms seen in
district and provincial documents ("phòng TN&MT", "phòng Tài nguyên-MT", "phòng Kinh tế- HT", "LĐ-TB&XH", ...).
Abbreviations are recognised only in upper case so that ordinary words ("ca", "tt") are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .text import fold, nfc, normalize_dashes, normalize_spaces

# A separator between the parts of an abbreviated name: dash, ampersand, slash or "và", with any spacing.
_SEP = r"\s*(?:[-&/+]|\bvà\b|\bva\b)?\s*"
_SEP_REQUIRED = r"\s*(?:[-&/+]|\bvà\b)\s*"


def _abbr(*parts: str) -> str:
    """Regex for upper-case parts joined by an optional separator ('TN', 'MT' -> TN-MT, TN&MT, TNMT)."""
    return r"(?<![\w])" + _SEP.join(parts) + r"(?![\w])"


def _half(words: str, part: str) -> str:
    """Regex for a spelled-out half followed by an abbreviated half ('Tài nguyên-MT', 'Kinh tế- HT')."""
    return r"(?<![\w])(?i:" + words + r")" + _SEP_REQUIRED + part + r"(?![\w])"


def _half_space(words: str, part: str) -> str:
    """Regex for a spelled-out half and an abbreviated half joined by a space ('Tài nguyên MT')."""
    return r"(?<![\w])(?i:" + words + r")\s+" + part + r"(?![\w])"


# Order matters: longer forms first (KT-HT-ĐT before KT-HT).
_TABLE: list[tuple[str, str]] = [
    (_abbr("KT", "HT", "ĐT"), "Kinh tế, Hạ tầng và Đô thị"),
    (r"(?<![\w])KT" + _SEP + r"HT\s*(?:&|và)\s*(?i:đô thị)", "Kinh tế, Hạ tầng và Đô thị"),
    (_abbr("TN", "MT"), "Tài nguyên và Môi trường"),
    (_half("tài nguyên", "MT"), "Tài nguyên và Môi trường"),
    (_half_space("tài nguyên", "MT"), "Tài nguyên và Môi trường"),
    (_abbr("KT", "HT"), "Kinh tế và Hạ tầng"),
    (_half("kinh tế", "HT"), "Kinh tế và Hạ tầng"),
    (_half_space("kinh tế", "HT"), "Kinh tế và Hạ tầng"),
    (_abbr("TC", "KH"), "Tài chính - Kế hoạch"),
    (_half("tài chính", "KH"), "Tài chính - Kế hoạch"),
    (_abbr("KH", "ĐT"), "Kế hoạch và Đầu tư"),
    (_abbr("LĐ", "TB", "XH"), "Lao động - Thương binh và Xã hội"),
    (_abbr("LĐ", "TBXH"), "Lao động - Thương binh và Xã hội"),
    (_abbr("VH", "TT", "DL"), "Văn hóa, Thể thao và Du lịch"),
    (_abbr("VH", "TT", "TT"), "Văn hóa, Thông tin và Thể thao"),
    (_abbr("VH", "KH", "TT"), "Văn hóa, Khoa học và Thông tin"),
    (_abbr("VH", "XH"), "Văn hóa - Xã hội"),
    (_abbr("VH", "TT"), "Văn hóa và Thông tin"),
    (_half("văn hóa", "TT"), "Văn hóa và Thông tin"),
    (_half("văn hoá", "TT"), "Văn hóa và Thông tin"),
    (_abbr("NN", "PTNT"), "Nông nghiệp và Phát triển nông thôn"),
    (_half("nông nghiệp", "PTNT"), "Nông nghiệp và Phát triển nông thôn"),
    (_half_space("nông nghiệp", "PTNT"), "Nông nghiệp và Phát triển nông thôn"),
    (_abbr("NN", "MT"), "Nông nghiệp và Môi trường"),
    (_abbr("GD", "ĐT"), "Giáo dục và Đào tạo"),
    (_abbr("KH", "CN"), "Khoa học và Công nghệ"),
    (_abbr("GT", "VT"), "Giao thông vận tải"),
    (_abbr("TT", "TT"), "Thông tin và Truyền thông"),
    (_abbr("DT", "TG"), "Dân tộc và Tôn giáo"),
    (_abbr("HĐND", "UBND"), "HĐND và UBND"),
    (_abbr("BCH", "QS"), "Ban Chỉ huy Quân sự"),
    (r"(?<![\w])(?i:trung tâm)\s+HCC(?![\w])", "Trung tâm Phục vụ hành chính công"),
    (_abbr("TTPVHCC"), "Trung tâm Phục vụ hành chính công"),
    (r"(?<![\w])PCT(?![\w])", "Phó Chủ tịch"),
    (r"(?<![\w])(?i:(phó))\s+CT(?![\w])", r"\1 Chủ tịch"),
    (r"(?<![\w])CT(?=\s+(?:UBND|HĐND)(?![\w]))", "Chủ tịch"),
    (r"(?<![\w])VP(?=\s+(?:HĐND|UBND)(?![\w]))", "Văn phòng"),
    (r"(?<![\w])CA(?=\s+(?:huyện|tỉnh|xã|thành phố|thị xã|quận)(?![\w]))", "Công an"),
]
_COMPILED = [(re.compile(pattern), repl) for pattern, repl in _TABLE]

# Spelled-out forms that documents also abbreviate; keys use the short form so both meet.
_KEY_PHRASES: list[tuple[tuple[str, ...], str]] = [
    (("uy", "ban", "nhan", "dan"), "ubnd"),
    (("hoi", "dong", "nhan", "dan"), "hdnd"),
]
_LOCALITY_WORDS = {"huyen", "tinh", "xa", "quan", "phuong", "thi tran", "thi xa", "thanh pho"}
_KIND_PREFIXES = ("phong ", "van phong ", "so ", "trung tam ", "ban ")
_KEY_WORD_RE = re.compile(r"[^\W_]+")


def expand(text: str) -> str:
    """Expand the abbreviations of unit names in ``text``, keeping everything else as written.

    >>> expand("phòng Tài nguyên-MT huyện")
    'phòng Tài nguyên và Môi trường huyện'
    """
    result = normalize_spaces(normalize_dashes(nfc(text)))
    for pattern, repl in _COMPILED:
        result = pattern.sub(repl, result)
    return result


def strip_locality(name: str) -> str:
    """Drop a trailing bare locality word ('phòng Tư pháp huyện' -> 'phòng Tư pháp')."""
    words = name.split()
    while len(words) > 1:
        last_two = fold(" ".join(words[-2:]))
        if last_two in _LOCALITY_WORDS and len(words) > 2:
            words = words[:-2]
            continue
        if fold(words[-1]) in _LOCALITY_WORDS:
            words = words[:-1]
            continue
        break
    return " ".join(words)


def canonical_name(mention: str) -> str:
    """The canonical display name of a unit mention: abbreviations expanded, capitalised, locality dropped.

    The locality word is dropped only after a kind word ("Phòng Tư pháp huyện" -> "Phòng Tư pháp") because
    names such as "Công an huyện" are not names without it.

    >>> canonical_name("phòng Kinh tế- HT huyện")
    'Phòng Kinh tế và Hạ tầng'
    """
    name = expand(mention).strip(" ,;.:")
    if fold(name).startswith(_KIND_PREFIXES):
        name = strip_locality(name)
    return name[:1].upper() + name[1:]


def match_key(text: str) -> str:
    """A folded key for comparing unit mentions: expanded, no diacritics, no 'và', short UBND/HĐND.

    >>> match_key("Phòng TN&MT") == match_key("phòng Tài nguyên và Môi trường")
    True
    """
    words = _KEY_WORD_RE.findall(fold(expand(text)))
    words = [w for w in words if w != "va"]
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, short in _KEY_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.append(short)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def key_variants(text: str, places: Iterable[str] = ()) -> set[str]:
    """Keys a mention may match under: as written, without a trailing locality (and place name)."""
    key = match_key(text)
    variants = {key}
    place_keys = [match_key(p) for p in places if p]
    for place in place_keys:
        for level in ("huyen", "tinh", "xa", "thi tran", "thanh pho", "thi xa", "quan", "phuong"):
            suffix = f" {level} {place}"
            if key.endswith(suffix) and len(key) > len(suffix):
                variants.add(key[: -len(suffix)])
    for k in list(variants):
        stripped = match_key(strip_locality(k))
        if stripped:
            variants.add(stripped)
    return {v for v in variants if v}
