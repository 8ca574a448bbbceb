"""公平招聘: the fair-hiring rules (roledocs.fairhiring, kept as data with their legal
references in data/fair_hiring.yaml) applied to every role's qualifications.

The rules are written for postings, where a forbidden requirement stops publication. In
the knowledge base the same texts are warnings with the law cited (RD521); age limits and
the rules that are only hints (appearance) are notices (RD522).
"""
from __future__ import annotations

from .context import LintContext, quote


def code_for(rule_id: str, severity: str) -> str:
    """RD522 for age limits and notice-level rules, RD521 for every other fair-hiring finding."""
    return "RD522" if rule_id == "age" or severity == "notice" else "RD521"


def run(ctx: LintContext) -> None:
    """Reports fair-hiring findings in every role's qualifications."""
    from ..fairhiring import check_text  # reads its rules file on first use

    checked: dict[str, list] = {}  # text → its findings: roles made from one template repeat their requirements
    for role in ctx.kb.roles.values():
        doc = ctx.doc_of(role)
        for key, lines in role.qualifications.entries():
            for parts, text in ctx.text_parts(doc, ("qualifications", key), lines):
                if text not in checked:
                    checked[text] = check_text(text)
                for finding in checked[text]:
                    code = code_for(finding.rule, finding.severity)
                    ctx.report_role(code, role, parts,
                                    f"{quote(text)}中的「{finding.matched}」属于{finding.name}（依据：{finding.law}）",
                                    finding.hint or finding.why)
