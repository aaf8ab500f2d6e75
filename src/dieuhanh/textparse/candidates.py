"""Candidate directive clauses, found with high recall, each with the features a model decides it by.

A candidate starts at every trigger word ("giao", "yêu cầu", "đề nghị", "chỉ đạo", "phân công") and at every
clause whose subject is a unit followed by what it must do ("Các phòng, ban cần …", "Sở Y tế hướng dẫn …",
"Phòng Văn hóa và Thông tin: xây dựng …"). Only what is never a directive is dropped here, by the words
themselves: "giao thông", "bàn giao", "theo đề nghị của". Whether a candidate is a directive (said by the chair,
not narrated, not a delegate's proposal, not a caption) is left to ``dieuhanh.textparse.model``.

The features are plain strings ("verb=giao", "before=da", "chair_before"), so the model is a table of weights
that a person can read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .folding import fold_view, word_matches
from .layout import BULLETS, sentence_ends
from .units import Unit, read_assignees, read_mentions, subject_units

TRIGGER_RE = re.compile(r"(?:giao|yeu cau|de nghi|chi dao|phan cong)(?!\w)")
# Words before a trigger that make another word of it ("bàn giao", "theo đề nghị của", "sự chỉ đạo").
_NOT_AFTER = frozenset({"theo", "su", "xet"})
_NOT_AFTER_GIAO = frozenset({"ban", "chuyen", "ket", "duoc", "nhan"})
# Words after "giao" that make another word of it ("giao thông", "giao ban", "giao đất").
_GIAO_NOT_BEFORE = frozenset({
    "thong", "ban", "dich", "luu", "dat", "nhan", "khoan", "nop", "quyen", "tiep", "hang", "huu", "thoa",
    "duc", "thua", "lo", "thue", "von"
})  # fmt: skip
# "yêu cầu công việc", "yêu cầu đặt ra": the noun (what the work requires), no order
_YEU_CAU_NOUN_RE = re.compile(r"\s+(?:cong viec|dat ra|de ra|nhiem vu|cua|chung|ve|cao)(?!\w)")
MODALS = ("co trach nhiem", "chiu trach nhiem", "can phai", "can", "phai", "khan truong", "tiep tuc")
_MODAL_RE = re.compile(r"\s*(?:" + "|".join(MODALS) + r")(?!\w)")
# An action verb right after a subject: the subject is asked to do something ("Sở Y tế hướng dẫn …").
_ACTION_RE = re.compile(
    r"\s*(?:chu tri|phoi hop|thuc hien|trien khai|to chuc|kiem tra|ra soat|theo doi|don doc|bao cao|chi dao"
    r"|huong dan|tang cuong|nghien cuu|tham muu|xay dung|hoan thien|hoan thanh|chuan bi|tap trung|quan tam"
    r"|day manh|dam bao|bao dam|thong bao|tuyen truyen|cung cap|bo tri|xu ly|giai quyet|tong hop|lap|gui"
    r"|nghiem tuc|chu dong|quyet liet|khan truong|tiep tuc|thuong xuyen|ra quan|cap nhat|phan cong|tham dinh"
    r"|rut kinh nghiem|khac phuc|van dong|sap xep|kien toan|day nhanh|tich cuc|lam tot|tiep thu)(?!\w)"
)
_CHAIR_RE = re.compile(r"chu tich|chu tri|chu toa|ket luan|pho chu tich|giam doc|bi thu|truong ban|lanh dao")
_DELEGATES_RE = re.compile(
    r"dai bieu|y kien|cu tri|(?<!ban )nhan dan|doanh nghiep|thao luan|tham luan|kien nghi|de xuat|phan anh"
    r"|nguoi dan"
)
# "- Ông Trần Văn Bé, Trưởng Công an xã: đề nghị …": a speaker's words, in the opinions part of minutes.
_SPEAKER_LABEL_RE = re.compile(r"^[\s\-+•*–]*(?:ong|ba|anh|chi|dong chi|d/c|dai bieu)\s+[^:.;]{1,100}:\s*$")
# "Tại phiên họp, các đại biểu đã thảo luận, đề nghị …": delegates are who asks.
_DELEGATE_SUBJECT_RE = re.compile(
    r"^[\s\-+•*–]*(?:[^,.;]{0,60},\s*)?(?:cac|nhieu|mot so|mot)?\s*(?:dai bieu|cu tri|doanh nghiep|nguoi dan"
    r"|y kien)(?!\w)"
)
# "UBND huyện đã chỉ đạo …": a subject followed by what it already did.
_TOLD_RE = re.compile(r"\s*(?:da|dang|vua|tung|cung da|da tung|cung dang)\s")
# "đã chỉ đạo", "vừa giao", "từng yêu cầu": what was ordered before, told as news.
_NARRATIVE_RE = re.compile(r"(?:^|\s)(?:da|dang|tung|vua|truoc do|da tung|cung da)\s*$")
# "… đã có văn bản yêu cầu …", "đã ban hành Công văn số 12/UBND-KT giao …": an order given earlier, elsewhere
_ISSUED_RE = re.compile(
    r"(?:^|\s)(?:da|truoc do)\s+(?:co|ban hanh|ky|gui|ky ban hanh)\s+(?:\w+\s+){0,2}"
    r"(?:van ban|cong van|cong dien|quyet dinh|thong bao|chi thi|ke hoach)(?:\s+(?:hoa toc|khan cap|khan))?"
    r"(?:\s+(?:so\s+)?[^\s]*[0-9][^\s]*)?"
    r"(?:\s+(?:ngay\s+)?[0-9/.-]+)?\s*,?\s*$"
)
_CAPTION_RE = re.compile(r"(?:^|[\s(])(?:anh|clip|video|nguon)\s*:", re.IGNORECASE)
_SAID_RE = re.compile(r"(?:yeu cau|de nghi|nhan manh|chi dao|ket luan|luu y|phat bieu|khang dinh)\s*:?\s*$")
# Where a clause may open: a paragraph start or a marker, after a sentence end, a semicolon or a colon.
_OPENER_RE = re.compile(
    rf"[\s{re.escape(BULLETS)}]*(?:(?:dieu\s+)?(?:[0-9]{{1,2}}(?:\.[0-9]{{1,2}})*|[a-zđ])\s*[.)/:]\s*)?"
    r"(?:(?:dong thoi|ngoai ra|mat khac|tiep theo|sau do|ben canh do|rieng)\s*,?\s*)?"
)
_ADVERBIAL_RE = re.compile(
    r"(?:trong|truoc|tu nay|tu nay den|den|sau|thoi gian toi|trong thoi gian toi|doi voi|ve|nam|quy|thang"
    r"|de|nham|tai|khi)[^,.;:]{0,60},\s*"
)
_WORD_RE = re.compile(r"[a-z0-9]+")
_WINDOW = 300
# A sentence of a real document holds a handful of clauses; beyond these it is a list or noise, not directives.
MAX_PER_SENTENCE = 24
# Clause openings read for a unit subject in one document: a real one has a few hundred; beyond this it is a
# list of thousands of lines (a recipients block repeated), read for triggers only.
MAX_SUBJECT_PROBES = 6_000
# Function words whose presence beside a candidate says how it is used; other words are not features.
_CUE_WORDS = frozenset({
    "duoc", "cac", "nhung", "da", "se", "dang", "va", "thoi", "cung", "con", "tiep", "luu", "y", "tuc",
    "nhu", "sau", "cho", "voi", "de", "la", "thi", "nay", "do", "ma", "moi", "tung", "vua", "tai", "trong",
    "can", "phai", "co", "chu", "chiu", "khan", "nghiem", "tap", "tang", "chi", "lanh", "thu", "ket", "luan",
    "bieu", "nghi", "cau", "tri", "chinh", "hoan", "theo", "bao", "kiem", "to", "ra", "trien", "thuc", "xay",
})  # fmt: skip
# "Văn phòng HĐND-UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện": the notice's closing formula.
_CLOSING_FORMULA_RE = re.compile(
    r"\s*(?:xin\s+)?(?:thong bao|sao gui)\s+(?:de|den|cho|ket luan|y kien)(?!\w)"
)


@dataclass
class Candidate:
    """A clause that may be a directive: where it starts in its paragraph, its trigger and its units."""

    para: int
    item: str | None
    start: int
    verb: str | None
    kind: str  # "trigger", "subject" or "point" (a list point under an order, with the order's units)
    assignees: list[Unit]
    units_end: int
    sentence_end: int
    features: list[str] = field(default_factory=list)
    score: float = 0.0
    listed: bool = False  # "giao nhiệm vụ cụ thể như sau: Sở A: …; Sở B: …": the units open the points
    list_point: bool = False  # the clause opens a point of a list an order leads into ("… như sau:")


@dataclass
class Paragraph:
    """A paragraph of the body with its item label, whether it is in the conclusions, and its views."""

    text: str
    item: str | None
    conclusions: bool
    view: str = ""
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.view = fold_view(self.text)
        self.ends = sentence_ends(self.text)

    def sentence_start(self, pos: int) -> int:
        index = bisect.bisect_right(self.ends, pos)
        return self.ends[index - 1] if index else 0

    def sentence_end(self, pos: int) -> int:
        index = bisect.bisect_right(self.ends, pos)
        return self.ends[min(index, len(self.ends) - 1)]


# A time or condition before the units asked ("yêu cầu trước ngày 10-5, Sở Tài chính …").
_WHEN_RE = re.compile(
    r"(?:khi|truoc|trong|sau|den|tu nay|tu nay den|thoi gian toi|nam|quy|thang)[^,.;:]{0,60},\s*"
)
_SUBJECT_MODAL_RE = re.compile(r"\s*:?\s*(?P<s>[^\s,.;:][^,.;:]{2,60}?)\s+(?:can|phai|co trach nhiem)(?!\w)")


def _skip_spaces(view: str, pos: int) -> int:
    while pos < len(view) and view[pos] in " :":
        pos += 1
    return pos


def _words(view: str) -> list[str]:
    return _WORD_RE.findall(view)


def _trigger_candidates(p: Paragraph, index: int) -> list[Candidate]:
    out: list[Candidate] = []
    per_sentence: dict[int, int] = {}
    for match in word_matches(TRIGGER_RE, p.view):
        start, end = match.span()
        sentence_end = p.sentence_end(start)
        per_sentence[sentence_end] = per_sentence.get(sentence_end, 0) + 1
        if per_sentence[sentence_end] > MAX_PER_SENTENCE:
            continue
        verb = match.group(0)
        before = p.view[max(0, start - 12) : start].split()
        if before and (before[-1] in _NOT_AFTER or (verb == "giao" and before[-1] in _NOT_AFTER_GIAO)):
            continue
        after = p.view[end : end + 12].split()
        if (
            verb == "giao"
            and after
            and after[0] in _GIAO_NOT_BEFORE
            and not p.text[end + 1 : end + 2].isupper()
        ):
            continue
        if (
            verb == "yeu cau"
            and _YEU_CAU_NOUN_RE.match(p.view, end)
            and not p.text[end + 1 : end + 2].isupper()
        ):
            continue
        listed = _LIST_INTRO_RE.match(p.view, end)
        listed_units = _listed_units(p, listed.end(), sentence_end) if listed else []
        if listed and listed_units:
            assignees, units_end = listed_units, listed.end()
            out.append(
                Candidate(
                    index, p.item, start, verb, "trigger", assignees, units_end, sentence_end, listed=True
                )
            )
            continue
        # "chỉ đạo: các ban, ngành, đơn vị rà soát …": the units after the colon
        read_from = listed.end() if listed and p.view[end : listed.end()].strip() == ":" else end
        assignees, units_end = read_assignees(p.text, read_from, p.view, sentence_end)
        if not assignees:
            assignees, units_end = read_assignees(p.text, end, p.view, sentence_end)
        # "yêu cầu: Khi tham gia, lực lượng các xã phải …", "yêu cầu trước ngày 10-5, Sở Tài chính …"
        adverbial = _WHEN_RE.match(p.view, _skip_spaces(p.view, read_from))
        if adverbial:
            later, later_end = read_assignees(p.text, adverbial.end(), p.view, sentence_end)
            if later or units_end <= adverbial.end():
                assignees, units_end = later, later_end  # what was read lay inside the adverbial
        if not assignees:
            # "đề nghị đơn vị thi công cần đẩy nhanh …": whoever stands before the modal, kept for review
            modal = _SUBJECT_MODAL_RE.match(p.view, adverbial.end() if adverbial else end)
            if modal:
                assignees = subject_units(p.text, modal.start("s"), modal.end("s"))
                units_end = modal.end("s")
        if not assignees:
            assignees = _named_before(p, start)
        out.append(Candidate(index, p.item, start, verb, "trigger", assignees, units_end, sentence_end))
    return out


def _clause_starts(p: Paragraph) -> list[int]:
    starts = [0] + [e for e in p.ends[:-1]]
    starts += [m.end() for m in re.finditer(r"[;:]", p.view)]
    return sorted(set(starts))


def _subject_candidates(p: Paragraph, index: int, budget: list[int]) -> list[Candidate]:
    out: list[Candidate] = []
    if budget[0] <= 0:
        return out
    per_sentence: dict[int, int] = {}
    for pos in _clause_starts(p):
        budget[0] -= 1
        if budget[0] < 0:
            break
        sentence_end = p.sentence_end(pos)
        per_sentence[sentence_end] = per_sentence.get(sentence_end, 0) + 1
        if per_sentence[sentence_end] > MAX_PER_SENTENCE:
            continue
        opener = _OPENER_RE.match(p.view, pos)
        at = opener.end() if opener else pos
        mentions, units_end = read_mentions(p.text, at, p.view, 8)
        if not mentions:
            adverbial = _ADVERBIAL_RE.match(p.view, at)
            if adverbial:
                mentions, units_end = read_mentions(p.text, adverbial.end(), p.view, 8)
        if not mentions:
            continue
        rest = p.view[units_end : units_end + 30]
        if not rest.strip():
            continue
        start = mentions[0].start
        while start < len(p.view) and p.view[start] == " ":
            start += 1
        sentence_end = p.sentence_end(start)
        assignees, read_end = read_assignees(p.text, start, p.view, sentence_end)
        units_end = max(units_end, read_end)
        modal = _MODAL_RE.match(p.view, units_end)
        verb = p.view[modal.start() : modal.end()].strip() if modal else None
        out.append(Candidate(index, p.item, start, verb, "subject", assignees, units_end, sentence_end))
    return out


# "giao nhiệm vụ cụ thể như sau: Sở Tài chính: …; Sở Kế hoạch và Đầu tư: …" (the list joined from bullets).
_LIST_INTRO_RE = re.compile(
    r"\s*(?:(?:cac\s+)?nhiem vu(?:\s+cu the)?(?:\s+(?:nhu sau|sau))?|nhu sau|cu the)?\s*:\s*"
)


_POINT_RE = re.compile(r"[;:]\s*")


def _listed_units(p: Paragraph, pos: int, limit: int) -> list[Unit]:
    """Units that open the points of a list ('Sở Tài chính: chủ trì …; Công an tỉnh: …')."""
    units: list[Unit] = []
    starts = [pos, *[m.end() for m in _POINT_RE.finditer(p.view, pos, limit)][:40]]
    for at in starts:
        mentions, end = read_mentions(p.text, at, p.view, 8)
        if mentions and p.view[end : end + 2].strip().startswith(":"):
            units.extend(m.unit for m in mentions if m.unit not in units)
    return units


_ABOUT_RE = re.compile(r"(?:doi voi|rieng|voi|giao cho)\s+")


def _named_before(p: Paragraph, start: int) -> list[Unit]:
    """'Đối với Phòng Tài chính - Kế hoạch, yêu cầu …': the unit named before a trigger that names none."""
    sent_start = p.sentence_start(start)
    opener = _OPENER_RE.match(p.view, sent_start)
    at = opener.end() if opener else sent_start
    about = _ABOUT_RE.match(p.view, at)
    if not about or about.end() >= start:
        return []
    assignees, _ = read_assignees(p.text, about.end(), p.view, start)
    return [u for u in assignees if "resolved" not in u]


_PRESENTS_RE = re.compile(
    r"\s*(?:da\s+)?(?:trinh bay|bao cao tom tat|thong qua du thao|bao cao du thao)(?!\w)"
)


def ruled_out(candidate: Candidate) -> bool:
    """What the conventions exclude whatever the model says: a delegate's proposal not taken up by the chair, a
    closing formula, narrative, and the agenda ('Phòng X trình bày dự thảo …': who presented what)."""
    features = candidate.features
    return (
        "delegate_speaks" in features
        or "closing_formula" in features
        or "narrative" in features
        or "subject:presents" in features
        # "Các cơ quan, đơn vị tập trung thực hiện một số nhiệm vụ sau:" before points that each give their
        # own order: the lead-in only introduces them
        or ("subject:lead_of_orders" in features and "subject:modal" not in features)
    )


def addressed(candidate: Candidate) -> bool:
    """A trigger clause addressed to units the reader knows, opening its own clause: a directive by the
    conventions' definition, whatever the model says (it decides the cases the definition leaves open)."""
    features = candidate.features
    if candidate.kind == "subject":
        return continues_orders(candidate)
    opens_conclusion = f"{candidate.kind}:at_sentence_start" in features and "conclusions" in features
    return (
        candidate.kind == "trigger"
        and (any("resolved" not in unit for unit in candidate.assignees) or opens_conclusion)
        and ("previous_in_sentence" not in features or "previous_sep=;" in features)
        and "before=duoc" not in features
        and "before=cac" not in features
        and "before=nhung" not in features
    )


def continues_orders(candidate: Candidate) -> bool:
    """A unit opening its sentence with what it must do, right after an order ('UBND thành phố giao Sở A …. Sở
    B chỉ đạo …. Công an thành phố chủ trì …'): the conventions' subject-first directive, in a run of orders."""
    features = candidate.features
    return (
        "subject:continues" in features
        and _directive_shaped(candidate)
        and not any(f"subject:trigger={said}" in features for said in ("de", "yeu"))
        and "subject:colon" not in features
    )


# A point that names a topic ("Về công tác …", "Đối với …:") heads what follows rather than asking it.
_TOPIC_RE = re.compile(r"(?:ve|doi voi|rieng|ve viec)\s|[^.;]{0,150}:\s*$")
_BULLET_ONLY_RE = re.compile(rf"^[\s{re.escape(BULLETS)}]+$")
_BULLET_RE = re.compile(rf"\s*[{re.escape(BULLETS)}]\s*")
_MARKER_RE = re.compile(r"\s*(?:[0-9]{1,2}(?:\.[0-9]{1,2})*\s*[.)]|[a-zđ]\s*\))\s+")
_TOLD_TO_RE = re.compile(r"(?<!\w)(?:cho|den|toi)\s+(?:tat ca\s+)?")
_LEAD_MODAL_RE = re.compile(r"(?:^|\s)(?:can|phai|co trach nhiem)\s[^.;:]*(?:sau|nhu sau|cu the)\s*:\s*$")


def _lead_in(p: Paragraph, index: int, found: list[Candidate]) -> Candidate | None:
    """The order a paragraph ends by leading into a list ('yêu cầu các ông xóm trưởng thực hiện một số nội dung
    sau:'): its last candidate, when that candidate's sentence is the paragraph's last and ends in a colon."""
    if not p.text.rstrip().endswith(":"):
        return None
    last_start = p.sentence_start(len(p.view) - 1)
    for c in reversed(found):
        if c.sentence_end >= len(p.view.rstrip()) - 1 and c.start >= last_start - 1 and c.assignees:
            return c
    modal = _LEAD_MODAL_RE.search(p.view, last_start)
    if modal:
        # "… thông báo cho các cơ quan, … cần thực hiện tốt một số nội dung sau:": those told to
        told = _TOLD_TO_RE.search(p.view, last_start, modal.start())
        at = told.end() if told else last_start
        assignees, _ = read_assignees(p.text, at, p.view, modal.start() + 1)
        if not assignees and told:
            assignees = subject_units(p.text, at, modal.start())
        if not assignees:
            return None
        verb = modal.group(0).split()[0]
        verb = "co trach nhiem" if verb == "co" else verb
        return Candidate(index, p.item, at, verb, "subject", assignees, modal.start(), len(p.view))
    return None


def _point_start(paragraphs: list[Paragraph], index: int, lead: Candidate) -> int | None:
    """Where a paragraph opens a new point of a list ('1. …', '- …', 'a) …'), past its marker; None when it
    does not (a paragraph that goes on with the point before, or plain text that ends the list)."""
    p = paragraphs[index]
    if _BULLET_ONLY_RE.match(p.text):
        return len(p.text)
    before = paragraphs[index - 1] if index else None
    # a numbered item under a lead-in outside any item is its point; beside a lead-in inside an item, it is the
    # next item of the agenda
    lead_item = paragraphs[lead.para].item
    outside = lead_item is None or lead_item.endswith(".")
    new_label = outside and p.item is not None and (before is None or before.item != p.item)
    after_bullet = before is not None and bool(_BULLET_ONLY_RE.match(before.text))
    bullet = _BULLET_RE.match(p.text) or _MARKER_RE.match(p.view)
    if not (new_label or after_bullet or bullet):
        return None
    opener = _OPENER_RE.match(p.view, 0)
    return opener.end() if opener else 0


def _point_candidate(p: Paragraph, index: int, point: int, lead: Candidate) -> Candidate:
    """A point of a list an order leads into: what it asks of the order's units, to the point's end."""
    return Candidate(
        index, p.item, point, None, "point", list(lead.assignees), point, len(p.view), list_point=True
    )


def find(paragraphs: list[Paragraph], chair_name: str | None = None) -> list[Candidate]:
    """Every candidate clause of the body, in order, with its features."""
    chair_re = (
        _CHAIR_RE
        if not chair_name
        else re.compile(_CHAIR_RE.pattern + "|" + re.escape(fold_view(chair_name)))
    )
    out: list[Candidate] = []
    budget = [MAX_SUBJECT_PROBES]
    lead: Candidate | None = None  # the order whose points the paragraphs below are
    for index, p in enumerate(paragraphs):
        found = _trigger_candidates(p, index)
        starts = {c.start for c in found}
        lists = [(c.start, c.sentence_end) for c in found if c.listed]
        for c in _subject_candidates(p, index, budget):
            inside_list = any(start < c.start < end for start, end in lists)
            if (
                not inside_list
                and not any(abs(c.start - s) < 3 for s in starts)
                and not _speaks(p, c, starts)
            ):
                found.append(c)
        point = _point_start(paragraphs, index, lead) if lead is not None else None
        if point is None:
            lead = None
        elif lead is not None:
            opening = next((c for c in found if abs(c.start - point) < 3), None)
            if opening is not None:
                opening.list_point = True
                ordered = f"{lead.kind}:lead_of_orders"
                if opening.kind == "trigger" and ordered not in lead.features:
                    lead.features.append(ordered)  # "… một số nhiệm vụ sau: a) Giao Phòng A …"
            elif p.view[point:].strip() and not _TOPIC_RE.match(p.view, point):
                found.append(_point_candidate(p, index, point, lead))
        new_lead = _lead_in(p, index, found)
        if new_lead is not None:
            if all(c is not new_lead for c in found):
                found.append(new_lead)
            lead = new_lead
        found.sort(key=lambda c: c.start)
        for i, c in enumerate(found):
            c.features = _features(paragraphs, index, c, found[i - 1] if i else None, chair_re)
        out.extend(found)
    _mark_runs(paragraphs, out)
    return out


def _is_authority(p: Paragraph, c: Candidate) -> bool:
    """Whether a subject candidate's subject is the issuing authority ('UBND thành phố', 'Chủ tịch UBND
    huyện', 'Lãnh đạo UBND tỉnh') rather than a unit asked to act ('UBND các xã', 'Sở Y tế')."""
    said = TRIGGER_RE.search(p.view, c.start, c.units_end)
    subject = p.view[c.start : said.start() if said else c.units_end]
    if " cac " in f" {subject} " or not subject.strip():
        return False
    words = re.sub(r"(?<!\w)uy ban nhan dan(?!\w)", "ubnd", subject).split()
    while words[:2] == ["dong", "chi"] or words[:1] in (["ong"], ["ba"]):
        words = words[2:] if words[0] == "dong" else words[1:]
    head = words[0] if words else ""
    return head in ("ubnd", "uy", "u", "chu", "pho", "lanh", "thuong", "tap") and not any(
        w in ("so", "phong", "ban", "cong", "doan", "hoi", "truong", "trung") for w in words[1:3]
    )


def _speaks(p: Paragraph, c: Candidate, trigger_starts: set[int]) -> bool:
    """'UBND thành phố yêu cầu …': the authority's name before its own trigger opens no clause of its own."""
    said = TRIGGER_RE.search(p.view, c.start, c.units_end + 40)
    return (
        said is not None
        and said.start() in trigger_starts
        and not p.view[c.start : said.start()].count(",") > 1
        and _is_authority(p, c)
    )


def _directive_shaped(c: Candidate) -> bool:
    """A clause that reads like an order: a trigger naming units, or a unit subject with what it must do."""
    f = c.features
    if "narrative" in f or "delegate_speaks" in f:
        return False
    if c.kind == "trigger":
        return "mention" in f
    return "subject:authority" not in f and any(
        x in f for x in ("subject:modal", "subject:action", "subject:trigger", "subject:colon")
    )


def _mark_runs(paragraphs: list[Paragraph], candidates: list[Candidate]) -> None:
    """Mark subject clauses that go on from an order in the sentence or paragraph before: after 'UBND thành
    phố giao Sở A …', the next paragraphs 'Sở B chỉ đạo …', 'Công an thành phố chủ trì …' are orders too."""
    shaped: dict[int, int] = {}  # paragraph -> end of the last directive-shaped clause in it
    for c in candidates:
        if c.kind == "subject" and _is_authority(paragraphs[c.para], c):
            c.features.append("subject:authority")
    for c in candidates:
        if c.kind == "subject" and "subject:at_sentence_start" in c.features:
            before_in_para = shaped.get(c.para)
            if (before_in_para is not None and before_in_para < c.start) or (
                "subject:at_paragraph_start" in c.features and c.para - 1 in shaped
            ):
                c.features.append("subject:continues")
        if _directive_shaped(c):
            shaped[c.para] = c.start


def _features(
    paragraphs: list[Paragraph],
    index: int,
    c: Candidate,
    previous: Candidate | None,
    chair_re: re.Pattern[str],
) -> list[str]:
    p = paragraphs[index]
    view = p.view
    sent_start = p.sentence_start(c.start)
    # what precedes in the sentence, bounded so a run-on sentence of many triggers stays linear
    sent_start = max(sent_start, c.start - _WINDOW)
    before = view[sent_start : c.start]
    before_words = _words(before)
    after_words = _words(view[c.units_end : c.units_end + 60])
    f = [f"type={c.kind}", f"verb={c.verb or '-'}"]
    f.append(f"{c.kind}:verb={c.verb or '-'}")
    if c.assignees:
        f.append("mention")
        f.append(f"{c.kind}:mention")
        for unit in c.assignees[:3]:
            f.append(f"group={unit.get('group') or '-'}")
            if unit.get("role"):
                f.append("role")
            if unit.get("resolved"):
                f.append(f"{c.kind}:unresolved")
            if unit.get("person"):
                f.append("person")
    else:
        f.append(f"{c.kind}:no_mention")
    opener = _OPENER_RE.match(view, sent_start)
    stripped_start = opener.end() if opener else sent_start
    if c.start <= stripped_start + 1:
        f.append(f"{c.kind}:at_sentence_start")
        para_opener = _OPENER_RE.match(view, 0)
        if sent_start == 0 or (para_opener and c.start <= para_opener.end() + 1):
            f.append(f"{c.kind}:at_paragraph_start")
    if before_words:
        last = before_words[-1]
        word = last if last in _CUE_WORDS else ("chair" if chair_re.search(before[-25:]) else "other")
        f.append(f"before={word}")
        f.append(f"{c.kind}:before={word}")
    else:
        f.append(f"{c.kind}:before=^")
    if after_words and after_words[0] in _CUE_WORDS:
        f.append(f"after1={after_words[0]}")
    told = _NARRATIVE_RE.search(before[-12:]) or _ISSUED_RE.search(before[-80:])
    if told or (c.kind == "subject" and _TOLD_RE.match(view, c.units_end)):
        # "Chủ tịch UBND tỉnh vừa chỉ đạo …" opening a news item is the news itself: the order it reports;
        # "đã chỉ đạo", or "vừa" further on, is what came before
        lede = index <= 1 and sent_start <= 1
        just = told is not None and told.group(0).split() == ["vua"]
        if lede and just and chair_re.search(before) and c.kind == "trigger":
            f.append("news_of_order")
        else:
            f.append("narrative")
    if chair_re.search(before):
        f.append("chair_before")
        if _DELEGATES_RE.search(before):
            f.append("chair_and_delegates_before")
    elif _DELEGATES_RE.search(before):
        f.append("delegates_before")
    clause = re.split(r"[,;]", before)[-1]
    speaker = _SPEAKER_LABEL_RE.match(before)
    if (
        (speaker and not p.conclusions)
        or (_DELEGATES_RE.search(clause) and not chair_re.search(clause))
        or (_DELEGATE_SUBJECT_RE.match(before) and not chair_re.search(before))
    ):
        f.append("delegate_speaks")
    if _SAID_RE.search(before):
        f.append("said_before")
    prev_sentence = view[p.sentence_start(max(sent_start - 1, 0)) : sent_start] if sent_start else ""
    if not prev_sentence and index:
        prev_sentence = paragraphs[index - 1].view[-200:]
    if chair_re.search(prev_sentence):
        f.append("chair_prev_sentence")
    if TRIGGER_RE.search(prev_sentence) or (index and TRIGGER_RE.search(paragraphs[index - 1].view[-300:])):
        f.append(f"{c.kind}:order_before")
    if prev_sentence.rstrip().endswith(":"):
        f.append("after_colon_sentence")
    if before.rstrip().endswith(":"):
        f.append("after_colon")
    if before.rstrip().endswith(";"):
        f.append("after_semicolon")
    if p.conclusions:
        f.append("conclusions")
    if p.item:
        f.append("item")
    if index == 0:
        f.append("first_paragraph")
    sentence = p.text[sent_start : min(c.sentence_end, c.start + _WINDOW)]
    following = paragraphs[index + 1].text[:12] if index + 1 < len(paragraphs) else ""
    if _CAPTION_RE.search(sentence) or _CAPTION_RE.match(following.strip()):
        f.append("caption")
    if not p.text.rstrip().endswith((".", ";", ":", "!", "?", "\u2026", ",")) and len(p.text) < 300:
        f.append("unterminated_short")
    if '"' in before or "“" in before:
        f.append("quoted")
    if previous is not None and previous.sentence_end == c.sentence_end:
        between = view[previous.start : c.start]
        f.append("previous_in_sentence")
        if ";" in between:
            f.append("previous_sep=;")
        elif between.rstrip().endswith((",", " va", "dong thoi")):
            f.append("previous_sep=,")
        else:
            f.append("previous_sep=none")
    if c.list_point:
        f.append(f"{c.kind}:list_point")
    if p.text[: c.sentence_end].rstrip().endswith(":"):
        f.append(f"{c.kind}:lead_in")  # "… một số nhiệm vụ sau:": the items below are what is asked
    if _CLOSING_FORMULA_RE.match(view, c.units_end):
        f.append("closing_formula")
    if c.kind == "subject":
        if _PRESENTS_RE.match(view, c.units_end):
            f.append("subject:presents")
        if c.verb:
            f.append("subject:modal")
        elif TRIGGER_RE.match(view, c.units_end + 1):
            f.append("subject:trigger")
            f.append("subject:trigger=" + view[c.units_end + 1 : c.units_end + 8].split()[0])
        elif _ACTION_RE.match(view, c.units_end):
            f.append("subject:action")
        elif view[c.units_end : c.units_end + 3].strip().startswith(":"):
            f.append("subject:colon")
        else:
            f.append("subject:other")
    return f
