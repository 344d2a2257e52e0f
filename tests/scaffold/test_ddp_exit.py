"""CPU DDP (gloo) must exit cleanly, every time.

Lightning registers process-group cleanup at exit only for NCCL; with gloo about a third of
runs used to abort at interpreter shutdown (``terminate called without an active
exception``). Generated projects end the group themselves (cli.py: ``teardown_distributed``,
a barrier then ``destroy_process_group``), so N runs in a row must all exit 0 without it.
"""

from __future__ import annotations

import sys

import pytest
from scaffold_helpers import Cell, run, scaffold

from lightning_skill.catalog import load_catalog

CATALOG = load_catalog()
LIGHT_TASKS = ("tabular-classification", "tabular-regression")
RUNS = 10
DDP_ON_CPU = [
    "--trainer.accelerator=cpu",
    "--trainer.devices=2",
    "--trainer.strategy=ddp",
    "--trainer.num_nodes=1",
    "--trainer.precision=32-true",
    "--trainer.fast_dev_run=true",
    "--trainer.enable_progress_bar=false",
    "--trainer.enable_model_summary=false",
]
ABORT_MARKERS = ("terminate called", "Aborted", "core dumped", "SIGABRT")


@pytest.mark.slow
def test_cpu_ddp_runs_exit_cleanly_every_time(tmp_path):
    # The ddp preset as the project's default: the run overrides only what CPU needs. The
    # smallest model present keeps ten two-process runs short.
    task = next((t for t in LIGHT_TASKS if t in CATALOG.tasks), "image-classification")
    project = scaffold(Cell(task, "synthetic", "ddp", "csv"), tmp_path)
    failures = []
    for i in range(RUNS):
        result = run(
            [
                sys.executable,
                "-m",
                project.name,
                "fit",
                *DDP_ON_CPU,
                f"--trainer.default_root_dir={tmp_path / f'run{i}'}",
            ],
            cwd=project / "src",
            timeout=600,
        )
        output = result.stdout + result.stderr
        if result.returncode != 0 or any(marker in output for marker in ABORT_MARKERS):
            failures.append((i, result.returncode, output[-1500:]))
        assert "Starting with 2 processes" in output or failures, output[-3000:]
    assert not failures, f"{len(failures)}/{RUNS} runs failed: {failures[:2]}"
