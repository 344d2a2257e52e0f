"""timeseries-forecasting: scaffold, lint, own tests, validate, learn — LSTM and temporal CNN.

Projects are scaffolded once per module and the slow parts (the project's own pytest, one
``validate_many`` over every project, a short training run per architecture) run concurrently
in subprocesses.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from lightning_skill.validate import validate_many

TASK = "timeseries-forecasting"
# (architecture, source): every source with the default temporal CNN, and the LSTM.
PROJECTS = (("tcn", "synthetic"), ("lstm", "synthetic"), ("tcn", "csv"), ("tcn", "numpy"))
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


def write_csv(path: Path) -> None:
    """300 hourly rows: a date column (text, so skipped), a daily-cycle load and a temperature."""
    lines = ["date,load,temp"]
    for t in range(300):
        load = 50 + 10 * math.sin(2 * math.pi * t / 24)
        temp = 15 + 5 * math.cos(2 * math.pi * t / 24)
        lines.append(f"2026-01-{1 + t // 24:02d}T{t % 24:02d}:00,{load:.3f},{temp:.3f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scaffold(root: Path, architecture: str, source: str) -> Path:
    target = root / f"ts_{architecture}_{source[:3]}"
    args = ["new", str(target), "--task", TASK, "--data", source]
    args += ["--set", f"architecture={architecture}"]
    if source == "csv":
        write_csv(root / "series.csv")
        args += ["--data-dir", str(root / "series.csv")]
    elif source == "numpy":
        t = np.arange(300, dtype=np.float32)
        np.savez(root / "series.npz", x=np.sin(2 * np.pi * t / 24) + 0.01 * t)
        args += ["--data-dir", str(root / "series.npz")]
    made = subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return target


# One process (importing torch and Lightning once): what the data module made of the CSV file,
# then for each architecture a short training run on synthetic data through the project's own
# CLI, measuring the validation loss (MSE in standardised units) before and after.
PROBE = """
import importlib, json, sys
csv_package, csv_path, *packages = sys.argv[1:]
sys.argv[1:] = []  # LightningCLI warns when given args while sys.argv holds others
data = importlib.import_module(csv_package + ".data")
dm = data.SeriesDataModule(data_dir=csv_path, target="temp", num_workers=0)
dm.setup("fit")
out = {{"csv": {{
    "num_channels": dm.num_channels,
    "targets": dm.targets,
    "target_loc": dm.target_loc,
    "bounds": list(dm.bounds),
    "sizes": [len(dm.train_set), len(dm.val_set), len(dm.test_set)],
}}}}
for package in packages:
    cli = importlib.import_module(package + ".cli").cli_main(
        [
            "--trainer.accelerator=cpu",
            "--trainer.max_epochs=3",
            "--trainer.enable_progress_bar=false",
            "--trainer.enable_model_summary=false",
            "--data.synthetic_samples=1024",
        ],
        run=False,
    )
    before = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]["val_loss"]
    cli.trainer.fit(cli.model, cli.datamodule)
    after = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]["val_loss"]
    out[package] = {{"before": before, "after": after}}
print(json.dumps(out))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "CUDA_VISIBLE_DEVICES": ""}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Scaffold every project, then start every slow check at once."""
    root = tmp_path_factory.mktemp("timeseries")
    projects = {key: scaffold(root, *key) for key in PROJECTS}
    pool = ThreadPoolExecutor(max_workers=3)
    learners = [projects["tcn", "synthetic"].name, projects["lstm", "synthetic"].name]
    jobs: dict[str, Future] = {
        "probe": pool.submit(
            subprocess.run,
            [
                sys.executable,
                "-W",
                "error::UserWarning",
                "-c",
                PROBE.format(),
                projects["tcn", "csv"].name,
                str(root / "series.csv"),
                *learners,
            ],
            cwd=root,  # logs/ and checkpoints land in the throwaway folder
            env={
                **_env(),
                "PYTHONPATH": os.pathsep.join(str(p / "src") for p in projects.values()),
            },
            capture_output=True,
            text=True,
            timeout=900,
        ),
        "pytest": pool.submit(
            subprocess.run,
            [sys.executable, "-m", "pytest", *PYTEST_FLAGS],
            cwd=projects["tcn", "synthetic"],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=900,
        ),
        # One call for every project: validate's warm worker pool imports torch once for all.
        "validate": pool.submit(validate_many, [projects[k] for k in PROJECTS]),
    }
    yield projects, jobs
    pool.shutdown(wait=True)


def _probe(runs) -> dict:
    result = runs[1]["probe"].result()
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("key", PROJECTS, ids=["-".join(k) for k in PROJECTS])
def test_generated_code_is_ruff_clean_and_formatted(runs, key):
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=runs[0][key], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", PROJECTS, ids=["-".join(k) for k in PROJECTS])
def test_project_validates(runs, key):
    report = runs[1]["validate"].result()[PROJECTS.index(key)]
    assert report.passed, [c for c in report.checks if c.status != "pass"]


def test_project_passes_its_own_tests_without_warnings(runs):
    result = runs[1]["pytest"].result()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_csv_reads_numeric_columns_forecasts_the_target_and_splits_in_time(runs):
    facts = _probe(runs)["csv"]
    assert facts["num_channels"] == 2  # load and temp; the date column is text
    assert facts["targets"] == [1]  # temp
    # 300 steps: the last 30 test, the 30 before validate, and statistics come from the first
    # 240 only (the temperature's training mean, not the whole file's).
    assert facts["bounds"] == [240, 270, 300]
    assert facts["sizes"] == [240 - 48 - 12 + 1, 30 - 12 + 1, 30 - 12 + 1]
    assert abs(facts["target_loc"][0] - 15) < 0.5


@pytest.mark.parametrize("architecture", ["tcn", "lstm"])
def test_short_fit_learns_the_synthetic_signal(runs, architecture):
    scores = _probe(runs)[runs[0][architecture, "synthetic"].name]
    assert scores["after"] < 0.5 * scores["before"], scores
