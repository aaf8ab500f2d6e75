"""Directives from the chosen candidate clauses: text, assignees, kind, deadline and confidence.

Which clauses are directives is decided in ``decide``: the conventions' rules (``candidates.ruled_out``,
``candidates.addressed``), then the model (``dieuhanh.textparse.model``). A directive's text runs from its
trigger (or its subject) to the end of its sentence, or to the semicolon before the next directive; purpose
clauses ("để …", "nhằm …") and lists (", trong đó …") belong to it, as ``../shared/eval/README.md`` says.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dieuhanh.vn.dates import Period, find_dates

from .candidates import Candidate, Paragraph
from .folding import word_matches

Directive = dict[str, object]

_FINALIZE_RE = re.compile(
    r"^[\s,:]*(?:(?:tiep thu(?:[^.;,]{0,80}?,)?|chinh sua|bo sung|khan truong|chu tri|ra soat|nghien cuu|tiep tuc)"
    r"\s*,?\s*(?:va\s+)?)*(?:hoan thien|hoan chinh)(?!\w)"
)
_SUBMIT_RE = re.compile(r"(?<!\w)trinh(?!\w)")
_FOLLOW_UP_RE = re.compile(
    r"^[\s,:]*(?:(?:co trach nhiem|chiu trach nhiem|tiep tuc|thuong xuyen|chu tri|khan truong)\s*,?\s*)?"
    r"(?:(?:theo doi|kiem tra|giam sat),?\s*(?:va\s+)?don doc(?!\w)"
    r"|(?:theo doi|don doc)(?:\s+viec)?\s+(?:[^.;]{0,40}?\s)?(?:thuc hien|trien khai|tien do)(?!\w)"
    r"|(?:theo doi|don doc)\s+cac\s+(?:co quan|don vi|phong|so|ban|nganh|xa|dia phuong|bo phan))"
)
# A discrete action with something done or delivered (task) or a standing duty or call (requirement), as
# ``../shared/eval/README.md`` defines the kinds; "chủ trì", "phối hợp", "chỉ đạo …", "khẩn trương" say how, not what.
_ACTION_WORD_RE = re.compile(
    r"(?<!\w)(?:(?P<task>kiem tra|to chuc(?! thuc hien)|ra soat|gui|lap|thanh lap|thao do|xu ly|tra loi|khao sat|bo tri"
    r"|cung cap|giai quyet|tong hop|tham muu|de xuat|trinh|xay dung|chuan bi|hoan thien|hoan chinh|hoan thanh"
    r"|bao cao|thong tin|cap(?= giay| phat| moi| doi| kinh phi| von| bu)|thu hoi|dieu tra|truy vet|xac minh|sua chua|lap dat|di doi|ban hanh"
    r"|thong ke|tham dinh|phe duyet|cuong che|bo sung|dieu chinh|nghien cuu|lam ro|thuc hien viec)"
    r"|(?P<standing>tang cuong|tap trung|nghiem tuc|chu dong|quan tam|day manh|dam bao|bao dam|tiep tuc"
    r"|chiu trach nhiem|co trach nhiem|huong dan|thuc hien|trien khai|cung co|nang cao|van dong|tuyen truyen"
    r"|quyet liet|theo doi|giam sat|quan ly|duy tri|phat huy|tuan thu|chap hanh|lam tot|day nhanh|uu tien"
    r"|thuc thi|kien quyet|khong de|phoi hop thuc hien|bam sat|nam chac|to chuc thuc hien))(?!\w)"
)
_DATE_HINT_RE = re.compile(r"[0-9]|quy")
_CUE_WORD_RE = re.compile(r"(?:truoc|cham nhat|han|hoan thanh|xong|ket thuc|trong|dut diem)(?!\w)")
_DEADLINE_CUE_RE = re.compile(
    r"(?:truoc|cham nhat(?: la)?(?: vao)?(?: truoc)?|han chot:?|thoi han:?|hoan thanh(?: truoc| trong| vao)?"
    r"|xong truoc|ket thuc truoc|trong|dut diem)"
    r"(?:\s+(?:luc\s+)?[0-9]{1,2}\s*(?:gio|h)(?:\s*[0-9]{1,2}(?:\s*phut)?)?)?\s*,?\s*$"
)


def _kind(verb: str, action: str) -> str:
    """finalize_report, follow_up, requirement or task, from the verb and the action that follows the units."""
    finalize = _FINALIZE_RE.match(action)
    if finalize and _SUBMIT_RE.search(action, finalize.end()):
        return "finalize_report"
    if _FOLLOW_UP_RE.match(action):
        return "follow_up"
    # by what is asked, not by the verb: the first action word that says it, past the coordination words
    for word in _ACTION_WORD_RE.finditer(action, 0, min(len(action), 160)):
        if word.group("task"):
            return "task"
        if word.group("standing"):
            return "requirement"
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


_TRAILING_CONNECTOR_RE = re.compile(r"(?:[,;]\s*|\s+)(?:và|đồng thời)$")


def _strip_connector(text: str) -> str:
    return _TRAILING_CONNECTOR_RE.sub("", text).rstrip(" ,;:")


def is_directive(candidate: Candidate, probability: float, threshold: float) -> tuple[float, bool]:
    """The one decision rule, for parsing and for choosing the threshold in training: what the conventions
    exclude scores 0; what they define as a directive is one whatever its score; the model decides the rest."""
    from .candidates import addressed, ruled_out

    score = 0.0 if ruled_out(candidate) else probability
    return score, score >= threshold or (score > 0 and addressed(candidate))


def decide(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that are directives, each with its score."""
    from .model import load

    model = load()
    chosen = []
    for candidate in candidates:
        candidate.score, chosen_one = is_directive(
            candidate, model.probability(candidate.features), model.threshold
        )
        if chosen_one:
            chosen.append(candidate)
    return chosen


def extract(text: str, item: str | None, default_year: int | None = None) -> list[Directive]:
    """The directives of one paragraph of a notice's conclusions, labelled with ``item``."""
    from .candidates import find

    paragraphs = [Paragraph(text, item, True)]
    return from_candidates(paragraphs, decide(find(paragraphs)), default_year)


def clause_end(paragraph: Paragraph, candidate: Candidate, following: Candidate | None) -> int:
    """Where a directive's text ends: its sentence's end, or the semicolon before the next directive."""
    limit = candidate.sentence_end
    if following is not None and following.para == candidate.para and following.start < limit:
        cut = paragraph.view.rfind(";", candidate.units_end, following.start)
        limit = cut if cut > candidate.start else following.start
    return limit


def _public(unit: dict[str, str]) -> dict[str, object]:
    """A unit as the schema has it; a mention read by its shape only is marked ``resolved: false``."""
    out: dict[str, object] = {k: v for k, v in unit.items() if k not in ("resolved", "person")}
    if unit.get("resolved") == "no":
        out["resolved"] = False
    return out


def from_candidates(
    paragraphs: list[Paragraph], chosen: list[Candidate], default_year: int | None
) -> list[Directive]:
    """The directives of the chosen candidates, in order, each with its confidence."""
    out: list[Directive] = []
    for i, candidate in enumerate(chosen):
        paragraph = paragraphs[candidate.para]
        following = chosen[i + 1] if i + 1 < len(chosen) else None
        end = clause_end(paragraph, candidate, following)
        text, view = paragraph.text, paragraph.view
        body = _strip_connector(_clean(text[candidate.start : end]))
        if not body:
            continue
        verb = candidate.verb
        written_verb = None
        if verb is not None:
            if candidate.kind == "trigger":
                written_verb = text[candidate.start : candidate.start + len(verb)].lower()
            else:
                at = view.find(verb, candidate.units_end)
                written_verb = text[at : at + len(verb)].lower() if at >= 0 else verb
        action_from = candidate.units_end
        out.append(
            {
                "item": candidate.item,
                "kind": _kind(written_verb or "", view[action_from:end]),
                "verb": written_verb,
                "assignees": [_public(u) for u in candidate.assignees],
                "text": body,
                "deadline": _deadline(
                    text, view, candidate.start, min(end, candidate.start + 1500), default_year
                ),
                "confidence": round(candidate.score, 3),
            }
        )
    return out
