# ruff: noqa: E501  (code snippets read better unbroken)
"""Rules found by walking what Lightning removed between 1.x and 2.x (the 1.0.8 ... 1.9.5 wheels
against the installed 2.6): Trainer arguments handed on in more ways (a keyword dict's assigned
values, ``Trainer.from_argparse_args(args, **kw)``, ``@pytest.mark.parametrize`` cases), members
of the 1.x loops and of ``trainer.train_dataloader``, the pre-1.0 ``trainer.lr_find``, a
Callback's state returned from ``on_save_checkpoint``, and the 1.x Logger methods (LS126). Each
example is written here from the changelog and the API diff."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from lightning_skill.lint import fix_paths, lint_paths
from lightning_skill.lint import rules as R
from lightning_skill.lint.rules.data import ARGPARSE_HELPERS
from lightning_skill.lint.rules.logging import REMOVED_LOGGER_METHODS
from lightning_skill.lint.rules.trainer_attrs import READ_ONLY_NESTED_ATTRS, REMOVED_NESTED_ATTRS


def _found(tmp_path: Path, source: str) -> set[tuple[int, str]]:
    f = tmp_path / "example.py"
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    return {(x.line, x.code) for x in lint_paths([f]) if x.code.startswith("LS1")}


def test_values_set_in_a_keyword_dict_reach_the_trainer(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        def main(args):
            kwargs = {}
            kwargs["accelerator"] = "ddp"
            kwargs["strategy"] = "dp"
            kwargs["precision"] = 16
            kwargs["plugins"] = "ddp_sharded"
            kwargs["max_steps"] = None
            kwargs.setdefault("precision", "bf16")
            kwargs["devices"] = 2
            kwargs["precision"] = "16-mixed"
            return pl.Trainer(max_epochs=1, **kwargs)
        """,
    )
    assert found == {
        (5, "LS103"),
        (6, "LS103"),
        (7, "LS102"),
        (8, "LS103"),
        (9, "LS101"),
        (10, "LS102"),
    }


def test_from_argparse_args_splat_and_keywords(tmp_path: Path) -> None:
    # the shape of many 1.x example scripts: options gathered in a dict, then handed on with
    # the parsed arguments; the dict's name says nothing about a Trainer
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        def generic_train(model, args):
            train_params = {}
            if args.fp16:
                train_params["precision"] = 16
                train_params["amp_level"] = args.fp16_opt_level
            if args.gpus > 1:
                train_params["accelerator"] = "ddp"
            train_params["accumulate_grad_batches"] = args.accumulate_grad_batches
            trainer = pl.Trainer.from_argparse_args(args, weights_summary=None, **train_params)
            other = pl.Trainer.from_argparse_args(args, precision=16, strategy="ddp2")
            return trainer, other

        def build_data(args):
            dm_params = {"batch_size": 32}
            return MyData(**dm_params)
        """,
    )
    assert found == {
        (6, "LS102"),
        (7, "LS101"),
        (9, "LS103"),
        (11, "LS121"),
        (11, "LS101"),
        (12, "LS121"),
        (12, "LS102"),
        (12, "LS103"),
    }


def test_parametrize_cases_that_reach_a_trainer(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytest
        import pytorch_lightning as pl

        @pytest.mark.parametrize("trainer_kwargs", [dict(gpus=1), {"tpu_cores": 8, "max_epochs": 1}])
        def test_a(tmpdir, trainer_kwargs):
            pl.Trainer(default_root_dir=tmpdir, **trainer_kwargs)

        @pytest.mark.parametrize(
            "accelerator,precision,expected",
            [("ddp_cpu", 16, 1), pytest.param("cpu", "bf16", 2, marks=pytest.mark.skip), ("cpu", 32, 3)],
        )
        def test_b(tmpdir, accelerator, precision, expected):
            trainer = pl.Trainer(max_epochs=1, accelerator=accelerator, precision=precision)
            assert expected

        @pytest.mark.parametrize("kwargs", [dict(gpus=1)])
        def test_c(kwargs):
            build_model(**kwargs)

        @pytest.mark.parametrize("accelerator", ["ddp_cpu"])
        def test_d(accelerator):
            run_thing(accelerator=accelerator)

        @pytest.mark.parametrize("precision", [16])
        def test_e(tmpdir, precision):
            pl.Trainer(max_epochs=1, precision="32-true")
        """,
    )
    assert found == {(4, "LS101"), (10, "LS103"), (10, "LS102")}


def test_parametrized_precision_is_reported_not_rewritten(tmp_path: Path) -> None:
    # the test may compare the parameter with its 1.x value elsewhere
    f = tmp_path / "example.py"
    source = (
        "import pytest\nimport lightning.pytorch as pl\n\n"
        "@pytest.mark.parametrize('precision', [16, 32])\n"
        "def test_p(precision):\n    pl.Trainer(max_epochs=1, precision=precision)\n"
        "    assert precision in (16, 32)\n"
    )
    f.write_text(source)
    assert [x.fixable for x in lint_paths([f]) if x.code == "LS102"] == [False]
    fix_paths([f])
    assert f.read_text() == source


def test_indirect_precision_fix(tmp_path: Path) -> None:
    f = tmp_path / "example.py"
    f.write_text(
        "import lightning.pytorch as pl\n"
        "kw = {}\nkw['precision'] = 16\nkw['devices'] = 1\n"
        "opts = dict(max_epochs=1, precision='bf16')\n"
        "t = pl.Trainer(**kw, **opts)\n"
        "u = pl.Trainer(max_epochs=1, **{'precision': 16})\n"
    )
    (result,), _left = fix_paths([f])
    assert result.after == (
        "import lightning.pytorch as pl\n"
        "kw = {}\nkw['precision'] = \"16-mixed\"\nkw['devices'] = 1\n"
        "opts = dict(max_epochs=1, precision='bf16-mixed')\n"
        "t = pl.Trainer(**kw, **opts)\n"
        "u = pl.Trainer(max_epochs=1, **{'precision': \"16-mixed\"})\n"
    )  # an int becomes a double-quoted string; a string keeps its quotes
    # every edit is reported: three LS102 findings, each fixed
    assert sorted((x.line, x.code) for x in result.fixed) == [
        (3, "LS102"),
        (5, "LS102"),
        (7, "LS102"),
    ]
    cst.parse_module(result.after)
    assert not [x for x in lint_paths([f]) if x.fixable]


def test_loop_and_dataloader_members(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning.callbacks import TQDMProgressBar

        class Bar(TQDMProgressBar):
            def get_metrics(self, trainer, model):
                items = super().get_metrics(trainer, model)
                items["loss"] = trainer.fit_loop.running_loss.mean()
                return items

        class M(pl.LightningModule):
            def training_step(self, batch, batch_idx):
                ds = self.trainer.train_dataloader.loaders.dataset
                opt_loop = self.trainer.fit_loop.epoch_loop.batch_loop.optimizer_loop
                n = self.trainer.validate_loop.epoch_loop.batch_progress
                i = self.trainer.test_loop.current_dataloader_idx
                ok = self.trainer.fit_loop.epoch_loop.val_loop.batch_progress
                ok = self.trainer.fit_loop.epoch_loop.automatic_optimization
                ok = self.trainer.train_dataloader.dataset
                ok = self.trainer.fit_loop.epoch_loop.batch_progress
                return batch

        def tune(trainer, model, other):
            trainer.lr_find(model)
            trainer.scale_batch_size(model)
            other.fit_loop.running_loss
            loaders.loaders
            other.lr_find(model)
        """,
    )
    assert found == {
        (7, "LS123"),
        (12, "LS123"),
        (13, "LS123"),
        (14, "LS123"),
        (15, "LS123"),
        (23, "LS123"),
        (24, "LS123"),
    }


def test_amp_attributes_and_loop_setters(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning import Trainer
        from pytorch_lightning.trainer.states import TrainerFn, TrainerStatus

        def check(trainer):
            assert trainer.state.status == TrainerStatus.RUNNING
            assert trainer.state.status != TrainerStatus.INTERRUPTED
            trainer.fit_loop.max_steps = 10
            trainer.fit_loop.min_steps = 1
            print(trainer.using_native_amp, trainer.amp_level)
            assert trainer.state.status == TrainerStatus.FINISHED
            assert trainer.state.fn == TrainerFn.FITTING and trainer.state.finished
            trainer.fit_loop.max_epochs = 3
            trainer.fit_loop.epoch_loop.max_steps = 10
            print(trainer.fit_loop.max_steps)
            trainer.resume_from_checkpoint = "last.ckpt"
            trainer.ckpt_path = "last.ckpt"
        """,
    )
    # line 15: a no-op in 2.x (nothing reads it), so the run silently starts from scratch
    assert found == {(7, "LS123"), (8, "LS123"), (9, "LS123"), (15, "LS123")}


def test_argparse_class_helpers(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning import LightningDataModule, Trainer

        class DM(LightningDataModule):
            pass

        class Args:
            @classmethod
            def default_attributes(cls):
                return {}

        defaults = Trainer.default_attributes()
        env = pl.Trainer.match_env_arguments()
        types = DM.get_init_arguments_and_types()
        mine = Args.default_attributes()
        """,
    )
    # default_attributes / match_env_arguments are LS123's removed Trainer attributes, on the
    # class as on an instance
    assert found == {(12, "LS123"), (13, "LS123"), (14, "LS121")}


def test_callback_state_returned_from_on_save_checkpoint(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class Counter(pl.Callback):
            def on_save_checkpoint(self, trainer, pl_module, checkpoint):
                return {"count": self.count}

        class Passing(pl.Callback):
            def on_save_checkpoint(self, trainer, pl_module, checkpoint):
                checkpoint["x"] = 1
                if not self.x:
                    return None
                return super().on_save_checkpoint(trainer, pl_module, checkpoint)

        class M(pl.LightningModule):
            def on_save_checkpoint(self, checkpoint):
                return checkpoint
        """,
    )
    assert found == {(4, "LS114")}  # on the hook's def line, like the other hook findings


def test_super_hook_calls_with_the_1x_arguments(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning.callbacks import TQDMProgressBar

        class Bar(TQDMProgressBar):
            def on_train_epoch_end(self, trainer, pl_module, *args):
                super().on_train_epoch_end(trainer, pl_module, *args)

            def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx):
                super().on_train_batch_end(trainer, pl_module, outputs, batch, batch_idx, dataloader_idx)

            def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx, dataloader_idx=0):
                super().on_validation_batch_end(trainer, pl_module, outputs, batch, batch_idx, dataloader_idx)

        class M(pl.LightningModule):
            def configure_gradient_clipping(self, optimizer, gradient_clip_val=None, gradient_clip_algorithm=None):
                super().configure_gradient_clipping(optimizer, gradient_clip_val, gradient_clip_algorithm)

            def on_train_batch_start(self, batch, batch_idx):
                super().on_train_batch_start(batch, batch_idx, 0)
                other().on_train_batch_start(batch, batch_idx, 0)

        class Base(pl.Callback):
            def on_train_batch_start(self, trainer, pl_module, batch, batch_idx, unused=0):
                pass

        class Child(Base):
            def on_train_batch_start(self, trainer, pl_module, batch, batch_idx, unused=0):
                # reaches Base's own method, which takes the fifth argument
                super().on_train_batch_start(trainer, pl_module, batch, batch_idx, unused)
        """,
    )
    # line 8's def and call both carry dataloader_idx; line 11 keeps a default, 2.6 may pass it
    assert found == {(8, "LS114"), (9, "LS114"), (19, "LS114")}


def test_a_class_with_only_test_step_end_is_a_module(tmp_path: Path) -> None:
    f = tmp_path / "example.py"
    f.write_text(
        "import pytorch_lightning as pl\nfrom framework import Task\n\n"
        "class Evaluation(Task):\n    def test_step_end(self, outputs):\n        return outputs\n"
        "\nclass Plain(Task):\n    def test_end(self, outputs):\n        return outputs\n"
    )
    (finding,) = [x for x in lint_paths([f]) if x.code.startswith("LS1")]
    assert (finding.line, finding.code) == (5, "LS111")
    assert "confidence: medium" in finding.message


def test_cli_registries_are_not_carried_to_the_new_module(tmp_path: Path) -> None:
    # pytorch_lightning.utilities.cli moved to .cli, but its registries did not: rewriting the
    # module of this import would leave an ImportError, so only the plain import is fixed
    f = tmp_path / "example.py"
    source = (
        "from pytorch_lightning.utilities.cli import LightningCLI, MODEL_REGISTRY\n"
        "from pytorch_lightning.utilities.cli import LightningCLI as CLI\n"
    )
    f.write_text(source)
    found = [(x.line, x.code, x.fixable) for x in lint_paths([f])]
    assert found == [(1, "LS130", False), (1, "LS130", False), (2, "LS130", True)]
    (result,), _left = fix_paths([f])
    assert result.after == source.replace(
        "utilities.cli import LightningCLI as", "cli import LightningCLI as"
    )


def test_a_module_move_does_not_carry_names_the_new_module_lacks(tmp_path: Path) -> None:
    # each of these modules moved, but these names did not follow: rewriting the path alone
    # would be an ImportError, so they are reported (with where to look) and left to the user
    f = tmp_path / "example.py"
    source = (
        "from pytorch_lightning.plugins.training_type import DDPPlugin\n"
        "from pytorch_lightning.accelerators.gpu import GPUAccelerator\n"
        "from pytorch_lightning.profiler import BaseProfiler\n"
        "from pytorch_lightning.loggers.base import LoggerCollection, rank_zero_experiment\n"
        "from pytorch_lightning.loggers.base import rank_zero_only\n"
        "from pytorch_lightning.trainer.supporters import CombinedLoader, TensorRunningAccum\n"
        "from pytorch_lightning.utilities.cloud_io import load, atomic_save\n"
        "from pytorch_lightning.profiler import SimpleProfiler\n"
        "from pytorch_lightning.utilities.cloud_io import get_filesystem\n"
    )
    f.write_text(source)
    by_line = {x.line: x for x in lint_paths([f]) if not x.fixable}
    assert sorted(by_line) == [1, 2, 3, 4, 5, 6, 7]
    assert "use `lightning.pytorch.strategies.DDPStrategy`" in by_line[1].message
    assert "use `lightning.pytorch.accelerators.CUDAAccelerator`" in by_line[2].message
    assert "which has no `BaseProfiler`" in by_line[3].message
    assert "`rank_zero_only` is in `lightning.pytorch.utilities`" in by_line[5].message
    (result,), _left = fix_paths([f])
    lines = source.splitlines(keepends=True)
    assert result.after == "".join(
        lines[:7]
        + [
            "from pytorch_lightning.profilers import SimpleProfiler\n",
            "from lightning_fabric.utilities.cloud_io import get_filesystem\n",
        ]
    )
    assert sorted(x.line for x in result.fixed) == [8, 9]


def test_logger_methods(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning import Callback, LightningModule
        from pytorch_lightning.loggers import LightningLoggerBase, TensorBoardLogger

        class MyLogger(LightningLoggerBase):
            def agg_and_log_metrics(self, metrics, step=None):
                self.log_metrics(metrics, step)

            def update_agg_funcs(self, agg_key_funcs=None, agg_default_func=None):
                pass

            def close(self):
                pass

        class Tb(TensorBoardLogger):
            def log_metrics(self, metrics, step=None):
                super().log_metrics(metrics, step)

        class M(LightningModule):
            def on_fit_end(self):
                self.logger.close()
                self.logger.agg_and_log_metrics({"a": 1})
                self.logger.finalize("success")

        class C(Callback):
            def on_fit_end(self, trainer, pl_module):
                pl_module.logger.update_agg_funcs()
                trainer.logger.close()

        class Plain:
            def agg_and_log_metrics(self, metrics, step=None):
                self.logger.close()
        """,
    )
    assert found == {
        (2, "LS130"),
        (5, "LS126"),
        (8, "LS126"),
        (20, "LS126"),
        (21, "LS126"),
        (26, "LS126"),
        (27, "LS126"),
    }


def test_tables_match_the_installed_lightning(tmp_path: Path) -> None:
    import lightning.pytorch as L
    import lightning.pytorch.cli as cli
    from lightning.pytorch.demos.boring_classes import BoringModel
    from lightning.pytorch.loggers import CSVLogger, Logger, TensorBoardLogger

    assert hasattr(cli, "LightningCLI") and not hasattr(cli, "MODEL_REGISTRY")
    from lightning.fabric.utilities import cloud_io

    assert hasattr(cloud_io, "get_filesystem")  # the names the module's move still carries
    assert not hasattr(cloud_io, "load") and not hasattr(cloud_io, "atomic_save")
    for cls in (Logger, CSVLogger, TensorBoardLogger):
        for name in REMOVED_LOGGER_METHODS:
            assert not hasattr(cls, name), (cls, name)  # LS126: an AttributeError on 2.6
    trainer = L.Trainer(
        max_steps=1,
        limit_val_batches=0,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        default_root_dir=tmp_path,
    )
    trainer.fit(BoringModel())
    owners = {
        "fit_loop": trainer.fit_loop,
        "epoch_loop": trainer.fit_loop.epoch_loop,
        "validate_loop": trainer.validate_loop,
        "test_loop": trainer.test_loop,
        "predict_loop": trainer.predict_loop,
        "val_loop": trainer.fit_loop.epoch_loop.val_loop,
        "train_dataloader": trainer.train_dataloader,  # the DataLoader as passed
        "_accelerator_connector": trainer._accelerator_connector,
    }
    assert set(owners) == set(REMOVED_NESTED_ATTRS)
    for owner, attrs in REMOVED_NESTED_ATTRS.items():
        for attr in attrs:
            assert not hasattr(owners[owner], attr), (owner, attr)
    assert not hasattr(L.Trainer, "get_init_arguments_and_types")
    assert "get_init_arguments_and_types" in ARGPARSE_HELPERS  # LS121
    for name in ("default_attributes", "match_env_arguments"):
        assert name in R.REMOVED_TRAINER_ATTRS and not hasattr(L.Trainer, name), name  # LS123
    assert not hasattr(L.LightningDataModule, "get_init_arguments_and_types")
    for name in ("lr_find", "scale_batch_size", "using_native_amp", "amp_level"):
        assert name in R.REMOVED_TRAINER_ATTRS and not hasattr(trainer, name)
    for owner, attrs in READ_ONLY_NESTED_ATTRS.items():
        for attr in attrs:  # a property without a setter: assigning it is an AttributeError
            prop = inspect.getattr_static(owners[owner], attr)
            assert isinstance(prop, property) and prop.fset is None, (owner, attr)


@pytest.mark.parametrize("name", ["automatic_optimization", "manual_optimization", "val_loop"])
def test_the_named_replacements_exist(name: str) -> None:
    import lightning.pytorch as L

    assert hasattr(L.Trainer(logger=False).fit_loop.epoch_loop, name)
