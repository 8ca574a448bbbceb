"""Every kind of bad input gets its own code, the exact line, and loses nothing.

Each case writes one role file `roles/sales/probe.yaml` into a small valid
knowledge base and checks the problem the validator reports for it.
"""
from __future__ import annotations

import pytest

from roledocs.kb.validate import validate_knowledge_base

BASE = """\
id: probe
title: 测试岗位
department: sales
category: 业务类
status: active
reports_to: role-00000
summary: 负责测试。
duties:
  - title: 客户开发
    description: 开发新客户。
    share: 60
  - title: 回款跟踪
    description: 跟踪回款。
    share: 40
kpis:
  - kpi: sales-target-achievement
    weight: 60
  - kpi: cost-control-deviation
    weight: 40
"""


def edit(line: int, new: str) -> str:
    """BASE with line `line` (1-based) replaced by `new` (may hold several lines)."""
    lines = BASE.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


def insert(after: int, new: str) -> str:
    lines = BASE.splitlines()
    lines.insert(after, new)
    return "\n".join(lines) + "\n"


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))

# (case id, file content as str or bytes, expected code, expected line or None)
CASES = [
    ("duplicate-top-level-key", insert(7, "summary: 再写一次"), "RD103", 8),
    ("duplicate-nested-key", insert(11, "    share: 50"), "RD103", 12),
    ("gbk-encoded", BASE.encode("gbk"), "RD101", None),
    ("gb18030-encoded", BASE.replace("测试岗位", "测试岗位𠀀").encode("gb18030"), "RD101", None),
    ("latin1-garbage", b"id: probe\ntitle: \xff\xfe\xfa\n", "RD101", None),
    ("tab-indentation", edit(10, "\tdescription: 开发新客户。"), "RD104", 10),
    ("fullwidth-colon", edit(7, "summary：负责测试。"), "RD105", 7),
    ("empty-file", "", "RD106", None),
    ("only-comments", "# 还没写\n# 以后补\n", "RD106", None),
    ("root-is-list", "- id: probe\n- title: 测试岗位\n", "RD107", 1),
    ("root-is-scalar", "测试岗位\n", "RD107", 1),
    ("alias-bomb", BOMB, "RD108", None),
    ("unclosed-quote", edit(7, 'summary: "负责测试。'), "RD102", None),
    ("python-tag", edit(7, "summary: !!python/object/apply:os.system [echo hi]"), "RD102", 7),
    ("typo-top-level-key", edit(8, "dutise:"), "RD201", 8),
    ("typo-nested-key", edit(10, "    descripton: 开发新客户。"), "RD201", 10),
    ("missing-required-summary", edit(7, "# summary 被删掉了"), "RD202", None),
    ("wrong-type-headcount", insert(5, "headcount: 很多"), "RD203", 6),
    ("empty-value", edit(7, "summary:"), "RD203", 7),
    ("enum-category", edit(4, "category: 销售类"), "RD204", 4),
    ("bad-id-pattern", edit(1, "id: Probe_1"), "RD205", 1),
    ("weight-out-of-range", edit(17, "    weight: 150"), "RD206", 17),
    ("no-duties", edit(8, "duties: []").replace(
        "  - title: 客户开发\n    description: 开发新客户。\n    share: 60\n"
        "  - title: 回款跟踪\n    description: 跟踪回款。\n    share: 40\n", ""), "RD207", 8),
    ("id-differs-from-stem", edit(1, "id: probe2"), "RD302", 1),
    ("duplicate-id", edit(1, "id: role-00001"), "RD301", 1),
    ("unknown-department", edit(3, "department: nosuch"), "RD303", 3),
    ("unknown-superior", edit(6, "reports_to: nobody"), "RD304", 6),
    ("reports-to-itself", edit(6, "reports_to: probe"), "RD305", 6),
    ("unknown-kpi", edit(16, "  - kpi: no-such-kpi"), "RD306", 16),
    ("weights-not-100", edit(17, "    weight: 50"), "RD307", 15),
    ("thresholds-against-direction", insert(17, "    pass: 90\n    excellent: 80"), "RD308", 19),
    ("duty-shares-not-100", edit(11, "    share: 70"), "RD309", 8),
    ("unknown-career-target", BASE + "career:\n  promotes_to: [nope]\n", "RD311", 21),
    # invisible characters, written as they are or as escapes inside double quotes (issue 11.4)
    ("control-char-esc", edit(7, "summary: 负责\x1b[31m测试"), "RD113", 7),
    ("control-char-del", edit(13, "    description: 跟踪\x7f回款。"), "RD113", 13),
    ("control-char-c1", edit(7, "summary: 负责\x9b测试"), "RD113", 7),
    ("control-char-stray-nul", edit(7, "summary: 负责\x00测试"), "RD113", 7),
    ("escaped-esc", edit(7, r'summary: "负责\e[31m测试"'), "RD113", 7),
    ("escaped-bel", edit(7, r'summary: "负责\x07测试"'), "RD113", 7),
    ("escaped-nul", edit(10, r'    description: "开发\0新客户"'), "RD113", 10),
    ("escaped-c1", edit(12, r'  - title: "回款\u0085跟踪"'), "RD113", 12),
    ("escaped-noncharacter", edit(2, r'title: "测试\uFFFE岗位"'), "RD113", 2),
    ("escaped-in-key", insert(7, r'"x\e[2J": 1'), "RD113", 8),
    # limits (issue 11.5, 11.12)
    ("id-too-long", edit(1, "id: " + "a" * 240), "RD112", 1),
    ("text-too-long", edit(7, "summary: " + "很长" * 5001), "RD112", 7),
    ("too-many-duties", edit(8, "duties:\n" + "  - title: 职责\n" * 201 + "  - title: 客户开发"), "RD112", 8),
    ("file-too-large", BASE + ("# " + "填充" * 60 + "\n") * 30_000, "RD111", None),
    ("too-many-values", insert(7, "extra: [" + "1, " * 510_000 + "1]"), "RD111", 8),
    ("too-deep", insert(7, "extra: " + "[" * 70 + "]" * 70), "RD108", 8),
    # a confidential value copied out of its field by an alias (issue 11.10)
    ("alias-out-of-compensation", BASE + "compensation:\n  salary_range: &pay 8000–12000 元/月\n"
     "authorities:\n  - 审批报销\n  - *pay\n", "RD115", 24),
    ("alias-out-of-review-notes", BASE.replace("status: active", "status: draft")
     + "review_notes:\n  - &note 直接上级待确认\ntags: [*note]\n", "RD115", 22),
]


@pytest.fixture(scope="module")
def base_kb(tmp_path_factory):
    from support.synthetic import write_synthetic_knowledge_base

    return write_synthetic_knowledge_base(tmp_path_factory.mktemp("kb"), 3, seed=7)


@pytest.fixture
def kb(base_kb, tmp_path):
    import shutil

    dest = tmp_path / "kb"
    shutil.copytree(base_kb, dest)
    return dest


def write_probe(kb, content) -> None:
    path = kb / "roles" / "sales" / "probe.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def test_the_base_file_is_valid(kb):
    write_probe(kb, BASE)
    report = validate_knowledge_base(kb)
    assert report.problems == []


@pytest.mark.parametrize("content,code,line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_line(kb, content, code, line):
    write_probe(kb, content)
    report = validate_knowledge_base(kb)
    found = [p for p in report.problems if p.code == code]
    assert found, f"expected {code}, got {[(p.code, p.line, p.message) for p in report.problems]}"
    problem = found[0]
    assert problem.severity == "error"
    assert problem.file == "roles/sales/probe.yaml"
    if line is not None:
        assert problem.line == line, problem
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message), "messages are in Chinese"
    assert not report.ok


@pytest.mark.parametrize("content,code,line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cli_exits_1_and_names_file_and_line(kb, content, code, line, cli):
    write_probe(kb, content)
    result = cli("validate", "--root", kb)
    assert result.returncode == 1
    where = f"roles/sales/probe.yaml:{line}:" if line else "roles/sales/probe.yaml"
    assert any(where in row and code in row for row in result.stdout.splitlines()), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


def test_gbk_message_says_how_to_resave(kb):
    write_probe(kb, BASE.encode("gbk"))
    [problem] = [p for p in validate_knowledge_base(kb).problems if p.code == "RD101"]
    assert "GBK" in problem.message
    assert "UTF-8" in problem.hint


def test_fullwidth_colon_names_the_key(kb):
    write_probe(kb, edit(7, "summary：负责测试。"))
    [problem] = [p for p in validate_knowledge_base(kb).problems if p.code == "RD105"]
    assert "summary" in problem.message and "：" in problem.message + problem.hint


def test_fullwidth_colons_are_found_after_keys_only(kb):
    """A key's full-width colon is found on every line that has one, however many colons of
    Chinese prose (values, comments) come before or after it; a colon in a value never counts."""
    lines = BASE.rstrip("\n").split("\n")
    extra = ["notes：内容：更多", "extra: 说明：不是键", "# 备注：注释", "  - item：x：y", "  plain text：中文", "last_key ：z"]
    write_probe(kb, "\n".join(lines + extra) + "\n")
    found = [(p.line, p.message) for p in validate_knowledge_base(kb).problems if p.code == "RD105"]
    n = len(lines)
    assert [line for line, _ in found] == [n + 1, n + 4, n + 6]
    assert [m.split()[1] for _, m in found] == ["notes", "item", "last_key"]


def test_typo_hint_suggests_the_right_key(kb):
    write_probe(kb, edit(10, "    descripton: 开发新客户。"))
    [problem] = [p for p in validate_knowledge_base(kb).problems if p.code == "RD201"]
    assert "description" in problem.hint


def test_duplicate_key_names_both_lines(kb):
    write_probe(kb, insert(7, "summary: 再写一次"))
    [problem] = [p for p in validate_knowledge_base(kb).problems if p.code == "RD103"]
    assert "summary" in problem.message and "7" in problem.message + problem.hint


def test_all_problems_of_a_run_are_reported(kb):
    content = edit(3, "department: nosuch").replace("category: 业务类", "category: 销售类")
    content = content.replace("    descripton", "    description").replace("reports_to: role-00000", "reports_to: x")
    write_probe(kb, content)
    codes = {p.code for p in validate_knowledge_base(kb).problems}
    assert {"RD303", "RD204", "RD304"} <= codes


def test_utf8_bom_is_accepted(kb):
    write_probe(kb, "\ufeff" + BASE)
    assert validate_knowledge_base(kb).problems == []


def test_injection_text_is_kept_literally(kb):
    from roledocs.kb import open_knowledge_base

    hostile = "{{ 7*7 }} {% raw %} <script>alert(1)</script> ${HOME} `rm -rf /`"
    write_probe(kb, edit(7, f"summary: '{hostile}'"))
    role = open_knowledge_base(kb).role("probe")
    assert role.summary == hostile


def test_dates_stay_as_written(kb):
    write_probe(kb, BASE + "review_due: 2027-01-01\n")
    from roledocs.kb import open_knowledge_base

    assert open_knowledge_base(kb).role("probe").review_due == "2027-01-01"


def test_drafts_folder_is_not_validated(kb):
    drafts = kb / "roles" / "_drafts"
    drafts.mkdir()
    (drafts / "half-done.yaml").write_text("id: half-done\ntitle: 草稿\n", encoding="utf-8")
    assert validate_knowledge_base(kb).problems == []


def test_active_role_with_open_review_notes_is_a_warning(kb):
    write_probe(kb, BASE + "review_notes:\n  - 直接上级原文为“办事处主任”，请确认\n")
    report = validate_knowledge_base(kb)
    [problem] = report.problems
    assert (problem.code, problem.severity, problem.line) == ("RD315", "warning", 20)
    assert report.ok
    write_probe(kb, BASE.replace("status: active", "status: draft") + "review_notes:\n  - 请确认\n")
    assert validate_knowledge_base(kb).problems == []


def test_review_notes_stay_out_of_the_public_model(kb):
    from roledocs.kb import open_knowledge_base

    write_probe(kb, BASE.replace("status: active", "status: draft") + "review_notes:\n  - 内部核对\n")
    assert open_knowledge_base(kb).role("probe").review_notes == ()
    assert open_knowledge_base(kb, "internal").role("probe").review_notes == ("内部核对",)


def test_each_problem_is_reported_once(kb):
    """A file with only unknown keys: one problem per unknown key and per missing field (issue 11.12)."""
    write_probe(kb, "foo: 1\nbar: 2\nduties:\n  - descripton: x\n")
    problems = validate_knowledge_base(kb).problems
    assert len(problems) == len(set(problems)), [p.message for p in problems]
    assert [p.code for p in problems if p.path == "$"] == ["RD202"] * 7  # all but duties
    assert sorted((p.code, p.path) for p in problems if p.path != "$") == [
        ("RD201", "$.bar"), ("RD201", "$.duties[0].descripton"), ("RD201", "$.foo"), ("RD202", "$.duties[0]")]


def test_one_broken_role_file_does_not_break_the_references_to_it(kb):
    """Roles that report to a file that cannot be read are not reported too: its id is its file name."""
    write_probe(kb, BASE)
    (kb / "roles" / "sales" / "under-probe.yaml").write_text(
        BASE.replace("id: probe", "id: under-probe").replace("reports_to: role-00000", "reports_to: probe"),
        encoding="utf-8")
    assert validate_knowledge_base(kb).problems == []
    write_probe(kb, BASE + "summary: 再写一次\n")
    problems = validate_knowledge_base(kb).problems
    assert [(p.code, p.file) for p in problems] == [("RD103", "roles/sales/probe.yaml")]


@pytest.mark.parametrize("special,references", [("_kpis.yaml", "RD306"), ("_departments.yaml", "RD303"),
                                                ("_positions.yaml", "RD304")])
def test_a_broken_shared_file_is_reported_once(kb, special, references):
    path = kb / "roles" / special
    path.write_text(path.read_text(encoding="utf-8") + "\t坏了: x\n", encoding="utf-8")
    problems = validate_knowledge_base(kb).problems
    assert [p.code for p in problems] == ["RD104"], [(p.code, p.file, p.message) for p in problems]
