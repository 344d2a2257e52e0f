"""--fix: exact expected output, parses, idempotent; a 1.x script migrates and then trains."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import FIXES, HEADER, IMPORT_FIXES  # noqa: E402

from lightning_skill.lint import fix_paths, lint_paths  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ALL = [(HEADER + a, HEADER + b) for a, b in FIXES] + IMPORT_FIXES


def _fix(tmp_path: Path, source: str) -> str:
    f = tmp_path / "example.py"
    f.write_text(source, encoding="utf-8")
    fix_paths([f])
    return f.read_text(encoding="utf-8")


@pytest.mark.parametrize(("before", "after"), ALL, ids=[f"fix-{i}" for i in range(len(ALL))])
def test_fix_output(tmp_path: Path, before: str, after: str) -> None:
    fixed = _fix(tmp_path, before)
    assert fixed == after
    cst.parse_module(fixed)  # parses
    compile(fixed, "example.py", "exec")
    assert _fix(tmp_path, fixed) == fixed  # idempotent
    fixable_left = [f for f in lint_paths([tmp_path / "example.py"]) if f.fixable]
    assert not fixable_left


def test_diff_writes_nothing(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    before = HEADER + "pl.Trainer(max_epochs=1, gpus=1)\n"
    f.write_text(before)
    changes, _ = fix_paths([f], write=False)
    assert f.read_text() == before
    assert '+pl.Trainer(max_epochs=1, accelerator="gpu", devices=1)' in changes[0].diff()


def test_unsafe_cases_are_reported_not_guessed(tmp_path: Path) -> None:
    source = HEADER + (
        "trainer = pl.Trainer(max_epochs=1, gpus=args.gpus, auto_lr_find=True,\n"
        "                     resume_from_checkpoint=ckpt)\n"
        "trainer.fit(model)\ntrainer.fit(model2)\n"
    )
    assert _fix(tmp_path, source) == source
    left = {(f.code, f.fixable) for f in lint_paths([tmp_path / "example.py"])}
    assert left == {("LS101", False)}


def test_select_limits_fixes(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    f.write_text(HEADER + "pl.Trainer(max_epochs=1, gpus=1, precision=16)\n")
    fix_paths([f], select={"LS102"})
    assert f.read_text() == HEADER + 'pl.Trainer(max_epochs=1, gpus=1, precision="16-mixed")\n'


def test_legacy_script_migrates_and_trains(tmp_path: Path) -> None:
    script = tmp_path / "legacy_train.py"
    shutil.copy(FIXTURES / "legacy_train.py", script)
    before = lint_paths([script])
    assert {f.code for f in before} >= {"LS101", "LS104", "LS122", "LS130", "LS206"}
    assert all(f.fixable for f in before if f.severity == "error")
    changes, remaining = fix_paths([script])
    assert changes and remaining == []
    fixed = script.read_text()
    shutil.copy(script, tmp_path / "again.py")
    fix_paths([tmp_path / "again.py"])
    assert (tmp_path / "again.py").read_text() == fixed  # idempotent on a whole script
    env = {**os.environ, "OUT_DIR": str(tmp_path / "out"), "PYTHONWARNINGS": "ignore"}
    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "done lightning.pytorch" in run.stdout
    assert (tmp_path / "out").is_dir()


@pytest.mark.slow
def test_migrated_script_passes_validate(tmp_path: Path) -> None:
    """The issue's bar: the migrated 1.x script passes `lightning-skill validate`."""
    script = tmp_path / "legacy_train.py"
    shutil.copy(FIXTURES / "legacy_train.py", script)
    fix_paths([script])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "lightning_skill",
            "validate",
            str(script),
            "--checks",
            "import,discover,instantiate,fit,validate,lint",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_epoch_end_hooks_are_rewritten_and_the_model_validates(
    tmp_path: Path, warm_pool: object
) -> None:
    """*_epoch_end(outputs) -> on_*_epoch_end(self) with a list the step fills; the metrics
    import -> torchmetrics. Each fix is listed, and the fixed model trains, validates, tests."""
    from lightning_skill.validate import validate_many

    legacy = FIXTURES / "epoch_end" / "legacy_epoch_end.py"
    fixed = tmp_path / "fixed_epoch_end.py"
    shutil.copy(legacy, fixed)
    changes, left = fix_paths([fixed])
    assert sorted(f.code for f in changes[0].fixed) == ["LS110", "LS110", "LS110", "LS130"]
    assert not [f for f in left if f.code == "LS110"]
    text = fixed.read_text()
    for line in (
        "from torchmetrics import MeanSquaredError\n",
        "        self.training_step_outputs = []  # on_train_epoch_end reads and resets it",
        # training outputs as 1.x handed them over: a dict per step, tensors detached
        "        kept_output = step_output if isinstance(step_output, dict) else "
        '{"loss": step_output}',
        "            {k: v.detach() if isinstance(v, torch.Tensor) else v "
        "for k, v in kept_output.items()}",
        "    def on_train_epoch_end(self):\n        outputs = self.training_step_outputs\n",
        "        self.validation_step_outputs = []  # on_validation_epoch_end reads and resets it",
        "        self.test_step_outputs = []  # on_test_epoch_end reads and resets it",
        "            step_output = loss * 0",
        "        self.validation_step_outputs.append(loss)\n        return loss",
        "    def on_validation_epoch_end(self):\n"
        '        """Average the step losses."""\n'
        "        outputs = self.validation_step_outputs\n"
        "        self.validation_step_outputs = []",
        "    def on_test_epoch_end(self):\n        outs = self.test_step_outputs",
    ):
        assert line in text, line
    checks = ["import", "discover", "instantiate", "fit", "validate", "test"]
    before, after = validate_many([legacy, fixed], checks=checks, runner=warm_pool)
    status = {c.name: c.status for c in before.checks}
    assert status["import"] == "fail", status  # pytorch_lightning.metrics is gone on 2.6
    assert all(c.status == "pass" for c in after.checks), after.checks


def test_epoch_end_fix_is_refused_where_it_would_change_meaning(tmp_path: Path) -> None:
    # several dataloaders got nested lists; without an __init__ there is nowhere to create the
    # list; the training rewrite needs `torch` and names the step does not use yet
    for header, body in (
        (
            "import lightning.pytorch as pl\n",
            "    def __init__(self):\n        super().__init__()\n"
            "    def training_step(self, batch, batch_idx):\n        return batch\n"
            "    def training_epoch_end(self, outputs):\n        pass\n",
        ),
        (
            HEADER,
            "    def __init__(self):\n        super().__init__()\n"
            "    def training_step(self, batch, batch_idx):\n        step_output = batch\n"
            "        return step_output\n"
            "    def training_epoch_end(self, outputs):\n        pass\n",
        ),
        (
            HEADER,
            "    def __init__(self):\n        super().__init__()\n"
            "    def validation_step(self, batch, batch_idx, dataloader_idx=0):\n"
            "        return batch\n"
            "    def validation_epoch_end(self, outputs):\n        pass\n",
        ),
        (
            HEADER,
            "    def validation_step(self, batch, batch_idx):\n        return batch\n"
            "    def validation_epoch_end(self, outputs):\n        pass\n",
        ),
    ):
        f = tmp_path / "m.py"
        f.write_text(header + "class M(pl.LightningModule):\n" + body)
        (finding,) = [x for x in lint_paths([f]) if x.code == "LS110"]
        assert not finding.fixable, body
