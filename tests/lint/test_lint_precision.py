"""Precision: idiomatic 2.x code and projects scaffolded by our toolkit produce no findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from lightning_skill.lint import lint_paths

MODERN = sorted((Path(__file__).parent / "fixtures" / "modern").glob("*.py"))


@pytest.mark.parametrize("path", MODERN, ids=[p.stem for p in MODERN])
def test_modern_examples_are_clean(path: Path) -> None:
    assert lint_paths([path]) == []


def test_names_that_merely_match_are_not_findings(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    f.write_text(
        "import lightning.pytorch as pl\n"
        "gpus = 2\nresume_from_checkpoint = None\n"
        "def training_epoch_end(outputs):\n    return outputs\n"
        "class Model:  # not a LightningModule\n"
        "    def training_step(self, batch, batch_idx, optimizer_idx):\n"
        "        batch.backward()\n        self.cuda()\n"
        "def make(**kw):\n    return dict(kw)\n"
        "make(gpus=gpus, precision=16)\n"
        "trainer = pl.Trainer(devices=gpus, max_epochs=1)\n"
    )
    assert lint_paths([f]) == []


def test_scaffolded_projects_are_clean(tmp_path: Path) -> None:
    if not (Path(__file__).parents[2] / "src" / "lightning_skill" / "commands" / "new.py").exists():
        pytest.skip("the scaffolder is not in this checkout")
    from lightning_skill.cli import main

    for preset in ("cpu-debug", "ddp"):
        target = tmp_path / f"proj_{preset.replace('-', '_')}"
        assert main(["new", str(target), "--preset", preset]) == 0
        assert lint_paths([target]) == [], preset
