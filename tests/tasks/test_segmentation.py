"""segmentation: scaffold, lint, own tests, validate (synthetic and image + mask folders), learn.

Each project is scaffolded once per module; the slow parts (the project's own pytest, validate
of each source, a short training run) run concurrently in subprocesses.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from task_harness import ProjectChecks, image_folder_runs

TASK = "segmentation"
SOURCES = ("synthetic", "image-folder")


def write_pairs(root: Path, count: int, size: int = 24, seed: int = 0) -> None:
    """``root/images/*.jpg|png`` and ``root/masks/*.png``: a square of class 1 or 2 on class 0.

    Masks alternate between 8-bit grayscale and palette PNGs, both of which hold indices.
    """
    rng = np.random.default_rng(seed)
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    palette = [0, 0, 0, 255, 0, 0, 0, 255, 0] + [0] * (256 * 3 - 9)
    for i in range(count):
        mask = np.zeros((size, size), dtype=np.uint8)
        y, x = rng.integers(0, size // 2, size=2)
        mask[y : y + size // 3, x : x + size // 3] = 1 + i % 2
        image = np.stack([mask * 100, 255 - mask * 80, rng.integers(0, 50, mask.shape)], -1)
        suffix = ".png" if i % 3 else ".jpg"  # images may be any format; masks are PNGs
        Image.fromarray(image.astype(np.uint8), "RGB").save(root / "images" / f"{i:03d}{suffix}")
        mask_image = Image.fromarray(mask, "L")
        if i % 2:
            mask_image = mask_image.convert("P")
            mask_image.putpalette(palette)
            mask_image.paste(Image.fromarray(mask, "L"))  # indices, not palette-mapped greys
        mask_image.save(root / "masks" / f"{i:03d}.png")


# One process: what the data module makes of folders (split layout, a bad mask), then a short
# training run on synthetic data through the project's own CLI, IoU before and after.
PROBE = """
import json, sys
from seg_ima.data import SegmentationDataModule
from seg_syn.cli import cli_main

layout, sys.argv[1:] = sys.argv[1], []  # LightningCLI warns about stray command-line args
split = SegmentationDataModule(data_dir=layout, num_workers=0, image_size=16)
split.setup("fit")
x, mask = next(iter(split.train_dataloader()))
folders = {
    "sizes": [len(split.train_set), len(split.val_set), len(split.test_set)],
    "x": list(x.shape), "x_range": [x.min().item(), x.max().item()],
    "mask": list(mask.shape), "dtype": str(mask.dtype), "classes": sorted(mask.unique().tolist()),
}
try:
    bad = SegmentationDataModule(data_dir=layout, num_workers=0, num_classes=2)
    bad.setup("fit")
    next(iter(bad.train_dataloader()))
except ValueError as err:
    folders["bad_mask"] = str(err)
cli = cli_main(
    [
        "--trainer.accelerator=cpu",
        "--trainer.max_epochs=4",
        "--trainer.enable_progress_bar=false",
        "--trainer.enable_model_summary=false",
        "--trainer.log_every_n_steps=1",  # a few batches per epoch: log every one
        "--data.synthetic_samples=128",
        "--model.base_channels=8",
    ],
    run=False,
)
before = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]
cli.trainer.fit(cli.model, cli.datamodule)
after = cli.trainer.validate(cli.model, cli.datamodule, verbose=False)[0]
print(json.dumps({"folders": folders, "before": before, "after": after}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    root = tmp_path_factory.mktemp("segmentation")
    yield from image_folder_runs(root, warm_pool, TASK, write_pairs, 12, PROBE, TestProjects)


class TestProjects(ProjectChecks):
    projects = SOURCES


def test_image_mask_folders_are_read_as_index_masks(runs):
    facts = runs.probed()["folders"]
    # train/ and val/; no test/, so test_fraction of train/ is held out (never val reused).
    assert facts["sizes"] == [5, 3, 1]
    assert facts["x"][1:] == [3, 16, 16] and facts["mask"][1:] == [16, 16]
    assert facts["x_range"][0] >= 0.0 and facts["x_range"][1] <= 1.0
    assert facts["dtype"] == "torch.int64"
    assert facts["classes"] == [0, 1, 2]  # grayscale and palette masks alike, resized by nearest
    assert "num_classes" in facts.get("bad_mask", "")


def test_short_fit_learns_the_synthetic_shapes(runs):
    scores = runs.probed()
    before, after = scores["before"], scores["after"]
    # 32 steps of a narrow U-Net (measured: IoU 0.30 -> 0.54, loss 1.00 -> 0.74); longer runs
    # pass 0.8.
    assert after["val_iou"] > before["val_iou"] + 0.15, scores
    assert after["val_dice_macro"] > before["val_dice_macro"] + 0.15, scores
    assert after["val_loss"] < 0.85 * before["val_loss"], scores
