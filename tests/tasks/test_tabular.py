"""tabular-classification and tabular-regression: scaffold, lint, own tests, validate, learn.

Every project here is scaffolded once per module and the slow parts (the project's own pytest,
``validate`` of each source, a short training run) run concurrently in subprocesses, so the
file stays near a minute on two cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from lightning_skill.validate import validate_many

REPO = Path(__file__).resolve().parents[2]
TASKS = ("tabular-classification", "tabular-regression")
SOURCES = ("synthetic", "csv", "numpy")
PYTEST_FLAGS = [
    "-q",
    "-p",
    "no:cacheprovider",
    # Warnings are errors, except library noise the project's pyproject also ignores.
    "-W",
    "error",
    "-W",
    "ignore::DeprecationWarning:lightning.pytorch.cli",
    "-W",
    "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning",  # a literal prefix, not a regex
]


def _package(task: str, source: str) -> str:
    # Short names: a long package name pushes shared template lines past 100 columns.
    return f"{task.split('-')[1][:3]}_{source[:3]}"


def write_csv(path: Path, task: str) -> None:
    """40 rows: an id to exclude, a numeric column with a gap, a text column, a target.

    The target follows ``x`` and ``city``, so the file is a real (tiny) learning problem.
    """
    rng = np.random.default_rng(0)
    lines = ["id,x,city,size,target"]
    for i in range(40):
        x = rng.normal()
        city = ["paris", "oslo", "lima"][i % 3]
        size = "" if i == 5 else f"{rng.uniform(1, 9):.2f}"  # one missing numeric value
        score = x + {"paris": 1.0, "oslo": -1.0, "lima": 0.0}[city]
        target = ("high" if score > 0 else "low") if task.endswith("classification") else score
        lines.append(f"{i},{x:.3f},{city},{size},{target}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_npz(path: Path, task: str) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 3)).astype(np.float32)
    signal = x @ np.array([1.0, -2.0, 0.5], dtype=np.float32)
    y = (signal > 0).astype(np.int64) if task.endswith("classification") else signal
    np.savez(path, x=x, y=y)


def scaffold(root: Path, task: str, source: str) -> Path:
    target = root / _package(task, source)
    args = ["new", str(target), "--task", task, "--data", source]
    if source == "csv":
        write_csv(root / f"{target.name}.csv", task)
        args += ["--data-dir", str(root / f"{target.name}.csv")]
    elif source == "numpy":
        write_npz(root / f"{target.name}.npz", task)
        args += ["--data-dir", str(root / f"{target.name}.npz")]
    made = subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return target


# One process per task (importing torch and Lightning once): what the data module made of the
# tiny CSV file, then a short training run on synthetic data through the project's own CLI,
# measuring the monitored validation metric before and after.
PROBE = """
import json, sys
import torch
from {csv_package}.data import TabularDataModule
from {package}.cli import cli_main

metric, csv_path = sys.argv[1:]
sys.argv[1:] = []  # LightningCLI warns when given args while sys.argv holds others
dm = TabularDataModule(data_dir=csv_path, exclude=["id"], num_workers=0)
features = dm.encode(dm.table)
numeric = features[dm.train_idx, : dm.num_numeric]
codes = features[:, dm.num_numeric :]
csv = {{
    "num_numeric": dm.num_numeric,
    "cardinalities": dm.cardinalities,
    "train_mean": numeric.mean(0).abs().max().item(),
    "finite": bool(torch.isfinite(features).all()),
    "codes_are_indices": bool((codes == codes.round()).all() and codes.min() >= 0),
    "splits": [len(dm.train_idx), len(dm.val_idx), len(dm.test_idx)],
    "classes": getattr(dm, "classes", None),
}}
cli = cli_main(
    [
        "--trainer.accelerator=cpu",
        "--trainer.max_epochs=3",
        "--trainer.enable_progress_bar=false",
        "--trainer.enable_model_summary=false",
        "--data.synthetic_samples=1024",
        "--model.lr=0.003",
    ],
    run=False,
)
before = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0][metric]
cli.trainer.fit(cli.model, cli.datamodule)
after = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0][metric]
print(json.dumps({{"csv": csv, "before": before, "after": after}}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "CUDA_VISIBLE_DEVICES": ""}


def _probe(task: str, projects: dict[tuple[str, str], Path]) -> subprocess.CompletedProcess:
    default, csv_project = projects[task, "synthetic"], projects[task, "csv"]
    code = PROBE.format(package=default.name, csv_package=csv_project.name)
    metric = "val_acc" if task.endswith("classification") else "val_rmse"
    return subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", code, metric, str(csv_project) + ".csv"],
        cwd=default,  # logs/ and checkpoints land in the throwaway project
        env={**_env(), "PYTHONPATH": os.pathsep.join(str(p / "src") for p in projects.values())},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Scaffold every task x source, then start every slow check at once."""
    root = tmp_path_factory.mktemp("tabular")
    projects = {(t, s): scaffold(root, t, s) for t in TASKS for s in SOURCES}
    pool = ThreadPoolExecutor(max_workers=3)
    jobs: dict[str, Future] = {}
    for task in TASKS:
        jobs[f"probe {task}"] = pool.submit(_probe, task, projects)
        jobs[f"pytest {task}"] = pool.submit(
            subprocess.run,
            [sys.executable, "-m", "pytest", *PYTEST_FLAGS],
            cwd=projects[task, "synthetic"],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
    # One call for every project: validate's warm worker pool imports torch once for all.
    keys = list(projects)
    reports = pool.submit(validate_many, [projects[k] for k in keys])
    jobs["validate"] = reports
    yield projects, jobs, keys
    pool.shutdown(wait=True)


def _probed(runs, task: str) -> dict:
    result = runs[1][f"probe {task}"].result()
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("source", SOURCES)
def test_generated_code_is_ruff_clean_and_formatted(runs, task, source):
    project = runs[0][task, source]
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=project, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("source", SOURCES)
def test_project_validates(runs, task, source):
    _, jobs, keys = runs
    report = jobs["validate"].result()[keys.index((task, source))]
    assert report.passed, [c for c in report.checks if c.status != "pass"]


@pytest.mark.parametrize("task", TASKS)
def test_project_passes_its_own_tests_without_warnings(runs, task):
    result = runs[1][f"pytest {task}"].result()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


@pytest.mark.parametrize("task", TASKS)
def test_csv_columns_are_inferred_and_encoded_from_the_train_split(runs, task):
    facts = _probed(runs, task)["csv"]
    assert facts["num_numeric"] == 2  # x and size; id is excluded, city is text
    assert facts["cardinalities"] == [4]  # three cities + the unknown index
    assert facts["train_mean"] < 1e-5  # standardised with the train split's own statistics
    assert facts["finite"]  # the empty cell became the train mean, not NaN
    assert facts["codes_are_indices"]
    assert facts["splits"] == [32, 4, 4]
    if task.endswith("classification"):
        assert facts["classes"] == ["high", "low"]


@pytest.mark.parametrize("task", TASKS)
def test_short_fit_learns_the_synthetic_signal(runs, task):
    scores = _probed(runs, task)
    if task.endswith("classification"):  # 3 classes: chance is about 0.33
        assert scores["after"] > max(0.75, scores["before"] + 0.3), scores
    else:  # RMSE in the target's units; an untrained model predicts about the mean
        assert scores["after"] < 0.5 * scores["before"], scores
