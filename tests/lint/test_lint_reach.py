# ruff: noqa: E501  (code snippets read better unbroken)
"""How far the migration rules reach into real 1.x code: values written as conditionals, command
lines (values and f-strings too), positional Trainer arguments, the 0.x module hooks, modules
built on the spot, hooks relayed by hand through ``trainer.lightning_module``, class-body
DataModule attributes, optimizers bound to names, ``parser.set_defaults``, ``fit(**opts)``
dicts, tuner keywords, loop subclasses; and the traps beside each that must stay quiet. Each
example is written here after the shape met in the lint corpus (benchmarks/lint_corpus)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from lightning_skill.lint import fix_paths, lint_paths


def _found(tmp_path: Path, source: str, name: str = "example.py") -> set[tuple[int, str]]:
    f = tmp_path / name
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    return {(x.line, x.code) for x in lint_paths([f]) if x.code.startswith("LS1")}


def _fixed(tmp_path: Path, source: str) -> tuple[str, list[tuple[int, str]]]:
    f = tmp_path / "example.py"
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    (result,), _left = fix_paths([f])
    cst.parse_module(result.after)  # every fix keeps the file parsing
    return result.after, sorted((x.line, x.code) for x in result.fixed)


def test_conditional_values_are_checked_branch_by_branch(tmp_path: Path) -> None:
    source = """\
        import pytorch_lightning as pl

        def main(args):
            return pl.Trainer(
                max_epochs=1,
                max_steps=None if args.max_steps == -1 else args.max_steps,
                accelerator="ddp" if args.gpus > 1 else None,
                precision=32 if args.fp32 else 16,
                strategy="ddp" if args.gpus > 1 else "auto",
            )

        def quiet(args):
            return pl.Trainer(max_epochs=1, precision=32 if args.fp32 else 64, devices=1 if args.one else 2)
        """
    assert _found(tmp_path, source) == {(6, "LS101"), (7, "LS103"), (8, "LS102")}
    after, fixed = _fixed(tmp_path, source)
    assert (8, "LS102") in fixed  # the branch's literal is rewritten, the condition kept
    assert 'precision=32 if args.fp32 else "16-mixed",' in after


def test_command_lines_set_values_and_f_strings(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        ARGS_DEFAULT = "--trainer.max_epochs 1 "
        ARGS_DP = ARGS_DEFAULT + "--trainer.gpus 2 --trainer.accelerator dp "
        ARGS_AMP = "--trainer.precision 16 "
        ARGS_STRATEGY = "--trainer.strategy=ddp_cpu"
        ARGS_GPU = (f"--trainer.gpus={int(True)}",)

        def cli(parser):
            '''Run with --trainer.precision 16 (a docstring: quiet).'''
            parser.add_argument("--precision", default=16)
            return ["--trainer.precision 32", "--trainer.accelerator gpu", "--trainer.strategy ddp"]
        """,
    )
    assert found == {(4, "LS101"), (4, "LS103"), (5, "LS102"), (6, "LS103"), (7, "LS101")}


def test_trainer_takes_keywords_only(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning import Trainer

        trainer = Trainer(False, max_steps=42)

        class MyTrainer(Trainer):
            def __init__(self, config, **kwargs):
                super().__init__(**kwargs)

        quiet = [Trainer(max_epochs=1), Trainer(*[], max_epochs=1), MyTrainer({}, max_epochs=1)]
        """,
    )
    assert found == {(3, "LS101")}


def test_pre_1_0_module_hooks(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class System(pl.LightningModule):
            def validation_end(self, outputs):
                return {}

            def on_batch_start(self, batch):
                pass

            def on_batch_end(self):
                pass

        class Plain:
            def validation_end(self, outputs):
                return {}
        """,
    )
    assert found == {(4, "LS111"), (7, "LS111"), (10, "LS111")}


def test_load_from_checkpoint_on_a_module_built_on_the_spot(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pl_bolts.models.self_supervised import SimCLR

        backbone = SimCLR(
            gpus=1,
            dataset="cifar10",
        ).load_from_checkpoint("simclr.ckpt", strict=False)

        class Own(pl.LightningModule):
            def load_from_checkpoint(self, path):
                return self

        quiet = [SimCLR.load_from_checkpoint("a.ckpt"), Own().load_from_checkpoint("b.ckpt")]
        """,
    )
    assert found == {(7, "LS125")}  # on the line that calls it, not where the receiver starts


def test_trainer_named_objects_that_are_not_trainers(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class FakeTrainer:
            callback_metrics = {}

        def test_callback(pl_trainer):
            fake_trainer = FakeTrainer()
            fake_trainer.callback_metrics = {"a": 1}
            pl_trainer.callback_metrics = {"a": 1}
        """,
    )
    assert found == {(9, "LS123")}


def test_parametrize_cases(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytest
        from pytorch_lightning import Trainer

        @pytest.mark.parametrize("accelerator", [
            None,
            "ddp_cpu",
        ])
        def test_a(accelerator):
            Trainer(max_epochs=1, accelerator=accelerator)

        @pytest.mark.parametrize("extra", [{"logger": False}, {"checkpoint_callback": True}])
        def test_b(args, extra):
            Trainer.from_argparse_args(args, **extra)
        """,
    )
    # None is "the default" in a case list (the Trainer call decides); line 13 is LS121's
    assert found == {(6, "LS103"), (11, "LS101"), (13, "LS121")}


def test_uses_of_a_removed_import_are_reported_once(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning.callbacks import GPUStatsMonitor

        logs = GPUStatsMonitor._parse_gpu_stats("1", [[3]], [("gpu", "a")])
        acc = pl.metrics.Accuracy()
        """,
    )
    assert found == {(2, "LS130"), (5, "LS130")}


def test_relayed_hooks_and_read_only_dataloaders(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning.loops import FitLoop

        class ActiveLearningLoop(FitLoop):
            def connect(self, fit_loop):
                self.fit_loop = fit_loop

            def reset(self):
                self.trainer.lightning_module.on_train_dataloader()
                self.trainer.train_dataloader = None
                self.trainer.val_dataloaders = None
                self.trainer.lightning_module.train_dataloader()

        class Relay(pl.Callback):
            def on_train_start(self, trainer, pl_module):
                pl_module.on_epoch_start()
                pl_module.on_train_epoch_start()
        """,
    )
    assert {(5, "LS123"), (9, "LS125"), (10, "LS123"), (11, "LS123"), (16, "LS125")} <= found
    assert not {line for line, _ in found} & {6, 12, 17}


def test_datamodule_class_attributes_and_instances(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pl_bolts.datamodules.vision_datamodule import VisionDataModule
        from pl_bolts.datamodules import CIFAR10DataModule

        class MNISTDataModule(VisionDataModule):
            name = "mnist"
            dims = (1, 28, 28)
            size = 60000

        class Dataset:
            dims = (1, 28, 28)

        cifar_dm = CIFAR10DataModule(".")
        shape = cifar_dm.size()
        """,
    )
    assert found == {(6, "LS124"), (13, "LS124")}


def test_several_optimizers_bound_to_names_first(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import torch
        import pytorch_lightning as pl

        class GAN(pl.LightningModule):
            def configure_optimizers(self):
                a = torch.optim.SGD(self.layer_1.parameters(), 1e-2)
                b = torch.optim.RMSprop(self.layer_2.parameters(), 1e-2)
                return a, b

        class One(pl.LightningModule):
            def configure_optimizers(self):
                a = torch.optim.SGD(self.parameters(), 1e-2)
                b = torch.optim.lr_scheduler.StepLR(a, 1)
                return a, b

        def test_frequencies(model, opt_a, opt_b):
            model.configure_optimizers = lambda: (
                {"optimizer": opt_a, "frequency": 5},
                {"optimizer": opt_b, "frequency": 10},
            )
        """,
    )
    assert found == {(8, "LS116"), (17, "LS116")}  # a lambda: on its own line


def test_set_defaults_fit_dicts_and_tuner_keywords(tmp_path: Path) -> None:
    source = """\
        from argparse import ArgumentParser
        from pytorch_lightning import Trainer

        def main(model, train, val):
            parser = ArgumentParser()
            parser = Trainer.add_argparse_args(parser)
            parser.set_defaults(gpus=2)
            parser.set_defaults(accelerator="ddp", max_epochs=3)
            args = parser.parse_args()
            trainer = Trainer.from_argparse_args(args)
            fit_options = dict(train_dataloader=train, val_dataloaders=val)
            trainer.fit(model, **fit_options)
            trainer.tuner.lr_find(model, train_dataloader=train)
        """
    found = _found(tmp_path, source)
    assert {(7, "LS101"), (8, "LS103"), (11, "LS104"), (13, "LS104")} <= found
    after, fixed = _fixed(tmp_path, source)
    assert {(11, "LS104"), (13, "LS104")} <= set(fixed)
    assert "dict(train_dataloaders=train, val_dataloaders=val)" in after
    assert "lr_find(model, train_dataloaders=train)" in after
    # a script's own parser defaults: no Trainer reads them
    quiet = _found(
        tmp_path,
        "import argparse\np = argparse.ArgumentParser()\np.set_defaults(gpus=2)\n",
        "plain.py",
    )
    assert quiet == set()


def test_hooks_of_test_helper_subclasses(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from tests.helpers import BoringModel

        class CustomModel(BoringModel):
            def transfer_batch_to_device(self, batch, device):
                return batch.to(device)

        class Embedder(BoringModel):
            def predict_step(self, batch, batch_idx, dataloader_idx=0):
                return batch

            def on_epoch_start(self):
                pass

            def on_train_batch_start(self, batch):
                pass
        """,
    )
    # the batch-transfer hook has no other meaning: too few parameters is sure to break;
    # on_train_batch_start with fewer may be the class's own API (medium confidence)
    assert found == {(4, "LS114"), (11, "LS111")}


def test_module_flags_the_1_0_trainer_set(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class M(pl.LightningModule):
            def training_step(self, batch, batch_idx):
                if self.use_ddp or self.use_tpu:
                    pass
                self.manual_optimizer_step(self.optimizers())

        class Own(pl.LightningModule):
            def __init__(self):
                super().__init__()
                self.use_ddp = True

            def training_step(self, batch, batch_idx):
                return self.use_ddp
        """,
    )
    assert found == {(5, "LS125"), (7, "LS125")}


def test_a_module_hook_alone_marks_a_test_helper_subclass(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from abc import ABC
        import pytorch_lightning as pl
        from tests.helpers import BoringModel
        from tensorflow import keras

        class StepModel(BoringModel):
            def optimizer_step(self, epoch, batch_idx, optimizer, optimizer_idx, closure, on_tpu, native_amp, lbfgs):
                optimizer.step(closure=closure)

        class EpochModel(BoringModel):
            def on_train_epoch_end(self, outputs):
                pass

        class KerasLogger(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                pass

        class Plugin(ABC):
            def optimizer_step(self, optimizer, model, closure, optimizer_idx):
                pass
        """,
    )
    assert found == {(7, "LS114"), (11, "LS114")}


def test_argv_lists_give_the_value_as_the_next_item(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import sys
        import pytorch_lightning as pl

        sys.argv = ["train.py", "--trainer.precision", "16", "--trainer.accelerator", "ddp_cpu"]
        quiet = ["--trainer.precision", "32", "--trainer.accelerator", "gpu", "--other", "16"]
        """,
    )
    assert found == {(4, "LS102"), (4, "LS103")}


def test_plain_flag_values_need_a_trainer_parser(tmp_path: Path) -> None:
    # --precision 16 is a Trainer flag only where Trainer.add_argparse_args built the parser
    source = 'import pytorch_lightning as pl\n\nARGS = "--precision 16 --accelerator dp"\n'
    assert _found(tmp_path, source, "own.py") == set()
    with_parser = source + "parser = pl.Trainer.add_argparse_args(parser)\n"
    assert _found(tmp_path, with_parser, "argparse_main.py") == {
        (3, "LS102"),
        (3, "LS103"),
        (4, "LS121"),
    }


def test_merged_keyword_dicts_and_the_trainers_module(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        def make(extra, trainer):
            base = {"max_epochs": 1}
            base["gpus"] = 1
            summary = trainer.lightning_module.summarize()
            trainer.lightning_module.precision = 16
            return pl.Trainer(**{**base, **extra})
        """,
    )
    assert found == {(5, "LS101"), (6, "LS125")}


def test_lightning_cli_subclasses_with_the_1x_methods(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning.utilities.cli import LightningCLI

        class OldCLI(LightningCLI):
            def instantiate_trainer(self):
                self.trainer = self.trainer_class(**self.config_init["trainer"])

            def add_core_arguments_to_parser(self):
                pass

            def fit(self):
                pass

        class NewCLI(LightningCLI):
            def instantiate_trainer(self, **kwargs):
                return super().instantiate_trainer(**kwargs)

            def add_arguments_to_parser(self, parser):
                parser.add_argument("--x")

            def init_parser(self, **kwargs):
                return super().init_parser(**kwargs)

        class NotCLI:
            def fit(self):
                pass
        """,
    )
    assert {(4, "LS114"), (7, "LS114"), (10, "LS111")} <= found
    assert not {line for line, _ in found} & {14, 17, 20, 24}


def test_trainer_sections_of_configs(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        config = {
            "trainer": {"gpus": 1, "max_epochs": 3, "accelerator": "ddp"},
            "model": {"gpus": 1},
        }
        config["trainer"]["precision"] = 16
        config["trainer"]["auto_lr_find"] = True
        uses_gpu = config["trainer"]["gpus"] > 0
        config["model"]["gpus"] = 2
        trainer = pl.Trainer(**config["trainer"])
        """,
    )
    assert found == {(4, "LS101"), (4, "LS103"), (7, "LS102"), (8, "LS101")}


def test_removed_trainer_members_reached_by_name(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class Loop:
            def reset(self, name):
                getattr(self.trainer, f"reset_{name}")(self.trainer.lightning_module)
                n = getattr(self.trainer, "num_gpus")
                m = getattr(self.trainer, "num_gpus", 0)
                d = getattr(self.trainer, f"{name}_dataloaders")
                e = getattr(self.model, "num_gpus")
        """,
    )
    assert found == {(5, "LS123"), (6, "LS123")}  # a default guards line 7


def test_progress_bar_built_from_the_1x_import(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning import Trainer
        from pytorch_lightning.callbacks import (
            EarlyStopping,
            ProgressBar,
        )

        def test_bar():
            bar = ProgressBar()
            trainer = Trainer(max_epochs=1, callbacks=[bar, ProgressBar()])
        """,
    )
    assert found == {(4, "LS130")}  # once, on the import
    subclassed = _found(
        tmp_path,
        "from lightning.pytorch.callbacks import ProgressBar\n\n"
        "class Bar(ProgressBar):\n    pass\n\nbar = Bar()\n",
        "base.py",
    )
    assert subclassed == set()  # 2.x's base class, subclassed: what it is for


def test_callback_style_hooks_with_unused_parameter_names(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from framework import Hook

        class Timer(Hook):
            def on_train_epoch_end(self, _trainer, _pl_module):
                pass

            def on_epoch_end(self, _, __):
                pass
        """,
    )
    # another package's Callback, by its hooks: on_epoch_end is LS113's, and the epoch hook
    # written the Callback way is no LightningModule hook missing its arguments
    assert found == {(8, "LS113")}
