"""Legacy Vietnamese encodings still found in old offices' files: TCVN3 (ABC), VNI and Windows-1258.

TCVN3 gives every accented lower-case letter one byte in 0xA1–0xFE (rendered with the .VnTime fonts); upper-case
headings were typed with the same bytes in an all-capitals font (.VnTimeH), so after conversion a word typed with
capital ASCII letters is upper-cased whole. VNI writes a base letter followed by one byte carrying the marks
("a" + "ù" = "á", "o" + "ä" = "ộ"). Windows-1258 puts tone marks after the letter as combining characters, so the
result is normalised to NFC. Text that was decoded with the wrong table (a DOCX typed in .VnTime shows
"Th«ng b¸o") is recognised the same way and converted back.
"""

from __future__ import annotations

import re
import unicodedata

# --- TCVN3 ---------------------------------------------------------------------------------------------

_TCVN3_PAIRS = (
    "\xa1Ă \xa2Â \xa3Ê \xa4Ô \xa5Ơ \xa6Ư \xa7Đ \xa8ă \xa9â \xaaê \xabô \xacơ \xadư \xaeđ "
    "\xb5à \xb6ả \xb7ã \xb8á \xb9ạ \xbbằ \xbcẳ \xbdẵ \xbeắ \xc6ặ "
    "\xc7ầ \xc8ẩ \xc9ẫ \xcaấ \xcbậ \xccè \xceẻ \xcfẽ \xd0é \xd1ẹ "
    "\xd2ề \xd3ể \xd4ễ \xd5ế \xd6ệ \xd7ì \xd8ỉ \xdcĩ \xddí \xdeị "
    "\xdfò \xe1ỏ \xe2õ \xe3ó \xe4ọ \xe5ồ \xe6ổ \xe7ỗ \xe8ố \xe9ộ "
    "\xeaờ \xebở \xecỡ \xedớ \xeeợ \xefù \xf1ủ \xf2ũ \xf3ú \xf4ụ "
    "\xf5ừ \xf6ử \xf7ữ \xf8ứ \xf9ự \xfaỳ \xfbỷ \xfcỹ \xfdý \xfeỵ"
)
TCVN3_TABLE: dict[int, str] = {ord(pair[0]): pair[1] for pair in _TCVN3_PAIRS.split()}

# --- VNI -----------------------------------------------------------------------------------------------

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# Mark bytes (as Latin-1 characters) and the combining marks they stand for.
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Characters that stand alone in VNI: ơ, ư, đ and the accented i and y forms.
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_MARKS: dict[str, dict[str, str]] = {}
for _mark, _combining in _VNI_TONES.items():
    for _base in "ueoaiyơư":
        _MARKS.setdefault(_mark, {})[_base] = _combining
for _mark, _combining in _VNI_CIRC.items():
    for _base in "aeo":
        _MARKS.setdefault(_mark, {})[_base] = _CIRC + _combining
for _mark, _combining in _VNI_BREVE.items():
    _MARKS.setdefault(_mark, {})["a"] = _BREVE + _combining
_VNI_MARK_CHARS = "".join(sorted(set(_MARKS) | {m.upper() for m in _MARKS}))
_VNI_PAIR_RE = re.compile(f"([aeouyiAEOUYIơưƠƯ])([{_VNI_MARK_CHARS}])")
_VNI_SINGLE_TABLE = {ord(k): v for k, v in _VNI_SINGLE.items()}


def _vni_pair(match: re.Match[str]) -> str:
    base, mark = match.group(1), match.group(2)
    combining = _MARKS.get(mark.lower(), {}).get(base.lower())
    if combining is None:
        return match.group(0)
    return unicodedata.normalize("NFC", base + combining)


def vni_to_unicode(text: str) -> str:
    """Convert VNI text (read as Latin-1 characters) to Unicode NFC."""
    return _VNI_PAIR_RE.sub(_vni_pair, text.translate(_VNI_SINGLE_TABLE))


# A word of capital ASCII letters and converted (non-ASCII) letters with at least two capitals: 'THôNG', 'NHâN'.
_CAPS_WORD_RE = re.compile(
    r"(?<![^\W\d_])(?:[A-Z]|[^\x00-\x7f\W\d_])*[A-Z](?:[A-Z]|[^\x00-\x7f\W\d_])*[A-Z](?:[A-Z]|[^\x00-\x7f\W\d_])*(?![^\W\d_])"
)
# A word whose ASCII letters are all capitals, beside a converted letter: 'ủY' (TCVN3 has no capital Ủ) -> 'ỦY'.
_CAPS_TAIL_RE = re.compile(r"(?<![^\W\d_])[^\x00-\x7f\W\d_]+[A-Z]+(?![^\W\d_])")
# A sentence that starts with a converted accented letter started with its capital ('ủy ban' -> 'Ủy ban'): TCVN3
# has no code for most accented capitals, so a typist wrote the small letter.
_SENTENCE_START_RE = re.compile(r"(^|[.!?]\s+)([^\x00-\x7f\W\d_])", re.MULTILINE)
_ASCII_LOWER_RE = re.compile(r"[a-z]")
_ASCII_UPPER_RE = re.compile(r"[A-Z]")


def _fix_heading_case(converted: str) -> str:
    """Upper-case what was typed in capitals with a .VnTimeH font ('TH«NG' -> 'THôNG' -> 'THÔNG').

    Conversion leaves ASCII letters as they were, so a line with capital ASCII letters only was a heading, and a
    word with two capital ASCII letters was written in capitals.
    """
    out = []
    for line in converted.split("\n"):
        if not _ASCII_LOWER_RE.search(line) and len(_ASCII_UPPER_RE.findall(line)) >= 3:
            out.append(line.upper())
        else:
            words = _CAPS_WORD_RE.sub(lambda m: m.group(0).upper(), line)
            out.append(_CAPS_TAIL_RE.sub(lambda m: m.group(0).upper(), words))
    return _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), "\n".join(out))


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text (read as Latin-1 characters) to Unicode NFC, upper-casing .VnTimeH headings."""
    return _fix_heading_case(text.translate(TCVN3_TABLE))


# --- detection -----------------------------------------------------------------------------------------

# Frequent words of administrative Vietnamese: a decoding that yields many of them is the right one.
_COMMON_WORDS = frozenset({
    "của", "và", "các", "được", "trong", "huyện", "tỉnh", "xã", "không", "những", "thực", "hiện", "thông",
    "báo", "ủy", "uỷ", "ban", "nhân", "dân", "việc", "năm", "tháng", "ngày", "phòng", "công", "tác", "đơn",
    "vị", "cơ", "quan", "chủ", "tịch", "phó", "văn", "quản", "lý", "cáo", "về", "với", "theo",
    "trên", "địa", "tại", "đã", "để", "này", "có", "người", "một", "là", "đến", "cho", "từ", "kết", "luận",
    "họp", "phiên", "thống", "nhất", "nội", "dung", "chỉ", "đạo", "yêu", "cầu", "giao", "đề", "nghị",
    "hành", "chính", "nhiệm", "vụ", "trình", "tổ", "chức", "xây", "dựng", "tài", "nguyên", "môi", "trường",
    "kế", "hoạch", "hoàn", "thiện", "lãnh", "số", "độc", "lập", "tự", "hạnh", "phúc", "cộng", "hòa",
    "hoà", "hội", "nghĩa", "việt", "nam", "nơi", "nhận", "lưu"
})  # fmt: skip
_WORD_RE = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> int:
    """How many frequent Vietnamese words ``text`` contains (a measure of a decoding's plausibility)."""
    return sum(1 for word in _WORD_RE.findall(text.lower()) if word in _COMMON_WORDS)


# Enough text to tell the encodings apart; the whole file is converted once the encoding is known.
_DETECT_BYTES = 4096


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF: the most Vietnamese-looking of TCVN3, VNI and Windows-1258."""
    sample = data[:_DETECT_BYTES]
    latin = sample.decode("latin-1")
    candidates = {
        "tcvn3": tcvn3_to_unicode(latin),
        "vni": unicodedata.normalize("NFC", vni_to_unicode(latin)),
        "cp1258": _decode_cp1258(sample),
    }
    best = max(candidates, key=lambda name: vietnamese_score(candidates[name]))
    if vietnamese_score(candidates[best]) == 0:
        best = "cp1258"
    if len(sample) == len(data):
        return candidates[best], best
    if best == "cp1258":
        return _decode_cp1258(data), best
    full = data.decode("latin-1")
    converted = tcvn3_to_unicode(full) if best == "tcvn3" else vni_to_unicode(full)
    return unicodedata.normalize("NFC", converted), best


# Vietnamese letters that exist only outside Latin-1: their presence shows real Unicode Vietnamese.
_UNICODE_VN_RE = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_LATIN1_HIGH_RE = re.compile("[\xa1-\xff]")


def repair_text(text: str) -> tuple[str, str | None]:
    """Convert text that holds TCVN3 or VNI bytes as Latin-1 characters; return it and the encoding found."""
    sample = text[:200_000]
    if len(_UNICODE_VN_RE.findall(sample, 0, 20_000)) >= 3:
        return text, None
    high = len(_LATIN1_HIGH_RE.findall(sample))
    if high < 3 or len(_UNICODE_VN_RE.findall(sample)) * 4 > high:
        return text, None
    if any(ord(c) > 0xFF for c in sample if c not in "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022"):
        return text, None
    base = vietnamese_score(sample)
    candidates = {"tcvn3": tcvn3_to_unicode(text), "vni": unicodedata.normalize("NFC", vni_to_unicode(text))}
    best = max(candidates, key=lambda name: vietnamese_score(candidates[name][:200_000]))
    if vietnamese_score(candidates[best][:200_000]) <= base:
        return text, None
    return candidates[best], best


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Encode Unicode text as Windows-1258 (base letter with its vowel mark, then the tone as its own byte)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = "".join(c for c in parts if c not in _TONE_MARKS)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        out += (unicodedata.normalize("NFC", base) + tones).encode("cp1258", errors="replace")
    return bytes(out)


def encode_tcvn3(text: str) -> bytes:
    """Encode Unicode text as TCVN3 (upper-case accented letters fall back to their lower-case codes)."""
    inverse = {char: code for code, char in TCVN3_TABLE.items()}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char in inverse:
            out.append(inverse[char])
        elif char.lower() in inverse and not char.isascii():
            out.append(inverse[char.lower()])
        else:
            out += char.encode("latin-1", errors="replace")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Encode Unicode text as VNI-Windows (base letter followed by its mark byte)."""
    singles = {v: k for k, v in _VNI_SINGLE.items()}
    pairs: dict[tuple[str, str], str] = {}
    for mark, bases in _MARKS.items():
        for base, combining in bases.items():
            pairs[(base, unicodedata.normalize("NFD", "a" + combining)[1:])] = mark
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in singles:
            out.append(singles[char])
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        if not marks or char.isascii():
            out.append(char)
            continue
        lower_base = base.lower()
        if marks.startswith(_HORN):
            lower_base = {"o": "ơ", "u": "ư"}.get(lower_base, lower_base)
            marks = marks[1:]
            base_out = singles.get(lower_base if base.islower() else lower_base.upper(), base)
        else:
            base_out = base
        if not marks:
            out.append(base_out)
            continue
        mark_byte = pairs.get((lower_base, marks))
        if mark_byte is None:
            out.append(char)
            continue
        out.append(base_out + (mark_byte if base.islower() else mark_byte.upper()))
    return "".join(out).encode("latin-1", errors="replace")
