"""autoencoder: scaffold, lint, own tests, validate (synthetic, image folder, numpy), learn.

Each project is scaffolded once per module; the slow parts (the project's own pytest, validate
of each source, a short training run) run concurrently in subprocesses.
"""

from __future__ import annotations

from pathlib import Path

import lightning as L
import numpy as np
import pytest
import yaml
from PIL import Image
from task_harness import ProjectChecks, Runs, import_module, scaffold

TASK = "autoencoder"
SOURCES = ("synthetic", "image-folder", "numpy")
# The VAE's own options away from their defaults (OPTIONS is a project key too).
OPTIONS = {"kl_warmup_steps": "4", "num_samples": "5", "image_size": "16"}


def blob_images(count: int, size: int, seed: int) -> np.ndarray:
    """(count, size, size, 3) uint8: a bright square at a random place on a dark background."""
    rng = np.random.default_rng(seed)
    images = np.full((count, size, size, 3), 20, dtype=np.uint8)
    for image in images:
        y, x = rng.integers(0, size // 2, size=2)
        image[y : y + size // 3, x : x + size // 3] = (230, 180, 90)
    return images


def write_image_folder(root: Path, per_class: int = 5, size: int = 20) -> None:
    """``root/<class>/*.png|jpg``: two class folders (the labels the autoencoder ignores)."""
    for label, name in enumerate(("cats", "dogs")):
        (root / name).mkdir(parents=True)
        for i, image in enumerate(blob_images(per_class, size, seed=label)):
            suffix = ".png" if i % 2 else ".jpg"
            Image.fromarray(image, "RGB").save(root / name / f"{i:02d}{suffix}")


# One process: what the data module makes of folders and array files, then a short training
# run on synthetic data through the project's own CLI, losses before and after.
PROBE = """
import json, sys
from pathlib import Path
import torch
from ae_ima.data import AutoencoderDataModule, load_arrays
from ae_syn.cli import cli_main

root, sys.argv[1:] = Path(sys.argv[1]), []  # LightningCLI warns about stray command-line args
folder = AutoencoderDataModule(data_dir=str(root / "folder"), num_workers=0, image_size=16)
folder.setup("fit")
x, y = next(iter(folder.train_dataloader()))
facts = {
    "folder_sizes": [len(folder.train_set), len(folder.val_set), len(folder.test_set)],
    "folder_x": list(x.shape), "folder_range": [x.min().item(), x.max().item()],
    "folder_labels": sorted(set(folder.train_set.dataset.labels)),
}
images = torch.rand(6, 3, 8, 8)
torch.save((images, torch.arange(6)), root / "pair.pt")
torch.save({"x": images}, root / "dict.pt")
pair, named = load_arrays(root / "pair.pt", 3, 8), load_arrays(root / "dict.pt", 3, 8)
same = torch.equal(pair.tensors[0], images) and torch.equal(named.tensors[0], images)
facts["pt_round_trip"], facts["pt_labels"] = same, pair.tensors[1].tolist()
torch.save(images * 255, root / "bad.pt")
try:
    load_arrays(root / "bad.pt", 3, 8)
except ValueError as err:
    facts["bad_range"] = str(err)
npz = AutoencoderDataModule(data_dir=str(root / "images.npz"), channels=1, num_workers=0)
npz.setup("fit")
x, y = next(iter(npz.train_dataloader()))
facts["npz_x"], facts["npz_range"] = list(x.shape[1:]), [x.min().item(), x.max().item()]
cli = cli_main(
    [
        "--trainer.accelerator=cpu",
        "--trainer.max_epochs=2",
        "--trainer.enable_progress_bar=false",
        "--trainer.enable_model_summary=false",
        "--trainer.log_every_n_steps=1",  # a few batches per epoch: log every one
        "--data.synthetic_samples=256",
    ],
    run=False,
)
before = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]
cli.trainer.fit(cli.model, cli.datamodule)
after = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]
print(json.dumps({"data": facts, "before": before, "after": after}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    """Scaffold every source, then start every slow check at once."""
    root = tmp_path_factory.mktemp("autoencoder")
    write_image_folder(root / "folder")
    # Grayscale uint8 (N, H, W), another size than the model's.
    np.savez(root / "images.npz", x=blob_images(24, 24, seed=3)[..., 0], y=np.arange(24) % 2)
    projects = {
        "synthetic": scaffold(root / "ae_syn", TASK),
        "image-folder": scaffold(root / "ae_ima", TASK, "image-folder", root / "folder"),
        "numpy": scaffold(
            root / "ae_num", TASK, "numpy", root / "images.npz", settings={"channels": "1"}
        ),
        "options": scaffold(root / "ae_opt", TASK, settings=OPTIONS),
    }
    runs = Runs(projects, warm_pool)
    runs.start_probe("probe", PROBE, str(root), cwd=projects["synthetic"])
    yield from runs.checked(TestProjects)


class TestProjects(ProjectChecks):
    projects = (*SOURCES, "options")


def test_image_folders_and_array_files_become_unit_range_images(runs):
    facts = runs.probed()["data"]
    assert facts["folder_sizes"] == [8, 1, 1]  # 10 files, val_ and test_fraction 0.1
    assert facts["folder_x"][1:] == [3, 16, 16]
    assert facts["folder_range"][0] >= 0.0 and facts["folder_range"][1] <= 1.0
    assert facts["folder_labels"] == [0, 1]  # one label per class sub-folder
    assert facts["pt_round_trip"] and facts["pt_labels"] == list(range(6))
    assert "[0, 1]" in facts.get("bad_range", "")
    assert facts["npz_x"] == [1, 32, 32]  # (N, H, W) uint8 -> one channel, resized
    assert facts["npz_range"][0] >= 0.0 and facts["npz_range"][1] <= 1.0


def test_short_fit_lowers_the_loss(runs):
    scores = runs.probed()
    before, after = scores["before"], scores["after"]
    # 16 steps (measured: loss 2111 -> 810 nats per image, PSNR 6.6 -> 16.7 dB).
    assert after["val_loss"] < 0.6 * before["val_loss"], scores
    assert after["val_psnr"] > before["val_psnr"] + 3.0, scores  # decibels


class KLRamp(L.Callback):
    """The share of kl_weight each training step used."""

    def __init__(self) -> None:
        self.ramp: list[float] = []

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx) -> None:
        self.ramp.append(pl_module.kl_ramp())


def test_kl_warms_up_over_its_steps_and_predict_draws_num_samples(runs, tmp_path):
    project = runs.projects["options"]
    config = yaml.safe_load((project / "configs" / "default.yaml").read_text(encoding="utf-8"))
    assert (config["model"]["kl_warmup_steps"], config["model"]["num_samples"]) == (4, 5)
    model = import_module(project, "model").ImageAutoencoder(base_channels=8)  # rendered
    data = import_module(project, "data").AutoencoderDataModule(
        synthetic_samples=192, batch_size=32, num_workers=0
    )
    ramp = KLRamp()
    trainer = L.Trainer(
        accelerator="cpu",
        max_steps=6,
        limit_val_batches=1,
        callbacks=[ramp],
        default_root_dir=tmp_path,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model, data)
    assert ramp.ramp == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    # Evaluation always weighs the KL fully: val_loss is the same objective at every step.
    model.eval()
    x = next(iter(data.val_dataloader()))[0]
    loss, recon, kl, _ = model.compute_losses(x)
    assert abs(loss.item() - (recon + kl).item()) < 1e-3 * abs(loss.item())
    out = trainer.predict(model, dataloaders=data.val_dataloader())
    assert [tuple(batch["samples"].shape) for batch in out] == [(5, 3, 16, 16)] * len(out)
    assert all(len(batch["reconstructions"]) == len(x) for batch in out[:1])
