"""Fair-hiring rules (src/roledocs/data/fair_hiring.yaml) applied by roledocs.fairhiring.

Every rule has requirements it must catch and near-misses it must leave alone (「男性用品
销售经验」 is experience, not a gender requirement). The cases are written here, not taken
from the rules file, so editing the rules cannot quietly make a test pass.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from roledocs import fairhiring
from roledocs.fairhiring import check_text

ROOT = Path(__file__).resolve().parents[2]

# rule id → (texts it must catch, with what the finding must cover; near-misses that must not fire)
CASES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "gender": (
        [("限男性，有驾照", "限男性"), ("男性优先", "男性优先"), ("女士", "女士"),
         ("性别：男", "性别：男"), ("只招女生", "只招女生"), ("男，35岁以下", "男"),
         ("适合女性，形象好", "适合女性")],
        ["男性用品销售经验", "3年以上女装销售经验", "性别不限", "男女不限", "不限男女，有无经验均可",
         "面向女性客户的护肤品销售经验", "熟悉女士服装陈列", "员工子女优先入托"],
    ),
    "household-registration": (
        [("本地户口", "本地户口"), ("限本市户籍", "本市户籍"), ("本地人优先", "本地人优先"),
         ("北京户口优先", "北京户口"), ("户籍要求：上海", "户籍要求：")],
        ["户籍不限", "熟悉本地市场，有本地人脉资源者优先", "协助员工办理户籍迁移手续", "户口所在地不限"],
    ),
    "ethnicity": (
        [("汉族", "汉族"), ("限汉族，35岁以下", "限汉族"), ("少数民族勿扰", "少数民族勿扰"), ("民族：汉", "民族：汉")],
        ["少数民族优先", "熟悉宁夏回族自治区市场", "民族不限", "适合上班族的产品推广经验"],
    ),
    "religion": (
        [("无宗教信仰", "无宗教信仰"), ("基督徒优先", "基督徒优先"), ("不信仰宗教", "不信仰宗教")],
        ["宗教信仰不限", "熟悉穆斯林客户的饮食禁忌", "尊重客户的宗教习俗"],
    ),
    "infectious-disease": (
        [("无传染病", "无传染病"), ("身体健康，无传染性疾病", "无传染性疾病"), ("乙肝携带者勿扰", "乙肝"),
         ("HBsAg阴性", "HBsAg")],
        ["身体健康", "持有效健康证明", "熟悉传染病防控流程", "组织员工接种乙肝疫苗",
         "无有碍食品安全的疾病"],
    ),
    "disability": (
        [("无残疾", "无残疾"), ("四肢健全", "四肢健全"), ("身体健全，能适应出差", "身体健全"),
         ("残疾人勿扰", "残疾人勿扰")],
        ["残疾人优先", "熟悉残疾人就业保障金政策", "欢迎残障人士应聘", "身体健康，能适应出差"],
    ),
    "marriage-childbearing": (
        [("已婚已育", "已婚已育"), ("未婚", "未婚"), ("三年内无生育计划", "三年内无生育计划"),
         ("婚育状况：已育", "婚育状况："), ("入职需做妊娠测试", "妊娠测试"), ("宝妈优先", "宝妈优先")],
        ["了解婚育假及生育保险政策", "婚姻状况不限", "母婴用品销售经验", "负责宝妈社群运营"],
    ),
    "age": (
        [("35岁以下", "35岁以下"), ("年龄25-35岁", "25-35岁"), ("不超过40周岁", "不超过40周岁"),
         ("三十五岁以下", "三十五岁以下"), ("90后优先", "90后")],
        ["年满18周岁", "5年以上销售经验", "面向25-35岁的年轻客户群体", "未满18周岁者不予录用",
         "性别不限，年龄23岁以上", "售后服务经验"],
    ),
    "appearance": (
        [("五官端正，亲和力强", "五官端正"), ("形象气质佳", "形象气质佳"), ("身高165cm以上", "身高165")],
        ["维护门店形象", "提升公司品牌形象", "仪表整洁，注重职业形象"],
    ),
}


def test_every_rule_has_cases():
    assert {r.id for r in fairhiring.rules()} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_catches_its_requirements(rule_id):
    hits, _ = CASES[rule_id]
    for text, matched in hits:
        found = [f for f in check_text(text) if f.rule == rule_id]
        assert found, f"{rule_id} 应当命中：{text}"
        assert any(matched in f.matched for f in found), (text, [f.matched for f in found])
        f = found[0]
        assert text[f.span[0]:f.span[1]] == f.matched
        assert f.severity == fairhiring.rule(rule_id).severity


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_leaves_near_misses_alone(rule_id):
    _, misses = CASES[rule_id]
    for text in misses:
        assert [f for f in check_text(text) if f.rule == rule_id] == [], f"{rule_id} 不应命中：{text}"


def test_severities_follow_the_law():
    severity = {r.id: r.severity for r in fairhiring.rules()}
    assert severity["age"] == "warning"   # no national statute
    assert severity["appearance"] == "notice"
    for rule_id in ("gender", "household-registration", "ethnicity", "religion", "infectious-disease",
                    "disability", "marriage-childbearing"):
        assert severity[rule_id] == "error"


def test_errors_cite_a_statute_with_an_article():
    for r in fairhiring.rules():
        if r.severity == "error":
            assert any(ref.article.startswith("第") and ref.article.endswith("条") for ref in r.law), r.id
            assert "《" in r.citation and "条" in r.citation
        else:  # no statute: the rule says so
            assert r.law == () and "无全国性法律条文" in r.citation and r.note


def test_age_finding_says_there_is_no_national_statute():
    (finding,) = check_text("35岁以下")
    assert finding.severity == "warning"
    assert "没有明文禁止" in finding.why and finding.law == "无全国性法律条文"


def test_gender_finding_cites_employment_promotion_law_article_27():
    (finding,) = check_text("男性优先")
    assert "《中华人民共和国就业促进法》第二十七条" in finding.law
    assert "《中华人民共和国妇女权益保障法》第四十三条" in finding.law
    assert "男性优先" in finding.message() and finding.law in finding.message()


def test_traditional_and_full_width_text_is_checked_with_spans_into_the_original():
    text = "身體健康，無傳染病；年齡３５歲以下；限男性"
    found = {f.rule: f for f in check_text(text)}
    assert set(found) == {"infectious-disease", "age", "gender"}
    assert found["infectious-disease"].matched == "無傳染病"
    assert found["age"].matched == "年齡３５歲以下"
    for f in found.values():
        assert text[f.span[0]:f.span[1]] == f.matched


def test_findings_are_ordered_by_position_and_not_duplicated():
    text = "已婚已育，限女性，女性优先"
    found = check_text(text)
    assert [f.span for f in found] == sorted(f.span for f in found)
    gender = [f for f in found if f.rule == "gender"]
    assert [f.matched for f in gender] == ["限女性", "女性优先"]  # two places, not four overlapping hits


def test_real_knowledge_base_qualifications():
    """The seeds' 「性别不限，年龄23岁以上」 is fine; 「五官端正」 is only a notice."""
    assert check_text("性别不限，年龄23岁以上。") == []
    assert [f.severity for f in check_text("五官端正，亲和力强。")] == ["notice"]


def test_empty_text():
    assert check_text("") == []


def test_rules_file_mistakes_are_reported_in_chinese():
    with pytest.raises(fairhiring.RulesError, match="正则表达式"):
        fairhiring.parse_rules({"rules": [{"id": "x", "name": "x", "severity": "error", "patterns": ["("]}]})
    with pytest.raises(fairhiring.RulesError, match="severity"):
        fairhiring.parse_rules({"rules": [{"id": "x", "name": "x", "severity": "fatal", "patterns": ["a"]}]})
    with pytest.raises(fairhiring.RulesError, match="重复"):
        fairhiring.parse_rules({"rules": [{"id": "x", "name": "x", "severity": "error", "patterns": ["a"]}] * 2})


def test_every_rule_is_documented():
    page = (ROOT / "docs" / "fair-hiring.md").read_text(encoding="utf-8")
    for r in fairhiring.rules():
        assert f"`{r.id}`" in page, r.id
        assert r.name in page


def test_the_one_search_that_skips_most_texts_skips_none_with_a_finding(monkeypatch):
    """check_text first asks one expression made of every pattern whether any matches; the
    findings are those of asking each rule."""
    from roledocs.kb import open_knowledge_base

    kb = open_knowledge_base(ROOT)
    texts = [line for role in kb.roles.values() for _, lines in role.qualifications.entries() for line in lines]
    texts += [t for caught, missed in CASES.values() for t in [c for c, _ in caught] + missed]
    assert fairhiring._any_pattern(fairhiring.rules()) is not None
    joined = [check_text(t) for t in texts]
    assert any(joined) and not all(joined)
    monkeypatch.setattr(fairhiring, "_joined", lambda rule_set: None)
    assert [check_text(t) for t in texts] == joined
