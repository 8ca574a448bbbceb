"""`roledocs bump`: the version, effective date and history entry are edited in place; every
other byte of the file stays as it was (ruamel.yaml round-trip, checked before writing)."""
from __future__ import annotations

import datetime as dt
import difflib
import shutil

import pytest

from roledocs.kb.load import load_file
from support.gitkb import GitKB

REP = "roles/sales/sales-rep.yaml"
REPO_ROLES = __import__("pathlib").Path(__file__).resolve().parents[2] / "roles"


@pytest.fixture
def kb(tmp_path) -> GitKB:
    return GitKB.create(tmp_path / "project")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_bump_edits_only_version_date_and_history(kb, cli):
    before = kb.read(REP)
    code, out, err = cli("bump", "sales-rep", "--change", "调整考核: 权重各 50%", "--date", "2026-03-01",
                         "--root", str(kb.path))
    assert code == 0, err
    assert out.strip() == "sales-rep：版本 1.0 → 1.1，生效日期 2026-03-01（roles/sales/sales-rep.yaml）"
    after = kb.read(REP)
    removed, added = changed_lines(before, after)
    assert removed == ['  version: "1.0"  # 受控版本\n', '  effective_date: "2026-01-05"\n']
    assert added == ['  version: "1.1"  # 受控版本\n', '  effective_date: "2026-03-01"\n',
                     '    - version: "1.1"\n', '      date: "2026-03-01"\n', "      change: '调整考核: 权重各 50%'\n"]
    # everything else byte for byte: comments, blank lines, quoting, key order
    keep = [line for line in before.splitlines(keepends=True) if line not in removed]
    assert [line for line in after.splitlines(keepends=True) if line not in added] == keep
    doc, problems = load_file(kb.file(REP), name=REP)
    assert problems == [] and doc.data["document"]["history"][-1] == {
        "version": "1.1", "date": "2026-03-01", "change": "调整考核: 权重各 50%"}


def test_major_bump_and_default_date_today(kb, cli):
    code, out, _ = cli("bump", "sales-team-lead", "--major", "--change", "职责重新划分", "--root", str(kb.path))
    assert code == 0
    today = dt.date.today().isoformat()
    text = kb.read("roles/sales/sales-team-lead.yaml")
    assert 'version: "2.0"' in text and f'effective_date: "{today}"' in text
    assert f'    - version: "2.0"\n      date: "{today}"\n      change: 职责重新划分\n' in text


def test_bump_adds_history_when_there_is_none(kb, cli):
    code, _, err = cli("bump", "sales-manager", "--change", "补充修订记录", "--date", "2026-02-02",
                       "--root", str(kb.path))
    assert code == 0, err
    doc, problems = load_file(kb.file("roles/sales/sales-manager.yaml"), name="x")
    assert problems == []
    assert doc.data["document"] == {"number": "HR-JD-008", "version": "2.1", "effective_date": "2026-02-02",
                                    "history": [{"version": "2.1", "date": "2026-02-02", "change": "补充修订记录"}]}


def test_bump_keeps_every_real_role_file_intact_outside_the_document_block(tmp_path, cli):
    project = tmp_path / "project"
    shutil.copytree(REPO_ROLES, project / "roles")
    ids = [p.stem for p in sorted((project / "roles").glob("*/*.yaml"))]
    before = {p: p.read_text(encoding="utf-8") for p in (project / "roles").glob("*/*.yaml")}
    code, _, err = cli("bump", *ids, "--change", "年度复审", "--date", "2027-01-01", "--root", str(project))
    assert code == 0, err
    for path, text in before.items():
        removed, added = changed_lines(text, path.read_text(encoding="utf-8"))
        assert [x.split(":")[0].strip() for x in removed] == ["version", "effective_date"], path
        assert len(added) == 5, path


def test_all_or_nothing_and_bad_inputs_write_nothing(kb, cli):
    before = kb.tree_bytes()
    cases = [
        (["bump", "sales-rep", "nobody", "--change", "x"], 2, "没有岗位 nobody"),
        (["bump", "sales-rep", "--change", "  "], 2, "请用 --change 写明"),
        (["bump", "sales-rep", "--change", "x", "--date", "2026-13-01"], 2, "日期 '2026-13-01' 无效"),
        (["bump", "sales-rep"], 2, "缺少选项 --change"),
    ]
    for args, exit_code, message in cases:
        code, _, err = cli(*args, "--root", str(kb.path))
        assert code == exit_code and message in err, (args, err)
    # a role whose version is not a number stops the whole run before anything is written
    kb.edit("roles/customer-service/cs-agent.yaml", 'version: "1.0"', 'version: "A-1"')
    before = kb.tree_bytes()
    code, _, err = cli("bump", "sales-rep", "cs-agent", "--change", "x", "--root", str(kb.path))
    assert code == 2 and "版本号 'A-1' 不是“主版本.次版本”形式" in err
    assert kb.tree_bytes() == before


def test_invalid_knowledge_base_is_not_edited(kb, cli):
    kb.edit(REP, "headcount: 20", "headcount: 很多")
    before = kb.tree_bytes()
    code, _, err = cli("bump", "sales-rep", "--change", "x", "--root", str(kb.path))
    assert code == 1 and "RD203" in err
    assert kb.tree_bytes() == before


def test_windows_line_endings_and_bom_are_kept(kb, cli):
    raw = kb.file(REP).read_bytes().replace(b"\n", b"\r\n")
    kb.file(REP).write_bytes(b"\xef\xbb\xbf" + raw)
    code, _, err = cli("bump", "sales-rep", "--change", "x", "--date", "2026-03-01", "--root", str(kb.path))
    assert code == 0, err
    after = kb.file(REP).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert b'  version: "1.1"  # \xe5\x8f\x97\xe6\x8e\xa7\xe7\x89\x88\xe6\x9c\xac\r\n' in after


def test_style_that_cannot_be_kept_is_refused(kb, cli):
    # a flow mapping written by hand: ruamel.yaml would re-flow it, so bump refuses and writes nothing
    kb.edit(REP, "qualifications:\n  education: 大专及以上\n  experience: 1年以上销售经验\n",
            "qualifications: {education: 大专及以上,   experience: 1年以上销售经验}\n")
    before = kb.tree_bytes()
    code, _, err = cli("bump", "sales-rep", "--change", "x", "--root", str(kb.path))
    assert code == 1 and "没有写入" in err
    assert kb.tree_bytes() == before
