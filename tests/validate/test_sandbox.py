"""The sandbox: deadlines kill whole process groups, memory caps hold, crashes stay contained,
nothing is left running and nothing is written into the user's files."""

from __future__ import annotations

import time
import uuid

import pytest
from validate_helpers import MODULES, module

from lightning_skill.validate import validate_many
from lightning_skill.validate.pool import WarmPool
from lightning_skill.validate.sandbox import processes_in_group, processes_with_env

SETUP = ["import", "discover", "instantiate"]


def _run(pool, name, checks, **kwargs):
    jobs: list[int] = []
    start = time.monotonic()
    report = validate_many(
        [module(name)],
        checks=checks,
        runner=pool,
        on_job=lambda _i, _job, pgid: jobs.append(pgid),
        **kwargs,
    )[0]
    return report, jobs, time.monotonic() - start


def _assert_nothing_left(jobs, pool, marker):
    assert jobs, "no job ran"
    for pgid in jobs:
        assert processes_in_group(pgid) == [], f"processes left in group {pgid}"
    # Only the pool server itself may still carry the marker.
    assert set(processes_with_env(marker)) <= {pool.pid}


def _check(report, name):
    return next(c for c in report.checks if c.name == name)


def test_infinite_loop_is_killed_at_the_deadline(warm_pool, marker):
    report, jobs, seconds = _run(warm_pool, "infinite_loop", [*SETUP, "fit"], timeout=20)
    fit = _check(report, "fit")
    assert fit.status == "fail" and fit.error_type == "Timeout", fit
    assert "validate-report.md#timeouts" in fit.hint
    assert _check(report, "instantiate").status == "pass"
    assert seconds < 20 * 2 + 60  # setup job + the fit job's deadline, with slack for load
    _assert_nothing_left(jobs, warm_pool, marker)


@pytest.mark.slow  # two spawned ranks plus a 30 s deadline
def test_hung_ddp_rank_is_killed_with_both_ranks(warm_pool, marker):
    report, jobs, _ = _run(warm_pool, "hung_rank", [*SETUP, "ddp"], timeout=30, ddp_timeout=3600)
    ddp = _check(report, "ddp")
    assert ddp.status == "fail" and ddp.error_type == "Timeout", ddp
    _assert_nothing_left(jobs, warm_pool, marker)


def test_memory_hog_hits_the_cap(warm_pool, marker):
    report, jobs, _ = _run(
        warm_pool, "memory_hog", [*SETUP, "fit"], timeout=120, memory_limit_mb=512
    )
    fit = _check(report, "fit")
    assert fit.status == "fail" and fit.error_type in {"MemoryError", "WorkerCrashed"}, fit
    assert "validate-report.md#memory-cap" in fit.hint
    _assert_nothing_left(jobs, warm_pool, marker)


def test_a_crash_is_reported_and_the_next_check_runs_in_a_fresh_process(warm_pool, marker):
    report, jobs, _ = _run(warm_pool, "crash", [*SETUP, "fit", "validate"], timeout=120)
    fit = _check(report, "fit")
    assert fit.status == "fail" and fit.error_type == "WorkerCrashed", fit
    assert "exited with code 3" in fit.message
    assert _check(report, "validate").status == "pass"
    assert len(set(jobs)) == len(jobs) == 3  # setup, fit, validate: three process groups
    _assert_nothing_left(jobs, warm_pool, marker)


def test_closing_the_pool_leaves_no_process(tmp_path):
    tag = f"LIGHTNING_SKILL_TEST_MARKER={uuid.uuid4().hex}"
    name, value = tag.split("=", 1)
    pool = WarmPool({name: value})
    try:
        assert pool.pid in processes_with_env(tag)
        validate_many([module("infinite_loop")], checks=["import", "fit"], runner=pool, timeout=5)
    finally:
        pool.close()
    deadline = time.monotonic() + 10
    while processes_with_env(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with_env(tag) == []


def _snapshot(root):
    return {
        p.relative_to(root): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def test_nothing_is_written_next_to_the_validated_file(warm_pool, tmp_path):
    import shutil

    folder = tmp_path / "user"
    shutil.copytree(MODULES, folder)
    before = _snapshot(folder)
    report = validate_many(
        [folder / "good.py"],
        checks=[*SETUP, "fit", "overfit", "checkpoint"],
        runner=warm_pool,
        timeout=240,
    )[0]
    assert report.passed, report.to_json()
    assert _snapshot(folder) == before


@pytest.mark.parametrize("cold", [True])
def test_cold_runner_gives_the_same_results(tmp_path, cold):
    report = validate_many(
        [module("shape_mismatch")], checks=[*SETUP, "fit"], pool=not cold, timeout=240
    )[0]
    fit = _check(report, "fit")
    assert fit.status == "fail" and fit.error_type == "RuntimeError"
    assert fit.location == f"{module('shape_mismatch')}:15"
