# ruff: noqa: E501  (code snippets read better unbroken)
"""Shapes of 1.x code written by Lightning's users (NeMo, mlflow's autologger, gluonts,
pyannote) and the 1.0-era tests that the rules reach since branch recall19, each beside the
trap that must stay quiet: logger aggregation calls, epoch-end hooks set on an instance, a
replaced Trainer connector, ``model.hparams = ...`` on a module built from another file's
class, ``trainer.tune(**opts)``, the 1.x ``ModelSummary(mode=)``, ``save_top_k=None``,
``load_from_checkpoint`` on a module handed to ``fit``, member names read with ``getattr`` in
a loop, the 1.x Accelerator's methods, and ``on_save_checkpoint`` relaying super()'s value."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from lightning_skill.lint import fix_paths, lint_paths


def _found(tmp_path: Path, source: str, name: str = "example.py") -> set[tuple[int, str]]:
    f = tmp_path / name
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    return {(x.line, x.code) for x in lint_paths([f]) if x.code.startswith("LS1")}


def test_logger_aggregation_calls_and_assigned_epoch_end_hooks(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from unittest.mock import MagicMock
        from pytorch_lightning import Trainer
        from pytorch_lightning.loggers import LoggerCollection
        from tests.base import EvalModelTemplate

        def test_collection():
            mock = MagicMock()
            logger = LoggerCollection([mock])
            logger.update_agg_funcs({'test': sum}, sum)
            mock.update_agg_funcs.assert_called_once_with({'test': sum}, sum)
            logger.agg_and_log_metrics({'test': 2.0}, 4)

        def test_hooks(validation_epoch_end):
            model = EvalModelTemplate()
            model.validation_epoch_end = validation_epoch_end
            model.training_epoch_end = None
            Trainer().fit(model)
        """,
    )
    # line 10: a mock's assertion, no call of the method; line 16: None is harmless in 2.x
    assert found == {(3, "LS130"), (9, "LS126"), (11, "LS126"), (15, "LS110")}
    own = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl

        class Buffer:
            def agg_and_log_metrics(self, metrics, step):
                self.metrics = metrics

        class Adapter:
            def __init__(self, fn):
                self.validation_epoch_end = fn

        Buffer().agg_and_log_metrics({}, 0)
        """,
        "own.py",
    )
    assert own == set()  # the run's own method; an adapter that is no LightningModule


def test_connector_replaced_and_hparams_on_a_module_from_elsewhere(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from tests.base import EvalModelTemplate
        from nemo.core import Connector

        class Model(pl.LightningModule):
            def setup(self, stage):
                self._trainer.checkpoint_connector = Connector(self._trainer)
                self._trainer._checkpoint_connector = Connector(self._trainer)

        def test_tune(tmpdir):
            hparams = EvalModelTemplate.get_default_hparams()
            model = EvalModelTemplate(**hparams)
            model.hparams = hparams
            trainer = pl.Trainer(default_root_dir=tmpdir)
            trainer.tune(model)
            options = dict(train_dataloader=model.dataloader(train=True))
            trainer.tune(model, **options)

        def test_not_a_module(config):
            box = Box(config)
            box.hparams = config
            estimator = Estimator()
            estimator.hparams = config
            estimator.fit(config)
        """,
    )
    # line 8: the private connector 2.x reads; lines 21 and 23: never handed to a Trainer as
    # a module (estimator.fit(config) passes config, not the estimator)
    assert found == {(7, "LS123"), (13, "LS122"), (15, "LS120"), (16, "LS104"), (17, "LS120")}


def test_model_summary_mode_checkpoint_top_k_and_loaded_instances(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning import Trainer
        from pytorch_lightning.callbacks import ModelCheckpoint
        from pytorch_lightning.utilities.model_summary import ModelSummary

        def summarize(pl_module, monitor):
            text = str(ModelSummary(pl_module, mode="full"))
            modes = [ModelSummary.MODE_TOP, ModelSummary.MODE_FULL]
            depth = ModelSummary(pl_module, max_depth=2)
            ckpt = ModelCheckpoint(monitor=monitor, save_top_k=None if monitor is None else 5)
            kept = ModelCheckpoint(monitor=monitor, save_top_k=1 if monitor is None else 5)
            return text, modes, depth, ckpt, kept

        def train(estimator, data):
            training_network = estimator.create_lightning_module()
            trainer = Trainer(max_epochs=1)
            trainer.fit(model=training_network, train_dataloaders=data)
            best = training_network.load_from_checkpoint(trainer.checkpoint_callback.best_model_path)
            Network = type(training_network)
            return best, Network.load_from_checkpoint("last.ckpt")
        """
    found = _found(tmp_path, source)
    assert found == {(6, "LS125"), (7, "LS125"), (9, "LS106"), (17, "LS125")}
    f = tmp_path / "fixed.py"
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    (result,), _left = fix_paths([f])
    cst.parse_module(result.after)  # every fix keeps the file parsing
    assert "ModelSummary(pl_module, max_depth=-1)" in result.after
    assert (6, "LS125") in {(x.line, x.code) for x in result.fixed}  # reported as fixed


def test_members_read_by_name_in_a_loop_and_accelerator_methods(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import pytorch_lightning as pl
        from pytorch_lightning.accelerators import Accelerator

        def test_restored(trainer):
            changed = ['max_steps',
                       'weights_summary',
                       'auto_lr_find']
            before = {}
            for ca in changed:
                before[ca] = getattr(trainer, ca)
            for name in ['logger', 'callbacks']:
                getattr(trainer, name)
            for key in ['weights_summary']:
                getattr(config, key)

        class Model(pl.LightningModule):
            def clip_gradients(self, optimizer, clip_val=None):
                return Accelerator._clip_gradients(self, optimizer, clip_val)

            def devices(self):
                return Accelerator.auto_device_count()
        """,
    )
    # lines 11-14: members 2.x keeps, and a loop over a config's keys
    assert found == {(6, "LS123"), (7, "LS123"), (18, "LS123")}


def test_on_save_checkpoint_relaying_the_parent_value(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning.callbacks import Callback, ModelCheckpoint

        class NeMoCheckpoint(ModelCheckpoint):
            def on_save_checkpoint(self, trainer, pl_module, checkpoint):
                output = super().on_save_checkpoint(trainer, pl_module, checkpoint)
                if not self.save_best_model:
                    return output
                return output

        class Counter(Callback):
            def on_save_checkpoint(self, trainer, pl_module, checkpoint):
                return {"count": self.count}
        """,
    )
    assert found == {(11, "LS114")}  # only the state a 1.x callback returned to be saved


def test_config_classes_mirroring_a_callback_or_the_trainer(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from dataclasses import dataclass
        from typing import Optional
        import pytorch_lightning as pl
        from pytorch_lightning.callbacks import ModelCheckpoint

        @dataclass
        class CallbackParams:
            filepath: Optional[str] = None
            dirpath: Optional[str] = None
            filename: Optional[str] = None
            save_top_k: int = 3
            save_last: bool = True
            period: int = 1
            prefix: Optional[str] = None

        @dataclass
        class TrainerConfig:
            gpus: int = 0
            max_epochs: int = 1000
            num_nodes: int = 1
            accumulate_grad_batches: int = 1
            checkpoint_callback: bool = False

        @dataclass
        class RunConfig:
            gpus: int = 0
            max_epochs: int = 10
            num_nodes: int = 1
            accumulate_grad_batches: int = 1
            lr: float = 1e-3
            batch_size: int = 32

        class Checkpoint(ModelCheckpoint):
            def __init__(self, **kwargs):
                self.prefix = kwargs.pop("prefix")
                super().__init__(**kwargs)

        def build(params: CallbackParams, cfg: TrainerConfig):
            params = dict(vars(params))
            del params["filepath"]
            return Checkpoint(**params), pl.Trainer(**vars(cfg))
        """,
    )
    # filepath and prefix are taken out before the constructor; RunConfig is the run's own
    # settings (a third of its fields are no Trainer argument), read field by field
    assert found == {(13, "LS106"), (18, "LS101"), (22, "LS101")}


def test_model_checkpoint_members_of_1_0(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from pytorch_lightning.callbacks import ModelCheckpoint

        class Ckpt(ModelCheckpoint):
            def on_validation_end(self, trainer, pl_module):
                if self.last_global_step_saved == trainer.global_step:
                    return
                key = ModelCheckpoint.CHECKPOINT_STATE_BEST_SCORE

        class Own(ModelCheckpoint):
            def __init__(self, prefix, **kw):
                super().__init__(**kw)
                self.prefix = prefix

            def name(self):
                return self.prefix

        ckpt = ModelCheckpoint(dirpath="x")
        print(ckpt.prefix, ckpt.best_model_path)
        """,
    )
    assert found == {(5, "LS123"), (7, "LS123"), (18, "LS123")}  # Own sets its own prefix


def test_logger_subclass_passing_the_aggregation_settings(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        import numpy as np
        from pytorch_lightning.loggers import LightningLoggerBase

        class HistoryLogger(LightningLoggerBase):
            def __init__(self):
                super().__init__(agg_key_funcs={'loss': np.mean}, agg_default_func=np.sum)

        class Plain:
            def __init__(self, agg):
                super().__init__(agg_key_funcs=agg)
        """,
    )
    assert found == {(2, "LS130"), (6, "LS126")}  # one finding per line; Plain is its own


def test_argparse_helpers_called_as_functions(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        """\
        from argparse import ArgumentParser
        from pytorch_lightning import Trainer
        from pytorch_lightning.utilities.argparse import (
            add_argparse_args,
            parse_argparser,
        )

        class Own:
            def from_argparse_args(self, args):
                return args

        parser = add_argparse_args(Trainer, ArgumentParser())
        args = parse_argparser(Trainer, parser.parse_args([]))
        Own().from_argparse_args(args)
        """,
    )
    # the import is LS130's; each call is LS121's; a user's own method of the name is not
    assert found == {(4, "LS130"), (5, "LS130"), (12, "LS121"), (13, "LS121")}
