"""tabular-classification and tabular-regression: scaffold, lint, own tests, validate, learn.

Every project here is scaffolded once per module and the slow parts (the project's own pytest,
``validate`` of each source, a short training run) run concurrently in subprocesses, so the
file stays near a minute on two cores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from task_harness import ProjectChecks, Runs, scaffold

TASKS = ("tabular-classification", "tabular-regression")
SOURCES = ("synthetic", "csv", "numpy")
PROJECTS = tuple((task, source) for task in TASKS for source in SOURCES)


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


def scaffold_all(root: Path) -> dict[tuple[str, str], Path]:
    projects = {}
    for task, source in PROJECTS:
        target = root / _package(task, source)
        data_dir = None
        if source == "csv":
            data_dir = root / f"{target.name}.csv"
            write_csv(data_dir, task)
        elif source == "numpy":
            data_dir = root / f"{target.name}.npz"
            write_npz(data_dir, task)
        projects[task, source] = scaffold(target, task, source, data_dir)
    return projects


# One process per task (importing torch and Lightning once): what the data module made of the
# tiny CSV file, then a short training run on synthetic data through the project's own CLI,
# measuring the monitored validation metric before and after.
PROBE = """
import json, sys
import torch
from torch.utils.data import DataLoader, TensorDataset
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
# The loaders fetch a batch with one index per tensor (Rows.__getitems__): the batches must be
# the ones per-row fetching and default_collate give, in the same shuffled order.
dm.batch_size = 8
torch.manual_seed(0)
ours = list(dm.train_dataloader())
torch.manual_seed(0)
rows = TensorDataset(*dm.train_dataloader().dataset.tensors)
plain = list(DataLoader(rows, batch_size=8, shuffle=True))
csv["batches"] = [len(ours), len(plain)]
csv["same_batches"] = all(
    len(a) == len(b) and all(torch.equal(x, y) for x, y in zip(a, b)) for a, b in zip(ours, plain)
)
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
# As on an 8-core machine: Lightning would advise 7 workers for these in-memory loaders.
import warnings
from lightning.pytorch.trainer.connectors import data_connector
data_connector.suggested_max_num_workers = lambda devices: 8
with warnings.catch_warnings(record=True) as caught:
    cli.trainer.fit(cli.model, cli.datamodule)
after = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0][metric]
advice = [str(w.message) for w in caught if "num_workers" in str(w.message)]
print(json.dumps({{"csv": csv, "before": before, "after": after, "advice": advice}}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    """Scaffold every task x source, then start every slow check at once."""
    runs = Runs(scaffold_all(tmp_path_factory.mktemp("tabular")), warm_pool)
    for task in TASKS:
        default, csv_project = runs.projects[task, "synthetic"], runs.projects[task, "csv"]
        code = PROBE.format(package=default.name, csv_package=csv_project.name)
        metric = "val_acc" if task.endswith("classification") else "val_rmse"
        runs.start_probe(f"probe {task}", code, metric, f"{csv_project}.csv", cwd=default)
    yield from runs.checked(TestProjects)


class TestProjects(ProjectChecks):
    projects = full_checks = PROJECTS
    own_tests = tuple((task, "synthetic") for task in TASKS)


@pytest.mark.parametrize("task", TASKS)
def test_csv_columns_are_inferred_and_encoded_from_the_train_split(runs, task):
    facts = runs.probed(f"probe {task}")["csv"]
    assert facts["num_numeric"] == 2  # x and size; id is excluded, city is text
    assert facts["cardinalities"] == [4]  # three cities + the unknown index
    assert facts["train_mean"] < 1e-5  # standardised with the train split's own statistics
    assert facts["finite"]  # the empty cell became the train mean, not NaN
    assert facts["codes_are_indices"]
    assert facts["splits"] == [32, 4, 4]
    assert facts["batches"] == [4, 4] and facts["same_batches"]
    if task.endswith("classification"):
        assert facts["classes"] == ["high", "low"]


@pytest.mark.parametrize("task", TASKS)
def test_short_fit_learns_the_synthetic_signal(runs, task):
    scores = runs.probed(f"probe {task}")
    assert scores["advice"] == []  # no "increase num_workers" advice for in-memory rows
    if task.endswith("classification"):  # 3 classes: chance is about 0.33
        assert scores["after"] > max(0.75, scores["before"] + 0.3), scores
    else:  # RMSE in the target's units; an untrained model predicts about the mean
        assert scores["after"] < 0.5 * scores["before"], scores
