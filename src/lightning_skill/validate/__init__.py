"""``validate``: run LightningModules (files or projects) through real Trainer stages, sandboxed.

The parent process never imports torch. It plans jobs (``plan``), starts each in its own
process group through a runner (``pool``: a warm forkserver-style pool with torch and Lightning
preloaded, or a cold subprocess per job), enforces per-check deadlines and turns the jobs'
event streams into one ``Report`` per target (``driver``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lightning_skill.errors import UsageError
from lightning_skill.report import CheckResult, Report
from lightning_skill.validate.plan import parse_checks
from lightning_skill.validate.registry import ALL_CHECKS, BY_NAME, DEFAULT_CHECKS, option_defaults
from lightning_skill.validate.target import Target, discover_target

__all__ = [
    "ALL_CHECKS",
    "DEFAULT_CHECKS",
    "Report",
    "Target",
    "default_jobs",
    "parse_checks",
    "validate",
    "validate_many",
]


def default_jobs() -> int:
    """Jobs run at once: one per core, at most 4 (each job may itself use threads)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def validate_many(
    paths: Sequence[str | Path],
    *,
    checks: Sequence[str] = DEFAULT_CHECKS,
    timeout: float = 300.0,
    memory_limit_mb: int | None = None,
    init_args: dict[str, Any] | None = None,
    model_class: str | None = None,
    datamodule_class: str | None = None,
    cli_args: Sequence[str] = (),
    artifacts_dir: str | Path | None = None,
    jobs: int | None = None,
    pool: bool = True,
    isolate: bool = False,
    per_check: bool = True,
    on_result: Callable[[int, CheckResult], None] | None = None,
    on_job: Callable[[int, str, int], None] | None = None,
    env: dict[str, str] | None = None,
    runner: Any = None,
    **options: Any,
) -> list[Report]:
    """Validate several targets; one report each, in order. ``timeout`` is per check.

    ``options`` are the checks' own (``registry``: ``overfit_steps``, ``ddp_timeout``,
    ``stuck_after``, ...); an omitted one takes its registry default.

    ``pool=True`` starts a warm pool for this call (``pool=False``: a cold interpreter per
    job); pass ``runner`` (a started ``pool.WarmPool``) to share one pool between calls.
    ``isolate=True``: no network and a read-only filesystem for the jobs (bubblewrap; raises
    ``containment.IsolationUnavailable`` where the machine cannot).
    """
    from lightning_skill.validate.driver import run_targets
    from lightning_skill.validate.pool import ColdRunner, WarmPool

    defaults = option_defaults()
    bad = sorted(set(options) - set(defaults))
    if bad:
        raise TypeError(f"unknown option {bad[0]!r}; known: {', '.join(sorted(defaults))}")
    unknown = [c for c in checks if c not in BY_NAME]
    if unknown:
        raise UsageError(
            "--checks", f"unknown check {unknown[0]!r}; known: {', '.join(ALL_CHECKS)}"
        )
    if not checks:
        raise UsageError("--checks", "names no check")
    if not timeout > 0:  # also refuses nan
        raise UsageError("--timeout", "must be > 0")
    targets = [discover_target(p) for p in paths]
    if not targets:
        raise UsageError("PATH", "give at least one project folder or .py file")
    base = {
        "init_args": init_args,
        "model_class": model_class,
        "datamodule_class": datamodule_class,
        "cli_args": list(cli_args),
        "memory_limit_mb": memory_limit_mb,
        "options": {
            **defaults,
            **options,
            "artifacts_dir": str(Path(artifacts_dir).resolve()) if artifacts_dir else None,
        },
    }
    owned = runner is None
    if runner is None:
        writable = [artifacts_dir] if artifacts_dir else []
        runner = (WarmPool if pool else ColdRunner)(env, isolate=isolate, writable=writable)
    try:
        return run_targets(
            targets,
            list(checks),
            runner,
            timeout=timeout,
            jobs=jobs or default_jobs(),
            base_request=base,
            per_check=per_check,
            on_result=on_result,
            on_job=on_job,
        )
    finally:
        if owned:
            runner.close()


def validate(path: str | Path, **kwargs: Any) -> Report:
    """Validate one project folder or ``.py`` file (see ``validate_many`` for the options)."""
    return validate_many([path], **kwargs)[0]
