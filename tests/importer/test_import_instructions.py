"""Issue 14 point 1: what the importer says to HR never lands in a field a job description
prints. Instructions live in `review_notes` (confidential, RD315 while open); a printed
field holds at most a placeholder, and `roledocs validate` flags any leftover (RD317)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roledocs.importer import SUPPORTED_SUFFIXES, import_files
from roledocs.kb.rules import IMPORTER_INSTRUCTION
from support.hr_project import copy_project

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in (REPO / "tests" / "fixtures" / "import").glob("*")
                 if p.suffix in SUPPORTED_SUFFIXES and p.name not in ("scanned.pdf", "encrypted.pdf", "corrupt.xlsx")
                 ) + sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
PLACEHOLDERS = ("待补充",)  # a placeholder is a value, not an instruction; RD317 still flags it once active
NOT_PRINTED = ("review_notes", "sources")


def _strings(value, path=""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    out = tmp_path_factory.mktemp("drafts")
    report = import_files(SOURCES, out, root=REPO)
    return [(d, yaml.safe_load(Path(d.path).read_text(encoding="utf-8"))) for d in report.drafts()]


def test_no_instruction_in_a_printed_field_of_any_draft(drafts):
    leaks = []
    for draft, data in drafts:
        for path, text in _strings({k: v for k, v in data.items() if k not in NOT_PRINTED}):
            if IMPORTER_INSTRUCTION.search(text) and text not in PLACEHOLDERS and not (
                    path == "title" and text.startswith("待命名岗位（")):
                leaks.append(f"{draft.path}: {path} = {text}")
    assert leaks == []


def test_every_instruction_is_in_the_review_notes_and_the_rule_knows_it(drafts):
    """Each review note would be caught by RD317 if someone pasted it into a printed field."""
    notes = [n for _, data in drafts for n in data.get("review_notes", [])]
    assert len(notes) > 50
    assert [n for n in notes if not IMPORTER_INSTRUCTION.search(n)] == []


def _activate(project: Path, draft_path: Path, department: str) -> Path:
    """What HR does with a draft: move it into roles/, fix the ids, delete review_notes, set active."""
    data = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    data.update(department=department, reports_to="sales-director", status="active")
    data.pop("review_notes")
    for kpi in data.get("kpis", []):
        kpi["kpi"] = "customer-satisfaction" if kpi is data["kpis"][0] else kpi["kpi"]
    data["kpis"] = data["kpis"][:1]
    data["kpis"][0].pop("weight", None)
    target = project / "roles" / department / f"{data['id']}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_the_issue_scenario_prints_no_instruction(tmp_path, cli):
    """Issue 14: fix the KPI id, delete review_notes, set active → validate passes and the
    printed job description holds no instruction (it used to print 「请在 _kpis.yaml 中添加」)."""
    project = copy_project(tmp_path / "project")
    report = import_files([REPO / "tests" / "fixtures" / "import" / "trainer.txt"], tmp_path / "drafts", root=REPO)
    role = _activate(project, Path(report.drafts()[0].path), "sales")
    result = cli("validate", "--root", project)
    assert result.returncode == 0, result.stdout
    result = cli("render", role.stem, "-f", "md", "-o", str(tmp_path / "out"), "--root", project)
    assert result.returncode == 0
    printed = (tmp_path / "out" / f"{role.stem}.md").read_text(encoding="utf-8")
    assert "培训专员" in printed
    assert not IMPORTER_INSTRUCTION.search(printed), IMPORTER_INSTRUCTION.search(printed)


@pytest.mark.parametrize("field, value", [
    ("summary", "待补充"),
    ("kpis[0].note", "原文指标：投诉处理及时率（指标库中没有，请在 _kpis.yaml 中添加，或改用已有指标的编号）"),
    ("relationships.internal[0]", "直接上级（原文，待核对）：人力资源经理"),
])
def test_validate_flags_a_leftover_instruction_at_its_line(tmp_path, cli, field, value):
    project = copy_project(tmp_path / "project")
    path = project / "roles" / "sales" / "sales-rep.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if field == "summary":
        data["summary"] = value
    elif field.startswith("kpis"):
        data["kpis"][0]["note"] = value
    else:
        data.setdefault("relationships", {}).setdefault("internal", []).insert(0, value)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    result = cli("validate", "--root", project)
    assert result.returncode == 1
    out = result.stdout
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if value[:6] in text)
    assert f"roles/sales/sales-rep.yaml:{line}:" in out and "RD317" in out


def test_a_placeholder_is_flagged_only_once_the_role_is_printed(tmp_path, cli):
    """status: draft is not printed: its placeholders are not RD317 (RD315 and the ids say what is open);
    the same file set active is."""
    project = copy_project(tmp_path / "project")
    path = project / "roles" / "sales" / "sales-rep.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for status, flagged in (("draft", False), ("active", True)):
        data.update(status=status, summary="待补充")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        result = cli("validate", "--root", project)
        assert ("RD317" in result.stdout) is flagged, status
