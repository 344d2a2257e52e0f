"""timeseries-forecasting: scaffold, lint, own tests, validate, learn — LSTM and temporal CNN.

Projects are scaffolded once per module and the slow parts (the project's own pytest, one
``validate_many`` over every project, a short training run per architecture) run concurrently
in subprocesses.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from task_harness import ProjectChecks, Runs, import_module, package_of, run, scaffold

TASK = "timeseries-forecasting"
# (architecture, source): every source with the default temporal CNN, and the LSTM.
PROJECTS = (("tcn", "synthetic"), ("lstm", "synthetic"), ("tcn", "csv"), ("tcn", "numpy"))
TARGET = ("tcn", "csv-target")  # the CSV project with `new --set target=load`


def write_csv(path: Path) -> None:
    """300 hourly rows: a date column (text, so skipped), a daily-cycle load and a temperature."""
    lines = ["date,load,temp"]
    for t in range(300):
        load = 50 + 10 * math.sin(2 * math.pi * t / 24)
        temp = 15 + 5 * math.cos(2 * math.pi * t / 24)
        lines.append(f"2026-01-{1 + t // 24:02d}T{t % 24:02d}:00,{load:.3f},{temp:.3f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scaffold_all(root: Path) -> dict[tuple[str, str], Path]:
    write_csv(root / "series.csv")
    t = np.arange(300, dtype=np.float32)
    np.savez(root / "series.npz", x=np.sin(2 * np.pi * t / 24) + 0.01 * t)
    data = {"synthetic": None, "csv": root / "series.csv", "numpy": root / "series.npz"}
    projects = {
        (arch, source): scaffold(
            root / f"ts_{arch}_{source[:3]}",
            TASK,
            source,
            data[source],
            settings={"architecture": arch},
        )
        for arch, source in PROJECTS
    }
    projects[TARGET] = scaffold(
        root / "ts_tgt", TASK, "csv", data["csv"], settings={"target": "load"}
    )
    return projects


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


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    """Scaffold every project, then start every slow check at once."""
    root = tmp_path_factory.mktemp("timeseries")
    runs = Runs(scaffold_all(root), warm_pool)
    learners = [runs.projects["tcn", "synthetic"].name, runs.projects["lstm", "synthetic"].name]
    csv_package = runs.projects["tcn", "csv"].name
    runs.start_probe(
        "probe", PROBE.format(), csv_package, str(root / "series.csv"), *learners, cwd=root
    )
    yield from runs.checked(TestProjects)


class TestProjects(ProjectChecks):
    projects = (*PROJECTS, TARGET)
    full_checks = PROJECTS
    own_tests = (("tcn", "synthetic"),)


def test_csv_reads_numeric_columns_forecasts_the_target_and_splits_in_time(runs):
    facts = runs.probed()["csv"]
    assert facts["num_channels"] == 2  # load and temp; the date column is text
    assert facts["targets"] == [1]  # temp
    # 300 steps: the last 30 test, the 30 before validate, and statistics come from the first
    # 240 only (the temperature's training mean, not the whole file's).
    assert facts["bounds"] == [240, 270, 300]
    assert facts["sizes"] == [240 - 48 - 12 + 1, 30 - 12 + 1, 30 - 12 + 1]
    assert abs(facts["target_loc"][0] - 15) < 0.5


@pytest.mark.parametrize("architecture", ["tcn", "lstm"])
def test_short_fit_learns_the_synthetic_signal(runs, architecture):
    scores = runs.probed()[runs.projects[architecture, "synthetic"].name]
    assert scores["after"] < 0.5 * scores["before"], scores


def test_target_columns_are_chosen_by_name_and_an_unknown_one_is_refused(runs):
    project = runs.projects[TARGET]
    config = yaml.safe_load((project / "configs" / "default.yaml").read_text(encoding="utf-8"))
    assert config["data"]["target"] == "load"  # validated above: it trains on that column
    data = import_module(project, "data")
    csv_path = config["data"]["data_dir"]
    assert data.SeriesDataModule(data_dir=csv_path, target="load").targets == [0]
    both = data.SeriesDataModule(data_dir=csv_path, target=["temp", "load"])
    assert (both.targets, both.num_targets) == ([1, 0], 2)
    with pytest.raises(ValueError, match="distinct"):
        data.SeriesDataModule(data_dir=csv_path, target=["load", "load"])
    # The CLI: one line naming the column and listing those read, exit 2, no traceback.
    result = run(
        [sys.executable, "-m", package_of(project), "fit", "--data.target=price"], project / "src"
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert lines[-1] == (
        f"{package_of(project)}: error: data.target: no column 'price' among the columns "
        "read ['load', 'temp']"
    )
    assert "Traceback" not in result.stderr
