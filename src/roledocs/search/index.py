"""The search index: SQLite FTS5 (standard library) over the public model.

Three full-text tables, all contentless (the original text lives in plain tables):

- ``roles_fts``: one row per role, columns ``names`` (title + aliases), ``kpis``
  (KPI names), ``headings`` (duty titles), ``duties`` and ``body`` (the rest).
  Ranking uses BM25 with column weights ``COLUMN_WEIGHTS``.
- ``names_fts``: one row per role, ``names`` and ``pinyin`` (full pinyin and
  initials of title and aliases).  Small, so cheap to rank: it keeps "title and
  aliases ≫ the rest" true and carries the pinyin matches.
- ``units_fts``: one row per searchable unit (the title, the summary, each duty,
  each KPI, the qualifications …) so a hit can say *which* duty matched.  A
  role's units have consecutive rowids, so looking them up is a rowid range.

The index is a cache: ``ensure_index(root)`` rebuilds it when the tokenizer
version or the hand-kept dictionary data changed, and when the knowledge base changed it
updates the roles that changed in place (``refresh_index``: the same rows a full build
writes), or rebuilds it when roles were added, removed or reordered or the words of the
segmentation dictionary (titles, glossary …) changed.  The
knowledge-base check first compares file sizes and mtimes (cheap) and only
then hashes the files' bytes.  A damaged file (``index_damaged``) is rebuilt like
a stale one; when no file can be written (``IndexNotWritable``: a full disk, a
read-only checkout) the index can live in memory (``index_in_memory``).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from array import array
from collections import namedtuple
from pathlib import Path

from ..errors import EnvironmentProblem, RoledocsError
from . import text
from .lexicon import LEXICON_TABLES, LexiconMissing, QueryAnalyzer, write_lexicon

SCHEMA_VERSION = "12"  # 12: units numbered per role, each role's analysis key (updates in place)
INDEX_PATH = Path(".roledocs-cache") / "index.sqlite"
FTS_COLUMNS = ("names", "kpis", "headings", "duties", "body")
# title and aliases ≫ KPI names ≈ duty titles > duty text > the rest.  Small numbers on
# purpose: FTS5 multiplies term frequencies by these before BM25 saturates them, so big
# weights saturate every column alike (search.py adds the names_fts score on top).
COLUMN_WEIGHTS = (2.0, 1.0, 1.0, 0.4, 0.2)
# a word in more than this share of the roles is "common": it weighs little in BM25 but
# makes an OR query score nearly every row, so search ranks it on names_fts only
COMMON_SHARE = 0.25
# unicode61 splits on what text._WORD does not match, so our tokens stay whole; "_" is
# made a token character only for the padding token "__", which no query can produce
_FTS_OPTIONS = "content='', tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""
_PAD_TOKEN = "__"
# BM25's IDF is log((N - n + 0.5) / (n + 0.5)): with 17 roles a word found in half of them
# weighs nothing and a rare synonym outweighs the word typed.  Small knowledge bases are
# padded with empty-looking rows of average length up to this many rows, which flattens
# IDF (smoothing) without changing length normalisation.  Padding rows have no role.
MIN_RANKING_ROWS = 200
# A role's units are rowids row × UNIT_STRIDE + 1, + 2 …: more than one file can hold
# (kb.load.MAX_NODES), so a role's units never depend on another role's and an edit can
# replace them in place with the same rowids a full build gives.
UNIT_STRIDE = 1 << 20

# search field → the role schema field it shows (its label comes from the schema)
_SCHEMA_FIELDS = {
    "title": "title", "summary": "summary", "duty": "duties", "kpi": "kpis",
    "qualifications": "qualifications", "authorities": "authorities", "relationships": "relationships",
    "cases": "cases", "conditions": "conditions", "tags": "tags",
    "compensation": "compensation", "review_notes": "review_notes",
}
# labels of the fields the role schema has no field for (they come from _departments.yaml)
FIELD_LABELS = {"function": "部门职能", "department": "部门职责"}


def field_labels(vocab=None) -> dict[str, str]:
    """Search field → its Chinese label, from the schema titles of `vocab` (default: the shipped schemas)."""
    from ..vocabulary import vocabulary

    vocab = vocab or vocabulary()
    return {**{key: vocab.label("role", path) for key, path in _SCHEMA_FIELDS.items()}, **FIELD_LABELS}


class IndexUnusable(RoledocsError):
    """An index file that is not a (current) roledocs index."""


class IndexDamaged(IndexUnusable):
    """The index file is corrupt (random bytes, a truncated copy …): rebuild it."""

    def __init__(self, path=None):
        where = f" {path}" if path else ""
        super().__init__(f"搜索索引{where}已损坏，请运行 roledocs index --force 重建。")


class IndexNotWritable(EnvironmentProblem):
    """The index cannot be written (full disk, read-only checkout); ``kb`` is the model that was
    to be indexed, so a caller can index it in memory instead."""

    def __init__(self, path: Path, reason: str, kb=None):
        self.path, self.reason, self.kb = path, reason, kb
        super().__init__(f"无法写入搜索索引 {path}（{reason}）")


class Unit(namedtuple("Unit", "field label text")):
    """One indexed piece of a role (its title, a duty, a KPI …): the field (a key of field_labels()),
    its label ("客户关系维护" for a duty, the KPI name for a KPI …) and the original text (for snippets).
    Named tuples, not dataclasses, here: importing dataclasses costs a cold search ~15 ms."""

    __slots__ = ()


# ── what gets indexed ─────────────────────────────────────────────────────────

def _flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _flatten(v)]
    return [str(value)]


def role_units(role, kb) -> list[Unit]:
    """The searchable units of a role (a kb.model.Role), in display order; the first is always
    the title. Confidential parts are indexed when the model holds them (internal only)."""
    labels = field_labels(kb.vocabulary)
    units = [Unit("title", labels["title"], "、".join([role.title, *role.aliases]))]
    if role.summary:
        units.append(Unit("summary", labels["summary"], role.summary))
    for duty in role.duties:
        parts = [duty.title, duty.description, *duty.tasks, *duty.coordination, *duty.deliverables]
        units.append(Unit("duty", duty.title, "\n".join(p for p in parts if p)))
    for rk in role.kpis:
        # what the KPI is comes before its other names: snippets show the first lines that match
        parts = [rk.name, rk.kpi.definition, rk.kpi.formula, *rk.kpi.aliases, rk.note]
        units.append(Unit("kpi", rk.name, "\n".join(p for p in parts if p)))
    units += org_units(role, kb)
    groups = {"qualifications": [line for _, lines in role.qualifications.entries() for line in lines],
              "authorities": list(role.authorities),
              "relationships": [line for _, lines in role.relationships.entries() for line in lines],
              "conditions": [line for _, lines in role.conditions.entries() for line in lines],
              "tags": list(role.tags),
              "compensation": [line for _, lines in role.compensation.entries() for line in lines]
              if role.compensation is not None else [],
              "review_notes": list(role.review_notes)}
    for key, lines in groups.items():
        if lines:
            units.append(Unit(key, labels[key], "\n".join(lines)))
    for case in role.cases:
        lines = [case.title, *(line for _, part in case.entries() for line in part)]
        units.append(Unit("cases", case.title or labels["cases"], "\n".join(x for x in lines if x)))
    for key, lines in role.extra.items():  # a company's own fields, under their schema titles
        units.append(Unit("extra", kb.vocabulary.label("role", key), "\n".join(lines)))
    return units


def org_units(role, kb) -> list[Unit]:
    """What the departments' function decomposition (职能分解) assigns to the role, and,
    for the department head, the department's own summary: the org design says who is
    accountable, which the role's own text may say less loudly."""
    dept = role.department
    units = []
    if dept is not None and dept.head is role and dept.summary:
        units.append(Unit("department", f"{dept.name}负责人", dept.summary))
    for assignment in kb.functions_of(role):
        lines = [assignment.name, assignment.description, *assignment.duties]
        units.append(Unit("function", "／".join(assignment.path), "\n".join(x for x in lines if x)))
    return units


def _columns(role, units: list[Unit], unit_tokens: list[list[str]], analyzer: text.Analyzer) -> tuple[str, ...]:
    """The roles_fts columns, from the units' tokens (each text is tokenized once)."""
    def tok(value: str) -> list[str]:
        return analyzer.index_tokens(value, synonyms=True)

    names = " ".join(unit_tokens[0])
    kpis = " ".join(" ".join(tok(" ".join([rk.name, *rk.kpi.aliases]))) for rk in role.kpis)
    headings = " ".join(" ".join(tok(u.label)) for u in units if u.field == "duty")
    duty_like = ("duty", "function", "department")
    duties = " ".join(" ".join(t) for u, t in zip(units, unit_tokens) if u.field in duty_like)
    body = [" ".join(t) for u, t in zip(units[1:], unit_tokens[1:]) if u.field not in duty_like]
    body.append(" ".join(tok(f"{role.department.name if role.department else ''} {role.category}")))
    return names, kpis, headings, duties, " ".join(body)


class _Analyses:
    """Each role's tokens, columns and pinyin, kept in the parse cache (roledocs.kb.cache) by what
    they are made from: an edit re-analyses only the roles it changed (analysis is about half of
    building the index). The key holds the role's units and named fields, the analyzer's dictionary,
    the data hash and the source of this package: an entry is never stale."""

    def __init__(self, analyzer: text.Analyzer):
        from ..kb.cache import parse_cache

        self.analyzer = analyzer
        self.store = parse_cache()
        source = hashlib.sha256(f"{data_hash()}\0{analyzer.dictionary_hash()}\0".encode())
        for path in sorted(Path(__file__).parent.glob("*.py")):
            source.update(path.read_bytes())
        self.base = source.digest()

    def key(self, role, units: list[Unit]) -> bytes:
        """What the role's analysis is made of, hashed (with the analyzer, data and code)."""
        made_of = repr(([tuple(u) for u in units], role.title, [str(a) for a in role.aliases],
                        [(rk.name, list(rk.kpi.aliases)) for rk in role.kpis],
                        role.department.name if role.department else "", role.category))
        return hashlib.sha256(self.base + made_of.encode()).digest()

    def of(self, role, units: list[Unit], key: bytes | None = None) -> tuple[list[list[str]], tuple[str, ...], str]:
        """(tokens of each unit, the roles_fts columns, the pinyin of title and aliases)."""
        key = key or self.key(role, units)
        kept = self.store.get(key)
        if kept is not None:
            unit_tokens, columns, pinyin = kept
            return unit_tokens, tuple(columns), pinyin
        unit_tokens = [self.analyzer.index_tokens(u.text, synonyms=True) for u in units]
        pinyin = " ".join(k for name in [role.title, *map(str, role.aliases)] for k in text.pinyin_keys(name))
        columns = _columns(role, units, unit_tokens, self.analyzer)
        self.store.put(key, (unit_tokens, columns, pinyin))
        return unit_tokens, columns, pinyin

    def keep(self) -> None:
        self.store.flush()


# ── change detection ──────────────────────────────────────────────────────────

def _kb_files(root: Path) -> tuple[Path, list[str]]:
    """The knowledge base's YAML files (as load.iter_knowledge_base_files finds them: folders
    named _* or .* skipped), as sorted strings from os.scandir: for 10,000 files, Path
    objects and a stat per file would cost more than the search."""
    from ..kb.layout import YAML_SUFFIXES, find_roles_dir

    roles_dir = find_roles_dir(root)
    files: list[str] = []

    def walk(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.is_dir():
                if not entry.name.startswith((".", "_")):
                    walk(entry.path)
            elif entry.name.endswith(YAML_SUFFIXES) and entry.is_file():
                files.append(entry.path)

    walk(str(roles_dir))
    files.sort()
    return roles_dir, files


def _stat_signature(roles_dir: Path, files: list[str]) -> str:
    """Names, sizes, mtimes and ctimes (and inodes) of the files.  The ctime is set by the
    system on every write and cannot be set back (os.utime sets it to now), so an edit that
    keeps size and mtime still changes the signature; a copy or checkout changes it too, and
    then the content hash decides.  Numbers go into arrays, hashed once: at 10,000 files the
    stat calls are most of a cold search's check."""
    skip = len(str(roles_dir)) + 1
    times, inodes = array("q"), array("Q")
    for path in files:
        st = os.stat(path)
        times.extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        inodes.append(st.st_ino)
    h = hashlib.sha256("\0".join(path[skip:] for path in files).encode())
    h.update(times.tobytes())
    h.update(inodes.tobytes())
    return h.hexdigest()


def content_hash(roles_dir: Path, files: list[str]) -> str:
    """Hash of the knowledge base's file names and bytes."""
    h = hashlib.sha256()
    skip = len(str(roles_dir)) + 1
    for path in files:
        h.update(path[skip:].encode() + b"\0")
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def data_hash() -> str:
    """What, besides the knowledge base, decides the tokens: schema, tokenizer, hand-kept data."""
    return f"{SCHEMA_VERSION}.{text.TOKENIZER_VERSION}.{text.dictionary_hash()}"


def default_index_path(root: Path | str) -> Path:
    """<project>/.roledocs-cache/index.sqlite for a project (or its roles/ folder)."""
    from ..kb.layout import find_roles_dir

    return find_roles_dir(Path(root)).parent / INDEX_PATH


# ── building ──────────────────────────────────────────────────────────────────

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE roles(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, aliases TEXT,
                   department_id TEXT, department TEXT, first_unit INTEGER, last_unit INTEGER,
                   analysis BLOB, made_of TEXT);
CREATE TABLE units(rowid INTEGER PRIMARY KEY, role INTEGER, field TEXT, label TEXT, text TEXT);
CREATE TABLE char_pinyin(char TEXT PRIMARY KEY, pinyin TEXT) WITHOUT ROWID;
CREATE TABLE common_terms(term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE roles_fts USING fts5({", ".join(FTS_COLUMNS)}, {_FTS_OPTIONS});
CREATE VIRTUAL TABLE names_fts USING fts5(names, pinyin, {_FTS_OPTIONS});
CREATE VIRTUAL TABLE units_fts USING fts5(text, pinyin, {_FTS_OPTIONS});
"""


def _char_pinyin_rows():
    """Every character pypinyin knows, with its first reading: lets a query be turned into
    pinyin (homophone typos: 销售总鉴 → xiaoshouzongjian) without importing pypinyin."""
    from pypinyin.pinyin_dict import pinyin_dict

    for code, readings in pinyin_dict.items():
        ch = chr(code)
        if text.is_cjk(ch):
            reading = text.char_pinyin(ch)
            if reading:
                yield ch, reading


_INSERT_ROLE = (f"INSERT INTO roles_fts(rowid, {', '.join(FTS_COLUMNS)}) "
                f"VALUES ({','.join('?' * (len(FTS_COLUMNS) + 1))})")
_DELETE_ROLE = (f"INSERT INTO roles_fts(roles_fts, rowid, {', '.join(FTS_COLUMNS)}) "
                f"VALUES ('delete', {','.join('?' * (len(FTS_COLUMNS) + 1))})")
_INSERT_NAMES = "INSERT INTO names_fts(rowid, names, pinyin) VALUES (?,?,?)"
_DELETE_NAMES = "INSERT INTO names_fts(names_fts, rowid, names, pinyin) VALUES ('delete', ?, ?, ?)"


def _row_key(role, analysis_key: bytes) -> str:
    """What a role's rows are made of: its analysis and the plain fields of the roles table."""
    dept = role.department
    plain = repr((role.id, role.title, [str(a) for a in role.aliases], dept.id if dept else "", dept.name if dept else ""))
    return hashlib.sha256(analysis_key + plain.encode()).hexdigest()


def _lengths(analysis) -> list[int]:
    """Tokens in each roles_fts column, then in names_fts's two, of one role's analysis."""
    _, columns, pinyin = analysis
    return [len(c.split()) for c in (*columns, columns[0], pinyin)]


def _insert_role(con: sqlite3.Connection, row: int, role, units: list[Unit], analysis, key: bytes) -> None:
    unit_tokens, columns, pinyin = analysis
    first = row * UNIT_STRIDE + 1
    for unit_id, (unit, tokens) in enumerate(zip(units, unit_tokens), start=first):
        con.execute("INSERT INTO units VALUES (?,?,?,?,?)", (unit_id, row, unit.field, unit.label, unit.text))
        con.execute("INSERT INTO units_fts(rowid, text, pinyin) VALUES (?,?,?)",
                    (unit_id, " ".join(tokens), pinyin if unit.field == "title" else ""))
    dept = role.department
    con.execute("INSERT INTO roles VALUES (?,?,?,?,?,?,?,?,?,?)", (
        row, role.id, role.title, json.dumps(list(map(str, role.aliases)), ensure_ascii=False),
        dept.id if dept else "", dept.name if dept else "", first, first + len(units) - 1, key, _row_key(role, key)))
    con.execute(_INSERT_ROLE, (row, *columns))
    con.execute(_INSERT_NAMES, (row, columns[0], pinyin))


class _Stale(Exception):
    """The index cannot be updated in place (an old analysis is no longer in the cache …)."""


def _delete_role(con: sqlite3.Connection, row: int, analysis) -> None:
    """Delete a role's rows; ``analysis``: what they were inserted with (contentless FTS5 tables
    delete a row only when given its values)."""
    unit_tokens, columns, pinyin = analysis
    units = con.execute("SELECT u.rowid, u.field FROM roles r JOIN units u ON u.rowid BETWEEN r.first_unit AND r.last_unit "
                        "WHERE r.rowid = ? ORDER BY u.rowid", (row,)).fetchall()
    if len(units) != len(unit_tokens):
        raise _Stale
    for (unit_id, field_), tokens in zip(units, unit_tokens):
        con.execute("INSERT INTO units_fts(units_fts, rowid, text, pinyin) VALUES ('delete', ?, ?, ?)",
                    (unit_id, " ".join(tokens), pinyin if field_ == "title" else ""))
    con.execute(_DELETE_ROLE, (row, *columns))
    con.execute(_DELETE_NAMES, (row, columns[0], pinyin))
    con.execute("DELETE FROM units WHERE rowid BETWEEN ? AND ?", (units[0][0], units[-1][0]))
    con.execute("DELETE FROM roles WHERE rowid = ?", (row,))


def _padding(lengths: list[int], n_roles: int) -> list[str]:
    """The padding rows' values (see MIN_RANKING_ROWS) for the roles' token counts per column
    (`_lengths`, summed): "__" repeated as often as a role's column has tokens on average."""
    if not 0 < n_roles < MIN_RANKING_ROWS:
        return []
    return [" ".join([_PAD_TOKEN] * round(n / n_roles)) for n in lengths]


def _pad(con: sqlite3.Connection, pad: list[str], n_roles: int, delete: bool = False) -> None:
    """Insert (or delete) the padding rows, rowids after the roles' up to MIN_RANKING_ROWS."""
    if not pad:
        return
    rowids = range(n_roles + 1, MIN_RANKING_ROWS + 1)
    if delete:
        con.executemany(_DELETE_ROLE, ((r, *pad[:len(FTS_COLUMNS)]) for r in rowids))
        con.executemany(_DELETE_NAMES, ((r, *pad[-2:]) for r in rowids))
    else:
        con.executemany(_INSERT_ROLE, ((r, *pad[:len(FTS_COLUMNS)]) for r in rowids))
        con.executemany(_INSERT_NAMES, ((r, *pad[-2:]) for r in rowids))


def _common_terms(con: sqlite3.Connection) -> None:
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.role_terms USING fts5vocab(main, roles_fts, 'row')")
    total = con.execute("SELECT count(*) FROM roles_fts_docsize").fetchone()[0]
    con.execute("DELETE FROM common_terms")
    con.execute("INSERT INTO common_terms SELECT term FROM temp.role_terms WHERE doc > ?", (total * COMMON_SHARE,))


def _fill(con: sqlite3.Connection, kb, kb_hash: str, stat_signature: str) -> None:
    """Create the index's tables in ``con`` and fill them from ``kb``."""
    terms, groups = text.kb_vocabulary(kb)
    analyzer = text.Analyzer(terms, groups)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    analyses = _Analyses(analyzer)
    lengths = [0] * (len(FTS_COLUMNS) + 2)
    for row, role in enumerate(kb.roles.values(), start=1):
        units = role_units(role, kb)
        key = analyses.key(role, units)
        analysis = analyses.of(role, units, key)
        _insert_role(con, row, role, units, analysis, key)
        lengths = [a + b for a, b in zip(lengths, _lengths(analysis))]
    _pad(con, _padding(lengths, len(kb.roles)), len(kb.roles))
    _common_terms(con)
    con.executemany("INSERT OR IGNORE INTO char_pinyin VALUES (?,?)", _char_pinyin_rows())
    meta = {
        "data_hash": data_hash(), "kb_hash": kb_hash, "stat_signature": stat_signature,
        "dictionary_hash": analyzer.dictionary_hash(),
        "analyzer_state": json.dumps(analyzer.state(), ensure_ascii=False),
        "column_tokens": json.dumps(lengths),  # for the padding rows of an update in place
    }
    con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    analyses.keep()
    write_lexicon(con, analyzer)
    con.execute("INSERT INTO roles_fts(roles_fts) VALUES ('optimize')")
    con.execute("INSERT INTO names_fts(names_fts) VALUES ('optimize')")
    con.execute("INSERT INTO units_fts(units_fts) VALUES ('optimize')")


def refresh_index(kb, path: Path | str, *, kb_hash: str = "", stat_signature: str = "") -> int | None:
    """Bring the index at ``path`` up to date with ``kb`` in place: the roles whose rows would
    differ are deleted (with their old analysis, from the parse cache) and written again, in one
    transaction (a reader sees the old index or the new one), then the padding rows and common
    terms. Returns how many roles were rewritten, or None when only a full build can do it:
    roles added, removed or reordered, another segmentation dictionary (a new title, alias or
    glossary term changes every role's tokens), or an old analysis no longer in the cache."""
    con = sqlite3.connect(path)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
        terms, groups = text.kb_vocabulary(kb)
        analyzer = text.Analyzer(terms, groups)
        if meta.get("data_hash") != data_hash() or meta.get("dictionary_hash") != analyzer.dictionary_hash():
            return None
        rows = con.execute("SELECT rowid, id, analysis, made_of FROM roles ORDER BY rowid").fetchall()
        if [rid for _, rid, _, _ in rows] != list(kb.roles):
            return None
        analyses = _Analyses(analyzer)
        changed = []
        for (row, _, old_key, made_of), role in zip(rows, kb.roles.values()):
            units = role_units(role, kb)
            key = analyses.key(role, units)
            if _row_key(role, key) != made_of:
                old = analyses.store.get(old_key)
                if old is None:
                    return None
                changed.append((row, role, units, key, old))
        lengths = json.loads(meta["column_tokens"])
        with con:
            if changed:
                _pad(con, _padding(lengths, len(rows)), len(rows), delete=True)
                for row, role, units, key, old in changed:
                    _delete_role(con, row, old)
                    analysis = analyses.of(role, units, key)
                    _insert_role(con, row, role, units, analysis, key)
                    lengths = [n - a + b for n, a, b in zip(lengths, _lengths(old), _lengths(analysis))]
                _pad(con, _padding(lengths, len(rows)), len(rows))
                _common_terms(con)
            con.executemany("UPDATE meta SET value = ? WHERE key = ?", (
                (kb_hash, "kb_hash"), (stat_signature, "stat_signature"), (json.dumps(lengths), "column_tokens")))
        analyses.keep()
        return len(changed)
    except (sqlite3.Error, KeyError, TypeError, ValueError, _Stale):
        return None  # an index that cannot be updated is built anew (the transaction was rolled back)
    finally:
        con.close()


def build_index(kb, path: Path | str, *, kb_hash: str = "", stat_signature: str = "") -> Path:
    """Write the index of ``kb`` (use the public model) to ``path``, atomically."""
    from ..fileio import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:  # a reader never sees half an index
        con = sqlite3.connect(tmp)
        try:
            _fill(con, kb, kb_hash, stat_signature)
            con.commit()
        finally:
            con.close()
    return path


def index_in_memory(kb) -> sqlite3.Connection:
    """The index of ``kb`` in memory: for a checkout where no index file can be written."""
    con = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(con, kb, "", "")
    con.commit()
    return con


def read_meta(path: Path | str) -> dict[str, str]:
    """The index's meta table; {} when the file is missing or not an index."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta"))
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return {}


def ensure_index(root: Path | str, path: Path | str | None = None, *, force: bool = False) -> tuple[Path, bool]:
    """An up-to-date index for the knowledge base at ``root``: (path, rebuilt?).

    Raises ``InvalidKnowledgeBase`` when a rebuild is needed but
    the knowledge base has errors.
    """
    roles_dir, files = _kb_files(Path(root))
    path = Path(path) if path else roles_dir.parent / INDEX_PATH
    meta = {} if force else read_meta(path)
    signature = _stat_signature(roles_dir, files)
    if meta and meta.get("data_hash") == data_hash():
        if meta.get("stat_signature") == signature:
            return path, False
        kb_hash = content_hash(roles_dir, files)
        if meta.get("kb_hash") == kb_hash:  # touched, not changed: remember the new stat
            try:
                con = sqlite3.connect(path)
                with con:
                    con.execute("UPDATE meta SET value=? WHERE key='stat_signature'", (signature,))
                con.close()
            except sqlite3.Error:
                pass  # read-only checkout: the content check will run again next time, that is all
            return path, False
    else:
        kb_hash = content_hash(roles_dir, files)
    from ..kb import open_knowledge_base

    kb = open_knowledge_base(roles_dir, audience="public")  # raises InvalidKnowledgeBase
    if meta and meta.get("data_hash") == data_hash() and os.access(path, os.W_OK):
        if refresh_index(kb, path, kb_hash=kb_hash, stat_signature=signature) is not None:
            return path, True
    try:
        build_index(kb, path, kb_hash=kb_hash, stat_signature=signature)
    except (OSError, sqlite3.OperationalError) as exc:  # full disk, read-only checkout
        raise IndexNotWritable(path, _write_failure(exc), kb) from exc
    return path, True


class IndexStatus(namedtuple("IndexStatus", "path rebuilt damaged roles units size dictionary_hash")):
    """What `roledocs index` reports about the project's index after bringing it up to date:
    path; rebuilt (built anew in this call); damaged (found damaged, and so rebuilt); roles;
    units (searchable units: a duty, a KPI … see role_units); size in bytes; dictionary_hash
    (the segmentation dictionary the index was built with)."""

    __slots__ = ()

    def as_dict(self) -> dict:
        """JSON-ready data (the path as text)."""
        return {"path": str(self.path), "rebuilt": self.rebuilt, "damaged": self.damaged, "roles": self.roles,
                "units": self.units, "size": self.size, "dictionary_hash": self.dictionary_hash}


def update_index(root: Path | str, *, force: bool = False) -> IndexStatus:
    """The project's index checked page by page (a damaged one is rebuilt) and brought up to
    date (``force``: rebuilt anyway), with its statistics. Raises InvalidKnowledgeBase when a
    rebuild is needed but the knowledge base has errors, EnvironmentProblem when it cannot be written."""
    damaged = not force and index_damaged(default_index_path(root))
    try:
        path, rebuilt = ensure_index(root, force=force or damaged)
    except IndexNotWritable as exc:
        raise EnvironmentProblem(f"{exc}。请检查磁盘空间和文件夹的写入权限；"
                                 "在只读的目录中 roledocs search 仍然可用（在内存中建立索引）。") from exc
    roles, units = index_statistics(path)
    return IndexStatus(path, rebuilt, damaged, roles, units, path.stat().st_size,
                       read_meta(path).get("dictionary_hash", ""))


def index_statistics(path: Path | str) -> tuple[int, int]:
    """(roles, searchable units) in an index file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (con.execute("SELECT count(*) FROM roles").fetchone()[0],
                con.execute("SELECT count(*) FROM units").fetchone()[0])
    finally:
        con.close()


def _write_failure(exc: Exception) -> str:
    """Why the index could not be written, in Chinese (SQLite says it in English)."""
    if isinstance(exc, OSError):
        from ..oserrors import reason
        return reason(exc)
    message = str(exc).lower()
    for words, meaning in (("full", "磁盘空间不足"), ("readonly", "文件系统是只读的或没有写入权限"),
                           ("unable to open", "无法创建文件：文件夹是只读的或没有写入权限"),
                           ("i/o", "磁盘读写错误")):
        if words in message:
            return meaning
    return "SQLite 写入失败"


def index_damaged(path: Path | str) -> bool:
    """True when ``path`` exists but cannot be read whole (random bytes written into it, a
    truncated copy …): SQLite's page check, then every row and every FTS5 posting read back.
    For `roledocs index` and `build`; a search that meets damage rebuilds then (search.searcher)."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return True
            for table in ("meta", "roles", "units", "char_pinyin", "common_terms", *LEXICON_TABLES):
                con.execute(f"SELECT * FROM {table}").fetchall()
            for table in ("roles_fts", "names_fts", "units_fts"):
                con.execute(f"CREATE VIRTUAL TABLE temp.{table}_check USING fts5vocab(main, {table}, 'instance')")
                con.execute(f"SELECT count(*) FROM temp.{table}_check").fetchall()
            analyzer_from_index(con)
            QueryAnalyzer(con)
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError, IndexUnusable, LexiconMissing):
        return True
    return False


def analyzer_from_index(con: sqlite3.Connection) -> text.Analyzer:
    """The Analyzer the index was built with (same dictionary, same synonyms: same tokens)."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'analyzer_state'").fetchone()
        return text.Analyzer.from_state(json.loads(row[0]))
    except (sqlite3.Error, TypeError, ValueError, KeyError) as exc:
        raise IndexUnusable("搜索索引已损坏或来自其他版本的 roledocs，请运行 roledocs index --force 重建。") from exc
