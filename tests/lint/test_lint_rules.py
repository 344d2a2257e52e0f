"""Every rule fires on its failing examples and stays quiet on its passing ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import CASES  # noqa: E402

from lightning_skill.lint import RULES, lint_paths  # noqa: E402


def _codes(tmp_path: Path, source: str) -> list[str]:
    f = tmp_path / "example.py"
    f.write_text(source, encoding="utf-8")
    return [x.code for x in lint_paths([f])]


def test_every_rule_has_examples() -> None:
    assert set(CASES) == set(RULES) - {"LS000"}
    for code, (bad, good) in CASES.items():
        assert bad and good, code


FAILING = [(code, i, s) for code, (bad, _) in CASES.items() for i, s in enumerate(bad)]
PASSING = [(code, i, s) for code, (_, good) in CASES.items() for i, s in enumerate(good)]


@pytest.mark.parametrize(("code", "i", "source"), FAILING, ids=[f"{c}-{i}" for c, i, _ in FAILING])
def test_failing_example(tmp_path: Path, code: str, i: int, source: str) -> None:
    assert code in _codes(tmp_path, source), source


@pytest.mark.parametrize(("code", "i", "source"), PASSING, ids=[f"{c}-{i}" for c, i, _ in PASSING])
def test_passing_example(tmp_path: Path, code: str, i: int, source: str) -> None:
    assert code not in _codes(tmp_path, source), source


def test_severity_and_fields(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    f.write_text("import lightning.pytorch as pl\npl.Trainer(gpus=1, max_epochs=1)\n")
    (finding,) = lint_paths([f])
    assert finding.to_dict() == {
        "path": str(f),
        "line": 2,
        "col": 12,
        "code": "LS101",
        "severity": "error",
        "message": finding.message,
        "fixable": True,
    }
    assert "devices" in finding.message  # the fix is in the message


def test_cross_file_facts(tmp_path: Path) -> None:
    """A LightningModule subclassed in another file, seeding done in another file."""
    (tmp_path / "base.py").write_text(
        "import lightning.pytorch as pl\nclass Base(pl.LightningModule):\n    pass\n"
    )
    (tmp_path / "model.py").write_text(
        "from base import Base\nclass M(Base):\n    def training_epoch_end(self, outputs):\n"
        "        pass\n"
    )
    (tmp_path / "train.py").write_text(
        "import lightning.pytorch as pl\npl.seed_everything(1)\n"
        "pl.Trainer(max_epochs=1, deterministic=True)\n"
    )
    codes = {(Path(f.path).name, f.code) for f in lint_paths([tmp_path])}
    assert codes == {("model.py", "LS110")}


def test_multi_device_is_known_where_the_module_is_used(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(
        "import lightning.pytorch as pl\n"
        "class Used(pl.LightningModule):\n"
        "    def validation_step(self, batch, batch_idx):\n        self.log('v', batch.sum())\n"
        "class Unused(pl.LightningModule):\n"
        "    def validation_step(self, batch, batch_idx):\n        self.log('v', batch.sum())\n"
    )
    (tmp_path / "train.py").write_text(
        "import lightning.pytorch as pl\nfrom models import Used\n"
        "pl.Trainer(max_epochs=1, devices=8, strategy='ddp').fit(Used())\n"
    )
    found = [(Path(f.path).name, f.line) for f in lint_paths([tmp_path]) if f.code == "LS212"]
    assert found == [("models.py", 4)]


def test_select_and_ignore(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    f.write_text("import lightning.pytorch as pl\npl.Trainer(gpus=1, precision=16)\n")
    assert {x.code for x in lint_paths([f])} == {"LS101", "LS102", "LS209"}
    assert {x.code for x in lint_paths([f], select={"LS1"})} == {"LS101", "LS102"}
    assert {x.code for x in lint_paths([f], ignore={"LS101", "LS2"})} == {"LS102"}
    with pytest.raises(ValueError):
        lint_paths([f], select={"XX9"})


def test_each_rule_is_declared_once_in_one_family_module() -> None:
    """Adding a rule means one Rule in one module under lint/rules/ (plus its case and the
    regenerated guide): every family's RULES reach the catalogue, and no code is declared twice."""
    import importlib
    import pkgutil

    from lightning_skill.lint import rules

    declared: dict[str, str] = {}
    for info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"{rules.__name__}.{info.name}")
        for rule in getattr(module, "RULES", ()):
            assert rule.code not in declared, (rule.code, declared.get(rule.code), info.name)
            declared[rule.code] = info.name
    for rule in rules._OTHER_RULES:
        assert rule.code not in declared, rule.code
        declared[rule.code] = "__init__"
    assert sorted(declared) == list(RULES)
    # the families named in issue 14 each have a module of their own
    assert {"trainer_args", "hooks", "imports", "devices", "logging", "data"} <= set(
        declared.values()
    )


def test_where_pieces_and_continued_calls_are_reported(tmp_path: Path) -> None:
    """A finding sits on the line that names what is removed: the piece of a command line
    written in pieces, the hook of a ``super(...) \\`` call continued on the next line."""
    f = tmp_path / "t.py"
    f.write_text(
        "import lightning.pytorch as pl\n\n"
        "ARGS = (\n    ' --max_epochs 1'\n    ' --gpus 0'\n)\n\n\n"
        "class C(pl.Callback):\n"
        "    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):\n"
        "        super(C, self) \\\n"
        "            .on_train_batch_end(trainer, pl_module, outputs, batch, batch_idx, 0)\n"
    )
    found = {(x.code, x.line) for x in lint_paths([f])}
    assert ("LS101", 5) in found and ("LS114", 12) in found, found


def test_a_step_that_requires_the_index_after_a_required_parameter_is_not_fixed(
    tmp_path: Path,
) -> None:
    f = tmp_path / "t.py"
    f.write_text(
        "import lightning.pytorch as pl\n\n\nclass M(pl.LightningModule):\n"
        "    def validation_step(self, batch, batch_idx, dataloader_idx, extra):\n"
        "        return batch\n"
    )
    (finding,) = [x for x in lint_paths([f]) if x.code == "LS114"]
    assert not finding.fixable  # `dataloader_idx=0, extra` would not parse


def test_a_name_of_a_removed_module_says_where_it_lives_now(tmp_path: Path) -> None:
    f = tmp_path / "t.py"
    f.write_text(
        "from pytorch_lightning.utilities.apply_func import (\n"
        "    apply_to_collection,\n    move_data_to_device,\n)\n"
    )
    messages = {x.line: x.message for x in lint_paths([f]) if x.code == "LS130"}
    assert "lightning_utilities.core.apply_func" in messages[2]
    assert "`move_data_to_device` is in `lightning.pytorch.utilities`" in messages[3]
    assert not any("moved to nothing" in m for m in messages.values())
