"""Benchmark: laying out, rendering and signing a seed-size conclusion notice on one core.

    python bench/notice_render_bench.py             # 30 runs of each step after 3 warm-up runs
    python bench/notice_render_bench.py --check     # exit 1 when a median misses its target

The notice is the gold annotation of the seed (../shared/eval/000_a08bba705eea0cfa.gold.json) when present, else
a generated notice of the same size (2 sections, 6 items, 13 directives, 3 pages). Targets: DOCX 100 ms, PDF 1 s,
signing 200 ms (median after warm-up). Signing uses a demo certificate made in a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from dieuhanh.notices.render import from_notice_json
from dieuhanh.notices.render.demo_ca import make_demo_ca
from dieuhanh.notices.render.docx import render_docx
from dieuhanh.notices.render.pdf import render_pdf
from dieuhanh.notices.render.signing import sign_pdf, verify_pdf

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "000_a08bba705eea0cfa.gold.json"
TARGETS_MS = {"layout": None, "docx": 100.0, "pdf": 1000.0, "sign": 200.0, "verify": None}


def seed_size_notice() -> dict[str, Any]:
    """The seed's gold annotation, or a generated notice of the same size."""
    if GOLD.is_file():
        data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
        return data
    sentence = "tăng cường trách nhiệm quản lý, kiểm tra, đôn đốc thực hiện theo đúng quy định của pháp luật"
    sections: list[dict[str, Any]] = []
    directives: list[dict[str, Any]] = []
    for s_label, count in (("I", 5), ("II", 1)):
        items = []
        for i in range(1, count + 1):
            items.append(
                {
                    "label": str(i),
                    "title": f"Về báo cáo số {i} của phần {s_label} trình tại phiên họp",
                    "presenter": {"name": "Văn phòng HĐND và UBND"},
                    "approval": {"agreed": True, "percent": 100},
                }
            )
            directives.append(
                {
                    "item": f"{s_label}.{i}",
                    "kind": "finalize_report",
                    "verb": "giao",
                    "assignees": [],
                    "text": "giao Văn phòng HĐND-UBND huyện hoàn thiện báo cáo, trình Lãnh đạo UBND huyện duyệt ban hành",
                    "deadline": None,
                }
            )
            directives.append(
                {
                    "item": f"{s_label}.{i}",
                    "kind": "requirement",
                    "verb": "yêu cầu",
                    "assignees": [],
                    "text": f"Yêu cầu UBND các xã, thị trấn {sentence}; {sentence}; {sentence}",
                    "deadline": None,
                }
            )
        sections.append({"label": s_label, "title": f"PHẦN {s_label}", "items": items})
    return {
        "schema": "dieuhanh.notice/1",
        "issuer": {"name": "UBND huyện Sông Lô", "level": "district"},
        "doc_type": "TB",
        "number": None,
        "place": None,
        "issued_on": None,
        "title": "Kết quả phiên họp hành chính tháng 8 năm 2021",
        "meeting": {
            "kind": "administrative",
            "held_on": "2021-08-09",
            "period": "2021-08",
            "chair": {"name": "Lê Quang Nghiệp", "title": "Chủ tịch UBND huyện"},
        },
        "legal_bases": ["Luật Tổ chức chính quyền địa phương ngày 19/6/2015"] * 3,
        "sections": sections,
        "directives": directives,
        "signature": {"authority": "TL. CHỦ TỊCH", "title": "CHÁNH VĂN PHÒNG", "name": "Bùi Văn Thọ"},
        "recipients": [
            {"name": "Thường trực Huyện ủy", "purpose": "for_report"},
            {"name": "Lưu: VT", "purpose": "archive"},
        ],
    }


def timed(step: Callable[[], object], runs: int, warmup: int) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table of medians against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a median misses its target")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # pyHanko and fontTools log routine notes
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    doc = seed_size_notice()
    layout = from_notice_json(doc)
    pdf = render_pdf(layout)
    with tempfile.TemporaryDirectory() as folder:
        ca = make_demo_ca(folder, layout.body_name)
        signed = sign_pdf(
            pdf,
            pkcs12_path=ca.pkcs12_path,
            passphrase=ca.passphrase,
            signer_label=layout.body_name,
            location="Sông Lô",
            reason="Ban hành",
        )
        steps: dict[str, Callable[[], object]] = {
            "layout": lambda: from_notice_json(doc),
            "docx": lambda: render_docx(layout),
            "pdf": lambda: render_pdf(layout),
            "sign": lambda: sign_pdf(
                pdf,
                pkcs12_path=ca.pkcs12_path,
                passphrase=ca.passphrase,
                signer_label=layout.body_name,
                location="Sông Lô",
                reason="Ban hành",
            ),
            "verify": lambda: verify_pdf(signed, trust_roots=[ca.ca_cert_path]),
        }
        results = {name: timed(step, args.runs, args.warmup) for name, step in steps.items()}

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"notice: {'gold seed' if GOLD.is_file() else 'generated'}, {len(layout.paragraphs)} paragraphs, "
        f"PDF {len(pdf) // 1024} KiB ({pages} pages), {args.runs} runs after {args.warmup} warm-up, one core"
    )
    print(f"{'step':<8} {'median ms':>10} {'p90 ms':>9} {'min ms':>8} {'target ms':>10}  ok")
    missed = False
    for name, times in results.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 2 else median
        target = TARGETS_MS[name]
        ok = target is None or median <= target
        missed |= not ok
        print(
            f"{name:<8} {median:>10.1f} {p90:>9.1f} {min(times):>8.1f} {target or '-':>10}  {'yes' if ok else 'NO'}"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
