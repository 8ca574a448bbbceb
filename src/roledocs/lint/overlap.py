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
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import LCSseq

from ..kb.model import Role
from .context import LintContext, quote
from .similarity import CANDIDATE, clauses, core, overlap_score, similar_pairs
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


def scored_pairs(texts: list[str], threshold: float, parts: list[tuple[str, ...]] | None = None
                 ) -> list[tuple[int, int, float]]:
    """(i, j, score) for every i < j whose duty texts say the same thing: `overlap_score` (1.0 for
    the same activities) at least `threshold`. Texts with too few comparable characters
    (`MIN_CORE`) pair with none. `parts`: the texts' `clauses`, when known."""
    parts = parts if parts is not None else [clauses(t) for t in texts]
    compared = [p if sum(map(len, p)) >= MIN_CORE else () for p in parts]
    out = []
    for i, j, _ in similar_pairs(compared, min(CANDIDATE, threshold)):
        score = 1.0 if parts[i] == parts[j] else overlap_score(parts[i], parts[j])
        if score >= threshold - 1e-9:
            out.append((i, j, score))
    return out


@functools.cache  # asked by pairs_known and cached_scored_pairs: the files do not change meanwhile
def _made_of() -> bytes:
    """What decides `scored_pairs` besides its texts and threshold: the source of the modules
    that compute it, the synonyms they apply and the rapidfuzz that compares."""
    from ..kb.cache import library_stamp
    from .similarity import _synonyms

    digest = hashlib.sha256(b"roledocs lint overlap\0")
    package = Path(__file__).resolve().parents[1]
    for name in ("lint/overlap.py", "lint/similarity.py", "cjk.py"):
        digest.update((package / name).read_bytes())
    digest.update(repr(sorted(_synonyms()[1].items())).encode())
    digest.update(library_stamp(("rapidfuzz",)))
    return digest.digest()


def cached_scored_pairs(found: list[Unit], threshold: float) -> list[tuple[int, int, float]]:
    """`scored_pairs` of the units' texts, kept in the parse cache (roledocs.kb.cache) under a key
    made of the texts themselves, the threshold and everything else that decides the result
    (`_made_of`): an unchanged knowledge base is not compared again, and any edit of a duty text
    (or of the code, the synonyms, rapidfuzz) gives another key, so an entry can never be stale.
    When the texts changed, the `clauses` of each role whose texts did not are taken from the
    cache too (keyed the same way, by the role's texts)."""
    from ..kb.cache import parse_cache

    texts = [u.text for u in found]
    store = parse_cache()
    try:
        made_of = _made_of()
    except OSError:  # a source file missing (zipped install …): no cache
        return scored_pairs(texts, threshold)
    key = _pairs_key(made_of, texts, threshold)
    kept = store.get(key)
    if kept is not None:
        return [tuple(p) for p in kept]
    by_role: dict[int, list[int]] = defaultdict(list)  # id(role) → its units' indices
    for n, unit in enumerate(found):
        by_role[id(unit.role)].append(n)
    keys = {role: _key(made_of + b"clauses\0", [texts[n] for n in ns]) for role, ns in by_role.items()}
    store.prefetch(keys.values())
    parts: list[tuple[str, ...]] = [()] * len(texts)
    for role, ns in by_role.items():
        role_parts = store.get(keys[role])
        if role_parts is None:
            role_parts = [clauses(texts[n]) for n in ns]
            store.put(keys[role], role_parts)
        for n, p in zip(ns, role_parts):
            parts[n] = tuple(p)
    pairs = scored_pairs(texts, threshold, parts)
    store.put(key, pairs)
    store.flush()
    return pairs


def _pairs_key(made_of: bytes, texts: list[str], threshold: float) -> bytes:
    return _key(made_of + b"pairs\0" + repr(float(threshold)).encode(), texts)


def _candidates(ctx: LintContext) -> list[Unit]:
    """The duty statements the check compares (filler such as 完成领导交办的其他工作 left out)."""
    return [u for u in units(ctx.kb.roles.values()) if not is_filler(u.text)]


def pairs_known(ctx: LintContext) -> bool:
    """Whether the compared pairs of this knowledge base are in the parse cache (then the check
    is quick: not worth a second process, lint._overlap_aside)."""
    from ..kb.cache import parse_cache

    try:
        key = _pairs_key(_made_of(), [u.text for u in _candidates(ctx)], ctx.config.threshold("overlap-similarity"))
    except OSError:
        return False
    return parse_cache().get(key) is not None


def _key(prefix: bytes, texts: list[str]) -> bytes:
    digest = hashlib.sha256(prefix)
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.digest()


def run(ctx: LintContext) -> None:
    """Reports duty statements that say the same thing, in two roles or twice in one."""
    if not any(ctx.wants(c) for c in CODES):
        return
    threshold = ctx.config.threshold("overlap-similarity")
    found = _candidates(ctx)
    matches: dict[tuple[int, str], list[tuple[float, int]]] = defaultdict(list)
    for i, j, score in cached_scored_pairs(found, threshold):
        a, b = found[i], found[j]
        if a.role is b.role:  # reported once, at the task that repeats (the later one)
            first, then = (i, j) if _comes_first(a, b) else (j, i)
            if found[first].task is None and found[first].duty == found[then].duty and summarises(
                    a.role.duties[a.duty]):
                continue
            matches[(then, "RD503")].append((score, first))
            continue
        if b.role.superior is a.role or a.role.superior is b.role:
            upper, lower = (a, b) if b.role.superior is a.role else (b, a)
            if tiers_differ(upper.text, lower.text):
                continue
            code = "RD502"
        else:
            code = "RD501"
        matches[(i, code)].append((score, j))
        matches[(j, code)].append((score, i))
    for (index, code), others in matches.items():
        ranked = sorted(((score, found[k]) for score, k in others),
                        key=lambda m: (-m[0], m[1].role.file, m[1].order()))
        _report(ctx, code, found[index], ranked)


def _comes_first(a: Unit, b: Unit) -> bool:
    """Which of two units of one role is the original: a duty's description before its tasks,
    otherwise the one written first."""
    return a.order() < b.order()


def _where(ctx: LintContext, unit: Unit) -> str:
    line, _ = ctx.position(ctx.doc_of(unit.role), unit.parts)
    return f"{unit.role.file}:{line}" if line else unit.role.file


def _report(ctx: LintContext, code: str, unit: Unit, found: list[tuple[float, Unit]]) -> None:
    shown = found[:SHOWN]
    if code == "RD503":
        score, other = shown[0]
        same_duty = other.duty == unit.duty
        what = ("重复了本职责的说明" if other.task is None and same_duty
                else f"与第 {other.duty + 1} 项职责的{other.label}{quote(other.text)}重复")
        ctx.report_role(code, unit.role, unit.parts,
                        f"{unit.label}{quote(unit.text)}{what}（相似度 {score:.2f}）",
                        "删除重复的一条，或把职责说明改写成概括（任务写具体做法）。")
        return
    places = "；".join(f"{o.role.title}（{_where(ctx, o)}）的{o.label}{quote(o.text, 24)}，相似度 {s:.2f}"
                      for s, o in shown)
    more = f"；另有 {len(found) - SHOWN} 处" if len(found) > SHOWN else ""
    if code == "RD502":
        message = f"{unit.label}{quote(unit.text)}与上下级岗位写法相同：{places}{more}"
        hint = "上级写组织、督导、审核，下级写执行、完成、协助，分清各自的层次；确属同一件事时只保留在一个岗位。"
    else:
        message = f"{unit.label}{quote(unit.text)}与其他岗位的职责相同：{places}{more}"
        hint = "确认两个岗位是否都做这件事：分工不清时只留给一个岗位；协作时写清各自负责的部分。"
    ctx.report_role(code, unit.role, unit.parts, message, hint)
