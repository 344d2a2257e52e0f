"""How a generated project's ``fit`` ends when the run does not go to plan.

SIGTERM: ``sigterm.ckpt`` at the step it stopped, exit 143 and one line naming it, not exit 0.

On SIGTERM (a scheduler's time limit, ``kill``, ``docker stop``) Lightning 2.6 stops at the next
batch and raises ``SIGTERMException``, a ``SystemExit`` without a code, so a plain script exits 0
as if training had finished (pinned on the installed Lightning by test_claims.py's
test_sigterm_ends_a_plain_script_with_exit_0). The project's ``main()`` turns it into 143
(128 + SIGTERM), and the run continues from ``sigterm.ckpt`` as the line says (that it trains
exactly as an uninterrupted run: tests/scaleout/test_resume.py).

A data path that is not there: exit 2 and one line naming it (the user's mistake, like a bad
flag). ``--trainer.logger=false``: fit runs (the configured LearningRateMonitor would stop it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def _wait_for(proc: subprocess.Popen, ready, what: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"exited {proc.returncode} before {what}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.1)


def _fit(project, cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", project.name, "fit", "--trainer.accelerator=cpu", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(project / "src")},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_project_stopped_by_sigterm_exits_143_and_resumes(default_project, tmp_path):
    package = default_project.name
    env = {**os.environ, "PYTHONPATH": str(default_project / "src")}
    small = ["--data.synthetic_samples=64", "--data.batch_size=16"]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            package,
            "fit",
            "--trainer.accelerator=cpu",
            "--trainer.max_epochs=1000",
            *small,
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(proc, lambda: any(tmp_path.rglob("last.ckpt")), "last.ckpt")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    ours = [line for line in err.splitlines() if line.startswith(f"{package}: ")]
    assert len(ours) == 1 and "SIGTERM" in ours[0], ours
    # The step where it stopped is saved, and the line names it.
    saved = next(tmp_path.rglob("sigterm.ckpt"))
    assert ours[0].endswith(f"continue with fit --ckpt_path {saved}"), ours

    # What the line advises: fit continues from there and ends normally.
    import torch

    state = torch.load(saved, weights_only=False, map_location="cpu")
    last = torch.load(next(tmp_path.rglob("last.ckpt")), weights_only=False, map_location="cpu")
    assert state["global_step"] >= last["global_step"]  # no finished step lost
    resumed = _fit(
        default_project,
        tmp_path,
        f"--ckpt_path={saved}",
        f"--trainer.max_epochs={state['epoch'] + 2}",
        *small,
    )
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert (
        f"Restoring states from the checkpoint path at {saved}" in resumed.stderr + resumed.stdout
    )


def test_a_missing_data_dir_is_one_line_and_exit_2(default_project, tmp_path):
    done = _fit(default_project, tmp_path, f"--data.data_dir={tmp_path / 'nowhere'}")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    (line,) = [x for x in done.stderr.splitlines() if x.startswith(f"{default_project.name}: ")]
    assert "data_dir" in line and "nowhere" in line, line


def test_fit_without_a_logger_runs(default_project, tmp_path):
    done = _fit(
        default_project,
        tmp_path,
        "--trainer.logger=false",
        "--trainer.max_epochs=1",
        "--data.synthetic_samples=64",
        "--trainer.limit_val_batches=1",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert list(tmp_path.rglob("last.ckpt")), "checkpoints are still written without a logger"
