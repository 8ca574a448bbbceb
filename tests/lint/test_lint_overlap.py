"""职责交叉: the similarity measured on hand-labelled pairs from the real knowledge base (a
tuned set and a held-out set never tuned on), and the index that finds similar pairs
compared with comparing every pair."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roledocs.kb import open_knowledge_base
from roledocs.lint.config import THRESHOLDS
from roledocs.lint.similarity import (CANDIDATE, all_pairs, clauses, core, duty_overlap, overlap_score, similar_pairs,
                                      whole_similarity)

REPO = Path(__file__).resolve().parents[2]
PAIRS = yaml.safe_load((REPO / "tests/fixtures/lint/overlap_pairs.yaml").read_text(encoding="utf-8"))["pairs"]
HELD_OUT = yaml.safe_load((REPO / "tests/fixtures/lint/overlap_heldout.yaml").read_text(encoding="utf-8"))["pairs"]
DEFAULT = THRESHOLDS["overlap-similarity"][0]


def test_the_labelled_set_is_large_and_mixed():
    assert len(PAIRS) >= 60
    assert 0.2 < sum(p["overlap"] for p in PAIRS) / len(PAIRS) < 0.5


def precision_recall(pairs) -> tuple[float, float]:
    predicted = [duty_overlap(p["a"]["text"], p["b"]["text"]) >= DEFAULT for p in pairs]
    labels = [p["overlap"] for p in pairs]
    tp = sum(a and b for a, b in zip(predicted, labels))
    return tp / sum(predicted), tp / sum(labels)


def test_precision_and_recall_on_the_labelled_pairs():
    precision, recall = precision_recall(PAIRS)
    # measured 0.947 / 0.800 (README; 0.944 / 0.756 before synonyms, outcome clauses and clause
    # order, 0.846 / 0.733 before clause coverage): the goal, 0.9 precision at 0.8 recall
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)


def test_the_held_out_set_is_large_new_and_mixed():
    assert len(HELD_OUT) >= 40
    tuned = {frozenset((p["a"]["text"], p["b"]["text"])) for p in PAIRS}
    assert not [p for p in HELD_OUT if frozenset((p["a"]["text"], p["b"]["text"])) in tuned]
    assert 0.2 < sum(p["overlap"] for p in HELD_OUT) / len(HELD_OUT) < 0.5


def test_precision_and_recall_on_the_held_out_pairs():
    precision, recall = precision_recall(HELD_OUT)
    # measured 1.000 / 0.250 (README; 1.000 / 0.188 before): it finds near-copies and synonyms,
    # not the rewordings most of the held-out overlaps are (a verb of the level, other words)
    assert precision >= 0.9 and recall >= 0.25, (precision, recall)


@pytest.mark.parametrize("a,b", [
    ("负责组织接待重要客户，维护客情关系。", "组织接待重要客户，维护客情关系，确保客户满意。"),   # 负责 and a purpose
    ("根据销售部要求，制定各销售组的销售目标、策略及方法。", "制定小组销售目标、策略及方法。"),      # context clause, scope
])
def test_wording_purpose_and_context_do_not_make_texts_different(a, b):
    assert duty_overlap(a, b) >= DEFAULT


@pytest.mark.parametrize("threshold", [0.6, DEFAULT, 0.9])
def test_a_score_cut_short_below_the_threshold_decides_the_same(threshold):
    pairs = [(clauses(p["a"]["text"]), clauses(p["b"]["text"])) for p in PAIRS + HELD_OUT]
    cut = 0
    for a, b in pairs + [(b, a) for a, b in pairs]:
        full = overlap_score(a, b)
        quick = overlap_score(a, b, whole_similarity(a, b), at_least=threshold)
        assert (quick >= threshold) == (full >= threshold)
        assert quick == full if full >= threshold else quick >= full
        cut += quick != full
    assert cut  # some were cut short


@pytest.mark.parametrize("a,b", [
    ("每月5日前提交客户统计资料（第3片区）。", "每月10日前提交客户统计资料（第12.5片区）。"),
    ("新员工入职2天内了解其基本资料。", "新员工入职３天内了解其基本资料。"),  # a full-width digit
])
def test_texts_that_differ_only_in_their_numbers_are_the_same_duty(a, b):
    assert clauses(a) == clauses(b) and duty_overlap(a, b) == 1.0


@pytest.mark.parametrize("a,b", [
    ("定期拜访客户，维持、发展与客户的关系。", "建立客户档案，维护客户关系。"),
    ("定期提交销售计划，召开部门会议及销售专题会。", "定期提交销售计划。"),   # a separate activity added
])
def test_a_different_or_an_added_activity_is_not_a_repeat(a, b):
    assert duty_overlap(a, b) < DEFAULT


@pytest.mark.parametrize("threshold", [CANDIDATE, 0.6, 0.65, 0.7, 0.9])
def test_the_index_finds_what_comparing_every_pair_finds_on_the_real_knowledge_base(threshold):
    kb = open_knowledge_base(REPO)
    texts = [core(t) for r in kb.roles.values() for d in r.duties for t in (d.description, *d.tasks) if t]
    # the labelled texts too: they were written before roles/ was cleaned
    texts += [core(p[side]["text"]) for p in PAIRS for side in ("a", "b")]
    found = sorted(similar_pairs(texts, threshold))
    assert found == sorted(all_pairs(texts, threshold))  # (as lists: each pair once)
    assert found  # the comparison is not vacuous


def test_the_fast_nfkc_is_nfkc():
    """cjk.nfkc replaces full-width punctuation before asking whether the text is normalised:
    the same result as unicodedata.normalize on duty texts and on tricky characters."""
    import random
    import unicodedata

    from roledocs.cjk import nfkc

    texts = [p[side]["text"] for p in PAIRS + HELD_OUT for side in ("a", "b")]
    rng = random.Random(5)
    pool = [chr(c) for r in ((0x20, 0x250), (0x300, 0x370), (0x1100, 0x1200), (0x3000, 0x3100), (0xAC00, 0xAC40),
                             (0xF900, 0xF940), (0xFF00, 0xFFEF), (0x4E00, 0x4E80)) for c in range(*r)] + list("，；：（）！？")
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    assert [nfkc(t) for t in texts] == [unicodedata.normalize("NFKC", t) for t in texts]


def test_a_roles_texts_written_one_way_together_give_each_texts_clauses():
    """similarity.clauses_of writes a role's texts one way in one pass, a NUL between two (NFKC,
    lower case, synonyms, numbers): each text's clauses are what `clauses` gives it alone, for the
    real texts and for characters that combine or change case by context (Σ, İ, combining marks,
    Hangul jamo, full-width digits)."""
    import random

    from roledocs.lint.similarity import clauses_of

    texts = [p[side]["text"] for p in PAIRS + HELD_OUT for side in ("a", "b")]
    rng = random.Random(7)
    pool = list("负责并且同时确保以便根据按照完成达成实现目标指标任务客户ΑΣσςİ0123456789１２.,，。；：:（）() \t_-、《》KPIkpiＡ") + [
        "\u0301", "\u0308", "\u0345", "\uac00", "\u1100", "\u1161", "\u11a8", "ﬁ", "①", "\u2160"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for start in range(0, len(texts), 9):
        batch = texts[start:start + rng.randint(2, 30)]
        assert clauses_of(batch) == [clauses(t) for t in batch], batch


def test_the_clause_rules_say_what_their_regular_expressions_say():
    """similarity._clauses applies its word lists with string methods: the same clauses as the
    rules written as regular expressions (the reference here), on real and random clauses."""
    import random
    import re

    from roledocs.lint import similarity

    def reference(text):
        alternatives = "|".join
        leading = re.compile(f"^(?:{alternatives(similarity._LEADING)})+")
        purpose = re.compile(f"^(?:{alternatives(similarity._PURPOSE)})")
        context = re.compile(f"^(?:{alternatives(similarity._CONTEXT)})")
        outcome = re.compile(f"^(?:{alternatives(similarity._OUTCOME[0])})\\w*(?:{alternatives(similarity._OUTCOME[1])})$")
        parts = [leading.sub("", c) for c in similarity._CLAUSES.split(text)]
        kept = [c for c in parts if c and not purpose.match(c)
                and not (context.match(c) and len(c) <= similarity.CONTEXT_MAX)]
        words = tuple(w for w in (re.sub(r"[\W_]+", "", c) for c in kept or parts) if w)
        return tuple(w for w in words if not outcome.match(w)) or words

    texts = [similarity._written_one_way(p[side]["text"]) for p in PAIRS + HELD_OUT for side in ("a", "b")]
    rng = random.Random(11)
    words = ["并且", "并", "负责", "及时", "以确保", "以", "使", "提高", "根据", "针对", "完成", "达成", "实现", "目标", "指标",
             "任务", "客户", "销售", "拜访", "档案", "0", "x", "_", "-", "，", "。", " ", "(", "《", "》", "①", "ⅰ"]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    assert [similarity._clauses(t) for t in texts] == [reference(t) for t in texts]
