"""The hook order in references/best-practices.md is what the installed Lightning does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lightning_skill import hook_order

DOC = Path(__file__).resolve().parents[2] / "references" / "best-practices.md"


@pytest.fixture(scope="module")
def calls():
    return hook_order.record()


def documented_order() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Hook order\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```text\n(.*?)```", section, re.S)
    assert match, "the Hook order section has no ```text block"
    return match.group(1)


def test_doc_matches_installed_lightning(calls):
    measured = hook_order.render(hook_order.compact(calls))
    assert documented_order() == measured, (
        "references/best-practices.md#hook-order drifted from the installed Lightning; "
        "regenerate it with `python -m lightning_skill.hook_order`"
    )


def names(calls):
    return [name for _, name in calls]


def test_stated_facts(calls):
    order = names(calls)
    first = order.index
    # The sanity-check validation runs between on_fit_start and on_train_start.
    assert (
        first("on_fit_start")
        < first("Callback.on_sanity_check_start")
        < first("validation_step")
        < first("Callback.on_sanity_check_end")
        < first("on_train_start")
    )
    # Gradients are zeroed after training_step, inside the optimizer closure, before backward.
    depth = {name: d for d, name in calls if name in ("optimizer_step", "optimizer_zero_grad")}
    assert first("training_step") < first("optimizer_zero_grad") < first("backward")
    assert depth["optimizer_zero_grad"] == depth["optimizer_step"] + 1
    # End-of-epoch validation runs before on_train_epoch_end; the checkpoint is saved after it.
    last_val = len(order) - 1 - order[::-1].index("validation_step")
    assert last_val < first("on_train_epoch_end") < first("on_save_checkpoint")
    # A callback hook runs before the module hook of the same name (ModelCheckpoint aside).
    for name in ("on_fit_start", "on_train_start", "on_train_epoch_end", "on_validation_end"):
        assert first(f"Callback.{name}") < first(name)


def test_module_entry_point_prints_order():
    proc = subprocess.run(
        [sys.executable, "-m", "lightning_skill.hook_order"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == documented_order()
