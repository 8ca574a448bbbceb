"""Chinese text handling: the one place that knows how roledocs reads Chinese.

Every consumer (the search index, the site's search index) uses this module so
that a word is cut the same way everywhere. The API is small on purpose:

    normalize(text) -> str
        NFKC (full-width → half-width), Traditional → Simplified (OpenCC t2s),
        lower case.  ``normalize("銷售總監ＫＰＩ") == "销售总监kpi"``  (for matching)
    to_simplified(text) / to_traditional(text) -> str
        OpenCC t2s / s2t only, for content: nothing lower-cased or folded.

    Analyzer(terms=(), synonyms=())
        A tokenizer with the HR user dictionary (``data/hr_terms.txt`` + the
        synonym file + ``terms``, e.g. from ``kb_vocabulary(kb)``).
        .index_tokens(text) -> list[str]   search mode: the words *and* their parts
                                           (销售总监 → 销售, 总监, 销售总监)
        .index_tokens(text, synonyms=True)  … plus synonym-group keys "_s…" (see synonym_keys)
        .query_tokens(text) -> list[str]   precise mode, stop words removed,
                                           synonyms added (业务员 → 业务员, 销售代表, 销售专员)
        .query_groups(text) -> list[list[str]]   the same, one group per query word
        .precise_tokens(text) -> list[str]  precise mode as written (no stop words removed)
        .synonym_keys(word) / .parts(word)  the index keys of a word's synonym groups; its sub-words
        .dictionary_hash() -> str           changes whenever the tokens could change
        .userdict_lines() -> list[str]      "word freq" lines for jieba.load_userdict
        .state() / Analyzer.from_state(d)   save / restore the computed dictionary (JSON-able)

    kb_vocabulary(kb) -> (terms, synonym_groups)
        role titles, aliases, KPI names, glossary terms; KPI and glossary aliases
        as synonym groups.  ``analyzer_for(kb)`` builds the Analyzer from them.

    index_tokens(text) / query_tokens(text)
        The same with the default Analyzer (hand-kept data only, no knowledge base).
    dictionary_hash() -> str
        fingerprint of the hand-kept data, TOKENIZER_VERSION and library versions:
        store it with anything built from tokens, rebuild when it changes.

    stopwords() -> frozenset[str]      question words dropped from queries (谁, 负责, 哪个岗位 …)
    pinyin_keys(text) -> list[str]     "销售总监" → ["xiaoshouzongjian", "xszj"]
    char_pinyin(char) -> str           "鉴" → "jian" (first reading, no tone)
    highlight_spans(text, words) -> list[(start, end)]
        where the (normalized) words occur in the ORIGINAL text: offsets into ``text``.

    TOKENIZER_VERSION     bump when the token rules here change.

Why rjieba (jieba-rs) and not jieba: the same dictionary and algorithm (tokens
identical to jieba's on our texts, see tests/search/test_text.py), but the dictionary
loads in ~0.1 s instead of 0.5–0.75 s per process, which is what makes a cold
``roledocs search`` fast.  jieba is still what MkDocs Material uses at build
time; ``Analyzer.userdict_lines()`` gives it the same user dictionary.

A compound in the user dictionary hides its parts (招聘到岗率 would no longer
yield 到岗率), so every dictionary word's parts are added too and emitted by
``index_tokens``.  Index with ``index_tokens``, query with ``query_tokens``.

Heavy libraries (rjieba, opencc, pypinyin) are imported inside functions, so
importing this module costs nothing: ``roledocs validate`` never loads them.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from ..cjk import to_simplified, to_traditional  # OpenCC (imported lazily there), re-exported here

TOKENIZER_VERSION = "3"

# a token is a run of letters/digits (CJK included); FTS5's unicode61 tokenizer
# splits on everything else, so tokens made of these never get split again.
# Patterns are compiled on first use: a class of Chinese characters takes sre ~5 ms to
# compile, which a cold search (that reads its analysis from the index) does not need.
_WORD = r"[^\W_]+"
_ASCII_WORD = r"[a-z0-9]+"


def is_cjk(char: str) -> bool:
    """One character of the ranges normalize() converts (CJK Ext. A, URO, compatibility ideographs)."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def has_cjk(text: str) -> bool:
    """True when ``text`` has a character ``is_cjk`` accepts."""
    return any(is_cjk(c) for c in text)


# ── normalisation ─────────────────────────────────────────────────────────────

def _nfkc_lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), Traditional → Simplified, lower case."""
    return _simplified_if_cjk(_nfkc_lower(text), to_simplified)


def _simplified_if_cjk(text: str, simplify) -> str:
    return simplify(text) if has_cjk(text) else text


def _normalize_aligned(text: str, simplify=to_simplified) -> tuple[str, list[int] | range]:
    """normalize(), plus for each character of the result its offset in ``text``."""
    joined = _nfkc_lower(text)
    if len(joined) == len(text):  # the usual case: one character in, one out
        offsets: list[int] | range = range(len(text))
    else:  # ligatures, ㈱ …: find out which character each output came from
        out, offsets = [], []
        for i, ch in enumerate(text):
            n = _nfkc_lower(ch)
            out.append(n)
            offsets.extend([i] * len(n))
        joined = "".join(out)
    if has_cjk(joined):
        converted = simplify(joined)
        if len(converted) != len(joined):  # a phrase conversion changed the length: go char by char
            converted = "".join(c2 if len(c2 := simplify(c)) == 1 else c for c in joined)
        joined = converted
    return joined, offsets


def highlight_spans(text: str, words: Iterable[str], simplify=to_simplified) -> list[tuple[int, int]]:
    """Where the words occur in ``text`` (compared after normalize()), as merged (start, end) offsets.
    ``simplify``: Traditional → Simplified (the search index's stored table, lexicon.QueryAnalyzer)."""
    norm, offsets = _normalize_aligned(text, simplify)
    spans = []
    for word in {_simplified_if_cjk(_nfkc_lower(w), simplify) for w in words if w and w.strip()}:
        start = norm.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = norm.find(word, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# ── data files ────────────────────────────────────────────────────────────────

def _data_text(name: str) -> str:
    """A file of roledocs/data (a plain read: importlib.resources costs a cold search ~10–25 ms)."""
    import os

    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", name), encoding="utf-8") as f:
        return f.read()


@functools.lru_cache(maxsize=1)
def hand_terms() -> tuple[str, ...]:
    """The hand-kept HR user dictionary (data/hr_terms.txt): one word per line, # comments."""
    words = []
    for line in _data_text("hr_terms.txt").splitlines():
        word = line.split("#", 1)[0].split()
        if word:
            words.append(word[0])
    return tuple(words)


@functools.lru_cache(maxsize=1)
def _synonym_data() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    import yaml  # already a dependency of the loader; cheap

    data = yaml.load(_data_text("synonyms.yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    groups = tuple(tuple(str(w) for w in g) for g in data.get("groups", []))
    stopwords = frozenset(normalize(str(w)) for w in data.get("stopwords", []))
    return groups, stopwords


def hand_synonyms() -> tuple[tuple[str, ...], ...]:
    """Synonym groups kept by hand in data/synonyms.yaml."""
    return _synonym_data()[0]


def stopwords() -> frozenset[str]:
    """Query words that say nothing about the role (谁, 负责, 哪个岗位 …), from data/synonyms.yaml."""
    return _synonym_data()[1]


_HAN_RUN = r"[\u3400-\u9fff\uf900-\ufaff]{2,}"


def _dictionary_words(term: str) -> list[str]:
    """A term as dictionary words: its runs of Chinese characters, normalized
    ("售前、售中" → 售前, 售中; "销售专员2" → 销售专员).  Letters and digits are cut
    apart by jieba anyway; keeping them out keeps numbered titles from each adding a word."""
    return re.findall(_HAN_RUN, normalize(term))


def synonym_group_key(group: Iterable[str]) -> str:
    """The index key ("_s…") of a synonym group: the same for the same words in any order."""
    return "_s" + hashlib.sha1("\n".join(sorted(group)).encode()).hexdigest()[:10]


# ── the analyzer ──────────────────────────────────────────────────────────────

_default_taken = False


def _new_jieba():
    """A jieba-rs tokenizer of our own (user words are added to it).  ``import rjieba``
    already loads one dictionary for its module-level functions; the first Analyzer
    takes that instance instead of loading a second copy (~0.1 s, ~40 MB).  Nothing
    in roledocs uses rjieba's module-level functions."""
    global _default_taken
    import rjieba

    if not _default_taken:
        _default_taken = True
        return rjieba._DEFAULT_JIEBA
    return rjieba.Jieba()


class Analyzer:
    """A Chinese tokenizer with the HR user dictionary, synonyms and stop words.

    Building one loads the jieba dictionary (~0.1 s with rjieba); keep it around.
    ``terms`` and ``synonyms`` add to the hand-kept data, e.g. from ``kb_vocabulary(kb)``.
    """

    def __init__(self, terms: Iterable[str] = (), synonyms: Iterable[Iterable[str]] = ()):
        groups = [tuple(g) for g in hand_synonyms()] + [tuple(g) for g in synonyms]
        self.synonym_groups: list[tuple[str, ...]] = []
        for group in groups:
            normalized = tuple(dict.fromkeys(normalize(w) for w in group if str(w).strip()))
            if len(normalized) >= 2 and normalized not in self.synonym_groups:
                self.synonym_groups.append(normalized)
        self._index_synonyms()
        words: dict[str, None] = {}
        for term in [*hand_terms(), *terms, *(w for g in self.synonym_groups for w in g)]:
            for word in _dictionary_words(term):
                words[word] = None
        self.terms: list[str] = sorted(words)
        self._stopwords = stopwords()
        self._jieba = None
        self._saved: dict | None = None
        self._parts: dict[str, tuple[str, ...]] = {}
        self._freqs: dict[str, int] = {}

    def _index_synonyms(self) -> None:
        self._synonyms: dict[str, set[str]] = {}
        self._keys: dict[str, list[str]] = {}
        for group in self.synonym_groups:
            key = synonym_group_key(group)
            for word in group:
                self._synonyms.setdefault(word, set()).update(group)
                self._keys.setdefault(word, []).append(key)

    # the dictionary is loaded on first use, so building an Analyzer is free
    @property
    def jieba(self):
        """The jieba tokenizer with the knowledge base's words, built (or replayed from a save) on first use."""
        if self._jieba is None:
            jb = _new_jieba()
            if self._saved is not None:  # replay a saved dictionary: same words, same order, same tokens
                for word, freq in self._saved["words"]:
                    jb.add_word(word, freq, None)
                    self._freqs[word] = freq
                self._parts = {w: tuple(p) for w, p in self._saved["parts"].items()}
                self._jieba = jb
                return jb
            # parts from the plain dictionary, before the compounds hide them
            base = {t: [w for w in jb.cut(t) if len(w) >= 2 and w != t] for t in self.terms}
            parts_words = sorted({w for ws in base.values() for w in ws if has_cjk(w)} - set(self.terms))
            for word in [*parts_words, *self.terms]:
                self._freqs[word] = jb.add_word(word, jb.suggest_freq(word), None)
            known = set(self.terms) | set(parts_words)
            for term in self.terms:
                inner = {term[i:j] for i in range(len(term)) for j in range(i + 2, len(term) + 1)} & known
                inner.discard(term)
                parts = tuple(sorted(set(base[term]) | inner))
                if parts:
                    self._parts[term] = parts
            self._jieba = jb
        return self._jieba

    def _words(self, tokens: Iterable[str]) -> list[str]:
        findall = re.compile(_WORD).findall
        out = []
        for token in tokens:
            out.extend(findall(token))
        return out

    def index_tokens(self, text: str, synonyms: bool = False) -> list[str]:
        """Tokens to index: search mode plus the parts of user-dictionary compounds.

        With ``synonyms=True``, a word of a synonym group is followed by the group's key
        (``synonym_keys``, "_s…"), so all words of a group count as one term in BM25
        (the SQLite index does this; a consumer without such lookups leaves it off).
        """
        if not text:
            return []
        jb = self.jieba
        out = []
        for word in self._words(jb.cut_for_search(normalize(text))):
            out.append(word)
            out.extend(self._parts.get(word, ()))
        if synonyms and self._keys:
            out = [k for word in out for k in (word, *self._keys.get(word, ()))]
        return out

    def synonym_keys(self, word: str) -> list[str]:
        """Index keys ("_s…") of the synonym groups a (normalized) word belongs to.
        Keys contain "_", which no query word can: only these lookups find them."""
        return list(self._keys.get(word, ()))

    def parts(self, word: str) -> list[str]:
        """Shorter dictionary words inside a word: 开发票 → 开发, 发票."""
        known = self._parts.get(word)
        if known is not None:
            return list(known)
        return [w for w in self._words(self.jieba.cut_for_search(word)) if w != word and len(w) >= 2]

    def precise_tokens(self, text: str) -> list[str]:
        """Precise mode, no stop words removed, no synonyms: the words as written."""
        if not text:
            return []
        return self._words(self.jieba.cut(normalize(text)))

    def query_groups(self, text: str) -> list[list[str]]:
        """One group per query word: the word first, then its synonyms (stop words dropped
        unless nothing else is left)."""
        words = list(dict.fromkeys(self.precise_tokens(text)))
        kept = [w for w in words if w not in self._stopwords] or words
        return [[w, *sorted(self._synonyms.get(w, set()) - {w})] for w in kept]

    def query_tokens(self, text: str) -> list[str]:
        """Tokens to look up: precise mode, stop words removed, synonyms added."""
        return list(dict.fromkeys(t for group in self.query_groups(text) for t in group))

    def dictionary_hash(self) -> str:
        """Changes whenever tokens could change: version, words, synonyms, stop words, rjieba."""
        h = hashlib.sha256()
        for part in (dictionary_hash(), "\n".join(self.terms), repr(self.synonym_groups)):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()[:16]

    def state(self) -> dict:
        """The computed user dictionary (words with frequencies, in order, and their parts),
        to store next to an index; ``Analyzer.from_state`` rebuilds the same tokenizer
        without recomputing it (which costs ~0.4 s for 10,000 roles)."""
        self.jieba  # noqa: B018 — computes the dictionary
        return {"version": TOKENIZER_VERSION, "terms": self.terms, "synonyms": self.synonym_groups,
                "words": list(self._freqs.items()), "parts": self._parts}

    @classmethod
    def from_state(cls, state: dict) -> Analyzer:
        """An Analyzer equal to the one ``state()`` was taken from."""
        analyzer = cls.__new__(cls)
        analyzer.synonym_groups = [tuple(g) for g in state["synonyms"]]
        analyzer._index_synonyms()
        analyzer.terms = list(state["terms"])
        analyzer._stopwords = stopwords()
        analyzer._jieba, analyzer._parts, analyzer._freqs = None, {}, {}
        analyzer._saved = state
        return analyzer

    def userdict_lines(self) -> list[str]:
        """The user dictionary as "word freq" lines, in the order rjieba got them (for jieba.load_userdict)."""
        self.jieba  # noqa: B018 — computes the frequencies
        return [f"{w} {f}" for w, f in self._freqs.items()]


def kb_vocabulary(kb) -> tuple[list[str], list[list[str]]]:
    """Dictionary words and synonym groups a knowledge base brings.

    Words: role titles and aliases, department names, KPI names and aliases,
    glossary terms and aliases (their parts are added by the Analyzer).
    Synonym groups: each KPI and glossary term with its aliases.
    """
    terms: list[str] = []
    groups: list[list[str]] = []
    for role in kb.roles.values():
        terms.append(role.title)
        terms.extend(str(a) for a in role.aliases)
    for dept in kb.departments.values():
        terms.append(dept.name)
    for kpi in kb.kpis.values():
        aliases = list(kpi.aliases)
        terms.extend([kpi.name, *aliases])
        if aliases:
            groups.append([kpi.name, *aliases])
    for entry in kb.glossary:
        term = entry.term
        aliases = list(entry.aliases)
        terms.extend([term, *aliases])
        if term and aliases:
            groups.append([term, *aliases])
    return terms, groups


def analyzer_for(kb) -> Analyzer:
    """The Analyzer for a knowledge base: hand-kept data plus ``kb_vocabulary(kb)``."""
    terms, groups = kb_vocabulary(kb)
    return Analyzer(terms, groups)


@functools.lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The Analyzer with the hand-kept data only."""
    return Analyzer()


def index_tokens(text: str) -> list[str]:
    """``default_analyzer().index_tokens(text)``."""
    return default_analyzer().index_tokens(text)


def query_tokens(text: str) -> list[str]:
    """``default_analyzer().query_tokens(text)``."""
    return default_analyzer().query_tokens(text)


@functools.lru_cache(maxsize=1)
def dictionary_hash() -> str:
    """Fingerprint of everything but the knowledge base that decides tokens: TOKENIZER_VERSION,
    the hand-kept data files, the rjieba, jieba (its dictionary and HMM go into the index's
    lexicon) and OpenCC versions.  Cheap (no dictionary loaded): an index or a site build
    stores it and rebuilds when it changes."""
    h = hashlib.sha256()
    for part in (TOKENIZER_VERSION, _version("rjieba"), _version("jieba"), _version("opencc"),
                 _data_text("hr_terms.txt"), _data_text("synonyms.yaml")):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def _version(dist: str) -> str:
    """An installed distribution's version from its .dist-info folder name; importlib.metadata
    scans every distribution and costs ~10–80 ms, which a cold search cannot afford."""
    import importlib.util
    import os

    spec = importlib.util.find_spec(dist)
    if spec and spec.origin:
        site = os.path.dirname(os.path.dirname(spec.origin))
        prefix = dist.lower().replace("-", "_") + "-"
        for name in os.listdir(site):
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    from importlib.metadata import version

    return version(dist)


# ── pinyin ────────────────────────────────────────────────────────────────────

def pinyin_keys(text: str) -> list[str]:
    """Full pinyin and initials of a title or alias: 销售总监 → [xiaoshouzongjian, xszj].

    Readings come from phrases (行长 → hangzhang); when the character-by-character
    reading differs, it is added too, so a query typed syllable by syllable still matches.
    """
    from pypinyin import lazy_pinyin

    text = normalize(text)
    if not has_cjk(text):
        return []
    keys: list[str] = []
    for syllables in (lazy_pinyin(text, errors="ignore"),
                      [char_pinyin(c) for c in text if is_cjk(c)]):
        syllables = [s for s in syllables if s and re.fullmatch(_ASCII_WORD, s)]
        if syllables:
            keys.append("".join(syllables))
            keys.append("".join(s[0] for s in syllables))
    return list(dict.fromkeys(keys))


def char_pinyin(char: str) -> str:
    """The first reading of one character, without tone: 鉴 → jian; "" when it has none."""
    from pypinyin import Style, pinyin

    reading = pinyin(char, style=Style.NORMAL, heteronym=False, errors="ignore")
    return reading[0][0] if reading and reading[0] else ""


def is_pinyin_query(text: str, normalize=normalize) -> bool:
    """True for queries written in Latin letters only (xszj, xiaoshou zongjian)."""
    return bool(text) and bool(re.fullmatch(r"[a-z\s']+", normalize(text).strip()))
