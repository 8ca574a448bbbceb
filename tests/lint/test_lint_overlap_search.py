"""职责交叉: the index that finds similar duty texts finds exactly what comparing every pair finds,
on a synthetic knowledge base with planted near-duplicates, and its work grows with the
knowledge base, not with its square."""
from __future__ import annotations

import random
from pathlib import Path

import yaml

from roledocs.kb import open_knowledge_base
from roledocs.lint.similarity import CANDIDATE, Join, all_pairs, clauses, similar_pairs
from support.synthetic import write_synthetic_knowledge_base

# a copy that says the same thing another way: another clause order, a synonym, a purpose
REWRITES = [
    lambda t: "，".join(reversed(t.rstrip("。").split("，"))) + "。",
    lambda t: t.replace("客户", "客户服务", 1).replace("绩效考核", "考核"),
    lambda t: "负责" + t.rstrip("。") + "，确保工作按时完成。",
    lambda t: t[:len(t) // 2] + "各组" + t[len(t) // 2:],
]


def plant_near_duplicates(root, rng: random.Random, share: float = 0.1) -> int:
    """Copies a share of the tasks into other roles, each reworded by one of `REWRITES`."""
    files = sorted((root / "roles").glob("*/*.yaml"))
    tasks = [t for f in files for d in yaml.safe_load(f.read_text(encoding="utf-8"))["duties"] for t in d["tasks"]]
    planted = 0
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for duty in data["duties"]:
            if rng.random() < share * len(duty["tasks"]):
                duty["tasks"].append(rng.choice(REWRITES)(rng.choice(tasks)))
                planted += 1
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return planted


def duty_texts(root) -> list[tuple[str, ...]]:
    """What the overlap check compares: every duty description and task, as its `clauses`."""
    kb = open_knowledge_base(root)
    return [clauses(t) for r in kb.roles.values() for d in r.duties for t in (d.description, *d.tasks)]


def found_once(texts: list[tuple[str, ...]]) -> set:
    """`similar_pairs` of the texts, each pair given once (a set alone would hide a pair given twice)."""
    found = similar_pairs(texts, CANDIDATE)
    assert len(found) == len(set(found))
    return set(found)


def test_the_index_finds_every_pair_comparing_all_pairs_finds(tmp_path, monkeypatch):
    from roledocs.lint import similarity

    root = write_synthetic_knowledge_base(tmp_path, 100, seed=3)
    assert plant_near_duplicates(root, random.Random(3)) > 50
    texts = duty_texts(root)
    expected = set(all_pairs(texts, CANDIDATE))
    assert len(expected) > 1000  # the shared generator's texts are much alike: a hard case
    assert found_once(texts) == expected
    # every block (not only those of `RAW_FROM` cells) compared by its LCS, held to the threshold here
    monkeypatch.setattr(similarity, "RAW_FROM", 0)
    assert found_once(texts) == expected
    monkeypatch.setattr(similarity, "RAW_CELLS", 7)  # a few queries a call
    assert found_once(texts) == expected
    monkeypatch.undo()
    # every block big: bigram blocks by length band, the texts of a clause compared in quarters
    monkeypatch.setattr(similarity, "BIG_BLOCK", 10)
    assert found_once(texts) == expected
    monkeypatch.undo()
    # ... and the comparison can fail: an index that looks up fewer bigrams loses pairs
    assert set(similar_pairs(texts, CANDIDATE, probes=1)) < expected


# Real knowledge bases grow in vocabulary as they grow in roles (each role names its own
# products, systems and documents), while the shared generator draws every duty from 288
# phrases, so that every pair of its roles looks alike. These texts have both: words all
# roles use and words of the role itself, and one task in 20 is copied from another role.
COMMON = ["负责", "组织", "协助", "制定", "审核", "跟踪", "统计", "分析", "维护", "督促", "协调", "汇报",
          "客户", "销售", "计划", "报表", "合同", "团队", "培训", "市场", "的", "和", "及时", "定期"]


def growing_texts(n_roles: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    own_chars = [chr(c) for c in range(0x4E00, 0x9FA5)]
    texts: list[str] = []
    for _ in range(n_roles):
        own = ["".join(rng.sample(own_chars, rng.randint(2, 3))) for _ in range(8)]
        for _ in range(20):
            if texts and rng.random() < 0.05:
                copy = list(rng.choice(texts))
                copy[rng.randrange(len(copy))] = rng.choice(own_chars)
                texts.append("".join(copy))
                continue
            texts.append("，".join("".join(rng.choice(COMMON) + rng.choice(own) for _ in range(rng.randint(2, 3)))
                                  for _ in range(rng.randint(2, 3))) + "。")
    return texts


def test_texts_longer_than_255_characters_are_compared_by_their_whole_lcs(monkeypatch):
    """An LCS of long texts does not fit in the byte the large blocks are compared in: they
    are compared in two bytes, and find what comparing every pair finds."""
    from roledocs.lint import similarity

    rng = random.Random(5)
    words = [a + b for a in COMMON for b in ("档案", "方案", "报告", "计划表", "台账", "流程")]
    texts = []
    for _ in range(60):
        if texts and rng.random() < 0.4:  # a long text with a few words changed
            copy = list(rng.choice(texts))
            for _ in range(rng.randint(1, 30)):
                copy[rng.randrange(len(copy))] = rng.choice(words)
            texts.append(copy)
        else:
            texts.append([rng.choice(words) for _ in range(rng.randint(90, 140))])
    texts = [clauses("，".join(t) + "。") for t in texts]
    assert min(len("".join(t)) for t in texts) > 255
    expected = set(all_pairs(texts, CANDIDATE))
    assert len(expected) > 20
    monkeypatch.setattr(similarity, "RAW_FROM", 0)
    assert found_once(texts) == expected


def test_blocks_that_compare_with_the_same_texts_are_compared_once(tmp_path, monkeypatch):
    """The bigrams of one word are in the same texts: the big blocks of two such bigrams are one
    block with the queries of both (`SHARED_FROM`). The same pairs of texts are compared, in
    fewer cells."""
    from roledocs.lint import similarity

    texts = duty_texts(write_synthetic_knowledge_base(tmp_path, 100, seed=3))
    written = sorted({"".join(t) for t in texts if t}, key=len)
    coded = similarity._one_byte(written)

    def compared(threshold: float = CANDIDATE) -> tuple[set, int]:
        blocks = similarity._bigram_blocks(written, coded, threshold, similarity.PROBES)
        return ({(q, i) for queries, ids, _, _ in blocks for q in queries for i in ids},
                sum(len(queries) * len(ids) for queries, ids, _, _ in blocks))
    monkeypatch.setattr(similarity, "SHARED_FROM", 1000)  # (100 roles make smaller blocks than 1,000)
    pairs, cells = compared()
    monkeypatch.setattr(similarity, "SHARED_FROM", 10 ** 12)  # every block on its own
    alone, alone_cells = compared()
    assert pairs == alone
    assert cells < 0.8 * alone_cells, (cells, alone_cells)


def test_doubling_the_roles_does_not_quadruple_the_pairs_compared():
    compared = []
    for n in (200, 400):
        similar_pairs([clauses(t) for t in growing_texts(n)], CANDIDATE)
        compared.append(Join.compared)
    assert compared[0] > 0
    assert compared[1] < 2.6 * compared[0], compared  # twice the roles: about twice the work, not four times


def test_the_index_finds_every_pair_on_the_real_knowledge_base_as_the_check_compares_them():
    repo = Path(__file__).resolve().parents[2]
    kb = open_knowledge_base(repo)
    texts = [clauses(t) for r in kb.roles.values() for d in r.duties for t in (d.description, *d.tasks) if t]
    for name in ("overlap_pairs", "overlap_heldout"):  # written before roles/ was cleaned
        pairs = yaml.safe_load((repo / f"tests/fixtures/lint/{name}.yaml").read_text(encoding="utf-8"))["pairs"]
        texts += [clauses(p[side]["text"]) for p in pairs for side in ("a", "b")]
    expected = set(all_pairs(texts, CANDIDATE))
    assert len(expected) > 500
    assert found_once(texts) == expected


def test_the_index_of_very_many_texts_finds_the_same_pairs(monkeypatch):
    """A bigram and a text's number are sorted as one int64 up to 2 million texts; beyond, by two
    keys: the same pairs."""
    from roledocs.lint import similarity

    kb = open_knowledge_base(Path(__file__).resolve().parents[2])
    texts = [clauses(t) for r in kb.roles.values() for d in r.duties for t in (d.description, *d.tasks) if t]
    expected = similar_pairs(texts, CANDIDATE)
    assert len(expected) > 30
    monkeypatch.setattr(similarity, "INT_BITS", 0)
    assert similar_pairs(texts, CANDIDATE) == expected


def test_comparing_one_query_at_a_time_finds_the_same_pairs(monkeypatch):
    """The index compares a bigram's texts in one call of rapidfuzz's compiled `cdist`; without it
    (another rapidfuzz build) `process.extract` compares them one query at a time: same pairs."""
    from roledocs.lint import similarity

    texts = [clauses(t) for t in growing_texts(60)]
    assert similarity._cdist is not None  # the rapidfuzz this project installs has it
    expected = similar_pairs(texts, CANDIDATE)
    assert len(expected) > 20
    monkeypatch.setattr(similarity, "_cdist", None)
    assert similar_pairs(texts, CANDIDATE) == expected


def test_a_big_comparison_split_between_two_processes_finds_the_same_pairs(tmp_path, monkeypatch):
    """From `IN_TWO_FROM` compared cells half of the blocks are compared in a forked process
    (roledocs.forked.in_two), the other half here; from `IN_TWO_PAIRS` candidate pairs half of
    them are scored there (with their overlap scores, for the lint check): the same pairs and
    scores as in one process."""
    from roledocs import forked
    from roledocs.lint import overlap, similarity

    texts = duty_texts(write_synthetic_knowledge_base(tmp_path, 100, seed=3))
    forms = list(dict.fromkeys(texts))
    expected = similar_pairs(texts, CANDIDATE)
    assert Join.compared < similarity.IN_TWO_FROM and len(expected) < similarity.IN_TWO_PAIRS
    scored = overlap.scored_pairs(forms, 0.82)
    assert len(scored) > 100
    children = []
    real_aside = forked.aside
    monkeypatch.setattr(forked, "aside", lambda work, **k: children.append(1) or real_aside(work, **k))
    monkeypatch.setattr(similarity, "IN_TWO_FROM", 1000)
    monkeypatch.setattr(similarity, "IN_TWO_PAIRS", 100)
    assert similar_pairs(texts, CANDIDATE) == expected
    assert overlap.scored_pairs(forms, 0.82) == scored
    # blocks and exact scores; for the forms the same, their overlap scores worked out with the exact ones
    assert len(children) == (4 if forked.can_fork() else 0)


def test_a_block_finds_exactly_the_pairs_that_reach_the_cutoff(monkeypatch):
    """`_matrix_hits`, the comparison of one block, on texts of mixed lengths in no order (short,
    long, over 255 characters): its hits are exactly the pairs whose LCS similarity (rapidfuzz's
    normalized_similarity) reaches the cutoff, in bytes (small blocks) and held to each pair's
    own length by numpy (large blocks, a few queries a call). More hits would only cost time
    later (scored exactly), so the index tests above could not see them."""
    from rapidfuzz.distance import LCSseq

    from roledocs.lint import similarity

    rng = random.Random(11)
    base = "".join(rng.choice("客户档案销售计划回款进度合同评审") for _ in range(400))

    def variant() -> str:
        start, length = rng.randrange(8), rng.choice([6, 8, 20, 24, 90, 300, 320])
        chars = list(base[start:start + length])
        for _ in range(rng.randint(0, length // 4)):
            chars[rng.randrange(len(chars))] = rng.choice("组织督导执行完成")
        return "".join(chars)

    few, many = [variant() for _ in range(23)], [variant() for _ in range(41)]
    assert max(map(len, few + many)) > 255 and min(map(len, few + many)) < 10
    # (fewer queries than choices: rapidfuzz is asked the other way round, the hits turned back)
    for queries, choices in ((few, many), (many, few)):
        for cutoff in (0.58 - 1e-6, 0.8 - 1e-6):  # (as similar_pairs asks: a score equal to a float cutoff may be dropped)
            expected = sorted((r, c) for r, q in enumerate(queries) for c, t in enumerate(choices)
                              if LCSseq.normalized_similarity(q, t) >= cutoff)
            assert 20 < len(expected) < len(queries) * len(choices) // 2
            for raw_from, raw_cells in ((10 ** 9, 10 ** 9), (0, 10 ** 9), (0, 100)):
                monkeypatch.setattr(similarity, "RAW_FROM", raw_from)
                monkeypatch.setattr(similarity, "RAW_CELLS", raw_cells)
                rows, columns = similarity._matrix_hits(queries, choices, cutoff)
                assert sorted(zip(rows, columns)) == expected, (len(queries), cutoff, raw_from, raw_cells)
