"""Shared by tests/experiments: scaffold a project in-process, import it, run its commands."""

from __future__ import annotations

import contextlib
import importlib
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.write import execute, plan_write

# Tiny runs: a few batches of a small synthetic set, no progress bars.
TINY = [
    "--trainer.max_epochs=1",
    "--trainer.limit_train_batches=3",
    "--trainer.enable_progress_bar=false",
    "--trainer.enable_model_summary=false",
    "--data.synthetic_samples=256",
    "--data.num_workers=0",
]


def scaffold(root: Path, name: str, task: str) -> Path:
    target = root / name
    spec = build_spec(load_catalog(), target=target, task=task)
    execute(plan_write(target, render_project(spec), force=False))
    return target


def rendered_module(task: str, module: str) -> types.ModuleType:
    """One generated module, rendered and executed without writing a project (pure modules)."""
    spec = build_spec(load_catalog(), target=Path("/tmp/render_only"), task=task)
    source = render_project(spec)[f"src/{spec.package}/experiments/{module}.py"]
    mod = types.ModuleType(f"rendered_{module}")
    exec(compile(source, f"{module}.py", "exec"), mod.__dict__)
    return mod


@contextlib.contextmanager
def imported(project: Path) -> Iterator[str]:
    """The project's package importable and the project folder the working directory, as when
    a user runs ``python -m pkg.experiments...`` there; undone afterwards."""
    package = project.name
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(project / "src"))
        patch.chdir(project)
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield package
        finally:
            torch.set_num_threads(threads)
            for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
                del sys.modules[name]
            importlib.invalidate_caches()


def command(package: str, name: str) -> types.ModuleType:
    """``<package>.experiments.<name>``; an empty name is the project's ``cli`` module."""
    return importlib.import_module(f"{package}.experiments.{name}" if name else f"{package}.cli")


def run_module(project: Path, module: str, *args: str, timeout: float = 600, **kw):
    """``python -m <package>[.<module>] ARGS`` in the project folder, in a fresh process."""
    env = {
        **os.environ,
        "PYTHONPATH": str(project / "src"),
        "PYTHONWARNINGS": "ignore",
        "OMP_NUM_THREADS": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", ".".join(filter(None, (project.name, module))), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kw,
    )
