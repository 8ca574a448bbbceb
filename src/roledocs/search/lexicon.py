"""What analysing a query needs, stored in the search index, so that a search of a fresh
index imports neither rjieba nor OpenCC, PyYAML or pypinyin (issue 16.5).

At index time ``write_lexicon(con, analyzer)`` stores, next to the FTS tables:

- ``lexicon_words``: jieba's dictionary (jieba's dict.txt, the one jieba-rs embeds) with the
  analyzer's user words and frequencies, as rjieba holds it after ``Analyzer.jieba``;
- ``lexicon_hmm``: jieba's HMM emission table (jieba-rs rounds it to 6 decimals);
- ``lexicon_t2s``: OpenCC t2s for every character it changes (its ~500 phrases, TSPhrases, are
  in ``meta``): text without a phrase is converted character by character (str.translate),
  text with one by OpenCC's longest match;
- ``lexicon_parts``: each user word's parts; synonym groups (with their index keys), stop
  words, the dictionary's total frequency and the HMM's start and transition probabilities
  in ``meta`` under ``analyzer`` (the whole ``text.Analyzer`` state is ``analyzer_state``).

At query time ``QueryAnalyzer(con)`` answers what ``text.Analyzer`` answers for a query
(``query_groups``, ``query_tokens``, ``precise_tokens``, ``parts``, ``synonym_keys``,
``synonym_groups``), reading only the rows the query needs.  tests/search/test_query_analysis.py
proves both give the same tokens.
"""
from __future__ import annotations

import json
import sqlite3
import unicodedata

from .segment import Hmm, Segmenter
from .text import has_cjk

TABLES = """
CREATE TABLE lexicon_words(word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID;
CREATE TABLE lexicon_hmm(char TEXT PRIMARY KEY, b REAL, e REAL, m REAL, s REAL) WITHOUT ROWID;
CREATE TABLE lexicon_t2s(source TEXT PRIMARY KEY, target TEXT) WITHOUT ROWID;
CREATE TABLE lexicon_parts(word TEXT PRIMARY KEY, parts TEXT) WITHOUT ROWID;
"""
LEXICON_TABLES = ("lexicon_words", "lexicon_hmm", "lexicon_t2s", "lexicon_parts")
_MIN_FLOAT = -3.14e100
_STATES = "BEMS"
_BATCH = 500  # SQL variables per lookup


# ── writing (index time) ──────────────────────────────────────────────────────

def _jieba_file(*parts: str):
    """A data file of the installed jieba package (not imported: its dictionary is data only)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    return Path(spec.submodule_search_locations[0], *parts)


def _main_dictionary() -> dict[str, int]:
    """jieba's dict.txt as jieba-rs loads it (a repeated word keeps its last frequency)."""
    words: dict[str, int] = {}
    with open(_jieba_file("dict.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields:
                words[fields[0]] = int(fields[1]) if len(fields) > 1 else 0
    return words


def _hmm_tables() -> tuple[dict, dict, dict]:
    """jieba's HMM (start, trans, emit); emission log-probabilities rounded to 6 decimals as in
    jieba-rs's hmm.model (checked: all 35,224 values equal)."""
    import pickle

    tables = []
    for name in ("prob_start", "prob_trans", "prob_emit"):
        with open(_jieba_file("finalseg", f"{name}.p"), "rb") as f:
            tables.append(pickle.load(f))  # noqa: S301 — the installed jieba's own data
    start, trans, emit = tables
    return start, trans, {s: {c: round(p, 6) for c, p in table.items()} for s, table in emit.items()}


def _t2s_rows() -> tuple[list[tuple[str, str]], dict[str, str] | None]:
    """OpenCC t2s: every character it changes (each converted alone), and its phrase table
    (None when it could not be read: then a query with Chinese characters is converted by
    OpenCC itself)."""
    import subprocess
    import tempfile
    from pathlib import Path

    import opencc

    from ..cjk import to_simplified

    chars = [chr(c) for c in (*range(0x80, 0xD800), *range(0xE000, 0x10000), *range(0x20000, 0x31350))
             if chr(c) != "\n"]
    rows = [(a, b) for a, b in zip(chars, to_simplified("\n".join(chars)).split("\n")) if a != b]
    share = Path(opencc.__file__).parent / "clib"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "phrases.txt"
            subprocess.run([share / "bin" / "opencc_dict", "-i", share / "share" / "opencc" / "TSPhrases.ocd2",
                            "-o", out, "-f", "ocd2", "-t", "text"], check=True, capture_output=True, timeout=60)
            phrases = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if "\t" in line]
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return rows, None
    return rows, {key: value.split(" ")[0] for key, value in phrases if len(key) > 1}


def write_lexicon(con: sqlite3.Connection, analyzer) -> None:
    """Store what QueryAnalyzer needs for ``analyzer`` (a text.Analyzer whose dictionary is built)."""
    from .text import stopwords, synonym_group_key

    con.executescript(TABLES)
    words = _main_dictionary()
    words.update(analyzer.state()["words"])  # add_word replaces a word's frequency
    con.executemany("INSERT INTO lexicon_words VALUES (?,?)", words.items())
    start, trans, emit = _hmm_tables()
    chars = sorted({c for table in emit.values() for c in table})
    con.executemany("INSERT INTO lexicon_hmm VALUES (?,?,?,?,?)",
                    ((c, *(emit[s].get(c, _MIN_FLOAT) for s in _STATES)) for c in chars))
    t2s, phrases = _t2s_rows()
    con.executemany("INSERT INTO lexicon_t2s VALUES (?,?)", t2s)
    con.executemany("INSERT INTO lexicon_parts VALUES (?,?)",
                    ((w, "\t".join(p)) for w, p in analyzer.state()["parts"].items()))
    analysis = {
        "total": sum(words.values()), "max_word": max(map(len, words)),
        "hmm_start": [start[s] for s in _STATES],
        "hmm_trans": [[trans[a].get(b, _MIN_FLOAT) for b in _STATES] for a in _STATES],
        "t2s_phrases": phrases,
        "synonyms": [[synonym_group_key(g), list(g)] for g in analyzer.synonym_groups],
        "stopwords": sorted(stopwords()),
    }
    con.execute("INSERT INTO meta VALUES ('analyzer', ?)", (json.dumps(analysis, ensure_ascii=False),))


# ── reading (query time) ──────────────────────────────────────────────────────

class LexiconMissing(Exception):
    """The index has no lexicon (built by an older roledocs)."""


class QueryAnalyzer:
    """``text.Analyzer``'s query side, answered from the index's lexicon tables."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'analyzer'").fetchone()
            meta = json.loads(row[0])
            phrases = meta["t2s_phrases"]
            self._t2s_exact = phrases is not None
            self._t2s_phrases: dict[str, str] = phrases or {}
            self._t2s_longest = max(map(len, self._t2s_phrases), default=1)
            self._t2s_firsts: dict[str, list[str]] = {}  # a phrase's first character → the phrases
            for phrase in self._t2s_phrases:
                self._t2s_firsts.setdefault(phrase[0], []).append(phrase)
            self.synonym_groups: list[tuple[str, ...]] = []
            self._synonyms: dict[str, set[str]] = {}
            self._keys: dict[str, list[str]] = {}
            for key, group in meta["synonyms"]:
                group = tuple(group)
                self.synonym_groups.append(group)
                for word in group:
                    self._synonyms.setdefault(word, set()).update(group)
                    self._keys.setdefault(word, []).append(key)
            self._stopwords = frozenset(meta["stopwords"])
            self._t2s_seen: set[str] = set()         # characters looked up in lexicon_t2s …
            self._t2s_chars: dict[int, str] = {}     # … and those that change (a str.translate table)
            self._t2s_changed: set[str] = set()      # … the same characters
            self._t2s_memo: dict[str, str] = {}
            self.segmenter = Segmenter(self._lookup, int(meta["total"]), int(meta["max_word"]),
                                       Hmm(tuple(meta["hmm_start"]), tuple(map(tuple, meta["hmm_trans"])), self._emit))
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconMissing from exc

    def _rows(self, sql: str, keys: set[str]) -> list[tuple]:
        keys = sorted(keys)
        rows = []
        for i in range(0, len(keys), _BATCH):
            batch = keys[i:i + _BATCH]
            rows += self.con.execute(sql.format(",".join("?" * len(batch))), batch).fetchall()
        return rows

    def _lookup(self, words: set[str]) -> dict[str, int]:
        return dict(self._rows("SELECT word, freq FROM lexicon_words WHERE word IN ({})", words))

    def _emit(self, chars: set[str]) -> dict[str, tuple[float, float, float, float]]:
        rows = self._rows("SELECT char, b, e, m, s FROM lexicon_hmm WHERE char IN ({})", chars)
        return {c: tuple(p) for c, *p in rows}

    def normalize(self, text: str) -> str:
        """text.normalize(): NFKC, lower case, Traditional → Simplified."""
        text = unicodedata.normalize("NFKC", text).lower()
        return self.to_simplified(text) if has_cjk(text) else text

    def to_simplified(self, text: str) -> str:
        """OpenCC t2s from the stored tables.  OpenCC takes the longest phrase or character at
        each place; where no phrase occurs that is every character alone (str.translate)."""
        if not self._t2s_exact:
            from ..cjk import to_simplified

            return to_simplified(text)
        converted = self._t2s_memo.get(text)  # query words and units come back for every search
        if converted is None:
            if len(self._t2s_memo) >= 4096:
                self._t2s_memo.clear()
            self._t2s_memo[text] = converted = self._simplified(text)
        return converted

    def _simplified(self, text: str) -> str:
        unknown = set(text).difference(self._t2s_seen)
        if unknown:
            self._t2s_seen |= unknown
            changed = self._rows("SELECT source, target FROM lexicon_t2s WHERE source IN ({})", unknown)
            self._t2s_chars.update((ord(a), b) for a, b in changed)
            self._t2s_changed.update(a for a, _ in changed)
        for first in self._t2s_firsts.keys() & set(text):
            if any(phrase in text for phrase in self._t2s_firsts[first]):
                return self._longest_match(text)
        return text if self._t2s_changed.isdisjoint(text) else text.translate(self._t2s_chars)

    def _longest_match(self, text: str) -> str:
        out, i = [], 0
        while i < len(text):
            j = next((j for j in range(min(len(text), i + self._t2s_longest), i + 1, -1)
                      if text[i:j] in self._t2s_phrases), None)
            if j is None:
                out.append(self._t2s_chars.get(ord(text[i]), text[i]))
                i += 1
            else:
                out.append(self._t2s_phrases[text[i:j]])
                i = j
        return "".join(out)

    def _words(self, tokens) -> list[str]:
        """text._WORD's runs ([^\\W_]+: letters and digits) of each token, without compiling it."""
        out = []
        for token in tokens:
            word = ""
            for c in token:
                if c.isalnum():
                    word += c
                elif word:
                    out.append(word)
                    word = ""
            if word:
                out.append(word)
        return out

    def precise_tokens(self, text: str) -> list[str]:
        """Precise mode, no stop words removed, no synonyms: the words as written."""
        return self._words(self.segmenter.cut(self.normalize(text))) if text else []

    def query_groups(self, text: str) -> list[list[str]]:
        """One group per query word: the word, then its synonyms (stop words dropped unless nothing else is left)."""
        words = list(dict.fromkeys(self.precise_tokens(text)))
        kept = [w for w in words if w not in self._stopwords] or words
        return [[w, *sorted(self._synonyms.get(w, set()) - {w})] for w in kept]

    def query_tokens(self, text: str) -> list[str]:
        """Tokens to look up: precise mode, stop words removed, synonyms added."""
        return list(dict.fromkeys(t for group in self.query_groups(text) for t in group))

    def synonym_keys(self, word: str) -> list[str]:
        """Index keys ("_s…") of the synonym groups a (normalized) word belongs to."""
        return list(self._keys.get(word, ()))

    def parts(self, word: str) -> list[str]:
        """Shorter dictionary words inside a word: 开发票 → 开发, 发票."""
        row = self.con.execute("SELECT parts FROM lexicon_parts WHERE word = ?", (word,)).fetchone()
        if row is not None:
            return row[0].split("\t")
        return [w for w in self._words(self.segmenter.cut_for_search(word)) if w != word and len(w) >= 2]
