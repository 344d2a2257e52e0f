"""Which checks exist, what each needs, and how a target's checks are cut into jobs.

Torch-free: the parent process plans; workers execute. A *job* is one process (a forked child of
the warm pool, or a cold subprocess) in its own process group. The three setup checks run
together in a target's first job; every other check then runs in a job of its own, which
silently repeats the setup it needs (its *prelude*), so a crash, hang or leaked state in one
check can never poison the next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSpec:
    name: str
    summary: str
    requires: tuple[str, ...]  # setup checks that must have passed (else: skip)
    prelude: tuple[str, ...]  # setup checks re-run silently inside the check's own job
    kinds: tuple[str, ...] = ("project", "file")  # target kinds it applies to
    default: bool = True


_SETUP = ("import", "discover", "instantiate")
# Checks that train wait for `fit` (when it was asked for) and are skipped if it failed: the
# same error again would be noise.
_TRAINS = (*_SETUP, "fit")

SPECS: tuple[CheckSpec, ...] = (
    CheckSpec("import", "the module (or the project's cli.py) imports", (), ()),
    CheckSpec("discover", "a LightningModule / DataModule / cli_main entry is found", (), ()),
    CheckSpec("instantiate", "model, data and Trainer are constructed", (), ()),
    CheckSpec("fit", "fast_dev_run fit: one training and one validation batch", _SETUP, _SETUP),
    CheckSpec("validate", "fast_dev_run validate, where validation is defined", _SETUP, _SETUP),
    CheckSpec("test", "fast_dev_run test, where test_step is defined", _SETUP, _SETUP),
    CheckSpec("predict", "fast_dev_run predict on the predict (or val/test) data", _SETUP, _SETUP),
    CheckSpec(
        "overfit", "overfit_batches=1: the loss falls to half its first value", _TRAINS, _SETUP
    ),
    CheckSpec(
        "checkpoint", "a checkpoint restores hparams and predictions, and resumes", _TRAINS, _SETUP
    ),
    CheckSpec(
        "ddp", "2 CPU processes (gloo, spawn) under fast_dev_run", _TRAINS, _SETUP, default=False
    ),
    CheckSpec(
        "cli", "python -m <pkg> fit and a --print_config round trip", ("import",), (), ("project",)
    ),
    CheckSpec("gpu", "bf16-mixed fast_dev_run on CUDA (skipped without CUDA)", _TRAINS, _SETUP),
    CheckSpec("lint", "lightning-skill lint findings (errors fail)", (), ()),
)
SPEC_BY_NAME = {s.name: s for s in SPECS}
ALL_CHECKS = tuple(s.name for s in SPECS)
DEFAULT_CHECKS = tuple(s.name for s in SPECS if s.default)
SETUP_CHECKS = _SETUP


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
        elif name in SPEC_BY_NAME:
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
    worker reports them as skipped with the reason. ``per_check=False`` puts everything in one
    job (cheapest, least isolated)."""
    setup = tuple(c for c in checks if c in _SETUP)
    rest = [c for c in checks if c not in _SETUP]
    if not per_check:
        return Job(setup + tuple(rest), ()), []
    # The setup job always runs what the later checks require, reporting only what was asked.
    return Job(setup, ()), [Job((c,), SPEC_BY_NAME[c].prelude) for c in rest]
