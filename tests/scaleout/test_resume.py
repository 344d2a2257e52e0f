"""A preempted run resumes at the right step and trains exactly as if it had never stopped.

The whole SLURM path, on one CPU task: the generated sbatch script (through fake sbatch /
scontrol / srun, see test_launch.py) starts the run; at step 7 the job gets SIGUSR1, as SLURM
sends before a time limit or preemption, then SIGKILL. Lightning's auto-requeue writes
logs/hpc_ckpt_1.ckpt and calls ``scontrol requeue``; the requeued job (the same script again)
resumes from it. Dropout stays on: the random generators are part of what must resume.

The SIGTERM path (a time limit without that warning, ``kill``, a stopped pod): at step 7 the run
gets SIGTERM; the project writes ``sigterm.ckpt`` and exits 143; ``fit --ckpt_path`` on it trains
the same steps with the same losses.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from scaleout_helpers import CPU, run, scaffold
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


class TerminateAt(PreemptAt):
    """SIGTERM alone, after a given optimizer step."""

    def on_train_batch_end(self, trainer, *args) -> None:
        if trainer.global_step == self.step:
            os.kill(os.getpid(), signal.SIGTERM)
'''
ARGS = [*CPU, "--trainer.max_epochs=2", "--trainer.log_every_n_steps=1"]
ONE_TASK = {"FAKE_NODES": "1", "FAKE_TASKS": "1", "FAKE_RUN": "1"}


def train_losses(project: Path, version: int) -> dict[int, float]:
    path = project / "logs" / "lightning_logs" / f"version_{version}" / "metrics.csv"
    with path.open() as f:
        return {
            int(r["step"]): float(r["train_loss"]) for r in csv.DictReader(f) if r["train_loss"]
        }


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    """Fake SLURM, the shim with the signalling callbacks, and the uninterrupted run's losses."""
    root = tmp_path_factory.mktemp("resume")
    (root / "shim").mkdir()
    (root / "shim" / "preempt.py").write_text(PREEMPT)
    bin_dir, log = fake_slurm(root)
    extra = {**ONE_TASK, "PYTHONPATH": str(root / "shim")}
    reference = scaffold("tabular-classification", root, "reference")
    done = sbatch(bin_dir, log, reference / "scripts" / "slurm.sbatch", *ARGS, cwd=root, **extra)
    assert done.returncode == 0, done.stderr[-3000:]
    return root, bin_dir, log, extra, train_losses(reference, 0)


def _same_losses_from_step_7(expected: dict[int, float], resumed: dict[int, float]) -> None:
    assert min(resumed) == 7  # the first step after the checkpoint, not 0 and not 8
    assert max(resumed) == max(expected) and len(resumed) == len(expected) - 7
    for step, loss in resumed.items():
        assert loss == expected[step], f"step {step}: {loss} != {expected[step]}"


def test_preempted_run_resumes_at_the_step_with_identical_losses(slurm):
    root, bin_dir, log, extra, expected = slurm
    project = scaffold("tabular-classification", root, "preempted")
    script = project / "scripts" / "slurm.sbatch"
    kill = '--trainer.callbacks+={"class_path": "preempt.PreemptAt", "init_args": {"step": 7}}'
    killed = sbatch(bin_dir, log, script, *ARGS, kill, cwd=root, **extra)
    assert killed.returncode != 0  # SIGKILL, as SLURM ends a preempted job
    assert (project / "logs" / "hpc_ckpt_1.ckpt").is_file()
    assert (log / "scontrol.log").read_text().split() == ["requeue", "4242"]

    requeued = sbatch(bin_dir, log, script, *ARGS, cwd=root, **extra)
    assert requeued.returncode == 0, requeued.stderr[-3000:]
    assert "resuming from logs/hpc_ckpt_1.ckpt" in requeued.stdout
    assert "not resumable" not in requeued.stderr
    _same_losses_from_step_7(expected, train_losses(project, 1))


def test_terminated_run_resumes_from_sigterm_ckpt_with_identical_losses(slurm):
    # Started directly, not through sbatch: the fake SLURM environment changes the run's numbers
    # from step 0, so the uninterrupted twin is started directly too.
    root, _, _, extra, _ = slurm
    runs = {}
    for name in ("direct", "terminated"):
        project = scaffold("tabular-classification", root, name)
        paths = {"PYTHONPATH": f"{extra['PYTHONPATH']}:{project / 'src'}"}
        runs[name] = (project, [sys.executable, "-m", project.name, "fit", *ARGS], paths)
    project, fit, paths = runs["direct"]
    done = run(fit, cwd=project, **paths)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = train_losses(project, 0)

    project, fit, paths = runs["terminated"]
    kill = '--trainer.callbacks+={"class_path": "preempt.TerminateAt", "init_args": {"step": 7}}'
    stopped = run([*fit, kill], cwd=project, **paths)
    assert stopped.returncode == 143, stopped.stderr[-3000:]
    (saved,) = project.glob("logs/lightning_logs/version_0/checkpoints/sigterm.ckpt")
    assert f"continue with fit --ckpt_path {saved}" in stopped.stderr
    assert train_losses(project, 0) == {s: v for s, v in expected.items() if s < 7}

    resumed = run([*fit, f"--ckpt_path={saved}"], cwd=project, **paths)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "not resumable" not in resumed.stderr
    _same_losses_from_step_7(expected, train_losses(project, 1))
