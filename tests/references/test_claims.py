"""Every default the references state is checked against the installed Lightning.

Each test names the claim (and where the docs make it) in its docstring.
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
import re
import warnings
from datetime import timedelta
from pathlib import Path

import lightning as L
import pytest
import torch
import torch.nn.functional as F
from claims import claim
from lightning.pytorch.callbacks import (
    Callback,
    EarlyStopping,
    LearningRateMonitor,
    ModelCheckpoint,
    ProgressBar,
    RichProgressBar,
)
from lightning.pytorch.loggers import CSVLogger, TensorBoardLogger
from lightning.pytorch.utilities.exceptions import MisconfigurationException
from torch.utils.data import DataLoader, TensorDataset


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def loader(n=32, batch_size=4):
    x = torch.randn(n, 8)
    return DataLoader(TensorDataset(x, x[:, :2].argmax(-1)), batch_size=batch_size)


class Tiny(L.LightningModule):
    def __init__(self, lr: float = 0.1):
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(8, 2)
        self.val_runs = 0

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.cross_entropy(self(x), y))

    def on_validation_epoch_end(self):
        if not self.trainer.sanity_checking:
            self.val_runs += 1

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


class NamespaceHolder(Tiny):
    """A module whose hyper-parameters hold an argparse Namespace, as many 1.x projects did."""

    def __init__(self, config=None):
        super().__init__()
        self.save_hyperparameters()


def save_namespace_checkpoint(path: str) -> None:
    from argparse import Namespace

    t = trainer(logger=False)
    t.strategy.connect(NamespaceHolder(config=Namespace(depth=2)))
    t.save_checkpoint(path)


def trainer(**kwargs):
    kwargs = {"enable_progress_bar": False, "enable_model_summary": False, **kwargs}
    return L.Trainer(**kwargs)


class Probe(Callback):
    """Records the trainer's resolved limits once fit starts, then stops."""

    def on_train_start(self, trainer, pl_module):
        self.max_epochs = trainer.fit_loop.max_epochs
        trainer.should_stop = True


@claim("best-practices.md", "With only `max_steps`, epochs are unlimited")
def test_max_epochs_defaults_to_1000():
    """best-practices: neither max_epochs nor max_steps -> 1000 epochs; only max_steps -> -1."""
    probe = Probe()
    trainer(logger=False, callbacks=[probe]).fit(Tiny(), loader())
    assert probe.max_epochs == 1000
    probe = Probe()
    trainer(logger=False, max_steps=5, callbacks=[probe]).fit(Tiny(), loader())
    assert probe.max_epochs == -1


@claim("best-practices.md", "`logger=True` (default) is a `TensorBoardLogger` only if")
@claim("SKILL.md", "`logger=True` (the default) gives TensorBoardLogger only when")
@claim("troubleshooting.md", "Cause: `logger=True` (default) is a `CSVLogger` unless")
@claim("troubleshooting.md", "(then the default is `TensorBoardLogger`)")
def test_default_logger_is_csv_unless_tensorboard():
    """best-practices/troubleshooting: logger=True is CSVLogger unless tensorboard(X) exists."""
    has_tb = any(importlib.util.find_spec(m) for m in ("tensorboard", "tensorboardX"))
    logger = L.Trainer(logger=True).logger
    assert isinstance(logger, TensorBoardLogger if has_tb else CSVLogger)
    if not has_tb:
        t = trainer(max_epochs=1, log_every_n_steps=1)
        t.fit(Tiny(), loader())
        assert Path("lightning_logs/version_0/metrics.csv").exists()


@claim(
    "best-practices.md",
    "`enable_checkpointing=True` adds a `ModelCheckpoint` that keeps the latest",
)
@claim("callbacks.md", "With `monitor=None` (default) it keeps the latest checkpoint only")
def test_default_checkpoint_keeps_latest_epoch_only():
    """callbacks/best-practices: the default ModelCheckpoint has no monitor and keeps one file."""
    t = trainer(max_epochs=2, logger=False)
    t.fit(Tiny(), loader())
    cb = t.checkpoint_callback
    assert isinstance(cb, ModelCheckpoint) and cb.monitor is None and cb.save_top_k == 1
    files = list(Path("checkpoints").glob("*.ckpt"))
    assert [f.name for f in files] == ["epoch=1-step=16.ckpt"]


@claim("best-practices.md", "Every N epochs is `check_val_every_n_epoch=N`")
@pytest.mark.parametrize(("interval", "runs"), [(1.0, 1), (0.25, 4), (2, 4), (4, 2)])
def test_val_check_interval_float_vs_int(interval, runs):
    """best-practices: float = fraction of a training epoch, int = every N training batches."""
    model = Tiny()  # 8 training batches per epoch
    trainer(
        max_epochs=1,
        logger=False,
        enable_checkpointing=False,
        val_check_interval=interval,
        num_sanity_val_steps=0,
    ).fit(model, loader(), loader(n=8))
    assert model.val_runs == runs


def test_check_val_every_n_epoch():
    """best-practices: "every N epochs" is check_val_every_n_epoch."""
    model = Tiny()
    trainer(
        max_epochs=4,
        logger=False,
        enable_checkpointing=False,
        check_val_every_n_epoch=2,
        num_sanity_val_steps=0,
    ).fit(model, loader(), loader(n=8))
    assert model.val_runs == 2


@claim("best-practices.md", "`num_sanity_val_steps=2`: two validation batches run before")
@claim("distributed.md", "on CPU it is 1. `devices=2` on CPU runs 2 processes")
def test_trainer_defaults():
    """best-practices: num_sanity_val_steps=2, log_every_n_steps=50, precision 32-true;
    distributed: devices="auto" on CPU is 1, devices=2 on CPU picks DDP in a script."""
    from lightning.pytorch.strategies import DDPStrategy

    t = L.Trainer(accelerator="cpu")
    assert t.num_sanity_val_steps == 2
    assert t.log_every_n_steps == 50
    assert t.precision == "32-true"
    assert t.num_devices == 1
    two = L.Trainer(accelerator="cpu", devices=2)
    assert isinstance(two.strategy, DDPStrategy) and two.num_devices == 2


@claim(
    "best-practices.md",
    '`precision="16-mixed"` on CPU is replaced by `"bf16-mixed"` with a warning',
)
@claim("SKILL.md", "on CPU Lightning switches to bf16 with a warning")
def test_16_mixed_on_cpu_becomes_bf16():
    """advanced/troubleshooting: precision="16-mixed" on CPU is replaced by "bf16-mixed"."""
    with pytest.warns(Warning, match="AMP with fp16 is not supported on CPU"):
        assert L.Trainer(accelerator="cpu", precision="16-mixed").precision == "bf16-mixed"


@claim("SKILL.md", "The default `predict_step` calls `self(batch)` with the whole batch")
@claim("advanced.md", "The default `predict_step` returns `self(batch)`")
@claim("troubleshooting.md", "Cause: the default `predict_step` calls `self(batch)`")
def test_default_predict_step_passes_whole_batch():
    """best-practices/advanced/troubleshooting: default predict_step is self(batch)."""
    seen = []

    class Recording(Tiny):
        def forward(self, x):
            seen.append(type(x))
            return x

    trainer(logger=False).predict(Recording(), loader(n=4))
    assert seen == [list]


def test_log_defaults_per_hook():
    """best-practices: training_step logs on_step (not on_epoch); validation_step logs the
    epoch mean (on_epoch, not on_step)."""

    class Logs(Tiny):
        def training_step(self, batch, batch_idx):
            self.log("t", float(batch_idx))
            return super().training_step(batch, batch_idx)

        def validation_step(self, batch, batch_idx):
            self.log("v", float(batch_idx))

    t = trainer(max_epochs=1, logger=False, enable_checkpointing=False, num_sanity_val_steps=0)
    t.fit(Logs(), loader(n=16), loader(n=16))
    assert t.callback_metrics["t"] == 3.0  # last step's value, not the epoch mean (1.5)
    assert t.callback_metrics["v"] == 1.5  # mean over the 4 validation batches
    assert "t_epoch" not in t.callback_metrics and "v_step" not in t.callback_metrics


@claim("SKILL.md", "`deterministic=True` seeds nothing")
@claim("best-practices.md", "calls `torch.use_deterministic_algorithms(True)`")
def test_seed_everything_seeds_deterministic_does_not():
    """best-practices: seed_everything seeds; deterministic=True only sets deterministic
    algorithms."""
    try:
        L.Trainer(deterministic=True, logger=False)
        assert torch.are_deterministic_algorithms_enabled()
        a = torch.rand(4)
        L.Trainer(deterministic=True, logger=False)
        assert not torch.equal(a, torch.rand(4))
        L.seed_everything(7)
        a = torch.rand(4)
        L.seed_everything(7)
        assert torch.equal(a, torch.rand(4))
    finally:
        torch.use_deterministic_algorithms(False)


@claim("best-practices.md", "`fast_dev_run=True` (or `N` batches) also disables loggers")
@claim("SKILL.md", "`fast_dev_run` also disables loggers and checkpointing")
@claim("troubleshooting.md", "`fast_dev_run` disables logging altogether")
def test_fast_dev_run_turns_things_off():
    """best-practices: fast_dev_run -> 1 batch, max_epochs=1, no sanity check, no logger output,
    no checkpoint, EarlyStopping off, lr_find skipped."""
    from lightning.pytorch.loggers.logger import DummyLogger
    from lightning.pytorch.tuner import Tuner

    class Sanity(Callback):
        ran = False

        def on_sanity_check_start(self, trainer, pl_module):
            Sanity.ran = True

    stopper = EarlyStopping(monitor="val_loss", patience=0, min_delta=1e9)  # would stop at once
    t = trainer(fast_dev_run=True, callbacks=[Sanity(), stopper])
    assert t.fit_loop.max_epochs == 1 and t.num_sanity_val_steps == 0
    assert all(isinstance(lg, DummyLogger) for lg in t.loggers)
    t.fit(Tiny(), loader(), loader())
    assert t.global_step == 1 and not Sanity.ran
    assert stopper.wait_count == 0 and not t.should_stop
    assert not Path("lightning_logs").exists() and not list(Path().rglob("*.ckpt"))
    assert Tuner(trainer(fast_dev_run=True)).lr_find(Tiny(), train_dataloaders=loader()) is None


@claim("callbacks.md", "Defaults: `patience=3` validation checks")
@claim("logging.md", "`RichProgressBar()` is the default when `rich` is installed")
def test_callback_defaults():
    """callbacks: ModelCheckpoint save_top_k=1, mode min, no last.ckpt; EarlyStopping patience=3,
    mode min, strict, check_finite; progress bar is Rich when rich is installed."""
    cb = ModelCheckpoint()
    assert (cb.save_top_k, cb.mode, cb.monitor, cb.save_last) == (1, "min", None, None)
    es = EarlyStopping(monitor="val_loss")
    assert (es.patience, es.mode, es.strict, es.check_finite, es.min_delta) == (
        3,
        "min",
        True,
        True,
        0.0,
    )
    bar = next(cb for cb in L.Trainer().callbacks if isinstance(cb, ProgressBar))
    has_rich = importlib.util.find_spec("rich") is not None
    assert isinstance(bar, RichProgressBar) == has_rich


@claim("callbacks.md", "log learning rates (needs a logger)")
def test_lr_monitor_needs_a_logger():
    """callbacks: LearningRateMonitor raises without a logger."""
    with pytest.raises(MisconfigurationException, match="has no logger"):
        trainer(logger=False, max_epochs=1, callbacks=[LearningRateMonitor()]).fit(Tiny(), loader())


@claim("advanced.md", "load_from_checkpoint does not switch to eval mode")
def test_load_from_checkpoint_keeps_train_mode():
    """advanced: load_from_checkpoint does not switch to eval mode; hparams can be overridden."""
    t = trainer(max_epochs=1, logger=False)
    t.fit(Tiny(), loader())
    model = Tiny.load_from_checkpoint(t.checkpoint_callback.best_model_path, lr=0.5)
    assert model.training and model.hparams.lr == 0.5


@claim("advanced.md", "The loss is divided by `accumulate_grad_batches` before `backward`")
def test_accumulation_divides_the_loss():
    """advanced: with accumulate_grad_batches=N the loss is divided by N before backward and
    global_step counts optimizer steps."""
    seen = []

    class Acc(Tiny):
        def training_step(self, batch, batch_idx):
            loss = super().training_step(batch, batch_idx)
            seen.append(loss.detach())
            return loss

        def on_before_backward(self, loss):
            seen.append(loss.detach())

    t = trainer(max_epochs=1, logger=False, enable_checkpointing=False, accumulate_grad_batches=4)
    t.fit(Acc(), loader(n=32))
    assert torch.allclose(seen[1], seen[0] / 4)
    assert t.global_step == 2


@claim("advanced.md", "Schedulers step once per epoch by default")
def test_scheduler_steps_per_epoch_by_default():
    """advanced: schedulers step once per epoch unless "interval": "step"."""

    class Sched(Tiny):
        def configure_optimizers(self):
            opt = torch.optim.SGD(self.parameters(), lr=1.0)
            return {"optimizer": opt, "lr_scheduler": torch.optim.lr_scheduler.StepLR(opt, 1, 0.5)}

    model = Sched()
    trainer(max_epochs=2, logger=False, enable_checkpointing=False).fit(model, loader())
    assert model.optimizers().param_groups[0]["lr"] == 0.25


@claim("troubleshooting.md", "destroys the process group at exit only for NCCL")
def test_gloo_cleanup_is_not_registered():
    """distributed/troubleshooting: Lightning registers process-group cleanup at exit only for
    NCCL. If this fails, Lightning changed: update the gloo sections."""
    from lightning.fabric.utilities import distributed

    source = inspect.getsource(distributed._init_dist_connection)
    assert 'if torch_distributed_backend == "nccl":' in source
    assert "atexit.register(_destroy_dist_connection)" in source


def test_fsdp_precision_rejects_norm_clipping():
    """distributed: under Lightning's FSDP precision plugin, norm clipping raises; value works."""
    from lightning.pytorch.plugins.precision.fsdp import FSDPPrecision

    with pytest.raises(MisconfigurationException, match="gradient_clip_algorithm='norm'"):
        FSDPPrecision("32-true").clip_grad_by_norm(None, 1.0)


@claim("best-practices.md", "`load_from_checkpoint` is a classmethod")
def test_load_from_checkpoint_on_an_instance_raises():
    """troubleshooting anti-patterns: load_from_checkpoint is a classmethod; on an instance it
    raises TypeError."""
    with pytest.raises(TypeError, match="cannot be called on an instance"):
        Tiny().load_from_checkpoint("unused.ckpt")


@claim("advanced.md", "`torch.jit.script` itself is deprecated in PyTorch")
def test_torchscript_is_deprecated():
    """advanced: torch.jit.script emits a FutureWarning on the installed torch."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.jit.script(torch.nn.Linear(2, 2))
    assert any(
        issubclass(w.category, FutureWarning) and "deprecated" in str(w.message) for w in caught
    )


@claim("troubleshooting.md", "`EarlyStopping` raises a similar error")
def test_early_stopping_strict_message():
    """troubleshooting: EarlyStopping with a missing key raises "conditioned on metric ... which
    is not available" (strict=True)."""
    with pytest.raises(RuntimeError, match="conditioned on metric `val_acc` which is not"):
        trainer(max_epochs=1, logger=False, callbacks=[EarlyStopping(monitor="val_acc")]).fit(
            Tiny(), loader(), loader()
        )


@claim("advanced.md", "`accumulate_grad_batches` and `gradient_clip_val` raise in this mode")
@claim("advanced.md", "the Trainer flag raises there")
@pytest.mark.parametrize("flag", [{"accumulate_grad_batches": 2}, {"gradient_clip_val": 1.0}])
def test_manual_optimization_rejects_trainer_flags(flag):
    """advanced: with automatic_optimization=False, accumulation and clipping flags raise."""
    model = Tiny()
    model.automatic_optimization = False
    with pytest.raises(MisconfigurationException, match="not supported for manual optimization"):
        trainer(max_epochs=1, logger=False, **flag).fit(model, loader())


# --- Claims added or corrected with issue 15 ----------------------------------------------------


class ValRuns(Tiny):
    """Records after which training batch each (non-sanity) validation ran."""

    def __init__(self):
        super().__init__()
        self.after_batch: list[int] = []

    def on_validation_epoch_end(self):
        if not self.trainer.sanity_checking:
            self.after_batch.append(self.trainer.fit_loop.epoch_loop.batch_idx)


def _fit_val(n_batches: int, **kwargs) -> ValRuns:
    model = ValRuns()
    kwargs = {"max_epochs": 1, "num_sanity_val_steps": 0, **kwargs}
    trainer(logger=False, enable_checkpointing=False, **kwargs).fit(
        model, loader(n=n_batches, batch_size=1), loader(n=2)
    )
    return model


@claim("best-practices.md", "a float `f` validates every `k = max(1, int(f * n))`")
@claim("SKILL.md", "validates every `max(1, int(0.25 * n))` of an epoch's `n` batches")
@pytest.mark.parametrize(
    ("n", "after"), [(8, [1, 3, 5, 7]), (10, [1, 3, 5, 7, 9]), (9, [1, 3, 5, 7])]
)
def test_val_check_interval_fraction_is_a_batch_count(n, after):
    """0.25 -> every max(1, int(0.25 n)) batches on (batch_idx + 1) % k == 0: 5 runs with 10
    batches, and with 9 batches none at the epoch's end (batch_idx 8)."""
    assert _fit_val(n, val_check_interval=0.25).after_batch == after


@claim("troubleshooting.md", "an int `val_check_interval` counts batches within one epoch")
@claim("best-practices.md", "must not exceed `n` (else `ValueError`)")
@claim("troubleshooting.md", "with the default `check_val_every_n_epoch=1` an int larger than")
def test_int_val_check_interval_larger_than_epoch_raises():
    with pytest.raises(
        ValueError, match="must be less than or equal to the number of the training"
    ):
        _fit_val(10, val_check_interval=20)


@claim("best-practices.md", "unless `check_val_every_n_epoch=None`, which counts batches across")
@claim("SKILL.md", "larger than the epoch raises unless `check_val_every_n_epoch=None`")
@claim("troubleshooting.md", "`val_check_interval` larger than all training batches together")
def test_int_val_check_interval_counts_across_epochs_without_epoch_check():
    model = _fit_val(3, val_check_interval=5, max_epochs=2, check_val_every_n_epoch=None)
    assert model.after_batch == [1]  # global batch 5 = epoch 1, batch_idx 1
    # larger than all training batches together: silently never (troubleshooting's cause)
    model = _fit_val(3, val_check_interval=10, max_epochs=2, check_val_every_n_epoch=None)
    assert model.after_batch == []


@claim("best-practices.md", "Since 2.6 it can be a duration")
@pytest.mark.parametrize("value", ["00:01:00:00", timedelta(hours=1), {"minutes": 60}])
def test_val_check_interval_accepts_durations(value):
    t = L.Trainer(val_check_interval=value, logger=False)
    assert t._val_check_time_interval == 3600


@claim("best-practices.md", "`on_load_checkpoint` runs on the module first")
def test_on_load_checkpoint_runs_on_the_module_first():
    calls = []

    class Recorder(Callback):
        def on_load_checkpoint(self, trainer, pl_module, checkpoint):
            calls.append("callback.on_load_checkpoint")

        def on_save_checkpoint(self, trainer, pl_module, checkpoint):
            calls.append("callback.on_save_checkpoint")

    class Module(Tiny):
        def on_load_checkpoint(self, checkpoint):
            calls.append("module.on_load_checkpoint")

        def on_save_checkpoint(self, checkpoint):
            calls.append("module.on_save_checkpoint")

    t = trainer(max_epochs=1, logger=False, callbacks=[Recorder()])
    t.fit(Module(), loader())
    assert calls == ["callback.on_save_checkpoint", "module.on_save_checkpoint"]
    calls.clear()
    trainer(max_epochs=2, logger=False, callbacks=[Recorder()]).fit(
        Module(), loader(), ckpt_path=t.checkpoint_callback.best_model_path
    )
    assert calls[:2] == ["module.on_load_checkpoint", "callback.on_load_checkpoint"]


@claim("callbacks.md", 'Only `write_interval="batch"` with `return_predictions=False` keeps memory')
@claim("advanced.md", "only that combination keeps memory flat")
@pytest.mark.parametrize(("interval", "held"), [("batch", 0), ("epoch", 4), ("batch_and_epoch", 4)])
def test_prediction_writer_memory(interval, held):
    """What the predict loop holds at the end of the epoch, with return_predictions=False."""
    from lightning.pytorch.callbacks import BasePredictionWriter

    seen = []

    class Writer(BasePredictionWriter):
        def write_on_batch_end(self, *args):
            pass

        def write_on_epoch_end(self, trainer, pl_module, predictions, batch_indices):
            pass

        def on_predict_epoch_end(self, trainer, pl_module):
            seen.append(sum(len(p) for p in trainer.predict_loop._predictions))

    class Predicting(Tiny):
        def predict_step(self, batch, batch_idx):
            return self(batch[0])

    t = trainer(logger=False, callbacks=[Writer(write_interval=interval)])
    assert t.predict(Predicting(), loader(n=16), return_predictions=False) is None
    assert seen == [held]


@claim("advanced.md", "`model.to_torchscript()` warns in Lightning 2.6: deprecated in 2.7, removed")
def test_to_torchscript_is_deprecated_by_lightning():
    with pytest.warns(Warning, match=r"deprecated in v2\.7 and will be removed in v2\.8"):
        Tiny().to_torchscript()


@claim("performance.md", "it accepts the `OptimizedModule`, unwraps it")
def test_trainer_accepts_a_compiled_module():
    model = Tiny()
    t = trainer(max_epochs=1, logger=False)
    t.fit(torch.compile(model, backend="eager"), loader(n=8))
    assert t.lightning_module is model
    state = torch.load(t.checkpoint_callback.best_model_path)["state_dict"]
    assert set(state) == {"layer.weight", "layer.bias"}  # no "_orig_mod." prefix


@claim("checkpoints.md", "Since torch 2.6, `torch.load` defaults to `weights_only=True`")
@claim("checkpoints.md", "`http(s)://` URLs default to `weights_only=False`")
@claim("checkpoints.md", "a custom object among them (a config class) raises `UnpicklingError")
def test_weights_only_defaults():
    from lightning.fabric.utilities import cloud_io

    source = inspect.getsource(cloud_io._load)
    assert 'startswith("http")' in source and "weights_only = False" in source

    class Holder(Tiny):
        def __init__(self, config=None):
            super().__init__()
            self.save_hyperparameters()

    t = trainer(logger=False)
    t.strategy.connect(Holder(config=logging.getLogger("x")))  # a non-primitive hparam
    t.save_checkpoint("custom.ckpt")
    with pytest.raises(Exception, match="Weights only load failed"):
        Holder.load_from_checkpoint("custom.ckpt")
    assert Holder.load_from_checkpoint("custom.ckpt", weights_only=False)


@claim("checkpoints.md", "ignores missing and unexpected keys, not shape")
def test_strict_false_does_not_ignore_shape_mismatch():
    class Heads(Tiny):
        def __init__(self, classes: int = 2):
            super().__init__()
            self.save_hyperparameters()
            self.layer = torch.nn.Linear(8, classes)

    t = trainer(logger=False)
    t.strategy.connect(Heads())
    t.save_checkpoint("heads.ckpt")
    with pytest.raises(RuntimeError, match="size mismatch"):
        Heads.load_from_checkpoint("heads.ckpt", strict=False, classes=3)


@claim("checkpoints.md", "evaluates the weights the model has **now**")
@claim("checkpoints.md", "Called without a model, `validate`/`test`/`predict` default to")
def test_ckpt_path_defaults():
    t = trainer(max_epochs=2, logger=False, callbacks=[ModelCheckpoint(monitor="val_loss")])
    model = Tiny()
    t.fit(model, loader(), loader())
    t.validate(model, loader())
    assert t.ckpt_path is None  # a model given: its current weights
    with pytest.warns(Warning, match="The best model of the previous `fit` call will be used"):
        t.validate(dataloaders=loader())
    assert t.ckpt_path == t.checkpoint_callback.best_model_path


@claim("checkpoints.md", "Attribute 'net' is an instance of `nn.Module` and is already saved")
def test_save_hyperparameters_warns_about_modules():
    class Holder(L.LightningModule):
        def __init__(self, net):
            super().__init__()
            self.save_hyperparameters()

    with pytest.warns(Warning, match="Attribute 'net' is an instance of `nn.Module`"):
        Holder(torch.nn.Linear(1, 1))


@claim("fine-tuning.md", "at `unfreeze_backbone_at_epoch` (default 10)")
@claim("fine-tuning.md", "`lambda_func(epoch + 1)` (default 2.0)")
@claim("fine-tuning.md", "BatchNorm layers stay trainable unless `train_bn=False`")
def test_backbone_finetuning_defaults():
    from lightning.pytorch.callbacks import BackboneFinetuning, BaseFinetuning

    cb = BackboneFinetuning()
    assert (cb.unfreeze_backbone_at_epoch, cb.backbone_initial_ratio_lr, cb.train_bn) == (
        10,
        0.1,
        True,
    )
    assert cb.lambda_func(3) == 2.0  # not the 1.5 of the class docstring's example
    assert inspect.signature(BaseFinetuning.freeze).parameters["train_bn"].default is True


@claim("fine-tuning.md", "Lightning keeps a submodule's eval mode through fit")
def test_frozen_submodule_stays_in_eval_mode():
    class Frozen(Tiny):
        def __init__(self):
            super().__init__()
            self.body = torch.nn.Dropout(0.5).eval()

    model = Frozen()
    with pytest.warns(Warning, match="eval mode"):
        trainer(max_epochs=2, logger=False).fit(model, loader(), loader())
    assert not model.body.training and model.layer.training


@claim("data-loading.md", "`self.log` then appends `/dataloader_idx_N` to every key")
@claim("data-loading.md", "A dict (or list) of training loaders is wrapped in")
def test_several_dataloaders():
    seen = []

    class Both(Tiny):
        def training_step(self, batch, batch_idx):
            seen.append(sorted(batch))
            return super().training_step(batch["a"], batch_idx)

        def validation_step(self, batch, batch_idx, dataloader_idx=0):
            super().validation_step(batch, batch_idx)

    t = trainer(max_epochs=1, logger=False, enable_checkpointing=False)
    t.fit(Both(), {"a": loader(n=32), "b": loader(n=8)}, [loader(n=8), loader(n=8)])
    assert t.global_step == 8 and seen[-1] == ["a", "b"]  # max_size_cycle: the longest wins
    assert {"val_loss/dataloader_idx_0", "val_loss/dataloader_idx_1"} <= set(t.callback_metrics)


@claim("data-loading.md", "a float other than `1.0` raises `MisconfigurationException`")
def test_iterable_dataset_rejects_a_float_interval():
    from torch.utils.data import IterableDataset

    class Stream(IterableDataset):
        def __iter__(self):
            for _ in range(8):
                x = torch.randn(8)
                yield x, x[:2].argmax()

    with pytest.raises(MisconfigurationException, match="must be time based, `1.0` or an int"):
        trainer(max_epochs=1, logger=False, val_check_interval=0.5).fit(
            Tiny(), DataLoader(Stream(), batch_size=4), loader()
        )


@claim("logging.md", "On ranks other than 0 `experiment` is a no-op dummy")
@claim("logging.md", "`CSVLogger` keeps scalars only")
def test_logger_experiment_objects(monkeypatch):
    from lightning.fabric.loggers.logger import _DummyExperiment
    from lightning.pytorch.utilities import rank_zero_only

    assert not hasattr(CSVLogger("logs").experiment, "add_image")
    monkeypatch.setattr(rank_zero_only, "rank", 1)
    assert isinstance(CSVLogger("logs").experiment, _DummyExperiment)


@claim("logging.md", "are Python `logging` INFO records of the `lightning.pytorch` logger (of")
def test_startup_lines_are_logging_records():
    """They go through lightning_utilities' rank_zero logger, which each Lightning package points
    at its own logger on import: the last package imported wins."""
    from lightning_utilities.core import rank_zero

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    log = rank_zero.log
    assert log.name.split(".")[0] in {"lightning", "pytorch_lightning"}, log.name
    handler, level = Keep(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        L.Trainer(accelerator="cpu")
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    assert any(r.levelno == logging.INFO and "GPU available" in r.getMessage() for r in records)


@claim("logging.md", "are `PossibleUserWarning`s")
def test_advice_warnings_are_possible_user_warnings(monkeypatch):
    from lightning.pytorch.trainer.connectors import data_connector
    from lightning.pytorch.utilities.warnings import PossibleUserWarning

    monkeypatch.setattr(data_connector, "suggested_max_num_workers", lambda devices: 8)  # 8 cores
    with pytest.warns(PossibleUserWarning, match="does not have many workers"):
        trainer(max_epochs=1, logger=False, accelerator="cpu").fit(Tiny(), loader(n=8))


@claim("performance.md", '`accelerator="mps"` on other machines')
def test_mps_unavailable_raises():
    if torch.backends.mps.is_available():
        pytest.skip("this machine has MPS")
    with pytest.raises(MisconfigurationException, match="not available"):
        L.Trainer(accelerator="mps")


@claim("performance.md", 'with a `"-true"` precision, in that dtype')
def test_init_module_uses_the_precision_dtype():
    with L.Trainer(precision="bf16-true", logger=False).init_module():
        model = Tiny()
    assert model.layer.weight.dtype == torch.bfloat16


@claim("performance.md", '`"int8"` and `"int8-training"` (8-bit, `dtype=torch.float16` only)')
@claim("performance.md", '`precision="transformer-engine"` (bf16 weights)')
def test_low_bit_plugins_as_documented():
    """GPU-only plugins: checked from their source on CPU machines."""
    import typing

    from lightning.fabric.plugins.precision import bitsandbytes
    from lightning.pytorch.trainer.connectors import accelerator_connector

    modes = typing.get_args(
        inspect.signature(bitsandbytes.BitsandbytesPrecision).parameters["mode"].annotation
    )
    assert set(modes) == {"nf4", "nf4-dq", "fp4", "fp4-dq", "int8", "int8-training"}
    assert "only works with `dtype=torch.float16`" in inspect.getsource(bitsandbytes)
    source = inspect.getsource(accelerator_connector)
    assert "TransformerEnginePrecision(weights_dtype=torch.bfloat16)" in source


@claim("performance.md", "`tensor_parallel_size` defaults to the devices per node")
def test_model_parallel_strategy_defaults():
    from lightning.fabric.strategies import model_parallel
    from lightning.pytorch.strategies import ModelParallelStrategy

    params = inspect.signature(ModelParallelStrategy).parameters
    assert params["data_parallel_size"].default == params["tensor_parallel_size"].default == "auto"
    assert '("data_parallel", "tensor_parallel")' in inspect.getsource(model_parallel)


@claim("performance.md", "1.x's `QuantizationAwareTraining` is gone")
@claim("performance.md", "`torch.ao.quantization` is deprecated (it warns on torch 2.14)")
def test_quantization_claims():
    import lightning.pytorch.callbacks as callbacks

    assert not hasattr(callbacks, "QuantizationAwareTraining")
    with pytest.warns(Warning, match="torch.ao.quantization is deprecated"):
        torch.ao.quantization.quantize_dynamic(torch.nn.Sequential(torch.nn.Linear(2, 2)))


@claim("advanced.md", "The 1.x `truncated_bptt_steps` is gone in 2.x")
def test_truncated_bptt_steps_is_gone():
    with pytest.raises(TypeError, match="truncated_bptt_steps"):
        L.Trainer(truncated_bptt_steps=2)


@claim("advanced.md", "With manual optimization the flag raises")
@claim("advanced.md", "`global_step` counts optimizer steps")
def test_manual_accumulation_steps():
    class Manual(Tiny):
        def __init__(self):
            super().__init__()
            self.automatic_optimization = False

        def training_step(self, batch, batch_idx):
            opt = self.optimizers()
            self.manual_backward(super().training_step(batch, batch_idx) / 4)
            if (batch_idx + 1) % 4 == 0:
                opt.step()
                opt.zero_grad()

    t = trainer(max_epochs=1, logger=False, enable_checkpointing=False)
    t.fit(Manual(), loader(n=32))  # 8 batches
    assert t.global_step == 2


def test_claim_quotes_exist():
    """Every registered quote is still in its document: a reworded claim must update its test."""
    from claims import REGISTRY, _norm, doc_path

    missing = [
        f"{c.file}: {c.quote!r} ({c.test})"
        for c in REGISTRY
        if c.quote not in _norm(doc_path(c.file).read_text(encoding="utf-8"))
    ]
    assert not missing, "\n".join(missing)


# Over SKILL.md and the references whose claims are checked here (migration.md, experiments.md,
# schemas.md and the validate-*.md pair are checked by their own test folders). Measured 89/108
# after issue 15's audit (52/88 before), 95/113 after the lookup15 round (last.ckpt with a
# monitor, monitors without validation data, 1.x hparams objects, ddp_spawn pickling; a link's
# anchor is no claim); the rest are GPU/MPS-only, measured figures or advice without a behaviour.
CLAIM_COVERAGE_FLOOR = 0.83
# Claims asserted by the tests of the code they describe: the lint, validate, experiments
# (tests/experiments) and JSON-schema (tests/install/test_schemas.py) suites.
CHECKED_ELSEWHERE = {
    "migration.md",
    "validate-report.md",
    "validate-checks.md",
    "experiments.md",
    "schemas.md",
}


def test_claim_coverage(capsys):
    """Report claims with an executable assertion / claims found, per document."""
    from claims import coverage

    table = coverage()
    mine = {k: v for k, v in table.items() if k not in CHECKED_ELSEWHERE}
    covered, found = (sum(c for c, _ in mine.values()), sum(f for _, f in mine.values()))
    every = (sum(c for c, _ in table.values()), sum(f for _, f in table.values()))
    with capsys.disabled():
        print(
            f"\nclaim coverage: {covered}/{found} = {covered / found:.0%} "
            f"(all documents: {every[0]}/{every[1]})"
        )
        for name, (c, f) in table.items():
            note = "" if name in mine else "  (claims tested in their own folders)"
            print(f"  {name:24} {c:3}/{f:<3}{note}")
    assert covered / found >= CLAIM_COVERAGE_FLOOR


@claim("logging.md", "`self.log` takes scalars only")
def test_self_log_rejects_non_scalars():
    class Image(Tiny):
        def training_step(self, batch, batch_idx):
            self.log("image", torch.zeros(3, 4, 4))
            return super().training_step(batch, batch_idx)

    with pytest.raises(ValueError, match="must have a single element"):
        trainer(max_epochs=1, logger=False).fit(Image(), loader(n=4))


@claim("logging.md", "since `self.logger` is only the first")
def test_self_logger_is_the_first_logger():
    first, second = CSVLogger("a"), CSVLogger("b")
    t = L.Trainer(logger=[first, second])
    assert t.logger is first and t.loggers == [first, second]


@claim("callbacks.md", "It never stops before `min_epochs`/`min_steps`")
def test_early_stopping_respects_min_epochs():
    stop = EarlyStopping(monitor="val_loss", patience=0, min_delta=1e9)  # would stop at once
    t = trainer(max_epochs=5, min_epochs=3, logger=False, callbacks=[stop], num_sanity_val_steps=0)
    t.fit(Tiny(), loader(n=8), loader(n=8))
    assert t.current_epoch == 3


@claim("fine-tuning.md", "The module must have a `backbone` attribute")
def test_backbone_finetuning_needs_a_backbone():
    from lightning.pytorch.callbacks import BackboneFinetuning

    with pytest.raises(AttributeError, match="backbone"):
        trainer(max_epochs=1, logger=False, callbacks=[BackboneFinetuning()]).fit(Tiny(), loader())


@claim("SKILL.md", "never mix with `pytorch_lightning` in one program")
def test_mixing_the_two_package_names_is_rejected():
    import pytorch_lightning as pl

    class Old(pl.LightningModule):
        def training_step(self, batch, batch_idx):
            return None

    with pytest.raises(TypeError, match="must be a `LightningModule`"):
        trainer(max_epochs=1, logger=False).fit(Old(), loader())


@claim("SKILL.md", "The 1.x hooks `training_epoch_end(outputs)` and friends are gone")
def test_epoch_end_hooks_with_outputs_are_refused():
    class Legacy(Tiny):
        def training_epoch_end(self, outputs):
            pass

    with pytest.raises(NotImplementedError, match="training_epoch_end"):
        trainer(max_epochs=1, logger=False).fit(Legacy(), loader())


@claim("SKILL.md", "The module must be findable beside `--out`, in the current folder or installed")
def test_wrap_refuses_a_model_module_it_cannot_find(tmp_path, capsys):
    from lightning_skill.cli import main

    code = main(["wrap", "--model", "no_such_module_xyz:Net", "--out", str(tmp_path / "m.py")])
    assert code == 2 and not (tmp_path / "m.py").exists()
    assert "no_such_module_xyz" in capsys.readouterr().err


# --- Issue 15 audit: each wrong or misleading claim, pinned to the behaviour that refutes it ---


@claim("best-practices.md", "monitoring callbacks (`ModelCheckpoint`,")
def test_monitoring_callbacks_run_train_epoch_end_after_the_module():
    """The second exception to "callbacks first": ModelCheckpoint and EarlyStopping see what the
    module logs in its own on_train_epoch_end."""
    calls = []

    class Plain(Callback):
        def on_train_epoch_end(self, trainer, pl_module):
            calls.append("callback")

    class Checkpoint(ModelCheckpoint):
        def on_train_epoch_end(self, trainer, pl_module):
            calls.append("ModelCheckpoint")

    class Stopper(EarlyStopping):
        def on_train_epoch_end(self, trainer, pl_module):
            calls.append("EarlyStopping")

    class Module(Tiny):
        def on_train_epoch_end(self):
            calls.append("module")

    callbacks = [Checkpoint(), Stopper(monitor="train_loss"), Plain()]
    trainer(max_epochs=1, logger=False, callbacks=callbacks).fit(Module(), loader(n=8))
    assert calls[:2] == ["callback", "module"]  # (the Trainer moves checkpoint callbacks last)
    assert sorted(calls[2:]) == ["EarlyStopping", "ModelCheckpoint"]


@claim("distributed.md", "children run as `__main__`, so the `__main__` guard does not stop them")
@claim("distributed.md", "The guard matters")
def test_ddp_relaunches_the_command_and_ddp_spawn_spawns(monkeypatch):
    """strategy="ddp" re-runs sys.argv (a script path runs as __main__ again, `-m pkg` as -m);
    "ddp_spawn" uses torch.multiprocessing's spawn, which imports the script as __mp_main__."""
    import sys

    from lightning.fabric.strategies.launchers.subprocess_script import _basic_subprocess_cmd
    from lightning.pytorch.strategies.launchers import _MultiProcessingLauncher

    import __main__

    monkeypatch.setattr(sys, "argv", ["train.py", "--lr", "0.1"])
    monkeypatch.setattr(__main__, "__spec__", None)  # `python train.py`
    script = str(Path("train.py").resolve())
    assert _basic_subprocess_cmd() == [sys.executable, script, "--lr", "0.1"]
    spawn = L.Trainer(strategy="ddp_spawn", accelerator="cpu", devices=2, logger=False).strategy
    assert isinstance(spawn.launcher, _MultiProcessingLauncher)
    assert spawn._start_method == "spawn"


@claim("distributed.md", "DeepSpeed checkpoints are directories at every stage")
@pytest.mark.parametrize("stage", [1, 2, 3])
def test_deepspeed_saves_through_the_engine_at_every_stage(stage, monkeypatch):
    """Lightning hands the checkpoint path to DeepSpeed's engine.save_checkpoint(save_dir, tag)
    whatever the stage (DeepSpeed writes save_dir/tag/*: a directory). DeepSpeed is not installed
    here, so a stand-in module and engine record the call."""
    import sys
    import types

    import lightning.pytorch.strategies.deepspeed as ds
    from lightning.pytorch.strategies import DeepSpeedStrategy

    stub = types.ModuleType("deepspeed")
    ds_logging = types.SimpleNamespace(logger=logging.getLogger("ds"))
    stub.utils = types.SimpleNamespace(logging=ds_logging)
    monkeypatch.setitem(sys.modules, "deepspeed", stub)
    monkeypatch.setattr(ds, "_DEEPSPEED_AVAILABLE", True)
    monkeypatch.setattr(ds, "_DEEPSPEED_GREATER_EQUAL_0_16", True)
    saved = []

    class Engine:
        def save_checkpoint(self, save_dir, client_state, tag, **kwargs):
            saved.append((save_dir, tag, sorted(client_state)))

    strategy = DeepSpeedStrategy(stage=stage)
    strategy.model = Engine()
    strategy.save_checkpoint({"state_dict": {}, "optimizer_states": [], "epoch": 3}, "x.ckpt")
    assert strategy.zero_stage_3 == (stage == 3)
    assert saved == [("x.ckpt", "checkpoint", ["epoch"])]  # weights go through the engine


@claim("migration.md", "sunset (ImportError): LitLogger")
@claim("migration.md", "sunset: RuntimeError when built")
def test_neptune_logger_paths():
    with pytest.raises(ImportError):
        from lightning.pytorch.loggers import NeptuneLogger  # noqa: F401
    from lightning.pytorch.loggers.neptune import NeptuneLogger

    with pytest.raises(RuntimeError, match="LitLogger"):
        NeptuneLogger()


@claim("distributed.md", "How often depends on the machine")
def test_gloo_abort_rate_is_not_stated_without_its_measurement():
    """The audit could not reproduce "about a third of runs": the doc gives no rate, only the
    command that remeasures it, and that command's test exists and is marked exhaustive."""
    refs = Path(__file__).parents[2] / "references"
    for name, heading in [
        ("distributed.md", "## DDP on CPU and the gloo exit abort"),
        ("troubleshooting.md", "## DDP hangs or aborts at exit"),
    ]:
        text = (refs / name).read_text(encoding="utf-8")
        part = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert not re.search(r"\b(third|half|most|\d+ ?%|\d+ (of|in) \d+)\b", part), name
    section = (refs / "distributed.md").read_text(encoding="utf-8")
    section = section.split("## DDP on CPU and the gloo exit abort", 1)[1].split("\n## ", 1)[0]
    test = Path(__file__).parents[1] / "scaffold" / "test_ddp_exit.py"
    assert "tests/scaffold/test_ddp_exit.py" in section and "pytest -m exhaustive" in section
    assert "@pytest.mark.exhaustive" in test.read_text()


# --- Coverage: the remaining CPU-checkable defaults and behaviours the references state ---------


@claim("advanced.md", "The model must expose the rate as `lr`/`learning_rate`")
def test_lr_find_needs_an_lr_attribute():
    from lightning.pytorch.tuner import Tuner

    class NoRate(Tiny):
        def __init__(self):
            super().__init__()
            del self.hparams["lr"]

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    fields = r"should have one of these fields: \('lr', 'learning_rate'\)"
    with pytest.raises(AttributeError, match=fields):
        Tuner(trainer(logger=False)).lr_find(NoRate(), train_dataloaders=loader())


@claim("advanced.md", "dataloaders must read `batch_size` from the model or datamodule")
def test_scale_batch_size_needs_a_batch_size_attribute():
    from lightning.pytorch.tuner import Tuner

    class Fixed(Tiny):
        def train_dataloader(self):
            return loader()

    with pytest.raises(MisconfigurationException, match="batch_size"):
        Tuner(trainer(logger=False, max_epochs=1)).scale_batch_size(Fixed(), max_trials=1)


class _OomAbove12(Tiny):
    """A model whose step runs out of (pretend) CUDA memory on batches of more than 12 rows."""

    def __init__(self):
        super().__init__()
        self.batch_size = 2

    def training_step(self, batch, batch_idx):
        if len(batch[0]) > 12:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return super().training_step(batch, batch_idx)

    def train_dataloader(self):
        return loader(n=64, batch_size=self.batch_size)

    def val_dataloader(self):
        return loader(n=4)


@claim("advanced.md", "then bisects between the last size that fit and the one that failed")
@pytest.mark.parametrize(("mode", "found"), [("power", 8), ("binsearch", 11)])
def test_scale_batch_size_modes(mode, found):
    from lightning.pytorch.tuner import Tuner

    model = _OomAbove12()
    tuner = Tuner(trainer(logger=False, max_epochs=1))
    # power: 2, 4, 8 fit, 16 fails -> 8; binsearch: then 12 fits, 14 and 13 fail -> 12, less 5%
    assert tuner.scale_batch_size(model, mode=mode, steps_per_trial=1) == found
    assert model.batch_size == found


@claim("advanced.md", "fit warns about modules in")
def test_fit_warns_about_a_model_left_in_eval_mode():
    model = Tiny().eval()
    with pytest.warns(Warning, match="eval mode"):
        trainer(max_epochs=1, logger=False).fit(model, loader(n=4))


@claim("best-practices.md", "`prog_bar=True` shows the value in the progress bar; `logger=False`")
def test_prog_bar_and_logger_flags():
    class Flags(Tiny):
        def training_step(self, batch, batch_idx):
            self.log("bar_only", 1.0, prog_bar=True, logger=False)
            self.log("logged", 2.0)
            return super().training_step(batch, batch_idx)

    t = trainer(max_epochs=1, logger=CSVLogger("logs"), log_every_n_steps=1)
    t.fit(Flags(), loader(n=4))
    assert "bar_only" in t.progress_bar_metrics and "logged" not in t.progress_bar_metrics
    assert "logged" in t.logged_metrics and "bar_only" not in t.logged_metrics


@claim("best-practices.md", "The same key logged twice in one hook must use the same arguments")
def test_same_key_twice_needs_the_same_arguments():
    class Twice(Tiny):
        def training_step(self, batch, batch_idx):
            self.log("x", 1.0, on_epoch=True)
            self.log("x", 1.0, on_epoch=False)
            return super().training_step(batch, batch_idx)

    with pytest.raises(MisconfigurationException, match="twice in `training_step`"):
        trainer(max_epochs=1, logger=False).fit(Twice(), loader(n=4))


@claim("best-practices.md", "never mix with the old `pytorch_lightning` package")
@claim("troubleshooting.md", "`pytorch_lightning.Trainer` only accepts")
def test_each_trainer_rejects_the_other_packages_module():
    import pytorch_lightning as pl

    with pytest.raises(TypeError, match="must be a `LightningModule`"):
        pl.Trainer(max_epochs=1, logger=False, enable_progress_bar=False).fit(Tiny(), loader())


@claim("callbacks.md", "A `monitor` key that is not logged raises `MisconfigurationException`")
@claim("troubleshooting.md", "is spelled differently, or is logged only in a hook that doesn't run")
@claim("troubleshooting.md", "Without validation data a `val_*` key is only a warning")
@claim("troubleshooting.md", "with or without validation data")
def test_checkpoint_monitor_missing_key():
    no_val = ModelCheckpoint(monitor="val_acc", dirpath="no_val")
    with pytest.warns(Warning, match="could not find the monitored key"):
        trainer(max_epochs=2, logger=False, callbacks=[no_val]).fit(Tiny(), loader(n=4))
    assert not Path("no_val").exists() or not any(Path("no_val").iterdir())  # saves nothing
    for val in (None, loader(n=4)):  # EarlyStopping raises either way (strict=True)
        stop = EarlyStopping(monitor="val_acc")
        with pytest.raises(RuntimeError, match="which is not available"):
            trainer(max_epochs=1, logger=False, callbacks=[stop]).fit(Tiny(), loader(n=4), val)
    with pytest.raises(MisconfigurationException, match="could not find the monitored key"):
        trainer(max_epochs=1, logger=False, callbacks=[ModelCheckpoint(monitor="val_acc")]).fit(
            Tiny(), loader(n=4), loader(n=4)
        )


@claim("checkpoints.md", "Fixes, safest first")
def test_weights_only_fix_allow_one_class():
    from argparse import Namespace

    save_namespace_checkpoint("ns.ckpt")
    with pytest.raises(Exception, match="Weights only load failed"):
        NamespaceHolder.load_from_checkpoint("ns.ckpt")
    with torch.serialization.safe_globals([Namespace]):
        assert NamespaceHolder.load_from_checkpoint("ns.ckpt").hparams.config.depth == 2


@claim("checkpoints.md", "migrates it in memory on every load")
@claim("checkpoints.md", "the originals are kept as `.bak`")
def test_upgrade_checkpoint_command(tmp_path):
    """The documented command, run as a user would; an old file also loads without it."""
    import subprocess
    import sys

    t = trainer(logger=False)
    t.strategy.connect(Tiny())
    t.save_checkpoint("old.ckpt")
    ckpt = torch.load("old.ckpt", weights_only=True)
    ckpt["pytorch-lightning_version"] = "1.6.0"
    torch.save(ckpt, "old.ckpt")
    assert Tiny.load_from_checkpoint("old.ckpt").hparams.lr == 0.1  # migrated in memory
    assert torch.load("old.ckpt", weights_only=True)["pytorch-lightning_version"] == "1.6.0"
    module = "lightning.pytorch.utilities.upgrade_checkpoint"
    proc = subprocess.run([sys.executable, "-m", module, "old.ckpt"], capture_output=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert torch.load("old.bak", weights_only=True)["pytorch-lightning_version"] == "1.6.0"
    assert torch.load("old.ckpt", weights_only=True)["pytorch-lightning_version"] == L.__version__


@claim("fine-tuning.md", "put the part in eval mode so BatchNorm statistics")
def test_frozen_batchnorm_in_eval_mode_keeps_its_statistics():
    class WithNorm(Tiny):
        def __init__(self):
            super().__init__()
            self.norm = torch.nn.BatchNorm1d(8).requires_grad_(False).eval()

        def forward(self, x):
            return self.layer(self.norm(x))

    model = WithNorm()
    before = model.norm.running_mean.clone()
    trainer(max_epochs=1, logger=False).fit(model, loader(), loader(n=8))
    assert torch.equal(model.norm.running_mean, before) and model.layer.training


@claim("fine-tuning.md", "downloads ImageNet weights once (to `~/.cache/torch`)")
def test_pretrained_weights_cache_location(monkeypatch):
    import os

    for var in ("TORCH_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(torch.hub, "_hub_dir", None)
    assert torch.hub.get_dir() == os.path.expanduser("~/.cache/torch/hub")


@claim("logging.md", "`logger=False` disables logging")
def test_logger_false_writes_no_logs():
    t = trainer(max_epochs=1, logger=False, log_every_n_steps=1)
    t.fit(Tiny(), loader(n=4))
    assert t.logger is None and t.loggers == [] and not Path("lightning_logs").exists()


@claim("logging.md", "With only `CSVLogger`, write figures yourself")
def test_csv_logger_has_no_media_methods():
    experiment = CSVLogger("logs").experiment
    assert not any(hasattr(experiment, m) for m in ("add_image", "add_figure", "add_histogram"))


@claim("logging.md", "`enable_model_summary=False` drops the layer table")
def test_summary_and_results_tables_can_be_turned_off(capsys):
    kw = {"max_epochs": 1, "logger": False, "enable_progress_bar": False}
    L.Trainer(**kw, enable_model_summary=False).fit(Tiny(), loader(n=4))
    t = L.Trainer(**kw)
    t.validate(Tiny(), loader(n=4), verbose=False)
    quiet = capsys.readouterr().out
    L.Trainer(**kw).fit(Tiny(), loader(n=4))
    t.validate(Tiny(), loader(n=4))
    loud = capsys.readouterr().out
    assert "Total params" not in quiet and "val_loss" not in quiet
    assert "Total params" in loud and "val_loss" in loud


@claim("performance.md", "`empty_init=True` also skips weight initialisation")
def test_empty_init_skips_initialisation():
    """Initialisation draws random numbers; with empty_init it draws none."""
    t = L.Trainer(logger=False)
    torch.manual_seed(0)
    with t.init_module(empty_init=True):
        torch.nn.Linear(64, 64)
    after_empty = torch.rand(1)
    torch.manual_seed(0)
    with t.init_module():
        torch.nn.Linear(64, 64)
    torch.manual_seed(0)
    assert torch.equal(after_empty, torch.rand(1))


@claim("troubleshooting.md", "names the op that produced it")
def test_detect_anomaly_names_the_op():
    class Sqrt(Tiny):
        def training_step(self, batch, batch_idx):
            return (self(batch[0]).sum() * 0 - 1).sqrt()

    with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan values"):
        trainer(max_epochs=1, logger=False, detect_anomaly=True).fit(Sqrt(), loader(n=4))
    torch.autograd.set_detect_anomaly(False)


@claim("troubleshooting.md", "Symptom: training never stops, or runs far longer than expected")
def test_no_limit_warns_and_runs_1000_epochs():
    with pytest.warns(Warning, match="max_epochs.*1000"):
        probe = Probe()
        trainer(logger=False, callbacks=[probe]).fit(Tiny(), loader(n=4))
    assert probe.max_epochs == 1000


@claim("troubleshooting.md", 'Fix: ask for `precision="bf16-mixed"` (or `"32-true"`) on CPU')
def test_bf16_mixed_on_cpu_is_kept_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert L.Trainer(accelerator="cpu", precision="bf16-mixed", logger=False).precision == (
            "bf16-mixed"
        )


# --- distributed.md and fabric.md: what can be asserted without starting processes -------------


def _ddp_trainer(**kwargs):
    return L.Trainer(accelerator="cpu", devices=2, strategy="ddp", logger=False, **kwargs)


@claim("distributed.md", "it **always shuffles** the training one")
@claim("distributed.md", "Set it to `False` only if you shard data yourself")
def test_distributed_sampler_injection(monkeypatch):
    """Lightning's own dataloader processing on a 2-process DDP trainer (nothing launched)."""
    from lightning.pytorch.trainer.connectors.data_connector import _process_dataloader
    from lightning.pytorch.trainer.states import RunningStage, TrainerFn
    from torch.utils.data import DistributedSampler

    monkeypatch.setenv("PL_GLOBAL_SEED", "7")  # what seed_everything(7) sets
    fit, train, val = TrainerFn.FITTING, RunningStage.TRAINING, RunningStage.VALIDATING
    t = _ddp_trainer()
    sampler = _process_dataloader(t, fit, train, loader(n=5, batch_size=1)).sampler
    assert isinstance(sampler, DistributedSampler) and sampler.shuffle and sampler.seed == 7
    sampler = _process_dataloader(t, fit, val, loader(n=5, batch_size=1)).sampler
    assert not sampler.shuffle and list(sampler) == [0, 2, 4]  # rank 0 of 2
    sampler.rank = 1
    assert list(sampler) == [1, 3, 0]  # padded with a repeat: 5 does not divide by 2
    t = _ddp_trainer(use_distributed_sampler=False)
    original = loader(n=5, batch_size=1)
    assert _process_dataloader(t, fit, train, original) is original


def _fake_slurm_job(monkeypatch, **overrides: str) -> None:
    """The variables srun sets for rank 0 of a one-node job."""
    env = {
        "SLURM_NTASKS": "1",
        "SLURM_JOB_NAME": "train",
        "SLURM_JOB_ID": "1",
        "SLURM_NODELIST": "localhost",
        "SLURM_PROCID": "0",
        "SLURM_LOCALID": "0",
        "SLURM_NODEID": "0",
    }
    for key, value in {**env, **overrides}.items():
        monkeypatch.setenv(key, value)


@claim("distributed.md", "Lightning checks")
def test_slurm_ntasks_per_node_must_match_devices(monkeypatch):
    _fake_slurm_job(monkeypatch, SLURM_NTASKS="4", SLURM_NTASKS_PER_NODE="4")
    from lightning.pytorch.plugins.environments import SLURMEnvironment

    t = L.Trainer(accelerator="cpu", devices=2, logger=False)  # checked when the run starts:
    assert isinstance(t._accelerator_connector.cluster_environment, SLURMEnvironment)
    with pytest.raises(ValueError, match="--ntasks-per-node=4` does not match"):
        t.strategy.launcher.launch(lambda: None)


@claim("distributed.md", "reduces (mean by default) across processes")
def test_sync_dist_reduces_with_mean_by_default():
    params = inspect.signature(L.LightningModule.log).parameters
    assert params["sync_dist"].default is False and params["reduce_fx"].default == "mean"


@claim("distributed.md", "on CPU it raises")
def test_sync_batchnorm_needs_gpu_modules():
    """Lightning converts the layers; torch's DDP refuses SyncBatchNorm on a CPU module."""
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    net = torch.nn.SyncBatchNorm.convert_sync_batchnorm(
        torch.nn.Sequential(torch.nn.BatchNorm1d(4))
    )
    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        with pytest.raises(ValueError, match="SyncBatchNorm layers only work with GPU modules"):
            DistributedDataParallel(net)
    finally:
        dist.destroy_process_group()


@claim("distributed.md", "Raise `timeout` when rank 0 does long work")
def test_ddp_timeout_default_is_30_minutes():
    from lightning.pytorch.strategies import DDPStrategy

    assert DDPStrategy()._timeout == timedelta(minutes=30)
    strategy = DDPStrategy(timeout=timedelta(minutes=60), static_graph=True)
    assert strategy._timeout == timedelta(minutes=60) and strategy._ddp_kwargs["static_graph"]


@claim("distributed.md", "Lightning 2.6 registers process-group cleanup at exit only for")
def test_gloo_cleanup_claim_in_distributed_md():
    test_gloo_cleanup_is_not_registered()


@claim("distributed.md", '`"fsdp_cpu_offload"` also offloads parameters to CPU')
@claim("distributed.md", "(the default in Lightning's FSDPStrategy)")
def test_fsdp_registry_and_defaults():
    from lightning.pytorch.strategies import FSDPStrategy, StrategyRegistry

    assert StrategyRegistry["fsdp"]["init_params"] == {}
    assert StrategyRegistry["fsdp_cpu_offload"]["init_params"] == {"cpu_offload": True}
    strategy = FSDPStrategy()
    assert strategy.kwargs["use_orig_params"] is True
    assert strategy.sharding_strategy.name == "FULL_SHARD"


@claim("distributed.md", '`gradient_clip_algorithm="norm"` (the default) raises under')
def test_fsdp_clipping_claim_in_distributed_md():
    assert inspect.signature(L.Trainer).parameters["gradient_clip_algorithm"].default is None
    test_fsdp_precision_rejects_norm_clipping()  # None means "norm" (the clip_gradients default)
    assert (
        inspect.signature(L.LightningModule.clip_gradients)
        .parameters["gradient_clip_algorithm"]
        .default
        is None
    )


@claim("distributed.md", "is the default: on the")
@claim("distributed.md", "An explicit `ckpt_path` wins, and an old `hpc_ckpt` wins over a newer")
@claim("distributed.md", "Disable with")
def test_slurm_requeue_defaults_and_handler(monkeypatch, tmp_path):
    """Defaults, the hpc checkpoint name, the requeue command, and auto_requeue=False leaving the
    signal alone (the doc's rehearsal block runs the whole preemption in a fresh process)."""
    import os
    import signal

    from lightning.pytorch.plugins.environments import SLURMEnvironment
    from lightning.pytorch.trainer.states import TrainerFn

    env = SLURMEnvironment()
    assert env.auto_requeue is True and env.requeue_signal == signal.SIGUSR1
    scontrol = tmp_path / "bin" / "scontrol"
    scontrol.parent.mkdir()
    scontrol.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/requeued.txt\n')
    scontrol.chmod(0o755)
    monkeypatch.setenv("PATH", f"{scontrol.parent}{os.pathsep}{os.environ['PATH']}")
    _fake_slurm_job(monkeypatch, SLURM_JOB_ID="77")
    t = trainer(max_epochs=1, logger=False)
    assert isinstance(t._accelerator_connector.cluster_environment, SLURMEnvironment)
    t.strategy.connect(Tiny())
    t._signal_connector._slurm_sigusr_handler_fn(signal.SIGUSR1, None)
    assert Path("hpc_ckpt_1.ckpt").exists()
    assert (tmp_path / "requeued.txt").read_text() == "requeue 77\n"
    t._signal_connector._slurm_sigusr_handler_fn(signal.SIGUSR1, None)  # a second preemption
    t.save_checkpoint("last.ckpt")  # newer than both hpc files

    def resume_from(ckpt_path):
        return t._checkpoint_connector._parse_ckpt_path(TrainerFn.FITTING, ckpt_path, True, True)

    assert Path(resume_from(None)).name == "hpc_ckpt_2.ckpt"  # the newest hpc, not last.ckpt
    assert resume_from("last.ckpt") == "last.ckpt"  # an explicit ckpt_path wins
    before = signal.getsignal(signal.SIGUSR1)
    quiet = trainer(logger=False, plugins=[SLURMEnvironment(auto_requeue=False)])
    quiet._signal_connector.register_signal_handlers()
    try:
        assert signal.getsignal(signal.SIGUSR1) == before
    finally:
        quiet._signal_connector.teardown()


@claim("fabric.md", "keeps your plain PyTorch loop and adds what the Trainer would")
@claim("fabric.md", "you keep writing logging, checkpoint schedules, early")
def test_fabric_provides_the_pieces_not_the_loop():
    from lightning.fabric.strategies import STRATEGY_REGISTRY
    from lightning.fabric.strategies import DDPStrategy as FabricDDP

    fabric = L.Fabric(accelerator="cpu", devices=2, strategy="ddp", precision="bf16-mixed")
    assert isinstance(fabric.strategy, FabricDDP) and fabric.world_size == 2
    assert "fsdp" in STRATEGY_REGISTRY  # (GPU only: on CPU Fabric refuses it)
    for name in ("launch", "setup", "backward", "save", "load", "log", "all_reduce", "barrier"):
        assert callable(getattr(fabric, name)), name
    assert not hasattr(fabric, "fit") and fabric.loggers == []  # no loop, no default logger


@claim("distributed.md", "returns only the local process's predictions")
def test_predict_under_ddp_splits_without_padding():
    from lightning.pytorch.trainer.connectors.data_connector import _process_dataloader
    from lightning.pytorch.trainer.states import RunningStage, TrainerFn

    seen = []
    for rank in (0, 1):
        t = _ddp_trainer()
        t.strategy.cluster_environment.set_global_rank(rank)
        stage = RunningStage.PREDICTING
        dl = _process_dataloader(t, TrainerFn.PREDICTING, stage, loader(n=5, batch_size=1))
        seen.append(list(dl.batch_sampler.sampler))  # inside Lightning's index-tracking wrapper
    assert seen == [[0, 2, 4], [1, 3]]  # no repeats: each rank predicts its own part only


@claim("distributed.md", "`ModelCheckpoint` and loggers write from rank 0 only")
def test_only_rank_zero_writes(monkeypatch):
    from lightning.pytorch.utilities import rank_zero_only

    t = _ddp_trainer()
    t.strategy.connect(Tiny())
    t.strategy.cluster_environment.set_global_rank(1)
    t.strategy.save_checkpoint({"state_dict": {}}, "rank1.ckpt")
    t.strategy.cluster_environment.set_global_rank(0)
    t.strategy.save_checkpoint({"state_dict": {}}, "rank0.ckpt")
    assert Path("rank0.ckpt").exists() and not Path("rank1.ckpt").exists()
    monkeypatch.setattr(rank_zero_only, "rank", 1)
    logger = CSVLogger("logs")
    logger.log_metrics({"loss": 1.0}, step=0)
    logger.save()
    assert not Path("logs").exists()


@claim("SKILL.md", "gan + deepspeed is refused, exit 2: `catalog --json` says")
def test_gan_with_deepspeed_is_refused(tmp_path, capsys):
    import json

    from lightning_skill.cli import main

    assert main(["catalog", "--json"]) == 0
    why = json.loads(capsys.readouterr().out)["tasks"]["gan"]["presets"]["deepspeed"]
    assert why.startswith("refused") and "one optimizer" in why
    out = tmp_path / "gan_project"
    assert main(["new", str(out), "--task", "gan", "--preset", "deepspeed"]) == 2
    assert not out.exists() and "deepspeed" in capsys.readouterr().err


@claim("SKILL.md", "a step that never finishes fails as `Stuck` after 60 s")
def test_validate_stuck_default():
    from lightning_skill.validate import option_defaults

    assert option_defaults()["stuck_after"] == 60


@claim("best-practices.md", "Defaults that matter (each is a tested claim)")
def test_best_practices_defaults_list_is_all_tested():
    """The "Defaults that matter (each is a tested claim)" list: every bullet carries a claim."""
    from claims import REGISTRY, _norm, doc_path

    text = doc_path("best-practices.md").read_text(encoding="utf-8")
    block = text.split("Defaults that matter (each is a tested claim):\n", 1)[1].split("\n\n")[0]
    bullets = [_norm(b) for b in block.split("\n- ")]
    quotes = [c.quote for c in REGISTRY if c.file == "best-practices.md"]
    untested = [b for b in bullets if not any(q in b for q in quotes)]
    assert len(bullets) >= 6 and not untested, untested


@claim("distributed.md", '(fork; `"auto"` picks `ddp_fork` there)')
def test_auto_strategy_in_a_notebook_forks(monkeypatch):
    import lightning.pytorch.trainer.connectors.accelerator_connector as connector

    monkeypatch.setattr(connector, "_IS_INTERACTIVE", True)
    strategy = L.Trainer(accelerator="cpu", devices=2, logger=False).strategy
    assert strategy._start_method == "fork"
    monkeypatch.setattr(connector, "_IS_INTERACTIVE", False)
    assert L.Trainer(accelerator="cpu", devices=2, logger=False).strategy._start_method == "popen"


@claim("checkpoints.md", "common in 1.x code) also needs `weights_only=False`")
@claim("checkpoints.md", "the command above cannot read it")
def test_old_checkpoint_with_an_object_in_its_hparams():
    """Migration in memory does not help a 1.x checkpoint holding a Namespace: the default load
    and the upgrade command refuse it; ``weights_only=False`` loads and migrates it."""
    import subprocess
    import sys

    save_namespace_checkpoint("old.ckpt")
    ckpt = torch.load("old.ckpt", weights_only=False)
    ckpt["pytorch-lightning_version"] = "1.6.0"
    torch.save(ckpt, "old.ckpt")
    with pytest.raises(Exception, match="Weights only load failed"):
        NamespaceHolder.load_from_checkpoint("old.ckpt")
    module = "lightning.pytorch.utilities.upgrade_checkpoint"
    proc = subprocess.run([sys.executable, "-m", module, "old.ckpt"], capture_output=True)
    assert proc.returncode == 1 and b"Weights only load failed" in proc.stderr
    loaded = NamespaceHolder.load_from_checkpoint("old.ckpt", weights_only=False)
    assert loaded.hparams.config.depth == 2


@claim("performance.md", "like `save_last=True` refreshes it only when a top-k file is saved")
@claim("callbacks.md", "only at a step where it also saved a top-k file")
@claim("callbacks.md", "For a true latest checkpoint add a callback without a monitor")
def test_last_ckpt_with_a_monitor_is_the_best_epochs():
    """Lightning 2.6: with a monitored top-1, ``last.ckpt`` (``True`` or ``"link"``) is written
    only when a top-k file is, so after epochs without improvement it is the best epoch's; a
    second callback without a monitor keeps a true latest checkpoint that resumes."""

    class Worse(Tiny):
        def validation_step(self, batch, batch_idx):
            self.log("val_loss", float(self.current_epoch))  # best at epoch 0, worse after

    def fit(*callbacks):
        trainer(max_epochs=3, logger=False, callbacks=list(callbacks)).fit(
            Worse(), loader(n=8), loader(n=4)
        )

    for mode in (True, "link"):
        cb = ModelCheckpoint(dirpath=f"ck_{mode}", monitor="val_loss", save_last=mode)
        fit(cb)
        last = Path(cb.last_model_path)
        assert last.name == "last.ckpt" and last.is_symlink() == (mode == "link")
        assert torch.load(last, weights_only=True)["epoch"] == 0  # two epochs behind the run
    best = ModelCheckpoint(dirpath="ck", monitor="val_loss")
    latest = ModelCheckpoint(dirpath="ck", filename="last", enable_version_counter=False)
    fit(best, latest)
    assert Path(best.best_model_path).name == "epoch=0-step=2.ckpt"
    assert torch.load("ck/last.ckpt", weights_only=True)["global_step"] == 6
    resumed = trainer(max_epochs=4, logger=False)
    resumed.fit(Worse(), loader(n=8), loader(n=4), ckpt_path="ck/last.ckpt")
    assert resumed.global_step == 8  # one more epoch, not three


def test_a_link_is_not_a_claim():
    from claims import is_claim

    assert not is_claim("Fix: pass validation data; see `best-practices.md#trainer-defaults`.")
    assert is_claim("The default is `patience=3`; see `callbacks.md#earlystopping`.")


@claim("distributed.md", '`"ddp_spawn"` (everything must pickle')
def test_ddp_spawn_pickles_the_module():
    """``ddp_spawn`` pickles the trainer and module for its children: an attribute that does not
    pickle (a lambda) fails in the parent before any child runs (``"ddp"`` re-runs the script
    instead and never pickles them)."""

    class Unpicklable(Tiny):
        def __init__(self):
            super().__init__()
            self.fn = lambda x: x

    t = trainer(accelerator="cpu", devices=2, strategy="ddp_spawn", max_epochs=1, logger=False)
    with pytest.raises(Exception, match="pickle"):
        t.fit(Unpicklable(), loader(n=8))


@claim("performance.md", "writes the same rows and the bar shows the latest value")
def test_logging_only_on_the_loggers_steps_writes_the_same_rows(tmp_path):
    from lightning.pytorch.loggers import CSVLogger

    class OnLoggerSteps(Tiny):
        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = F.cross_entropy(self(x), y)
            if (self.global_step + 1) % self.trainer.log_every_n_steps == 0:
                self.log("train_loss", loss)
            return loss

    rows = {}
    for name, cls in (("every", Tiny), ("some", OnLoggerSteps)):
        torch.manual_seed(0)
        model = cls()
        t = trainer(max_epochs=2, log_every_n_steps=3, logger=CSVLogger(tmp_path, name=name))
        t.fit(model, loader(n=40))
        lines = (tmp_path / name / "version_0" / "metrics.csv").read_text().splitlines()
        rows[name] = [line for line in lines[1:] if line.split(",")[-1]]  # train_loss written
    assert rows["every"] == rows["some"] and len(rows["some"]) == 20 // 3


@claim("performance.md", "(`self.trainer` raises `RuntimeError` then)")
def test_the_trainer_property_raises_without_a_trainer():
    with pytest.raises(RuntimeError, match="not attached to a `Trainer`"):
        _ = Tiny().trainer


SIGTERM_RUN = """
import time
import lightning.pytorch as pl
from lightning.pytorch.callbacks import OnExceptionCheckpoint
from lightning.pytorch.demos.boring_classes import BoringModel

class Slow(BoringModel):
    def training_step(self, batch, batch_idx):
        if batch_idx == 2:
            print("READY", flush=True)
        time.sleep(0.02)
        return super().training_step(batch, batch_idx)

trainer = pl.Trainer(max_epochs=1000, logger=False, enable_progress_bar=False,
                     enable_model_summary=False, callbacks=[OnExceptionCheckpoint(dirpath="ckpt")])
trainer.fit(Slow())
print("FIT RETURNED", flush=True)
"""


@claim("troubleshooting.md", "without a code: the script exits 0, as if training had finished")
@claim("troubleshooting.md", "`OnExceptionCheckpoint(dirpath=...)` writes `on_exception.ckpt`")
def test_sigterm_ends_a_plain_script_with_exit_0(tmp_path):
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", SIGTERM_RUN],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "READY" in line:
            proc.send_signal(signal.SIGTERM)
            break
    out = proc.stdout.read()
    proc.wait(timeout=120)
    assert proc.returncode == 0, out[-2000:]
    assert "FIT RETURNED" not in out  # SystemExit ended the process inside fit
    assert (tmp_path / "ckpt" / "on_exception.ckpt").is_file()


def _hparams_classes():
    from lightning.pytorch.demos.boring_classes import BoringDataModule, BoringModel

    class Model(BoringModel):
        def __init__(self, batch_size: int = 4, to_logger: bool = True):
            super().__init__()
            self.save_hyperparameters(logger=to_logger)

    class Data(BoringDataModule):
        def __init__(self, batch_size: int = 4):
            super().__init__()
            self.save_hyperparameters()

    return Model, Data


@claim("logging.md", "the same key with different values in both raises")
@claim("logging.md", "`save_hyperparameters(logger=False)` keeps them")
def test_hparams_reach_the_loggers_merged_or_refused(tmp_path):
    Model, Data = _hparams_classes()

    def fit(model, logger):
        trainer = L.Trainer(
            max_epochs=1,
            limit_train_batches=1,
            limit_val_batches=1,
            logger=logger,
            enable_progress_bar=False,
            enable_model_summary=False,
            enable_checkpointing=False,
        )
        trainer.fit(model, datamodule=Data(batch_size=4))

    with pytest.raises(RuntimeError, match="Error while merging hparams"):
        fit(Model(batch_size=8), CSVLogger(tmp_path / "clash"))
    logger = CSVLogger(tmp_path / "quiet")
    fit(Model(batch_size=8, to_logger=False), logger)  # no clash: the model logs none
    logged = (Path(logger.log_dir) / "hparams.yaml").read_text()
    assert "to_logger" not in logged and "batch_size: 4" in logged


@claim(
    "callbacks.md", "fit stops at the next batch, mid-epoch included, then still runs validation"
)
@claim("callbacks.md", "ends as a normal finish (exit 0, a fresh `last.ckpt`)")
def test_max_time_stops_mid_epoch_and_still_validates_and_saves(tmp_path):
    import time

    from lightning.pytorch.demos.boring_classes import BoringModel

    validated_at: list[int] = []

    class Slow(BoringModel):  # 64 batches per epoch, 0.05 s each: the budget ends in epoch 0
        def training_step(self, batch, batch_idx):
            time.sleep(0.05)
            return super().training_step(batch, batch_idx)

        def on_validation_epoch_end(self):
            validated_at.append(self.global_step)

    last = ModelCheckpoint(dirpath=tmp_path, filename="last", enable_version_counter=False)
    trainer = L.Trainer(
        max_epochs=100,
        max_time={"seconds": 1},
        callbacks=[last],
        logger=False,
        num_sanity_val_steps=0,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(Slow())
    stopped = trainer.global_step
    assert 0 < stopped < 64  # mid-epoch
    assert validated_at == [stopped]  # validation ran at the stop
    assert trainer.state.status == "finished" and not trainer.interrupted
    saved = torch.load(tmp_path / "last.ckpt", weights_only=False)
    assert saved["global_step"] == stopped


@claim("data-loading.md", "`val_dataloader()`) are called once per fit by default")
def test_dataloaders_are_built_once_per_fit_by_default():
    class Counting(Tiny):
        calls = 0

        def train_dataloader(self):
            self.calls += 1
            return loader()

    model = Counting()
    trainer(logger=False, enable_checkpointing=False, max_epochs=3).fit(model)
    assert model.calls == 1


def test_accumulation_scheduler_refuses_manual_optimization():
    """callbacks.md#changing-accumulation-during-training: manual optimization -> RuntimeError."""
    from lightning.pytorch.callbacks import GradientAccumulationScheduler

    class Manual(Tiny):
        def __init__(self):
            super().__init__()
            self.automatic_optimization = False  # refused at fit start, before any step

    sched = GradientAccumulationScheduler(scheduling={0: 2})
    t = trainer(logger=False, enable_checkpointing=False, max_epochs=1, callbacks=[sched])
    with pytest.raises(RuntimeError, match="manual optimization"):
        t.fit(Manual(), loader())


@claim("logging.md", "`False` (the default) not at all")
def test_wandb_logger_defaults_read_from_the_installed_source():
    """logging.md#wb-uploading-checkpoints-resuming-a-run. wandb is not installed here, so the
    logger cannot be built; its signature and the source of its __init__ are what 2.6 does."""
    from lightning.pytorch.loggers import WandbLogger

    params = inspect.signature(WandbLogger.__init__).parameters
    assert params["log_model"].default is False and params["offline"].default is False
    source = inspect.getsource(WandbLogger.__init__)
    assert "if offline and log_model:" in source and "MisconfigurationException" in source
    assert '"id": version or id' in source and '"resume": "allow"' in source
    assert "self._wandb_init.update(**kwargs)" in source  # other wandb.init arguments


@claim("performance.md", "(without it the Trainer raises `ModuleNotFoundError`)")
@pytest.mark.skipif(
    importlib.util.find_spec("torch_xla") is not None, reason="torch_xla is installed here"
)
def test_tpu_without_torch_xla_raises_module_not_found():
    with pytest.raises(ModuleNotFoundError, match="torch_xla"):
        L.Trainer(accelerator="tpu", devices=8)


@claim("performance.md", "a `-mixed` value is a `ValueError`")
def test_xla_precision_accepts_true_precisions_only():
    """performance.md#tpu-xla: XLAPrecision's accepted values (read from 2.6's type, since the
    plugin cannot be built without torch_xla) and its ValueError for any other."""
    from typing import get_args

    from lightning.fabric.plugins.precision import xla

    assert set(get_args(xla._PRECISION_INPUT)) == {"32-true", "16-true", "bf16-true"}
    assert "raise ValueError" in inspect.getsource(xla.XLAPrecision.__init__)


class NoReturn(Tiny):
    def training_step(self, batch, batch_idx):
        super().training_step(batch, batch_idx)  # the loss is computed and dropped


@claim("troubleshooting.md", "returning `None` skips the optimizer step; Lightning")
def test_training_step_returning_none_skips_the_optimizer_step():
    model = NoReturn()
    before = model.layer.weight.detach().clone()
    with pytest.warns(UserWarning, match="`training_step` returned `None`"):
        trainer(max_epochs=1, logger=False, enable_checkpointing=False).fit(model, loader())
    assert torch.equal(before, model.layer.weight)  # eight batches, no update


@claim("data-loading.md", "`num_workers=0` (PyTorch's default) loads batches in the training")
@claim("data-loading.md", "`persistent_workers=True` keeps the workers between epochs")
@claim("data-loading.md", "Lightning warns against it with `persistent_workers` and")
@claim("data-loading.md", "(Lightning warns when a spawn loader has workers without it)")
def test_worker_settings_and_their_warnings():
    from lightning.pytorch.trainer.connectors.data_connector import _worker_check

    assert inspect.signature(DataLoader).parameters["num_workers"].default == 0
    data = loader().dataset
    kept = DataLoader(data, batch_size=8, num_workers=1, persistent_workers=True)
    assert len(list(kept)) == len(list(kept)) == 4
    assert kept._iterator is not None  # the same workers serve the next epoch
    t = trainer(logger=False, reload_dataloaders_every_n_epochs=1)
    spawn = DataLoader(data, num_workers=1, multiprocessing_context="spawn")  # none started yet
    with pytest.warns(UserWarning, match="Consider setting `persistent_workers=True`"):
        _worker_check(t, spawn, "train_dataloader")
    pinned = DataLoader(data, num_workers=1, persistent_workers=True, pin_memory=True)
    with pytest.warns(UserWarning, match="We recommend setting `pin_memory=False`"):
        _worker_check(t, pinned, "train_dataloader")


@claim("data-loading.md", "before the current process has finished its bootstrapping phase")
def test_spawn_without_a_main_guard_stops(tmp_path):
    """Python's spawn start method (Windows, macOS) re-imports the main script in each child;
    a script that starts a process at import level stops there (plain multiprocessing here, the
    mechanism DataLoader workers use, so no torch import is paid for it)."""
    import subprocess
    import sys

    script = tmp_path / "train.py"
    script.write_text(
        "import multiprocessing as mp\n"
        "p = mp.get_context('spawn').Process(target=print)\n"
        "p.start()\n"
        "p.join()\n"
    )
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "finished its bootstrapping phase" in proc.stderr


def test_lightning_moves_known_batch_types_only():
    """data-loading.md#custom-batch-types-on-the-device: collections, dataclasses and anything
    with ``.to()`` are moved (to the meta device here, which needs no GPU); other objects not."""
    from collections import namedtuple
    from dataclasses import dataclass

    from lightning.fabric.utilities.apply_func import move_data_to_device

    @dataclass
    class Batch:
        x: torch.Tensor

    class WithTo:
        def __init__(self, x):
            self.x = x

        def to(self, device):
            self.x = self.x.to(device)
            return self

    class Plain:
        def __init__(self, x):
            self.x = x

    Pair = namedtuple("Pair", "x y")
    t = torch.zeros(2)
    moved = move_data_to_device(
        [Batch(t), WithTo(t), Pair(t, t), {"k": t}, Plain(t)], torch.device("meta")
    )
    assert moved[0].x.is_meta and moved[1].x.is_meta and moved[2].y.is_meta
    assert moved[3]["k"].is_meta and not moved[4].x.is_meta


def test_mlflow_logger_defaults():
    """logging.md#loggers-csv-tensorboard-wb: the file store under ./mlruns unless a
    tracking_uri is given, the environment variable read when Lightning is imported, log_model
    off; without mlflow installed the logger cannot be built."""
    from lightning.pytorch.loggers import MLFlowLogger
    from lightning.pytorch.loggers.mlflow import _MLFLOW_AVAILABLE

    params = inspect.signature(MLFlowLogger.__init__).parameters
    assert params["save_dir"].default == "./mlruns" and params["log_model"].default is False
    source = inspect.getsource(MLFlowLogger.__init__)
    assert 'tracking_uri = f"{LOCAL_FILE_URI_PREFIX}{save_dir}"' in source
    assert 'os.getenv("MLFLOW_TRACKING_URI")' in inspect.getsource(MLFlowLogger)
    if not _MLFLOW_AVAILABLE:
        with pytest.raises(ModuleNotFoundError, match="mlflow"):
            MLFlowLogger()


def test_ddp_under_hydra_reuses_the_first_run_dir(monkeypatch):
    """experiments.md#hydra-configs: the DDP launcher's command for the other ranks when a Hydra
    app is running (Hydra's modules faked: hydra-core is not a dependency)."""
    import sys
    import types

    from lightning.fabric.strategies.launchers.subprocess_script import _hydra_subprocess_cmd

    run = types.SimpleNamespace(dir="outputs/2026-11-30/12-00-00")
    hydra_config = types.SimpleNamespace(get=lambda: types.SimpleNamespace(run=run))
    fake = {
        "hydra": types.ModuleType("hydra"),
        "hydra.core": types.ModuleType("hydra.core"),
        "hydra.core.hydra_config": types.ModuleType("hydra.core.hydra_config"),
        "hydra.utils": types.ModuleType("hydra.utils"),
    }
    fake["hydra.core.hydra_config"].HydraConfig = hydra_config
    fake["hydra.utils"].get_original_cwd = lambda: "/project"
    fake["hydra.utils"].to_absolute_path = lambda p: f"/project/{p}"
    for name, module in fake.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "argv", ["train.py", "lr=0.1"])
    command, cwd = _hydra_subprocess_cmd(local_rank=1)
    assert cwd == "/project" and "lr=0.1" in command
    assert f'hydra.run.dir="{run.dir}"' in command and "hydra.output_subdir=null" in command


@claim("prediction.md", "which puts the whole model in eval")
def test_predict_puts_dropout_in_eval_mode():
    seen = []

    class Dropper(Tiny):
        def predict_step(self, batch, batch_idx):
            seen.append(self.training)
            return self(batch[0])

    t = trainer(logger=False)
    t.predict(Dropper(), loader(n=8))
    assert seen == [False, False]
