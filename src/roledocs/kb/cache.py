"""What reading and checking a file gave, kept by content, so that a command reads again only what changed.

Reading a YAML file with the position of every value and checking it against its schema is
most of what `roledocs validate` costs (≈2.5 s at 1,000 roles). Both results depend only on:
the file's bytes, its name and kind, the schemas, and roledocs' own code (the reader, the
checker, their messages) with the libraries it calls. The key of an entry is a hash of exactly
these, so an entry can never be stale: a changed byte, schema, or source file of roledocs gives
another key, and the old entry is simply not asked for again (and pruned: see `flush`).

The same key serves the working tree and git revisions (`roledocs diff`, `history`, the site's
recent changes): a file unchanged between two revisions is read once.

The cache is one SQLite file in the user's cache folder (`cache_folder()`: ~/.cache/roledocs/),
never in the project, so that no command writes anything the user did not ask for. It is only
ever an optimisation: a folder that cannot be written, a damaged or locked file, or
`ROLEDOCS_NO_CACHE=1` make every command read everything as before, with the same results.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sqlite3
import sys
import time
from pathlib import Path


CACHE_FILE = "parse.sqlite"
KEEP_DAYS = 30  # entries nobody asked for in this long are deleted
# bytes of new entries held in memory before they are written (1,000 roles read for lint: ~20 MB,
# written by validation while the comparison runs in another process, not before it starts)
_PENDING_LIMIT = 48 * 1024 * 1024
_LAYOUT = 2  # of the tables (PRAGMA user_version): a file of another layout is emptied

# The modules whose code decides what a file reads and checks as (values, positions, problems
# and their Chinese messages). Their source is part of every key: editing any of them (a new
# check, another message) invalidates the cache without anyone having to remember to.
_CODE = ("kb/load.py", "kb/schema.py", "kb/problems.py", "kb/cache.py", "vocabulary.py", "__init__.py")
_LIBRARIES = ("yaml", "jsonschema", "fastjsonschema")


def _today() -> int:
    return int(time.time() // 86400)


def _code_fingerprint() -> bytes:
    import yaml

    digest = hashlib.sha1(b"roledocs parse cache")
    digest.update(sys.version.encode())  # marshal's format and the C parser change with Python
    package = Path(__file__).resolve().parents[1]
    for name in _CODE:
        digest.update((package / name).read_bytes())
    digest.update(library_stamp(_LIBRARIES))
    digest.update(str(getattr(yaml, "__with_libyaml__", False)).encode())
    return digest.digest()


def library_stamp(names) -> bytes:
    """Where each library's code is, with its size and time: an upgrade rewrites the files (cheaper
    than reading package metadata, which costs 40 ms of imports)."""
    import importlib.util

    stamp = []
    for library in names:
        spec = importlib.util.find_spec(library)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        stat = origin.stat() if origin is not None else None
        stamp.append(f"{library}:{origin}:{stat and stat.st_size}:{stat and stat.st_mtime_ns};")
    return "".join(stamp).encode()


def _schemas_fingerprint(vocab) -> bytes:
    """Every schema the vocabulary can read (its own folder, then the shipped one)."""
    from ..vocabulary import packaged_schemas_dir, vocabulary

    schemas_dir = (vocab or vocabulary()).schemas_dir
    digest = hashlib.sha1()
    for folder in dict.fromkeys([Path(schemas_dir), packaged_schemas_dir()]):
        for path in sorted(folder.glob("*.schema.json")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        digest.update(b"\1")
    return digest.digest()


def blob_id(raw: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object`): a hash of the content that
    git already knows for every committed file, so a revision's files are found without reading them."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


class ParseCache:
    """Entries by key in one SQLite file; new entries are kept in memory until `flush`."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._failed = False
        self._pending: dict[bytes, bytes] = {}
        self._pending_bytes = 0
        self._fetched: dict[bytes, tuple[bytes, int]] = {}  # by prefetch: value, day last used
        self._absent: set[bytes] = set()  # asked by prefetch and not there: not asked again
        self._touched: list[bytes] = []
        self._code: bytes | None = None
        self._schemas: dict[str, bytes] = {}
        self._parents: set[bytes] = set()  # in a forked child: see for_child_process

    # ── keys ──

    def key(self, blob: str, name: str, kind: str, vocab) -> bytes | None:
        """The key of what reading the bytes whose git blob id is `blob` (see `blob_id`) as file `name`
        of `kind` gives with `vocab`'s schemas; None when the cache cannot be used."""
        base = self._base(vocab)
        if base is None:
            return None
        return hashlib.sha1(base + f"read\0{kind}\0{name}\0{blob}".encode()).digest()

    def checked_key(self, read_key: bytes | None, vocab) -> bytes | None:
        """The key of a read document's schema problems when checked against `vocab`'s schemas."""
        base = self._base(vocab)
        if base is None or read_key is None:
            return None
        return hashlib.sha1(base + b"checked\0" + read_key).digest()

    def schema_key(self, kind: str, vocab) -> bytes | None:
        """The key of the compiled check of `kind`'s schema in `vocab`."""
        base = self._base(vocab)
        return None if base is None else hashlib.sha1(base + f"schema\0{kind}".encode()).digest()

    def _base(self, vocab) -> bytes | None:
        """roledocs' code and the schemas: what every key starts with."""
        if self._failed:
            return None
        from ..vocabulary import vocabulary

        folder = str((vocab or vocabulary()).schemas_dir)
        try:
            if self._code is None:
                self._code = _code_fingerprint()
            schemas = self._schemas.get(folder)
            if schemas is None:
                schemas = self._schemas[folder] = _schemas_fingerprint(vocab)
        except (OSError, ValueError, ImportError):  # a source file missing (zipped install …): no cache
            self._failed = True
            return None
        return self._code + schemas

    # ── storage ──

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._failed:
            return self._db
        for attempt in (1, 2):
            try:
                self._db = self._open()
                break
            except sqlite3.DatabaseError:  # not a database (damaged, or another file): start again, once
                if attempt == 2 or not self._remove():
                    self._failed = True
            except (OSError, sqlite3.Error):
                self._failed = True
                break
        return self._db

    def _open(self) -> sqlite3.Connection:
        # the values of confidential fields are in it: only this user may read it
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(self.path, timeout=2, isolation_level=None)
        try:
            # A rollback journal, not WAL: the first command writes the whole knowledge base once, and
            # WAL writes it twice (log, then database); readers wait at most the few ms of a commit.
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last write to a power cut is fine
            if db.execute("PRAGMA user_version").fetchone()[0] != _LAYOUT:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("DROP TABLE IF EXISTS entries")
                    db.execute("DROP TABLE IF EXISTS pruned")
                    db.execute(f"PRAGMA user_version = {_LAYOUT}")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, "
                       "used INTEGER NOT NULL, code BLOB NOT NULL)")  # rowid table: values are large
            db.execute("CREATE TABLE IF NOT EXISTS pruned (day INTEGER NOT NULL)")
        except BaseException:
            db.close()
            raise
        return db

    def _remove(self) -> bool:
        """Delete a cache file that is not a database; whether it is gone."""
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def prefetch(self, keys) -> None:
        """Fetch the entries of many keys at once (one query per thousand instead of one each)."""
        keys = [key for key in keys if key is not None and key not in self._fetched and key not in self._pending]
        db = self._connect() if keys else None
        if db is None:
            return
        try:
            for start in range(0, len(keys), 900):  # below SQLite's limit of bound parameters
                chunk = keys[start:start + 900]
                self._fetched.update((key, (value, used)) for key, value, used in db.execute(
                    f"SELECT key, value, used FROM entries WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        except sqlite3.Error:
            return
        self._absent.update(key for key in keys if key not in self._fetched)

    def get(self, key: bytes | None):
        """The value stored under `key`, or None."""
        if key is None:
            return None
        if key in self._pending:
            return marshal.loads(self._pending[key])
        try:
            row = self._fetched.pop(key, None)
            if row is None:
                if key in self._absent:
                    return None
                db = self._connect()
                if db is None:
                    return None
                row = db.execute("SELECT value, used FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if row[1] != _today():
                self._touched.append(key)
            return marshal.loads(row[0])
        except (sqlite3.Error, ValueError, EOFError, TypeError):  # damaged: read the file instead
            return None

    def put(self, key: bytes | None, value) -> None:
        """Keep `value` (plain data: what marshal can write) under `key` at the next flush."""
        if key is None or self._failed:
            return
        try:
            self._pending[key] = value = marshal.dumps(value)
        except ValueError:  # a value marshal cannot write: simply not cached
            return
        self._absent.discard(key)  # asked before it was made: there from now on
        self._pending_bytes += len(value)
        if self._pending_bytes > _PENDING_LIMIT:  # 10,000 roles are ~100 MB: write them as they come
            self.flush()

    def usable(self) -> bool:
        """Whether entries can be kept (False: no cache folder, ROLEDOCS_NO_CACHE, a damaged install)."""
        return not self._failed

    def missing(self, keys) -> list[bytes]:
        """The keys (after `prefetch`) that have no entry."""
        return [key for key in keys if key in self._absent]

    def adopt(self, key: bytes, value: bytes) -> None:
        """An entry a Collector made (its value already marshalled), kept as if `put` here."""
        if self._failed:
            return
        self._pending[key] = value
        self._absent.discard(key)
        self._pending_bytes += len(value)
        if self._pending_bytes > _PENDING_LIMIT:
            self.flush()

    def flush(self) -> None:
        """Write the new entries, mark the used ones, drop the old ones. Never raises."""
        if not (self._pending or self._touched):
            return
        db = self._connect()
        pending, touched = self._pending, self._touched
        self._pending, self._touched, self._pending_bytes = {}, [], 0
        if db is None:
            return
        if self._code is None:  # only entries of other layers (lint, search) were made: no key was
            try:                # made from the code yet
                self._code = _code_fingerprint()
            except (OSError, ValueError, ImportError):
                return
        today, code = _today(), self._code
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                               [(key, value, today, code) for key, value in pending.items()])
                db.executemany("UPDATE entries SET used = ? WHERE key = ?", [(today, key) for key in touched])
                if db.execute("SELECT day FROM pruned").fetchone() != (today,):  # once a day: a full scan
                    # entries of another roledocs (its code changed: nobody will ask for them) or unused for long
                    db.execute("DELETE FROM entries WHERE code != ? OR used < ?", (code, today - KEEP_DAYS))
                    db.execute("DELETE FROM pruned")
                    db.execute("INSERT INTO pruned VALUES (?)", (today,))
        except sqlite3.Error:  # locked by another process for too long, disk full …: next time
            pass

    def close(self) -> None:
        """Write what is pending and close the database (it opens again when next used)."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


class Collector(ParseCache):
    """A cache that only collects new entries (keys as `source` makes them): for work done in
    another process (roledocs.forked), whose entries are then `adopt`ed by the real cache."""

    def __init__(self, source: ParseCache):
        super().__init__(source.path)
        self._code, self._schemas, self._failed = source._code, dict(source._schemas), source._failed

    def _connect(self):
        return None

    def get(self, key):
        """Only what this collector made: the real cache is not read from another process."""
        return marshal.loads(self._pending[key]) if key in self._pending else None

    def flush(self) -> None:
        """Nothing: the entries stay collected until `entries` hands them over."""

    def entries(self) -> list[tuple[bytes, bytes]]:
        """The entries made: (key, marshalled value)."""
        return list(self._pending.items())


class _NoCache(ParseCache):
    def __init__(self):
        super().__init__(Path(os.devnull))
        self._failed = True


def cache_folder() -> Path | None:
    """Where roledocs keeps its cache for this user: $ROLEDOCS_CACHE_DIR, else $XDG_CACHE_HOME/roledocs,
    else ~/.cache/roledocs; None when there is no home folder."""
    own = os.environ.get("ROLEDOCS_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "roledocs"
    try:
        return Path.home() / ".cache" / "roledocs"
    except RuntimeError:  # no HOME, no passwd entry
        return None


_caches: dict[Path, ParseCache] = {}


_inherited: list = []  # a forked child's copies of the parent's connections: never used, never closed


def for_child_process() -> None:
    """In a forked child (roledocs.forked): let go of the parent's database connections (the child
    opens its own to read) and write nothing; `handed_over` then gives what it made."""
    for cache in _caches.values():
        _inherited.append(cache._db)
        cache._db = None
        cache.flush = lambda: None
        cache._parents = set(cache._pending)  # the parent's entries, not written yet: its own to write


def handed_over() -> list[tuple[bytes, bytes]]:
    """In a child: the entries it made, for the parent's `take_over`."""
    return [(key, value) for cache in _caches.values() for key, value in cache._pending.items()
            if key not in cache._parents]


def take_over(entries) -> None:
    """In the parent: a child's entries, kept as if made here."""
    cache = parse_cache()
    for key, value in entries:
        cache.adopt(key, value)


def parse_cache() -> ParseCache:
    """The user's parse cache (see cache_folder); one that keeps nothing when ROLEDOCS_NO_CACHE is set."""
    folder = None if os.environ.get("ROLEDOCS_NO_CACHE") else cache_folder()
    if folder is None:
        return _NoCache()
    path = folder.absolute() / CACHE_FILE
    cache = _caches.get(path)
    if cache is None:
        cache = _caches[path] = ParseCache(path)
    return cache


@atexit.register
def close_all() -> None:
    """Write what is pending and close every cache this process opened (at exit, or before its folder goes)."""
    for cache in _caches.values():
        cache.close()
    _caches.clear()
