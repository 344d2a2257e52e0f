"""gan: scaffold, lint, own tests, validate (synthetic and image folder), manual optimization.

Each project is scaffolded once per module; the slow parts (the project's own pytest, validate
of each source, a short training run) run concurrently in subprocesses.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from task_harness import ProjectChecks, image_folder_runs

TASK = "gan"
SOURCES = ("synthetic", "image-folder")


def write_images(root: Path, count: int, size: int = 20, seed: int = 0) -> None:
    """A flat folder of ``count`` images: a bright square at a random place on a dark ground."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True)
    for i in range(count):
        image = np.full((size, size, 3), 20, dtype=np.uint8)
        y, x = rng.integers(0, size // 2, size=2)
        image[y : y + size // 3, x : x + size // 3] = (230, 180, 90)
        suffix = ".png" if i % 2 else ".jpg"
        Image.fromarray(image, "RGB").save(root / f"{i:02d}{suffix}")


# One process: what the data module makes of a train/val layout, then a short training run on
# synthetic data through the project's own CLI, watching both optimizers and both losses.
PROBE = """
import json, sys
import lightning as L
import torch
from gan_ima.data import GANDataModule
from gan_syn.cli import cli_main

layout, sys.argv[1:] = sys.argv[1], []  # LightningCLI warns about stray command-line args
split = GANDataModule(data_dir=layout, num_workers=0, image_size=16)
split.setup("fit")
x, _ = next(iter(split.train_dataloader()))
facts = {
    "sizes": [len(split.train_set), len(split.val_set), len(split.test_set)],
    "x": list(x.shape[1:]), "range": [x.min().item(), x.max().item()],
}


class Losses(L.Callback):
    def __init__(self):
        self.d, self.g = [], []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.d.append(trainer.callback_metrics["d_loss"].item())
        self.g.append(trainer.callback_metrics["train_loss"].item())


cli = cli_main(
    [
        "--trainer.accelerator=cpu",
        "--trainer.max_epochs=2",
        "--trainer.enable_progress_bar=false",
        "--trainer.enable_model_summary=false",
        "--trainer.log_every_n_steps=1",  # a few batches per epoch: log every one
        "--data.synthetic_samples=128",
        "--data.batch_size=32",
        "--model.base_channels=16",
    ],
    run=False,
)
losses = Losses()
cli.trainer.callbacks.append(losses)
model = cli.model
g0 = [p.detach().clone() for p in model.generator.parameters()]
d0 = [p.detach().clone() for p in model.discriminator.parameters()]
cli.trainer.fit(model, cli.datamodule)
changed = lambda old, net: sum(not torch.equal(a, b) for a, b in zip(old, net.parameters()))
opt_g, opt_d = cli.trainer.optimizers
adam_steps = lambda opt: {int(s["step"]) for s in opt.state.values()}
print(json.dumps({
    "data": facts,
    "global_step": cli.trainer.global_step,
    "batches": cli.trainer.fit_loop.epoch_loop._batches_that_stepped,
    "g_changed": [changed(g0, model.generator), len(g0)],
    "d_changed": [changed(d0, model.discriminator), len(d0)],
    "adam_steps": [sorted(adam_steps(opt_g)), sorted(adam_steps(opt_d))],
    "requires_grad": all(p.requires_grad for p in model.parameters()),
    "d_loss": losses.d, "g_loss": losses.g,
}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    root = tmp_path_factory.mktemp("gan")
    yield from image_folder_runs(root, warm_pool, TASK, write_images, 10, PROBE, TestProjects)


class TestProjects(ProjectChecks):
    projects = SOURCES


def test_image_folders_become_tanh_range_images(runs):
    facts = runs.probed()["data"]
    # train/ and val/ sub-folders; no test/, so test_fraction of train/ is held out for it.
    assert facts["sizes"] == [5, 3, 1]
    assert facts["x"] == [3, 16, 16]
    assert facts["range"][0] >= -1.0 and facts["range"][1] <= 1.0
    assert facts["range"][0] < -0.5 < 0.5 < facts["range"][1]  # [0, 1] scaled to [-1, 1]


def test_both_optimizers_step_every_batch(runs):
    run = runs.probed()
    batches = run["batches"]
    assert batches == 2 * 4  # 2 epochs x 128 / 32
    # Manual optimization: global_step counts optimizer steps, two per batch.
    assert run["global_step"] == 2 * batches
    assert run["adam_steps"] == [[batches], [batches]]
    assert run["g_changed"][0] == run["g_changed"][1], run["g_changed"]  # every tensor moved
    assert run["d_changed"][0] == run["d_changed"][1], run["d_changed"]
    assert run["requires_grad"]  # untoggle_optimizer restored every flag


def test_adversarial_losses_move(runs):
    run = runs.probed()
    d_loss, g_loss = np.array(run["d_loss"]), np.array(run["g_loss"])
    assert len(d_loss) == run["batches"] and np.isfinite(d_loss).all() and np.isfinite(g_loss).all()
    # The discriminator learns to separate real from fake (its loss starts near 2 log 2 = 1.39)
    # while the generator keeps it from winning outright.
    assert d_loss.max() - d_loss.min() > 0.1, d_loss
    assert d_loss[-3:].mean() < d_loss[:2].mean(), d_loss
    assert g_loss.std() > 0.01, g_loss
