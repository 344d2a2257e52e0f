"""autoencoder: scaffold, lint, own tests, validate (synthetic, image folder, numpy), learn.

Each project is scaffolded once per module; the slow parts (the project's own pytest, validate
of each source, a short training run) run concurrently in subprocesses.
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
from PIL import Image

from lightning_skill.validate import validate

TASK = "autoencoder"
SOURCES = ("synthetic", "image-folder", "numpy")
PYTEST_FLAGS = [
    "-q",
    "-p",
    "no:cacheprovider",
    # Warnings are errors, except library noise the project's pyproject also ignores.
    "-W",
    "error",
    "-W",
    "ignore::DeprecationWarning:lightning.pytorch.cli",
    # Command-line -W filters match the message literally (not as a regex), from its start.
    "-W",
    "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning",
]
# The stages under fast_dev_run; validate's deeper checks (overfit, checkpoint, cli, lint) have
# their own tests and take minutes on two busy cores.
FAST_CHECKS = ("import", "discover", "instantiate", "fit", "validate", "test", "predict")


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


def scaffold(root: Path, source: str) -> Path:
    target = root / f"ae_{source[:3]}"
    args = ["new", str(target), "--task", TASK, "--data", source]
    if source == "image-folder":
        write_image_folder(root / "folder")
        args += ["--data-dir", str(root / "folder")]
    elif source == "numpy":  # grayscale uint8 (N, H, W), another size than the model's
        gray = blob_images(24, 24, seed=3)[..., 0]
        np.savez(root / "images.npz", x=gray, y=np.arange(24) % 2)
        args += ["--data-dir", str(root / "images.npz"), "--set", "channels=1"]
    made = subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return target


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


def _env() -> dict[str, str]:
    return {**os.environ, "CUDA_VISIBLE_DEVICES": ""}


def _probe(root: Path, projects: dict[str, Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", PROBE, str(root)],
        cwd=projects["synthetic"],  # logs/ and checkpoints land in the throwaway project
        env={**_env(), "PYTHONPATH": os.pathsep.join(str(p / "src") for p in projects.values())},
        capture_output=True,
        text=True,
        timeout=1800,  # well under a minute on idle cores; far more on a shared machine
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Scaffold every source, then start every slow check at once."""
    root = tmp_path_factory.mktemp("autoencoder")
    projects = {source: scaffold(root, source) for source in SOURCES}
    pool = ThreadPoolExecutor(max_workers=3)
    jobs: dict[str, Future] = {"probe": pool.submit(_probe, root, projects)}
    jobs["pytest"] = pool.submit(
        subprocess.run,
        [sys.executable, "-m", "pytest", *PYTEST_FLAGS],
        cwd=projects["synthetic"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=1800,  # well under a minute on idle cores; far more on a shared machine
    )
    for source in SOURCES:
        jobs[f"validate {source}"] = pool.submit(validate, projects[source], checks=FAST_CHECKS)
    yield projects, jobs
    pool.shutdown(wait=True)


def _probed(runs) -> dict:
    result = runs[1]["probe"].result()
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("source", SOURCES)
def test_generated_code_is_ruff_clean_and_formatted(runs, source):
    project = runs[0][source]
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=project, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("source", SOURCES)
def test_project_validates(runs, source):
    report = runs[1][f"validate {source}"].result()
    assert report.passed, [c for c in report.checks if c.status != "pass"]
    assert [c.name for c in report.checks if c.status == "pass"] == list(FAST_CHECKS)


def test_project_passes_its_own_tests_without_warnings(runs):
    result = runs[1]["pytest"].result()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_image_folders_and_array_files_become_unit_range_images(runs):
    facts = _probed(runs)["data"]
    assert facts["folder_sizes"] == [8, 1, 1]  # 10 files, val_ and test_fraction 0.1
    assert facts["folder_x"][1:] == [3, 16, 16]
    assert facts["folder_range"][0] >= 0.0 and facts["folder_range"][1] <= 1.0
    assert facts["folder_labels"] == [0, 1]  # one label per class sub-folder
    assert facts["pt_round_trip"] and facts["pt_labels"] == list(range(6))
    assert "[0, 1]" in facts.get("bad_range", "")
    assert facts["npz_x"] == [1, 32, 32]  # (N, H, W) uint8 -> one channel, resized
    assert facts["npz_range"][0] >= 0.0 and facts["npz_range"][1] <= 1.0


def test_short_fit_lowers_the_loss(runs):
    scores = _probed(runs)
    before, after = scores["before"], scores["after"]
    # 16 steps (measured: loss 2111 -> 810 nats per image, PSNR 6.6 -> 16.7 dB).
    assert after["val_loss"] < 0.6 * before["val_loss"], scores
    assert after["val_psnr"] > before["val_psnr"] + 3.0, scores  # decibels
