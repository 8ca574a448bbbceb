"""The site's search: `roledocs search` in the browser, its index cut into small files fetched on demand.

Material's own search sends the whole ``search_index.json`` to a lunr worker before the first
result (30 MB at 1,000 roles) and cuts Chinese queries its own way. The site instead searches
the same index as the CLI (``roledocs.search.index``: the same tokens, columns and BM25 weights)
with the same query analysis (``roledocs.search.lexicon.QueryAnalyzer``: jieba's cut over the
stored dictionary, synonyms, Traditional → Simplified, pinyin and initials), ported to
JavaScript in ``search_worker.js``; the worker speaks Material's worker protocol, so results
stay in Material's search dialog (markup, keyboard, ``?q=`` deep links, highlighting).

``write_search_files(site_dir, kb, material_index)`` writes, under ``search/roledocs/``:

- ``meta.json``: what every query needs (the analyzer's small tables: synonyms, stop words,
  Traditional phrases, the HMM's start and transition; BM25 constants; file counts);
- ``c/<n>.json``: per character (by hash): the dictionary words starting with it, its HMM
  emissions, its Simplified form, its pinyin, the parts of user words starting with it;
- ``t/<n>.json``: per term (by hash): its postings, each already a BM25 contribution
  (FTS5's bm25: idf × saturated column-weighted frequency with length normalisation), for
  ``roles_fts`` (r), ``names_fts`` (n), the pinyin column (p) and the other pages (g);
  common terms (c) keep only the first rows, as the CLI ranks them by title alone;
- ``py/<letter>.json``: the pinyin column's words with raw counts, for prefix queries (xszj*);
- ``r/<row>.json``: a role's title, page and units (what the snippets are cut from);
- ``g/<n>.json``: the other pages (KPI library, glossary, departments …) and their sections.

A query fetches meta once, then a few small files: the characters it contains, the terms it
asks for and the roles it shows (benchmarks/site.py measures the bytes).
``search/search_index.json`` keeps Material's config (the page's highlighter reads its
separator) and no documents.
"""
from __future__ import annotations

import html
import json
import math
import re
import shutil
from collections import defaultdict
from pathlib import Path

from ..kb.model import KnowledgeBase
from ..search import text
from ..search.index import COLUMN_WEIGHTS, analyzer_from_index, field_labels, index_in_memory
from . import urls

FOLDER = "search/roledocs"
FORMAT = 1
K1, B = 1.2, 0.75  # FTS5's bm25 constants (fts5_aux.c)
SHARD_BYTES = 24_000  # a term file's target size: a query fetches a handful
CHAR_SHARDS = 1024  # the dictionary (349,000 words, ~7 MB as JSON) in files of ~7 KB
COMMON_ROWS = 100  # a common term's rows kept for the unranked fill (the CLI asks for ≤ limit)
PAGES_PER_FILE = 64
PAGE_TEXT_CHARS = 240  # what a non-role page's result shows
OTHER_PAGE_WEIGHTS = (2.0, 0.2)  # title : text, for the pages that are not roles
_TAG = re.compile(r"<[^>]+>")


def _heading_key(title: str) -> str:
    """A heading as a unit's label says it: normalized, without its number (6. 客户投诉管理)."""
    return text.normalize(re.sub(r"^\s*\d+[.、．]\s*", "", title))


def term_hash(value: str) -> int:
    """A string's hash, the same in search_worker.js (h = h × 31 + code point, 32 bits)."""
    h = 0
    for ch in value:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def plain(value: str) -> str:
    """Material's title/text: markup and U+200B removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).replace("\u200b", "").split())


def _idf(rows: int, hits: int) -> float:
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0 else 1e-6


def _bm25(postings: dict[str, dict[int, float]], lengths: dict[int, int], rows: int,
          avgdl: float) -> dict[str, list[float]]:
    """term → [row, contribution, …] (rows ascending): FTS5's bm25 of the one-token phrase,
    summed over the query's phrases by the worker as FTS5 sums them."""
    out = {}
    for term, freq in postings.items():
        idf = _idf(rows, len(freq))
        flat: list[float] = []
        for row in sorted(freq):
            w = freq[row]
            norm = K1 * (1 - B + B * lengths[row] / avgdl)
            flat += [row, round(idf * w * (K1 + 1) / (w + norm), 5)]
        out[term] = flat
    return out


def _fts_postings(con, table: str, weights: tuple[float, ...], column: int | None = None):
    """(term → {row: Σ weight × count}, row → tokens in the row, number of rows, average tokens)."""
    con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_i USING fts5vocab(main, {table}, 'instance')")
    cols = {name: i for i, (_, name, *_) in enumerate(con.execute(f"PRAGMA table_info({table})"))}
    freq: dict[str, dict[int, float]] = defaultdict(dict)
    lengths: dict[int, int] = defaultdict(int)
    for term, row, col in con.execute(f"SELECT term, doc, col FROM temp.{table}_i"):
        lengths[row] += 1
        c = cols[col]
        if column is not None and c != column:
            continue
        f = freq[term]
        f[row] = f.get(row, 0.0) + weights[c]
    rows = con.execute(f"SELECT count(*) FROM {table}_docsize").fetchone()[0]
    return freq, lengths, rows, (sum(lengths.values()) / rows if rows else 1.0)


def _dump(path: Path, value) -> int:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    return len(data.encode())


def _shard_count(sizes: list[int], target: int) -> int:
    n = 1
    while n < 4096 and sum(sizes) / n > target:
        n *= 2
    return n


def write_search_files(site_dir: Path | str, kb: KnowledgeBase, material_index: dict,
                       role_anchors: dict[str, dict[str, str]] | None = None,
                       use_directory_urls: bool = True) -> dict:
    """Write the search files for ``kb`` (the model the site shows) into ``site_dir``; returns
    what was written (files, bytes) for the build log and the benchmarks. ``material_index``:
    Material's search_index.json (the other pages); ``role_anchors``: role page url → heading →
    url#anchor (the sections a result links to)."""
    site_dir = Path(site_dir)
    out = site_dir / FOLDER
    if out.exists():
        shutil.rmtree(out)
    for sub in ("c", "t", "py", "r", "g"):
        (out / sub).mkdir(parents=True)
    con = index_in_memory(kb)
    try:
        return _write(out, con, kb, material_index, role_anchors or {}, use_directory_urls)
    finally:
        con.close()


def _write(out: Path, con, kb: KnowledgeBase, material_index: dict, role_anchors: dict,
           use_directory_urls: bool) -> dict:
    analysis = json.loads(con.execute("SELECT value FROM meta WHERE key = 'analyzer'").fetchone()[0])
    analyzer = analyzer_from_index(con)  # the other pages are tokenized as the roles were

    def tokens_of(value: str) -> list[str]:
        return analyzer.index_tokens(value, synonyms=True) if value else []

    written = {"files": 0, "bytes": 0}

    def dump(path: Path, value) -> None:
        written["files"] += 1
        written["bytes"] += _dump(path, value)

    # ── characters: dictionary words, HMM, Simplified, pinyin, parts ──
    chars: list[dict] = [{} for _ in range(CHAR_SHARDS)]

    def put(kind: str, key: str, value) -> None:
        chars[term_hash(key[0]) % CHAR_SHARDS].setdefault(kind, {})[key] = value

    for word, freq in con.execute("SELECT word, freq FROM lexicon_words"):
        put("w", word, freq)
    for char, *probs in con.execute("SELECT char, b, e, m, s FROM lexicon_hmm"):
        put("h", char, probs)
    for source, target in con.execute("SELECT source, target FROM lexicon_t2s"):
        put("s", source, target)
    for char, reading in con.execute("SELECT char, pinyin FROM char_pinyin"):
        put("y", char, reading)
    for word, parts in con.execute("SELECT word, parts FROM lexicon_parts"):
        put("x", word, parts)
    for n, shard in enumerate(chars):
        dump(out / "c" / f"{n}.json", shard)

    # ── terms: BM25 contributions per table ──
    roles = {row: (rid, title, dept_id, dept, first, last) for row, rid, title, dept_id, dept, first, last in
             con.execute("SELECT rowid, id, title, department_id, department, first_unit, last_unit FROM roles")}
    common = {term for (term,) in con.execute("SELECT term FROM common_terms")}
    r_freq, r_len, r_rows, r_avg = _fts_postings(con, "roles_fts", COLUMN_WEIGHTS)
    n_freq, n_len, n_rows, n_avg = _fts_postings(con, "names_fts", (1.0, 1.0))
    p_freq, _, _, _ = _fts_postings(con, "names_fts", (1.0, 1.0), column=1)
    terms: dict[str, dict] = defaultdict(dict)
    for term, flat in _bm25({t: f for t, f in r_freq.items() if t not in common}, r_len, r_rows, r_avg).items():
        terms[term]["r"] = flat
    for term in common & r_freq.keys():
        terms[term]["c"] = sorted(r_freq[term])[:COMMON_ROWS]
    for term, flat in _bm25(n_freq, n_len, n_rows, n_avg).items():
        terms[term]["n"] = flat
    for term, flat in _bm25(p_freq, n_len, n_rows, n_avg).items():
        terms[term]["p"] = flat
    terms.pop("__", None)  # the padding rows' token (search.index.MIN_RANKING_ROWS)

    # ── the other pages: Material's documents that are not role pages ──
    role_url = {row: urls.page_url(urls.role_uri(rid), use_directory_urls) for row, (rid, *_) in roles.items()}
    role_paths = {url: row for row, url in role_url.items()}
    sections: dict[int, dict[str, str]] = defaultdict(dict)
    labels = field_labels(kb.vocabulary)
    for url, anchors in role_anchors.items():
        if url in role_paths:
            found = sections[role_paths[url]]
            for title, location in anchors.items():
                found.setdefault(_heading_key(html.unescape(title)), location)
            for field, label in labels.items():  # a unit without a heading of its own: its part of the page
                key = next((k for k in found if k.endswith(text.normalize(label))), None)
                if key is not None:
                    found[f"field:{field}"] = found[key]
    pages: list[list[str]] = []  # [location, title, text, title of the section's page]
    page_titles: dict[str, str] = {}
    g_freq: dict[str, dict[int, float]] = defaultdict(dict)
    g_len: dict[int, int] = {}
    for doc in material_index.get("docs", []):
        location = doc.get("location", "")
        path, _, anchor = location.partition("#")
        title = plain(doc.get("title", ""))
        if path in role_paths:  # when Material indexed role pages too (the plugin excludes them)
            if anchor and title:
                sections[role_paths[path]].setdefault(_heading_key(title), location)
            continue
        body = plain(doc.get("text", ""))
        if not anchor:
            page_titles[path] = title
        n = len(pages)
        pages.append([location, title, body[:PAGE_TEXT_CHARS], page_titles.get(path, "")])
        tokens = [(t, OTHER_PAGE_WEIGHTS[0]) for t in tokens_of(title)] + \
                 [(t, OTHER_PAGE_WEIGHTS[1]) for t in tokens_of(body)]
        g_len[n] = len(tokens)
        for token, weight in tokens:
            g_freq[token][n] = g_freq[token].get(n, 0.0) + weight
    if pages:
        for term, flat in _bm25(g_freq, g_len, len(pages), sum(g_len.values()) / len(pages) or 1.0).items():
            terms[term]["g"] = flat
    for n in range(0, len(pages), PAGES_PER_FILE):
        dump(out / "g" / f"{n // PAGES_PER_FILE}.json", pages[n:n + PAGES_PER_FILE])

    encoded = {term: json.dumps(entry, separators=(",", ":")) for term, entry in terms.items()}
    term_shards = _shard_count([len(t.encode()) * 2 + len(e) for t, e in encoded.items()], SHARD_BYTES)
    shards: list[dict] = [{} for _ in range(term_shards)]
    for term, entry in terms.items():
        shards[term_hash(term) % term_shards][term] = entry
    for n, shard in enumerate(shards):
        dump(out / "t" / f"{n}.json", shard)

    # ── pinyin words, for prefix queries (xszj*, xiaoshou*) ──
    by_letter: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, freq in p_freq.items():
        if term[:1].isascii() and term[:1].isalpha():
            by_letter[term[0]][term] = [x for row in sorted(freq) for x in (row, int(freq[row]))]
    for letter, entries in by_letter.items():
        dump(out / "py" / f"{letter}.json", entries)

    # ── roles: what a result shows ──
    units = defaultdict(list)
    for role_row, field, label, unit_text in con.execute("SELECT role, field, label, text FROM units ORDER BY rowid"):
        units[role_row].append([field, label, unit_text])
    for row, (rid, title, dept_id, dept, _, _) in roles.items():
        dump(out / "r" / f"{row}.json", {
            "id": rid, "title": title, "department": dept, "location": role_url[row],
            "units": units[row], "sections": sections.get(row, {})})

    meta = {
        "format": FORMAT, "roles": len(roles), "term_shards": term_shards, "char_shards": CHAR_SHARDS,
        "pages": len(pages), "pages_per_file": PAGES_PER_FILE, "pinyin": sorted(by_letter),
        "names": {"rows": n_rows, "avgdl": n_avg, "lengths": [n_len.get(r, 0) for r in range(1, n_rows + 1)]},
        "analyzer": {key: analysis[key] for key in
                     ("total", "max_word", "hmm_start", "hmm_trans", "t2s_phrases", "synonyms", "stopwords")},
        "field_labels": labels,
    }
    dump(out / "meta.json", meta)
    return written


def lean_material_index(index: dict) -> dict:
    """Material's search_index.json without its documents: the page still reads the config
    (the highlighter's separator); the worker reads search/roledocs/."""
    return {"config": index.get("config", {}), "docs": []}


def install_search(site_dir: Path | str, kb: KnowledgeBase, role_anchors: dict[str, dict[str, str]] | None = None,
                   use_directory_urls: bool = True) -> dict | None:
    """Replace Material's search in a built site: write the search files, make
    search_index.json lean and put search_worker.js at the worker's URL (the page reads that
    URL from its __config; no template changes). None when the site has no Material search."""
    site_dir = Path(site_dir)
    index_path = site_dir / "search" / "search_index.json"
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not index_path.is_file() or not workers:
        return None
    material_index = json.loads(index_path.read_text(encoding="utf-8"))
    written = write_search_files(site_dir, kb, material_index, role_anchors, use_directory_urls)
    _dump(index_path, lean_material_index(material_index))
    for stale in workers[0].parent.glob("material-search.*"):  # left by an older roledocs
        stale.unlink()
    source = Path(__file__).with_name("search_worker.js").read_text(encoding="utf-8")
    workers[0].write_text(source, encoding="utf-8")
    for extra in workers[0].parent.glob(workers[0].name + ".map"):
        extra.unlink()  # Material's source map would describe a different file
    return written
