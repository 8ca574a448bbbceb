"""Search the index: a query as people type it → ranked roles with snippets.

    search(root_or_index, "谁负责催收货款", limit=10, department=None) -> list[Hit]

Any input is safe: the query is cut into words by ``roledocs.search.text`` and every
word is quoted before it reaches FTS5, so ``C++``, ``销售-总监``, ``NOT`` or a
stray quote are plain words, never FTS syntax.  Words are joined with OR (better
recall, little loss of precision: BM25 ranks roles matching more words first).

Besides the words, a query is matched by pinyin: Latin letters as pinyin or
initials (``xszj``, ``xiaoshou``: prefix match on titles and aliases), and
Chinese words by their sound, which catches homophone typos (销售总鉴 → 销售总监).
Ranking (see QueryPlan and Searcher.search): BM25 over one row per role with
column weights, plus BM25 over titles and aliases alone, plus half the score of
related terms (synonym groups, parts of long words).  Words found in more than a
quarter of the roles are left to the title ranking, which keeps p95 latency in
milliseconds at 10,000 roles.  Snippets are cut from the original text, never from
the tokens, and say which unit (duty, KPI …) matched.
"""
from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections import namedtuple
from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError, UsageError
from . import text
from .index import (COLUMN_WEIGHTS, IndexDamaged, IndexNotWritable, IndexUnusable, default_index_path,
                    ensure_index, field_labels, read_meta)

MAX_QUERY_CHARS = 200   # a pasted page is cut here: nobody searches with 10 KB of text
MAX_QUERY_TERMS = 64
SNIPPET_CHARS = 80
PART_CHARS = 120        # one line of a unit (a task, a KPI's formula …) shown as a part
PARTS_PER_MATCH = 3
UNITS_PER_HIT = 3
FIELD_ORDER = {"title": 0, "duty": 1, "kpi": 2, "function": 3, "department": 4, "summary": 5}
RELATED_WEIGHT = 0.5
TITLE_WEIGHT = 1.0


class _Record:
    """A plain record: repr and equality by its slots.  Not a dataclass: importing dataclasses
    (it imports inspect) costs ~15 ms of a cold `roledocs search`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={getattr(self, k)!r}' for k in self.__slots__)})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)


class Match(_Record):
    """One unit of a role that matched (a duty, a KPI …), with a snippet and where the words are.

    field:      title | summary | duty | kpi | qualifications …
    label:      the duty title, the KPI name …
    text:       snippet from the original text
    highlights: offsets into text
    parts:      the unit's own lines that matched (a duty's task, a KPI's definition or formula),
                each cut around its first highlight: (text, highlights); what a person reads
    """

    __slots__ = ("field", "label", "text", "highlights", "parts")

    def __init__(self, field: str, label: str, text: str, highlights: list[tuple[int, int]] | None = None,
                 parts: list[tuple[str, list[tuple[int, int]]]] | None = None):
        self.field, self.label, self.text = field, label, text
        self.highlights = [] if highlights is None else highlights
        self.parts = [] if parts is None else parts

    def as_dict(self) -> dict:
        """JSON-ready data: field, label, text, highlights, parts [{text, highlights}]."""
        return {"field": self.field, "label": self.label, "text": self.text,
                "highlights": [list(h) for h in self.highlights],
                "parts": [{"text": t, "highlights": [list(h) for h in spans]} for t, spans in self.parts]}


class Hit(_Record):
    """One role found: its id, title, department, score (higher is better: minus FTS5's bm25,
    summed as in Searcher.search) and the units that matched."""

    __slots__ = ("id", "title", "department", "department_id", "score", "matches")

    def __init__(self, id: str, title: str, department: str, department_id: str, score: float,
                 matches: list[Match] | None = None):
        self.id, self.title, self.department, self.department_id = id, title, department, department_id
        self.score = score
        self.matches = [] if matches is None else matches

    def as_dict(self) -> dict:
        """JSON-ready data: id, title, department, score (4 decimals), matches."""
        return {"id": self.id, "title": self.title, "department": self.department,
                "score": round(self.score, 4), "matches": [m.as_dict() for m in self.matches]}


def hits_as_json(hits: list[Hit]) -> str:
    """The hits as a JSON array (for callers of the library; the CLI prints the envelope)."""
    return json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2)


class NoUsableIndex(RoledocsError):
    """The knowledge base has errors, so no index can be built, and there is no earlier one to search."""

    exit_code = EXIT_PROBLEMS


class QueryPlan(namedtuple("QueryPlan", "typed words related names all_common highlight")):
    """A query as FTS5 expressions; every word is quoted, so none is FTS5 syntax.

    words:   the typed words, except common ones          → roles_fts (BM25, column weights)
    names:   the typed words + pinyin / initials clauses   → names_fts (title and aliases)
    related: synonym-group keys and parts of long words   → roles_fts, weighted RELATED_WEIGHT
    all_common: the typed words when every one is common  → roles_fts, unranked fill
    highlight: the words to mark in snippets
    """

    __slots__ = ()


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class Searcher:
    """An open index plus the analyzer it was built with; reuse it for many queries."""

    def __init__(self, index: Path | str | sqlite3.Connection, *, warning: str | None = None):
        """``index``: an index file, or a connection to an index (``index.index_in_memory``).
        ``warning``: what the caller should tell the user about this index (Chinese), if anything."""
        from .lexicon import LexiconMissing, QueryAnalyzer

        if isinstance(index, sqlite3.Connection):
            self.path, self.con = None, index
        else:
            self.path = Path(index)
            self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.warning = warning
        try:  # the query is analysed from the index's own tables: no dictionary to load
            self.analyzer = QueryAnalyzer(self.con)
        except (LexiconMissing, sqlite3.Error, UnicodeDecodeError) as exc:
            raise IndexUnusable("搜索索引已损坏或来自其他版本的 roledocs，请运行 roledocs index --force 重建。") from exc
        self._titles: list[tuple[str, str]] | None = None

    def close(self) -> None:
        """Close the index connection."""
        self.con.close()

    # ── the query ──
    def _common(self, words: list[str]) -> set[str]:
        """Words found in many of the roles (see index.COMMON_SHARE)."""
        if not words:
            return set()
        rows = self.con.execute(
            f"SELECT term FROM common_terms WHERE term IN ({','.join('?' * len(words))})", words)
        return {term for (term,) in rows}

    def _pinyin_of(self, word: str) -> str:
        chars = [c for c in word if text.is_cjk(c)]
        if not chars or len(chars) != len(word):
            return ""
        rows = dict(self.con.execute(
            f"SELECT char, pinyin FROM char_pinyin WHERE char IN ({','.join('?' * len(chars))})", chars))
        syllables = [rows.get(c, "") for c in chars]
        return "".join(syllables) if all(syllables) else ""

    def plan(self, query: str) -> QueryPlan:
        """Turn what the user typed into quoted FTS5 expressions (see QueryPlan)."""
        query = query[:MAX_QUERY_CHARS]
        groups = self.analyzer.query_groups(query)[:MAX_QUERY_TERMS]
        typed = list(dict.fromkeys(g[0] for g in groups))
        related: list[str] = []
        for word in typed:
            related += self.analyzer.synonym_keys(word)
            if len(word) >= 3:
                related += self.analyzer.parts(word)
        related = [w for w in dict.fromkeys(related) if w not in typed][:MAX_QUERY_TERMS]
        common = self._common(typed + related)
        names = [_quote(w) for w in typed]
        if text.is_pinyin_query(query, self.analyzer.normalize):
            letters = re.sub(r"[\s']+", "", self.analyzer.normalize(query))
            if len(letters) >= 2:
                names.append(f"pinyin : {_quote(letters)}*")
        else:
            sounds = {self._pinyin_of(w) for w in typed if len(w) >= 2}
            sounds.add(self._pinyin_of("".join(typed)))
            names += [f"pinyin : {_quote(s)}" for s in sorted(sounds) if s]
        highlight = list(dict.fromkeys([w for g in groups for w in g] + [w for w in related if not w.startswith("_")]))
        return QueryPlan(
            typed=typed,
            words=" OR ".join(_quote(w) for w in typed if w not in common),
            related=" OR ".join(_quote(w) for w in related if w not in common),
            names=" OR ".join(names),
            all_common=" OR ".join(_quote(w) for w in typed if w in common) if all(w in common for w in typed) else "",
            highlight=highlight,
        )

    # ── the search ──
    def _ranked(self, table: str, weights: tuple[float, ...], match: str, department: str | None,
                k: int) -> list[tuple[int, float]]:
        """(role rowid, score) for the k best roles of one table, score higher is better."""
        if not match:
            return []
        score = f"bm25({table}, {', '.join(map(str, weights))})" if weights else "0.0"
        sql = f"SELECT rowid, {score} AS s FROM {table} WHERE {table} MATCH ?"
        args: list = [match]
        if department:
            sql += " AND rowid IN (SELECT rowid FROM roles WHERE department_id = ? OR department = ?)"
            args += [department, department]
        sql += " ORDER BY s LIMIT ?" if weights else " LIMIT ?"
        args.append(k)
        try:
            return [(rowid, -s) for rowid, s in self.con.execute(sql, args)]
        except sqlite3.OperationalError:  # cannot happen (every word is quoted); never show it to the user
            return []

    def search(self, query: str, limit: int = 10, department: str | None = None) -> list[Hit]:
        """Up to `limit` roles for `query`, best first, optionally in one department (id or name);
        IndexDamaged when the file turns out to be damaged."""
        with self._damage_check():
            return self._search(query, limit, department)

    def _search(self, query: str, limit: int, department: str | None) -> list[Hit]:
        plan = self.plan(query or "")
        limit = int(limit)
        if not (plan.words or plan.related or plan.names or plan.all_common) or limit <= 0:
            return []
        k = max(limit * 3, 30)
        scores: dict[int, float] = {}

        def add(rows, weight):
            for rowid, score in rows:
                scores[rowid] = scores.get(rowid, 0.0) + weight * score

        # FTS5's bm25 multiplies term frequencies by the column weights *before* saturating
        # them, so in roles_fts a word repeated in a long role can outweigh a title; names_fts,
        # added on top, keeps "title and aliases ≫ the rest" true.  Related terms (synonyms,
        # parts of long words) count, but less than the words the user typed.
        add(self._ranked("roles_fts", COLUMN_WEIGHTS, plan.words, department, k), 1.0)
        add(self._ranked("names_fts", (1.0, 1.0), plan.names, department, k), TITLE_WEIGHT)
        add(self._ranked("roles_fts", COLUMN_WEIGHTS, plan.related, department, k), RELATED_WEIGHT)
        add(self._ranked("names_fts", (1.0, 1.0), plan.related, department, k), RELATED_WEIGHT * TITLE_WEIGHT)
        if len(scores) < limit and plan.all_common:
            # every word is in most roles: BM25 cannot tell them apart, and scoring every
            # row would be slow; after the title matches, list roles that contain the words
            add(self._ranked("roles_fts", (), plan.all_common, department, limit), 0.0)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        either = " OR ".join(f"({m})" for m in (plan.names, plan.related) if m)
        hits = []
        for rowid, score in ranked:
            row = self.con.execute(
                "SELECT id, title, department, department_id, first_unit, last_unit FROM roles WHERE rowid = ?",
                (rowid,)).fetchone()
            if row is None:  # a padding row (see index.MIN_RANKING_ROWS): cannot match, but be safe
                continue
            rid, title, dept, dept_id, first, last = row
            hit = Hit(rid, title, dept, dept_id, score)
            hit.matches = self._matches(either, plan.highlight, set(plan.typed), first, last, title)
            hits.append(hit)
        return hits

    def _matches(self, match: str, words: list[str], typed: set[str], first: int, last: int,
                 title: str) -> list[Match]:
        """The role's units that match, best first.  Ranked here rather than with bm25():
        bm25 needs each word's document count over the whole table, which costs more
        than the search itself when a word is common."""
        rows = self.con.execute(
            "SELECT u.rowid, u.field, u.label, u.text FROM units_fts JOIN units u ON u.rowid = units_fts.rowid "
            "WHERE units_fts MATCH ? AND units_fts.rowid BETWEEN ? AND ?", (match, first, last)).fetchall()
        scored = []
        for rowid, field_, label, original in rows:
            # only orders the units: lower() is enough (normalize() per unit costs more than the search)
            lowered = original.lower()
            found = {w for w in words if w in lowered}
            # the title first when it is what the user typed (or its pinyin), not for a part or synonym
            title_hit = field_ == "title" and (found & typed or not found)
            score = 2 * len(found & typed) + len(found - typed) + (3 if title_hit else 0)
            scored.append((-score, FIELD_ORDER.get(field_, 99), rowid, field_, label, original))
        out = []
        for *_, field_, label, original in sorted(scored)[:UNITS_PER_HIT]:
            spans = text.highlight_spans(original, words, self.analyzer.to_simplified)
            parts = _parts(original, spans, label, words, typed)
            head, _, rest = original.partition("\n")
            if rest and label and label.endswith(head) and spans and spans[-1][0] > len(head):
                # the label is shown anyway: show the text under it
                cut = len(head) + 1
                original = rest
                spans = [(max(a - cut, 0), b - cut) for a, b in spans if b > cut]
            if field_ == "title" and not spans:  # matched by pinyin: the title is what matched
                spans = [(0, len(title))] if original.startswith(title) else []
            snippet, shifted = _snippet(original, spans)
            out.append(Match(field_, label or field_labels().get(field_, field_), snippet, shifted, parts))
        return out

    def departments(self) -> list[tuple[str, str]]:
        """(id, name) of the departments that have roles in the index."""
        with self._damage_check():
            return [tuple(r) for r in self.con.execute(
                "SELECT DISTINCT department_id, department FROM roles ORDER BY department_id")]

    @contextlib.contextmanager
    def _damage_check(self):
        """SQLite errors while reading mean a damaged file (every query is quoted): IndexDamaged."""
        try:
            yield
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise IndexDamaged(self.path) from exc

    # ── no hit ──
    def near_terms(self, query: str, n: int = 5) -> list[str]:
        """Words of the index that are close to the query's (synonyms, look-alikes): what to
        try instead when nothing was found."""
        with self._damage_check():
            words = [w for w in self.analyzer.query_tokens(query[:MAX_QUERY_CHARS]) if text.has_cjk(w)]
            if not words:
                return []
            self.con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.indexed_words "
                             "USING fts5vocab(main, roles_fts, 'row')")
            vocabulary = {t: doc for t, doc in self.con.execute("SELECT term, doc FROM temp.indexed_words")
                          if len(t) >= 2 and text.is_cjk(t[0])}
            return _near_words(words, vocabulary, self.analyzer.synonym_groups, n)

    def suggestions(self, query: str, n: int = 5) -> list[str]:
        """Titles and aliases that look or sound like the query (for "did you mean")."""
        with self._damage_check():
            return self._suggestions(query, n)

    def _suggestions(self, query: str, n: int) -> list[str]:
        if self._titles is None:
            self._titles = []
            for title, aliases in self.con.execute("SELECT title, aliases FROM roles"):
                self._titles.append((title, title))
                self._titles.extend((str(a), title) for a in json.loads(aliases or "[]"))
        q = self.analyzer.normalize(query[:MAX_QUERY_CHARS]).strip()
        if not q:
            return []
        by_name = {self.analyzer.normalize(name): title for name, title in self._titles}
        import difflib

        close = difflib.get_close_matches(q, list(by_name), n=n, cutoff=0.5)
        return list(dict.fromkeys(by_name[c] for c in close))


def _near_words(words: list[str], vocabulary: dict[str, int], synonym_groups, n: int) -> list[str]:
    """Indexed words close to the typed ones: their synonyms first, then words that look alike
    (same first character first, then the words found in more roles)."""
    import difflib

    near = [w for word in words for group in synonym_groups if word in group for w in group
            if w != word and w in vocabulary]
    matcher = difflib.SequenceMatcher()
    for word in words:
        matcher.set_seq2(word)
        scored = []
        for term, roles in vocabulary.items():
            matcher.set_seq1(term)
            if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5 and matcher.ratio() >= 0.5:
                scored.append((-matcher.ratio(), term[0] != word[0], -roles, term))
        near += [term for *_, term in sorted(scored)[:n]]
    return [w for w in dict.fromkeys(near) if w not in words][:n]


def confidential_fields(words: list[str], vocab, synonym_groups=()) -> list[str]:
    """Labels of the confidential role fields (薪酬待遇 …) that the query's words name: those
    fields are never in the public index, so a search for them finds nothing. Only the schema's
    labels are compared, never the knowledge base's text: the answer reveals no content."""
    words = {w for w in words if len(w) >= 2}
    words |= {w for word in list(words) for group in synonym_groups if word in group for w in group}
    words.discard("")
    fields = vocab.fields("role")
    public = [text.normalize(f.label) for f in fields.values() if not f.confidential]
    labels = []
    for path, field_ in fields.items():
        label = text.normalize(field_.label)
        top = path.split(".")[0]
        # a part's label counts when it says something by itself (工资组成), not 备注 or 概述
        if not field_.confidential or len(label) < (2 if top == path else 4):
            continue
        if any((w in label or label in w) and not any(w in p for p in public) for w in words):
            labels.append(fields[top].label)
    return list(dict.fromkeys(labels))


def _snippet(original: str, spans: list[tuple[int, int]],
             chars: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """At most ``chars`` of ``original`` around the first highlight, on one line."""
    flat = original.replace("\n", "；")
    if len(flat) <= chars:
        return flat, spans
    start = max(0, spans[0][0] - chars // 4) if spans else 0
    end = min(len(flat), start + chars)
    start = max(0, end - chars)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    kept = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans if b > start and a < end]
    return prefix + flat[start:end] + suffix, kept


def _parts(original: str, spans: list[tuple[int, int]], label: str, words: list[str],
           typed: set[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The lines of a unit worth reading under its label, in the unit's order: those where most
    of the typed words are (a KPI's definition before an alias that only shares a synonym), each
    once (a duty's description and its first task are often the same sentence), never the label
    itself; when only the label matched, the first other line says what it is."""
    lines, offset = [], 0
    for line in original.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    seen = {label.strip()}
    found, other = [], []
    for order, (start, line) in enumerate(lines):
        key = line.strip()
        if not key or key in seen:
            continue
        seen.add(key)
        mine = [(a - start, b - start) for a, b in spans if a >= start and b <= start + len(line)]
        if mine:
            present = {w for w in words if w in line.lower()}
            found.append((-(2 * len(present & typed) + len(present - typed)), order, line, mine))
        else:
            other.append((0, order, line, mine))
    # lines that are nothing but a matched name (a KPI's other names) make one part: 甲、乙、丙
    names = [row for row in found if sum(b - a for a, b in row[3]) == len(row[2])]
    if len(names) > 1:
        joined, spans_ = "", []
        for *_, line, mine in names:
            joined += "、" if joined else ""
            spans_ += [(a + len(joined), b + len(joined)) for a, b in mine]
            joined += line
        found = [row for row in found if row not in names] + [(min(names)[0], names[0][1], joined, spans_)]
    chosen = sorted(sorted(found)[:PARTS_PER_MATCH] or other[:1], key=lambda row: row[1])
    return [_snippet(line, mine, PART_CHARS) for _, _, line, mine in chosen]


_SEARCHERS: dict[Path, Searcher] = {}


def search(root_or_index: Path | str, query: str, limit: int = 10, department: str | None = None) -> list[Hit]:
    """Ranked roles for ``query``.  ``root_or_index`` is a project folder (the index is
    built or refreshed as needed: each call checks the files, ~1 ms for 17 roles, ~50 ms
    for 10,000; a damaged index is rebuilt once) or an index file from ``build_index``.
    For many queries keep a ``Searcher(index_path)``."""
    engine = searcher(root_or_index)
    try:
        return engine.search(query, limit=limit, department=department)
    except IndexDamaged:
        if Path(root_or_index).is_file():
            raise
        return searcher(root_or_index, rebuild=True).search(query, limit=limit, department=department)


def searcher(root_or_index: Path | str, *, rebuild: bool = False) -> Searcher:
    """A cached Searcher for a project folder (index refreshed) or an index file.

    For a project folder: ``rebuild`` rebuilds the index (after IndexDamaged); an index
    that cannot be opened is rebuilt once; an index that cannot be written (full disk,
    read-only checkout) is built in memory, and the Searcher's ``warning`` says so.
    Raises InvalidKnowledgeBase when a rebuild is needed but the knowledge base has errors.
    """
    target = Path(root_or_index)
    unusable = False  # an index file that cannot be read at all (damaged, not ours): said when rebuilt
    if target.is_file():
        path, rebuilt = target, False
    else:
        index = default_index_path(target)
        unusable = index.is_file() and not read_meta(index)
        try:
            path, rebuilt = ensure_index(target, force=rebuild)
        except IndexNotWritable as exc:
            from .index import index_in_memory

            return Searcher(index_in_memory(exc.kb), warning=(
                f"{exc}：本次在内存中建立了索引，搜索结果不受影响，但每次搜索都要重新建立，会慢一些。"
                "请检查磁盘空间和文件夹的写入权限。"))
    key = path.resolve()
    cached = _SEARCHERS.pop(key, None)
    if cached is not None and not (rebuilt or rebuild):
        cached.warning = None  # said once, when it happened
        _SEARCHERS[key] = cached
        return cached
    if cached is not None:
        cached.close()
    try:
        engine = Searcher(path)
    except IndexUnusable:
        if target.is_file() or rebuild:
            raise
        return searcher(target, rebuild=True)
    if rebuild or (rebuilt and unusable):
        engine.warning = "搜索索引无法使用（文件已损坏或来自其他版本），已重新建立。"
    _SEARCHERS[key] = engine
    return engine


class SearchResult(_Record):
    """What a search of a project answers: ranked hits, titles that look alike when there is
    none, warnings to pass on (an old index was used, the index was rebuilt …), indexed words
    close to the query's (near_terms) and confidential fields the query names."""

    __slots__ = ("query", "department", "hits", "suggestions", "warnings", "near_terms", "confidential")

    def __init__(self, query: str, department: str | None, hits: list[Hit], suggestions: list[str] | None = None,
                 warnings: list[str] | None = None, near_terms: list[str] | None = None,
                 confidential: list[str] | None = None):
        self.query, self.department, self.hits = query, department, hits
        self.suggestions = [] if suggestions is None else suggestions
        self.warnings = [] if warnings is None else warnings
        self.near_terms = [] if near_terms is None else near_terms
        self.confidential = [] if confidential is None else confidential

    def as_dict(self) -> dict:
        """JSON-ready data: query, department, hits, suggestions, warnings, near_terms, confidential."""
        return {"query": self.query, "department": self.department, "hits": [h.as_dict() for h in self.hits],
                "suggestions": self.suggestions, "warnings": self.warnings,
                "near_terms": self.near_terms, "confidential": self.confidential}


def open_searcher(root: Path | str, *, rebuild: bool = False) -> Searcher:
    """The project's Searcher, under the stale-index policy: when the knowledge base has errors,
    the last index built from a valid one is searched, and the Searcher's ``warning`` says so;
    without such an index, NoUsableIndex (exit 1). ``rebuild``: after IndexDamaged."""
    from ..kb import InvalidKnowledgeBase

    try:
        return searcher(root, rebuild=rebuild)
    except InvalidKnowledgeBase:
        path = default_index_path(root)
        if rebuild or not path.is_file():
            problem = "搜索索引已损坏，而知识库有错误，无法重建" if rebuild else "知识库有错误，无法建立搜索索引"
            raise NoUsableIndex(f"{problem}。请运行 roledocs validate 查看并修正，再运行 roledocs index --force。") from None
    try:
        engine = searcher(path)
    except IndexUnusable as exc:
        raise NoUsableIndex(str(exc)) from exc
    engine.warning = "知识库有错误，搜索使用的是上次成功建立的索引。请运行 roledocs validate 查看。"
    return engine


def search_project(root: Path | str, query: str, *, limit: int = 10, department: str | None = None) -> SearchResult:
    """Ranked roles of the project at ``root`` for a query typed by a person; ``department``
    (an id or a name) keeps one department. An empty query or an unknown department is a
    UsageError (exit 2); a damaged index is rebuilt once and asked again."""
    if not query.strip():
        raise UsageError("搜索词是空的。请输入要找的岗位、职责或指标，例如 roledocs search 客户投诉。")
    engine = open_searcher(root)
    warnings = [engine.warning] if engine.warning else []
    try:
        hits = _search_in(engine, query, limit, department)
    except IndexDamaged:  # found while reading: rebuild once and ask again
        engine = open_searcher(root, rebuild=True)
        warnings += [engine.warning] if engine.warning else []
        hits = _search_in(engine, query, limit, department)
    if hits:
        return SearchResult(query, department, hits, [], warnings)
    from ..vocabulary import project_vocabulary

    groups = engine.analyzer.synonym_groups
    return SearchResult(query, department, hits, engine.suggestions(query), warnings,
                        near_terms=engine.near_terms(query),
                        confidential=confidential_fields(engine.analyzer.query_tokens(query[:MAX_QUERY_CHARS]),
                                                         project_vocabulary(root), groups))


def _search_in(engine: Searcher, query: str, limit: int, department: str | None) -> list[Hit]:
    if department:
        known = engine.departments()
        if not any(department in pair for pair in known):
            names = "、".join(f"{name}（{did}）" for did, name in known)
            raise UsageError(f"没有部门“{department}”。可以用部门编号或名称：{names}。")
    return engine.search(query, limit=limit, department=department)
