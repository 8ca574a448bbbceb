"""Which similarity finds overlapping duties best? Precision and recall of each method on the
labelled pairs (tests/fixtures/lint/overlap_pairs.yaml), at its best threshold; then the same
threshold on the held-out pairs (overlap_heldout.yaml, never tuned on).

    .venv/bin/python benchmarks/overlap_methods.py      # needs scikit-learn for the TF-IDF rows

Methods: rapidfuzz ratio (Indel) on the text without punctuation; TF-IDF cosine on
character n-grams (scikit-learn, fitted on all duty texts of roles/); the LCS over the
longer length, on the text and on the core text (`core`: without purpose and outcome
clauses, synonyms written one way); mixed with clause coverage, clause order ignored for
texts that share a clause (roledocs' choice: `duty_overlap`).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from roledocs.lint.config import THRESHOLDS  # noqa: E402
from roledocs.lint.similarity import core, duty_overlap, similarity  # noqa: E402

PAIRS = yaml.safe_load((REPO / "tests/fixtures/lint/overlap_pairs.yaml").read_text(encoding="utf-8"))["pairs"]
HELD_OUT = yaml.safe_load((REPO / "tests/fixtures/lint/overlap_heldout.yaml").read_text(encoding="utf-8"))["pairs"]
_PUNCT = re.compile(r"[\W_]+")


def plain(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def measure(scores: list[float], labels: list[bool], th: float) -> tuple[float, float]:
    pred = [s >= th - 1e-9 for s in scores]
    tp = sum(p and l for p, l in zip(pred, labels))
    fp = sum(p and not l for p, l in zip(pred, labels))
    return (tp / (tp + fp) if tp + fp else 1.0), tp / sum(labels)


def curve(scores: list[float], labels: list[bool]):
    for th in sorted(set(scores)):  # every score is a threshold (rounded ones would drop points)
        pred = [s >= th - 1e-9 for s in scores]
        tp = sum(p and l for p, l in zip(pred, labels))
        fp = sum(p and not l for p, l in zip(pred, labels))
        fn = sum(l and not p for p, l in zip(pred, labels))
        yield th, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn)


def methods():
    yield "rapidfuzz ratio", lambda a, b: fuzz.ratio(plain(a), plain(b)) / 100
    yield "rapidfuzz token_sort_ratio (chars)", lambda a, b: fuzz.token_sort_ratio(" ".join(plain(a)), " ".join(plain(b))) / 100
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from roledocs.kb import open_knowledge_base
    except ImportError:
        print("（未安装 scikit-learn，跳过 TF-IDF）")
    else:
        kb = open_knowledge_base(REPO)
        corpus = [plain(t) for r in kb.roles.values() for d in r.duties for t in (d.description, *d.tasks) if t]
        for low, high in ((1, 2), (2, 3)):
            vec = TfidfVectorizer(analyzer="char", ngram_range=(low, high)).fit(corpus)

            def cosine(a, b, vec=vec):
                x = vec.transform([plain(a), plain(b)])
                return float((x[0] @ x[1].T).toarray()[0, 0])
            yield f"TF-IDF char {low}–{high}-gram cosine", cosine
    yield "LCS / longer length", lambda a, b: LCSseq.normalized_similarity(plain(a), plain(b))
    yield "LCS / longer length, on the core text", lambda a, b: similarity(core(a), core(b))
    yield "0.3 × that (any clause order) + 0.7 × clause coverage (roledocs)", duty_overlap


def main() -> None:
    labels = [p["overlap"] for p in PAIRS]
    print(f"{len(PAIRS)} 对，其中 {sum(labels)} 对交叉\n")
    print(f"held out: {len(HELD_OUT)} 对，其中 {sum(p['overlap'] for p in HELD_OUT)} 对交叉（只测量，不调参）\n")
    held_labels = [p["overlap"] for p in HELD_OUT]
    print(f"{'method':58} {'P≥0.9: th  P     R':>22}   {'R≥0.8: th  P     R':>22}   max F1   held out at th P≥0.9: P  R")
    for name, score in methods():
        scores = [score(p["a"]["text"], p["b"]["text"]) for p in PAIRS]
        points = list(curve(scores, labels))
        hi_p = max((x for x in points if x[1] >= 0.9), key=lambda x: x[2], default=(0, 0, 0))
        hi_r = max((x for x in points if x[2] >= 0.8), key=lambda x: x[1], default=(0, 0, 0))
        f1 = max((2 * p * r / (p + r) for _, p, r in points if p + r), default=0)
        held = measure([score(p["a"]["text"], p["b"]["text"]) for p in HELD_OUT], held_labels, hi_p[0])
        print(f"{name:58} {hi_p[0]:.2f} {hi_p[1]:.3f} {hi_p[2]:.3f}   {hi_r[0]:.2f} {hi_r[1]:.3f} {hi_r[2]:.3f}   {f1:.3f}"
              f"    {held[0]:.3f} {held[1]:.3f}")
    default = THRESHOLDS["overlap-similarity"][0]
    scores = [duty_overlap(p["a"]["text"], p["b"]["text"]) for p in PAIRS]
    held = [duty_overlap(p["a"]["text"], p["b"]["text"]) for p in HELD_OUT]
    for th in (0.75, 0.78, 0.8, default, 0.85, 0.9):
        (p, r), (hp, hr) = measure(scores, labels, th), measure(held, held_labels, th)
        print(f"roledocs at {th:.2f}: tuned precision {p:.3f}, recall {r:.3f}; held out precision {hp:.3f}, recall {hr:.3f}")


if __name__ == "__main__":
    main()
