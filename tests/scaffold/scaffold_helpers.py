"""Shared helpers for tests/scaffold: the catalogue as test data, pairwise cells, rendering."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import zlib
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from lightning_skill.catalog import load_catalog
from lightning_skill.presets import for_task
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.write import execute, plan_write

REPO = Path(__file__).resolve().parents[2]
RUFF = [sys.executable, "-m", "ruff"]
# The stages that run under fast_dev_run; the deeper checks (overfit, checkpoint, lint...) have
# their own tests in tests/validate and would multiply this suite's time.
FAST_CHECKS = "import,discover,instantiate,fit,validate,test,predict"
CPU_OVERRIDES = [
    "--trainer.accelerator=cpu",
    "--trainer.devices=1",
    "--trainer.num_nodes=1",
    "--trainer.strategy=auto",
    "--trainer.precision=32-true",
]


@dataclass(frozen=True)
class Cell:
    task: str
    source: str
    preset: str
    logger: str

    @property
    def id(self) -> str:
        return f"{self.task}|{self.source}|{self.preset}|{self.logger}"

    @property
    def dirname(self) -> str:
        # Short: generated imports name the package, and line length is checked.
        return f"c{zlib.crc32(self.id.encode()):08x}"


def logger_installed(logger: str) -> bool:
    modules = load_catalog().loggers[logger]["package"]
    return not modules or any(find_spec(m) is not None for m in modules)


def all_cells() -> list[Cell]:
    """Every valid task x source x preset x logger combination, tasks read from the catalogue."""
    cat = load_catalog()
    return [
        Cell(task.name, source, preset, logger)
        for task in cat.tasks.values()
        for source in task.sources
        for preset in for_task(cat.presets, task)  # what `new` accepts for the task
        for logger in cat.loggers
    ]


def _pairs(cell: Cell) -> set[tuple[int, int, str, str]]:
    values = (cell.task, cell.source, cell.preset, cell.logger)
    return {(i, j, values[i], values[j]) for i, j in itertools.combinations(range(4), 2)}


def pairwise_cells() -> list[Cell]:
    """A small set of valid cells covering every valid pair of (task, source, preset, logger).

    Greedy: repeatedly take the cell covering most uncovered pairs (ties: first in order, so
    the set is deterministic). Only pairs that occur in some valid cell need covering.
    """
    cells = all_cells()
    uncovered = set().union(*(_pairs(c) for c in cells))
    chosen: list[Cell] = []
    while uncovered:
        best = max(cells, key=lambda c: len(_pairs(c) & uncovered))
        chosen.append(best)
        uncovered -= _pairs(best)
    return chosen


def data_dir_for(source: str, root: Path) -> str | None:
    """A placeholder path for sources that read files (config-level checks never open it)."""
    if not load_catalog().sources[source].get("needs_data_dir"):
        return None
    return str(root / f"data-{source}")


def scaffold(cell: Cell, root: Path, **kwargs: object) -> Path:
    """Render and write a cell's project in-process (what `lightning-skill new` does)."""
    target = root / cell.dirname
    spec = build_spec(
        load_catalog(),
        target=target,
        task=cell.task,
        source=cell.source,
        data_dir=data_dir_for(cell.source, root),
        preset=cell.preset,
        logger=cell.logger,
        **kwargs,  # type: ignore[arg-type]
    )
    execute(plan_write(target, render_project(spec), force=False))
    return target


def run(cmd: list[str], cwd: Path | None = None, timeout: float = 900, **kw):
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, **kw
    )


def probe_project(project: Path, code: str, *args: str, cwd: Path) -> str:
    """Run ``python -c code args`` in ``cwd`` with only the project's ``src`` on the path (no
    inherited environment), assert it exits 0, and return its stdout."""
    env = {"PYTHONPATH": str(project / "src"), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def ruff_clean(paths: list[Path], *extra: str, cwd: Path | None = None) -> None:
    """ruff check and ruff format --check over many projects in one call each."""
    check = run([*RUFF, "check", "--no-cache", *extra, *map(str, paths)], cwd=cwd)
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr[-2000:]
    fmt = run([*RUFF, "format", "--check", "--no-cache", *extra, *map(str, paths)], cwd=cwd)
    assert fmt.returncode == 0, fmt.stdout[-4000:] + fmt.stderr[-2000:]


def validate(path: Path, timeout: float = 600) -> dict:
    """`lightning-skill validate PATH --json` on the fast_dev_run stages."""
    result = run(
        [
            sys.executable,
            "-m",
            "lightning_skill",
            "validate",
            str(path),
            "--json",
            "--checks",
            FAST_CHECKS,
            "--timeout",
            str(timeout),
        ],
        timeout=timeout + 60,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(result.stdout[-3000:] + result.stderr[-3000:]) from None
    failed = [c for c in report["checks"] if c["status"] != "pass"]
    assert result.returncode == 0 and not failed, json.dumps(failed, indent=1)[-4000:]
    return report


# Parses each project's configuration with `fit --print_config` (which exits before anything is
# instantiated) in ONE process, so lightning is imported once for many projects.
PARSE_SCRIPT = r"""
import contextlib, io, json, sys, yaml
from importlib import import_module
results = []
for project, package, extra in json.loads(sys.argv[1]):
    sys.path.insert(0, project + "/src")
    sys.argv = [package]
    cli = import_module(package + ".cli")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            cli.cli_main(["fit", *extra, "--print_config"])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    except Exception as exc:
        results.append({"error": f"{type(exc).__name__}: {exc}"})
        continue
    if code:
        results.append({"error": f"exit {code}"})
        continue
    results.append({"trainer": yaml.safe_load(out.getvalue())["trainer"]})
print("RESULTS" + json.dumps(results, default=str))
"""


def parse_configs(projects: list[tuple[Path, str, list[str]]]) -> list[dict]:
    """For each (project, package, extra args): {"trainer": parsed} or {"error": message}."""
    payload = json.dumps([[str(p), pkg, extra] for p, pkg, extra in projects])
    result = run([sys.executable, "-c", PARSE_SCRIPT, payload], timeout=900)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULTS")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(lines[-1][len("RESULTS") :])
