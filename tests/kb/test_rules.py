"""Every cross-file rule (src/roledocs/kb/rules.py) both ways: a hit with its exact code, file,
line and severity, and a near miss that must pass.

The knowledge base below is small and written out in full, so every line number in the
expectations can be read off the text. Each test changes one line (or adds one file).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from roledocs.kb.validate import validate_knowledge_base

FILES = {
    "roles/_positions.yaml": """\
positions:
  - id: general-manager
    title: 总经理
  - id: deputy-gm
    title: 副总经理
    reports_to: general-manager
""",
    "roles/_departments.yaml": """\
departments:
  - id: sales
    name: 销售部
    head: boss
    functions:
      - name: 销售管理
        roles: [boss]
        items:
          - name: 回款管理
            roles: [rep]
  - id: service
    name: 客服部
    parent: sales
""",
    "roles/_kpis.yaml": """\
kpis:
  - id: revenue
    name: 销售额
    definition: 销售收入。
    unit: 万元
    direction: higher
    pass: 90
    excellent: 110
  - id: cost
    name: 成本偏差率
    definition: 成本偏差。
    unit: "%"
    direction: lower
    pass: 5
    excellent: 2
""",
    "roles/_glossary.yaml": """\
terms:
  - term: 回款
    definition: 收回货款。
  - term: 客诉
    definition: 客户投诉。
""",
    "roles/_processes.yaml": """\
processes:
  - id: selling
    name: 销售流程
    owner: boss
    steps:
      - title: 开发客户
        roles: [rep]
    rules:
      - title: 审批
        roles: [boss]
""",
    "roles/sales/boss.yaml": """\
id: boss
title: 销售经理
department: sales
category: 经营管理类
status: active
reports_to: general-manager
summary: 管理销售。
duties:
  - title: 管理
kpis:
  - kpi: revenue
    weight: 60
  - kpi: cost
    weight: 40
career:
  promotes_to: [deputy-gm]
""",
    "roles/sales/rep.yaml": """\
id: rep
title: 销售代表
department: sales
category: 业务类
status: active
reports_to: boss
dotted_line_to: [general-manager]
summary: 销售产品。
duties:
  - title: 开发客户
    share: 70
  - title: 回款
    share: 30
kpis:
  - kpi: revenue
  - kpi: cost
career:
  from: [boss]
  rotation: [boss]
""",
}
BOSS, REP = "roles/sales/boss.yaml", "roles/sales/rep.yaml"
DEPTS, KPIS, POSITIONS = "roles/_departments.yaml", "roles/_kpis.yaml", "roles/_positions.yaml"
GLOSSARY, PROCESSES = "roles/_glossary.yaml", "roles/_processes.yaml"


@pytest.fixture
def kb(tmp_path) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def edit(kb: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the file `name`."""
    path = kb / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add(kb: Path, name: str, text: str) -> None:
    path = kb / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def found(kb: Path) -> list[tuple[str, str, str, int | None]]:
    """(code, severity, file, line) of every problem, in the validator's order."""
    return [(p.code, p.severity, p.file, p.line) for p in validate_knowledge_base(kb).problems]


def test_the_knowledge_base_is_valid(kb):
    assert found(kb) == []


# ── RD301 ids unique ──────────────────────────────────────────────────────
def test_duplicate_role_id_is_reported_on_the_second_file(kb):
    add(kb, "roles/service/boss.yaml", FILES[BOSS].replace("department: sales", "department: service"))
    assert found(kb) == [("RD301", "error", "roles/service/boss.yaml", 1)]


def test_a_new_role_id_is_fine(kb):
    add(kb, "roles/service/boss-2.yaml",
        FILES[BOSS].replace("id: boss", "id: boss-2").replace("department: sales", "department: service"))
    assert found(kb) == []


@pytest.mark.parametrize("name, old, new, line", [
    (POSITIONS, "  - id: deputy-gm", "  - id: general-manager", 4),
    (POSITIONS, "  - id: deputy-gm", "  - id: rep", 4),  # a position may not take a role's id
    (DEPTS, "  - id: service", "  - id: sales", 11),
    (KPIS, "  - id: cost", "  - id: revenue", 9),
    (GLOSSARY, "  - term: 客诉", "  - term: 回款", 4),
])
def test_duplicate_ids_in_shared_files(kb, name, old, new, line):
    edit(kb, name, old, new)
    problems = [p for p in found(kb) if p[0] == "RD301"]
    assert problems == [("RD301", "error", name, line)]


def test_duplicate_process_id(kb):
    edit(kb, PROCESSES, "        roles: [boss]\n", "        roles: [boss]\n  - id: selling\n    name: 另一个\n"
                                                  "    steps:\n      - title: 一步\n")
    assert found(kb) == [("RD301", "error", PROCESSES, 11)]


# ── RD302 id equals the file stem ─────────────────────────────────────────
@pytest.mark.parametrize("rid, expected", [("extra", []), ("extra2", [("RD302", "error", "roles/service/extra.yaml", 1)])])
def test_id_must_equal_the_file_stem(kb, rid, expected):
    add(kb, "roles/service/extra.yaml",
        FILES[REP].replace("id: rep", f"id: {rid}").replace("department: sales", "department: service"))
    assert found(kb) == expected


# ── RD303 / RD313 department ──────────────────────────────────────────────
def test_unknown_department_suggests_the_close_one(kb):
    edit(kb, REP, "department: sales", "department: salse")
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.file, problem.line) == ("RD303", REP, 3)
    assert "sales" in problem.hint


def test_a_department_in_another_folder_is_a_warning(kb):
    edit(kb, REP, "department: sales", "department: service")
    assert found(kb) == [("RD313", "warning", REP, 3)]


# ── RD304 reporting lines ─────────────────────────────────────────────────
@pytest.mark.parametrize("name, old, new, expected", [
    (REP, "reports_to: boss", "reports_to: bos", [("RD304", "error", REP, 6)]),
    (REP, "reports_to: boss", "reports_to: deputy-gm", []),  # a position is a valid superior
    (REP, "dotted_line_to: [general-manager]", "dotted_line_to: [general-managr]", [("RD304", "error", REP, 7)]),
    (REP, "dotted_line_to: [general-manager]", "dotted_line_to: [boss]", []),
    (POSITIONS, "    reports_to: general-manager", "    reports_to: nobody", [("RD304", "error", POSITIONS, 6)]),
    (POSITIONS, "    reports_to: general-manager", "    reports_to: boss", [("RD304", "error", POSITIONS, 6)]),
])
def test_reporting_targets_must_exist(kb, name, old, new, expected):
    edit(kb, name, old, new)
    assert found(kb) == expected


# ── RD305 no cycles ───────────────────────────────────────────────────────
def test_a_reporting_cycle_is_reported_in_every_file_on_it(kb):
    """Issue 13.7: whoever edited either file sees the cycle in their own file, at its reports_to line."""
    edit(kb, BOSS, "reports_to: general-manager", "reports_to: rep")
    problems = validate_knowledge_base(kb).problems
    assert [(p.code, p.file, p.line) for p in problems] == [("RD305", BOSS, 6), ("RD305", REP, 6)]
    assert "boss → rep → boss" in problems[0].message and "rep → boss → rep" in problems[1].message


def test_a_role_reporting_to_itself(kb):
    edit(kb, REP, "reports_to: boss", "reports_to: rep")
    assert found(kb) == [("RD305", "error", REP, 6)]


def test_a_longer_chain_without_a_cycle_is_fine(kb):
    edit(kb, BOSS, "reports_to: general-manager", "reports_to: deputy-gm")
    assert found(kb) == []


def test_a_three_role_cycle_names_every_role(kb):
    add(kb, "roles/sales/lead.yaml", FILES[REP].replace("id: rep", "id: lead").replace("reports_to: boss", "reports_to: rep"))
    edit(kb, BOSS, "reports_to: general-manager", "reports_to: lead")
    edit(kb, REP, "reports_to: boss", "reports_to: lead")  # lead ↔ rep, boss hangs off the cycle
    problems = validate_knowledge_base(kb).problems
    assert [(p.code, p.file, p.line) for p in problems] == [("RD305", "roles/sales/lead.yaml", 6), ("RD305", REP, 6)]
    assert "lead → rep → lead" in problems[0].message and "rep → lead → rep" in problems[1].message


# ── RD306 KPI references, RD307 weights ───────────────────────────────────
def test_unknown_kpi_is_reported_at_its_line(kb):
    edit(kb, BOSS, "  - kpi: cost", "  - kpi: costs")
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.file, problem.line) == ("RD306", BOSS, 13)
    assert "cost" in problem.hint


@pytest.mark.parametrize("first, second, expected", [
    (60, 40, []),
    (60, 30, [("RD307", "error", BOSS, 10)]),    # 90: below 100
    (60, 50, [("RD307", "error", BOSS, 10)]),    # 110: above 100
    (99, 1, []),
    (99, 2, [("RD307", "error", BOSS, 10)]),     # 101: just above
    (98, 1, [("RD307", "error", BOSS, 10)]),     # 99: just below
])
def test_kpi_weights_must_total_100(kb, first, second, expected):
    edit(kb, BOSS, "    weight: 60", f"    weight: {first}")
    edit(kb, BOSS, "    weight: 40", f"    weight: {second}")
    assert found(kb) == expected


def test_weight_totals_are_reported_with_the_sum(kb):
    edit(kb, BOSS, "    weight: 40", "    weight: 50")
    [problem] = validate_knowledge_base(kb).problems
    assert "110" in problem.message and problem.hint == "权重：60 + 50 = 110。"


def test_float_weights_that_add_up_to_100_pass(kb):
    edit(kb, BOSS, "    weight: 60\n  - kpi: cost\n    weight: 40\n",
         "    weight: 33.3\n  - kpi: cost\n    weight: 33.4\n  - kpi: revenue\n    weight: 33.3\n")
    assert sum([33.3, 33.4, 33.3]) != 100  # floating point: the rule needs its tolerance
    assert found(kb) == []


def test_weights_given_for_some_kpis_only(kb):
    edit(kb, BOSS, "    weight: 40\n", "")
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.severity, problem.file, problem.line) == ("RD307", "error", BOSS, 10)
    assert problem.message == "2 个考核指标中只有 1 个填写了权重"


def test_weights_given_for_some_kpis_only_even_when_they_make_100(kb):
    edit(kb, BOSS, "    weight: 60\n", "    weight: 100\n")
    edit(kb, BOSS, "    weight: 40\n", "")
    assert found(kb) == [("RD307", "error", BOSS, 10)]


def test_no_weights_at_all_is_fine(kb):
    assert "weight" not in FILES[REP]
    assert found(kb) == []


def test_an_unknown_kpi_still_counts_for_the_weights(kb):
    edit(kb, BOSS, "  - kpi: cost\n    weight: 40\n", "  - kpi: costs\n")
    assert found(kb) == [("RD307", "error", BOSS, 10), ("RD306", "error", BOSS, 13)]


# ── RD308 thresholds against the KPI's direction ──────────────────────────
@pytest.mark.parametrize("kpi, passing, excellent, expected", [
    ("revenue", 90, 80, [("RD308", "error", REP, 17)]),    # higher: excellent below pass
    ("revenue", 90, 90, []),
    ("revenue", 80, 90, []),
    ("cost", 2, 5, [("RD308", "error", REP, 17)]),         # lower: excellent above pass
    ("cost", 5, 5, []),
    ("cost", 5, 2, []),
])
def test_role_overrides_must_agree_with_the_direction(kb, kpi, passing, excellent, expected):
    edit(kb, REP, "  - kpi: revenue\n  - kpi: cost\n",
         f"  - kpi: {kpi}\n    pass: {passing}\n    excellent: {excellent}\n")
    assert found(kb) == expected


@pytest.mark.parametrize("kpi, override, expected", [
    ("revenue", "pass: 120", [("RD308", "error", REP, 15)]),      # library excellent 110 < 120
    ("revenue", "pass: 110", []),
    ("revenue", "excellent: 80", [("RD308", "error", REP, 16)]),  # library pass 90 > 80
    ("cost", "pass: 1", [("RD308", "error", REP, 15)]),           # library excellent 2 > 1
    ("cost", "excellent: 6", [("RD308", "error", REP, 16)]),      # library pass 5 < 6
    ("cost", "excellent: 4", []),
])
def test_one_override_is_checked_against_the_library_value(kb, kpi, override, expected):
    edit(kb, REP, "  - kpi: revenue\n  - kpi: cost\n", f"  - kpi: {kpi}\n    {override}\n")
    assert found(kb) == expected


# A conflict in the library is reported there, and on each role that uses the KPI without
# overriding both thresholds (at the role's KPI item: it has no excellent key of its own).
@pytest.mark.parametrize("old, new, expected", [
    ("    excellent: 110", "    excellent: 89",
     [("RD308", "error", KPIS, 8), ("RD308", "error", BOSS, 11), ("RD308", "error", REP, 15)]),
    ("    excellent: 110", "    excellent: 90", []),
    ("    excellent: 2", "    excellent: 6",
     [("RD308", "error", KPIS, 15), ("RD308", "error", BOSS, 13), ("RD308", "error", REP, 16)]),
    ("    excellent: 2", "    excellent: 5", []),
])
def test_library_thresholds_must_agree_with_the_direction(kb, old, new, expected):
    edit(kb, KPIS, old, new)
    problems = validate_knowledge_base(kb).problems
    assert [(p.code, p.severity, p.file, p.line) for p in problems] == expected
    direction = "higher" if "110" in old else "lower"
    assert all("矛盾" in p.message and direction in p.message for p in problems)


# ── RD309 duty shares ─────────────────────────────────────────────────────
@pytest.mark.parametrize("first, second, expected", [
    (70, 30, []),
    (70, 20, [("RD309", "error", REP, 9)]),
    (70, 40, [("RD309", "error", REP, 9)]),
])
def test_duty_shares_must_total_100(kb, first, second, expected):
    edit(kb, REP, "    share: 70", f"    share: {first}")
    edit(kb, REP, "    share: 30", f"    share: {second}")
    assert found(kb) == expected


def test_duty_shares_for_some_duties_only_is_a_warning(kb):
    """Issue 13.4: RD309 meant two things; shares given on some duties only is RD316 (a warning)."""
    edit(kb, REP, "    share: 30\n", "")
    report = validate_knowledge_base(kb)
    assert [(p.code, p.severity, p.file, p.line) for p in report.problems] == [("RD316", "warning", REP, 9)]
    assert report.ok


@pytest.mark.parametrize("status, expected", [("active", [("RD317", "error", REP, 8)]), ("draft", [])])
def test_importer_instructions_left_in_a_printed_field(kb, status, expected):
    edit(kb, REP, "summary: 销售产品。", "summary: 待补充")
    edit(kb, REP, "status: active", f"status: {status}")
    assert found(kb) == expected


@pytest.mark.parametrize("status, expected", [("draft", [("RD318", "warning", REP, 8)]),
                                             ("active", [("RD317", "error", REP, 8)])])
def test_placeholder_of_roledocs_new_is_reported_once(kb, status, expected):
    """A draft's 【待填写】 is a reminder (RD318); once the role is no draft it would be printed (RD317)."""
    edit(kb, REP, "summary: 销售产品。", "summary: 【待填写】岗位目的")
    edit(kb, REP, "status: active", f"status: {status}")
    assert found(kb) == expected


def test_placeholder_in_a_kpi_is_a_warning(kb):
    edit(kb, KPIS, "    definition: 销售收入。", "    definition: 【待填写】这个指标衡量什么。")
    assert found(kb) == [("RD318", "warning", KPIS, 4)]


# ── RD310 / RD314 department functions, heads, parents ────────────────────
@pytest.mark.parametrize("old, new, expected", [
    ("    head: boss", "    head: bos", [("RD310", "error", DEPTS, 4)]),
    ("    head: boss", "    head: rep", []),
    ("        roles: [boss]", "        roles: [boss, nobody]", [("RD310", "error", DEPTS, 7)]),
    ("        roles: [boss]", "        roles: [boss, rep]", []),
    ("            roles: [rep]", "            roles: [reps]", [("RD310", "error", DEPTS, 10)]),
    ("    parent: sales", "    parent: sale", [("RD314", "error", DEPTS, 13)]),
    ("    parent: sales", "    parent: service", []),  # (a department may not be its own parent: not checked)
])
def test_department_references_must_exist(kb, old, new, expected):
    edit(kb, DEPTS, old, new)
    assert found(kb) == expected


def test_a_position_is_not_a_department_head(kb):
    edit(kb, DEPTS, "    head: boss", "    head: general-manager")
    assert found(kb) == [("RD310", "error", DEPTS, 4)]


# ── RD311 career ──────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, old, new, expected", [
    (BOSS, "  promotes_to: [deputy-gm]", "  promotes_to: [deputy]", [("RD311", "error", BOSS, 16)]),
    (BOSS, "  promotes_to: [deputy-gm]", "  promotes_to: [rep]", []),
    (REP, "  from: [boss]", "  from: [boos]", [("RD311", "error", REP, 18)]),
    (REP, "  rotation: [boss]", "  rotation: [boss, bossy]", [("RD311", "error", REP, 19)]),
    (REP, "  rotation: [boss]", "  rotation: [general-manager]", []),
])
def test_career_targets_must_exist(kb, name, old, new, expected):
    edit(kb, name, old, new)
    assert found(kb) == expected


# ── RD312 processes ───────────────────────────────────────────────────────
@pytest.mark.parametrize("old, new, expected", [
    ("    owner: boss", "    owner: bos", [("RD312", "error", PROCESSES, 4)]),
    ("    owner: boss", "    owner: general-manager", [("RD312", "error", PROCESSES, 4)]),  # a role, not a position
    ("    owner: boss", "    owner: rep", []),
    ("        roles: [rep]", "        roles: [rep, nobody]", [("RD312", "error", PROCESSES, 7)]),
    ("        roles: [boss]", "        roles: [bosses]", [("RD312", "error", PROCESSES, 10)]),
    ("        roles: [boss]", "        roles: [rep]", []),
])
def test_process_roles_must_exist(kb, old, new, expected):
    edit(kb, PROCESSES, old, new)
    assert found(kb) == expected


# ── RD315 open review notes ───────────────────────────────────────────────
@pytest.mark.parametrize("status, notes, expected", [
    ("active", "review_notes:\n  - 请核对上级\n", [("RD315", "warning", REP, 20)]),
    ("draft", "review_notes:\n  - 请核对上级\n", []),
    ("retired", "review_notes:\n  - 请核对上级\n", []),
    ("active", "review_notes: []\n", []),
    ("active", "", []),
])
def test_open_review_notes_on_an_active_role(kb, status, notes, expected):
    edit(kb, REP, "status: active", f"status: {status}")
    path = kb / REP
    path.write_text(path.read_text(encoding="utf-8") + notes, encoding="utf-8")
    report = validate_knowledge_base(kb)
    assert [(p.code, p.severity, p.file, p.line) for p in report.problems] == expected
    assert report.ok


def test_every_rule_code_is_exercised_here():
    import re

    source = (Path(__file__).resolve().parents[2] / "src" / "roledocs" / "kb" / "rules.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'"(RD3\d\d)"', source))
    tested = set(re.findall(r"RD3\d\d", Path(__file__).read_text(encoding="utf-8")))
    assert codes and codes <= tested, codes - tested


# ── what loading reports around the rules (roledocs.kb.load) ────────────────
def test_every_file_is_counted(kb):
    report = validate_knowledge_base(kb)
    assert report.files_checked == 7
    add(kb, "roles/_drafts/half.yaml", "id: half\n")  # drafts are not part of the knowledge base
    assert validate_knowledge_base(kb).files_checked == 7


def test_a_role_file_outside_any_department_folder_is_ignored_with_a_warning(kb):
    add(kb, "roles/lost.yaml", FILES[REP].replace("id: rep", "id: lost"))
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.severity, problem.file, problem.line) == ("RD110", "warning", "roles/lost.yaml", None)
    assert problem.hint == ("岗位文件应放在 roles/<部门编号>/<岗位编号>.yaml；以下划线开头的文件只能是 "
                            "_departments.yaml、_kpis.yaml、_glossary.yaml、_positions.yaml、_processes.yaml。")


@pytest.mark.parametrize("line, where, hint", [
    ('summary: "没有闭合', (8, 10), '请在这段文字的末尾补上 "（开头和结尾的引号要成对）；文字中没有冒号、# 等符号时，'
                                  '也可以去掉开头的 "。'),  # where the quote was opened, not the end of the file
    ("summary: 值: 里有冒号", (8, 11), "值里含有“: ”时，请用引号把整个值括起来；也请检查缩进是否对齐。"),
])
def test_a_yaml_syntax_error_gets_the_hint_for_its_kind(kb, line, where, hint):
    edit(kb, REP, "summary: 销售产品。", line)
    [problem] = [p for p in validate_knowledge_base(kb).problems if p.file == REP]  # (others: rep is gone)
    assert (problem.code, problem.hint) == ("RD102", hint)
    if where:
        assert (problem.line, problem.column) == where  # the second ": " on line 8


def test_only_yaml_files_are_read(kb):
    add(kb, "roles/sales/README.md", "# 销售部岗位\n")
    add(kb, "roles/sales/notes.txt", "id: notes\n")
    (kb / "roles" / "sales" / "archive.yaml").mkdir()  # a folder with a YAML-looking name
    report = validate_knowledge_base(kb)
    assert (report.problems, report.files_checked) == ([], 7)


@pytest.mark.parametrize("content, code, line", [
    (b"", "RD106", 1),
    (b"# \xe8\xbf\x98\xe6\xb2\xa1\xe5\x86\x99\n", "RD106", 1),
    ("id: rep\ntitle: 销售代表\n".encode("gbk"), "RD101", 2),         # the first non-UTF-8 byte is on line 2
    (b"id: rep\n\ntitle: \xff\n", "RD101", 3),
    (b"id: rep\ntitle: x\nsummary: a\x00b\n", "RD113", 3),           # a NUL byte on line 3: a control character
    (b"\x00id: rep\n", "RD113", 1),
])
def test_unreadable_files_are_reported_at_their_line(kb, content, code, line):
    (kb / REP).write_bytes(content)
    problems = [p for p in validate_knowledge_base(kb).problems if p.file == REP]
    assert [(p.code, p.line) for p in problems] == [(code, line)]
    if code == "RD106":  # an empty file: its very start, 1:1
        assert problems[0].column == 1


# ── the nesting limit is exact (the size limits have their own tests) ─────
@pytest.mark.parametrize("levels, too_deep", [(63, False), (64, True)])
@pytest.mark.parametrize("shape", ["mappings", "lists"])
def test_nesting_limit_is_exact(kb, shape, levels, too_deep):
    """The file's root is depth 0; a value nested deeper than MAX_DEPTH (64) is refused."""
    from roledocs.kb.load import MAX_DEPTH

    assert MAX_DEPTH == 64
    inner = "{a: " * levels + "1" + "}" * levels if shape == "mappings" else "[" * levels + "1" + "]" * levels
    (kb / REP).write_text(FILES[REP] + f"tags: {inner}\n", encoding="utf-8")
    codes = {p.code for p in validate_knowledge_base(kb).problems if p.file == REP}
    assert ("RD108" in codes) is too_deep, codes


# ── RD319 the text names another superior ───────────────────────────────────
@pytest.mark.parametrize("summary, expected", [
    ("在副总经理的指导下销售产品。", [("RD319", "warning", REP, 8)]),   # deputy-gm: not its superior
    ("销售产品，每周向副总经理汇报。", [("RD319", "warning", REP, 8)]),
    ("在销售经理的领导下销售产品。", []),                                # boss: its superior
    ("销售产品，每月向总经理汇报。", []),                                # general-manager: its dotted line
    ("销售产品，向客户汇报进展。", []),                                  # not a role or position
])
def test_text_naming_another_superior(kb, summary, expected):
    edit(kb, REP, "summary: 销售产品。", f"summary: {summary}")
    assert found(kb) == expected


def test_text_naming_another_superior_later_in_the_file(kb):
    """The texts are searched together (the document's printed text): a finding points at the
    text that says it, and no name is read across two texts."""
    edit(kb, REP, "  - title: 回款\n", "  - title: 回款，每周向副总经理汇报\n")
    assert found(kb) == [("RD319", "warning", REP, 12)]
    edit(kb, REP, "  - title: 回款，每周向副总经理汇报\n", "  - title: 的指导下回款\n")
    edit(kb, REP, "summary: 销售产品。", "summary: 销售产品，在副总经理")
    assert found(kb) == []


def test_text_naming_another_superior_says_which_one_is_set(kb):
    edit(kb, REP, "summary: 销售产品。", "summary: 在副总经理的指导下销售产品。")
    [problem] = validate_knowledge_base(kb).problems
    assert "在副总经理的指导下" in problem.message and "boss（销售经理）" in problem.message
    assert "deputy-gm" in problem.hint and "dotted_line_to" in problem.hint


# ── RD320 / RD321 a retired role's successor ───────────────────────────────
@pytest.mark.parametrize("successor, boss_status, expected", [
    ("boss", "active", []),
    ("bos", "active", [("RD320", "error", REP, 6)]),
    ("general-manager", "active", [("RD320", "error", REP, 6)]),   # a position, not a role
    ("销售经理", "active", [("RD320", "error", REP, 6)]),          # the title: one problem, not also RD205
    ("rep", "active", [("RD321", "warning", REP, 6)]),             # itself: retired
    ("boss", "draft", [("RD321", "warning", REP, 6)]),
])
def test_successor_of_a_retired_role(kb, successor, boss_status, expected):
    edit(kb, REP, "status: active\n", f"status: retired\nsuccessor: {successor}\n")
    edit(kb, BOSS, "status: active", f"status: {boss_status}")
    assert found(kb) == expected
