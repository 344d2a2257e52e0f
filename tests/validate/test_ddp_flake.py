"""The gloo exit abort ("terminate called without an active exception") never reaches a report.

Lightning 2.6 destroys the process group at exit only for NCCL; about a third of plain gloo runs
abort at exit. The ddp check ends each rank with a barrier + destroy_process_group(). Here the
check runs 30 times (two ranks each): every run must pass, and no rank may abort.
"""

from __future__ import annotations

import shutil

import pytest
from validate_helpers import MODULES

from lightning_skill.validate import validate_many

RUNS = 30


@pytest.mark.exhaustive  # ~2 min; pytest -m exhaustive
def test_thirty_ddp_runs_without_an_exit_abort(warm_pool, tmp_path):
    targets = []
    for i in range(RUNS):
        folder = tmp_path / f"run{i:02d}"
        shutil.copytree(MODULES, folder)
        targets.append(folder / "good.py")
    reports = validate_many(
        targets,
        checks=["import", "discover", "instantiate", "ddp"],
        runner=warm_pool,
        timeout=900,  # generous: the point is exit aborts, not speed on a loaded machine
        ddp_timeout=120,
    )
    ddp = [next(c for c in r.checks if c.name == "ddp") for r in reports]
    failed = [(c.error_type, c.message) for c in ddp if c.status != "pass"]
    aborts = [m for _, m in failed if "terminate called" in (m or "") or "SIGABRT" in (m or "")]
    # The check also tolerates an abort after every rank finished (reported in details); the
    # barrier + destroy_process_group() fix must make even those zero.
    aborts += [c.details["ignored_exit_abort"] for c in ddp if "ignored_exit_abort" in c.details]
    print(f"ddp runs: {RUNS}, passed: {RUNS - len(failed)}, aborts at exit: {len(aborts)}")
    assert aborts == []
    assert failed == []
