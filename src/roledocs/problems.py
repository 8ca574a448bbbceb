"""Problems found in the knowledge base: plain data, shown by whichever front end asks.

Every problem has a stable code (RD1xx: reading files, RD2xx: schema,
RD3xx: cross-file rules) so users can look it up in docs/errors.md and CI
can filter on it. The validator never prints: it returns these.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}

# code → short Chinese name; docs/errors.md explains each one.
CODES: dict[str, str] = {
    "RD101": "文件不是 UTF-8 编码",
    "RD102": "YAML 语法错误",
    "RD103": "重复的键",
    "RD104": "使用了制表符缩进",
    "RD105": "键后面用了全角冒号",
    "RD106": "文件为空",
    "RD107": "文件顶层不是键值映射",
    "RD108": "别名展开过多（疑似别名炸弹）或嵌套过深",
    "RD109": "文件无法读取",
    "RD110": "文件位置不对",
    "RD111": "文件过大",
    "RD112": "内容超出上限",
    "RD113": "含有不可见的控制字符",
    "RD114": "符号链接指向项目之外",
    "RD115": "别名把保密内容带出保密字段",
    "RD201": "未知的键",
    "RD202": "缺少必填项",
    "RD203": "值的类型不对",
    "RD204": "值不在允许的选项中",
    "RD205": "格式不对",
    "RD206": "数值超出范围",
    "RD207": "列表项数不对",
    "RD208": "不符合结构要求",
    "RD301": "编号重复",
    "RD302": "编号与文件名不一致",
    "RD303": "引用的部门不存在",
    "RD304": "引用的上级不存在",
    "RD305": "汇报关系出现循环",
    "RD306": "引用的考核指标不存在",
    "RD307": "考核权重之和不是 100",
    "RD308": "指标的合格线与优异线方向矛盾",
    "RD309": "职责时间占比之和不是 100",
    "RD310": "部门职能引用的岗位不存在",
    "RD311": "职业发展引用的岗位不存在",
    "RD312": "流程引用的岗位不存在",
    "RD313": "岗位文件不在所属部门的文件夹中",
    "RD314": "部门引用不存在",
    "RD315": "正式岗位仍有待核对事项",
}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    message: str
    file: str  # path relative to the knowledge-base root's parent, with "/"
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str = ""  # JSON path inside the document, e.g. "$.duties[2].title"
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self) -> dict:
        return asdict(self)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code)


def shorten(text, limit: int = 40) -> str:
    """A value quoted in a message, cut short: messages name things, they do not repeat files."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def json_path(parts: tuple) -> str:
    """("duties", 2, "title") → "$.duties[2].title"."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
