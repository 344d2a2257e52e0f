"""Every default the references state is checked against the installed Lightning.

Each test names the claim (and where the docs make it) in its docstring.
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
import warnings
from pathlib import Path

import lightning as L
import pytest
import torch
import torch.nn.functional as F
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


def trainer(**kwargs):
    kwargs = {"enable_progress_bar": False, "enable_model_summary": False, **kwargs}
    return L.Trainer(**kwargs)


class Probe(Callback):
    """Records the trainer's resolved limits once fit starts, then stops."""

    def on_train_start(self, trainer, pl_module):
        self.max_epochs = trainer.fit_loop.max_epochs
        trainer.should_stop = True


def test_max_epochs_defaults_to_1000():
    """best-practices: neither max_epochs nor max_steps -> 1000 epochs; only max_steps -> -1."""
    probe = Probe()
    trainer(logger=False, callbacks=[probe]).fit(Tiny(), loader())
    assert probe.max_epochs == 1000
    probe = Probe()
    trainer(logger=False, max_steps=5, callbacks=[probe]).fit(Tiny(), loader())
    assert probe.max_epochs == -1


def test_default_logger_is_csv_unless_tensorboard():
    """best-practices/troubleshooting: logger=True is CSVLogger unless tensorboard(X) exists."""
    has_tb = any(importlib.util.find_spec(m) for m in ("tensorboard", "tensorboardX"))
    logger = L.Trainer(logger=True).logger
    assert isinstance(logger, TensorBoardLogger if has_tb else CSVLogger)
    if not has_tb:
        t = trainer(max_epochs=1, log_every_n_steps=1)
        t.fit(Tiny(), loader())
        assert Path("lightning_logs/version_0/metrics.csv").exists()


def test_default_checkpoint_keeps_latest_epoch_only():
    """callbacks/best-practices: the default ModelCheckpoint has no monitor and keeps one file."""
    t = trainer(max_epochs=2, logger=False)
    t.fit(Tiny(), loader())
    cb = t.checkpoint_callback
    assert isinstance(cb, ModelCheckpoint) and cb.monitor is None and cb.save_top_k == 1
    files = list(Path("checkpoints").glob("*.ckpt"))
    assert [f.name for f in files] == ["epoch=1-step=16.ckpt"]


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


def test_trainer_defaults():
    """best-practices: num_sanity_val_steps=2, log_every_n_steps=50, precision 32-true;
    distributed: devices="auto" on CPU is 1, devices=2 on CPU picks DDP in a script."""
    from lightning.pytorch.strategies import DDPStrategy

    t = L.Trainer(accelerator="cpu")
    assert t.num_sanity_val_steps == 2
    assert t.log_every_n_steps == 50
    assert t.precision == "32-true"
    assert t.num_devices == 1
    assert isinstance(L.Trainer(accelerator="cpu", devices=2).strategy, DDPStrategy)


def test_16_mixed_on_cpu_becomes_bf16():
    """advanced/troubleshooting: precision="16-mixed" on CPU is replaced by "bf16-mixed"."""
    assert L.Trainer(accelerator="cpu", precision="16-mixed").precision == "bf16-mixed"


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


def test_lr_monitor_needs_a_logger():
    """callbacks: LearningRateMonitor raises without a logger."""
    with pytest.raises(MisconfigurationException, match="has no logger"):
        trainer(logger=False, max_epochs=1, callbacks=[LearningRateMonitor()]).fit(Tiny(), loader())


def test_load_from_checkpoint_keeps_train_mode():
    """advanced: load_from_checkpoint does not switch to eval mode; hparams can be overridden."""
    t = trainer(max_epochs=1, logger=False)
    t.fit(Tiny(), loader())
    model = Tiny.load_from_checkpoint(t.checkpoint_callback.best_model_path, lr=0.5)
    assert model.training and model.hparams.lr == 0.5


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


def test_scheduler_steps_per_epoch_by_default():
    """advanced: schedulers step once per epoch unless "interval": "step"."""

    class Sched(Tiny):
        def configure_optimizers(self):
            opt = torch.optim.SGD(self.parameters(), lr=1.0)
            return {"optimizer": opt, "lr_scheduler": torch.optim.lr_scheduler.StepLR(opt, 1, 0.5)}

    model = Sched()
    trainer(max_epochs=2, logger=False, enable_checkpointing=False).fit(model, loader())
    assert model.optimizers().param_groups[0]["lr"] == 0.25


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


def test_load_from_checkpoint_on_an_instance_raises():
    """troubleshooting anti-patterns: load_from_checkpoint is a classmethod; on an instance it
    raises TypeError."""
    with pytest.raises(TypeError, match="cannot be called on an instance"):
        Tiny().load_from_checkpoint("unused.ckpt")


def test_torchscript_is_deprecated():
    """advanced: torch.jit.script emits a FutureWarning on the installed torch."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.jit.script(torch.nn.Linear(2, 2))
    assert any(
        issubclass(w.category, FutureWarning) and "deprecated" in str(w.message) for w in caught
    )


def test_early_stopping_strict_message():
    """troubleshooting: EarlyStopping with a missing key raises "conditioned on metric ... which
    is not available" (strict=True)."""
    with pytest.raises(RuntimeError, match="conditioned on metric `val_acc` which is not"):
        trainer(max_epochs=1, logger=False, callbacks=[EarlyStopping(monitor="val_acc")]).fit(
            Tiny(), loader(), loader()
        )


@pytest.mark.parametrize("flag", [{"accumulate_grad_batches": 2}, {"gradient_clip_val": 1.0}])
def test_manual_optimization_rejects_trainer_flags(flag):
    """advanced: with automatic_optimization=False, accumulation and clipping flags raise."""
    model = Tiny()
    model.automatic_optimization = False
    with pytest.raises(MisconfigurationException, match="not supported for manual optimization"):
        trainer(max_epochs=1, logger=False, **flag).fit(model, loader())
