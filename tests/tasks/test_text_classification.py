"""text-classification: every source scaffolds, lints, validates, passes its own tests, learns."""

from __future__ import annotations

import csv
import importlib.util
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.validate import DEFAULT_CHECKS, validate
from lightning_skill.write import execute, plan_write

TASK = "text-classification"
FAST_DEV_RUN_CHECKS = ("import", "discover", "instantiate", "fit", "validate", "test", "predict")
# Library noise the generated pyproject also filters (-W on the command line overrides it).
KNOWN_LIBRARY_WARNINGS = [
    "-W",
    "ignore::DeprecationWarning:lightning.pytorch.cli",
    "-W",
    "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning",
]
TOPICS = {
    "sport": "goal match team score player win league ball",
    "cooking": "oven recipe salt flour bake stir onion pan",
    "space": "orbit rocket planet star moon launch galaxy comet",
}


def scaffold(target: Path, source: str | None = None, data_dir: Path | None = None) -> Path:
    spec = build_spec(
        load_catalog(),
        target=target,
        task=TASK,
        source=source,
        data_dir=str(data_dir) if data_dir is not None else None,
    )
    execute(plan_write(target, render_project(spec), force=False))
    return target


def sentence(topic: str, i: int) -> str:
    words = TOPICS[topic].split()
    return f"Today, the {words[i % 8]} and the {words[(i * 3) % 8]} were {words[(i + 5) % 8]}!"


def import_data_module(project: Path) -> ModuleType:
    """The generated data.py, imported on its own (it needs nothing else from the project)."""
    path = next(project.glob("src/*/data.py"))
    spec = importlib.util.spec_from_file_location(f"{project.name}_data", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd: list[str], cwd: Path, timeout: float = 1200) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    """One project per source; text and csv read small files written here."""
    root = tmp_path_factory.mktemp("text_classification")
    folder = root / "corpus"
    for split, count in (("train", 12), ("val", 3)):
        for topic in TOPICS:
            (folder / split / topic).mkdir(parents=True)
            for i in range(count):
                text = sentence(topic, i + (100 if split == "val" else 0))
                (folder / split / topic / f"{i}.txt").write_text(text, encoding="utf-8")
    table = root / "reviews.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label"])
        for i in range(30):
            topic = list(TOPICS)[i % 3]
            # Commas, quotes and a newline inside a field: the csv module must handle them.
            writer.writerow([i, f'{sentence(topic, i)}, "quoted"\nsecond line', topic])
    return {
        "synthetic": scaffold(root / "tc_synthetic"),
        "text": scaffold(root / "tc_text", "text", folder),
        "csv": scaffold(root / "tc_csv", "csv", table),
    }


@pytest.mark.parametrize("source", ["synthetic", "text", "csv"])
def test_generated_code_is_ruff_clean_and_formatted(projects, source):
    ruff = [sys.executable, "-m", "ruff"]
    check = run([*ruff, "check", "."], projects[source])
    assert check.returncode == 0, check.stdout
    fmt = run([*ruff, "format", "--check", "."], projects[source])
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.parametrize("source", ["synthetic", "text", "csv"])
def test_validate_passes(projects, source):
    # Every default check for the default source; the other sources differ only in how data is
    # read, so the fast_dev_run stages cover them.
    checks = DEFAULT_CHECKS if source == "synthetic" else FAST_DEV_RUN_CHECKS
    report = validate(projects[source], checks=checks)
    assert report.passed, [c for c in report.checks if c.status != "pass"]


def test_default_project_passes_its_own_tests_without_warnings(projects):
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"]
    result = run([*cmd, *KNOWN_LIBRARY_WARNINGS], projects["synthetic"])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_text_folder_and_csv_are_read_with_their_labels_and_vocabulary(projects):
    folder = import_data_module(projects["text"])
    data = folder.TextDataModule(data_dir=str(projects["text"].parent / "corpus"), num_workers=0)
    assert data.classes == sorted(TOPICS) and data.num_classes == 3
    # val/ is a folder; with no test/ folder, test_fraction of train/ is held out for testing.
    assert len(data.splits["val"]) == 9 and len(data.splits["test"]) == 3
    # A partition of train/'s 36 files (the sentences themselves may repeat across files).
    assert len(data.splits["train"]) + len(data.splits["test"]) == 36
    assert {"goal", "oven", "orbit"} <= set(data.vocab.tokens)

    table = import_data_module(projects["csv"])
    data = table.TextDataModule(
        data_dir=str(projects["csv"].parent / "reviews.csv"), tokenizer="char", num_workers=0
    )
    assert data.classes == sorted(TOPICS)
    splits = [data.splits[name] for name in ("train", "val", "test")]
    # A partition of the 30 rows: test never reuses validation rows.
    assert sum(map(len, splits)) == 30 and all(splits) and splits[2] is not splits[1]
    assert "\n" in data.vocab.tokens and '"' in data.vocab.tokens  # characters, quotes kept
    data.setup("fit")
    tokens, labels = next(iter(data.train_dataloader()))
    assert tokens.shape[1] <= data.max_length and int(tokens.max()) < data.vocab_size
    assert labels.dtype.is_floating_point is False

    with pytest.raises(ValueError, match="no column"):
        table.TextDataModule(data_dir=str(projects["csv"].parent / "reviews.csv"), text_column="x")


def test_a_short_fit_learns_the_synthetic_signal(projects, tmp_path):
    project = projects["synthetic"]
    package = next(project.glob("src/*/cli.py")).parent.name
    result = run(
        [
            sys.executable,
            "-m",
            package,
            "fit",
            "--trainer.max_epochs=3",
            "--trainer.accelerator=cpu",
            "--trainer.enable_progress_bar=false",
            "--trainer.enable_model_summary=false",
            f"--trainer.default_root_dir={tmp_path}",
            f"--trainer.logger.init_args.save_dir={tmp_path}",
            "--data.synthetic_samples=640",
            "--data.num_workers=0",
        ],
        project / "src",
    )
    assert result.returncode == 0, result.stderr[-4000:]
    rows = list(csv.DictReader(next(tmp_path.rglob("metrics.csv")).open()))
    val = [(float(r["val_acc"]), float(r["val_loss"])) for r in rows if r.get("val_acc")]
    assert len(val) == 3
    (acc, loss) = val[-1]
    # 4 classes: chance is 25% accuracy and a loss of ln 4 = 1.39.
    assert acc >= 0.8, val
    assert loss < 0.5 * math.log(4), val
