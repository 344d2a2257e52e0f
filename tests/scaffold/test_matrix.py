"""task x source x preset x logger: pairwise in the fast run, the full matrix under `slow`.

Each cell renders, is ruff-clean (check + format), and its configuration (default.yaml with the
preset layered on it) parses with the preset's values in effect. Validation (fit, validate,
test, predict under fast_dev_run, with validate's explicit CPU overrides) runs on the cells
that can run here: synthetic data (file sources need task-specific files) and a logger whose
package is installed; once the hardware keys are overridden, cells differing only in preset
run the same thing, so validation is per task (and logger), not per preset.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scaffold_helpers import (
    CPU_OVERRIDES,
    Cell,
    all_cells,
    logger_installed,
    pairwise_cells,
    parse_configs,
    ruff_clean,
    scaffold,
    validate,
)

from lightning_skill.catalog import load_catalog
from lightning_skill.presets import for_task
from lightning_skill.spec import package_from_name

CATALOG = load_catalog()
PAIRWISE = pairwise_cells()
# The hardware each preset file must set (the preset's promise in catalog.yaml).
EXPECTED = {
    "cpu-debug": {"accelerator": "cpu", "strategy": "auto", "precision": "32-true"},
    "gpu-bf16": {"accelerator": "gpu", "devices": 1, "precision": "bf16-mixed"},
    "ddp": {"accelerator": "gpu", "strategy": "ddp", "precision": "bf16-mixed"},
    "fsdp": {"accelerator": "gpu", "precision": "bf16-mixed"},
    "deepspeed": {"accelerator": "gpu", "strategy": "deepspeed_stage_2"},
    "multi-node": {"strategy": "ddp", "num_nodes": 2},
}


def _check_cells(cells: list[Cell], root: Path) -> None:
    projects = [scaffold(cell, root) for cell in cells]
    ruff_clean(projects)
    # Every cell parses as shipped; validate's CPU overrides replace the hardware keys the
    # same way whatever the task or logger, so they are parsed on one cell per preset.
    first_per_preset = {cell.preset: i for i, cell in reversed(list(enumerate(cells)))}
    overridden = sorted(first_per_preset.values())
    entries = [(p, package_from_name(p.name), []) for p in projects]
    entries += [
        (projects[i], package_from_name(projects[i].name), CPU_OVERRIDES) for i in overridden
    ]
    results = parse_configs(entries)
    for (project, _, extra), parsed in zip(entries, results, strict=True):
        assert "error" not in parsed, (project.name, extra, parsed)
    for parsed in results[len(cells) :]:
        trainer = parsed["trainer"]
        assert trainer["accelerator"] == "cpu" and trainer["strategy"] == "auto", trainer
        assert trainer["precision"] == "32-true" and str(trainer["devices"]) == "1"
    for cell, plain in zip(cells, results, strict=False):
        trainer = plain["trainer"]
        # What the preset sets, with the task's adjustments (catalog.yaml traits) over it.
        adjust = for_task(CATALOG.presets, CATALOG.tasks[cell.task])[cell.preset]["adjust"]
        expected = {**EXPECTED[cell.preset], **{k: v for k, (v, _) in adjust.items()}}
        for key, value in expected.items():
            assert trainer[key] == value, (cell.id, key, trainer[key])
        if cell.preset == "fsdp":
            assert trainer["strategy"]["class_path"].endswith("FSDPStrategy"), cell.id
            assert trainer["strategy"]["init_args"]["state_dict_type"] == "full"
        logger = CATALOG.loggers[cell.logger]
        assert trainer["logger"]["class_path"] == logger["class_path"], cell.id
        for key, value in CATALOG.tasks[cell.task].trainer.items():
            assert trainer[key] == expected.get(key, value), (cell.id, key)  # preset wins


def test_pairwise_covers_every_valid_pair():
    cells = all_cells()
    assert set(PAIRWISE) <= set(cells)
    for i, j in [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]:

        def pair(c: Cell, i: int = i, j: int = j) -> tuple[str, str]:
            values = (c.task, c.source, c.preset, c.logger)
            return values[i], values[j]

        assert {pair(c) for c in cells} == {pair(c) for c in PAIRWISE}
    assert len(PAIRWISE) < len(cells)


def test_pairwise_cells_render_ruff_clean_and_parse(tmp_path):
    _check_cells(PAIRWISE, tmp_path)


@pytest.mark.exhaustive  # ~160 s; CI renders the pairwise cells above
def test_full_matrix_renders_ruff_clean_and_parses(tmp_path):
    _check_cells(all_cells(), tmp_path)


def _runnable(cells: list[Cell]) -> list[Cell]:
    """One cell per (task, logger) that can run here: synthetic data, installed logger."""
    seen: dict[tuple[str, str], Cell] = {}
    for cell in cells:
        if cell.source == "synthetic" and logger_installed(cell.logger):
            seen.setdefault((cell.task, cell.logger), cell)
    return list(seen.values())


def _one_per_task_rotating_presets() -> list[Cell]:
    """Every task once, synthetic + csv, the presets taken in turn so each is run too."""
    presets = list(CATALOG.presets)
    tasks = [t for t in CATALOG.tasks.values() if "synthetic" in t.sources]
    cells = []
    for i, t in enumerate(tasks):  # the next preset in turn that the task accepts
        usable = for_task(CATALOG.presets, t)
        turn = presets[i % len(presets) :] + presets[: i % len(presets)]
        cells.append(Cell(t.name, "synthetic", next(p for p in turn if p in usable), "csv"))
    return cells


# Fast: a handful of pairwise cells (image-classification is also validated by
# tests/test_new_then_validate.py). Slow: every task, and every preset at least once when
# there are as many tasks as presets, plus a cell per installed optional logger.
FAST_VALIDATE = _runnable(PAIRWISE)[:2]
SLOW_VALIDATE = [
    c
    for c in dict.fromkeys(
        _one_per_task_rotating_presets() + [c for c in _runnable(all_cells()) if c.logger != "csv"]
    )
    if c not in FAST_VALIDATE
]


@pytest.mark.parametrize("cell", FAST_VALIDATE, ids=lambda c: c.id)
def test_pairwise_cell_validates_on_cpu(cell, tmp_path):
    report = validate(scaffold(cell, tmp_path))
    assert "--trainer.accelerator=cpu" in report["overrides"]
    assert any(o.startswith("--trainer.strategy") for o in report["overrides"])


@pytest.mark.slow
@pytest.mark.parametrize("cell", SLOW_VALIDATE, ids=lambda c: c.id)
def test_every_task_validates_on_cpu(cell, tmp_path):
    validate(scaffold(cell, tmp_path))


def test_every_task_is_validated_somewhere():
    tasks = {c.task for c in FAST_VALIDATE + SLOW_VALIDATE}
    assert tasks == {t.name for t in CATALOG.tasks.values() if "synthetic" in t.sources}
