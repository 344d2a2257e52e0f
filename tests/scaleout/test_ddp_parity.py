"""DDP on 2 CPU processes (gloo) trains the same model as 1 process, and reports the same metrics.

Lightning's own parity setup: 2 ranks at batch B see, per step, the same 2B samples that one
process sees at batch 2B (fixed order, no dropout), so after the same number of steps the
weights agree within float tolerance, and both ranks hold bit-identical weights (DDP averages
the gradients with one all-reduce). Validation metrics logged with ``sync_dist=True`` and the
torchmetrics objects (synced by themselves) equal the single-process values.
"""

from __future__ import annotations

import json
import sys

import pytest
import torch
from scaleout_helpers import drive, run, scaffold

pytestmark = pytest.mark.slow

STEPS = [
    "--trainer.max_steps=6",
    "--trainer.logger=false",
    "--trainer.enable_checkpointing=false",
    "--trainer.callbacks=[]",
    "--trainer.num_nodes=1",
    # Lightning gives a DDP training loader a shuffling DistributedSampler whatever the loader
    # says; the driver brings its own fixed-order, rank-strided sampler instead.
    "--trainer.use_distributed_sampler=false",
]


def _load(out, rank):
    return torch.load(out / f"rank{rank}.pt"), json.loads((out / f"rank{rank}.json").read_text())


def test_two_ranks_match_one_process_at_twice_the_batch(tmp_path):
    project = scaffold("tabular-classification", tmp_path, "parity")
    no_dropout = "--model.dropout=0.0"
    drive(
        project,
        tmp_path / "ddp",
        "ordered",
        *STEPS,
        no_dropout,
        "--trainer.devices=2",
        "--trainer.strategy=ddp",
        "--data.batch_size=16",
    )
    drive(
        project,
        tmp_path / "one",
        "ordered",
        *STEPS,
        no_dropout,
        "--trainer.devices=1",
        "--trainer.strategy=auto",
        "--data.batch_size=32",
    )
    w0, r0 = _load(tmp_path / "ddp", 0)
    w1, r1 = _load(tmp_path / "ddp", 1)
    ws, rs = _load(tmp_path / "one", 0)
    assert (r0["world"], r1["world"], rs["world"]) == (2, 2, 1)
    assert r0["global_step"] == r1["global_step"] == rs["global_step"] == 6
    for name in w0:
        assert torch.equal(w0[name], w1[name]), f"ranks disagree on {name}"
    # Training moved the weights far more than the tolerance, so agreement is not trivial.
    assert r0["moved"] > 1e-3
    worst = max((w0[k].float() - ws[k].float()).abs().max().item() for k in w0)
    assert worst < 1e-5, f"DDP and 1-process weights differ by {worst}"
    # Metrics across ranks: val_loss (self.log sync_dist=True) and val_acc (a torchmetrics
    # object) on both ranks equal the single-process values over the same samples.
    assert set(r0["metrics"]) >= {"val_loss", "val_acc"}
    for key, value in rs["metrics"].items():
        assert r0["metrics"][key] == pytest.approx(value, abs=1e-6), key
        assert r1["metrics"][key] == r0["metrics"][key], key


def test_gan_ddp_preset_trains_where_plain_ddp_raises(tmp_path):
    # The gan project's ddp preset (catalog.yaml trait unused_parameters) sets
    # ddp_find_unused_parameters_true: toggled optimizers leave one network out of each backward.
    project = scaffold("gan", tmp_path, "gand", preset="ddp")
    short = [
        "--trainer.devices=2",
        # SyncBatchNorm (the preset's other adjustment) only runs on GPUs.
        "--trainer.sync_batchnorm=false",
        "--trainer.max_steps=3",
        # A small GAN: the point is the strategy, not the images.
        "--model.base_channels=8",
        "--model.latent_dim=16",
        "--data.batch_size=8",
        "--trainer.limit_val_batches=0",
        "--trainer.logger=false",
        "--trainer.enable_checkpointing=false",
        "--trainer.callbacks=[]",
    ]
    drive(project, tmp_path / "gan", "as-is", *short)
    w0, r0 = _load(tmp_path / "gan", 0)
    w1, r1 = _load(tmp_path / "gan", 1)
    assert r0["find_unused"] is True and r0["global_step"] == r1["global_step"] > 0
    assert all(torch.equal(w0[k], w1[k]) for k in w0), "gan ranks diverged under DDP"
    # Without the adjustment the same run fails (what the catalogue's `why` says).
    plain = run(
        [
            sys.executable,
            "-m",
            "gand",
            "fit",
            "--trainer.accelerator=cpu",
            "--trainer.precision=32-true",
            "--trainer.strategy=ddp",
            *short,
        ],
        cwd=project / "src",
    )
    assert plain.returncode != 0
    assert "find_unused_parameters" in plain.stderr, plain.stderr[-2000:]
