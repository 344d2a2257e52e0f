"""The watchdog's bookkeeping, fed synthetic progress events (no processes, no torch)."""

from __future__ import annotations

from pathlib import Path

from lightning_skill.validate import events as ev
from lightning_skill.validate.driver import _observe, _Running, _where
from lightning_skill.validate.plan import Job


def _run() -> _Running:
    return _Running(0, Job(("fit",), ()), "fit", None, Path("s"), 0.0, 0.0)  # type: ignore[arg-type]


def _feed(run: _Running, *items: tuple[str, str, int]) -> None:
    for stage, phase, batch in items:
        _observe(run, {"event": ev.PROGRESS, "stage": stage, "phase": phase, "batch": batch})


def test_armed_only_while_a_stage_runs():
    run = _run()
    _observe(run, {"event": ev.START, "name": "fit"})
    assert not run.active
    _feed(run, ("train", ev.BEGIN, -1))
    assert run.active == {"train"} and _where(run).startswith("before batch 0")
    _feed(run, ("train", ev.STEP, 0))
    assert _where(run) == "at batch 0"
    _feed(run, ("train", ev.DONE, 0))
    assert _where(run).startswith("after batch 0") and run.steps_done == 1
    _feed(run, ("train", ev.END, -1))
    assert not run.active


def test_validation_inside_fit_returns_to_the_training_position():
    run = _run()
    _feed(run, ("train", ev.BEGIN, -1), ("train", ev.STEP, 3), ("train", ev.DONE, 3))
    _feed(run, ("validate", ev.BEGIN, -1), ("validate", ev.STEP, 0), ("validate", ev.DONE, 0))
    assert run.active == {"train", "validate"} and run.stage == "validate"
    _feed(run, ("validate", ev.END, -1))
    # Still armed: a hang in the next training batch is caught, and placed after batch 3.
    assert run.active == {"train"} and run.stage == "train"
    assert _where(run).startswith("after batch 3")


def test_a_new_check_disarms_and_resets_the_count():
    run = _run()
    _feed(run, ("train", ev.BEGIN, -1), ("train", ev.STEP, 0), ("train", ev.DONE, 0))
    _observe(run, {"event": ev.RESULT, "name": "fit", "status": "pass"})
    assert not run.active and run.steps_done == 0
    assert [e["event"] for e in run.events] == [ev.RESULT]  # progress is not stored
