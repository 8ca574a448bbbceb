"""`roledocs init DIR` (issue 14.19): a new knowledge-base repository that works with the
installed package alone, and a project's own templates/ overriding the shipped ones."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from roledocs.kb import open_knowledge_base
from roledocs.render import render_role
from roledocs.render.templates import packaged_template_dir

REPO = Path(__file__).resolve().parents[2]
STARTER = ["roles/_departments.yaml", "roles/_kpis.yaml", "roles/_glossary.yaml", "roles/_positions.yaml",
           "roles/_processes.yaml", "mkdocs.yml", "docs/index.md", "docs/editors.md", "docs/errors.md",
           ".vscode/settings.json", ".vscode/extensions.json", ".pre-commit-config.yaml", ".gitlab-ci.yml",
           ".github/workflows/roledocs.yml", ".gitignore"]


def test_init_writes_a_project_that_validates_and_lints_clean(tmp_path, cli):
    target = tmp_path / "新知识库"
    code, out, err = cli("init", str(target))
    assert code == 0, err
    for relative in STARTER:
        assert (target / relative).is_file(), relative
    roles = list((target / "roles").glob("*/*.yaml"))
    assert len(roles) == 1  # one example role, in its department's folder
    assert "创建了" in out and "roledocs validate" in out
    code, out, err = cli("validate", "--root", str(target), "--format", "json")
    assert code == 0 and json.loads(out)["problems"] == [], out + err
    code, out, err = cli("lint", "--root", str(target), "--format", "json")
    assert code == 0 and json.loads(out)["problems"] == [], out + err
    # the editor settings point at schemas that exist in the new project
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (target / schema).is_file(), schema
    # mkdocs.yml's navigation names only pages that exist or that the plugin generates
    config = yaml.load((target / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "roledocs" in json.dumps(config["plugins"])
    for ci in (".gitlab-ci.yml", ".github/workflows/roledocs.yml", ".pre-commit-config.yaml"):
        text = (target / ci).read_text(encoding="utf-8")
        yaml.safe_load(text)
        assert "roledocs validate" in text


def test_init_never_overwrites_and_adds_only_what_is_missing(tmp_path, cli):
    assert cli("init", str(tmp_path))[0] == 0
    mine = tmp_path / "mkdocs.yml"
    mine.write_text("site_name: 我们公司的岗位说明书\n", encoding="utf-8")
    shutil.rmtree(tmp_path / ".vscode" / "schemas")  # e.g. after an upgrade: fresh editor schemas
    code, out, _ = cli("init", str(tmp_path))
    assert code == 0
    assert mine.read_text(encoding="utf-8") == "site_name: 我们公司的岗位说明书\n"
    assert "保留未改动" in out and "mkdocs.yml" in out
    assert (tmp_path / ".vscode/schemas/role.schema.json").is_file()


def test_init_into_an_existing_knowledge_base_adds_no_example(tmp_path, cli):
    role = tmp_path / "roles" / "hr" / "recruiter.yaml"
    role.parent.mkdir(parents=True)
    role.write_text("id: recruiter\n", encoding="utf-8")
    code, out, _ = cli("init", str(tmp_path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["example_skipped"] is True
    assert not any(f.startswith("roles/") for f in data["written"])
    assert not (tmp_path / "roles" / "_kpis.yaml").exists() and "mkdocs.yml" in data["written"]


def test_init_onto_a_file_is_a_chinese_usage_error(tmp_path, cli):
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    code, out, err = cli("init", str(target))
    assert code == 2
    assert "是一个文件" in err and target.read_text(encoding="utf-8") == "x"


def test_new_role_in_an_initialised_project_points_its_editor_at_the_editor_schemas(tmp_path, cli):
    assert cli("init", str(tmp_path))[0] == 0
    code, _, err = cli("new", "key-account-manager", "--title", "大客户经理", "--department", "sales",
                       "--reports-to", "sales-rep", "--root", str(tmp_path))
    assert code == 0, err
    first = (tmp_path / "roles/sales/key-account-manager.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = first.split("$schema=", 1)[1]
    assert (tmp_path / "roles/sales" / schema).resolve() == (tmp_path / ".vscode/schemas/role.schema.json").resolve()


@pytest.fixture
def initialised(tmp_path, cli) -> Path:
    assert cli("init", str(tmp_path / "kb"))[0] == 0
    return tmp_path / "kb"


def test_project_templates_override_the_shipped_ones_file_by_file(initialised, tmp_path):
    templates = initialised / "templates"
    templates.mkdir()
    shipped = packaged_template_dir()
    (templates / "jd.md.j2").write_text(
        (shipped / "jd.md.j2").read_text(encoding="utf-8") + "\n华东示范公司 · 人力资源部\n", encoding="utf-8")
    css = (shipped / "jd.css").read_text(encoding="utf-8") + "\n.company-mark { color: #123456; }\n"
    (templates / "jd.css").write_text(css, encoding="utf-8")
    kb = open_knowledge_base(initialised, audience="public")
    out = tmp_path / "out"
    md = render_role(kb, "sales-rep", "md", out).read_text(encoding="utf-8")
    assert "华东示范公司 · 人力资源部" in md
    html = render_role(kb, "sales-rep", "html", out).read_text(encoding="utf-8")
    assert "#123456" in html  # the project's CSS; the shipped jd.html.j2 still used
    # without its own templates the same project renders with the shipped ones
    shutil.rmtree(templates)
    assert "华东示范公司" not in render_role(kb, "sales-rep", "md", out).read_text(encoding="utf-8")


def test_project_word_template_is_used(initialised, tmp_path):
    import docx

    (initialised / "templates").mkdir()
    template = docx.Document(str(packaged_template_dir() / "jd.docx"))
    template.sections[0].footer.add_paragraph("华东示范公司受控文件")
    template.save(str(initialised / "templates" / "jd.docx"))
    kb = open_knowledge_base(initialised, audience="public")
    written = docx.Document(str(render_role(kb, "sales-rep", "docx", tmp_path)))
    footer = "\n".join(p.text for p in written.sections[0].footer.paragraphs)
    assert "华东示范公司受控文件" in footer
    assert "销售代表" in "\n".join(p.text for p in written.paragraphs) + "".join(
        c.text for t in written.tables for r in t.rows for c in r.cells)


# ── the wheel, installed outside this repository ──────────────────────────────────────────


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin") / name


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_virtualenv_inits_validates_builds_and_searches(tmp_path):
    """Build the wheel, install it into a new virtualenv outside the repository, then
    init → validate → build → search there. The wheel's dependencies are taken from this
    test environment (a .pth line: no network needed), roledocs itself only from the wheel."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(REPO)], check=True, cwd=tmp_path)
    wheel = next(dist.glob("roledocs-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = _bin(venv, "python")
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True)

    work = tmp_path / "somewhere-else"
    work.mkdir()
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{_bin(venv, '')}:{env.get('PATH', '')}"

    def roledocs(*args, cwd=work):
        return subprocess.run([str(_bin(venv, "roledocs")), *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=600)

    where = subprocess.run([python, "-c", "import roledocs, sys; print(roledocs.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the wheel's code, not this checkout's src/

    result = roledocs("init", "hr-kb")
    assert result.returncode == 0, result.stderr
    project = work / "hr-kb"
    assert not (project / "schemas").exists() and not (project / "templates").exists()
    missing = [f for f in STARTER + ["docs/customize.md", ".vscode/schemas/role.schema.json"]
               if not (project / f).is_file()]
    assert not missing, missing  # every file of the starter made it into the wheel
    result = roledocs("validate", cwd=project)
    assert result.returncode == 0 and "没有发现问题" in result.stdout, result.stdout + result.stderr
    result = roledocs("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    page = next(site.glob("roles/**/sales-rep*/index.html"), None) or next(site.rglob("sales-rep*.html"))
    assert "销售代表" in page.read_text(encoding="utf-8")
    downloads = {p.name for p in site.rglob("sales-rep.*")}
    assert {"sales-rep.pdf", "sales-rep.docx"} <= downloads, downloads
    assert (site / "customize").is_dir() or (site / "customize.html").is_file()
    result = roledocs("search", "客户投诉", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    ids = [hit["id"] for hit in hits["hits"]]
    assert ids and ids[0] == "sales-rep", hits
    assert not re.search(r"\bTraceback\b", result.stderr)


# ── a field a company adds to its own schema (docs/customize.md) ──────────────────────────


def _add_fields(project: Path) -> None:
    """The project's own role schema with two new fields, and the example role filling them."""
    from roledocs.vocabulary import packaged_schemas_dir

    (project / "schemas").mkdir()
    schema = json.loads((packaged_schemas_dir() / "role.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["work_location"] = {"$ref": "#/$defs/textList", "title": "工作地点",
                                             "description": "主要工作城市。"}
    schema["properties"]["bonus_rule"] = {"$ref": "#/$defs/text", "title": "奖金规则", "x-confidential": True}
    (project / "schemas" / "role.schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    role = project / "roles" / "sales" / "sales-rep.yaml"
    role.write_text(role.read_text(encoding="utf-8") + "work_location:\n  - 苏州工业园区<b>总部</b>\n  - 无锡办事处\n"
                    "bonus_rule: 季度回款超额部分提成一成半\n", encoding="utf-8")


def test_a_field_added_to_the_project_schema_shows_in_documents_site_and_search(initialised, tmp_path, cli):
    import docx

    _add_fields(initialised)
    code, out, err = cli("validate", "--root", str(initialised))
    assert code == 0, out + err
    public = open_knowledge_base(initialised, audience="public")
    internal = open_knowledge_base(initialised, audience="internal")
    assert public.roles["sales-rep"].extra == {"work_location": ("苏州工业园区<b>总部</b>", "无锡办事处")}
    md = render_role(public, "sales-rep", "md", tmp_path).read_text(encoding="utf-8")
    assert "补充信息" in md and "工作地点" in md and "无锡办事处" in md and "一成半" not in md
    html = render_role(public, "sales-rep", "html", tmp_path).read_text(encoding="utf-8")
    assert "苏州工业园区&lt;b&gt;总部&lt;/b&gt;" in html  # data, escaped for HTML
    word = docx.Document(str(render_role(public, "sales-rep", "docx", tmp_path)))
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert "工作地点" in cells and "苏州工业园区<b>总部</b>" in cells and "补充信息" in paragraphs
    assert "一成半" not in cells + paragraphs
    internal_md = render_role(internal, "sales-rep", "md", tmp_path).read_text(encoding="utf-8")
    assert "奖金规则" in internal_md and "一成半" in internal_md
    # a misspelt key is still an error, with the project's fields among the known ones
    role = initialised / "roles" / "sales" / "sales-rep.yaml"
    good = role.read_text(encoding="utf-8")
    role.write_text(good.replace("work_location:", "work_locaton:"), encoding="utf-8")
    code, out, err = cli("validate", "--root", str(initialised))
    assert code == 1 and "work_locaton" in out + err and "work_location" in out + err
    role.write_text(good, encoding="utf-8")
    # searchable under its schema title
    code, out, err = cli("search", "无锡办事处", "--root", str(initialised), "--format", "json")
    hits = json.loads(out)["hits"]
    assert code == 0 and hits and hits[0]["id"] == "sales-rep"
    assert any(m["label"] == "工作地点" for m in hits[0]["matches"]), hits[0]
    # on the site's role page (a real mkdocs build)
    from support.site_project import mkdocs_build

    config = initialised / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("documents: [pdf, docx]", "documents: []"),
                      encoding="utf-8")
    result = mkdocs_build(initialised, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = next((tmp_path / "site").rglob("sales-rep/index.html")).read_text(encoding="utf-8")
    assert "工作地点" in page and "苏州工业园区&lt;b&gt;总部&lt;/b&gt;" in page and "一成半" not in page


@pytest.mark.parametrize("broken, expected", [
    ("# {{ jd.title }\n", "语法错误"),            # an unclosed tag
    ("# {{ jd.no_such_part }}\n", "没有的内容"),   # a name a job description does not have
])
def test_a_broken_project_template_is_a_chinese_error_naming_the_file(initialised, tmp_path, cli, broken,
                                                                       expected):
    (initialised / "templates").mkdir()
    (initialised / "templates" / "jd.md.j2").write_text(broken, encoding="utf-8")
    code, out, err = cli("render", "sales-rep", "-f", "md", "-o", str(tmp_path / "out"),
                         "--root", str(initialised))
    assert code == 1, out + err
    assert expected in err and str(initialised / "templates" / "jd.md.j2") in err
    assert "内部错误" not in err and "Traceback" not in err
    assert not (tmp_path / "out" / "sales-rep.md").exists()
