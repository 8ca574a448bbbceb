"""KPI lines: name, weight and thresholds.

「重点客户回款率(权重30%):≥90%为合格,≥98%为优秀」, 「销售额（30%）」,
「客户满意度≥80%为合格，≥90%为优异」, 「成本控制偏差率：≤5%为合格，≤2%为优异」,
「销售计划完成率 权重：20% 月度」, 「(1)利润计划达成率」.
"""
from __future__ import annotations

import re

from .labels import strip_marker
from .model import ParsedKpi

_NUMBER = r"(\d+(?:\.\d+)?)"
_WEIGHT = [re.compile(p) for p in (
    rf"权重\s*[:：为是]?\s*{_NUMBER}\s*[%％]",
    rf"[（(]\s*{_NUMBER}\s*[%％]\s*[)）]",
    rf"(?:占比|比重)\s*[:：]?\s*{_NUMBER}\s*[%％]",
    rf"\s{_NUMBER}\s*[%％]\s*$",
    # 「回款率 30% ≥95%」: a bare percentage between the name and the standard is the weight
    rf"^[^\d≥≤<>＞＜]+?\s+{_NUMBER}\s*[%％]\s+(?=≥|>=|≤|<=|[<>＞＜]|不低于|不少于|不高于|不超过|达到)",
    # 「库存准确率  40%  99.5%  月度」 (table cells): of two bare percentages the first is the weight
    rf"^[^\d≥≤<>＞＜]+?\s+{_NUMBER}\s*[%％]\s+(?=\d+(?:\.\d+)?\s*[%％])",
)]
# a standard with no level word (「≥95%」「不低于90%」): the bar to reach, i.e. the pass mark
_BARE_THRESHOLD = re.compile(rf"(≥|>=|≤|<=|＞|＜|>|<|不低于|不少于|不高于|不超过|达到)\s*{_NUMBER}\s*[%％]?")
_LOWER_SIGNS = ("≤", "<=", "<", "＜", "不高于", "不超过", "低于", "小于")
_LEVELS = {"合格": "pass", "达标": "pass", "及格": "pass", "基本达标": "pass",
           "优秀": "excellent", "优异": "excellent", "卓越": "excellent", "优": "excellent"}
_THRESHOLD = re.compile(rf"(≥|>=|≤|<=|>|<|＞|＜|不低于|不少于|不高于|不超过|达到|高于|低于|大于|小于)?\s*{_NUMBER}\s*"
                        r"(?:[%％]|件|次|个|天|小时|分钟|元|万元|人|家|分|起|单)?"
                        r"\s*(?:以上|以下|及以上|及以下)?\s*(?:为|即为|算|视为|属于|[:：])?\s*"
                        r"(合格|达标|及格|优秀|优异|卓越)")
_PERIOD = re.compile(r"(月度|季度|年度|半年度|每月|每季|每年|每周|周度)")
_NAME_END = re.compile(r"[（(:：≥≤<>＜＞,，;；]|权重|\s\d|不低于|不高于|不超过|达到")
_KPI_SUFFIX = re.compile(r"(率|度|额|量|数|情况|比例|次数|及时性|完整性|准确性|准确率|增长|偏差|利润|成本|占有率|人数|天数|得分)$")
_LOWER_WORDS = re.compile(r"偏差|流失|投诉率|差错|事故|成本|费用率|损耗|延误|逾期|缺勤|离职|退货|≤|不高于|不超过|以下")


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() else value


_EMPTY_PARTS = re.compile(r"[（(]\s*权重\s*[—\-–/]*\s*[%％]?\s*[)）]|[—\-–/]+\s*为\s*(合格|优秀|优异)[，,；;]?")


def parse_kpi_line(text: str) -> ParsedKpi | None:
    """The KPI a line names, with what it says of weight, thresholds and period; None when it names none."""
    body = _EMPTY_PARTS.sub("", strip_marker(text)).strip().rstrip("。.;；")  # 「（权重—%）」「—为优秀」: nothing given
    if not body:
        return None
    cut = _NAME_END.search(body)
    name = body[: cut.start()].strip() if cut else body
    # 「客户满意度≥80%为合格」: the name runs into the threshold
    name = re.sub(r"\s*[≥≤<>＞＜]?\s*\d.*$", "", name).strip()
    if not name or len(name) > 30:
        return None
    kpi = ParsedKpi(name)
    for pattern in _WEIGHT:
        match = pattern.search(body)
        if match and (pattern is not _WEIGHT[3] or not _THRESHOLD.search(body)):
            value = _number(match[1])
            if 0 < value <= 100:
                kpi.weight = value
                break
    for match in _THRESHOLD.finditer(body):
        level = _LEVELS[match[3]]
        value = _number(match[2])
        if getattr(kpi, "passing" if level == "pass" else "excellent") is None:
            setattr(kpi, "passing" if level == "pass" else "excellent", value)
        if match[1] in _LOWER_SIGNS:
            kpi.direction = "lower"
        elif match[1]:
            kpi.direction = "higher"
    bare = _BARE_THRESHOLD.search(body[len(name):]) if kpi.passing is None and kpi.excellent is None else None
    if bare and kpi.weight is not None:  # 「回款率 30% ≥95%」; without a weight the numbers may mean anything
        kpi.passing = _number(bare[2])
        kpi.direction = "lower" if bare[1] in _LOWER_SIGNS else "higher"
    rest = body[len(name):]
    period = _EXPLICIT_PERIOD.search(rest) or _CELL_PERIOD.search(rest) or _PERIOD.search(rest)
    if period:
        kpi.period = _PERIOD_NAMES.get(period[1], period[1])
        if period.re is not _PERIOD:  # 「考核周期：月度」 or a cell of its own: said; 「每月200条」 stays a target
            rest = rest[:period.start()] + " " + rest[period.end():]
    _remainder(kpi, rest, bare if kpi.passing is not None and bare else None)
    return kpi


_PERIOD_NAMES = {"每月": "月度", "每季": "季度", "每年": "年度", "每周": "周度"}
_EXPLICIT_PERIOD = re.compile(r"(?:考核)?周期\s*[:：为]?\s*" + _PERIOD.pattern)
_CELL_PERIOD = re.compile(r"(?:^|(?<=[\s，,；;：:（(]))" + _PERIOD.pattern + r"(?=$|[\s，,；;）)])")
_WEIGHT_TEXT = re.compile(rf"(?:权重|占比|比重)\s*[:：为是]?\s*{_NUMBER}\s*[%％]|[（(]\s*{_NUMBER}\s*[%％]\s*[)）]")
_SEPARATORS = " \t：:，,；;、（）()"


def _remainder(kpi: ParsedKpi, rest: str, bare: re.Match | None) -> None:
    """What a KPI line says beyond name, weight, thresholds and period: a target (「99.5%」「每月200条」)
    when it holds a number and no threshold was given, else a note — never dropped."""
    rest = _THRESHOLD.sub(" ", rest)
    if bare is not None:
        rest = rest.replace(bare[0], " ", 1)
    rest = _WEIGHT_TEXT.sub(" ", rest)
    if kpi.weight is not None and not re.search(r"权重|占比|比重", rest):
        # the weight written as a bare cell: 「40%」 before the rest
        rest = re.sub(rf"(?:^|(?<=\s)){re.escape(_format(kpi.weight))}\s*[%％](?=\s|$)", " ", rest, count=1)
    rest = re.sub(r"\s{2,}", " ", rest).strip(_SEPARATORS)
    if not re.search(r"[\u4e00-\u9fff\w]", rest):
        return
    if re.search(r"\d", rest) and kpi.passing is None and kpi.excellent is None:
        kpi.target = rest
    else:
        kpi.note = rest


def _format(value: float) -> str:
    return f"{value:g}"


def looks_like_kpi_name(text: str) -> bool:
    """「利润计划达成率」「客户投诉解决速度」: short, no sentence, ends like a measure."""
    body = strip_marker(text).strip().rstrip("。;；")
    return 2 <= len(body) <= 16 and not re.search(r"[。，,；;：:]", body) and bool(_KPI_SUFFIX.search(body))


def has_kpi_numbers(text: str) -> bool:
    """Whether the text gives a threshold or a weight (so it is a KPI line, not a name list)."""
    return bool(_THRESHOLD.search(text) or _WEIGHT[0].search(text))
