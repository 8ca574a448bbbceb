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
