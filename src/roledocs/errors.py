"""The errors roledocs raises for people: each carries its Chinese message and the exit
code the command line ends with, so `roledocs.cli.main` handles them in one place.

Exit codes: 0 ok, 1 problems found (an invalid knowledge base, a document that cannot be
made), 2 usage or environment error (an unknown role id, a missing font, no git).
Every exception meant for people derives from `RoledocsError`; one that comes with a list
of problems (an invalid knowledge base, a refused job posting) has them in `report`.
"""
from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class RoledocsError(Exception):
    """Base class: `str(error)` is the Chinese message; `exit_code` what the CLI returns."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str = "", *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(RoledocsError):
    """The request cannot be carried out as asked (unknown id, bad option value …)."""


class EnvironmentProblem(RoledocsError):
    """The machine lacks something (a font, a system library, git, a writable folder)."""
