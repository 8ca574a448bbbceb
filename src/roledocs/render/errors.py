"""Errors the render package raises; messages are in Chinese, for the person running roledocs."""
from __future__ import annotations

from ..errors import EXIT_PROBLEMS, EnvironmentProblem, RoledocsError, UsageError


class RenderError(RoledocsError):
    """A document could not be rendered (bad value, missing glyph, missing template …)."""

    exit_code = EXIT_PROBLEMS


class RenderEnvironmentError(RenderError, EnvironmentProblem):
    """The machine lacks something rendering needs (a CJK font, a system library)."""

    exit_code = EnvironmentProblem.exit_code


class UnknownRole(RenderError, UsageError):
    """A role id that is not in the knowledge base."""

    exit_code = UsageError.exit_code


class TemplateBroken(RenderError):
    """A template (often a company's own copy in templates/) has a syntax error or names
    something a job description does not have."""


def template_problem(exc: Exception, template: str) -> TemplateBroken:
    """A Jinja error while filling `template`, as a Chinese message saying where and what to check."""
    import jinja2

    where = getattr(exc, "filename", None) or template
    line = getattr(exc, "lineno", None)
    at = f"模板 {where}" + (f" 第 {line} 行" if line else "")
    detail = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateBroken(f"{at}：语法错误，检查 {{{{ … }}}} 和 {{% … %}} 标记是否完整、成对"
                              f"（Word 模板中标记不能被拆开或换成弯引号）。Jinja2 的说明：{detail}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateBroken(f"{at}：引用了岗位说明书中没有的内容（{detail}）。可用的内容见 roledocs 自带的同名模板。")
    return TemplateBroken(f"{at}：无法填写（{detail}）。")
