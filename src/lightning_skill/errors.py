"""One error family for the toolkit, mapped to process exit codes by the CLI.

Exit codes: 0 success, 1 a check or lint finding failed, 2 bad usage (user input).
A ``UsageError`` is always the user's mistake: the CLI prints its one-line message and never a
traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class SkillError(Exception):
    """Base class; ``exit_code`` says how the CLI ends."""

    exit_code = EXIT_FAILED


class UsageError(SkillError):
    """Bad input: an unknown option value, an invalid name, a refused target.

    ``field`` names the argument or spec field at fault so the one-line message points at it.
    """

    exit_code = EXIT_USAGE

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class MissingDependencyError(UsageError):
    """An optional package is needed for what was asked (e.g. a logger)."""

    def __init__(self, field: str, package: str, purpose: str) -> None:
        super().__init__(field, f"{purpose} needs the '{package}' package: pip install {package}")
        self.package = package
