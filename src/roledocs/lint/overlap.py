"""职责交叉: duty statements that say the same thing, in two roles or twice in one.

Units are duty descriptions and tasks. Filler (「完成上级交办的其他工作」) is left to the
writing check. How a similar pair is reported depends on how the roles relate:

- the same role (RD503): a task that repeats its duty's description or another task, at
  the repeating (later) place;
- a superior and a direct subordinate (RD502, lower severity): expected when the verbs
  differ (组织 / 督导 / 审核 above, 执行 / 完成 / 协助 below) and then not reported; the same
  sentence in both is;
- peers or unrelated roles (RD501), at both places.

Each place gets one finding that names up to three counterparts (a sentence copied into
200 roles gives 200 findings, not 20,000).
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

from .. import forked
from ..kb.model import Role
from .context import Finding, LintContext, quote
from .similarity import CANDIDATE, clauses_of, core, similar_pairs
from .writing import is_filler

CODES = ("RD501", "RD502", "RD503")
MIN_CORE = 6  # shorter texts (「审核合同」) say too little to call two of them the same duty
SHOWN = 3
# what the level above does with a piece of work, and what the level below does
MANAGING = ("组织", "督导", "审核", "审批", "监督", "指导", "带领", "检查", "督促", "领导", "统筹", "主持",
            "指挥", "把控", "部署", "安排", "分配", "考核", "评估", "审定")
EXECUTING = ("执行", "完成", "协助", "配合", "落实", "参与", "辅助", "实施", "跟进", "办理")
# ... or the scope: the level above works across groups, the level below in its own
UPPER_SCOPE = re.compile(r"各\w{0,3}组|所辖|各区域|全国|全体")
LOWER_SCOPE = re.compile(r"本\w{0,3}组|小组|个人|本区域")
SUMMARY_COVER = 0.8  # a task this much inside its duty's description is one of the parts it sums up


@dataclass(frozen=True)
class Unit:
    """One duty description or task of a role, compared with all the others."""

    role: Role
    duty: int
    task: int | None  # None: the duty's description
    text: str

    @property
    def parts(self) -> tuple:
        """The unit's YAML path within its role file."""
        return ("duties", self.duty, "description") if self.task is None else ("duties", self.duty, "tasks", self.task)

    @property
    def label(self) -> str:
        """What the unit is, for messages: 职责说明 or 任务."""
        return "职责说明" if self.task is None else "任务"

    def order(self) -> tuple:
        """Sort key within a role: the duty, its description before its tasks."""
        return (self.duty, -1 if self.task is None else self.task)


def units(roles) -> list[Unit]:
    """Every duty description and task of the roles, as units."""
    out = []
    for role in roles:
        for d, duty in enumerate(role.duties):
            if duty.description:
                out.append(Unit(role, d, None, duty.description))
            out.extend(Unit(role, d, t, text) for t, text in enumerate(duty.tasks))
    return out


def tiers_differ(upper: str, lower: str) -> bool:
    """True when the superior's text organises or checks what the subordinate's text does,
    or covers all groups where the subordinate's covers its own."""
    return (any(v in upper and v not in lower for v in MANAGING)
            or any(v in lower and v not in upper for v in EXECUTING)
            or bool(UPPER_SCOPE.search(upper) and LOWER_SCOPE.search(lower)))


def summarises(duty) -> bool:
    """A description put together from two or more of its tasks sums them up: each of those
    tasks repeats a part of it by design, not the whole."""
    description = core(duty.description)
    inside = 0
    for task in duty.tasks:
        part = core(task)
        if part and LCSseq.similarity(part, description) >= SUMMARY_COVER * len(part):
            inside += 1
    return inside >= 2


def scored_pairs(forms: list[tuple[str, ...]], threshold: float) -> list[tuple[int, int, float]]:
    """(f, g, score) for every f < g whose forms say the same thing: `overlap_score` at least
    `threshold`. A form is what is compared of a text (its `clauses`); the forms are distinct
    (texts with the same form are the same duty: `cached_scored_pairs`). Forms with too few
    comparable characters (`MIN_CORE`) pair with none. Many candidates (template-made text) are
    scored in two processes (roledocs.forked)."""
    compared = [p if sum(map(len, p)) >= MIN_CORE else () for p in forms]
    return sorted(similar_pairs(compared, min(CANDIDATE, threshold), at_least=threshold - 1e-9))


@functools.cache  # asked by kept_comparison and cached_scored_pairs: the files do not change meanwhile
def _made_of() -> bytes:
    """What decides `scored_pairs` besides its texts and threshold, and which texts a document
    gives (`prepare`): the source of the modules that compute them, the synonyms they apply and
    the rapidfuzz that compares."""
    from ..kb.cache import library_stamp
    from .similarity import _synonyms

    digest = hashlib.sha256(b"roledocs lint overlap\0")
    package = Path(__file__).resolve().parents[1]
    for name in ("lint/overlap.py", "lint/similarity.py", "lint/writing.py", "kb/model.py", "cjk.py"):
        digest.update((package / name).read_bytes())
    digest.update(repr(sorted(_synonyms()[1].items())).encode())
    digest.update(library_stamp(("rapidfuzz",)))
    return digest.digest()


class Compared(NamedTuple):
    """What comparing the duty texts of a knowledge base gives (`cached_scored_pairs`)."""

    texts: list[str]  # the distinct texts, in the order they first appear
    forms: list[int]  # each text's form: texts with the same `clauses` (what is compared) share one
    pairs: list[tuple[int, int, float]]  # (form, form, score): forms that say the same thing


def cached_scored_pairs(by_role: list[list[str]], threshold: float) -> Compared:
    """The distinct texts of the roles' compared texts (`by_role`: each role's, in role order),
    their forms and the forms' `scored_pairs`, kept in the parse cache (roledocs.kb.cache) under
    a key made of the texts themselves, the threshold and everything else that decides the result
    (`_made_of`): an unchanged knowledge base is not compared again, and any edit of a duty text
    (or of the code, the synonyms, rapidfuzz) gives another key, so an entry can never be stale.
    When the texts changed, the `clauses` of each role whose texts did not are taken from the
    cache too (keyed the same way, by the role's texts).

    What is compared is each distinct form once: a knowledge base made from templates (roles
    copied, a number or a name put into the same sentence) has few, and its pairs are pairs of
    forms, not of every copy (1,000 copies of a sentence would be half a million pairs)."""
    from ..kb.cache import parse_cache

    texts = distinct_texts(by_role)
    store = parse_cache()
    try:
        made_of = _made_of()
    except OSError:  # a source file missing (zipped install …): no cache
        return _compare(texts, clauses_of(texts), threshold)
    key = _pairs_key(made_of, texts, threshold)
    kept = _kept(store, key, texts)
    if kept is not None:
        return kept
    keys = [_key(made_of + b"clauses\0", role_texts) for role_texts in by_role]
    store.prefetch(keys)
    parts: dict[str, tuple[str, ...]] = {}
    for role_key, role_texts in zip(keys, by_role):
        role_parts = store.get(role_key)
        if role_parts is None:
            role_parts = clauses_of(role_texts)
            store.put(role_key, role_parts)
        parts.update(zip(role_texts, map(tuple, role_parts)))
    compared = _compare(texts, list(map(parts.__getitem__, texts)), threshold)
    store.put(key, [compared.forms, compared.pairs])
    store.flush()
    return compared


def _compare(texts: list[str], parts: list[tuple[str, ...]], threshold: float) -> Compared:
    """Texts and their `clauses` → `Compared`."""
    index: dict[tuple[str, ...], int] = {}
    forms = [index.setdefault(form, len(index)) for form in parts]
    return Compared(texts, forms, scored_pairs(list(index), threshold))


def kept_comparison(by_role: list[list[str]], threshold: float) -> Compared | None:
    """What `cached_scored_pairs` gives when the parse cache keeps it, else None; then the
    database is not asked again (by a process forked next either: lint._compare_aside)."""
    from ..kb.cache import parse_cache

    texts = distinct_texts(by_role)
    try:
        key = _pairs_key(_made_of(), texts, threshold)
    except OSError:
        return None
    store = parse_cache()
    store.prefetch([key])
    return _kept(store, key, texts)


def _kept(store, key: bytes, texts: list[str]) -> Compared | None:
    kept = store.get(key)
    if kept is None:
        return None
    forms, pairs = kept
    return Compared(texts, list(forms), [tuple(p) for p in pairs])


def distinct_texts(by_role: list[list[str]]) -> list[str]:
    """The roles' texts, each once, in the order they first appear: what is compared."""
    return list(dict.fromkeys(text for role_texts in by_role for text in role_texts))


def texts_by_role(found: list[Unit]) -> list[list[str]]:
    """The units' texts, role by role (see cached_scored_pairs)."""
    out: dict[int, list[str]] = {}
    for unit in found:
        out.setdefault(id(unit.role), []).append(unit.text)
    return list(out.values())


def document_texts(documents) -> list[list[str]]:
    """What `texts_by_role(candidates(kb))` gives for the model of these (valid) documents, read
    from the documents themselves: the comparison can start before the model is built
    (lint._compare_aside). Each document's texts are taken from the parse cache when `prepare`
    put them there."""
    from ..kb.cache import parse_cache

    store = parse_cache()
    docs = sorted((d for d in documents if d.kind == "role"), key=lambda d: d.name)
    keys = [_texts_key(doc) for doc in docs]
    store.prefetch(keys)
    out = []
    for doc, key in zip(docs, keys):
        role_texts = store.get(key)
        if role_texts is None:
            role_texts = _role_texts(doc)
        if role_texts:
            out.append(role_texts)
    return out


def prepare(doc, store) -> None:
    """What the comparison needs of one document, worked out where it is read (kb.load's `also`,
    in two processes): its compared texts and their `clauses`, into the parse cache `store`, where
    `document_texts` and `cached_scored_pairs` find them."""
    key = _texts_key(doc)
    if key is None or doc.kind != "role":
        return
    role_texts = _role_texts(doc)
    store.put(key, role_texts)
    if role_texts:
        store.put(_key(_made_of() + b"clauses\0", role_texts), clauses_of(role_texts))


def _role_texts(doc) -> list[str]:
    """The compared texts of one role document, as the model has them (kb.model._duty). The
    document may not be valid yet (`prepare` runs before validation): other shapes give none."""
    from ..kb.model import text, texts

    duties = doc.data.get("duties")
    out = []
    for duty in duties if isinstance(duties, list) else ():
        if isinstance(duty, dict):
            description = text(duty.get("description"))
            out.extend(([description] if description else []) + list(texts(duty.get("tasks"))))
    return [t for t in out if not is_filler(t)]


def _texts_key(doc) -> bytes | None:
    """The parse-cache key of a document's compared texts: what it was read from and how texts are
    taken from it (None: no cache)."""
    if doc.cache_key is None:
        return None
    try:
        return hashlib.sha256(_made_of() + b"texts\0" + doc.cache_key).digest()
    except OSError:
        return None


def _pairs_key(made_of: bytes, texts: list[str], threshold: float) -> bytes:
    return _key(made_of + b"pairs\0" + repr(float(threshold)).encode(), texts)


def candidates(kb, documents: dict | None = None) -> list[Unit]:
    """The duty statements the check compares (filler such as 完成领导交办的其他工作 left out).
    `documents`: the role documents by name; a role whose compared texts `prepare` put in the parse
    cache keeps the units with those texts (no text judged again: on a first run most were judged
    in the other reading process)."""
    kept: dict[int, set[str]] = {}
    if documents is not None:
        from ..kb.cache import parse_cache

        store = parse_cache()
        keys = {id(role): _texts_key(documents[role.file]) if role.file in documents else None
                for role in kb.roles.values()}
        store.prefetch(list(keys.values()))
        for role, key in keys.items():
            texts = store.get(key)
            if texts is not None:
                kept[role] = set(texts)
    return [u for u in units(kb.roles.values())
            if (u.text in kept[id(u.role)] if id(u.role) in kept else not is_filler(u.text))]


def _compared_units(ctx: LintContext) -> tuple[list[Unit], list[list[str]]]:
    """The candidates of the context's knowledge base and their texts by role, worked out once
    for a run (asked by `compared_texts`, then by `run`)."""
    if "overlap" not in ctx.memo:
        found = candidates(ctx.kb, ctx.by_name)
        ctx.memo["overlap"] = (found, texts_by_role(found))
    return ctx.memo["overlap"]


def compared_texts(ctx: LintContext) -> list[list[str]]:
    """The compared texts of the context's knowledge base, role by role (what lint._compare_aside
    compares)."""
    return _compared_units(ctx)[1]


def _key(prefix: bytes, texts: list[str]) -> bytes:
    digest = hashlib.sha256(prefix)
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.digest()


# places to report from which a second process helps report them (roledocs.forked): 14,000 of
# 1,000 roles of dense template text took 0.65 s in one process
REPORT_IN_TWO_FROM = 2000


def run(ctx: LintContext, meanwhile=None) -> list:
    """Reports duty statements that say the same thing, in two roles or twice in one.

    `meanwhile`: other work for a second process (roledocs.forked), which then helps report the
    overlaps (a knowledge base made from templates has tens of thousands): what lint's other
    checks find, as plain data. Returns its result ([] without). Without other work, a second
    process helps report `REPORT_IN_TWO_FROM` places or more."""
    if not any(ctx.wants(c) for c in CODES):
        return meanwhile() if meanwhile is not None else []
    found, by_role = _compared_units(ctx)
    early = ctx.compared() if ctx.compared is not None else None
    if early is not None and early.texts == distinct_texts(by_role):
        compared = early
    else:  # compared here (no other process, or it read other texts)
        compared = cached_scored_pairs(by_role, ctx.config.threshold("overlap-similarity"))
    places = _Places(found, compared)
    # form → (score, similar form); a form written in two places is similar to itself
    near: list[list[tuple[float, int]]] = [[] for _ in places.units]
    for f, g, score in compared.pairs:
        near[f].append((score, g))
        near[g].append((score, f))
    for f, held in enumerate(places.units):
        if len(held) > 1 and len(core(found[held[0]].text)) >= MIN_CORE:
            near[f].append((1.0, f))

    def report(forms: list[int]) -> list[tuple]:
        """Reports the units of these forms; a forked process gives its findings back as plain data."""
        start = len(ctx.findings)
        for f in forms:
            for k in places.units[f]:
                _report_unit(ctx, places, k, f, near[f])
        return [finding.as_tuple() for finding in ctx.findings[start:]] if forked.in_child() else []

    reported = [f for f, similar in enumerate(near) if similar]
    if meanwhile is None and sum(len(places.units[f]) for f in reported) < REPORT_IN_TWO_FROM:
        report(reported)
        return []
    from ..kb.cache import for_child_process

    result, theirs = forked.first_then_in_two(meanwhile or list, report, reported, in_child=for_child_process)
    ctx.findings += map(Finding.from_tuple, theirs)
    return result


class _Places:
    """Where each form (`Compared`) is written: its units, by role, and in report order. A text
    copied into 200 roles has 200 units; each of them is reported with its 3 first
    counterparts and the number of the others, so the counterparts are counted per form and
    only the few in a related role (the same, the superior, a subordinate) looked at one by one."""

    def __init__(self, found: list[Unit], compared: Compared):
        self.found = found
        form_of = dict(zip(compared.texts, compared.forms))
        self.units: list[list[int]] = [[] for _ in range(max(compared.forms, default=-1) + 1)]  # form → its units
        for k, unit in enumerate(found):
            self.units[form_of[unit.text]].append(k)
        self.order = [(unit.role.file, unit.order()) for unit in found]  # report order of the units
        self._by_role: dict[int, dict[int, list[int]]] = {}  # form → id(role) → its units with the form
        self._ranked: dict[int, list[int]] = {}
        self._where: dict[int, str] = {}
        roles = {id(u.role): u.role for u in found}
        family: dict[int, set[int]] = {r: {r} for r in roles}  # id(role) → itself, its superior and subordinates
        for r, role in roles.items():
            if role.superior is not None:
                family[r].add(id(role.superior))
                family.setdefault(id(role.superior), {id(role.superior)}).add(r)
        self.family = family

    def ranked(self, f: int) -> list[int]:
        """The units of form f in report order (file, place in the file)."""
        if f not in self._ranked:
            self._ranked[f] = sorted(self.units[f], key=self.order.__getitem__)
        return self._ranked[f]

    def by_role(self, f: int) -> dict[int, list[int]]:
        """The units of form f by role (asked only for forms that have similar ones)."""
        if f not in self._by_role:
            roles: dict[int, list[int]] = defaultdict(list)
            for k in self.units[f]:
                roles[id(self.found[k].role)].append(k)
            self._by_role[f] = roles
        return self._by_role[f]

    def related(self, role: Role, f: int) -> list[int]:
        """Units of form f in the role itself, its superior or a direct subordinate."""
        family, written = self.family[id(role)], self.units[f]
        if len(written) == 1:  # most forms are written once
            return written if id(self.found[written[0]].role) in family else []
        roles = self.by_role(f)
        if len(roles) < len(family):
            return [k for r, held in roles.items() if r in family for k in held]
        return [k for r in family for k in roles.get(r, ())]

    def where(self, ctx: LintContext, k: int) -> str:
        """Unit k's role, place and text, as a counterpart in a message (asked once per finding
        that names it: a text copied into 200 roles is named in 200 findings)."""
        if k not in self._where:
            unit = self.found[k]
            self._where[k] = f"{unit.role.title}（{_where(ctx, unit)}）的{unit.label}{quote(unit.text, 24)}"
        return self._where[k]


def _report_unit(ctx: LintContext, places: _Places, k: int, own: int, similar: list[tuple[float, int]]) -> None:
    """Reports unit k (of form `own`) against the units of the forms similar to its own."""
    found = places.found
    unit = found[k]
    related: dict[str, list[tuple[float, int]]] = defaultdict(list)  # code → (score, unit)
    peers: list[tuple[float, int]] = []  # the first few of each similar form, in report order
    peer_count = 0
    for score, f in similar:
        near = [v for v in places.related(unit.role, f) if v != k]
        for v in near:
            other = found[v]
            if other.role is unit.role:  # reported once, at the task that repeats (the later one)
                if _comes_first(other, unit) and not (
                        other.task is None and other.duty == unit.duty and summarises(unit.role.duties[unit.duty])):
                    related["RD503"].append((score, v))
            else:
                upper, lower = (other, unit) if unit.role.superior is other.role else (unit, other)
                if not tiers_differ(upper.text, lower.text):
                    related["RD502"].append((score, v))
        count = len(places.units[f]) - len(near) - (f == own)  # the others, less k itself
        if count:
            peer_count += count
            skip = set(near) | {k}
            peers.extend(itertools.islice(((score, v) for v in places.ranked(f) if v not in skip), SHOWN))
    for code, matches in (("RD501", peers), *related.items()):
        if matches:
            ranked = sorted(matches, key=lambda m: (-m[0], places.order[m[1]]))
            _report(ctx, places, code, k, ranked[:SHOWN], peer_count if code == "RD501" else len(matches))


def _comes_first(a: Unit, b: Unit) -> bool:
    """Which of two units of one role is the original: a duty's description before its tasks,
    otherwise the one written first."""
    return a.order() < b.order()


def _where(ctx: LintContext, unit: Unit) -> str:
    line, _ = ctx.position(ctx.doc_of(unit.role), unit.parts)
    return f"{unit.role.file}:{line}" if line else unit.role.file


def _report(ctx: LintContext, places: _Places, code: str, k: int, shown: list[tuple[float, int]], total: int) -> None:
    """One finding at unit k: its first counterparts (`shown`: score and unit, best first) of `total`."""
    unit = places.found[k]
    if code == "RD503":
        score, other = shown[0][0], places.found[shown[0][1]]
        same_duty = other.duty == unit.duty
        what = ("重复了本职责的说明" if other.task is None and same_duty
                else f"与第 {other.duty + 1} 项职责的{other.label}{quote(other.text)}重复")
        ctx.report_role(code, unit.role, unit.parts,
                        f"{unit.label}{quote(unit.text)}{what}（相似度 {score:.2f}）",
                        "删除重复的一条，或把职责说明改写成概括（任务写具体做法）。")
        return
    others = "；".join(f"{places.where(ctx, v)}，相似度 {score:.2f}" for score, v in shown)
    more = f"；另有 {total - SHOWN} 处" if total > SHOWN else ""
    if code == "RD502":
        message = f"{unit.label}{quote(unit.text)}与上下级岗位写法相同：{others}{more}"
        hint = "上级写组织、督导、审核，下级写执行、完成、协助，分清各自的层次；确属同一件事时只保留在一个岗位。"
    else:
        message = f"{unit.label}{quote(unit.text)}与其他岗位的职责相同：{others}{more}"
        hint = "确认两个岗位是否都做这件事：分工不清时只留给一个岗位；协作时写清各自负责的部分。"
    ctx.report_role(code, unit.role, unit.parts, message, hint)
