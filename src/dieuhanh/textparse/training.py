"""Training the directive model from annotated documents (the development half of ``tests/corpus/``).

    python -m dieuhanh.textparse.training tests/corpus            # writes textparse/data/directive_model.json
    make model                                                    # the same

Every candidate clause of a document (``dieuhanh.textparse.candidates``) is labelled a directive when it starts
where a gold directive starts (the same first four words) or holds most of its words; each gold directive
labels one candidate at most. A logistic regression (scikit-learn, a development dependency) is fitted on the
labelled candidates of the development half only; its weights are written as a JSON table, which is all the
parser needs at run time. The probability threshold is chosen on the development half by cross-validation over
issuing bodies, so it is not tuned on the documents it is trained on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .candidates import Candidate, Paragraph
from .corpus import CorpusDocument, issuer_key, load
from .directives import is_directive
from .document import candidates_of
from .folding import fold_view
from .model import MODEL_FORMAT, MODEL_PATH, Model

VERSION = "2"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold_view(text))


def _containment(pred: list[str], gold: list[str]) -> float:
    pool: dict[str, int] = {}
    for w in pred:
        pool[w] = pool.get(w, 0) + 1
    hit = 0
    for w in gold:
        if pool.get(w, 0) > 0:
            pool[w] -= 1
            hit += 1
    longer = max(len(pred) - len(gold), 0) / max(len(gold), 1)
    return hit / max(len(gold), 1) / (1 + 0.5 * longer)


def _candidate_text(paras: list[Paragraph], candidates: list[Candidate], i: int) -> str:
    c = candidates[i]
    end = c.sentence_end
    following = candidates[i + 1] if i + 1 < len(candidates) else None
    if following is not None and following.para == c.para and following.start < end:
        cut = paras[c.para].view.rfind(";", c.units_end, following.start)
        if cut > c.start:
            end = cut
    return paras[c.para].text[c.start : end]


def labelled_candidates(text: str, gold: dict[str, Any]) -> list[tuple[Candidate, int]]:
    """(candidate, 1 when a directive) for each candidate clause of ``text`` against its gold annotation."""
    paras, candidates = candidates_of(text)
    words = [_words(_candidate_text(paras, candidates, i)) for i in range(len(candidates))]
    labels = [0] * len(candidates)
    for directive in gold.get("directives") or []:
        target = _words(directive.get("text") or "")
        best, best_score = None, 0.0
        for i, cw in enumerate(words):
            if labels[i]:
                continue
            k = min(4, len(cw), len(target))
            score = (
                1.0 + _containment(cw, target)
                if k >= 3 and cw[:k] == target[:k]
                else _containment(cw, target)
            )
            if score > best_score:
                best, best_score = i, score
        if best is not None and best_score >= 0.6:
            labels[best] = 1
    return [(c, labels[i]) for i, c in enumerate(candidates)]


Rows = list[tuple[Candidate, int]]


def _fit(rows: Rows, c: float = 1.0) -> tuple[float, dict[str, float]]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in candidate.features} for candidate, _ in rows])
    y = [label for _, label in rows]
    classifier = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    classifier.fit(x, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return float(classifier.intercept_[0]), weights


def _threshold(docs: list[tuple[str, Rows]], c: float, folds: int = 5) -> tuple[float, float]:
    """The threshold that gives the best F1 over held-out issuing bodies of the development half, deciding
    as the parser does (``directives.is_directive``: the conventions' rules, then the model)."""
    groups = sorted({key for key, _ in docs})
    held_out: list[tuple[Candidate, float, int]] = []
    for fold in range(folds):
        held = {g for i, g in enumerate(groups) if i % folds == fold}
        train = [row for key, rows in docs if key not in held for row in rows]
        if not train or not any(label for _, label in train):
            continue
        intercept, weights = _fit(train, c)
        fold_model = Model("cross-validation", intercept, weights, 0.5)
        for key, rows in docs:
            if key in held:
                held_out.extend((c, fold_model.probability(c.features), label) for c, label in rows)
    total = sum(label for _, _, label in held_out)
    curve: dict[int, float] = {}
    for step in range(20, 81, 2):
        chosen = [(is_directive(c, p, step / 100)[1], label) for c, p, label in held_out]
        tp = sum(1 for yes, label in chosen if yes and label)
        pred = sum(1 for yes, _ in chosen if yes)
        curve[step] = 2 * tp / (pred + total) if pred + total else 0.0

    # a few hundred held-out candidates make a ragged curve: its best single point is noise, so the threshold
    # is the middle of the best plateau (F1 averaged over ±0.04), the nearer 0.5 on a tie
    def smoothed(step: int) -> float:
        near = [curve[s] for s in range(step - 4, step + 5, 2) if s in curve]
        return sum(near) / len(near)

    best = max(curve, key=lambda step: (round(smoothed(step), 3), -abs(step - 50)))
    return best / 100, curve[best]


def train(documents: list[CorpusDocument], c: float | None = None) -> dict[str, Any]:
    """The model fitted on the development half of ``documents``, as the JSON the parser loads."""
    dev = [d for d in documents if d.half == "dev"]
    if not dev:
        raise SystemExit("no development documents to train on")
    docs = [(issuer_key(d.issuer), labelled_candidates(d.text, d.gold)) for d in dev]
    rows = [row for _, rows in docs for row in rows]
    # regularisation and threshold chosen together by cross-validation over issuing bodies of the dev half
    choices = [(c, *_threshold(docs, c)) for c in ((c,) if c else C_GRID)]
    c, threshold, cv_f1 = max(choices, key=lambda choice: (round(choice[2], 3), -choice[0]))
    intercept, weights = _fit(rows, c)
    return {
        "format": MODEL_FORMAT,
        "version": f"{VERSION}.{date.today().isoformat()}",
        "trained_on": {
            "documents": len(dev),
            "issuing_bodies": len({k for k, _ in docs}),
            "candidates": len(rows),
            "directives": sum(label for _, label in rows),
            "C": c,
            "cross_validated_f1": round(cv_f1, 3),
        },
        "intercept": round(intercept, 4),
        "threshold": threshold,
        "weights": dict(sorted(weights.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the directive model on a corpus's development half.")
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("tests/corpus"))
    parser.add_argument("-o", "--output", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "-C", type=float, default=None, help="inverse regularisation (default: cross-validated)"
    )
    args = parser.parse_args(argv)
    model = train(load(args.corpus), args.C)
    args.output.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    t = model["trained_on"]
    print(
        f"directive model {model['version']}: {t['documents']} documents from {t['issuing_bodies']} issuing bodies, "
        f"{t['candidates']} candidates ({t['directives']} directives), {len(model['weights'])} weights, "
        f"C {t['C']}, threshold {model['threshold']:.2f}, cross-validated F1 {t['cross_validated_f1']:.2f} "
        f"-> {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
