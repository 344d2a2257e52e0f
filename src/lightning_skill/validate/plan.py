"""How a target's checks are cut into jobs (torch-free; the checks themselves are in ``registry``).

A *job* is one process (a forked child of the warm pool, or a cold subprocess) in its own
process group. The setup checks run together in a target's first job; every other check then
runs in a job of its own, which silently repeats the setup it needs (its *prelude*), so a crash,
hang or leaked state in one check can never poison the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from lightning_skill.validate.registry import ALL_CHECKS, BY_NAME, DEFAULT_CHECKS, SETUP

SETUP_CHECKS = SETUP
__all__ = ["ALL_CHECKS", "DEFAULT_CHECKS", "SETUP_CHECKS", "Job", "parse_checks", "plan_jobs"]


def parse_checks(text: str | None) -> list[str]:
    """``"fit,overfit"`` -> names; ``all``/``default`` expand; order follows ALL_CHECKS."""
    from lightning_skill.errors import UsageError

    if text is None or not text.strip():
        return list(DEFAULT_CHECKS)
    wanted: set[str] = set()
    for raw in text.split(","):
        name = raw.strip()
        if not name:
            continue
        if name == "all":
            wanted.update(ALL_CHECKS)
        elif name == "default":
            wanted.update(DEFAULT_CHECKS)
        elif name in BY_NAME:
            wanted.add(name)
        else:
            raise UsageError(
                "--checks", f"unknown check {name!r}; known: {', '.join(ALL_CHECKS)}, all, default"
            )
    return [n for n in ALL_CHECKS if n in wanted]


@dataclass(frozen=True)
class Job:
    checks: tuple[str, ...]  # reported, in order
    prelude: tuple[str, ...]  # run silently first


def plan_jobs(checks: list[str], kind: str, *, per_check: bool = True) -> tuple[Job, list[Job]]:
    """(setup job, the other jobs). Checks that do not apply to ``kind`` still get a job: the
    driver reports them as skipped with the reason. ``per_check=False`` puts everything in one
    job (cheapest, least isolated)."""
    setup = tuple(c for c in checks if c in SETUP)
    rest = [c for c in checks if c not in SETUP]
    # The setup job silently runs the setup its asked checks stand on (`--checks instantiate`
    # alone still imports and discovers first); the worker runs a job's checks in registry order.
    needs = [*setup, *(p for c in rest for p in BY_NAME[c].prelude)] if not per_check else setup
    last = max((SETUP.index(c) for c in needs), default=-1)
    silent = tuple(c for c in SETUP[: last + 1] if c not in setup)
    if not per_check:
        return Job(setup + tuple(rest), silent), []
    return Job(setup, silent), [Job((c,), BY_NAME[c].prelude) for c in rest]
