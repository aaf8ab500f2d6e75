"""Directives in running text: one per trigger clause ("giao …", "yêu cầu …", "đề nghị …"), with assignees,
kind and deadline.

A trigger starts a directive when units follow it ("giao phòng Tư pháp …") or when it opens a sentence
("Yêu cầu …"). The clause runs to the end of its sentence, to the next directive, or to where the text stops
asking and starts explaining (", trong đó", ", nhất là", " nhằm …", a closing purpose "để …").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dieuhanh.vn.dates import Period, find_dates

from .folding import fold_view, word_matches
from .layout import sentence_ends
from .units import read_mentions

Directive = dict[str, object]

_TRIGGER_RE = re.compile(r"(?:giao|yeu cau|de nghi|chi dao|phan cong)(?!\w)")
_TRIGGERS = frozenset({"giao", "yêu cầu", "đề nghị", "chỉ đạo", "phân công"})
# Words before a trigger that make it a noun or a passive ("theo đề nghị của", "được giao", "bàn giao").
_NOT_AFTER = frozenset({
    "theo", "cac", "nhung", "duoc", "bi", "xet", "ung", "mot", "so", "voi", "tai", "cua", "ban", "chuyen",
    "nhan", "su", "viec"
})  # fmt: skip
# Words after "giao" that make another word of it ("giao thông", "giao ban", "giao đất").
_GIAO_NOT_BEFORE = frozenset({
    "thong", "ban", "dich", "luu", "dat", "nhan", "khoan", "nop", "quyen", "tiep", "hang", "huu", "thoa",
    "duc"
})  # fmt: skip
_SENTENCE_OPENERS = re.compile(
    r"^[\s\-+•*–—]*(?:[0-9a-z]{1,2}[.)]\s*)?(?:(?:dong thoi|ngoai ra|mat khac|tiep tuc)\s*,?\s*)?$"
)
_CUT_RE = re.compile(
    r",\s*(?:trong do|nhat la|dac biet la|dac biet|cu the la|cu the|bao gom|ben canh do|ngoai ra|khong de"
    r"|tranh de|qua do|tu do|neu)(?!\w)|\s(?:nham|de lam)\s"
)
_PURPOSE_RE = re.compile(r"(?<!khong )(?<!tranh )(?<!\w)de\s")
_FINALIZE_RE = re.compile(
    r"^[\s,:]*(?:(?:tiep thu(?:[^.;,]{0,80}?,)?|chinh sua|bo sung|khan truong|chu tri|ra soat|nghien cuu|tiep tuc)"
    r"\s*,?\s*(?:va\s+)?)*(?:hoan thien|hoan chinh)(?!\w)"
)
_SUBMIT_RE = re.compile(r"(?<!\w)trinh(?!\w)")
_FOLLOW_UP_RE = re.compile(
    r"^[\s,:]*(?:(?:co trach nhiem|chiu trach nhiem|tiep tuc|thuong xuyen|chu tri)\s*,?\s*)?"
    r"(?:(?:theo doi|kiem tra|giam sat),?\s*(?:va\s+)?don doc(?!\w)"
    r"|(?:theo doi|don doc)(?:\s+viec)?\s+(?:[^.;]{0,40}?\s)?(?:thuc hien|trien khai|tien do)(?!\w)"
    r"|(?:theo doi|don doc)\s+cac\s+(?:co quan|don vi|phong|so|ban|nganh|xa|dia phuong))"
)
_DATE_HINT_RE = re.compile(r"[0-9]|quy")
_CUE_WORD_RE = re.compile(r"(?:truoc|cham nhat|han|hoan thanh|xong|ket thuc|trong|dut diem)(?!\w)")
_DEADLINE_CUE_RE = re.compile(
    r"(?:truoc|cham nhat(?: la)?(?: vao)?(?: truoc)?|han chot:?|thoi han:?|hoan thanh(?: truoc| trong| vao)?"
    r"|xong truoc|ket thuc truoc|trong|dut diem)"
    r"(?:\s+(?:luc\s+)?[0-9]{1,2}\s*(?:gio|h)(?:\s*[0-9]{1,2}(?:\s*phut)?)?)?\s*,?\s*$"
)


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    verb: str
    assignees: list[dict[str, str]]
    units_end: int


def _said_by_chair(view: str, ends: list[int], start: int, chair: re.Pattern[str]) -> bool:
    """Whether the sentence before a trigger names the chair as who asks ('… đồng chí Chủ tịch yêu cầu')."""
    index = bisect.bisect_right(ends, start)
    before = view[ends[index - 1] if index else 0 : start]
    return bool(chair.search(before)) and not _DELEGATES_RE.search(before)


def _triggers(text: str, view: str, ends: list[int], chair: re.Pattern[str] | None) -> list[_Trigger]:
    """Trigger words in a paragraph that start a directive (said by the chair, when ``chair`` is given)."""
    found: list[_Trigger] = []
    for match in word_matches(_TRIGGER_RE, view):
        start, end = match.span()
        verb = text[start:end].lower()
        if verb not in _TRIGGERS:
            continue
        if found and _inside_clause(view, ends, found[-1], start, verb):
            continue
        if chair is not None and not _said_by_chair(view, ends, start, chair):
            continue
        before = view[max(0, start - 12) : start].split()
        if before and before[-1] in _NOT_AFTER:
            continue
        after = view[end : end + 12].split()
        if (
            verb == "giao"
            and after
            and after[0] in _GIAO_NOT_BEFORE
            and not text[end + 1 : end + 2].isupper()
        ):
            continue
        mentions, units_end = read_mentions(text, end, view)
        listed = _LIST_INTRO_RE.match(view, end)
        if listed:
            units = _listed_units(text, view, listed.end())
            found.append(_Trigger(start, end, verb, units, listed.end()))
            continue
        if not mentions:
            index = bisect.bisect_right(ends, start)
            if not _SENTENCE_OPENERS.match(view[ends[index - 1] if index else 0 : start]):
                continue
        found.append(_Trigger(start, end, verb, [m.unit for m in mentions], units_end))
    return found


# "giao nhiệm vụ cụ thể như sau: Sở Tài chính: …; Sở Kế hoạch và Đầu tư: …" (the list joined from bullets).
_LIST_INTRO_RE = re.compile(
    r"\s*(?:(?:cac\s+)?nhiem vu(?:\s+cu the)?(?:\s+(?:nhu sau|sau))?|nhu sau|cu the)?\s*:\s*"
)
_LIST_ITEM_RE = re.compile(r"[;:]\s*")


def _listed_units(text: str, view: str, pos: int) -> list[dict[str, str]]:
    """Units that open the points of a list ('Sở Tài chính: chủ trì …; Công an tỉnh: …')."""
    units: list[dict[str, str]] = []
    starts = [pos] + [m.end() for m in _LIST_ITEM_RE.finditer(view, pos)]
    for start in starts[:40]:
        mentions, end = read_mentions(text, start, view)
        if mentions and view[end : end + 2].strip().startswith(":"):
            units.extend(m.unit for m in mentions if m.unit not in units)
    return units


# Who speaks when a sentence reports others' views rather than the chair's conclusion.
_DELEGATES_RE = re.compile(r"dai bieu|y kien|cu tri|nhan dan|doanh nghiep|thao luan|tham luan")
_CLAUSE_BOUNDARY_RE = re.compile(r"(?:[,;:]|\bva|\bdong thoi|\bdong chi|\bchu tich[^,;]{0,30})\s*$")


def _inside_clause(view: str, ends: list[int], previous: _Trigger, start: int, verb: str) -> bool:
    """Whether a trigger is part of what an earlier directive of the same sentence asks ('… tập trung chỉ đạo …')."""
    sentence = bisect.bisect_right(ends, previous.start)
    if sentence < len(ends) and ends[sentence] <= start:
        return False
    if verb in ("chỉ đạo", "phân công"):
        return True
    return not _CLAUSE_BOUNDARY_RE.search(view[max(previous.end, start - 40) : start])


def _clause_end(view: str, trigger: _Trigger, limit: int) -> int:
    """Where the asking part of a clause ends: an elaboration, a closing purpose, or ``limit``."""
    search_from = min(trigger.units_end, limit)
    cut = _CUT_RE.search(view, search_from, limit)
    end = cut.start() if cut else limit
    for purpose in _PURPOSE_RE.finditer(view, search_from, end):
        if purpose.start() - trigger.units_end < 25:
            continue
        if ";" not in view[purpose.end() : end].rstrip(" ;.:,/"):
            end = purpose.start()
            break
    return end


def _kind(verb: str, action: str) -> str:
    """finalize_report, follow_up, requirement or task, from the verb and the action that follows the units."""
    finalize = _FINALIZE_RE.match(action)
    if finalize and _SUBMIT_RE.search(action, finalize.end()):
        return "finalize_report"
    if _FOLLOW_UP_RE.match(action):
        return "follow_up"
    if verb in ("yêu cầu", "đề nghị"):
        return "requirement"
    return "task"


def _deadline(text: str, view: str, start: int, end: int, default_year: int | None) -> str | None:
    """The deadline a clause sets ('trước ngày 30/9/2021', 'trong quý III năm 2021') as an ISO date."""
    for cue_word in word_matches(_CUE_WORD_RE, view, start, end):
        window_end = min(end, cue_word.end() + 48)
        if not _DATE_HINT_RE.search(view, cue_word.end(), window_end):
            continue
        for found in find_dates(text[cue_word.end() : window_end], default_year):
            at = cue_word.end() + found.start
            cue = _DEADLINE_CUE_RE.search(view[max(start, at - 30) : at])
            if not cue:
                continue
            value = found.value
            if isinstance(value, Period):
                if cue.group(0).startswith("truoc") and value.kind != "day":
                    return (value.start - timedelta(days=1)).isoformat()
                return value.end.isoformat()
            if isinstance(value, date):
                return value.isoformat()
    return None


def _clean(text: str) -> str:
    text = text.strip()
    if text.endswith("./."):
        text = text[:-3]
    return text.rstrip(" ,;:.").strip()


def chair_pattern(chair_name: str | None) -> re.Pattern[str]:
    """What names the chair in minutes and reports: the chair's title, 'chủ trì', 'kết luận', the chair's name."""
    # "Đồng chí cũng giao …": the chair, named in the sentence before, goes on asking.
    words = [
        "chu tich",
        "chu tri",
        "chu toa",
        "ket luan",
        r"^\s*dong chi(?:\s+(?:cung|con|dong thoi|tiep tuc))?\s*$",
    ]
    if chair_name:
        words.append(re.escape(fold_view(chair_name)))
    return re.compile("|".join(words))


def extract(
    text: str, item: str | None, default_year: int | None = None, chair: re.Pattern[str] | None = None
) -> list[Directive]:
    """The directives of one paragraph, labelled with ``item``; with ``chair``, only those the chair gives."""
    view = fold_view(text)
    ends = sentence_ends(text)
    triggers = _triggers(text, view, ends, chair)
    out: list[Directive] = []
    for i, trigger in enumerate(triggers):
        sentence_end = ends[bisect.bisect_right(ends, trigger.end)] if trigger.end < ends[-1] else ends[-1]
        sentence_end = min(sentence_end, ends[-1])
        limit = sentence_end
        if i + 1 < len(triggers) and triggers[i + 1].start < limit:
            limit = triggers[i + 1].start
        end = _clause_end(view, trigger, limit)
        body = _clean(text[trigger.start : end])
        if not body:
            continue
        out.append(
            {
                "item": item,
                "kind": _kind(trigger.verb, view[trigger.units_end : limit]),
                "verb": trigger.verb,
                "assignees": trigger.assignees,
                "text": _strip_connector(body),
                "deadline": _deadline(text, view, trigger.start, limit, default_year),
            }
        )
    return out


_TRAILING_CONNECTOR_RE = re.compile(r"(?:[,;]\s*|\s+)(?:và|đồng thời)$")


def _strip_connector(text: str) -> str:
    return _TRAILING_CONNECTOR_RE.sub("", text).rstrip(" ,;:")
