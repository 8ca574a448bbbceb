"""Whatever a legacy document contains, the importer never crashes and every draft it
makes passes the role schema (the property HR relies on when importing 300 files)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roledocs.importer import extract_roles
from roledocs.importer.draft import build_draft
from roledocs.importer.reference import load_reference
from roledocs.kb.load import Document
from roledocs.kb.schema import check_document

REPO = Path(__file__).resolve().parents[2]
REFERENCE = load_reference(REPO)

PIECES = ["岗位名称：", "销售经理", "直接上级", "：", "总经理", "岗位职责", "任职资格", "学历：本科", "一、", "（二）", "1.",
          "(3)", "①", "♦", "\n", "\n\n", "，", "。", "；", "权重30%", "≥90%为合格", "≥98%为优秀", "考核指标", "销售额",
          "所属部门", "销售部", "工作综述", "负责", "组长", "说明书", " ", "\t", "岗位", "：：", "100%", "-", "序号",
          "工作项目", "具体职责", "晋升方向", "内部", "外部", "Fra bibliotek", "_第1页", "銷售總監", "#", "【】", "|"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60))
def test_any_text_gives_schema_valid_drafts(tmp_path, parts):
    path = tmp_path / "doc.txt"
    path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
    try:
        extraction = extract_roles(path)
    except Exception as exc:  # only ReadError (an undecodable file) is an acceptable outcome
        assert type(exc).__name__ == "ReadError", repr(exc)
        return
    for parsed in extraction.roles:
        parsed.title = parsed.title or "待命名岗位"
        draft = build_draft(parsed, path.name, REFERENCE)
        problems = check_document(Document(path, path.name, "role", draft.data))
        assert problems == [], ([p.message for p in problems], draft.data)
