"""jieba's precise and search-mode cuts in pure Python, over a dictionary looked up on demand.

rjieba (jieba-rs) loads its 349,000-word dictionary when imported, ~0.14 s of every cold
``roledocs search``.  A query needs only the dictionary words that are substrings of it, so
the search index stores the dictionary (``roledocs.search.lexicon``) and this module cuts
the query with the same algorithm, looking those words up in one SQL query:

    Segmenter(lookup, total, hmm).cut(text) == rjieba.Jieba().cut(text)        (hmm=True)
    Segmenter(lookup, total, hmm).cut_for_search(text) == ….cut_for_search(text)

``lookup(words) -> {word: freq}`` returns the dictionary words among ``words``; ``total``
is the sum of all frequencies; ``hmm`` is the HMM for runs of unknown characters (start and
transition log-probabilities, and ``emit(chars) -> {char: (B, E, M, S)}``).

A port of jieba-rs 0.9–0.10 ``Jieba::cut_dag_hmm``, ``calc`` and ``hmm::viterbi`` (the same
as jieba's algorithm, but jieba-rs's character classes, tie-breaking and its HMM table,
which is jieba's rounded to 6 decimals).  tests/search/test_query_analysis.py proves the
tokens equal rjieba's.
"""
from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Callable

# jieba-rs's RE_HAN_DEFAULT: CJK ideographs (incl. supplementary planes), ASCII letters and
# digits, + # & . _ % -.  Everything else is cut one character at a time.  Tested by a loop,
# not a regex: sre takes ~6 ms to compile this class, more than a query costs.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
               (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0x2CEB0, 0x2EBEF), (0x2F800, 0x2FA1F))
_BLOCK_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
# the HMM cuts runs of these (jieba-rs hmm::is_hmm_han); the rest by _HMM_SKIP (sic: "." is any
# character).  Compiled on first use (re's cache): most queries never reach the HMM.
_HMM_HAN = "([\u4e00-\u9fd5]+)"
_HMM_SKIP = r"([a-zA-Z0-9]+(?:.\d+)?%?)"


def _in_block(char: str) -> bool:
    if char in _BLOCK_ASCII:
        return True
    code = ord(char)
    return code >= 0x3400 and any(low <= code <= high for low, high in _CJK_RANGES)


def _blocks(text: str) -> list[str]:
    """``text`` cut into runs of block characters and runs of others, alternating, the others
    first (as re.split with a group): the odd items are the blocks."""
    pieces, start, inside = [], 0, False
    for i, char in enumerate(text):
        if _in_block(char) != inside:
            pieces.append(text[start:i])
            start, inside = i, not inside
    pieces.append(text[start:])
    if inside:
        pieces.append("")
    return pieces


MIN_FLOAT = -3.14e100
B, E, M, S = range(4)  # jieba-rs's State order, which breaks ties
_PREVIOUS = {B: (E, S), E: (B, M), M: (M, B), S: (S, E)}


class Hmm(namedtuple("Hmm", "start trans emit")):
    """jieba's HMM for unknown words, log-probabilities by state (B, E, M, S): start (4),
    trans (4 × 4, from → to) and ``emit(chars) -> {char: (B, E, M, S)}``."""

    __slots__ = ()


class Segmenter:
    """jieba-rs's ``cut(text, hmm=True)`` and ``cut_for_search`` over a dictionary looked up per call."""

    def __init__(self, lookup: Callable[[set[str]], dict[str, int]], total: int, max_word: int, hmm: Hmm):
        self._lookup = lookup
        self._logtotal = math.log(total)
        self._max_word = max_word
        self._hmm = hmm

    def _words_in(self, blocks: list[str]) -> dict[str, int]:
        """The dictionary words that occur in the blocks (every substring looked up at once)."""
        wanted = {block[i:j] for block in blocks for i in range(len(block))
                  for j in range(i + 1, min(len(block), i + self._max_word) + 1)}
        return self._lookup(wanted) if wanted else {}

    def cut(self, text: str) -> list[str]:
        """Precise mode with HMM: the words of ``text`` in order, every character in one of them."""
        pieces = _blocks(text)  # odd items are the blocks
        found = self._words_in(pieces[1::2])
        words: list[str] = []
        for n, piece in enumerate(pieces):
            if n % 2:
                self._cut_block(piece, found, words)
            else:
                words.extend(piece)  # one word per character (whitespace included)
        return words

    def cut_for_search(self, text: str) -> list[str]:
        """Search mode: each word of ``cut`` preceded by its 2- and 3-character dictionary words."""
        words = self.cut(text)
        found = self._lookup({w[i:i + n] for w in words for n in (2, 3) if len(w) > n for i in range(len(w) - n + 1)})
        out = []
        for word in words:
            for n in (2, 3):
                if len(word) > n:
                    out.extend(g for i in range(len(word) - n + 1) if (g := word[i:i + n]) in found)
            out.append(word)
        return out

    def _route(self, block: str, found: dict[str, int]) -> list[int]:
        """jieba's max-probability route: for each position, where its word ends."""
        n, logtotal = len(block), self._logtotal
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            ends = [(_log(found[block[i:j]]) - logtotal + route[j][0], j)
                    for j in range(i + 1, min(n, i + self._max_word) + 1) if block[i:j] in found]
            route[i] = max(ends) if ends else (0.0 - logtotal + route[i + 1][0], i + 1)
        return [end for _, end in route]

    def _cut_block(self, block: str, found: dict[str, int], words: list[str]) -> None:
        route = self._route(block, found)
        x, left = 0, None
        while x < len(block):
            y = route[x]
            if y - x == 1:  # single characters are collected, then cut by the HMM
                left = x if left is None else left
            else:
                if left is not None:
                    self._flush(block[left:x], found, words)
                    left = None
                words.append(block[x:y])
            x = y
        if left is not None:
            self._flush(block[left:], found, words)

    def _flush(self, run: str, found: dict[str, int], words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif run not in found:
            self._hmm_cut(run, words)
        else:
            words.extend(run)

    def _hmm_cut(self, run: str, words: list[str]) -> None:
        for n, piece in enumerate(re.split(_HMM_HAN, run)):
            if not piece:
                continue
            if n % 2 == 0:  # not a Han run: numbers and letters whole, the rest as it is
                words.extend(p for p in re.split(_HMM_SKIP, piece) if p)
            elif len(piece) == 1:
                words.append(piece)
            else:
                words.extend(self._viterbi_words(piece))

    def _viterbi_words(self, run: str) -> list[str]:
        hmm = self._hmm
        emit = hmm.emit(set(run))
        missing = (MIN_FLOAT,) * 4
        v = [hmm.start[y] + emit.get(run[0], missing)[y] for y in range(4)]
        back: list[list[int]] = []
        for ch in run[1:]:
            em = emit.get(ch, missing)
            step = [max((v[y0] + hmm.trans[y0][y] + em[y], y0) for y0 in _PREVIOUS[y]) for y in range(4)]
            back.append([y0 for _, y0 in step])
            v = [p for p, _ in step]
        state = max((v[E], E), (v[S], S))[1]
        path = [state]
        for prev in reversed(back):
            state = prev[state]
            path.append(state)
        path.reverse()
        words, begin, end = [], 0, 0
        for i, state in enumerate(path):
            if state == B:
                begin = i
            elif state == E:
                words.append(run[begin:i + 1])
                end = i + 1
            elif state == S:
                words.append(run[i])
                end = i + 1
        if end < len(run):
            words.append(run[end:])
        return words


def _log(freq: int) -> float:
    return math.log(freq) if freq > 0 else -math.inf
