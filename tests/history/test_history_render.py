"""`roledocs render --at`: documents as they were at a revision or a date, read back from real
.docx / .pdf / .md files; draft roles never in public documents; retired roles marked void."""
from __future__ import annotations

import pytest

from support.render_project import docx_text, pdf_text
from roledocs.content.job_description import job_description
from roledocs.kb import open_knowledge_base
from support.gitkb import GitKB, bump_text

REP = "roles/sales/sales-rep.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> GitKB:
    kb = GitKB.create(tmp_path_factory.mktemp("render-at") / "project")  # 1.0 on 2026-01-05
    kb.tag("v1.0")
    kb.edit(REP, "  - title: 合同签订", "  - title: 合同与回款管理")
    kb.write(REP, bump_text(kb.read(REP), "1.1").replace('effective_date: "2026-01-05"',
                                                           'effective_date: "2026-03-01"'))
    kb.commit("销售代表 1.1：合同与回款管理", date="2026-03-01")
    kb.edit(REP, "headcount: 20", "headcount: 30")  # uncommitted work in the working tree
    return kb


def header(path) -> str:
    from docx import Document

    return "\n".join(p.text for s in Document(str(path)).sections for p in s.header.paragraphs)


def test_render_at_a_date_prints_the_version_then_in_force(project, cli, tmp_path):
    before, status = project.tree_bytes(), project.status()
    code, out, err = cli("render", "sales-rep", "-f", "docx", "-f", "pdf", "-f", "md", "--at", "2026-02-28",
                         "-o", str(tmp_path / "feb"), "--root", str(project.path))
    assert code == 0, err
    assert "2026-02-28（" in out and "时的版本" in out
    assert "版本：1.0" in header(tmp_path / "feb" / "sales-rep.docx")
    text = docx_text(tmp_path / "feb" / "sales-rep.docx")
    assert "合同签订" in text and "合同与回款管理" not in text and "30 人" not in text
    pdf = pdf_text(tmp_path / "feb" / "sales-rep.pdf", "-l", "1")
    assert "版本 1.0 生效日期 2026年1月5日" in pdf
    assert "版本：1.0" in (tmp_path / "feb" / "sales-rep.md").read_text(encoding="utf-8")
    assert project.tree_bytes() == before and project.status() == status  # nothing read or written there


def test_render_at_a_tag_a_commit_and_now(project, cli, tmp_path):
    cli("render", "sales-rep", "-f", "md", "--at", "HEAD", "-o", str(tmp_path / "head"),
        "--root", str(project.path))
    head = (tmp_path / "head" / "sales-rep.md").read_text(encoding="utf-8")
    assert "版本：1.1" in head and "2026年3月1日" in head and "合同与回款管理" in head and "30 人" not in head
    cli("render", "sales-rep", "-f", "md", "--at", "v1.0", "-o", str(tmp_path / "tag"),
        "--root", str(project.path))
    assert "版本：1.0" in (tmp_path / "tag" / "sales-rep.md").read_text(encoding="utf-8")
    cli("render", "sales-rep", "-f", "md", "-o", str(tmp_path / "now"), "--root", str(project.path))
    assert "30 人" in (tmp_path / "now" / "sales-rep.md").read_text(encoding="utf-8")


def test_default_output_folder_is_named_after_the_commit(project, cli):
    code, out, _ = cli("render", "sales-rep", "-f", "md", "--at", "v1.0", "--root", str(project.path))
    short = project.git("rev-parse", "--short=7", "v1.0").strip()
    path = project.path / "artifacts" / "documents" / short / "sales-rep.md"
    try:
        assert code == 0 and path.is_file()
    finally:
        import shutil

        shutil.rmtree(project.path / "artifacts")


def test_bad_revision_or_role_writes_nothing(project, cli, tmp_path):
    out_dir = tmp_path / "out"
    for args, message in ((["--at", "no-such-tag"], "找不到版本 no-such-tag"),
                          (["--at", "2025-12-31"], "2025-12-31 或之前没有任何提交")):
        code, _, err = cli("render", "sales-rep", "-f", "md", *args, "-o", str(out_dir),
                           "--root", str(project.path))
        assert code == 2 and message in err
    project_roles_at_v1 = ["render", "nobody", "-f", "md", "--at", "v1.0", "-o", str(out_dir), "--root",
                           str(project.path)]
    code, _, err = cli(*project_roles_at_v1)
    assert code == 2 and "nobody" in err
    assert not out_dir.exists()


@pytest.fixture
def statuses(tmp_path) -> GitKB:
    kb = GitKB.create(tmp_path / "project")
    kb.edit("roles/customer-service/cs-agent.yaml", "status: active", "status: draft")
    kb.edit("roles/sales/sales-team-lead.yaml", "status: active", "status: retired")
    kb.edit("roles/sales/sales-team-lead.yaml", 'effective_date: "2026-01-05"', 'effective_date: "2026-04-01"')
    return kb


def test_draft_roles_never_in_public_documents(statuses, cli, tmp_path):
    code, out, _ = cli("render", "-f", "md", "-o", str(tmp_path / "all"), "--root", str(statuses.path))
    assert code == 0 and "跳过 1 个草稿岗位" in out
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["sales-manager.md", "sales-rep.md",
                                                                    "sales-team-lead.md"]
    code, _, err = cli("render", "cs-agent", "-f", "md", "-o", str(tmp_path / "one"),
                       "--root", str(statuses.path))
    assert code == 2 and "草稿" in err and "--audience internal" in err and not (tmp_path / "one").exists()
    code, _, _ = cli("render", "cs-agent", "-f", "md", "--audience", "internal", "-o",
                     str(tmp_path / "internal"), "--root", str(statuses.path))
    assert code == 0 and (tmp_path / "internal" / "cs-agent.internal.md").is_file()


def test_retired_role_documents_carry_the_void_mark(statuses):
    kb = open_knowledge_base(statuses.path)
    retired = job_description(kb, kb.roles["sales-team-lead"])
    assert retired.retired is not None and retired.document.control == "作废"
    assert retired.retired.text == "本岗位自2026年4月1日起已停用，本说明书作废，仅供查阅。"
    active = job_description(kb, kb.roles["sales-rep"])
    assert active.retired is None and active.document.control == "受控"
