"""The failures a check reports by name, each with its cause-and-fix hint (torch-free).

A check raises a ``CheckError`` subclass when it finds a problem in the user's code; the class
carries the hint and the reference section it points at, so one class is one documented
failure. ``registry`` lists which check raises which classes; ``references/validate-report.md``
documents them (a test holds the two together). Exceptions raised by Lightning or torch
themselves are matched by message in ``hints.HINTS`` instead.
"""

from __future__ import annotations

from typing import Any, ClassVar


class CheckSkipped(Exception):
    """The check does not apply (reason in the message)."""


class CheckError(Exception):
    """A failure the validator itself detected (not an exception of the user's code)."""

    hint: ClassVar[str] = ""
    anchor: ClassVar[str] = ""  # "file.md#slug" under references/, or a troubleshooting slug

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


# Failures the driver reports for a job, not raised by any check (no exception travels back).
class Timeout(CheckError):
    hint = (
        "the check ran past --timeout. If the message says steps were still finishing, the "
        "model is slow, not stuck: shrink it for validation (--init-args) or raise --timeout; "
        "if no step was reached, the time went in import, __init__, setup or data preparation"
    )
    anchor = "validate-report.md#timeouts"


class Stuck(CheckError):
    hint = (
        "no training/evaluation step finished for --stuck-after seconds: look for an endless "
        "loop in the step or a hook, a DataLoader or dataset that blocks, or (DDP) a rank "
        "waiting on a collective the others never reach"
    )
    anchor = "validate-report.md#stuck-steps"


class WorkerCrashed(CheckError):
    hint = (
        "the process died without a Python error (a crash in native code, os._exit, or the "
        "kernel's OOM killer): rerun the failing stage directly to see its output"
    )
    anchor = "validate-report.md#crashes"


DRIVER_ERRORS: tuple[type[CheckError], ...] = (Timeout, Stuck, WorkerCrashed)
