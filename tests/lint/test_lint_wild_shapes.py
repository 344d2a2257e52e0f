# ruff: noqa: E501  (code snippets read better unbroken)
"""Shapes met in public 1.x-era code outside the lint corpus, each written here after the real
code it came from (named per test), with the 2.x or unrelated code beside it that must stay quiet:
values reaching the Trainer by two routes, hooks and attributes reached across files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lightning_skill.lint import lint_paths


def _write(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, source in files.items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(source), encoding="utf-8")
        paths.append(f)
    return paths


def _found(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    found = lint_paths(_write(tmp_path, files))
    return sorted((Path(x.path).name, x.line, x.code) for x in found if x.code.startswith("LS1"))


def test_a_value_reaching_the_trainer_by_two_routes_is_reported_once(tmp_path: Path) -> None:
    # a training script's `accelerator = 'ddp'` under `if len(gpus) > 1`, later
    # Trainer(accelerator=accelerator): the variable's own check and the Trainer call's both see it
    found = _found(
        tmp_path,
        {
            "train.py": """\
            import pytorch_lightning as pl

            def main(gpus):
                if len(gpus) > 1:
                    accelerator = 'ddp'
                else:
                    accelerator = None
                return pl.Trainer(max_steps=10, devices=gpus, accelerator=accelerator)
            """
        },
    )
    assert found.count(("train.py", 5, "LS103")) == 1
