"""Write docs/errors.md from the problem catalogue (roledocs.kb.problems.CATALOGUE).

Run `python scripts/make_errors_doc.py` after adding or changing a code; a test checks
that the file equals what this script writes. The catalogue holds each code's severity,
title, explanation and fix; this script adds only the page's prose: the introduction and
one paragraph per code range.
"""
from __future__ import annotations

import sys
from pathlib import Path

from roledocs.kb.problems import CATALOGUE, SEVERITY_LABEL
from roledocs.lint.registry import BY_CODE as LINT_CHECKS

OUT = Path(__file__).resolve().parents[1] / "docs" / "errors.md"

INTRO = """\
# 校验错误代码

roledocs 报告的每个问题都有一个代码。格式是：

```text
roles/sales/sales-rep.yaml:12:5: 错误 RD203 「岗位定员」headcount 应为整数，实际是文字 “很多”
    提示：……
```

依次是 **文件:行:列**、级别（错误 / 警告 / 提醒）、代码和说明，下一行是修改提示。
有错误时退出码为 1，只有警告时为 0（加 `--strict` 则为 1）。`--format json` 输出同样的内容供程序读取，
每个问题还带有代码的名称（`title`）和本页中的位置（`docs`，例如 `docs/errors.md#rd203`），见[命令行](cli.md)。

本页由 `python scripts/make_errors_doc.py` 根据问题目录（`src/roledocs/kb/problems.py`）生成，请不要直接修改。
"""

# code range → (heading, the paragraph under it, its line in the overview list)
SECTIONS = {
    "1": ("读取文件（RD1xx）", "",
          "文件本身读不出来（编码、YAML 语法）。这时文件的内容一项也不会被使用，请先修好它"),
    "2": ("字段结构（RD2xx）", "",
          "字段结构不符合 `schemas/` 中的 JSON Schema（未知的键、缺少必填项、类型不对……）"),
    "3": ("跨文件规则（RD3xx）", "",
          "跨文件的规则（编号重复、引用不存在、汇报关系循环、权重之和……）"),
    "4": ("导入旧文件（RD4xx，`roledocs import`）",
          "`roledocs import` 的报告中列出的发现：读不了的文件、需要核对的内容、没有用上的原文。",
          "导入旧岗位说明书（`roledocs import`）时的发现"),
    "5": ("知识库体检（RD5xx，`roledocs lint`）",
          "`roledocs lint` 报告，级别还可以是“提醒”（不影响退出码）；级别是默认值，项目可以在 `pyproject.toml` 中修改。"
          "详细说明、例子和例外标记的写法见 [知识库体检](lint.md)。",
          "知识库体检（`roledocs lint`）：知识库有效，但内容可能有问题（职责交叉、职责空白、就业歧视风险……）"),
    "6": ("版本规则（RD6xx，`roledocs validate --since 版本`）",
          "岗位说明书是受控文件：内容改了，版本号就要提高，并写明改了什么。`roledocs validate --since origin/main`\n"
          "把工作区与指定版本比较（按内容比较：注释、空白、引号和键的顺序不算修改），问题指向岗位文件的 `document:` 行。\n"
          "详见 `docs/history.md`。",
          "版本规则（`roledocs validate --since 版本`）：内容改了就要提高版本"),
    "7": ("招聘启事与招聘公平（RD7xx，`roledocs render 岗位编号 -f posting`）",
          "生成招聘启事之前，启事中的每一句话都要经过招聘公平检查（规则和法律依据见 `docs/fair-hiring.md`）。\n"
          "问题指向岗位文件中写着这句话的行和列；有 RD701 时不生成任何启事，退出码为 1。",
          "招聘启事与招聘公平（`roledocs render -f posting`）"),
}


def cell(text: str) -> str:
    """Text for one Markdown table cell: a | would end the cell, a line break the row."""
    return " ".join(text.split()).replace("|", "\\|")


def row(spec) -> str:
    level = SEVERITY_LABEL[spec.severity]
    explanation = spec.explanation
    check = LINT_CHECKS.get(spec.code)
    if check is not None:
        level += "（默认）"
        explanation = f"{spec.title}：{explanation}（检查名 `{check.name}`）"
    anchor = f'<a id="{spec.anchor}"></a>'
    return f"| {spec.code} | {level} | {anchor}{cell(explanation)} | {cell(spec.fix)} |"


def render() -> str:
    """The whole page."""
    ranges = sorted({code[2] for code in CATALOGUE})
    unknown = [r for r in ranges if r not in SECTIONS]
    if unknown:
        raise SystemExit(f"scripts/make_errors_doc.py: no section for RD{unknown[0]}xx: add it to SECTIONS")
    parts = [INTRO]
    parts.append("\n".join(f"- **RD{r}xx**：{SECTIONS[r][2]}。" for r in ranges) + "\n")
    for r in ranges:
        heading, paragraph, _ = SECTIONS[r]
        parts.append(f"## {heading}\n")
        if paragraph:
            parts.append(paragraph + "\n")
        rows = [row(spec) for code, spec in sorted(CATALOGUE.items()) if code[2] == r]
        parts.append("\n".join(["| 代码 | 级别 | 含义 | 怎么改 |", "|---|---|---|---|", *rows]) + "\n")
    return "\n".join(parts)


def main(path: Path = OUT) -> Path:
    """Write the page to `path` (docs/errors.md) and return the path."""
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
