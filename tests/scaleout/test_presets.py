"""Presets per task: `new` refuses a preset that cannot run the task (exit 2, one line), and a
project ships only the presets that can, adjusted where the task needs it (with the reason).

What each trait does to each preset is data (templates/catalog.yaml presets.*.traits; tasks
declare traits in task.yaml); the runs that prove the adjustments are in test_ddp_parity.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from scaleout_helpers import scaffold

from lightning_skill.catalog import load_catalog
from lightning_skill.errors import UsageError
from lightning_skill.presets import for_task, refusal
from lightning_skill.render import trainer_yaml
from lightning_skill.resources import templates_dir
from lightning_skill.spec import build_spec

CATALOG = load_catalog()
HARDWARE = {"accelerator", "devices", "num_nodes", "strategy", "precision"}


def _cli(*args: str):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "lightning_skill", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_new_refuses_deepspeed_for_the_two_optimizer_gan_with_one_line(tmp_path):
    result = _cli("new", str(tmp_path / "g"), "--task", "gan", "--preset", "deepspeed")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--preset" in result.stderr
    assert "one optimizer" in result.stderr and "ddp" in result.stderr  # says what works
    assert not (tmp_path / "g").exists()  # nothing half-written


def test_refusals_and_shipped_presets_follow_the_catalogue(tmp_path):
    for task in CATALOG.tasks.values():
        shipped = for_task(CATALOG.presets, task)
        for preset in CATALOG.presets:
            if preset in shipped:
                continue
            with pytest.raises(UsageError, match="cannot run task"):
                build_spec(CATALOG, target=tmp_path / "x", task=task.name, preset=preset)
    assert "deepspeed" not in for_task(CATALOG.presets, CATALOG.tasks["gan"])
    assert refusal(CATALOG.presets, CATALOG.tasks["image-classification"], "deepspeed") is None


@pytest.mark.parametrize(
    ("task", "preset", "expected"),
    [
        ("gan", "ddp", {"strategy": "ddp_find_unused_parameters_true", "sync_batchnorm": True}),
        ("gan", "multi-node", {"strategy": "ddp_find_unused_parameters_true"}),
        ("segmentation", "ddp", {"strategy": "ddp", "sync_batchnorm": True}),
        ("segmentation", "fsdp", {"sync_batchnorm": True}),
        ("causal-lm", "fsdp", {"gradient_clip_val": None}),
        ("image-classification", "ddp", {"strategy": "ddp"}),
    ],
)
def test_project_ships_only_working_presets_adjusted_with_reasons(tmp_path, task, preset, expected):
    project = scaffold(task, tmp_path, "p", preset=preset)
    files = {p.stem: p for p in (project / "configs" / "presets").glob("*.yaml")}
    assert set(files) == set(for_task(CATALOG.presets, CATALOG.tasks[task]))
    text = files[preset].read_text()
    trainer = yaml.safe_load(text)["trainer"]
    assert set(trainer) >= HARDWARE
    for key, value in expected.items():
        assert trainer[key] == value, (key, trainer)
    adjust = for_task(CATALOG.presets, CATALOG.tasks[task])[preset]["adjust"]
    assert set(trainer) - HARDWARE <= set(adjust)  # nothing beyond hardware unless adjusted
    lines = text.splitlines()
    for key in adjust:  # every adjusted key has its reason written right above it
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}:"))
        assert lines[at - 1].lstrip().startswith("#"), f"{key} has no reason"
    # `render trainer` and --single-file resolve the same adjusted preset.
    spec = build_spec(CATALOG, target=tmp_path / "q", task=task, preset=preset)
    resolved = yaml.safe_load(trainer_yaml(spec))["trainer"]
    for key, value in expected.items():
        assert resolved[key] == value


def _catalog_copy(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(templates_dir(), root)
    return root


def test_broken_trait_declarations_fail_loudly(tmp_path):
    root = _catalog_copy(tmp_path)
    task_yaml = root / "tasks" / "gan" / "task.yaml"
    task_yaml.write_text(task_yaml.read_text().replace("batchnorm]", "batchnorm, nope]"))
    with pytest.raises(ValueError, match="unknown traits"):
        load_catalog.__wrapped__(root)
    raw = yaml.safe_load((root / "catalog.yaml").read_text())
    task_yaml.write_text(task_yaml.read_text().replace(", nope]", "]"))
    raw["presets"]["ddp"]["traits"]["batchnorm"] = {"trainer": {"sync_batchnorm": True}}
    (root / "catalog.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(ValueError, match="needs why"):
        load_catalog.__wrapped__(root)


# Builds each task's model as its project's CLI would (sizes linked from the data) and says
# whether it holds a BatchNorm layer; one process for all tasks.
_BATCHNORM_PROBE = """
import importlib, json, sys
from torch.nn.modules.batchnorm import _BatchNorm
found = {}
for task, package in json.loads(sys.argv[1]).items():
    cli = importlib.import_module(package + ".cli").cli_main(
        ["--trainer.accelerator=cpu", "--trainer.logger=false"], run=False
    )
    found[task] = any(isinstance(m, _BatchNorm) for m in cli.model.modules())
print(json.dumps(found))
"""


def test_every_model_with_batchnorm_declares_the_trait(tmp_path):
    """The batchnorm trait (sync_batchnorm on the DDP/FSDP presets) follows the models: a task
    whose model holds BatchNorm (torchvision's ResNet does, without the word in the template)
    must declare it, and a task that declares it must hold one."""
    import json
    import os
    import subprocess
    import sys

    from lightning_skill.presets import task_traits

    packages = {}
    for i, task in enumerate(CATALOG.tasks):
        packages[task] = f"bn{i}"
        scaffold(task, tmp_path, f"bn{i}")
    path = os.pathsep.join(str(tmp_path / p / "src") for p in packages.values())
    done = subprocess.run(
        [sys.executable, "-c", _BATCHNORM_PROBE, json.dumps(packages)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    holds = json.loads(done.stdout.strip().splitlines()[-1])
    declares = {task: "batchnorm" in task_traits(CATALOG.tasks[task]) for task in CATALOG.tasks}
    assert holds == declares
    assert holds["image-classification"] and holds["segmentation"]  # the probe sees BatchNorm
