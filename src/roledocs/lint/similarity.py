"""When two duty texts say the same thing, and how to find such pairs without comparing all.

Measured on the labelled pairs in tests/fixtures/lint/overlap_pairs.yaml (tuned on) and
overlap_heldout.yaml (never tuned on); see benchmarks/overlap_methods.py and the README.
Two duty statements are the same work when their *activities* agree; 「确保……」「提高……」
purpose clauses, 「完成……目标」 outcome clauses (the result, not the work), a short 「根据……」
context clause and adverbs such as 负责 / 及时 / 定期 vary freely between writers and are
dropped, the words of a synonym group (data/synonyms.yaml: KPI / 考核指标, 客服 /
客户服务 …) are written one way and every number is written as 0 (`clauses`). What is left
is compared two ways:

- `whole_similarity`: the longest common subsequence over the longer text (rapidfuzz's
  LCSseq), with the clauses in the written order or in a fixed (sorted) order, whichever
  matches better: two texts that list the same activities in another order are not
  different. Every character that differs counts. It finds the candidate pairs (`CANDIDATE`).
- `overlap_score`: 0.3 × that + 0.7 × clause coverage. A clause whose characters are found in
  the other text for at least `CLAUSE_FOUND` is the same activity reworded (a scope word, a
  verb of the level such as 督导 / 协助, another clause order); a clause found less is a
  separate activity and counts as missing, in proportion. The smaller coverage of the two
  directions counts, so a text that adds an activity of its own scores low even when it
  contains the other.

Finding the pairs is not quadratic: each text looks up only its rarest character bigrams
in an index (prefix filtering, as in set-similarity joins), and the length ratio bounds the
score from above (LCS ≤ the shorter length), so pairs whose lengths differ too much are
never scored.
"""
from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from ..cjk import nfkc
from ..forked import in_two

_CLAUSES = re.compile(r"[，,；;。．.！!？?：:\s（）()]+")
_NON_WORD = re.compile(r"[\W_]+")
# a number says how much or which one, not what is done: 「每月5日前」 and 「每月10日前」, 「3号片区」 and
# 「12号片区」 are the same activity
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# adverbs and the ubiquitous 负责 at the start of a clause: style, not content (removed in this
# order, again and again: 并且 before 并)
_LEADING = ("并且", "并", "同时", "负责", "及时", "积极", "主动", "努力", "认真", "有效", "定期", "切实")
# purpose clauses: why the work is done, not what is done
_PURPOSE = ("以确保", "以保证", "以便", "确保", "保证", "从而", "为了", "便于", "以", "使", "提高", "提升", "促进", "增强",
            "不断")
# a clause that only names the result: 「完成销售业绩指标」「达成新客户发展目标」 (starts with one, ends with the other)
_OUTCOME = (("完成", "达成", "实现"), ("目标", "指标", "任务"))
# a short clause that only says what the work is based on: 「根据销售部要求，」
_CONTEXT = ("根据", "按照", "依据", "结合", "围绕", "针对")
CONTEXT_MAX = 12
_EPS = 1e-9  # 0.6 × 10 is 6.000000000000001 in floating point


CANDIDATE = 0.58  # `similarity` a pair needs before `overlap_score` looks at it (less: no more labelled overlaps found, more false ones)
WHOLE_WEIGHT = 0.3  # of `similarity` in `overlap_score`; clause coverage has the rest
CLAUSE_FOUND = 0.6  # share of a clause's characters found in the other text: the same activity


@functools.lru_cache(maxsize=1)
def _synonyms() -> tuple[re.Pattern, dict[str, str]]:
    """Each word of a synonym group → the group's longest word (the longest keeps the most
    characters to compare). A word in several groups (主管 and 总监 are both 负责人 in search)
    would join groups that mean different things, so such groups are left out."""
    from ..search.text import hand_synonyms

    groups = [[unicodedata.normalize("NFKC", w).lower() for w in g] for g in hand_synonyms()]
    seen = Counter(w for g in groups for w in set(g))
    spelling = {w: max(g, key=len) for g in groups if all(seen[w] == 1 for w in g) for w in g}
    pattern = re.compile("|".join(sorted(map(re.escape, spelling), key=len, reverse=True)) or r"(?!)")
    return pattern, spelling


def _one_spelling(text: str) -> str:
    pattern, spelling = _synonyms()
    return pattern.sub(lambda m: spelling[m.group()], text)


@functools.lru_cache(maxsize=1 << 16)  # roles copied from a template repeat their texts (overlap.prepare)
def clauses(text: str) -> tuple[str, ...]:
    """The activities of a duty text, clause by clause, as comparable characters."""
    return _clauses(_written_one_way(text))


def clauses_of(texts: list[str]) -> list[tuple[str, ...]]:
    """`clauses` of each text: a role's texts written one way together (one pass of each regular
    expression over them all, a NUL between two texts: no character of a duty text, none that
    NFKC, lower case, a synonym or a number could join with its neighbours)."""
    if len(texts) < 2 or any("\0" in text for text in texts):
        return [clauses(text) for text in texts]
    return [_clauses(text) for text in _written_one_way("\0".join(texts)).split("\0")]


def _written_one_way(text: str) -> str:
    """Lower case, one spelling of each synonym, every number as 0."""
    return _NUMBER.sub("0", _one_spelling(nfkc(text).lower()))


@functools.lru_cache(maxsize=1 << 16)  # texts made from a template differ only in their numbers
def _clauses(text: str) -> tuple[str, ...]:
    """`clauses` of a text written one way (`_written_one_way`): its clauses without the purpose
    and short context clauses (unless nothing else is left), as words, without the outcome words
    (unless nothing else is left). Each clause is looked at once (`_clause`): the same clauses
    recur in many texts (0.6 × the time on 75,000 texts of four knowledge bases)."""
    parts = list(map(_clause, _CLAUSES.split(text)))
    kept = [p for p in parts if not p[1]] or parts
    words = [p for p in kept if p[0]]
    return tuple(p[0] for p in words if not p[2]) or tuple(p[0] for p in words)


@functools.lru_cache(maxsize=1 << 16)
def _clause(clause: str) -> tuple[str, bool, bool]:
    """One clause of a text (see `_clauses`): (its word: the clause without the `_LEADING` words it
    starts with and without anything but letters and digits; whether it is left out when others
    are kept: nothing left, a purpose or a short context clause; whether its word only names an
    outcome). String methods where they say the same as a regular expression (a call of one
    costs more than the work on a clause)."""
    clause = _without_leading(clause)
    aside = not clause or clause.startswith(_PURPOSE) or (clause.startswith(_CONTEXT) and len(clause) <= CONTEXT_MAX)
    # (str.isalnum is re's \w without "_": a clause of letters and digits only has nothing to remove)
    word = clause if clause.isalnum() else _NON_WORD.sub("", clause)
    # (a word is letters and digits only: 「完成…目标」 is the whole word when it starts and ends so)
    return word, aside, word.startswith(_OUTCOME[0]) and word.endswith(_OUTCOME[1])


def _without_leading(clause: str) -> str:
    """The clause without the `_LEADING` words it starts with (「并负责及时回访」 → 「回访」)."""
    while clause.startswith(_LEADING):
        clause = clause[len(next(word for word in _LEADING if clause.startswith(word))):]
    return clause


Text = str | tuple[str, ...]  # a core text, or a text's `clauses`


class Measured(NamedTuple):
    """What scoring a text (`whole_similarity`, `overlap_score`) needs of it, worked out once: a
    text of template-made duties is scored with hundreds of others."""

    written: str  # its activities (its `clauses`, or a core text as one clause) as written
    fixed: str  # … and in a fixed (sorted) order
    clauses: frozenset | None  # its clauses (None: a core text)
    parts: tuple[tuple[str, int], ...]  # each clause and its length
    length: int  # of `written`


@functools.lru_cache(maxsize=1 << 16)
def measured(text: Text) -> Measured:
    """A text's `Measured`."""
    parts = (text,) if isinstance(text, str) else text
    written = "".join(parts)
    return Measured(written, "".join(sorted(parts)), None if isinstance(text, str) else frozenset(parts),
                    tuple((p, len(p)) for p in parts), len(written))


def core(text: str) -> str:
    """The activities of a duty text, as comparable characters."""
    return "".join(clauses(text))


def similarity(a: str, b: str) -> float:
    """0–1 similarity of two core texts (see `core`)."""
    longer = max(len(a), len(b))
    return LCSseq.similarity(a, b) / longer if longer else 0.0


def whole_similarity(a: Text, b: Text) -> float:
    """`similarity` of two texts (their `clauses`, or core texts). Two texts that have a clause
    in common are compared with their clauses in the written or in the fixed order, whichever
    matches better: listing the same activities in another order does not make them
    different."""
    return _whole(measured(a), measured(b))


def _whole(x: Measured, y: Measured) -> float:
    longer = x.length if x.length >= y.length else y.length  # (the two spellings of a text are equally long)
    if not longer:
        return 0.0
    common = LCSseq.similarity(x.written, y.written)
    if x.clauses is not None and y.clauses is not None and not x.clauses.isdisjoint(y.clauses):
        common = max(common, LCSseq.similarity(x.fixed, y.fixed))
    return common / longer


def _coverage(x: Measured, other: str) -> float:
    """Share of the characters of x whose clause `other` says too (see `overlap_score`): each
    clause counts with min(its length, its characters found / CLAUSE_FOUND)."""
    total = 0
    for clause, length in x.parts:
        found = LCSseq.similarity(clause, other) / CLAUSE_FOUND
        total += length if length <= found else found
    return total / x.length if x.length else 0.0


def overlap_score(a: tuple[str, ...], b: tuple[str, ...], whole: float | None = None, at_least: float = 0.0) -> float:
    """0–1: how far two duty texts (their `clauses`) say the same thing. `whole`: their
    `whole_similarity`, when known (`similar_pairs` gives it). A score below `at_least` is not
    wanted exactly: when the coverage of `a` already keeps the score below it, the score with
    that coverage (an upper bound, below `at_least`) is returned without looking at `b`'s."""
    return _overlap(measured(a), measured(b), whole, at_least)


def _overlap(x: Measured, y: Measured, whole: float | None, at_least: float) -> float:
    base = WHOLE_WEIGHT * (_whole(x, y) if whole is None else whole)
    covered = _coverage(x, y.written)
    if base + (1 - WHOLE_WEIGHT) * covered >= at_least:
        other = _coverage(y, x.written)
        if other < covered:
            covered = other
    return base + (1 - WHOLE_WEIGHT) * covered


def duty_overlap(a: str, b: str) -> float:
    """What the lint check scores two duty texts: `overlap_score`, or 0 when they are not even
    candidates (`whole_similarity` below `CANDIDATE`)."""
    ca, cb = clauses(a), clauses(b)
    if ca == cb:
        return 1.0 if ca else 0.0
    whole = whole_similarity(ca, cb)
    return overlap_score(ca, cb, whole) if whole >= CANDIDATE - _EPS else 0.0


BYTE_CODES = 256  # rapidfuzz compares one-byte strings ~4× faster than Chinese ones


def _one_byte(texts: list[str]) -> list[str]:
    """The texts with every character replaced by one of 256 codes: the most frequent characters
    get a code of their own, the rarest share the last ones. Merging characters only adds
    matches, so the LCS of two coded texts is never below the LCS of the texts (an upper bound:
    a pair below the threshold here is below it in the texts too). Counted and replaced with
    numpy over all the texts at once (a Counter and a translation of each text took 0.15 s of
    23,000 texts)."""
    import numpy as np

    joined = "".join(texts)
    if not joined:
        return list(texts)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    counts = np.bincount(chars)
    present = np.flatnonzero(counts)
    ranked = present[np.argsort(-counts[present], kind="stable")]  # the most frequent first
    own = BYTE_CODES - 32  # codes of their own; the rarer characters share the other 32
    rank = np.arange(len(ranked))
    lookup = np.zeros(len(counts), dtype=np.uint8)
    lookup[ranked] = np.where(rank < own, rank, own + rank % (BYTE_CODES - own))
    coded = lookup[chars].tobytes().decode("latin-1")
    ends = list(itertools.accumulate(map(len, texts)))
    return [coded[start:end] for start, end in zip([0, *ends], ends)]


# cells from which `_matrix_hits` asks for the LCS itself: rapidfuzz's normalized similarity costs
# ~9 ns more a cell, the numpy that holds the pairs to the cutoff ~15 µs a call. All blocks of
# 1,000 roles of dense template text: 0.7 × the time with 3,000 instead of 100,000; varied roles
# (smaller blocks, every length): the same time
RAW_FROM = 3_000
RAW_CELLS = 4_000_000  # at most compared in one call of those (its result and masks: a few bytes a cell)
_REACHED = bytes([0] + [1] * 255)
try:
    from rapidfuzz.process_cpp_impl import UINT8 as _UINT8, UINT16 as _UINT16, cdist as _cdist
except ImportError:  # another build of rapidfuzz: `_matrix_hits` asks one query at a time
    _cdist = _UINT8 = _UINT16 = None


def _matrix_hits(queries: list[str], choices: list[str], cutoff: float, known: int = 0) -> tuple[list[int], list[int]]:
    """The rows and the columns of every query and choice whose LCS similarity (rapidfuzz's
    normalized_similarity) is at least `cutoff`: every pair compared in one call, in C. Two
    empty lists when there are no more than `known` (the queries among the choices: each finds
    itself).

    rapidfuzz's `cdist` wants numpy only to wrap its result; its compiled part returns a buffer.
    A block of fewer than `RAW_FROM` cells reads it as bytes (the score × 100, 0 below the
    cutoff). A bigger one asks for the LCS itself, not the normalized similarity (half the time
    per pair: no division in rapidfuzz's loop), with the fewest common characters any pair of
    the call needs as its cutoff, and holds the pairs above that to `cutoff` × their longer
    length with numpy. Without that compiled part (another rapidfuzz), `process.extract` does
    the same one query at a time."""
    if len(queries) < len(choices):  # rapidfuzz compares faster with the longer list as the queries
        columns, rows = _matrix_hits(choices, queries, cutoff, known)  # (all blocks of dense text: 0.9 × the time)
        return rows, columns
    if _cdist is None or cutoff <= 0.01:  # (a score ≥ the cutoff must not round to 0)
        found = [(row, pos) for row, query in enumerate(queries)
                 for _, _, pos in process.extract(query, choices, scorer=LCSseq.normalized_similarity,
                                                  score_cutoff=cutoff, limit=None)]
        return ([row for row, _ in found], [pos for _, pos in found]) if len(found) > known else ([], [])
    if len(queries) * len(choices) < RAW_FROM:
        scores = bytes(memoryview(_cdist(queries, choices, scorer=LCSseq.normalized_similarity, score_cutoff=cutoff,
                                         dtype=_UINT8, score_multiplier=100, workers=1)))
        if len(scores) - scores.count(0) <= known:
            return [], []
        hits = scores.translate(_REACHED)  # 1 where the score is not 0: found by memchr, not a regular expression
        rows, columns, at, width = [], [], hits.find(1), len(choices)
        while at >= 0:
            rows.append(at // width)
            columns.append(at % width)
            at = hits.find(1, at + 1)
        return rows, columns
    import numpy as np

    # (as few numpy calls as can be: each costs a microsecond or two, and most blocks are small)
    lengths = np.fromiter(map(len, itertools.chain(queries, choices)), np.intp, len(queries) + len(choices))
    longest = int(lengths.max())
    wide = longest > 255  # an LCS that may not fit in a byte
    needs = _needs(cutoff, 1 << max(8, longest.bit_length()))[lengths]  # at least `cutoff` × the longer: × each
    of_queries, of_choices = needs[:len(queries)], needs[len(queries):]
    fewest = max(1, int(of_queries.min()), int(of_choices.min()))  # common characters every pair of the call needs
    found = []
    step = max(1, RAW_CELLS // len(choices))  # queries a call compares: its result and masks stay small
    for start in range(0, len(queries), step):
        common = np.asarray(_cdist(queries[start:start + step], choices, scorer=LCSseq.similarity, workers=1,
                                   score_cutoff=fewest, dtype=_UINT16 if wide else _UINT8))
        found.append(np.flatnonzero((common >= of_queries[start:start + step, None]) & (common >= of_choices))
                     + start * len(choices))
    at = found[0] if len(found) == 1 else np.concatenate(found)
    if len(at) <= known:
        return [], []
    rows, columns = np.divmod(at, len(choices))
    return rows.tolist(), columns.tolist()


@functools.lru_cache(maxsize=16)
def _needs(cutoff: float, size: int):
    """The common characters a pair needs to reach `cutoff`, by the longer of the two lengths
    (0 to size - 1), in bytes up to 256 lengths."""
    import numpy as np

    return np.ceil(cutoff * np.arange(size) - _EPS).astype(np.uint8 if size <= 256 else np.uint16)


PROBES = 8  # rarest bigrams a text looks up: finds every pair on the real knowledge base (tests)


# compared cells from which two processes compare (roledocs.forked): 1,000 roles of dense template
# text (176M cells) took 0.65 × the time, 1,000 varied roles (5.8M) no less, with more CPU
IN_TWO_FROM = 20_000_000
IN_TWO_PAIRS = 20_000  # pairs to score exactly from which two processes score them
INT_BITS = 63  # of numpy's int64 that a bigram (42 bits) and a text number share in the index
BIG_BLOCK = 5000  # cells: a block this big compares its queries by length band (`_length_bands`)
BAND = 1.2  # the longest text of a band is at most this many times the shortest
# cells from which blocks that compare with the same texts are one (`_bigram_blocks`): those
# below hold 0.1 % of the cells they would save on dense template text
SHARED_FROM = 20_000


def _length_bands(ids: list[int], lengths: list[int]):
    """`ids` (sorted by length) in runs of about one length (`BAND`): the texts a run can reach
    are those a query of its length can reach, not every length between the shortest and the
    longest query of a bigram (in template-made text a common bigram is probed by texts of
    every length)."""
    start = 0
    for n, k in enumerate(ids):
        if lengths[k] > BAND * lengths[ids[start]]:
            yield ids[start:n]
            start = n
    yield ids[start:]


class Join:
    """How much work the last `similar_pairs` did: the candidate pairs it compared, as cells of its
    batched comparisons, a text with itself included. Tests check that this grows about linearly
    with the knowledge base, not with its square."""

    compared = 0


def similar_pairs(texts: list[Text], threshold: float, probes: int = PROBES,
                  at_least: float | None = None) -> list[tuple[int, int, float]]:
    """(i, j, score) for every i < j whose texts score at least `threshold` (`whole_similarity`).
    `at_least`: of those, the pairs whose `overlap_score` reaches it, with that score instead
    (worked out in the same pass: in two processes when there are many).

    Identical texts pair up directly. The others are indexed by their character bigrams; each
    text probes only its `probes` rarest bigrams, and a pair is scored when one of the two texts
    has a bigram the other probes. Texts with a clause in common are also scored with their
    clauses in the fixed order (`whole_similarity`), found by an index of clauses. Two texts
    that say the same thing share their rarest words, and rare bigrams have short postings, so
    the work grows with the number of similar-looking texts, not with the square of all texts.
    The filter is a heuristic (not a bound); `all_pairs` is the exact reference it is tested
    against.

    The work is done per bigram, not per text: the texts that probe a bigram are compared with
    the texts that have it in one rapidfuzz call (`_matrix_hits`), only those of a length that can
    reach the threshold with them (LCS ≤ the shorter length: a bound, so it changes no result),
    on one-byte codes first (`_one_byte`, an upper bound); only the pairs that reach the
    threshold there are scored exactly.
    """
    groups: dict[Text, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if text and any(text):
            groups[text].append(i)

    def then(x: Measured, y: Measured, whole: float) -> float | None:
        """The pair's score (`at_least`), None when it is too low."""
        if at_least is None:
            return whole
        score = _overlap(x, y, whole, at_least)
        return score if score >= at_least else None

    pairs: list[tuple[int, int, float]] = []
    for text, members in groups.items():
        if len(members) > 1 and (score := then(measured(text), measured(text), 1.0)) is not None:
            pairs.extend((a, b, score) for n, a in enumerate(members) for b in members[n + 1:])

    distinct = sorted(groups, key=lambda t: len("".join(t)))  # so every posting lists its texts by length
    parts = [(t,) if isinstance(t, str) else t for t in distinct]
    written = list(map("".join, parts))  # the fixed order (`Measured`) only where a clause is shared
    coded = _one_byte(written)
    blocks = _bigram_blocks(written, coded, threshold, probes) + _clause_blocks(parts, coded)
    Join.compared = sum(len(queries) * len(ids) for queries, ids, _, _ in blocks)
    cutoff = threshold - 1e-6  # rapidfuzz's float cutoff can drop a score equal to the threshold

    count = len(distinct)

    def hits(some: list) -> list:
        """(a text, a text it may be similar to), the first before the second, of these blocks, as
        one number (first × count + second), each once, as the bytes of a numpy array (in a list:
        the results of slices, plain data for roledocs.forked.in_two). A million candidates of
        dense text are found over the blocks, many more than once: numbered, ordered and made
        unique by numpy, not one by one."""
        import numpy as np

        first, second = [], []
        for queries, ids, coded_queries, coded_ids in some:
            rows, columns = _matrix_hits(coded_queries, coded_ids, cutoff, len(queries))
            first.extend(map(queries.__getitem__, rows))
            second.extend(map(ids.__getitem__, columns))
        a, b = np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)
        # (every query is among the texts it is compared with: it finds itself)
        return [_distinct((np.minimum(a, b) * count + np.maximum(a, b))[a != b]).tobytes()]

    def scored(some: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
        """The exact scores of these pairs, those that reach the threshold (and `at_least`). Each
        text is measured once for all its pairs (dense template text, 163,000 pairs of 20,000 texts:
        0.76 × the time it took when each pair looked up both texts' spellings twice)."""
        known: list[Measured | None] = [None] * count
        low, out = threshold - _EPS, []
        for a, b in some:
            x, y = known[a], known[b]
            if x is None:
                x = known[a] = measured(distinct[a])
            if y is None:
                y = known[b] = measured(distinct[b])
            score = _whole(x, y)
            if score >= low and (score := then(x, y, score)) is not None:
                out.append((a, b, score))
        return out

    if Join.compared >= IN_TWO_FROM:  # the blocks shared with another process (roledocs.forked), largest first
        blocks.sort(key=lambda block: len(block[0]) * len(block[1]), reverse=True)
        numbers = in_two(hits, blocks, min_items=2)
    else:
        numbers = hits(blocks)
    import numpy as np

    firsts, seconds = np.divmod(_distinct(np.frombuffer(b"".join(numbers), dtype=np.int64)), count)
    found = list(zip(firsts.tolist(), seconds.tolist()))
    for a, b, score in sorted(in_two(scored, found, min_items=IN_TWO_PAIRS)):
        for x in groups[distinct[a]]:
            for y in groups[distinct[b]]:
                pairs.append((min(x, y), max(x, y), score))
    return pairs


Block = tuple[list[int], list[int], list[str], list[str]]  # texts, texts they may be similar to, both coded


def _bigram_blocks(written: list[str], coded: list[str], threshold: float, probes: int) -> list[Block]:
    """For each bigram some text probes (one of its `probes` rarest), the texts that probe it and
    the texts that have it, of a length they can reach (`written`: sorted by length; `coded`: the
    same in one-byte codes, `_one_byte`).

    The index is built with numpy (600,000 bigrams of 23,000 texts: a few sorts instead of a
    Python loop over each); each bigram is a 42-bit int, its two code points (a one-character
    text's "bigram" is the character, before the bigrams that start with it)."""
    import numpy as np

    if not written:
        return []
    lengths = list(map(len, written))
    size = np.array(lengths, dtype=np.int64)
    chars = np.frombuffer("".join(written).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    end = np.cumsum(size)
    within = np.ones(len(chars), dtype=bool)
    within[end - 1] = False  # a text's last character starts no bigram (the next text's first is not its)
    starts = np.flatnonzero(within)
    single = np.flatnonzero(size == 1)
    bigram = np.concatenate((chars[starts] << 21 | chars[starts + 1] + 1, chars[end[single] - 1] << 21))
    owner = np.concatenate((np.repeat(np.arange(len(written), dtype=np.int64), size)[starts], single))
    # postings: (bigram, text) once each, by bigram, then text (texts are numbered by length),
    # sorted as one int; over 2 million texts (80,000 roles) the two do not fit in one
    text_bits = max(1, len(written).bit_length())
    if 42 + text_bits <= INT_BITS:
        postings = np.sort(bigram << text_bits | owner)
        postings = postings[_runs(postings)]
        gram, text = postings >> text_bits, postings & ((1 << text_bits) - 1)
    else:
        order = np.lexsort((owner, bigram))
        gram, text = bigram[order], owner[order]
        once = np.concatenate(([True], (gram[1:] != gram[:-1]) | (text[1:] != text[:-1])))
        gram, text = gram[once], text[once]
    first_of = _runs(gram)  # each bigram's first posting
    count = np.diff(np.append(first_of, len(gram)))  # in how many texts each bigram is
    # rarity: in how few texts a bigram is, then the bigram itself
    rarest = np.lexsort((gram[first_of], count))  # the bigrams, rarest first
    rank = np.empty(len(first_of), dtype=np.int64)
    rank[rarest] = np.arange(len(first_of))
    of_posting = np.repeat(np.arange(len(first_of)), count)
    # each text's bigrams from the rarest; the first `probes` are looked up, those of one text never
    by_text = np.sort(text << 32 | rank[of_posting])
    prober, probed = by_text >> 32, rarest[by_text & 0xFFFFFFFF]
    place = np.arange(len(by_text)) - np.searchsorted(prober, prober)
    chosen = (place < probes) & (count[probed] > 1)
    # the probes by bigram (in order of rarity), each bigram's probers by length
    probes_by_gram = np.sort(rank[probed[chosen]] << text_bits | prober[chosen])
    probe_rank, probe_text = probes_by_gram >> text_bits, probes_by_gram & ((1 << text_bits) - 1)
    group = _runs(probe_rank)
    probed_grams = rarest[probe_rank[group]]
    # for each length: the first text long enough to reach the threshold with a text of that
    # length, and the first one too long
    longest = lengths[-1] if lengths else 0
    first = [bisect_left(lengths, n) for n in range(longest + 2)]
    reach_from = [first[min(longest + 1, max(0, math.ceil(threshold * n - _EPS)))] for n in range(longest + 1)]
    reach_to = [first[min(longest + 1, math.floor(n / threshold + _EPS) + 1)] if threshold > 0 else len(lengths)
                for n in range(longest + 1)]
    blocks = []
    # the texts of a big block → the queries of every big block that compares with them: the
    # bigrams of one word are in the same texts (「档案」「案管」 in 「档案管理」), and a text that
    # probes two of them is compared with those texts once, not twice (dense template text:
    # 149M → 100M cells)
    shared: dict[tuple[int, ...], set[int]] = defaultdict(set)
    code_of = coded.__getitem__
    texts, probing_texts, firsts, counts = text.tolist(), probe_text.tolist(), first_of.tolist(), count.tolist()
    for a, b, g in zip(group.tolist(), [*group[1:].tolist(), len(probe_text)], probed_grams.tolist()):
        probing = probing_texts[a:b]
        having = texts[firsts[g]:firsts[g] + counts[g]]
        big = len(probing) * len(having) > BIG_BLOCK
        for queries in _length_bands(probing, lengths) if big else (probing,):
            # only the texts of a length some query can reach
            low, high = reach_from[lengths[queries[0]]], reach_to[lengths[queries[-1]]]
            ids = (having if low <= having[0] and high > having[-1]
                   else having[bisect_left(having, low):bisect_left(having, high)])
            if len(queries) * len(ids) > SHARED_FROM:
                shared[tuple(ids)].update(queries)
            elif ids and not (ids == queries[:1] == queries):  # (a text alone with itself)
                blocks.append((queries, ids, list(map(code_of, queries)), list(map(code_of, ids))))
    for ids, queries in shared.items():
        ordered = sorted(queries)
        blocks.append((ordered, list(ids), list(map(code_of, ordered)), list(map(code_of, ids))))
    return blocks


def _distinct(numbers):
    """The distinct values of a numpy array, in order: sorted, each run's first (numpy 2.4's
    np.unique hashes them first: 0.17–0.86 s for the 900,000 candidates of dense template text,
    the sort 0.02 s)."""
    import numpy as np

    ordered = np.sort(numbers)
    return ordered[_runs(ordered)]


def _runs(ordered):
    """Where each run of equal values starts in a sorted numpy array (np.unique took 50× as long
    as the sort here, numpy 2.4)."""
    import numpy as np

    return np.flatnonzero(np.concatenate((ordered[:1] == ordered[:1], ordered[1:] != ordered[:-1])))


def _clause_blocks(parts: list[tuple[str, ...]], coded: list[str]) -> list[Block]:
    """For each clause that two or more texts have, those texts with their clauses in the fixed
    order (`Measured`), each compared with the others (a big block in quarters: 5/8 of the cells).
    `coded`: the texts' written spellings in one-byte codes (`_one_byte`)."""
    by_clause: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(parts):
        if len(p) > 1:
            for clause in set(p):
                by_clause[clause].append(k)
    fixed: dict[int, str] = {}  # coded, in the fixed order
    blocks = []
    for ids in by_clause.values():
        if len(ids) > 1:
            for k in ids:
                if k not in fixed:
                    fixed[k] = _in_fixed_order(parts[k], coded[k])
            choices = list(map(fixed.__getitem__, ids))
            # two texts compared once, not both ways: each quarter of the texts with those from it on
            step = -(-len(ids) // 4) if len(ids) ** 2 > BIG_BLOCK else len(ids)
            for start in range(0, len(ids), step):
                blocks.append((ids[start:start + step], ids[start:], choices[start:start + step], choices[start:]))
    return blocks


def _in_fixed_order(clauses: tuple[str, ...], coded: str) -> str:
    """A text's coded spelling with its clauses in the fixed order (`Measured`): the coded
    clauses, in the order of the clauses themselves."""
    ends = list(itertools.accumulate(map(len, clauses)))
    pieces = [coded[start:end] for start, end in zip([0, *ends], ends)]
    return "".join(pieces[n] for n in sorted(range(len(clauses)), key=clauses.__getitem__))


def all_pairs(texts: list[Text], threshold: float) -> list[tuple[int, int, float]]:
    """The same result by comparing every pair (rapidfuzz screens each pair in both spellings,
    the exact score decides): the reference the index is tested against."""
    spelled = [(m.written, m.fixed) for m in map(measured, texts)]
    out = []
    for i, text in enumerate(spelled):
        if not text[0]:
            continue
        near = set()
        for m, spelling in enumerate(text):
            later = [t[m] for t in spelled[i + 1:]]
            near.update(i + 1 + pos for _, _, pos in process.extract(
                spelling, later, scorer=LCSseq.normalized_similarity, score_cutoff=threshold - 1e-6, limit=None))
        for j in sorted(near):
            if spelled[j][0]:
                score = whole_similarity(texts[i], texts[j])
                if score >= threshold:
                    out.append((i, j, score))
    return out
