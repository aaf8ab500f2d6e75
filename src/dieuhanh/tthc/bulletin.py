"""The radio bulletin (bản tin phát thanh) of a period: plain text worded to be read aloud, and its audio.

Read aloud means: every number and percentage in words (``dieuhanh.vn.numbers``), unit names in full, no
abbreviation a listener would not understand. The audio is made with espeak-ng's Vietnamese voice when the
program is installed (Debian package ``espeak-ng``).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from dieuhanh.core.errors import DomainError
from dieuhanh.vn.abbrev import expand
from dieuhanh.vn.numbers import number_to_words, percent_to_words

from .periods import Period
from .ranking import COMMUNES, DEPARTMENTS

MONTH_WORDS = ("một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai")
# Abbreviations that unit names and headings may still carry, as a listener should hear them.
SPOKEN = (
    (r"\bUBND\b", "Ủy ban nhân dân"),
    (r"\bHĐND\b", "Hội đồng nhân dân"),
    (r"\bTTHC\b", "thủ tục hành chính"),
    (r"\bTT\b", "trung tâm"),
    (r"\s*&\s*", " và "),
)
TOP = 3
ESPEAK_SPEED = 145


def words(n: int) -> str:
    """A count in words."""
    return number_to_words(int(n))


def percent_words(rate: float | None) -> str:
    """A rate (0..1) in words, to one decimal place: 0.9492 -> 'chín mươi tư phẩy chín phần trăm'."""
    value = Decimal(str((rate or 0) * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return percent_to_words(int(value) if value == value.to_integral_value() else value)


def spoken_day(day_text: str) -> str:
    """An ISO date in words: '2021-07-01' -> 'ngày một tháng bảy năm hai nghìn không trăm hai mươi mốt'."""
    year, month, day = (int(p) for p in day_text.split("-"))
    return f"ngày {words(day)} tháng {MONTH_WORDS[month - 1]} năm {words(year)}"


def spoken_period(label: str) -> str:
    """A period in words: 'tháng bảy năm hai nghìn không trăm hai mươi mốt', 'quý ba năm ...'."""
    period = Period.parse(label)
    first = period.first_day
    if period.is_month:
        return f"tháng {MONTH_WORDS[first.month - 1]} năm {words(first.year)}"
    if period.is_quarter:
        return f"quý {words((first.month + 2) // 3)} năm {words(first.year)}"
    if period.is_year:
        return f"năm {words(first.year)}"
    return f"từ {spoken_day(first.isoformat())} đến {spoken_day(period.last_day.isoformat())}"


def spoken_name(name: str) -> str:
    """A unit name with every abbreviation spelled out."""
    text = expand(name)
    for pattern, replacement in SPOKEN:
        text = re.sub(pattern, replacement, text)
    return " ".join(text.replace(" - ", " ").replace(" – ", " ").split())


def locality_of(issuer_name: str) -> str:
    """'Ủy ban nhân dân huyện Sông Lô' -> 'huyện Sông Lô'."""
    return (
        re.sub(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+", "", issuer_name, flags=re.IGNORECASE)
        or issuer_name
    )


def _dossiers(n: int) -> str:
    return f"{words(n)} hồ sơ"


def _change_sentence(snap: dict[str, Any]) -> str:
    now, before = snap["totals"], snap["previous_totals"]
    if not before["processed"]:
        return ""
    previous = spoken_period(snap["previous_period"])
    delta = now["received"] - before["received"]
    moved = "tăng" if delta > 0 else "giảm"
    received = (
        f"số hồ sơ tiếp nhận {moved} {_dossiers(abs(delta))}" if delta else "số hồ sơ tiếp nhận không đổi"
    )
    sentence = f"So với {previous}, {received}"
    if now["on_time_rate"] is not None and before["on_time_rate"] is not None:
        diff = now["on_time_rate"] - before["on_time_rate"]
        if abs(diff) >= 0.0005:
            direction = "tăng" if diff > 0 else "giảm"
            amount = percent_words(abs(diff)).replace("phần trăm", "điểm phần trăm")
            sentence += f"; tỷ lệ giải quyết đúng hạn {direction} {amount}"
        else:
            sentence += "; tỷ lệ giải quyết đúng hạn giữ nguyên"
    return sentence + "."


def _group_sentence(snap: dict[str, Any], group: dict[str, Any]) -> str:
    by_code = {u["unit_code"]: u for u in snap["units"]}
    ranked = [by_code[code] for code in group["ranked"]]
    title = spoken_name(group["title"])
    if not ranked:
        return f"{title}: chưa có đơn vị nào đủ số liệu để xếp hạng."
    places = ["dẫn đầu là", "tiếp theo là", "xếp thứ ba là"]
    parts = []
    for place, unit in zip(places, ranked[:TOP], strict=False):
        parts.append(
            f"{place} {spoken_name(unit['name'])}, giải quyết đúng hạn {percent_words(unit['on_time_rate'])} "
            f"trong số {_dossiers(unit['resolved'])} đã giải quyết"
        )
    return f"{title}: " + "; ".join(parts) + "."


def bulletin_text(snap: dict[str, Any]) -> str:
    """The bulletin of a snapshot (``queries.snapshot`` or a publication), paragraphs separated by blank lines."""
    period = spoken_period(snap["period"])
    issuer = spoken_name(snap["issuer"]["name"])
    locality = locality_of(issuer)
    t = snap["totals"]
    paragraphs = [f"Kết quả giải quyết thủ tục hành chính {period} trên địa bàn {locality}."]
    intake = (
        f"Trong {period}, các cơ quan, đơn vị và Ủy ban nhân dân các xã, thị trấn đã tiếp nhận "
        f"{_dossiers(t['received'])} thủ tục hành chính, trong đó {_dossiers(t['received_online'])} nộp trực tuyến"
    )
    if t["carried_over"]:
        intake += f"; ngoài ra còn {_dossiers(t['carried_over'])} của kỳ trước chuyển sang"
    resolved = f"Đã giải quyết {_dossiers(t['resolved'])}"
    if t["resolved"]:
        on_time = t["resolved_early"] + t["resolved_on_time"]
        resolved += (
            f", trong đó {_dossiers(on_time)} giải quyết trước hạn và đúng hạn, đạt "
            f"{percent_words(t['on_time_rate'])}; {_dossiers(t['resolved_late'])} giải quyết quá hạn"
        )
    pending = f"Hiện còn {_dossiers(t['pending'])} đang giải quyết"
    if t["pending_overdue"]:
        pending += f", trong đó {_dossiers(t['pending_overdue'])} đã quá hạn"
    paragraphs.append(f"{intake}. {resolved}. {pending}.")
    change = _change_sentence(snap)
    if change:
        paragraphs.append(change)
    groups = {g["group"]: g for g in snap["groups"]}
    paragraphs.append("Về xếp hạng theo tỷ lệ giải quyết hồ sơ đúng hạn.")
    for name in (DEPARTMENTS, COMMUNES):
        paragraphs.append(_group_sentence(snap, groups[name]))
    late = sorted((u for u in snap["units"] if u["follow_up"]), key=lambda u: -(u["late_rate"] or 0))
    if late:
        listed = "; ".join(
            f"{spoken_name(u['name'])}, có {percent_words(u['late_rate'])} số hồ sơ quá hạn" for u in late
        )
        paragraphs.append(
            f"Các đơn vị có tỷ lệ giải quyết hồ sơ chậm hạn cao gồm: {listed}. {issuer} yêu cầu các đơn vị này "
            "khắc phục ngay, không để tình trạng chậm hạn kéo dài."
        )
    else:
        paragraphs.append("Trong kỳ, không có đơn vị nào có tỷ lệ hồ sơ quá hạn vượt mức phải đôn đốc.")
    paragraphs.append(
        f"Kết quả xếp hạng chi tiết được công khai trên Cổng thông tin điện tử {locality}. "
        "Người dân, doanh nghiệp có thể nộp hồ sơ trực tuyến để tiết kiệm thời gian đi lại."
    )
    return "\n\n".join(" ".join(p.split()) for p in paragraphs) + "\n"


def audio_available(program: str | None) -> bool:
    """True when espeak-ng can be run."""
    return bool(program) and Path(str(program)).exists()


def bulletin_audio(text: str, program: str | None) -> bytes:
    """The bulletin read by espeak-ng's Vietnamese voice, as WAV bytes; an error when espeak-ng is missing."""
    if not program or not audio_available(program):
        raise DomainError(
            "Máy chủ chưa cài espeak-ng nên chưa tạo được tệp âm thanh (cài gói Debian espeak-ng).",
            code="no_espeak",
        )
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "ban-tin.txt", Path(folder) / "ban-tin.wav"
        source.write_text(text, encoding="utf-8")
        command = [program, "-v", "vi", "-s", str(ESPEAK_SPEED), "-w", str(target), "-f", str(source)]
        done = subprocess.run(command, capture_output=True, timeout=300, check=False)
        if done.returncode != 0 or not target.exists():
            raise DomainError(
                "Không tạo được tệp âm thanh bản tin.",
                code="espeak_failed",
                log_message=f"espeak-ng failed ({done.returncode}): {done.stderr[:300]!r}",
            )
        return target.read_bytes()
