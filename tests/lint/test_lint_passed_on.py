# ruff: noqa: E501  (code snippets read better unbroken)
"""Stale 1.x uses that reach Lightning one step removed, after the shapes of the lint corpus's
held-out-4 part: members read on an instance of a built-in callback, logger or profiler
(``lr_monitor.lr_sch_names``), Trainer keywords handed through a test helper's parameters
(``train_with_swa(tmpdir, accelerator="ddp", gpus=2)``), constructors reached through a
subclass's ``__init__(*args, **kwargs)``, removed hooks called on ``super()``; each with the traps
beside it that must stay quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst

from lightning_skill.lint import fix_paths, lint_paths


def _found(tmp_path: Path, source: str) -> set[tuple[int, str]]:
    f = tmp_path / "example.py"
    f.write_text(textwrap.dedent(source), encoding="utf-8")
    return {(x.line, x.code) for x in lint_paths([f]) if x.code.startswith("LS1")}


def test_removed_members_of_callbacks_loggers_and_profilers(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning.callbacks import LearningRateMonitor, ModelCheckpoint
        from pytorch_lightning.loggers import CometLogger
        from pytorch_lightning.profiler import PyTorchProfiler

        def test_names(trainer):
            lr_monitor = LearningRateMonitor()
            assert lr_monitor.lr_sch_names == ["lr-SGD"]
            assert list(lr_monitor.lrs) == ["lr-SGD"]
            trainer.checkpoint_callback.save_checkpoint(trainer)
            logger = CometLogger(api_key="k")
            logger.reset_experiment()
            print(PyTorchProfiler.RECORD_FUNCTIONS)

        class Ckpt(ModelCheckpoint):
            def on_fit_end(self, trainer, pl_module):
                print(self.period, self.dirpath)

        class OwnPeriod(ModelCheckpoint):
            def __init__(self):
                super().__init__()
                self.period = 2

            def on_fit_end(self, trainer, pl_module):
                print(self.period)

        def test_save_function():
            model_ckpt = ModelCheckpoint()
            model_ckpt.save_function = lambda *_: None
            _ = model_ckpt.save_function
            rebound = LearningRateMonitor()
            rebound = object()
            return rebound.lr_sch_names

        def test_subclass_instance():
            ckpt = Ckpt()
            own = OwnPeriod()
            return ckpt.save_checkpoint, own.period
        """
    assert _found(tmp_path, source) == {
        (3, "LS130"),  # 1.x's profiler package (2.x: profilers)
        (7, "LS123"),
        (9, "LS123"),
        (11, "LS123"),
        (12, "LS123"),
        (16, "LS123"),
        (37, "LS123"),
    }


def test_a_user_class_of_the_same_name_stays_quiet(tmp_path: Path) -> None:
    source = """\
        class LearningRateMonitor:
            lr_sch_names = []

        monitor = LearningRateMonitor()
        print(monitor.lr_sch_names)
        """
    assert _found(tmp_path, source) == set()


def test_trainer_keywords_through_a_helpers_parameters(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning import Trainer

        def train_with_swa(tmpdir, batchnorm=True, accelerator=None, gpus=None, num_processes=1):
            trainer = Trainer(default_root_dir=tmpdir, max_epochs=1, accelerator=accelerator, gpus=gpus, num_processes=num_processes)
            trainer.fit(batchnorm)

        def remapped(tmpdir, accelerator=None, gpus=None):
            accelerator = "ddp_spawn" if accelerator == "ddp" else accelerator
            Trainer(default_root_dir=tmpdir, max_epochs=1, accelerator=accelerator, devices=gpus)

        def test_ddp(tmpdir):
            train_with_swa(tmpdir, accelerator="ddp", gpus=2)

        def test_ddp_cpu(tmpdir):
            train_with_swa(tmpdir, accelerator="ddp_cpu", num_processes=2)

        def test_quiet(tmpdir):
            train_with_swa(tmpdir, batchnorm=False, accelerator="gpu")
            remapped(tmpdir, accelerator="ddp", gpus=2)
        """
    assert _found(tmp_path, source) == {
        (4, "LS101"),  # the helper's own Trainer(gpus=gpus, num_processes=...)
        (12, "LS101"),
        (12, "LS103"),
        (15, "LS101"),
        (15, "LS103"),
    }


def test_precision_through_a_helper_is_fixed_at_the_call(tmp_path: Path) -> None:
    f = tmp_path / "example.py"
    f.write_text(
        "import lightning.pytorch as pl\n\n"
        "def run(precision=32):\n    return pl.Trainer(max_epochs=1, precision=precision)\n\n"
        "run(precision=16)\n",
        encoding="utf-8",
    )
    (result,), _left = fix_paths([f])
    cst.parse_module(result.after)
    assert 'run(precision="16-mixed")' in result.after
    assert [(x.line, x.code) for x in result.fixed] == [(6, "LS102")]


def test_kwargs_update_with_a_dict_call(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning import Trainer

        trainer_args = dict(max_epochs=7)
        Trainer(**trainer_args)
        trainer_args.update(dict(max_epochs=1, checkpoint_callback=False))
        other = dict(max_epochs=1)
        other.update(dict(checkpoint_callback=False))
        """
    assert _found(tmp_path, source) == {(5, "LS101")}


def test_distributed_backend_value(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning import Trainer

        Trainer(max_epochs=1, distributed_backend="ddp_cpu")
        Trainer(max_epochs=1, distributed_backend="ddp")
        """
    assert _found(tmp_path, source) == {(3, "LS101"), (3, "LS103"), (4, "LS101")}


def test_forwarding_init_and_super_hook_call(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning.callbacks import StochasticWeightAveraging
        from otherpkg import FancyCallback

        class TestSWA(StochasticWeightAveraging):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.called = False

            def setup(self, trainer, pl_module, stage=None):
                super().on_before_accelerator_backend_setup(trainer, pl_module)

        class OwnDefault(StochasticWeightAveraging):
            def __init__(self, *args, **kwargs):
                super().__init__(0.05, *args, **kwargs)

        class Fancy(FancyCallback):
            def setup(self, trainer, pl_module, stage=None):
                super().on_before_accelerator_backend_setup(trainer, pl_module)

        swa = TestSWA()
        ok = TestSWA(swa_lrs=0.1)
        own = OwnDefault()

        class Epochs(StochasticWeightAveraging):  # takes a keyword of its own off first
            def __init__(self, *args, **kwargs):
                self.epochs = kwargs.pop("epochs")
                super().__init__(*args, **kwargs)

        quiet = Epochs(swa_lrs=0.1, epochs=3)
        """
    assert _found(tmp_path, source) == {(10, "LS113"), (20, "LS106")}


def test_lightning_only_module_methods_on_an_unknown_base(tmp_path: Path) -> None:
    source = """\
        import pytorch_lightning as pl
        from tests.helpers import BoringModel

        class Writer(BoringModel):
            def test_step(self, batch, batch_idx):
                self.write_prediction("a", batch, "p.pt")
                self.summarize()

        class M(pl.LightningModule):
            def training_step(self, batch, batch_idx):
                return batch

        def test_datamodule_setter(dm):
            model = M()
            model.datamodule = dm
            assert model.datamodule is dm

        def test_datamodule_read():
            model = M()
            return model.datamodule
        """
    assert _found(tmp_path, source) == {(6, "LS125"), (20, "LS125")}


def test_a_callback_kept_on_self(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning.callbacks import LearningRateMonitor

        class Experiment:
            def __init__(self):
                self.lr_monitor = LearningRateMonitor()
                self.names = []

            def report(self):
                return self.lr_monitor.lr_sch_names, self.lr_monitor.lrs

            def rebind(self):
                self.lr_monitor = None
                self.names.lr_sch_names = []
        """
    assert _found(tmp_path, source) == {(9, "LS123")}


def test_trainer_arguments_through_a_helper_by_position(tmp_path: Path) -> None:
    source = """\
        from pytorch_lightning import Trainer

        def run(tmpdir, accelerator=None, gpus=None, *, precision=32):
            Trainer(default_root_dir=tmpdir, max_epochs=1, accelerator=accelerator, gpus=gpus, precision=precision)

        run("out", "ddp", 2)
        run("out", "cpu")
        run(*["out", "ddp"])
        """
    assert _found(tmp_path, source) == {(4, "LS101"), (6, "LS101"), (6, "LS103")}
