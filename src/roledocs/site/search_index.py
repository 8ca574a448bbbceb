"""A better search index for the site: Material's search_index.json, re-tokenized with roledocs.search.text.

How Material 9.8 searches in the browser (templates/assets/javascripts/workers/search*.js):

1. Every field listed in ``config.fields`` is split on ``config.separator`` (ours contains
   U+200B and white space) and lower-cased; each piece is an index term. Nothing else
   (no stemming, no stop words for zh).
2. A query's runs of Han characters are segmented *greedily against the terms already in
   the index*: at each position, the longest substring that is an index term wins, but the
   substring never includes the query's last character, and when the first character starts
   no term at all the whole run is kept as one piece. See ``material_query_terms``.
3. Every piece gets a trailing wildcard (``销售代*``): a term matches any index term it is
   a prefix of. Pieces are OR-ed; lunr scores BM25 (no length normalisation) × field boost,
   and Material multiplies by (1 + boost²), boost = 1 for a page (not a section) + the share
   of query pieces matched.

Material's own index holds jieba precise-mode words of the visible text only: 投诉 inside
客户投诉处理 is not a term, Traditional characters and pinyin match nothing, and a 4-character
title such as 销售代表 is searched as 销售* (the segmenter cannot see the last character).

What we change (the visible ``title``/``text`` stay as they are, for the result list; the
fields below are indexed instead of them, via ``config.fields``):

- ``words``: search-mode tokens of the section (roledocs.search.text: HR dictionary, the parts of
  compounds), their synonyms (回款 → 收款, 催款 …) and the Traditional forms of both;
- ``names2`` … ``names7`` (role pages): the title and aliases as whole words, their synonyms,
  full pinyin and initials (xszj), the pinyin of the title's words, the English title, and
  Traditional forms. A query piece is a prefix, so 销售总* matches 销售总监 and 销售总监助理
  alike: a name goes into the field of its length, and shorter names weigh more. Names are
  stored with a mark (销售总监_) so their weight does not depend on how often the word
  occurs in other pages (idf);
- ``headings``: the tokens of a section's heading (a duty, a KPI, a process step);
- ``duties`` (role pages): the duty titles and KPI names, so the page itself is found for
  what the role does, not only one of its sections;
- ``functions`` and ``remit`` (role pages): what `roledocs search` adds to a role from the org
  design (``roledocs.search.index.org_units``, the same units): in ``functions`` the department
  functions and function items that name the role in _departments.yaml (weighed as the CLI
  weighs duty text against duty titles, 0.4 : 1 there, 4 : 10 here); in ``remit``, for a
  department's head only, the department's summary, as strong as a heading (20): the head
  is the one accountable for what the department does. Measured: the CLI ranks 客服主管
  before 销售内勤 for 客户投诉 mostly through BM25's length normalisation, which Material turns
  off (``b(0)``); in the browser 销售内勤's own duty and KPI titles say 客户投诉 more often, the
  function items (shared by both roles) do not separate them, and only the head's remit at
  heading weight does (15 does not; 40 costs MRR elsewhere);
- ``prefixes`` (boost ≈ 0): every leading part of every term (销售代 for 销售代表), the
  unmarked names, the question words (谁负责 …) and the first character of every term. They
  add no score; they make the browser's greedy segmenter keep the query's words whole and
  carry on past words it does not know, instead of dropping the rest of the query. (The
  price: a two-character query is searched by its first character, 回款 as 回*.)

Measured with the labelled queries of tests/relevance_queries.yaml in Chromium
(benchmarks/site_search.py): see README.md for the numbers.
"""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from ..search import text
from ..search.index import org_units
from ..kb.model import KnowledgeBase
from . import urls

# A query piece is a prefix (销售总*, 业务*): it matches a longer name as well as the exact
# one. Names are therefore split by length, and a shorter name weighs more (240 / length).
NAME_FIELDS = {f"names{n}": {"boost": round(240 / n, 1)} for n in range(2, 8)}
FIELDS = {
    **NAME_FIELDS,
    "headings": {"boost": 20.0},
    "duties": {"boost": 10.0},
    "functions": {"boost": 4.0},
    "remit": {"boost": 20.0},  # as strong as a heading: see the module docstring
    "words": {"boost": 1.0},
    "tags": {"boost": 10.0},
    "prefixes": {"boost": 1e-6},  # lunr treats 0 as "unset" (→ 1): use a negligible weight
}
ROLE_PAGE_BOOST = 1.5  # among equally good matches, the role page (what people look for) first
OTHER_PAGE_BOOST = 0.5  # KPI catalogue, glossary, processes, help: found, but after the roles
NAME_MARK = "_"  # not a separator character: 销售总监_ stays one term
MAX_TF = 3  # a word repeated 20 times in a long section should not drown a title
SINGLE_CHARACTER_TERMS = True  # see "prefixes" above
_TAG = re.compile(r"<[^>]+>")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def plain(value: str) -> str:
    """Material's title/text: markup and U+200B removed, entities decoded."""
    return html.unescape(_TAG.sub(" ", value or "")).replace("\u200b", "")


@functools.lru_cache(maxsize=None)
def _converters():
    import opencc
    return [text.to_traditional] + [opencc.OpenCC(name).convert for name in ("s2tw", "s2hk")]


@functools.lru_cache(maxsize=200_000)
def traditional_forms(word: str) -> tuple[str, ...]:
    """Traditional spellings of a Simplified word that roledocs.search.text.normalize maps back to it.

    (roledocs.search.text only converts Traditional → Simplified; the browser cannot, so the
    index carries both spellings.)
    """
    if not _HAN.search(word):
        return ()
    forms = {convert(word) for convert in _converters()} - {word}
    return tuple(sorted(f for f in forms if text.normalize(f) == word))


def _capped(tokens: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    out = []
    for token in tokens:
        n = counts[token] = counts.get(token, 0) + 1  # a plain dict: Counter's lookups cost more here
        if n <= MAX_TF:
            out.append(token)
    return out


@functools.lru_cache(maxsize=200_000)  # the same terms recur on every page
def leading_parts(term: str) -> tuple[str, ...]:
    """销售代表 → (销售, 销售代): what the browser's segmenter looks up before the last character."""
    if not _HAN.search(term) or len(term) < 3:
        return ()
    return tuple(term[:k] for k in range(2, len(term)))


def name_field(length: int) -> str:
    """The field a role name of this many characters goes into (see NAME_FIELDS); 0 is
    a section heading (职责、流程步骤、指标 …)."""
    return "headings" if length == 0 else f"names{min(max(length, 2), 7)}"


def role_names(role, analyzer) -> list[tuple[str, int]]:
    """What a person may type to mean this role, with the length of the Chinese name each
    term stands for: its title and aliases as whole words (not their parts: 销售总监助理 must
    not also be 销售总监), their synonyms, the English title, full pinyin and initials
    (xszj), and the pinyin of the title's short words (for "xiaoshou jingli")."""
    terms: dict[str, int] = {}

    def add(term: str, length: int) -> None:
        terms[term] = min(terms.get(term, 99), length)

    for name in [role.title, *map(str, role.aliases)]:
        for word in analyzer.query_tokens(name):  # the name (a dictionary word) and its synonyms
            add(word, len(word))
        for key in text.pinyin_keys(name):
            add(key, len(name))
    for word in analyzer.index_tokens(role.title):
        if word != text.normalize(role.title) and len(word) <= 3:
            for key in text.pinyin_keys(word)[:1]:  # full pinyin of 销售, 经理 …
                add(key, 7)  # weakest: these syllables are shared by many titles
    if role.title_en:
        for word in re.findall(r"[a-z0-9]+", role.title_en.lower()):
            add(word, 7)
    return list(terms.items())


class _Expander:
    """Index-time synonyms and Traditional spellings, computed once per distinct token."""

    def __init__(self, analyzer: text.Analyzer):
        self.analyzer = analyzer
        self._synonyms: dict[str, tuple[str, ...]] = {}
        self._expanded: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}

    def synonyms(self, token: str) -> tuple[str, ...]:
        if token not in self._synonyms:
            group = self.analyzer.query_groups(token)
            self._synonyms[token] = tuple(group[0][1:]) if len(group) == 1 and group[0][0] == token else ()
        return self._synonyms[token]

    def expand(self, tokens: list[str], synonyms: bool) -> list[str]:
        """Tokens, their synonyms (if asked) and the Traditional spellings of both. Single Han
        characters are left out: a query piece is a prefix anyway (回* still finds 回款), and a
        one-character term makes the browser cut a two-character query to its first character."""
        cache = self._expanded[synonyms]
        out: list[str] = []
        for token in tokens:
            words = cache.get(token)
            if words is None:  # a page repeats its words, pages share them: each is expanded once
                words = cache[token] = tuple(w for w, _ in self.expand_sized([(token, len(token))], synonyms))
            out.extend(words)
        return out

    def expand_sized(self, terms: list[tuple[str, int]], synonyms: bool) -> list[tuple[str, int]]:
        """`expand` for (term, name length) pairs; a term's variants keep its length."""
        out = []
        for token, length in terms:
            if len(token) == 1 and _HAN.match(token):
                continue
            for word in (token, *(self.synonyms(token) if synonyms else ())):
                size = length if word == token or length == 0 else len(word)
                out.append((word, size))
                out.extend((form, size) for form in traditional_forms(word))
        return out


def improve_search_index(index: dict, kb: KnowledgeBase, analyzer: text.Analyzer | None = None) -> dict:
    """Add the names/words/prefixes fields to every entry of Material's index (in place)."""
    analyzer = analyzer or text.analyzer_for(kb)
    expander = _Expander(analyzer)
    role_pages = {urls.page_url(urls.role_uri(rid)): role for rid, role in kb.roles.items()}
    roles_index = urls.page_url(urls.ROLES_INDEX)
    first_chars: set[str] = set()
    for doc in index["docs"]:
        path, _, anchor = doc["location"].partition("#")
        role = role_pages.get(path)
        if role is None:
            doc["boost"] = OTHER_PAGE_BOOST
        if role is not None and not anchor:
            names = expander.expand_sized(role_names(role, analyzer), synonyms=False)
            doc["boost"] = ROLE_PAGE_BOOST
            # what the role is about, on the page itself: a query for a duty or a KPI finds the
            # role page (×5 in Material's ranking), not only one of its sections (×2)
            about = [d.title for d in role.duties] + [k.name for k in role.kpis]
            duties = expander.expand([t for a in about for t in analyzer.index_tokens(a)], synonyms=True)
            doc["duties"] = " ".join(duties)
            # what the CLI adds from the org design (roledocs.search.index.org_units), split by kind
            org = org_units(role, kb)
            for field, kind in (("functions", "function"), ("remit", "department")):
                tokens = [t for u in org if u.field == kind for t in analyzer.index_tokens(u.text)]
                if tokens:
                    doc[field] = " ".join(expander.expand(tokens, synonyms=True))
        else:
            heading = analyzer.index_tokens(plain(doc.get("title", "")))
            names = expander.expand_sized([(t, 0) for t in heading], synonyms=True)  # 0: a heading
        words = expander.expand(_capped(analyzer.index_tokens(plain(doc.get("text", "")))), synonyms=True)
        # The browser's segmenter looks terms up by exact string: every leading part of every
        # term, and the names themselves (which are stored marked, see below), must be terms.
        name_terms = {n for n, _ in names} | {t for f in ("duties", "functions", "remit") for t in doc.get(f, "").split()}
        prefixes = {p for t in name_terms | set(words) for p in leading_parts(t)} | name_terms
        if path == roles_index and not anchor:
            # Question words (谁, 谁负责, 哪个岗位 …) must be terms too: the segmenter stops at the
            # first position where no term starts, and a query starting with an unknown word is
            # searched as one piece that matches nothing.
            prefixes |= {w for s in text.stopwords() for w in (s, *traditional_forms(s))}
        # Names are stored with a mark (销售总监_): a mark makes each name its own term, so its
        # weight does not depend on how often the word appears in other pages' text (idf);
        # the query 销售总* still matches it as a prefix.
        for field in [*NAME_FIELDS, "headings"]:
            doc.pop(field, None)
        for name, length in names:
            field = name_field(length)
            doc[field] = (doc[field] + " " if field in doc else "") + name + NAME_MARK
        doc["words"] = " ".join(words)
        doc["prefixes"] = " ".join(sorted(prefixes))
        first_chars.update(t[0] for t in prefixes if _HAN.match(t[0]))
    if SINGLE_CHARACTER_TERMS:
        for doc in index["docs"]:
            if doc["location"] == roles_index:
                doc["prefixes"] += " " + " ".join(sorted(first_chars))
    index["config"]["fields"] = {name: dict(spec) for name, spec in FIELDS.items()}
    return index


def improve_search_index_file(path: Path | str, kb: KnowledgeBase) -> None:
    """Rewrites Material's search_index.json at `path` with roledocs' search fields added."""
    path = Path(path)
    index = json.loads(path.read_text(encoding="utf-8"))
    improve_search_index(index, kb)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


MATERIAL_WORKER_PREFIX = "material-"  # the theme's worker, renamed: search.*.min.js is ours


def question_words() -> list[str]:
    """Words that ask rather than say what is sought (谁负责, 哪个岗位 …), in both scripts, and
    their leading parts: the browser may cut 谁负责 into 谁 + 负 (see material_segment)."""
    words = {w for s in text.stopwords() for w in (s, *traditional_forms(s))}
    return sorted({w[:k] for w in words for k in range(1, len(w) + 1)})


def install_search_worker(site_dir: Path | str) -> Path | None:
    """Put search_worker.js in front of Material's search worker, under the worker's own URL
    (the page reads that URL from its __config; no template changes). Returns the worker's
    path, None when the theme has no search worker."""
    workers = Path(site_dir) / "assets" / "javascripts" / "workers"
    found = sorted(workers.glob("search.*.min.js"))
    if not found:
        return None
    worker = found[0]
    material = worker.with_name(MATERIAL_WORKER_PREFIX + worker.name)
    if not material.exists():  # a rebuild into the same folder: keep the theme's original
        worker.replace(material)
    source = (Path(__file__).with_name("search_worker.js")).read_text(encoding="utf-8")
    source = (source.replace("/*QUESTION_WORDS*/[]", json.dumps(question_words(), ensure_ascii=False))
                    .replace('/*MATERIAL_WORKER*/""', json.dumps(material.name)))
    worker.write_text(source, encoding="utf-8")
    return worker


# ── what the browser does with a query (a port, for tests and for reasoning) ──
def material_segment(query: str, terms) -> list[str]:
    """Port of Material 9.8's ``segment`` (integrations/search/query/segment): the pieces a
    run of Han characters is cut into, given the index's terms."""
    n = len(query)
    wordcuts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):  # note: never up to n, so the last character is never looked up
            if query[i:j] in terms:
                wordcuts[i] = j - i
    segments: dict[str, None] = {}
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p:p + q]] = None
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < n and wordcuts[q] and q < n - 1:
            stack.append(q)
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def material_query_terms(query: str, terms, separator: str = r"[\s\u200b\-]+") -> list[str]:
    """The prefix terms the browser searches for (each gets a trailing wildcard)."""
    han = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
    segmented = han.sub(lambda m: " ".join(material_segment(m.group(0), terms)), query)
    return [t.lower() for t in re.split(separator, segmented.strip()) if t]


def index_terms(index: dict, separator: str | None = None) -> set[str]:
    """Every term the browser's index will hold for this search_index.json."""
    separator = separator or index["config"]["separator"]
    split = re.compile(separator)
    terms: set[str] = set()
    for doc in index["docs"]:
        for field in index["config"]["fields"]:
            value = doc.get(field)
            if isinstance(value, list):
                value = " ".join(map(str, value))
            if value:
                value = html.unescape(_TAG.sub(" ", value))
                terms.update(t.lower() for t in split.split(value) if t)
    return terms
