"""From raw text to paragraphs: clean-up (NFC, spaces, Markdown), line joining, page breaks, sentences."""

from __future__ import annotations

import re
import unicodedata

# The marks a list point opens with in the documents offices type ("- …", "+ …", "• …", "– …").
BULLETS = "-+•*–—▪●◦"
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\xad]")
_COLUMN_GAP_RE = re.compile(r" {3,}")
_TAB_GAP_RE = re.compile(r"[ \t]*\t[ \t]*")
_SPACE_RE = re.compile("[\xa0\u2007\u202f\u2000-\u2006\u2008-\u200a\u3000]")
_MD_BOLD_RE = re.compile(r"\*\*+|__+")
_MD_HEADING_RE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
_MD_EM_RE = re.compile(r"\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*(?![\w*])")
# A signature authority glued to the end of a line ("... báo cáo./. TL. CHỦ TỊCH").
_GLUED_AUTHORITY_RE = re.compile(
    r"(?:TM|KT|TL|TUQ|T/M|K/T|T/L)[ \t]*\.?[ \t]*(?:CHỦ|ỦY|UỶ|UBND|HĐND|BAN|GIÁM|CHÁNH|TRƯỞNG|THƯỜNG|VĂN|HỘI)\b"
)
_GLUED_END_RE = re.compile(r"\./\.[ \t]+(?=\S)")
_GLUED_RECIPIENTS_RE = re.compile(r"Nơi nhận[ \t]*:")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$", re.IGNORECASE
)
_TERMINAL = ".;:!?"
# Words that open a paragraph of their own in a notice ("Ngày 09/8/2021, …", "Căn cứ …", "Nơi nhận").
_OPENER_RE = re.compile(
    r"(?:Ngày|Sáng|Chiều|Tối|Hôm nay|Vào hồi|Vào lúc|Căn cứ|Thực hiện|Thời gian|Địa điểm|Chủ trì|Thành phần)"
    r"\b|(?:Số|Kính gửi)\s*:"
)

ITEM_MARKER_RE = re.compile(r"(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)/]\s|[-+•*–—▪●◦]\s")


def normalize_text(text: str) -> str:
    """NFC, one kind of space, no control characters or Markdown emphasis, glued signature lines split."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\f", "\n\n")
    # Columns laid side by side (header, signature beside the distribution list) become lines of their own.
    if "   " in text:
        text = _COLUMN_GAP_RE.sub(_break_inside_line, text)
    if "\t" in text:
        text = _TAB_GAP_RE.sub(_break_inside_line, text)
    text = _CONTROL_RE.sub("", text)
    text = _SPACE_RE.sub(" ", text)
    if "*" in text or "__" in text:
        text = _MD_BOLD_RE.sub("", text)
    if "*" in text:
        text = _MD_EM_RE.sub(_unemphasise, text)
    if "#" in text:
        text = _MD_HEADING_RE.sub("", text)
    text = _GLUED_END_RE.sub("./.\n", text)
    text = _break_before(text, _GLUED_RECIPIENTS_RE)
    return _break_before(text, _GLUED_AUTHORITY_RE)


def _unemphasise(match: re.Match[str]) -> str:
    """'*text*' -> 'text' when the first star does not follow a letter ('a*b*c' stays as it is)."""
    start = match.start()
    if start and (match.string[start - 1].isalnum() or match.string[start - 1] in "*_"):
        return match.group(0)
    return match.group(1)


def _break_before(text: str, pattern: re.Pattern[str]) -> str:
    """Start a new line where ``pattern`` follows other text on the same line, after spaces."""
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        start = match.start()
        gap = start
        while gap > last and text[gap - 1] in " \t":
            gap -= 1
        if gap == start or gap == 0 or text[gap - 1] == "\n" or gap < last:
            continue
        parts.append(text[last:gap])
        parts.append("\n")
        last = start
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _break_inside_line(match: re.Match[str]) -> str:
    """A line break for spaces between two pieces of text on one line; spaces at either end stay as they are."""
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text) or text[start - 1] == "\n" or text[end] == "\n":
        return match.group(0)
    return "\n"


def _is_marker(line: str) -> bool:
    return bool(ITEM_MARKER_RE.match(line)) or line.startswith(("Nơi nhận", "Lưu"))


def is_upper_line(line: str) -> bool:
    """True for a line whose letters are all capitals (a heading, a signature title)."""
    if line.upper() != line:
        return False
    letters = 0
    for char in line:
        if char.isalpha():
            letters += 1
            if letters >= 2:
                return True
    return False


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].isalpha() and line[0].islower()


def _joins(previous: str, line: str, last_line: str, width: int) -> bool:
    """Whether ``line`` continues the paragraph that ``previous`` ends (a wrapped or broken sentence).

    A line that starts with a capital continues the paragraph only when the line before it filled the page's
    width (text extracted from a PDF keeps the page's line breaks).
    """
    if not previous or previous[-1] in _TERMINAL or _is_marker(line) or _OPENER_RE.match(line):
        return False
    if is_upper_line(previous) or is_upper_line(line):
        return False
    if _starts_lower(line):
        return True
    # A numbered heading that stops short of the margin is complete even when the next line starts a sentence.
    full = 0.95 if previous == last_line and _is_marker(previous) else 0.85
    return len(last_line) >= max(40, full * width)


def paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs, rejoining wrapped lines and sentences broken by a page break."""
    out: list[str] = []
    gap = True
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    last_line = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line or _PAGE_NUMBER_RE.match(line):
            gap = gap or not line
            continue
        if out:
            previous = out[-1]
            if gap:
                broken = (
                    previous[-1] not in _TERMINAL and not _is_marker(line) and not is_upper_line(previous)
                )
                # A long paragraph of running text that stops mid-sentence goes on after a page break even when
                # the next page starts with a name ("… giao Phòng" / "Tư pháp rà soát …").
                running = len(previous) >= 100 and not _is_marker(previous) and not is_upper_line(line)
                if broken and (
                    _starts_lower(line) or previous.endswith(",") or (running and not _OPENER_RE.match(line))
                ):
                    out[-1] = f"{previous} {line}"
                    last_line = line
                    gap = False
                    continue
            elif _joins(previous, line, last_line, width):
                out[-1] = f"{previous} {line}"
                last_line = line
                continue
        out.append(line)
        last_line = line
        gap = False
    return out


# Words after which a full stop does not end a sentence ("TP. Hồ Chí Minh", "Đ/c. ...", "ThS. ...").
_ABBREVIATIONS = frozenset({
    "tp", "tx", "tt", "p", "q", "ths", "ts", "ks", "bs", "pgs", "gs", "đ/c", "ô", "b", "st", "ng", "tl",
    "tm", "kt", "tuq"
})  # fmt: skip
_SENTENCE_END_RE = re.compile(r"\./\.|[.!?](?=\s+[\"“(]?[^\W\d_]|\s*$)")


def sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence end in a paragraph (the paragraph's end always counts)."""
    ends: list[int] = []
    for match in _SENTENCE_END_RE.finditer(text):
        pos = match.start()
        if match.group(0) == ".":
            j = pos
            while j > 0 and not text[j - 1].isspace():
                j -= 1
            if text[j:pos].lower() in _ABBREVIATIONS:
                continue
            k = match.end()
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text) and text[k].islower():
                continue
        ends.append(match.end())
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends
