"""Errors the render package raises; messages are in Chinese, for the person running roledocs."""
from __future__ import annotations


class RenderError(Exception):
    """A document could not be rendered (bad value, missing glyph, missing template …)."""


class RenderEnvironmentError(RenderError):
    """The machine lacks something rendering needs (a CJK font, a system library)."""


class UnknownRole(RenderError):
    """A role id that is not in the knowledge base."""
