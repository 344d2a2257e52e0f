"""Cross-validation and the tuner of a generated project, run in-process at tiny sizes."""

from __future__ import annotations

import json
import statistics

import lightning  # noqa: F401  (imported once here, not under a test's captured stderr)
import pytest
import yaml
from experiments_helpers import TINY, command, imported, scaffold


@pytest.fixture(scope="module")
def tabular(tmp_path_factory):
    return scaffold(tmp_path_factory.mktemp("exp"), "exp_tab", "tabular-classification")


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return scaffold(tmp_path_factory.mktemp("exp"), "exp_fc", "timeseries-forecasting")


def check_report(out, num_folds: int, metric: str) -> dict:
    """Per-fold metrics in folds.csv and summary.json, and a mean ± std that matches them."""
    summary = json.loads((out / "summary.json").read_text())
    assert summary["num_folds"] == num_folds == len(summary["folds"])
    csv_rows = (out / "folds.csv").read_text().splitlines()
    assert len(csv_rows) == num_folds + 1 and metric in csv_rows[0]
    values = [row[metric] for row in summary["folds"]]
    assert len(set(values)) == num_folds, "every fold reports its own value"
    assert summary["metrics"][metric]["mean"] == pytest.approx(statistics.fmean(values))
    assert summary["metrics"][metric]["std"] == pytest.approx(statistics.stdev(values))
    assert len({row["log_dir"] for row in summary["folds"]}) == num_folds
    return summary


def test_cv_tabular_stratified_disjoint_folds(tabular, monkeypatch, capsys):
    with imported(tabular) as package:
        cv = command(package, "cv")
        models = []
        build = cv.build

        def recording_build(args):
            cli = build(args)
            models.append(cli.model)
            return cli

        monkeypatch.setattr(cv, "build", recording_build)
        assert cv.main(["--folds", "3", *TINY]) == 0
        from exp_tab.data import TabularDataModule

        data = TabularDataModule(synthetic_samples=256, num_workers=0)
        data.setup("fit")
        # The folds re-split train + validation, in that order (datasets built by the loaders).
        train, val = data.train_dataloader().dataset, data.val_dataloader().dataset
        labels = [int(train[i][-1]) for i in range(len(train))] + [
            int(val[i][-1]) for i in range(len(val))
        ]
    # Fresh weights per fold: every fold built its own model.
    assert len({id(m) for m in models}) == 3
    out = tabular / "logs" / "cv"
    check_report(out, 3, "val_acc")
    layout = json.loads((out / "folds.json").read_text())
    assert layout["strategy"] == "stratified" and layout["samples"] == len(labels)
    vals = [set(f["val"]) for f in layout["folds"]]
    assert sorted(i for v in vals for i in v) == list(range(len(labels)))  # disjoint, complete
    for fold in layout["folds"]:
        assert not set(fold["train"]) & set(fold["val"])
        share = [labels[i] for i in fold["val"]].count(0) / len(fold["val"])
        assert share == pytest.approx(labels.count(0) / len(labels), abs=0.02)
    printed = capsys.readouterr().out
    assert "3-fold cross-validation (stratified)" in printed and "val_acc:" in printed


def test_cv_forecasting_expanding_time_ordered(series):
    with imported(series) as package:
        cv = command(package, "cv")
        assert cv.main(["--folds", "3", *TINY]) == 0
        from exp_fc.data import SeriesDataModule

        data = SeriesDataModule(synthetic_samples=256, num_workers=0)
        data.setup("fit")
        # The forecast start step of every sample of the pool (train windows, then val windows).
        starts = [data.train_set.first + i for i in range(len(data.train_set))]
        starts += [data.val_set.first + i for i in range(len(data.val_set))]
        horizon = data.horizon
    assert starts == sorted(starts)
    out = series / "logs" / "cv"
    check_report(out, 3, "val_loss")
    layout = json.loads((out / "folds.json").read_text())
    assert layout["strategy"] == "expanding" and layout["gap"] == horizon - 1
    previous = None
    for fold in layout["folds"]:
        train, val = fold["train"], fold["val"]
        # Every training target (start .. start + horizon - 1) ends before validation starts.
        assert max(starts[i] for i in train) + horizon <= min(starts[i] for i in val)
        if previous is not None:
            assert min(val) > max(previous["val"])  # later folds validate later
            assert set(previous["train"]) < set(train)  # on an expanding window
        previous = fold


def test_cv_bad_input_is_one_line(tabular, capsys):
    with imported(tabular) as package:
        cv = command(package, "cv")
        with pytest.raises(SystemExit) as exit_info:
            cv.main(["--folds", "100000", *TINY])
        assert exit_info.value.code == 2
        with pytest.raises(SystemExit) as exit_info:
            cv.main(["--folds", "2", "--model.no_such_argument=3", *TINY])
        assert exit_info.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert len(errors) == 2, errors
    assert "cannot be split into 100000 folds" in errors[0]
    assert "no_such_argument" in errors[1]


def test_tune_lr_and_batch_size_write_one_config(tabular, capsys):
    out = tabular / "configs" / "tuned.yaml"
    with imported(tabular) as package:
        tune = command(package, "tune")
        assert tune.main(["lr", "--num-training", "20", *TINY]) == 0
        lr = yaml.safe_load(out.read_text())["model"]["lr"]
        assert isinstance(lr, float) and 1e-8 <= lr <= 1.0
        assert (tabular / "logs" / "tune" / "lr_find.png").stat().st_size > 0
        steps = ["--max-trials", "2", "--steps-per-trial", "1", "--init-val", "16"]
        assert tune.main(["batch-size", *steps, *TINY]) == 0
        # Both values, and the comments describing each, survive the second run.
        text = out.read_text()
        written = yaml.safe_load(text)
        assert written == {"model": {"lr": lr}, "data": {"batch_size": 32}}
        assert "# model.lr: suggested by lr_find" in text
        assert "# data.batch_size: found by scale_batch_size" in text
        # `fit -c` accepts it: the CLI resolves the tuned values.
        from exp_tab.cli import cli_main

        cli = cli_main(["-c", str(out), *TINY], run=False)
        assert cli.model.hparams.lr == lr and cli.datamodule.batch_size == 32
    assert "suggested learning rate" in capsys.readouterr().out
