"""`roledocs render` as users run it, and what must never reach a document: template syntax from YAML,
HTML from YAML, confidential fields in a public build, half-written files."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import markdown
import pytest

from support.render_project import (CANARY, HOSTILE, REVIEW_CANARY, REPO, copy_roles, docx_text, edit_role,
                                    pdf_text, plant_hostile_values, squash)

FORMATS = ("docx", "pdf", "html", "md")


def read(path):
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    """A copy of the knowledge base whose sales-rep carries template syntax, HTML and a salary."""
    project = copy_roles(tmp_path_factory.mktemp("hostile"))
    edit_role(project, "sales-rep", plant_hostile_values)
    return project


@pytest.fixture(scope="module")
def hostile_documents(cli, hostile_project):
    """sales-rep in every format, once for each audience, through the CLI."""
    out = {}
    for audience in ("public", "internal"):
        dest = hostile_project / "out" / audience
        args = ["render", "sales-rep", "--root", str(hostile_project), "--out", str(dest), "--audience", audience]
        result = cli(*args, *[a for f in FORMATS for a in ("--format", f)])
        assert result.returncode == 0, result.stdout + result.stderr
        mark = ".internal" if audience == "internal" else ""  # internal files are marked in their names
        out[audience] = {f: dest / f"sales-rep{mark}.{f}" for f in FORMATS}
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_template_syntax_and_html_in_values_print_literally(hostile_documents, fmt):
    text = read(hostile_documents["public"][fmt])
    if fmt == "md":  # Markdown escapes its own syntax; what a reader sees is the rendered page
        text = markdown.markdown(text, extensions=["tables"])
        assert "<script>" not in text
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if fmt == "html":
        assert "<script>" not in text  # escaped, not executed
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#39;", "'")
    for value in HOSTILE:
        assert squash(value) in squash(text), f"{value!r} did not survive into the {fmt} file"
    assert "HR-{{ 7*7 }}" in text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_confidential_fields_only_in_the_internal_audience(hostile_documents, fmt):
    public = read(hostile_documents["public"][fmt])
    assert squash(CANARY) not in squash(public) and squash(REVIEW_CANARY) not in squash(public)
    assert "薪酬待遇" not in public and "待核对事项" not in public
    internal = read(hostile_documents["internal"][fmt])
    assert squash(CANARY) in squash(internal)
    assert squash(REVIEW_CANARY) in squash(internal) and "待核对事项（内部）" in squash(internal)  # issue 11, point 12
    assert "内部资料" in internal


def test_unknown_role_id_is_a_clear_error_without_traceback(cli, tmp_path):
    result = cli("render", "sales-rep", "no-such-role", "--format", "md", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "没有岗位 no-such-role" in result.stderr
    assert re.search(r"最接近的岗位：[a-z-]+（\w+）", result.stderr)  # close ids, with titles (issue 14 point 11)
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # checked before anything is written


def test_invalid_knowledge_base_prints_problems_and_writes_nothing(cli, tmp_path):
    project = copy_roles(tmp_path)
    edit_role(project, "sales-rep", lambda d: d.update(dutise=[]))
    result = cli("render", "--format", "md", "--root", str(project), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "sales-rep.yaml" in result.stderr and "dutise" in result.stderr
    assert not (tmp_path / "out").exists()


def test_all_roles_when_no_id_is_given(cli, tmp_path):
    result = cli("render", "--format", "md", "--format", "html", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    roles = sorted(p.stem for p in (REPO / "roles").rglob("*.yaml") if not p.name.startswith("_"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{r}.{f}" for r in roles for f in ("md", "html"))
    page = (tmp_path / "sales-rep.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "Noto Sans CJK SC" in page


@pytest.mark.slow
def test_a_failed_render_keeps_the_old_file_and_leaves_no_temporary_file(cli, tmp_path):
    """A value no font can draw fails the PDF (exit 1); the previous PDF stays intact."""
    project = copy_roles(tmp_path)
    out = tmp_path / "out"
    assert cli("render", "sales-rep", "-f", "pdf", "--root", str(project), "--out", str(out)).returncode == 0
    before = (out / "sales-rep.pdf").read_bytes()
    edit_role(project, "sales-rep", lambda d: d.update(summary="无法显示的字符：\U0010fffd"))
    result = cli("render", "sales-rep", "-f", "pdf", "--root", str(project), "--out", str(out))
    assert result.returncode == 1
    assert "U+10FFFD" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["sales-rep.pdf"]
    assert (out / "sales-rep.pdf").read_bytes() == before


def test_missing_chinese_font_fails_before_rendering_and_names_the_package(tmp_path):
    """fontconfig with no fonts at all: the machine a fresh server is before `apt-get install fonts-noto-cjk`.
    A fresh process: fontconfig reads its configuration once per process."""
    from support.process_tools import roledocs_run

    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    result = roledocs_run("render", "sales-rep", "-f", "pdf", "--out", str(tmp_path / "out"),
                          env={"FONTCONFIG_FILE": str(conf)}, cwd=REPO)
    assert result.returncode == 2
    assert "fonts-noto-cjk" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_does_not_import_the_renderers():
    code = ("import sys; from roledocs.cli import main; main(['validate', '--root', sys.argv[1]]); "
            "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('weasyprint', 'docx', 'docxtpl'))))")
    result = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def _temporary_files(folder):
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.is_dir() else []


@pytest.mark.slow
def test_sigterm_during_render_leaves_no_temporary_file(tmp_path):
    """`kill PID` while a PDF is being written: the temporary file goes with the process."""
    from support.process_tools import roledocs_process, wait_for

    out = tmp_path / "out"
    proc = roledocs_process("render", "-f", "pdf", "--out", out, cwd=REPO)
    wait_for(lambda: _temporary_files(out), proc, "a PDF being written")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "已终止" in err and "Traceback" not in err
    assert _temporary_files(out) == []


@pytest.mark.slow
def test_a_killed_render_is_cleaned_up_by_the_next_one(cli, tmp_path):
    """SIGKILL cannot be caught: the next render into the folder removes what the dead process
    left, and only that (a render still running keeps its temporary file)."""
    from support.process_tools import roledocs_process, wait_for

    out = tmp_path / "out"
    proc = roledocs_process("render", "-f", "pdf", "--out", out, cwd=REPO)
    left = wait_for(lambda: _temporary_files(out), proc, "a PDF being written")
    proc.kill()
    proc.communicate(timeout=60)
    assert _temporary_files(out) == left
    running = out / f".sales-rep.pdf.{os.getpid()}.abcdefgh.tmp"   # as if this process were rendering
    running.write_bytes(b"%PDF-")
    result = cli("render", "sales-rep", "-f", "md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _temporary_files(out) == [running.name]
