"""What issue 19 changed in the generated training loop keeps what users see: the loss on the
progress bar and in the log every ``log_every_n_steps`` steps, the training accuracy once per
epoch, a tqdm bar redrawn every 10 steps that ``--trainer.enable_progress_bar=false`` removes
(benchmarks/RESULTS.md has the measured per-step costs behind these choices)."""

from __future__ import annotations

import csv
import json
import sys

from scaffold_helpers import Cell, run, scaffold

PROBE = """
import json, os, sys
import torch
from lightning.pytorch.callbacks import ProgressBar, TQDMProgressBar
sys.path.insert(0, "src")
from {package}.cli import cli_main

torch.set_num_threads(1)
base = ["--trainer.accelerator=cpu", "--trainer.devices=1", "--trainer.strategy=auto",
        "--trainer.precision=32-true", "--trainer.enable_model_summary=false",
        "--data.synthetic_samples=640", "--data.num_workers=0"]
off = cli_main([*base, "--trainer.enable_progress_bar=false"], run=False)
cli = cli_main([*base, "--trainer.max_epochs=2", "--trainer.log_every_n_steps=4"], run=False)
bars = [cb for cb in cli.trainer.callbacks if isinstance(cb, ProgressBar)]
cli.trainer.fit(cli.model, datamodule=cli.datamodule)
print(json.dumps({{
    "bars": [type(b).__name__ for b in bars],
    "refresh": [b.refresh_rate for b in bars if isinstance(b, TQDMProgressBar)],
    "bars_off": [type(c).__name__ for c in off.trainer.callbacks if isinstance(c, ProgressBar)],
    "bar_metrics": sorted(cli.trainer.progress_bar_metrics),
    "log_dir": cli.trainer.logger.log_dir,
}}))
"""


def test_loss_every_log_step_accuracy_per_epoch_and_a_tqdm_bar(tmp_path):
    project = scaffold(Cell("tabular-classification", "synthetic", "cpu-debug", "csv"), tmp_path)
    package = next(p.name for p in (project / "src").iterdir() if (p / "cli.py").is_file())
    result = run([sys.executable, "-c", PROBE.format(package=package)], cwd=project, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["bars"] == ["TQDMProgressBar"] and facts["refresh"] == [10]
    assert facts["bars_off"] == []  # no bar, and no "progress bar and enable_progress_bar" error
    assert "train_loss" in facts["bar_metrics"]
    with open(project / facts["log_dir"] / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    # 640 rows at batch 64: 10 steps per epoch, 20 in all; the logger writes at steps 3, 7, ...
    loss_steps = [int(r["step"]) for r in rows if r.get("train_loss")]
    assert loss_steps == [3, 7, 11, 15, 19]
    acc = [r for r in rows if r.get("train_acc")]
    assert [int(r["epoch"]) for r in acc] == [0, 1]
    assert all(0.0 <= float(r["train_acc"]) <= 1.0 for r in acc)
    lr_steps = [int(r["step"]) for r in rows if r.get("lr-AdamW")]
    assert lr_steps == loss_steps  # LearningRateMonitor(logging_interval="step"): same cadence
