"""Fair hiring (公平就业): find recruitment requirements that Chinese law forbids.

The rules are data (`roledocs/data/fair_hiring.yaml`): each has an id, a Chinese name, a
severity, its legal basis, patterns, and near-miss exclusions (「男性用品销售经验」 is not a
gender requirement). This module only applies them:

    from roledocs.fairhiring import check_text
    for f in check_text("限男性，35岁以下"):
        print(f.severity, f.name, f.matched, f.law)

Postings refuse texts with "error" findings; `roledocs lint` runs the same check on every
role's qualifications. Text is matched in Simplified Chinese with full-width letters and
digits folded to half-width, one character for one, so a finding's span points into the
text exactly as given.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import yaml

from .cjk import to_simplified
from .errors import RoledocsError

FairSeverity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "notice")
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "notice": "提示"}


@dataclass(frozen=True)
class LegalReference:
    """A law or official notice a rule rests on; str() gives 《title》（文号）article."""

    title: str        # 中华人民共和国就业促进法
    article: str = ""  # 第二十七条; "" when the document as a whole is meant
    number: str = ""   # a notice's 文号: 人社部发〔2019〕17号

    def __str__(self) -> str:
        return f"《{self.title}》" + (f"（{self.number}）" if self.number else "") + self.article


@dataclass(frozen=True)
class Rule:
    """One fair-hiring rule: what it forbids (patterns and exceptions), how severe, and the law behind it."""

    id: str
    name: str
    severity: FairSeverity
    law: tuple[LegalReference, ...]
    note: str            # e.g. why an age limit is only a warning
    why: str
    hint: str
    patterns: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...]

    @property
    def citation(self) -> str:
        """「《就业促进法》第二十七条；《妇女权益保障法》第四十三条」, or the note when no statute applies."""
        if not self.law:
            return "无全国性法律条文"
        by_document: dict[tuple[str, str], list[str]] = {}
        for ref in self.law:  # one document, several articles: 《就业促进法》第二十六条、第三十一条
            by_document.setdefault((ref.title, ref.number), []).append(ref.article)
        return "；".join(str(LegalReference(title, "、".join(a for a in articles if a), number))
                        for (title, number), articles in by_document.items())


@dataclass(frozen=True)
class Finding:
    """One requirement in a text that a fair-hiring rule catches."""

    rule: str                  # rule id, e.g. "gender"
    name: str                  # 性别限制
    severity: FairSeverity     # "error" | "warning" | "notice"
    law: str                   # the legal citation, e.g. 《中华人民共和国就业促进法》第二十七条
    span: tuple[int, int]      # [start, end) in the text as given
    matched: str               # the text at span
    why: str = ""
    hint: str = ""

    @property
    def is_error(self) -> bool:
        """Whether the finding is an error (it stops a posting)."""
        return self.severity == "error"

    def message(self) -> str:
        """One Chinese sentence for people: what was found, why, and the law."""
        return f"「{self.matched}」属于{self.name}：{self.why}（依据：{self.law}）"

    def to_dict(self) -> dict:
        """The finding as JSON."""
        return {"rule": self.rule, "name": self.name, "severity": self.severity, "law": self.law,
                "span": list(self.span), "matched": self.matched, "why": self.why, "hint": self.hint}


class RulesError(RoledocsError, ValueError):
    """The rules file is malformed (a packaging or editing mistake, not user input): exit 2."""


def _compile(rule_id: str, patterns) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns or []:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise RulesError(f"公平就业规则 {rule_id} 的正则表达式 {pattern!r} 有误：{exc}") from exc
    return tuple(compiled)


def parse_rules(data: dict) -> tuple[Rule, ...]:
    """Rules from the parsed YAML of a rules file (checked: ids unique, severities known)."""
    rules, seen = [], set()
    for entry in data.get("rules") or []:
        rule_id = entry.get("id")
        if not rule_id or rule_id in seen:
            raise RulesError(f"公平就业规则的编号缺失或重复：{rule_id!r}")
        if entry.get("severity") not in SEVERITIES:
            raise RulesError(f"公平就业规则 {rule_id} 的 severity 应为 {'、'.join(SEVERITIES)} 之一")
        if not entry.get("patterns"):
            raise RulesError(f"公平就业规则 {rule_id} 没有 patterns")
        seen.add(rule_id)
        law = tuple(LegalReference(ref["title"], ref.get("article") or "", ref.get("number") or "") for ref in entry.get("law") or [])
        rules.append(Rule(id=rule_id, name=entry["name"], severity=entry["severity"], law=law,
                          note=entry.get("note", ""), why=entry.get("why", ""), hint=entry.get("hint", ""),
                          patterns=_compile(rule_id, entry["patterns"]),
                          exclude=_compile(rule_id, entry.get("exclude"))))
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The rules shipped with roledocs, in file order."""
    raw = resources.files("roledocs").joinpath("data/fair_hiring.yaml").read_text(encoding="utf-8")
    return parse_rules(yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))  # (libyaml: 8× faster)


def rule(rule_id: str) -> Rule:
    """The shipped rule with this id; KeyError when there is none."""
    for r in rules():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


class _Folded(dict):
    """Code point → the character it folds to (NFKC when that is one character, else itself),
    filled as characters are met: a translation table for str.translate."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        self[code] = value = folded if len(folded) == 1 else ch
        return value


_FOLDED = _Folded()


_JOINED: dict[int, tuple[tuple, re.Pattern | None]] = {}  # id(rule set) → (the rule set, `_any_pattern`)


def _joined(rule_set: tuple[Rule, ...]) -> re.Pattern | None:
    """`_any_pattern` of a rule set, made once per rule set (found by identity: hashing the rules
    would cost more than the search saves)."""
    kept = _JOINED.get(id(rule_set))
    if kept is None or kept[0] is not rule_set:
        if len(_JOINED) > 8:
            _JOINED.clear()
        kept = _JOINED[id(rule_set)] = (rule_set, _any_pattern(rule_set))
    return kept[1]


def _any_pattern(rule_set: tuple[Rule, ...]) -> re.Pattern | None:
    """One expression that matches where any pattern of the rules matches: most texts match
    none, and one search says so (None when the patterns cannot be joined)."""
    patterns = [p for r in rule_set for p in r.patterns]
    if any(p.flags != re.UNICODE or not isinstance(p.pattern, str) for p in patterns):  # flags of their own
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or r"(?!)")
    except re.error:
        return None


def normalize(text: str) -> str:
    """The text the rules are matched on: Simplified, full-width folded, same length as given
    (so spans carry over). Where OpenCC changes the length (rare phrase conversions) the
    original characters are kept."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = text
    return simplified.translate(_FOLDED)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def check_text(text: str, rule_set: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Findings in `text`, ordered by position; one per rule and place (overlapping matches of
    the same rule are merged)."""
    if not text:
        return []
    subject = normalize(text)
    rule_set = rule_set if rule_set is not None else rules()
    prefilter = _joined(rule_set) if isinstance(rule_set, tuple) else _any_pattern(tuple(rule_set))
    if prefilter is not None and prefilter.search(subject) is None:  # no pattern matches: no finding
        return []
    findings: list[Finding] = []
    for r in rule_set:
        excluded = [m.span() for pattern in r.exclude for m in pattern.finditer(subject) if m.end() > m.start()]
        hits = sorted(m.span() for pattern in r.patterns for m in pattern.finditer(subject)
                      if m.end() > m.start() and not any(_overlaps(m.span(), x) for x in excluded))
        spans: list[tuple[int, int]] = []
        for start, end in hits:  # overlapping matches of one rule are one finding: their union
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        findings.extend(Finding(rule=r.id, name=r.name, severity=r.severity, law=r.citation, span=s,
                                matched=text[s[0]:s[1]], why=r.why + (f" {r.note}" if r.note else ""),
                                hint=r.hint)
                        for s in spans)
    return sorted(findings, key=lambda f: (f.span, SEVERITIES.index(f.severity)))
