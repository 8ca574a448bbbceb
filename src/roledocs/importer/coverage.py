"""Which parts of the source a draft does not hold.

The importer's rule: every character of the source ends up in the draft or in the
report's unused list. A line that the parser used can still lose a part (a target
column 「99.5%」 beside the weight, a second 「标签：值」 on the same line), so after a
draft is built each used line is compared with everything the draft says: the parts
found in no field are reported as unused, with their line number.

Comparison ignores what never carries content: whitespace, punctuation, enumeration
markers, and the structure words the parser turns into keys (field labels such as
岗位名称, 权重, 合格 / 优秀, 考核周期, table headers). Dates are compared as dates
(2025年3月1日 = 2025-03-01).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from .labels import LABELS, strip_marker

# words the parser reads as structure: they become keys or decide where text goes
_STRUCTURE = """
权重 占比 比重 合格 优秀 优异 达标 及格 卓越 基本达标 为 即为 视为 算 属于 以上 以下 及以上 及以下 不低于 不少于 不高于
不超过 达到 高于 低于 大于 小于 考核周期 周期 频率 工作频率 时间占比 核心职责 辅助职责 日常任务 主要工作 具体工作
工作内容 工作任务 具体任务 主要任务 协调沟通 沟通协调 交付物 交付成果 输出 工作成果 考核标准 关键考核指标 序号 编号 项目
内容 说明 名称 要求 栏目 备注 类别 信息 工作项目 职责项目 具体职责 职责描述 工作说明 指标 指标名称 考核项目 考核内容 目标
目标值 标准 合格标准 优秀标准 优异标准 权重分值 岗位 工作 职责 主责 案例 背景 沟通 结果 成果 沟通过程 内部 外部 对内 对外
其中 年 月 日 第 页 共 篇 清单 详细 详细说明 概述 概览 详解 范文 范例 模板 大全 汇总 详细版 怎么写 说明书 岗位说明书 职位说明书 职责说明书 岗位职责说明书 表
"""
# units after a number (「90分」「2人」「5家」): structure there, words elsewhere (大家)
_UNIT = re.compile(r"(?<=\d)(?:万元|小时|分钟|件|次|个|天|元|人|家|分|起|单)")
# one-character words that join phrases: never content on their own
_FILLERS = set("的及和与或等、之其并")
_LATIN = re.compile(r"\d+(?:\.\d+)?|[a-z0-9]+")
# 「职责二：」「第三章」「案例一」: an ordinal is structure, not content
_ORDINAL = re.compile(r"(?:职责|第|案例)[一二三四五六七八九十百\d]{1,3}(?:[章节条篇部分项])?")
_DATE = re.compile(r"(\d{4})\s*[年\-./／]\s*(\d{1,2})\s*[月\-./／]\s*(\d{1,2})\s*日?")


def canonical(text: str) -> str:
    """The text as it is compared: NFKC, lower case, dates as digits, only letters, digits and '.'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DATE.sub(lambda m: f"{int(m[1]):04d}{int(m[2]):02d}{int(m[3]):02d}", text)
    return re.sub(r"[^\w.]+|_", "", text)


@cache
def _structure() -> frozenset[str]:
    words = {canonical(w) for w in _STRUCTURE.split()}
    words |= {canonical(label.text) for label in LABELS}
    return frozenset(w for w in words if w)


class Corpus:
    """Everything a draft says, searchable by substring."""

    def __init__(self, values):
        values = list(values)
        self.text = "\x00".join(canonical(v) for v in values)
        # Latin words and numbers as written apart (「PPT、Photoshop」 is two words, not pptphotoshop)
        self.words = {w for v in values for token in _tokens(v) for w in re.findall(r"\d+(?:\.\d+)?|[a-z0-9]+", token)}

    def __contains__(self, piece: str) -> bool:
        return piece in self.text


def draft_values(data) -> list[str]:
    """Every value of a draft (text, numbers, dates) as text, depth first."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif value is not None and not isinstance(value, bool):
            out.append(str(value))

    walk(data)
    return out


def missing_parts(text: str, corpus: Corpus) -> list[str]:
    """The parts of `text` (canonical form) that neither the corpus nor the structure words hold."""
    missing: list[str] = []
    for token in _tokens(strip_marker(text)):
        missing.extend(_missing_in(token, corpus))
    return [m for m in missing if re.search(r"[^\W_]", m) and m.strip(".")]


def _tokens(text: str) -> list[str]:
    """The text cut at whitespace and punctuation, each piece in canonical form."""
    text = _DATE.sub(lambda m: f" {int(m[1]):04d}{int(m[2]):02d}{int(m[3]):02d} ", text)
    text = _ORDINAL.sub(" ", text)
    text = _UNIT.sub(" ", text)
    return [t for t in (canonical(piece) for piece in re.split(r"[^\w.]+|_", text)) if t]


def _missing_in(token: str, corpus: Corpus) -> list[str]:
    missing: list[str] = []
    gap = ""
    i = 0
    while i < len(token):
        size = _found_at(token, i, corpus)
        if size:
            if gap:
                missing.append(gap)
                gap = ""
            i += size
        else:  # a Latin word or a number is missing whole (OP-012: 「012」, not 「0」 and a 12 found elsewhere)
            step = len(_LATIN.match(token, i)[0]) if token[i].isascii() and token[i].isalnum() else 1
            gap += token[i:i + step]
            i += step
    if gap:
        missing.append(gap)
    return missing


def _found_at(token: str, i: int, corpus: Corpus) -> int:
    """How many characters from token[i] the draft holds (or are structure words); 0 when none."""
    if token[i].isascii() and token[i].isalnum():
        # numbers and Latin words count whole: a lost 5 in 「95%」 must not hide behind a 5 elsewhere
        word = _LATIN.match(token, i)[0]
        return len(word) if word in corpus.words or word in _structure() else 0
    structure = _structure()
    for end in range(len(token), i, -1):  # the longest piece from i
        piece = token[i:end]
        if piece in structure or (len(piece) > 1 and not piece.isdigit() and piece in corpus):
            return end - i
    if token[i] in _FILLERS or token[i] == ".":
        return 1
    return 0
