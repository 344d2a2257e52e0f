"""Test data is never validation (or training) data: every task, every data source, and every
folder layout the catalogue documents (flat, ``train/`` + ``val/``, ``train/`` + ``test/``,
all three). Items are compared by content, not by index: each written file or row holds a value
no other one holds, so an item that reaches two splits shows up as a shared key.

The generated ``data.py`` is imported on its own (it needs nothing else from its package) and
its DataModule set up on a few tiny files; nothing trains.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import torch
from scaffold_helpers import Cell, data_dir_for, scaffold

from lightning_skill.catalog import load_catalog

CATALOG = load_catalog()
TASKS = list(CATALOG.tasks)
IMAGE_SIZE = 8
# Items per split folder, and in a folder that is split by fractions (0.2 each: >= 2 held out).
PER_FOLDER, FLAT = 4, 12
# The folder layouts of image and text sources: which of train/, val/, test/ exist (none: flat).
LAYOUTS = [(), ("train", "val"), ("train", "test"), ("train", "val", "test"), ("train",)]
# Files (or class folders) in the folder itself ("") beside val/ and test/: those are the
# held-out splits, never one more class of a class-folder source.
FLAT_BESIDE = [("", "val"), ("", "test"), ("", "val", "test")]


@pytest.fixture(scope="module")
def data_modules(tmp_path_factory) -> dict[str, ModuleType]:
    """Each task's generated data.py, imported under a name of its own."""
    root = tmp_path_factory.mktemp("held-out")
    modules = {}
    for task in TASKS:
        project = scaffold(Cell(task, "synthetic", "cpu-debug", "csv"), root)
        path = next(project.glob("src/*/data.py"))
        spec = importlib.util.spec_from_file_location(f"held_out_{project.name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        modules[task] = module
    return modules


def _datamodule(modules: dict[str, ModuleType], task: str, **kwargs: Any) -> Any:
    cls = getattr(modules[task], CATALOG.tasks[task].datamodule_class)
    dm = cls(num_workers=0, val_fraction=0.2, test_fraction=0.2, **kwargs)
    dm.setup("fit")
    return dm


def _assert_disjoint(splits: dict[str, list[Any]], where: str) -> None:
    for name, keys in splits.items():
        assert keys, f"{where}: the {name} split is empty"
    for (a, keys_a), (b, keys_b) in itertools.combinations(splits.items(), 2):
        shared = set(keys_a) & set(keys_b)
        assert not shared, f"{where}: {len(shared)} item(s) in both {a} and {b}"


def _items(dataset: Any) -> list[Any]:
    # By index: some datasets (text windows) never raise IndexError, so iterating never ends.
    return [dataset[i] for i in range(len(dataset))]


def _tensor_key(x: Any) -> tuple[float, ...]:
    """An item's content, rounded (resizing a flat colour can move a value by a rounding)."""
    return tuple(round(float(v), 3) for v in torch.as_tensor(x).float().flatten())


def _sets(dm: Any) -> dict[str, Any]:
    return {"train": dm.train_set, "val": dm.val_set, "test": dm.test_set}


def _image_keys(dm: Any) -> dict[str, list[Any]]:
    # Every written image is one flat colour, so flips and resizing leave its key alone.
    return {
        name: [_tensor_key(torch.as_tensor(x).float().mean(dim=(-2, -1))) for x, *_ in _items(ds)]
        for name, ds in _sets(dm).items()
    }


# -- files ----------------------------------------------------------------------------------
_COUNTER = itertools.count(1)


def _flat_image(path: Path, mode: str = "RGB") -> None:
    """A flat-colour PNG whose colour no other file of the test has."""
    from PIL import Image

    n = next(_COUNTER)
    colour = (n * 7 % 256, n * 13 % 256, n // 2 % 256) if mode == "RGB" else n * 5 % 256
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, (IMAGE_SIZE + 3, IMAGE_SIZE + 3), colour).save(path)


def _write_layout(root: Path, layout: Iterable[str], write: Callable[[Path, int], None]) -> Path:
    for folder in list(layout) or [""]:
        write(root / folder, PER_FOLDER if folder else FLAT)
    return root


def _plain_images(folder: Path, count: int) -> None:
    for i in range(count):
        _flat_image(folder / f"{i}.png")


def _class_images(folder: Path, count: int) -> None:
    for i in range(count):
        _flat_image(folder / f"class_{i % 2}" / f"{i}.png")


def _image_mask_pairs(folder: Path, count: int) -> None:
    from PIL import Image

    for i in range(count):
        _flat_image(folder / "images" / f"{i}.png")
        (folder / "masks").mkdir(exist_ok=True)
        Image.new("L", (IMAGE_SIZE + 3, IMAGE_SIZE + 3), i % 2).save(folder / "masks" / f"{i}.png")


IMAGE_FOLDERS = {
    "image-classification": _class_images,
    "segmentation": _image_mask_pairs,
    "autoencoder": _plain_images,
    "gan": _plain_images,
}


def _layout_id(layout: tuple[str, ...]) -> str:
    return "+".join(folder or "flat" for folder in layout) or "flat"


IMAGE_CASES = [(task, layout) for task in sorted(IMAGE_FOLDERS) for layout in LAYOUTS + FLAT_BESIDE]


@pytest.mark.parametrize(
    ("task", "layout"), IMAGE_CASES, ids=[f"{t}-{_layout_id(lay)}" for t, lay in IMAGE_CASES]
)
def test_image_folder_splits_are_disjoint(data_modules, task, layout, tmp_path):
    root = _write_layout(tmp_path / "data", layout, IMAGE_FOLDERS[task])
    dm = _datamodule(data_modules, task, data_dir=str(root), image_size=IMAGE_SIZE)
    splits = _image_keys(dm)
    _assert_disjoint(splits, f"{task} {layout or 'flat'}")
    _assert_folders_are_the_splits(splits, layout)
    if task == "image-classification":
        assert dm.classes == ["class_0", "class_1"]  # val/ and test/ are no classes


def _assert_folders_are_the_splits(splits: dict[str, list[Any]], layout: tuple[str, ...]) -> None:
    """A ``val/`` or ``test/`` folder is that split, whole; nothing is dropped or read twice."""
    written = sum(PER_FOLDER if folder else FLAT for folder in layout or [""])
    assert sum(map(len, splits.values())) == written
    for name in ("val", "test"):
        if name in layout:  # not mixed into the pool the other splits are drawn from
            assert len(splits[name]) == PER_FOLDER, (name, {k: len(v) for k, v in splits.items()})


def test_array_file_splits_are_disjoint(data_modules, tmp_path):
    x = torch.arange(20, dtype=torch.uint8).view(20, 1, 1, 1).expand(20, 1, 6, 6) * 10
    torch.save({"x": x.clone()}, tmp_path / "images.pt")
    dm = _datamodule(
        data_modules, "autoencoder", data_dir=str(tmp_path / "images.pt"), channels=1, image_size=6
    )
    _assert_disjoint(_image_keys(dm), "autoencoder numpy")


def _text_classes(folder: Path, count: int) -> None:
    for i in range(count):
        path = folder / f"class_{i % 2}" / f"{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text number {next(_COUNTER)}", encoding="utf-8")


def _text_splits(dm: Any) -> dict[str, list[Any]]:
    return {name: [text for text, _ in dm.splits[name]] for name in ("train", "val", "test")}


@pytest.mark.parametrize("layout", LAYOUTS + FLAT_BESIDE, ids=_layout_id)
def test_text_folder_splits_are_disjoint(data_modules, layout, tmp_path):
    root = _write_layout(tmp_path / "data", layout, _text_classes)
    dm = _datamodule(data_modules, "text-classification", data_dir=str(root))
    splits = _text_splits(dm)
    _assert_disjoint(splits, f"text-classification {layout or 'flat'}")
    _assert_folders_are_the_splits(splits, layout)
    assert dm.classes == ["class_0", "class_1"]  # val/ and test/ are no classes


# The class-folder sources: the writer of one item per file in a class sub-folder, and how the
# data module is built on a folder.
CLASS_FOLDERS = {
    "image-classification": (_class_images, {"image_size": IMAGE_SIZE}),
    "text-classification": (_text_classes, {}),
}


def _labels(dm: Any, split: str) -> list[int]:
    if hasattr(dm, "splits"):  # text: the samples are read in the constructor
        return [label for _, label in dm.splits[split]]
    return [int(label) for _, label in _items(getattr(dm, f"{split}_set"))]


@pytest.mark.parametrize("task", sorted(CLASS_FOLDERS))
def test_a_split_folder_that_lacks_a_class_keeps_the_training_indices(data_modules, task, tmp_path):
    """val/ beside the class folders holds class_1 only: its items are labelled 1 (the training
    index), not 0 (its own first folder)."""
    write, kwargs = CLASS_FOLDERS[task]
    root = tmp_path / "data"
    write(root, FLAT)
    write(tmp_path / "val-both", PER_FOLDER)
    (root / "val").mkdir()
    (tmp_path / "val-both" / "class_1").rename(root / "val" / "class_1")
    dm = _datamodule(data_modules, task, data_dir=str(root), **kwargs)
    assert dm.classes == ["class_0", "class_1"]
    assert _labels(dm, "val") == [1, 1]


@pytest.mark.parametrize("task", sorted(CLASS_FOLDERS))
@pytest.mark.parametrize("problem", ["files-in-val", "unknown-class"])
def test_an_ambiguous_split_folder_is_refused_in_one_line(data_modules, task, problem, tmp_path):
    """A val/ beside the class folders without class sub-folders (is it a class, or a split
    whose labels are lost?), or with a class the training folders lack: one line naming the
    folder (the CLI prints it and exits 2: test_cli_refuses_an_ambiguous_layout)."""
    write, kwargs = CLASS_FOLDERS[task]
    root = tmp_path / "data"
    write(root, FLAT)
    if problem == "files-in-val":
        write(tmp_path / "loose", PER_FOLDER)
        for path in (tmp_path / "loose").rglob("*.*"):
            (root / "val").mkdir(exist_ok=True)
            path.rename(root / "val" / f"{path.parent.name}-{path.name}")
        words = ["neither a split nor a class", "data_dir/train/<class>/", "data_dir/<class>/"]
    else:
        write(root / "val", PER_FOLDER)
        (root / "val" / "class_1").rename(root / "val" / "bird")
        words = ["bird", "class_0, class_1"]
    with pytest.raises(ValueError, match="val") as info:
        _datamodule(data_modules, task, data_dir=str(root), **kwargs)
    message = str(info.value)
    assert getattr(info.value, "user_error", False) and "\n" not in message
    assert str(root / "val") in message and all(w in message for w in words), message


def test_text_csv_splits_are_disjoint(data_modules, tmp_path):
    rows = "\n".join(f"text number {i},{'ab'[i % 2]}" for i in range(20))
    (tmp_path / "texts.csv").write_text(f"text,label\n{rows}\n", encoding="utf-8")
    dm = _datamodule(data_modules, "text-classification", data_dir=str(tmp_path / "texts.csv"))
    _assert_disjoint(_text_splits(dm), "text-classification csv")


def _windows(dm: Any) -> dict[str, list[Any]]:
    return {name: [tuple(x.tolist()) for x, _ in _items(ds)] for name, ds in _sets(dm).items()}


def test_causal_lm_text_splits_are_disjoint(data_modules, tmp_path):
    # Random letters: a window of 8 characters occurs once in the text.
    rng = random.Random(0)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(800))
    (tmp_path / "corpus.txt").write_text(text, encoding="utf-8")
    dm = _datamodule(
        data_modules, "causal-lm", data_dir=str(tmp_path / "corpus.txt"), context_length=8
    )
    assert "".join(dm.texts[name] for name in ("train", "val", "test")) == text
    _assert_disjoint(_windows(dm), "causal-lm text")


def _table_keys(dm: Any) -> dict[str, list[Any]]:
    # Row contents, standardised with train statistics: distinct rows stay distinct.
    return {
        name: [_tensor_key(x) for x, _ in _items(dataset)]
        for name, dataset in (
            ("train", dm._subset(dm.train_idx)),
            ("val", dm._subset(dm.val_idx)),
            ("test", dm._subset(dm.test_idx)),
        )
    }


@pytest.mark.parametrize("task", ["tabular-classification", "tabular-regression"])
@pytest.mark.parametrize("source", ["csv", "numpy"])
def test_table_splits_are_disjoint(data_modules, task, source, tmp_path):
    if source == "csv":
        rows = "\n".join(f"{i},{i * i % 7},{'ab'[i % 2]},{i % 3}" for i in range(30))
        path = tmp_path / "table.csv"
        path.write_text(f"a,b,c,y\n{rows}\n", encoding="utf-8")
    else:
        path = tmp_path / "table.pt"
        x = torch.stack([torch.arange(30.0), torch.arange(30.0) % 7], dim=1)
        torch.save({"x": x, "y": torch.arange(30) % 3}, path)
    dm = _datamodule(data_modules, task, data_dir=str(path))
    _assert_disjoint(_table_keys(dm), f"{task} {source}")


@pytest.mark.parametrize("source", ["csv", "numpy"])
def test_forecast_targets_are_disjoint_in_time(data_modules, source, tmp_path):
    steps = torch.stack([torch.arange(200.0), torch.arange(200.0).sin()], dim=1)
    if source == "csv":
        rows = "\n".join(f"{a},{b}" for a, b in steps.tolist())
        path = tmp_path / "series.csv"
        path.write_text(f"t,s\n{rows}\n", encoding="utf-8")
    else:
        path = tmp_path / "series.npz"
        import numpy as np

        np.savez(path, x=steps.numpy())
    dm = _datamodule(
        data_modules, "timeseries-forecasting", data_dir=str(path), window=12, horizon=4
    )
    # The input window may look back into the previous split; the forecast steps may not.
    targets = {
        name: [round(float(step[0]), 3) for _, y in _items(ds) for step in y]
        for name, ds in _sets(dm).items()
    }
    _assert_disjoint({k: list(set(v)) for k, v in targets.items()}, f"forecast {source}")


@pytest.mark.parametrize("task", TASKS)
def test_synthetic_splits_are_disjoint(data_modules, task):
    """Synthetic data draws each split from its own seed: no item is shared."""
    if task.startswith("tabular"):
        dm = _datamodule(data_modules, task, synthetic_samples=64)
        splits = _table_keys(dm)
    elif task == "text-classification":
        splits = _text_splits(_datamodule(data_modules, task, synthetic_samples=64))
    elif task == "causal-lm":
        splits = _windows(_datamodule(data_modules, task, synthetic_samples=32))
    elif task == "timeseries-forecasting":
        dm = _datamodule(data_modules, task, synthetic_samples=400, horizon=4)
        splits = {  # the time steps each split forecasts (its windows' targets)
            name: sorted({t + h for t in range(ds.first, ds.first + len(ds)) for h in range(4)})
            for name, ds in _sets(dm).items()
        }
    else:
        dm = _datamodule(data_modules, task, synthetic_samples=32, image_size=IMAGE_SIZE)
        splits = {
            name: [_tensor_key(item[0]) for item in _items(ds)] for name, ds in _sets(dm).items()
        }
    _assert_disjoint(splits, f"{task} synthetic")


def test_cli_refuses_an_ambiguous_layout(tmp_path):
    """Through the project's own command line: exit 2 and one error line, no traceback."""
    project = scaffold(Cell("image-classification", "image-folder", "cpu-debug", "csv"), tmp_path)
    data = Path(data_dir_for("image-folder", tmp_path) or "")
    _class_images(data, FLAT)
    _plain_images(data / "val", PER_FOLDER)
    package = next(project.glob("src/*/__main__.py")).parent.name
    done = subprocess.run(
        [sys.executable, "-m", package, "fit", "--trainer.accelerator=cpu"],
        cwd=project,
        env={"PYTHONPATH": str(project / "src"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and len(errors) == 1, done.stderr[-3000:]
    assert f"{data / 'val'} has no class sub-folders" in errors[0]
