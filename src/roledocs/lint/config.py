"""The project's lint settings: `[tool.roledocs.lint]` in the project's pyproject.toml.

Why pyproject.toml and not roles/_lint.yaml: the thresholds and switched-off checks are
policy for whoever runs CI, not content HR editors maintain, and pyproject.toml is where
Python tools keep such settings (ruff, pytest, mypy). roles/ stays content only, so the
knowledge-base loader and its schemas need no new file kind. Accepted exceptions for one
value are per-line markers in the YAML (see `markers`), which is where HR editors work.

    [tool.roledocs.lint]
    disable = ["RD546", "english-term"]        # codes, check names or families
    fail-on = "warning"                        # error (default) | warning
    severity = { RD512 = "notice" }            # change a check's severity

    [tool.roledocs.lint.thresholds]
    overlap-similarity = 0.82
    max-span = 15
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import UsageError
from .registry import resolve

SEVERITIES = ("error", "warning", "notice")

# name → (default, Chinese description); every number a check compares against
THRESHOLDS: dict[str, tuple[float, str]] = {
    "overlap-similarity": (0.82, "两段职责文字的相似度达到多少算“说的是同一件事”（0–1）"),
    "max-span": (15, "一名管理者最多带多少名直接下属（按下级岗位定员计）"),
    "chain-depth": (4, "汇报链达到多少层时，单线管理（一对一）才报告"),
    "min-kpis": (3, "一个岗位至少几个考核指标"),
    "max-kpis": (8, "一个岗位最多几个考核指标"),
    "percent-limit": (200, "百分比指标的合格线 / 优异线最高可以是多少"),
    "min-task-length": (6, "一条任务至少几个字"),
    "max-task-length": (100, "一条任务最多几个字"),
}
_KEYS = ("disable", "fail-on", "severity", "thresholds")


FAIL_ON = ("error", "warning")  # the levels --fail-on and fail-on may name


@dataclass(frozen=True)
class LintConfig:
    """The project's lint settings: disabled checks, fail level, severity overrides, thresholds."""

    disabled: frozenset[str] = frozenset()
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)   # code → severity
    thresholds: dict[str, float] = field(default_factory=lambda: {k: v for k, (v, _) in THRESHOLDS.items()})
    source: str = ""  # the file it came from, for messages

    def threshold(self, name: str) -> float:
        """The value of one threshold (kebab-case name); KeyError for an unknown one."""
        return self.thresholds[name]

    def with_thresholds(self, **values) -> "LintConfig":
        """A copy with some thresholds changed (keys in snake_case or kebab-case)."""
        merged = dict(self.thresholds)
        merged.update({k.replace("_", "-"): v for k, v in values.items()})
        return replace(self, thresholds=merged)


def _problem(source: str, message: str) -> UsageError:
    return UsageError(f"{source} 的 [tool.roledocs.lint] 设置有误：{message}")


def _suggest(key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f"，是否想写 {close[0]}？" if close else f"。可用的设置：{'、'.join(known)}。"


def parse_config(table: dict, source: str = "pyproject.toml") -> LintConfig:
    """Check and read a `[tool.roledocs.lint]` table; UsageError (exit 2) for anything wrong."""
    if not isinstance(table, dict):
        raise _problem(source, "应是一个表（[tool.roledocs.lint]）")
    for key in table:
        if key not in _KEYS:
            raise _problem(source, f"没有设置 {key}" + _suggest(key, _KEYS))
    disable = table.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
        raise _problem(source, 'disable 应是文字列表，例如 disable = ["RD546", "english-term"]')
    disabled = frozenset(resolve(disable, source=f"{source} 的 disable"))
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise _problem(source, f"fail-on 只能是 error 或 warning，不是 {fail_on!r}")
    severity: dict[str, str] = {}
    levels = table.get("severity", {})
    if not isinstance(levels, dict):
        raise _problem(source, '应写成 severity = { RD512 = "notice" }')
    for name, level in levels.items():
        if level not in SEVERITIES:
            raise _problem(source, f"severity 中 {name} 的级别 {level!r} 无效，只能是 error、warning 或 notice")
        for code in resolve([name], source=f"{source} 的 severity"):
            severity[code] = level
    thresholds = {k: v for k, (v, _) in THRESHOLDS.items()}
    given = table.get("thresholds", {})
    if not isinstance(given, dict):
        raise _problem(source, "thresholds 应是一个表（[tool.roledocs.lint.thresholds]）")
    for name, value in given.items():
        if name not in THRESHOLDS:
            raise _problem(source, f"thresholds 中没有 {name}" + _suggest(name, THRESHOLDS))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _problem(source, f"thresholds 中 {name} 应是不小于 0 的数字，不是 {value!r}")
        if name == "overlap-similarity" and not 0 < value <= 1:
            raise _problem(source, f"overlap-similarity 应在 0 和 1 之间，不是 {value!r}")
        thresholds[name] = value
    return LintConfig(disabled, fail_on, severity, thresholds, source)


def load_config(project_dir: Path) -> LintConfig:
    """The settings of the project (the folder holding roles/); defaults without a pyproject.toml
    or without the section."""
    path = Path(project_dir) / "pyproject.toml"
    if not path.is_file():
        return LintConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"无法读取 {path.name}：文件不是 UTF-8 编码。") from None
    except tomllib.TOMLDecodeError as exc:  # its message is English: keep only where
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"（第 {where[1]} 行第 {where[2]} 列附近）" if where else ""
        raise UsageError(f"{path.name} 不是有效的 TOML 文件{at}，请检查引号、等号和方括号。") from None
    table = data.get("tool", {}).get("roledocs", {}).get("lint")
    if table is None:
        return LintConfig(source=path.name)
    return parse_config(table, path.name)
