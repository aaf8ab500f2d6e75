"""Directive extraction on real documents: the parser beside a trivial trigger-word baseline, in one run.

    python bench/textparse_eval.py                  # tests/corpus/, both halves, per genre
    python bench/textparse_eval.py --corpus DIR --details

Each document of the corpus (``dieuhanh.textparse.corpus``: text, gold, source) is parsed by
``dieuhanh.textparse.parse_text`` and by the baseline below — every sentence that holds giao / yêu cầu / đề nghị /
chỉ đạo is a directive, its assignee the words after the trigger up to the first verb — and both are scored with
the shared scorer (``../shared/eval/score.py``). Figures are summed over documents (micro): directives
precision, recall and F1; then over paired directives: text agreement (``directive_text``), assignees F1, kind
and deadline accuracy. Printed per half of the corpus (``dev``: rules and models are fitted there; ``test``:
only reported) and per genre, then the parser's throughput on the whole corpus (one core).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
CORPUS = ROOT / "tests" / "corpus"

# --- The trigger-word baseline -----------------------------------------------------------------------------

TRIGGER = re.compile(r"(?<![\wÀ-ỹ])(giao|yêu cầu|đề nghị|chỉ đạo)(?![\wÀ-ỹ])", re.IGNORECASE)
VERB = re.compile(
    r"\s(tiếp tục|chủ động|phối hợp|khẩn trương|hoàn thành|hoàn thiện|tập trung|triển khai|rà soát|thực hiện|"
    r"xây dựng|chỉ đạo|tham mưu|báo cáo|kiểm tra|theo dõi|đẩy mạnh|tăng cường|quan tâm|làm tốt|nghiên cứu|"
    r"đôn đốc|cần|phải|có trách nhiệm|chuẩn bị|tổ chức|quản lý|giải quyết)\s",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.;!?:])\s+|\n+")


def baseline(text: str) -> dict[str, Any]:
    """Every sentence with a trigger word is a directive; the words after the trigger up to a verb assign it."""
    directives = []
    for sentence in SENTENCE.split(text):
        sentence = sentence.strip(" -–•+\t")
        found = TRIGGER.search(sentence)
        if not found:
            continue
        rest = sentence[found.end() :]
        verb = VERB.search(rest)
        name = (rest[: verb.start()] if verb else rest[:60]).strip(" ,:")
        assignees = [{"name": name}] if name else []
        directives.append({"text": sentence, "assignees": assignees, "kind": "task", "item": None})
    return {"schema": "dieuhanh.notice/1", "directives": directives}


# --- Scoring -----------------------------------------------------------------------------------------------


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notice_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"the scorer is missing: {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Tally:
    """Directive counts and paired-directive sums over documents."""

    def __init__(self) -> None:
        self.docs = self.pred = self.gold = self.tp = 0
        self.paired = defaultdict(float)

    def add(self, scores: dict[str, Any], pred: dict[str, Any], gold: dict[str, Any]) -> None:
        p, g = len(pred.get("directives") or []), len(gold.get("directives") or [])
        tp = round(scores["directives_recall"] * g) if g else 0
        self.docs, self.pred, self.gold, self.tp = self.docs + 1, self.pred + p, self.gold + g, self.tp + tp
        for key in ("directive_text", "directive_assignees_f1", "directive_kind", "directive_deadline"):
            self.paired[key] += scores[key] * tp

    def row(self) -> dict[str, float]:
        precision = self.tp / self.pred if self.pred else 0.0
        recall = self.tp / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out = {"P": precision, "R": recall, "F1": f1}
        for key, name in (("directive_text", "text"), ("directive_assignees_f1", "assignees"),
                          ("directive_kind", "kind"), ("directive_deadline", "deadline")):  # fmt: skip
            out[name] = self.paired[key] / self.tp if self.tp else 0.0
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--details", action="store_true", help="one line per document")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from dieuhanh.textparse import parse_text
    from dieuhanh.textparse.corpus import issuer_key, load

    score = _scorer()
    documents = load(args.corpus)
    if not documents:
        print(f"textparse_eval: no annotated documents in {args.corpus}")
        return 1
    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    elapsed = 0.0
    for doc in documents:
        started = time.perf_counter()
        try:
            ours = parse_text(doc.text)
        except Exception as exc:  # a document the parser refuses scores as nothing found
            print(f"  {doc.stem}: parser refused: {exc}", file=sys.stderr)
            ours = {"schema": "dieuhanh.notice/1", "directives": []}
        elapsed += time.perf_counter() - started
        for system, pred in (("parser", ours), ("baseline", baseline(doc.text))):
            scores = score.score_document(pred, doc.gold)
            for half in (doc.half, "all"):
                tallies[(system, half, "all")].add(scores, pred, doc.gold)
                tallies[(system, half, doc.genre)].add(scores, pred, doc.gold)
            if args.details:
                print(f"  {system:8} {doc.half:4} {doc.stem:60} F1 {scores['directives_f1']:.2f}")
    issuers = {half: {issuer_key(d.issuer) for d in documents if d.half == half} for half in ("dev", "test")}
    print(
        f"corpus: {len(documents)} documents from {len(issuers['dev']) + len(issuers['test'])} issuing bodies "
        f"(dev {sum(d.half == 'dev' for d in documents)} from {len(issuers['dev'])}, "
        f"test {sum(d.half == 'test' for d in documents)} from {len(issuers['test'])})"
    )
    header = f"{'half':5} {'genre':9} {'system':9} {'docs':>4} {'gold':>5} " + " ".join(
        f"{c:>9}" for c in ("P", "R", "F1", "text", "assignees", "kind", "deadline")
    )
    print(header)
    genres = sorted({d.genre for d in documents})
    for half in ("dev", "test", "all"):
        for genre in ("all", *genres):
            for system in ("parser", "baseline"):
                tally = tallies.get((system, half, genre))
                if tally is None or not tally.docs:
                    continue
                row = tally.row()
                print(
                    f"{half:5} {genre:9} {system:9} {tally.docs:>4} {tally.gold:>5} "
                    + " ".join(
                        f"{row[c]:>9.2f}" for c in ("P", "R", "F1", "text", "assignees", "kind", "deadline")
                    )
                )
    for half in ("dev", "test"):
        ours, base = tallies.get(("parser", half, "all")), tallies.get(("baseline", half, "all"))
        if ours and base and ours.docs:
            print(
                f"textparse_eval {half}: directives F1 {ours.row()['F1']:.2f} (baseline {base.row()['F1']:.2f}), "
                f"assignees F1 {ours.row()['assignees']:.2f} (baseline {base.row()['assignees']:.2f})"
            )
    print(f"throughput: {len(documents) / elapsed:.0f} documents/s on one core ({len(documents)} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
