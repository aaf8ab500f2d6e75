"""Benchmark: parsing conclusion notices with ``dieuhanh.textparse`` on one core.

    python bench/textparse_bench.py                 # the seed notice, 2 s per measurement
    python bench/textparse_bench.py --seconds 5

Measures plain text (the seed notice from ../shared/seeds when present, else the largest sample), the same notice
in a legacy encoding (TCVN3 bytes), a DOCX of it generated here with python-docx (header table and paragraphs),
and every hand-annotated sample. The parser's memo caches are emptied before every call, so the figures are
those of a notice seen for the first time. Prints notices per second and milliseconds per notice as a table, with the
targets: at least 200 text notices and 20 DOCX notices per second.
"""

from __future__ import annotations

import argparse
import io
import re
import time
from collections.abc import Callable
from pathlib import Path

from dieuhanh.textparse import parse_bytes, parse_text, units
from dieuhanh.textparse.folding import fold_view
from dieuhanh.textparse.legacy import encode_tcvn3

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_a08bba705eea0cfa.txt"
SAMPLES = ROOT / "tests" / "textparse" / "samples"
TEXT_TARGET = 200.0
DOCX_TARGET = 20.0


def seed_text() -> tuple[str, str]:
    """The seed notice (or the largest sample when the shared folder is absent) and its name."""
    if SEED.exists():
        return SEED.read_text(encoding="utf-8"), SEED.name
    largest = max(SAMPLES.glob("*.txt"), key=lambda p: p.stat().st_size)
    return largest.read_text(encoding="utf-8"), largest.name


def make_docx(text: str) -> bytes:
    """A DOCX of a notice as offices make them: a two-column header table, then one paragraph per line."""
    from docx import Document

    document = Document()
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.strip() == "THÔNG BÁO"), 0)
    header = lines[:heading]
    left = [line for line in header if not re.search(r"CỘNG HÒA|Độc lập|ngày \d", line)] or [
        "UBND HUYỆN SÔNG LÔ"
    ]
    right = [line for line in header if line not in left] or ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    table = document.add_table(rows=1, cols=2)
    for cell, column in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = "\n".join(column)
    for line in lines[heading:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cold(call: Callable[[], object]) -> Callable[[], object]:
    """``call`` with the parser's memo caches emptied first, so that no run reuses work of the one before."""

    def run() -> object:
        fold_view.cache_clear()
        units._canonical.cache_clear()
        return call()

    return run


def rate(call: Callable[[], object], seconds: float) -> tuple[float, int]:
    """Calls per second of ``call`` over about ``seconds`` (after one warm-up call), and the number of calls."""
    call = cold(call)
    call()
    count = 0
    started = time.perf_counter()
    while True:
        call()
        count += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return count / elapsed, count


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent on each measurement")
    args = parser.parse_args()

    text, name = seed_text()
    docx = make_docx(text)
    tcvn3 = encode_tcvn3(text)
    rows: list[tuple[str, int, float, float | None]] = []
    per_second, _ = rate(lambda: parse_text(text), args.seconds)
    rows.append((f"text: {name}", len(text.encode("utf-8")), per_second, TEXT_TARGET))
    per_second, _ = rate(lambda: parse_bytes(tcvn3, "notice.txt"), args.seconds)
    rows.append(("text, TCVN3 bytes (detected, converted)", len(tcvn3), per_second, None))
    per_second, _ = rate(lambda: parse_bytes(docx, "notice.docx"), args.seconds)
    rows.append(("DOCX (python-docx)", len(docx), per_second, DOCX_TARGET))
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    per_second, _ = rate(lambda: [parse_text(s) for s in samples], args.seconds)
    size = sum(len(s.encode("utf-8")) for s in samples) // max(len(samples), 1)
    rows.append((f"{len(samples)} samples, each", size, per_second * len(samples), None))

    print(f"{'input':<40} {'bytes':>8} {'notices/s':>10} {'ms/notice':>10} {'target/s':>9} {'ok':>4}")
    for label, size, per_second, target in rows:
        ok = "" if target is None else ("yes" if per_second >= target else "NO")
        shown_target = "" if target is None else f"{target:.0f}"
        print(
            f"{label:<40} {size:>8} {per_second:>10.1f} {1000 / per_second:>10.2f} {shown_target:>9} {ok:>4}"
        )


if __name__ == "__main__":
    main()
