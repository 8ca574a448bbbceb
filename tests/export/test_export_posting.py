"""`roledocs render ROLE... -f posting`: 招聘启事 in Markdown, HTML and Word, the fair-hiring
check that refuses them (file:line, the law), and what must never reach a public posting."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from roledocs.export.posting import APPLY_PLACEHOLDER, apply_setting
from roledocs.kb import open_knowledge_base
from support.render_project import docx_text
from support.hr_project import (REPO, REVIEW_CANARY, SALARY_CANARY, copy_project, edit_role, line_of,
                                plant_secrets, role_path)

FORMATS = ("md", "html", "docx")


@pytest.fixture(scope="module")
def render(cli):
    """`render(project, out, *args)`: `roledocs render ARGS -f posting` into `out`."""
    return lambda project, out, *args: cli("render", *args, "-f", "posting", "--root", project, "-o", out)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(path: Path) -> str:
    """What a reader sees: rendered Markdown / HTML as text, the Word file's paragraphs."""
    if path.suffix == ".docx":
        return docx_text(path)
    source = path.read_text(encoding="utf-8")
    html = markdown.markdown(source) if path.suffix == ".md" else source
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def files(out: Path, role_id: str, audience: str = "public") -> dict[str, Path]:
    mark = ".internal" if audience == "internal" else ""  # internal files are marked in their names
    return {fmt: out / f"{role_id}.posting{mark}.{fmt}" for fmt in FORMATS}


@pytest.fixture(scope="module")
def secret_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("posting"))
    plant_secrets(project, "sales-rep")
    # render makes no public document of a draft: the secrets are checked on an active role
    edit_role(project, "sales-rep", lambda d: d.update(status="active"))
    edit_role(project, "sales-rep", lambda d: d["duties"][0].update(
        title="<script>alert(1)</script> **粗体** [链接](http://x) R&D"))
    return project


@pytest.fixture(scope="module")
def postings(render, secret_project, tmp_path_factory):
    out = {}
    for audience in ("public", "internal"):
        dest = tmp_path_factory.mktemp(audience)
        assert render(secret_project, dest, "sales-rep", "--audience", audience).returncode == 0
        out[audience] = files(dest, "sales-rep", audience)
    return out


def test_posting_says_what_the_job_description_says(postings, secret_project):
    kb = open_knowledge_base(secret_project)
    role = kb.roles["sales-rep"]
    core = [d for d in role.duties if d.core] or list(role.duties)
    apply = apply_setting(secret_project)
    assert apply.found and apply.text != APPLY_PLACEHOLDER
    for fmt, path in postings["public"].items():
        text = visible_text(path)
        assert f"招聘：{role.title}" in text, fmt
        assert role.department.name in text
        assert role.summary[:30] in text
        for duty in core:
            assert duty.title in text, (fmt, duty.title)
        for key, lines in role.qualifications.entries():
            assert kb.vocabulary.label("role", f"qualifications.{key}") in text
            assert lines[0].rstrip("。") in text
        for key, lines in role.conditions.entries():
            assert lines[0].rstrip("。") in text
        assert apply.text in text


def test_public_posting_has_no_compensation_or_review_notes(postings):
    for fmt, path in postings["public"].items():
        text = visible_text(path) + path.read_bytes().decode("utf-8", "ignore")
        assert SALARY_CANARY not in text and REVIEW_CANARY not in text, fmt
        assert "薪酬" not in visible_text(path)


def test_internal_posting_shows_them_marked_internal(postings):
    for fmt, path in postings["internal"].items():
        text = visible_text(path)
        assert SALARY_CANARY in text and REVIEW_CANARY in text, fmt
        assert "内部版本" in text and "不可直接对外发布" in text


def test_markup_in_yaml_prints_as_written(postings):
    typed = "<script>alert(1)</script> **粗体** [链接](http://x) R&D"
    for fmt, path in postings["public"].items():
        assert typed in visible_text(path), fmt
    assert "<script>" not in postings["public"]["html"].read_text(encoding="utf-8")
    assert "<script>" not in markdown.markdown(postings["public"]["md"].read_text(encoding="utf-8"))


def test_every_real_role_gets_a_posting(render, tmp_path):
    assert render(REPO, tmp_path).returncode == 0
    kb = open_knowledge_base(REPO)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{r}.posting.{fmt}" for r in kb.roles for fmt in FORMATS)


@pytest.fixture()
def project(tmp_path):
    return copy_project(tmp_path / "project")


def write_requirement(project: Path, role_id: str, text: str) -> None:
    edit_role(project, role_id, lambda d: d["qualifications"].update(other=[text]))


@pytest.mark.parametrize("requirement, rule_words, law", [
    ("限男性，有驾照者优先", "性别限制", "《中华人民共和国就业促进法》第二十七条"),
    ("本地户口", "户籍限制", "第三十一条"),
    ("汉族", "民族限制", "第二十八条"),
    ("无宗教信仰", "宗教信仰限制", "第三条"),
    ("身体健康，无传染病", "传染病病原携带者限制", "第三十条"),
    ("四肢健全", "残疾歧视", "第二十九条"),
    ("已婚已育", "婚育状况限制", "人社部发〔2019〕17号"),
])
def test_forbidden_requirement_refuses_every_posting_at_its_line(render, project, requirement, rule_words, law):
    write_requirement(project, "sales-rep", requirement)
    out = project / "out"
    result = render(project, out, "sales-manager", "sales-rep")
    assert result.returncode == 1
    err = result.stderr
    path = role_path(project, "sales-rep")
    line, _ = line_of(path, requirement)
    name = path.relative_to(project).as_posix()
    assert f"{name}:{line}:" in err and "错误 RD701" in err
    assert rule_words in err and law in err
    assert "未生成任何招聘启事" in err
    assert not out.exists()  # not even the clean role's posting


def test_age_limit_is_a_warning_that_says_there_is_no_national_statute(render, project):
    write_requirement(project, "sales-rep", "年龄35岁以下")
    out = project / "out"
    result = render(project, out, "sales-rep")
    assert result.returncode == 0
    err = result.stderr
    assert "警告 RD702" in err and "无全国性法律条文" in err
    assert all(p.exists() for p in files(out, "sales-rep").values())


def test_appearance_requirement_is_a_notice_at_its_line(render, project):
    write_requirement(project, "store-team-lead", "五官端正，亲和力强。")
    out = project / "out"
    result = render(project, out, "store-team-lead")
    assert result.returncode == 0
    path = role_path(project, "store-team-lead")
    line, column = line_of(path, "五官端正")
    err = result.stderr
    assert f"{path.relative_to(project).as_posix()}:{line}:{column}: " in err and "RD703" in err
    assert all(p.exists() for p in files(out, "store-team-lead").values())


def test_near_miss_is_not_refused(render, project):
    write_requirement(project, "sales-rep", "有男性用品销售经验者优先，性别不限")
    result = render(project, project / "out", "sales-rep")
    assert result.returncode == 0
    assert "RD70" not in result.stderr.replace("RD704", "")


def test_the_line_inside_a_folded_text_is_found(render, project):
    path = role_path(project, "sales-rep")
    text = path.read_text(encoding="utf-8")
    folded = "summary: >-\n  负责区域销售工作，\n  男性优先，能适应出差。\n"
    start = text.index("summary:")
    end = text.index("\nduties:")
    path.write_text(text[:start] + folded.rstrip("\n") + text[end:], encoding="utf-8")
    result = render(project, project / "out", "sales-rep")
    assert result.returncode == 1
    line, column = line_of(path, "男性优先")
    assert f"{path.relative_to(project).as_posix()}:{line}:{column}: 错误 RD701" in result.stderr


def test_apply_text_from_mkdocs_yml_is_checked_too(render, project):
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("apply: 请将简历发送至", "apply: 限本市户籍。请将简历发送至"), encoding="utf-8")
    result = render(project, project / "out", "sales-rep", "sales-manager")
    assert result.returncode == 1
    err = result.stderr
    line, column = line_of(settings, "本市户籍")
    assert f"mkdocs.yml:{line}:" in err
    assert err.count("mkdocs.yml:") == 1  # one setting, reported once for all postings


def test_missing_apply_setting_is_a_warning_with_a_placeholder(render, project):
    settings = project / "mkdocs.yml"
    lines = [x for x in settings.read_text(encoding="utf-8").splitlines() if "apply:" not in x]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = project / "out"
    result = render(project, out, "sales-rep")
    assert result.returncode == 0
    assert "RD704" in result.stderr
    assert APPLY_PLACEHOLDER in visible_text(out / "sales-rep.posting.html")


def test_unwritable_out(render, project):
    blocker = project / "blocker"
    blocker.write_text("x")
    result = render(project, blocker / "out", "sales-rep")
    assert result.returncode == 2
    assert "错误：无法写入" in result.stderr


def test_the_word_posting_uses_the_job_descriptions_fonts(render, tmp_path):
    """Every script of every style in one CJK font (LibreOffice on Debian sets the Latin text of
    宋体 in DejaVu), with 宋体 / 黑体 as Word's alternates in the font table (the same fonts as
    templates/jd.docx: roledocs.render.word_fonts)."""
    import zipfile

    from lxml import etree

    from roledocs.render.word_fonts import BODY_FONT, FONT_TABLE, HEADING_FONT

    code, _, err = render(REPO, tmp_path, "sales-rep")
    assert code == 0, err
    word = zipfile.ZipFile(tmp_path / "sales-rep.posting.docx")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = etree.fromstring(word.read("word/styles.xml"))
    used = {}
    for style in styles.iter(f"{w}style"):
        name = style.find(f"{w}name").get(f"{w}val")
        fonts = style.find(f"{w}rPr/{w}rFonts")
        if name in ("Normal", "Title", "heading 1", "heading 2", "List Number", "List Bullet"):
            assert fonts is not None, name
            slots = {fonts.get(f"{w}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
            assert len(slots) == 1 and not any("Theme" in key for key in fonts.attrib), (name, fonts.attrib)
            used[name] = slots.pop()
    assert used["Normal"] == BODY_FONT and used["heading 1"] == HEADING_FONT and len(used) == 6
    table = etree.fromstring(word.read("word/fontTable.xml"))
    alternates = {f.get(f"{w}name"): f.find(f"{w}altName").get(f"{w}val")
                  for f in table.iter(f"{w}font") if f.find(f"{w}altName") is not None}
    assert alternates == {name: alt for name, (alt, _, _) in FONT_TABLE.items()}
    assert "宋体" in alternates[BODY_FONT] and "黑体" in alternates[HEADING_FONT]
