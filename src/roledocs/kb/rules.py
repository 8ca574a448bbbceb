"""Rules that span files: unique ids, references that resolve, no reporting cycles,
weights and shares that add up, thresholds that agree with the KPI's direction.

The rules read loaded documents defensively: a value of the wrong type has
already been reported by the schema check, so it is skipped here, not re-reported.
"""
from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Iterable

from .load import NOT_PRINTED, Document, strings
from .problems import Problem, json_path, problem

TOLERANCE = 1e-6


class _Context:
    def __init__(self, documents: list[Document], unread):
        self.documents = documents
        self.roles = [d for d in documents if d.kind == "role"]
        self.special = {d.kind: d for d in documents if d.kind != "role"}
        # A file that could not be read has its own error; what it defines is unknown, not
        # missing: references into an unread special file are not checked, and a role's file
        # name (its id by RD302) always resolves, also when the file could not be read or its
        # id is missing or wrong: one broken file gives one error, not one per reference to it.
        self.unread = {kind for kind, _ in unread}
        self.role_ids = {d.data["id"] for d in self.roles if isinstance(d.data.get("id"), str)}
        self.role_ids |= {d.stem for d in self.roles}
        self.role_ids |= {path.stem for kind, path in unread if kind == "role"}
        self.position_ids = {p["id"] for p, _ in self.entries("positions") if isinstance(p.get("id"), str)}
        self.department_ids = {p["id"] for p, _ in self.entries("departments") if isinstance(p.get("id"), str)}
        self.kpis = {k["id"]: k for k, _ in self.entries("kpis") if isinstance(k.get("id"), str)}
        # Chinese names and aliases → id: 「kpi: 客户满意度」 is the right thing written the wrong way
        self.department_names = _names(self.entries("departments"), "name")
        self.superior_names = {**_names(self.entries("positions"), "title"),
                               **_names(((d.data, None) for d in self.roles), "title")}
        self.kpi_names = _names(self.entries("kpis"), "name")
        self.superior_names_by_id = {eid: name for eid, name in self.superior_names.values()}
        self.problems: list[Problem] = []

    def entries(self, kind: str):
        """(entry, index) pairs of the list inside a special file, e.g. _kpis.yaml's kpis."""
        doc = self.special.get(kind)
        if doc is None:
            return []
        items = next(iter(doc.data.values()), None) if doc.data else None
        return [(e, i) for i, e in enumerate(items or []) if isinstance(e, dict)] if isinstance(items, list) else []

    def report(self, code, doc: Document, parts, message, hint=""):
        # The key's line: for a list, "kpis:" says more than its first item.
        line, col = doc.where(tuple(parts), key=True) or (None, None)
        self.problems.append(problem(code, message, doc.name, line, col, json_path(tuple(parts)), hint))


def check_rules(documents: list[Document], unread=()) -> list[Problem]:
    """The problems of the rules that span files (RD3xx); `unread`: (kind, path) of files that
    could not be read, whose ids still resolve."""
    ctx = _Context(documents, unread)
    for rule in (_unique_ids, _ids_match_files, _departments, _reporting, _successors, _cycles, _kpis,
                 _kpi_library, _duty_shares, _career, _department_functions, _processes, _open_review_notes,
                 _importer_instructions, _placeholders, _superior_in_text):
        rule(ctx)
    return ctx.problems


def _names(entries, key: str) -> dict[str, tuple[str, str]]:
    """name or alias → (id, name) of entries that have an id."""
    found = {}
    for entry, _ in entries:
        eid, name = entry.get("id"), entry.get(key)
        if isinstance(eid, str) and isinstance(name, str):
            for alias in [name, *(a for a in entry.get("aliases") or [] if isinstance(a, str))]:
                found.setdefault(alias.strip(), (eid, name))
    return found


def _by_name(value, names: dict[str, tuple[str, str]]) -> str:
    """The hint for a name written where its id belongs: 请写编号 customer-satisfaction（客户满意度）."""
    match = names.get(str(value).strip())
    return f"这里要写编号，不是名称：请写编号 {match[0]}（{match[1]}）。" if match else ""


def _suggest(value, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(value), sorted(candidates), n=3, cutoff=0.5)
    return ("是否想写 " + " / ".join(close) + "？") if close else ""


def _slugs(value) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _unique_ids(ctx: _Context) -> None:
    # roles and outside positions share one namespace: reports_to may name either
    seen: dict[str, Document] = {}
    for doc in ctx.roles:
        rid = doc.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid in seen:
            ctx.report("RD301", doc, ("id",), f"岗位编号 {rid} 重复：{seen[rid].name} 已经使用了它",
                       "每个岗位的编号必须唯一：请改用新的编号，并同时修改文件名。")
        else:
            seen[rid] = doc
    for kind, label in (("positions", "职位"), ("departments", "部门"), ("kpis", "指标"), ("processes", "流程")):
        ids: set[str] = set()
        for entry, index in ctx.entries(kind):
            eid = entry.get("id")
            if not isinstance(eid, str):
                continue
            doc = ctx.special[kind]
            key = next(iter(doc.data))
            if eid in ids:
                ctx.report("RD301", doc, (key, index, "id"), f"{label}编号 {eid} 在本文件中重复")
            elif kind == "positions" and eid in seen:
                ctx.report("RD301", doc, (key, index, "id"),
                           f"职位编号 {eid} 与岗位 {seen[eid].name} 的编号相同",
                           "汇报关系无法区分两者：请给外部职位换一个编号。")
            ids.add(eid)
    terms: set[str] = set()
    for entry, index in ctx.entries("glossary"):
        term = entry.get("term")
        if isinstance(term, str):
            if term in terms:
                ctx.report("RD301", ctx.special["glossary"], ("terms", index, "term"), f"术语 {term} 重复",
                           "请把两条定义合并为一条。")
            terms.add(term)


def _ids_match_files(ctx: _Context) -> None:
    for doc in ctx.roles:
        rid = doc.data.get("id")
        if isinstance(rid, str) and rid != doc.stem:
            ctx.report("RD302", doc, ("id",), f"岗位编号 {rid} 与文件名 {doc.path.name} 不一致",
                       f"请把文件改名为 {rid}{doc.path.suffix}，或把 id 改为 {doc.stem}。")


def _departments(ctx: _Context) -> None:
    for doc in ctx.roles:
        dept = doc.data.get("department")
        if not isinstance(dept, str):
            continue
        if dept not in ctx.department_ids:
            if "departments" in ctx.unread:
                continue
            ctx.report("RD303", doc, ("department",), f"部门 {dept} 不存在（_departments.yaml 中没有定义）",
                       _by_name(dept, ctx.department_names) or _suggest(dept, ctx.department_ids)
                       or "请先在 roles/_departments.yaml 中添加这个部门。")
        elif doc.path.parent.name != dept:
            ctx.report("RD313", doc, ("department",),
                       f"岗位属于部门 {dept}，文件却放在文件夹 {doc.path.parent.name}/ 中",
                       f"请把文件移到 roles/{dept}/。")


def _reporting(ctx: _Context) -> None:
    if "positions" in ctx.unread:  # any unknown superior may be one of the unread positions
        return
    targets = ctx.role_ids | ctx.position_ids
    for doc in ctx.roles:
        boss = doc.data.get("reports_to")
        if isinstance(boss, str) and boss not in targets:
            ctx.report("RD304", doc, ("reports_to",), f"直接上级 {boss} 不存在",
                       _by_name(boss, ctx.superior_names) or _suggest(boss, targets)
                       or "上级必须是 roles/ 中某个岗位的编号，或 _positions.yaml 中的职位。")
        for i, other in _slugs(doc.data.get("dotted_line_to")):
            if other not in targets:
                ctx.report("RD304", doc, ("dotted_line_to", i), f"虚线汇报对象 {other} 不存在",
                           _by_name(other, ctx.superior_names) or _suggest(other, targets))
    for entry, index in ctx.entries("positions"):
        boss = entry.get("reports_to")
        if isinstance(boss, str) and boss not in ctx.position_ids:
            ctx.report("RD304", ctx.special["positions"], ("positions", index, "reports_to"),
                       f"职位的上级 {boss} 不存在", _suggest(boss, ctx.position_ids))


def _successors(ctx: _Context) -> None:
    """A retired role's successor (接替岗位) is a role that exists, and one that is in use."""
    by_id = {d.data["id"]: d for d in ctx.roles if isinstance(d.data.get("id"), str)}
    for doc in ctx.roles:
        successor = doc.data.get("successor")
        if not isinstance(successor, str):
            continue
        if successor not in ctx.role_ids:
            names = _names(((d.data, None) for d in ctx.roles), "title")
            ctx.report("RD320", doc, ("successor",), f"接替岗位 {successor} 不存在",
                       _by_name(successor, names) or _suggest(successor, ctx.role_ids)
                       or "接替岗位必须是 roles/ 中某个岗位的编号（roledocs list 列出所有编号）。")
            continue
        status = by_id[successor].data.get("status") if successor in by_id else None
        if status in ("retired", "draft"):
            ctx.report("RD321", doc, ("successor",),
                       f"接替岗位 {successor} 本身{'已停用' if status == 'retired' else '还是草稿'}",
                       "请改成现在接替这项工作的岗位。" if status == "retired"
                       else "草稿岗位不出现在公开的网站和岗位说明书中：请在它生效后再引用，或改成已生效的岗位。")


def _cycles(ctx: _Context) -> None:
    """RD305 on every role file of a reporting cycle, at its reports_to: whoever edited any
    of them sees the cycle in their own file."""
    boss_of: dict[str, str] = {}
    doc_of: dict[str, Document] = {}
    for doc in ctx.roles:
        rid, boss = doc.data.get("id"), doc.data.get("reports_to")
        if isinstance(rid, str) and isinstance(boss, str):
            boss_of[rid] = boss
            doc_of[rid] = doc
    for entry, _ in ctx.entries("positions"):
        if isinstance(entry.get("id"), str) and isinstance(entry.get("reports_to"), str):
            boss_of[entry["id"]] = entry["reports_to"]
    reported: set[str] = set()
    for start in sorted(doc_of):
        chain, node = [start], boss_of.get(start)
        while node is not None and node not in chain and node not in reported:
            chain.append(node)
            node = boss_of.get(node)
        if node is None or node in reported:
            continue
        cycle = chain[chain.index(node):]
        reported.update(cycle)
        for member in sorted(c for c in cycle if c in doc_of):
            at = cycle.index(member)
            ring = cycle[at:] + cycle[:at] + [member]
            ctx.report("RD305", doc_of[member], ("reports_to",), "汇报关系出现循环：" + " → ".join(ring),
                       "汇报关系必须是一棵树：请修改环路上其中一个岗位的 reports_to。")


def _threshold_conflict(direction, passing, excellent) -> bool:
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (passing, excellent)):
        return False
    return (direction == "higher" and excellent < passing) or (direction == "lower" and excellent > passing)


def _direction_hint(direction) -> str:
    return ("这个指标越高越好（higher）：优异线应不低于合格线。" if direction == "higher"
            else "这个指标越低越好（lower）：优异线应不高于合格线，例如 合格 ≤5、优异 ≤2。")


def _kpi_library(ctx: _Context) -> None:
    for entry, index in ctx.entries("kpis"):
        direction = entry.get("direction")
        if _threshold_conflict(direction, entry.get("pass"), entry.get("excellent")):
            ctx.report("RD308", ctx.special["kpis"], ("kpis", index, "excellent"),
                       f"指标 {entry.get('name', entry.get('id'))} 的优异线 {entry['excellent']} 与合格线 "
                       f"{entry['pass']} 和方向 {direction} 矛盾", _direction_hint(direction))


def _kpis(ctx: _Context) -> None:
    for doc in ctx.roles:
        items = doc.data.get("kpis")
        if not isinstance(items, list):
            continue
        weights = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("kpi"), str):
                continue
            kid = item["kpi"]
            if kid not in ctx.kpis:
                if "kpis" in ctx.unread:
                    continue
                ctx.report("RD306", doc, ("kpis", i, "kpi"), f"考核指标 {kid} 不存在（_kpis.yaml 中没有定义）",
                           _by_name(kid, ctx.kpi_names) or _suggest(kid, ctx.kpis)
                           or "请先在 roles/_kpis.yaml 中定义这个指标。")
            else:
                lib = ctx.kpis[kid]
                passing, excellent = item.get("pass", lib.get("pass")), item.get("excellent", lib.get("excellent"))
                if _threshold_conflict(lib.get("direction"), passing, excellent):
                    ctx.report("RD308", doc, ("kpis", i, "excellent"), f"指标 {lib.get('name', kid)} 的优异线 {excellent} 与合格线 "
                               f"{passing} 和方向 {lib.get('direction')} 矛盾", _direction_hint(lib.get("direction")))
            weights.append(item.get("weight"))
        given = [w for w in weights if isinstance(w, (int, float)) and not isinstance(w, bool)]
        if not given:
            continue
        if len(given) < len(weights):
            ctx.report("RD307", doc, ("kpis",), f"{len(weights)} 个考核指标中只有 {len(given)} 个填写了权重",
                       "填写权重时，每个指标都要填写，合计为 100。")
        elif abs(sum(given) - 100) > TOLERANCE:
            ctx.report("RD307", doc, ("kpis",), f"考核指标的权重合计为 {sum(given):g}，应为 100",
                       "权重：" + " + ".join(f"{w:g}" for w in given) + f" = {sum(given):g}。")


def _duty_shares(ctx: _Context) -> None:
    for doc in ctx.roles:
        duties = doc.data.get("duties")
        if not isinstance(duties, list) or not duties:
            continue
        shares = [d.get("share") if isinstance(d, dict) else None for d in duties]
        given = [s for s in shares if isinstance(s, (int, float)) and not isinstance(s, bool)]
        if not given:
            continue
        if len(given) < len(shares):
            ctx.report("RD316", doc, ("duties",), f"{len(shares)} 项职责中只有 {len(given)} 项填写了时间占比",
                       "要么每项职责都填写 share（合计 100），要么都不填。")
        elif abs(sum(given) - 100) > TOLERANCE:
            ctx.report("RD309", doc, ("duties",), f"职责的时间占比合计为 {sum(given):g}%，应为 100%",
                       "占比：" + " + ".join(f"{s:g}" for s in given) + f" = {sum(given):g}。")


def _career(ctx: _Context) -> None:
    if "positions" in ctx.unread:
        return
    targets = ctx.role_ids | ctx.position_ids
    for doc in ctx.roles:
        career = doc.data.get("career")
        if not isinstance(career, dict):
            continue
        for key in ("promotes_to", "from", "rotation"):
            for i, rid in _slugs(career.get(key)):
                if rid not in targets:
                    ctx.report("RD311", doc, ("career", key, i), f"职业发展中引用的岗位 {rid} 不存在",
                               _suggest(rid, targets))


def _department_functions(ctx: _Context) -> None:
    doc = ctx.special.get("departments")
    for dept, d in ctx.entries("departments"):
        parent = dept.get("parent")
        if isinstance(parent, str) and parent not in ctx.department_ids:
            ctx.report("RD314", doc, ("departments", d, "parent"), f"上级部门 {parent} 不存在",
                       _suggest(parent, ctx.department_ids))
        head = dept.get("head")
        if isinstance(head, str) and head not in ctx.role_ids:
            ctx.report("RD310", doc, ("departments", d, "head"), f"部门负责人 {head} 不是已有的岗位",
                       _suggest(head, ctx.role_ids))
        functions = dept.get("functions")
        for f, function in enumerate(functions if isinstance(functions, list) else []):
            if not isinstance(function, dict):
                continue
            places = [(("departments", d, "functions", f, "roles"), function.get("roles"))]
            items = function.get("items")
            for n, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    places.append((("departments", d, "functions", f, "items", n, "roles"), item.get("roles")))
            for parts, roles in places:
                for i, rid in _slugs(roles):
                    if rid not in ctx.role_ids:
                        ctx.report("RD310", doc, parts + (i,), f"部门职能引用的岗位 {rid} 不存在",
                                   _suggest(rid, ctx.role_ids))


def _processes(ctx: _Context) -> None:
    doc = ctx.special.get("processes")
    for proc, p in ctx.entries("processes"):
        owner = proc.get("owner")
        if isinstance(owner, str) and owner not in ctx.role_ids:
            ctx.report("RD312", doc, ("processes", p, "owner"), f"流程负责人 {owner} 不是已有的岗位",
                       _suggest(owner, ctx.role_ids))
        for key in ("steps", "rules"):
            entries = proc.get(key)
            for s, step in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(step, dict):
                    continue
                for i, rid in _slugs(step.get("roles")):
                    if rid not in ctx.role_ids:
                        ctx.report("RD312", doc, ("processes", p, key, s, "roles", i),
                                   f"流程引用的岗位 {rid} 不存在", _suggest(rid, ctx.role_ids))


def _open_review_notes(ctx: _Context) -> None:
    # Drafts carry review notes by design; an active role with open ones was published unchecked.
    for doc in ctx.roles:
        notes = doc.data.get("review_notes")
        if doc.data.get("status") == "active" and isinstance(notes, list) and notes:
            ctx.report("RD315", doc, ("review_notes",), f"岗位已生效（status: active），但还有 {len(notes)} 条待核对事项",
                       "请逐条核对并删除 review_notes，或把 status 改回 draft。")


# What `roledocs import` writes for HR (placeholders, "please add to _kpis.yaml", "original:")
# belongs in review_notes; in any other field of a role that is no draft, it would be printed.
IMPORTER_INSTRUCTION = re.compile(
    r"待补充|待填写|待命名岗位|待核对|请核对|请填写|请确认|请在\s*_?\w*\.yaml|_(?:kpis|departments|positions|glossary|processes)"
    r"\.yaml|原文(?:指标|直接上级|所属部门|虚线汇报|岗位定员|生效日期|没有写|中提到|[:：])|指标库中没有|不在指标库中|"
    r"按岗位名称推测|按名称生成|知识库中已有同名岗位|请对照更新")
_NOT_PRINTED = NOT_PRINTED


def _importer_instructions(ctx: _Context) -> None:
    for doc in ctx.roles:
        if doc.data.get("status") == "draft" or not IMPORTER_INSTRUCTION.search(doc.printed_text):
            continue
        for parts, text in doc.texts:
            if parts[0] in _NOT_PRINTED:
                continue
            found = IMPORTER_INSTRUCTION.search(text)
            if found:
                line, col = doc.where(parts) or (None, None)
                ctx.problems.append(problem(
                    "RD317", f"「{text[:40]}{'…' if len(text) > 40 else ''}」像是导入时留下的说明（「{found[0]}」），"
                             "会印在岗位说明书中", doc.name, line, col, json_path(parts),
                    "按说明处理后删掉这段文字；给人力资源部看的说明只写在 review_notes 中。"))


# `roledocs new` marks what only a person can write with PLACEHOLDER. In a draft that is
# expected but still unfinished (a warning); a role that is no draft gets RD317 instead.
PLACEHOLDER = "【待填写】"


def _placeholders(ctx: _Context) -> None:
    for doc in ctx.roles:
        if doc.data.get("status") == "draft":
            _report_placeholders(ctx, doc, doc.texts)
    kpis = ctx.special.get("kpis")
    for entry, i in ctx.entries("kpis"):
        _report_placeholders(ctx, kpis, strings(entry, (next(iter(kpis.data)), i)))


def _report_placeholders(ctx: _Context, doc: Document, strings) -> None:
    for parts, text in strings:
        if parts[0] not in _NOT_PRINTED and PLACEHOLDER in text:
            line, col = doc.where(parts) or (None, None)
            ctx.problems.append(problem(
                "RD318", f"还没有填写：「{text[:40]}{'…' if len(text) > 40 else ''}」", doc.name, line, col,
                json_path(parts), f"把这段文字换成真实内容（删掉{PLACEHOLDER}）。"))


# 「在客服主管的指导下」「向销售经理汇报」: the text says who the superior is
# (searched in a document's printed text, whose texts are joined by NUL: no name runs across it)
_SUPERIOR_IN_TEXT = re.compile(
    r"在(?P<a>[^，。；、,;\s\0]{2,12}?)的(?:直接)?(?:领导|指导|带领|管理|安排|监督)下"
    r"|向(?P<b>[^，。；、,;\s\0（(）)]{2,10}?)(?:汇报|报告|述职)"
    r"|(?:直接上级|直属上级)(?:为|是)(?P<c>[^，。；、,;\s\0]{2,10})")


def _superior_in_text(ctx: _Context) -> None:
    for doc in ctx.roles:
        boss = doc.data.get("reports_to")
        if not isinstance(boss, str) or (boss not in ctx.role_ids and boss not in ctx.position_ids):
            continue  # a missing superior has its own error
        allowed = {boss, *(v for _, v in _slugs(doc.data.get("dotted_line_to")))}
        wrong = []  # (where in the printed text, the match, the superior it names)
        for match in _SUPERIOR_IN_TEXT.finditer(doc.printed_text):
            named = match.group("a") or match.group("b") or match.group("c")
            found = ctx.superior_names.get(named)
            if found and found[0] not in allowed:
                wrong.append((match.start(), match.group(0), found[0]))
        if not wrong:  # most roles: the text names the superior they have
            continue
        printed = [(parts, text) for parts, text in doc.texts if parts[0] not in _NOT_PRINTED]
        starts = list(itertools.accumulate((len(text) + 1 for _, text in printed), initial=0))
        boss_name = ctx.superior_names_by_id.get(boss, boss)
        for at, said, named_id in wrong:
            parts = printed[bisect.bisect_right(starts, at) - 1][0]
            ctx.report("RD319", doc, parts, f"文字中写着「{said}」，但直接上级是 {boss}（{boss_name}）",
                       "改汇报关系时请同时修改这段文字；如果是业务指导而不是汇报，请把 "
                       f"{named_id} 写进 dotted_line_to（虚线汇报）。")
