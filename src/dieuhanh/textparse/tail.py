"""The end of a notice: the distribution list ('Nơi nhận') and the signature block."""

from __future__ import annotations

import re

from .folding import fold_view
from .layout import is_upper_line

# "TM. ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "Q. CHÁNH VĂN PHÒNG"; not "QUYẾT ĐỊNH:" (a word, not "Q.")
_AUTHORITY_RE = re.compile(r"^(?P<a>TM|KT|TL|TUQ|T/M|K/T|T/L|Q)(?:\s*\.\s*|\s+)(?P<rest>[^\W\d_].*)$")
_RECIPIENTS_RE = re.compile(r"^noi nhan\s*:?\s*")
_TITLE_WORDS_RE = re.compile(
    r"(?:CHỦ TỊCH|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|TRƯỞNG|THƯ KÝ|CHỦ TRÌ|CHỦ TỌA|CHỦ TOẠ|ỦY VIÊN|UỶ VIÊN|BÍ THƯ"
    r"|NGƯỜI GHI BIÊN BẢN|CHÁNH THANH TRA|THƯ KÝ HỘI NGHỊ)"
)
_SIGNED_RE = re.compile(r"^[(\[]?\s*(?:đã ký|ký|da ky|đã ký và đóng dấu|chữ ký|ky)\b.*[)\]]?$", re.IGNORECASE)
_PURPOSES = {
    "b/c": "for_report", "bc": "for_report", "bao cao": "for_report", "de b/c": "for_report",
    "de bao cao": "for_report", "t/h": "for_action", "th": "for_action", "thuc hien": "for_action",
    "de t/h": "for_action", "de thuc hien": "for_action", "p/h": "for_action", "phoi hop": "for_action",
    "de phoi hop": "for_action", "p/h t/h": "for_action", "t/h, p/h": "for_action", "d/b": "for_information",
    "de biet": "for_information", "biet": "for_information", "de theo doi": "for_information",
    "theo doi": "for_information", "t/d": "for_information", "de b": "for_information",
}  # fmt: skip
_NOTE_RE = re.compile(r"\(([^()]{1,30})\)\s*$")
_ITEM_SPLIT_RE = re.compile(r"[;.]\s+(?=[-+•]\s)")
_BULLET_RE = re.compile(r"^[\s\-+•*–—]+")


def find_tail(paras: list[str], start: int) -> int:
    """Index of the first paragraph of the distribution list or the signature block (len when none)."""
    for i in range(start, len(paras)):
        para = paras[i]
        if _RECIPIENTS_RE.match(fold_view(para)) or (_AUTHORITY_RE.match(para) and is_upper_line(para)):
            return i
    for i in range(max(start, len(paras) - 8), len(paras)):
        para = paras[i]
        if (
            is_upper_line(para)
            and len(para) < 60
            and _TITLE_WORDS_RE.search(para)
            and "." not in para[-2:]
            and not para.rstrip().endswith(":")
        ):
            return i
    return len(paras)


def _purpose(note: str) -> str | None:
    key = " ".join(fold_view(note).split())
    return _PURPOSES.get(key)


def read_recipient(line: str) -> dict[str, str | None] | None:
    """One line of the distribution list: its name as written and its purpose."""
    text = _BULLET_RE.sub("", line).strip()
    text = re.sub(r"[;,.]+$", "", text).strip()
    if not text or _SIGNED_RE.match(text):
        return None
    if fold_view(text).startswith("luu"):
        return {"name": text, "purpose": "archive"}
    purpose = None
    note = _NOTE_RE.search(text)
    if note:
        purpose = _purpose(note.group(1))
        if purpose is not None or len(note.group(1)) <= 12:
            text = text[: note.start()].rstrip(" ;,.")
    return {"name": text, "purpose": purpose}


def _split_glued(para: str) -> list[str]:
    """Split a line where a second column (a signature title) follows a recipient ('…(b/c); PHÓ CHỦ TỊCH')."""
    if _AUTHORITY_RE.match(para) or is_upper_line(para):
        return [para]
    for match in re.finditer(r"[;.)]\s+", para):
        rest = para[match.end() :]
        if is_upper_line(rest) and (_TITLE_WORDS_RE.search(rest) or _AUTHORITY_RE.match(rest)):
            return [para[: match.end()].strip(), rest]
    return [para]


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 5 or (_TITLE_WORDS_RE.search(line.upper()) and is_upper_line(line)):
        return False
    return all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)


def read_tail(paras: list[str]) -> tuple[dict[str, str | None], list[dict[str, str | None]]]:
    """The signature (authority, title, name) and the recipients of the tail paragraphs."""
    lines: list[str] = []
    for para in paras:
        lines.extend(_split_glued(para))
    recipients: list[dict[str, str | None]] = []
    signature_lines: list[str] = []
    in_list = False
    for line in lines:
        view = fold_view(line)
        if _AUTHORITY_RE.match(line) and is_upper_line(line):
            signature_lines.append(line)
            continue
        head = _RECIPIENTS_RE.match(view)
        if head:
            in_list = True
            line = line[head.end() :].strip()
            if not line:
                continue
        is_item = line.lstrip()[:1] in "-+•*–" or fold_view(line).startswith("luu")
        if in_list and is_item:
            for part in _ITEM_SPLIT_RE.split(line):
                recipient = read_recipient(part)
                if recipient:
                    recipients.append(recipient)
            continue
        signed = _SIGNED_RE.match(line.strip())
        if in_list and not signed and not is_upper_line(line) and not _looks_like_name(line):
            recipient = read_recipient(line)
            if recipient:
                recipients.append(recipient)
            continue
        signature_lines.append(line)
    return read_signature(signature_lines), recipients


def read_signature(lines: list[str]) -> dict[str, str | None]:
    """Authority ('TL. CHỦ TỊCH'), title ('CHÁNH VĂN PHÒNG') and signer's name from the signature lines."""
    authority = None
    after = 0
    for i, line in enumerate(lines):
        match = _AUTHORITY_RE.match(line)
        if match and is_upper_line(line):
            authority = f"{match.group('a').replace('/', '')}. {' '.join(match.group('rest').split())}"
            after = i + 1
    titles: list[str] = []
    names: list[str] = []
    for line in lines[after:]:
        if _SIGNED_RE.match(line.strip()) or _AUTHORITY_RE.match(line):
            continue
        if (is_upper_line(line) and _TITLE_WORDS_RE.search(line)) or (
            is_upper_line(line) and not titles and not names
        ):
            if not names:
                found = list(_TITLE_WORDS_RE.finditer(line))
                if len(found) > 1 and found[-1].start() > 0:
                    line = line[_title_start(line, found[-1].start()) :]
                titles.append(" ".join(line.split()))
            continue
        if _looks_like_name(line) and (titles or authority):
            names.append(" ".join(line.split()))
    # Two signatures side by side (minutes: secretary and chair): the right-hand one signs for the body.
    title = titles[-1] if titles else None
    name = names[-1] if names else None
    return {"authority": authority, "title": title, "name": name}


def _title_start(line: str, pos: int) -> int:
    """Start of the last title on a two-column line ('THƯ KÝ CHỦ TỌA' -> 'CHỦ TỌA'; keeps a leading 'PHÓ')."""
    before = line[:pos].rstrip()
    return pos - 4 if before.endswith("PHÓ") else pos
