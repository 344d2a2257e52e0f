"""The gaps benchmarks/lint_api_audit.py found in the 1.4.9..1.9.5 wheels, closed: each rule
reports the 1.x shape and stays quiet on the 2.x shape or the user's own name."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

from lightning_skill.lint import fix_paths, lint_paths

ROOT = Path(__file__).resolve().parents[2]


def codes(tmp_path: Path, source: str) -> list[tuple[int, str]]:
    path = tmp_path / "case.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [(f.line, f.code) for f in lint_paths([path])]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Habana's classes import in 2.6 but raise NotImplementedError when built
        (
            "from pytorch_lightning.strategies import HPUParallelStrategy\n",
            [(1, "LS130")],
        ),
        ("from lightning.pytorch.plugins import HPUPrecisionPlugin\n", [(1, "LS130")]),
        # the TPU names are deprecated aliases that still work: quiet
        ("from lightning.pytorch.strategies import SingleTPUStrategy\n", []),
        ("from lightning.pytorch.strategies import DDPStrategy\n", []),
    ],
)
def test_habana_stubs(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert codes(tmp_path, source) == expected


def test_strategy_name_only_1_9_registered(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        """\
        import lightning.pytorch as pl
        pl.Trainer(max_epochs=1, strategy="ddp_sharded_spawn_find_unused_parameters_false")
        pl.Trainer(max_epochs=1, strategy="ddp_spawn_find_unused_parameters_false")
        """,
    )
    assert found == [(2, "LS103")]


def test_cli_auto_registry(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        """\
        from lightning.pytorch.cli import LightningCLI
        LightningCLI(Model, auto_registry=True)
        LightningCLI(Model, save_config_kwargs={"overwrite": True})
        """,
    )
    assert found == [(2, "LS105")]


def test_logger_aggregation_keywords(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        """\
        from lightning.pytorch.loggers import TensorBoardLogger, WandbLogger
        from mylib import MyLogger
        a = TensorBoardLogger("logs", agg_key_funcs={"loss": min})
        b = WandbLogger(project="p", agg_default_func=max)
        c = MyLogger(agg_key_funcs={})
        d = TensorBoardLogger("logs", name="run", default_hp_metric=False)
        """,
    )
    assert found == [(3, "LS126"), (4, "LS126")]


def test_rich_progress_bar_task_id(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        """\
        from lightning.pytorch.callbacks import RichProgressBar
        class Bar(RichProgressBar):
            def on_train_epoch_start(self, trainer, pl_module):
                print(self.main_progress_bar_id)
        class Own(RichProgressBar):
            def __init__(self):
                super().__init__()
                self.main_progress_bar_id = 0
            def on_train_epoch_start(self, trainer, pl_module):
                print(self.main_progress_bar_id)
        """,
    )
    assert found == [(4, "LS123")]  # Own keeps an attribute of that name itself


def test_compiled_module_class_methods(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        """\
        import lightning.pytorch as pl
        class Lit(pl.LightningModule):
            pass
        class Keeps(pl.LightningModule):
            @classmethod
            def from_compiled(cls, model):
                return model
        a = pl.LightningModule.from_compiled(compiled)
        b = Lit.to_uncompiled(compiled)
        c = Keeps.from_compiled(compiled)
        d = Other.from_compiled(compiled)
        """,
    )
    assert found == [(8, "LS125"), (9, "LS125")]


def test_progress_bar_subclass_using_tqdm_members(tmp_path: Path) -> None:
    stale = """\
        from pytorch_lightning.callbacks import ProgressBar
        class Lit(ProgressBar):
            def init_validation_tqdm(self):
                bar = super().init_validation_tqdm()
                bar.disable = True
                return bar
        """
    assert codes(tmp_path, stale) == [(1, "LS130")]
    # 2.x: the tqdm bar by its name, or a bar of the user's own on the base class
    assert codes(tmp_path, stale.replace("ProgressBar", "TQDMProgressBar")) == []
    own = """\
        from lightning.pytorch.callbacks import ProgressBar
        class Mine(ProgressBar):
            def __init__(self):
                super().__init__()
                self.refresh_rate = 1
                self.is_enabled = True
            def disable(self):
                self.is_enabled = False
            def on_train_batch_end(self, *args):
                print(self.refresh_rate)
        """
    assert codes(tmp_path, own) == []


def test_audit_finds_and_probes_a_removed_trainer_argument(tmp_path: Path) -> None:
    """The audit on a two-class stand-in for a 1.x wheel: a removed Trainer argument and a
    removed hook are found, probed and reported covered; a kept argument is not an item."""
    pl = tmp_path / "9.9.9" / "pytorch_lightning"
    (pl / "core").mkdir(parents=True)
    (pl / "__init__.py").write_text("")
    (pl / "trainer.py").write_text(
        "class Trainer:\n"
        "    def __init__(self, max_epochs=None, gpus=None):\n"
        "        self.max_epochs = max_epochs\n"
    )
    (pl / "core" / "hooks.py").write_text(
        "class ModelHooks:\n    def on_epoch_start(self):\n        pass\n"
    )
    (pl / "core" / "module.py").write_text(
        "from pytorch_lightning.core.hooks import ModelHooks\n"
        "class LightningModule(ModelHooks):\n    pass\n"
        "class LightningDataModule:\n    pass\n"
        "class Callback:\n    pass\n"
    )
    spec = importlib.util.spec_from_file_location(
        "lint_api_audit", ROOT / "benchmarks" / "lint_api_audit.py"
    )
    assert spec is not None and spec.loader is not None
    audit = importlib.util.module_from_spec(spec)
    sys.modules["lint_api_audit"] = audit
    spec.loader.exec_module(audit)
    out = tmp_path / "audit.json"
    assert audit.main([str(tmp_path), "--out", str(out)]) == 0
    items = {(i.family, i.name): i for i in audit.audit(tmp_path)}
    assert ("trainer-args", "gpus") in items
    assert ("trainer-args", "max_epochs") not in items
    assert ("module-hooks", "on_epoch_start") in items
    summary = json.loads(out.read_text())["summary"]
    assert summary["trainer-args"] == {"found": 1, "covered": 1, "noted": 0}
    assert summary["module-hooks"] == {"found": 1, "covered": 1, "noted": 0}
    assert "| trainer-args | 1 |  | 1 | 0 |" in out.with_suffix(".md").read_text()
    assert audit.main([str(tmp_path / "missing")]) == 2


def test_toggle_optimizer_index_by_keyword(tmp_path: Path) -> None:
    source = """\
        import lightning.pytorch as pl
        class M(pl.LightningModule):
            def training_step(self, batch, batch_idx):
                opt_a, opt_b = self.optimizers()
                self.toggle_optimizer(opt_a, optimizer_idx=0)
                self.untoggle_optimizer(optimizer_idx=0)
                self.toggle_optimizer(optimizer=opt_a)
                self.untoggle_optimizer(opt_a)
        """
    assert codes(tmp_path, source) == [(5, "LS114"), (6, "LS114")]
    (result,), left = fix_paths([tmp_path / "case.py"], write=False)
    assert "self.toggle_optimizer(opt_a)\n" in result.after
    assert "self.untoggle_optimizer(optimizer_idx=0)" in result.after  # no certain fix
    assert [(f.line, f.code) for f in left] == [(6, "LS114")]


def test_progress_bar_subclass_with_a_foreign_or_defining_base_is_quiet(tmp_path: Path) -> None:
    source = """\
        from lightning.pytorch.callbacks import ProgressBar
        from mylib import TqdmMixin
        class Mixin:
            def init_train_tqdm(self):
                return None
        class A(TqdmMixin, ProgressBar):
            def on_train_start(self, trainer, pl_module):
                self.init_train_tqdm()
        class B(Mixin, ProgressBar):
            def on_train_start(self, trainer, pl_module):
                self.init_train_tqdm()
        """
    assert codes(tmp_path, source) == []
