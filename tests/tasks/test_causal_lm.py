"""causal-lm: every source scaffolds, lints, validates, passes its own tests, learns."""

from __future__ import annotations

import csv
import importlib.util
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import lightning
import pytest
import torch

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec
from lightning_skill.validate import DEFAULT_CHECKS, validate
from lightning_skill.write import execute, plan_write

TASK = "causal-lm"
FAST_DEV_RUN_CHECKS = ("import", "discover", "instantiate", "fit", "validate", "test", "predict")
# Library noise the generated pyproject also filters (-W on the command line overrides it).
KNOWN_LIBRARY_WARNINGS = [
    "-W",
    "ignore::DeprecationWarning:lightning.pytorch.cli",
    "-W",
    "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning",
]
# Not ASCII on purpose: the tokenizer is the text's own characters, whatever the language.
VERSE = "Sur le pont d'Avignon, l'on y danse, l'on y danse ; Übermut tut selten gut. ‽\n"


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


def import_module(project: Path, name: str) -> ModuleType:
    """A generated module (data.py or model.py), imported on its own."""
    path = next(project.glob(f"src/*/{name}.py"))
    spec = importlib.util.spec_from_file_location(f"{project.name}_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd: list[str], cwd: Path, timeout: float = 1200) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("causal_lm")
    (root / "song.txt").write_text(VERSE * 60, encoding="utf-8")
    return {
        "synthetic": scaffold(root / "lm_synthetic"),
        "text": scaffold(root / "lm_text", "text", root / "song.txt"),
    }


@pytest.mark.parametrize("source", ["synthetic", "text"])
def test_generated_code_is_ruff_clean_and_formatted(projects, source):
    ruff = [sys.executable, "-m", "ruff"]
    check = run([*ruff, "check", "."], projects[source])
    assert check.returncode == 0, check.stdout
    fmt = run([*ruff, "format", "--check", "."], projects[source])
    assert fmt.returncode == 0, fmt.stdout


def test_config_clips_gradients(projects):
    config = (projects["synthetic"] / "configs" / "default.yaml").read_text(encoding="utf-8")
    assert "gradient_clip_val: 1.0" in config


@pytest.mark.parametrize("source", ["synthetic", "text"])
def test_validate_passes(projects, source):
    # Every default check for the default source; a text file differs only in how data is
    # read, so the fast_dev_run stages cover it.
    checks = DEFAULT_CHECKS if source == "synthetic" else FAST_DEV_RUN_CHECKS
    report = validate(projects[source], checks=checks)
    assert report.passed, [c for c in report.checks if c.status != "pass"]


def test_default_project_passes_its_own_tests_without_warnings(projects):
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"]
    result = run([*cmd, *KNOWN_LIBRARY_WARNINGS], projects["synthetic"])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_text_files_and_folders_are_read_and_split_without_overlap(projects, tmp_path):
    data_module = import_module(projects["text"], "data")
    song = projects["text"].parent / "song.txt"
    data = data_module.CharTextDataModule(data_dir=str(song), context_length=16, num_workers=0)
    text = song.read_text(encoding="utf-8")
    assert data.vocab == "".join(sorted(set(text))) and "‽" in data.vocab
    # Contiguous parts, in order: validation and test never share text.
    assert data.texts["train"] + data.texts["val"] + data.texts["test"] == text
    assert data.texts["val"] and data.texts["test"]
    data.setup("fit")
    x, y = next(iter(data.val_dataloader()))
    assert data.decode(x[0]) == data.texts["val"][:16]

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "1.txt").write_text("first " * 10, encoding="utf-8")
    (tmp_path / "2.txt").write_text("second " * 10, encoding="utf-8")
    folder = data_module.CharTextDataModule(data_dir=str(tmp_path), context_length=4)
    assert set(folder.vocab) == set("firstecond \n")

    with pytest.raises(ValueError, match="context_length"):
        data_module.CharTextDataModule(data_dir=str(song), context_length=10_000)


def test_a_checkpoint_generates_text_on_its_own(projects, tmp_path):
    model_module = import_module(projects["text"], "model")
    data_module = import_module(projects["text"], "data")
    data = data_module.CharTextDataModule(
        data_dir=str(projects["text"].parent / "song.txt"), context_length=16
    )
    model = model_module.CharGPT(vocab=data.vocab, context_length=16, max_new_tokens=30)
    path = tmp_path / "model.ckpt"
    checkpoint = {
        "state_dict": model.state_dict(),
        "hyper_parameters": dict(model.hparams),
        "pytorch-lightning_version": lightning.__version__,
    }
    torch.save(checkpoint, path)
    loaded = model_module.CharGPT.load_from_checkpoint(path)
    out = loaded.generate("Übermut")
    assert len(out) == 30 and set(out) <= set(data.vocab)
    with pytest.raises(ValueError, match="not trained on"):
        loaded.generate("¿")


def test_a_short_fit_learns_the_synthetic_grammar(projects, tmp_path):
    project = projects["synthetic"]
    package = next(project.glob("src/*/cli.py")).parent.name
    result = run(
        [
            sys.executable,
            "-m",
            package,
            "fit",
            "--trainer.max_epochs=10",
            "--trainer.accelerator=cpu",
            "--trainer.enable_progress_bar=false",
            "--trainer.enable_model_summary=false",
            f"--trainer.default_root_dir={tmp_path}",
            f"--trainer.logger.init_args.save_dir={tmp_path}",
            "--data.synthetic_samples=512",
            "--data.num_workers=0",
        ],
        project / "src",
    )
    assert result.returncode == 0, result.stderr[-4000:]
    rows = list(csv.DictReader(next(tmp_path.rglob("metrics.csv")).open()))
    val = [float(r["val_loss"]) for r in rows if r.get("val_loss")]
    vocab = import_module(project, "data").CharTextDataModule(synthetic_samples=512).vocab
    uniform = math.log(len(vocab))
    assert len(val) == 10
    # A model that learned nothing scores ln(vocab) per character; the grammar allows far less.
    assert val[-1] < 0.4 * uniform, (val, uniform)
