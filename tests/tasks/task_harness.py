"""One harness for tests/tasks: what every task's projects go through, written once.

A test module scaffolds its projects once (module fixture ``runs``, a :class:`Runs`), starts the
slow checks at once in threads (the project's own pytest, one ``validate_many`` on the session's
warm pool, a probe or a training run in a fresh interpreter), and subclasses
:class:`ProjectChecks` as ``TestProjects`` for the checks every project gets: ruff-clean and
formatted, validated, its own tests passing with warnings as errors. The module's own tests then
read what the slow jobs found (``runs.probed()``, ``runs.result(name)``).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.validate import DEFAULT_CHECKS, validate_many
from lightning_skill.write import execute, plan_write

# The stages under fast_dev_run; validate's deeper checks (overfit, checkpoint, cli, lint) have
# their own tests and take minutes on two busy cores.
FAST_CHECKS = ("import", "discover", "instantiate", "fit", "validate", "test", "predict")
# A project's own test-suite with warnings as errors, except library noise the project's
# pyproject also ignores (-W on the command line overrides the pyproject's filters).
OWN_TESTS = [
    *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"),
    *("-W", "ignore::DeprecationWarning:lightning.pytorch.cli"),
    # Command-line -W filters match the message literally (not as a regex), from its start.
    *("-W", "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning"),
]
# Well under a minute on idle cores; far more on a shared machine.
SLOW_TIMEOUT = 1800


def env() -> dict[str, str]:
    """The environment of every process a task test starts: CPU only, like CI."""
    return {**os.environ, "CUDA_VISIBLE_DEVICES": ""}


def scaffold(
    target: Path,
    task: str,
    source: str | None = None,
    data_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> Path:
    """``lightning-skill new TARGET --task TASK [--data SOURCE --data-dir DIR --set K=V]``,
    in-process (the CLI's own path is tested in tests/scaffold)."""
    spec = build_spec(
        load_catalog(),
        target=target,
        task=task,
        source=source,
        data_dir=str(data_dir) if data_dir is not None else None,
        settings=settings,
    )
    execute(plan_write(target, render_project(spec), force=False))
    return target


def scaffold_sources(
    root: Path, task: str, prefix: str, data: dict[str, Path | None]
) -> dict[str, Path]:
    """One project per source (``data``: source -> its --data-dir) in ``root/PREFIX_SOU``: short
    package names (``gan_syn``, ``gan_ima``) keep generated lines within 100 columns."""
    return {
        source: scaffold(root / f"{prefix}_{source[:3]}", task, source, folder)
        for source, folder in data.items()
    }


def run(
    cmd: Sequence[str],
    cwd: Path,
    timeout: float = SLOW_TIMEOUT,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(cmd),
        cwd=cwd,
        env={**env(), **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def package_of(project: Path) -> str:
    return next(project.glob("src/*/cli.py")).parent.name


def import_module(project: Path, name: str) -> ModuleType:
    """A generated module (data.py or model.py), imported on its own."""
    path = next(project.glob(f"src/*/{name}.py"))
    spec = importlib.util.spec_from_file_location(f"{project.name}_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fit_metrics(project: Path, logs: Path, *overrides: str) -> list[dict[str, str]]:
    """``python -m PACKAGE fit`` as a user runs it, on the CPU, logging under ``logs``; the rows
    of the CSV logger's metrics.csv."""
    result = run(
        [
            *(sys.executable, "-m", package_of(project), "fit"),
            "--trainer.accelerator=cpu",
            "--trainer.enable_progress_bar=false",
            "--trainer.enable_model_summary=false",
            f"--trainer.default_root_dir={logs}",
            f"--trainer.logger.init_args.save_dir={logs}",
            "--data.num_workers=0",
            *overrides,
        ],
        project / "src",
    )
    assert result.returncode == 0, result.stderr[-4000:]
    with next(logs.rglob("metrics.csv")).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def fit_runs(
    projects: dict[Hashable, Path],
    warm_pool: Any,
    checks: type[ProjectChecks],
    logs: Path,
    *,
    epochs: int,
    samples: int,
) -> Iterator[Runs]:
    """A module fixture's body for tasks that check learning: ``Runs`` over ``projects`` with job
    ``fit`` (``fit_metrics`` on the ``"synthetic"`` project, ``epochs`` epochs of ``samples``
    synthetic samples, logged under ``logs``), then ``checks`` as in ``Runs.checked``. Use as
    ``yield from fit_runs(...)``."""
    runs = Runs(projects, warm_pool)
    overrides = (f"--trainer.max_epochs={epochs}", f"--data.synthetic_samples={samples}")
    runs.start("fit", fit_metrics, projects["synthetic"], logs, *overrides)
    return runs.checked(checks)


def probe(
    code: str, *args: str, cwd: Path, projects: Sequence[Path]
) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter (UserWarnings are errors) that imports ``projects``."""
    return run(
        [sys.executable, "-W", "error::UserWarning", "-c", code, *args],
        cwd,  # logs/ and checkpoints land in a throwaway folder
        extra_env={"PYTHONPATH": os.pathsep.join(str(p / "src") for p in projects)},
    )


def split_layout(root: Path, write: Callable[..., None]) -> Path:
    """``root/train`` (6 items) and ``root/val`` (3) written by ``write(folder, count, seed=)``:
    a folder layout with its own validation split and no test/."""
    write(root / "train", 6, seed=1)
    write(root / "val", 3, seed=2)
    return root


class Runs:
    """A module's projects (key -> folder) and its slow jobs, running in threads."""

    def __init__(self, projects: dict[Hashable, Path], warm_pool: Any) -> None:
        self.projects = projects
        self.warm_pool = warm_pool
        self._pool = ThreadPoolExecutor(max_workers=3)
        self._jobs: dict[str, Future] = {}
        self._validated: dict[Hashable, tuple[str, int, Sequence[str]]] = {}

    def start(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._jobs[name] = self._pool.submit(fn, *args, **kwargs)

    def result(self, name: str) -> Any:
        return self._jobs[name].result()

    def start_own_tests(self, *keys: Hashable) -> None:
        """The project's own pytest, as job ``pytest KEY``."""
        for key in keys:
            self.start(f"pytest {key}", run, OWN_TESTS, self.projects[key])

    def start_validation(self, keys: Sequence[Hashable], checks: Sequence[str]) -> None:
        """One ``validate_many`` over ``keys`` on the session's warm pool (torch imported once)."""
        name = f"validate {len(self._validated)}"
        paths = [self.projects[k] for k in keys]
        self.start(name, validate_many, paths, checks=checks, runner=self.warm_pool)
        self._validated.update({k: (name, i, checks) for i, k in enumerate(keys)})

    def start_probe(self, name: str, code: str, *args: str, cwd: Path) -> None:
        self.start(name, probe, code, *args, cwd=cwd, projects=list(self.projects.values()))

    def probed(self, name: str = "probe") -> dict:
        """The JSON a probe printed last."""
        result = self.result(name)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def checked(self, checks: type[ProjectChecks]) -> Iterator[Runs]:
        """Start what ``checks`` (a module's ``TestProjects``) reads, yield, then wait for every
        job: a module fixture ends with ``yield from runs.checked(TestProjects)``."""
        self.start_own_tests(*checks.own_tests)
        for keys, names in (
            ([k for k in checks.projects if k in checks.full_checks], DEFAULT_CHECKS),
            ([k for k in checks.projects if k not in checks.full_checks], FAST_CHECKS),
        ):
            if keys:
                self.start_validation(keys, names)
        try:
            yield self
        finally:
            self._pool.shutdown(wait=True)

    # --- The checks every project gets (ProjectChecks) ---

    def assert_ruff_clean(self, key: Hashable) -> None:
        for args in (["check", "."], ["format", "--check", "."]):
            result = run([sys.executable, "-m", "ruff", *args], self.projects[key])
            assert result.returncode == 0, result.stdout + result.stderr

    def assert_validated(self, key: Hashable) -> None:
        name, index, checks = self._validated[key]
        report = self.result(name)[index]
        assert report.passed, [c for c in report.checks if c.status != "pass"]
        if tuple(checks) == FAST_CHECKS:  # the fast_dev_run stages all ran, none was skipped
            assert [c.name for c in report.checks if c.status == "pass"] == list(FAST_CHECKS)

    def assert_own_tests_pass(self, key: Hashable) -> None:
        result = self.result(f"pytest {key}")
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        assert " passed" in result.stdout


def image_folder_runs(
    root: Path,
    warm_pool: Any,
    task: str,
    write: Callable[..., None],
    count: int,
    probe_code: str,
    checks: type[ProjectChecks],
) -> Iterator[Runs]:
    """A module fixture's body for an image task: the synthetic and image-folder projects
    (``write(folder, count)`` writes the folder), then ``probe_code`` run on a train/val
    layout (``split_layout``) beside the checks."""
    write(root / "folder", count)
    layout = split_layout(root / "split", write)
    data = {"synthetic": None, "image-folder": root / "folder"}
    runs = Runs(scaffold_sources(root, task, task[:3], data), warm_pool)
    runs.start_probe("probe", probe_code, str(layout), cwd=runs.projects["synthetic"])
    yield from runs.checked(checks)


def key_id(key: Hashable) -> str:
    return "-".join(key) if isinstance(key, tuple) else str(key)


class ProjectChecks:
    """Every project of a task: ruff-clean and formatted, validated; and its own tests pass.

    A module subclasses this as ``TestProjects``; its module fixture ``runs`` ends with
    ``yield from runs.checked(TestProjects)``, which starts the jobs these tests read.
    """

    projects: ClassVar[Sequence[Hashable]] = ()  # the keys of ``runs`` ruff and validate cover
    # Validated with every default check (overfit, checkpoint, cli...); the other projects
    # differ only in how data is read, so the fast_dev_run stages cover them.
    full_checks: ClassVar[Sequence[Hashable]] = ()
    own_tests: ClassVar[Sequence[Hashable]] = ("synthetic",)  # whose own pytest runs

    def pytest_generate_tests(self, metafunc: Any) -> None:
        for arg, keys in (("project", self.projects), ("own", self.own_tests)):
            if arg in metafunc.fixturenames:
                metafunc.parametrize(arg, keys, ids=[key_id(k) for k in keys])

    def test_generated_code_is_ruff_clean_and_formatted(self, runs: Runs, project) -> None:
        runs.assert_ruff_clean(project)

    def test_project_validates(self, runs: Runs, project) -> None:
        runs.assert_validated(project)

    def test_project_passes_its_own_tests_without_warnings(self, runs: Runs, own) -> None:
        runs.assert_own_tests_pass(own)
