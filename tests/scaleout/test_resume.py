"""A preempted run resumes at the right step and trains exactly as if it had never stopped.

The whole SLURM path, on one CPU task: the generated sbatch script (through fake sbatch /
scontrol / srun, see test_launch.py) starts the run; at step 7 the job gets SIGUSR1, as SLURM
sends before a time limit or preemption, then SIGKILL. Lightning's auto-requeue writes
logs/hpc_ckpt_1.ckpt and calls ``scontrol requeue``; the requeued job (the same script again)
resumes from it. Dropout stays on: the random generators are part of what must resume.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from scaleout_helpers import CPU, scaffold
from test_launch import fake_slurm, sbatch

pytestmark = pytest.mark.slow

PREEMPT = '''
import os
import signal

from lightning.pytorch import Callback


class PreemptAt(Callback):
    """SLURM's warning signal, then the kill, after a given optimizer step."""

    def __init__(self, step: int) -> None:
        self.step = step

    def on_train_batch_end(self, trainer, *args) -> None:
        if trainer.global_step == self.step:
            os.kill(os.getpid(), signal.SIGUSR1)
            os.kill(os.getpid(), signal.SIGKILL)
'''
ARGS = [*CPU, "--trainer.max_epochs=2", "--trainer.log_every_n_steps=1"]
ONE_TASK = {"FAKE_NODES": "1", "FAKE_TASKS": "1", "FAKE_RUN": "1"}


def train_losses(project: Path, version: int) -> dict[int, float]:
    path = project / "logs" / "lightning_logs" / f"version_{version}" / "metrics.csv"
    with path.open() as f:
        return {
            int(r["step"]): float(r["train_loss"]) for r in csv.DictReader(f) if r["train_loss"]
        }


def test_preempted_run_resumes_at_the_step_with_identical_losses(tmp_path):
    (tmp_path / "shim").mkdir()
    (tmp_path / "shim" / "preempt.py").write_text(PREEMPT)
    bin_dir, log = fake_slurm(tmp_path)
    extra = {**ONE_TASK, "PYTHONPATH": str(tmp_path / "shim")}
    reference = scaffold("tabular-classification", tmp_path, "reference")
    done = sbatch(
        bin_dir, log, reference / "scripts" / "slurm.sbatch", *ARGS, cwd=tmp_path, **extra
    )
    assert done.returncode == 0, done.stderr[-3000:]

    project = scaffold("tabular-classification", tmp_path, "preempted")
    script = project / "scripts" / "slurm.sbatch"
    kill = '--trainer.callbacks+={"class_path": "preempt.PreemptAt", "init_args": {"step": 7}}'
    killed = sbatch(bin_dir, log, script, *ARGS, kill, cwd=tmp_path, **extra)
    assert killed.returncode != 0  # SIGKILL, as SLURM ends a preempted job
    assert (project / "logs" / "hpc_ckpt_1.ckpt").is_file()
    assert (log / "scontrol.log").read_text().split() == ["requeue", "4242"]

    requeued = sbatch(bin_dir, log, script, *ARGS, cwd=tmp_path, **extra)
    assert requeued.returncode == 0, requeued.stderr[-3000:]
    assert "resuming from logs/hpc_ckpt_1.ckpt" in requeued.stdout
    assert "not resumable" not in requeued.stderr
    expected, resumed = train_losses(reference, 0), train_losses(project, 1)
    assert min(resumed) == 7  # the first step after the checkpoint, not 0 and not 8
    assert max(resumed) == max(expected) and len(resumed) == len(expected) - 7
    for step, loss in resumed.items():
        assert loss == expected[step], f"step {step}: {loss} != {expected[step]}"
