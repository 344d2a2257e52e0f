"""Shared by tests/scaleout: scaffold a project in-process, run commands, pick free ports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.write import execute, plan_write

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "ddp_driver.py"
BIN = Path(sys.executable).parent  # torchrun lives next to the interpreter
# Quiet, short, CPU-only runs: what every multi-process run here adds to the project's configs.
CPU = [
    "--trainer.accelerator=cpu",
    "--trainer.precision=32-true",
    "--trainer.enable_progress_bar=false",
    "--trainer.enable_model_summary=false",
]
ABORT_MARKERS = ("terminate called", "Aborted", "core dumped", "SIGABRT")


def scaffold(task: str, root: Path, name: str, preset: str = "cpu-debug") -> Path:
    target = root / name
    spec = build_spec(load_catalog(), target=target, task=task, preset=preset)
    execute(plan_write(target, render_project(spec), force=False))
    return target


def env(**extra: str) -> dict[str, str]:
    """One thread per process (2 cores, 2 ranks) and the venv's scripts first on PATH."""
    base = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return {**base, **extra}


def run(cmd: list[str], cwd: Path, timeout: float = 600, **extra: str):
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(**extra),
    )


def free_port() -> int:
    """Below the ephemeral range, as the validator picks (an ephemeral port can be taken by
    any socket between this pick and torchrun's bind; see lightning_skill.validate.ports)."""
    from lightning_skill.validate.ports import pick_port

    return pick_port()


def drive(project: Path, out: Path, mode: str, *args: str, timeout: float = 600):
    """Run tests/scaleout/ddp_driver.py on a project; each rank writes rank<N>.pt/json to out."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, DRIVER, project / "src", project.name, out, mode, *CPU, *args]
    result = run(cmd, cwd=project, timeout=timeout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result
