"""Reference models for training parity: a tiny MLP (~1 ms steps, the worst case for any fixed
per-step cost) and a small CNN (~20 ms steps), each trained by a plain loop and by several
Trainer configurations, interleaved, so the per-step overhead of each layer is visible:

* ``bare Trainer`` - no logger, progress bar, checkpointing or model summary; step returns loss
* ``default Trainer`` - ``Trainer()`` defaults; step returns loss
* ``default Trainer + self.log`` - the same, logging the loss every step
* ``generated config`` - what configs/default.yaml and cli.py build today (CSVLogger,
  ModelCheckpoint(save_last), LearningRateMonitor(logging_interval="step"),
  TQDMProgressBar(refresh_rate=10), log_every_n_steps=10) and our templates' training_step
  (accuracy ``.update()``, the loss logged on the steps the logger writes and shown on the
  progress bar, accuracy logged in on_train_epoch_end)
* ``generated config before issue 19`` - the same before: Rich bar redrawn every step,
  LearningRateMonitor at the scheduler's interval, loss and accuracy ``self.log``'d in every
  step
* with ``extra_configs``: leaner training_steps on the generated Trainer, and ``default
  Trainer, generated training_step`` (our training_step on ``Trainer()`` defaults: the
  Trainer configuration alone, like for like)
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import _parity as P
import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import LearningRateMonitor, ModelCheckpoint, TQDMProgressBar
from lightning.pytorch.loggers import CSVLogger
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchmetrics.classification import MulticlassAccuracy

SIZES = {
    # name: (samples, batch, epochs, quick samples)
    "tiny-mlp": (4096, 64, 2, 256),
    "small-cnn": (1024, 32, 2, 64),
}


def make_net(name: str) -> nn.Module:
    if name == "tiny-mlp":
        return nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 10))
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 8 * 8, 10),
    )


def make_data(name: str, n: int) -> TensorDataset:
    g = torch.Generator().manual_seed(0)
    shape = (n, 32) if name == "tiny-mlp" else (n, 3, 32, 32)
    return TensorDataset(torch.randn(*shape, generator=g), torch.randint(10, (n,), generator=g))


class RefModule(L.LightningModule):
    def __init__(self, name: str, style: str = "loss", lr: float = 1e-3) -> None:
        super().__init__()
        self.style = style
        self.lr = lr
        self.net = make_net(name)
        self.train_acc = MulticlassAccuracy(10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        if self.style == "log":
            self.log("train_loss", loss)
        elif self.style in ("lean", "lean-every-step"):
            # the loss on the steps the logger writes; the training metric once, at epoch end
            self.train_acc.update(logits, y)
            step = (self.global_step + 1) % self.trainer.log_every_n_steps == 0
            if step or self.style == "lean-every-step":
                self.log("train_loss", loss, prog_bar=True)
        elif self.style == "loss-only":
            self.log("train_loss", loss, prog_bar=True)
        elif self.style == "before":
            self.train_acc.update(logits, y)
            self.log("train_loss", loss, prog_bar=True)
            self.log("train_acc", self.train_acc, on_step=False, on_epoch=True)
        return loss

    def on_train_epoch_end(self) -> None:
        if self.style.startswith("lean"):
            self.log("train_acc", self.train_acc.compute())
            self.train_acc.reset()

    def configure_optimizers(self) -> Any:
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.lr, weight_decay=1e-4)
        total = int(self.trainer.estimated_stepping_batches)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "step"},
        }


CONFIGS = {
    "bare Trainer": "loss",
    "default Trainer": "loss",
    "default Trainer + self.log": "log",
    "generated config before issue 19": "before",
    "generated config": "lean",
}
# Opt-in (spec "extra_configs"): a leaner training_step on the generated Trainer.
EXTRA_CONFIGS = {
    "generated config, loss self.log'd every step": "lean-every-step",
    "generated config, loss every step, no train metric": "loss-only",
    # Like for like with "generated config": the same training_step on Trainer() defaults, so
    # the difference is only the Trainer configuration we generate.
    "default Trainer, generated training_step": "lean",
}


def make_trainer(config: str, epochs: int, root: Path) -> L.Trainer:
    common = {
        "max_epochs": epochs,
        "accelerator": "cpu",
        "devices": 1,
        "default_root_dir": root,
        "num_sanity_val_steps": 0,
    }
    if config in EXTRA_CONFIGS and not config.startswith("default Trainer"):
        config = "generated config"
    if config == "bare Trainer":
        return L.Trainer(
            logger=False,
            enable_progress_bar=False,
            enable_checkpointing=False,
            enable_model_summary=False,
            **common,
        )
    if config.startswith("default Trainer"):
        return L.Trainer(**common)
    now = config == "generated config"
    callbacks: list[Any] = [
        ModelCheckpoint(save_top_k=1, save_last=True),
        LearningRateMonitor(logging_interval="step" if now else None),
    ]
    if now:  # cli.py adds it; before, Lightning's default (Rich) bar was used
        callbacks.append(TQDMProgressBar(refresh_rate=10))
    return L.Trainer(
        logger=CSVLogger(save_dir=root), callbacks=callbacks, log_every_n_steps=10, **common
    )


def run(spec: dict[str, Any]) -> dict[str, Any]:
    name = spec["name"]
    n, batch, epochs, quick_n = SIZES[name]
    if spec.get("quick"):
        n, epochs = quick_n, 1
    data = make_data(name, n)
    work = Path(spec["workdir"])
    torch.manual_seed(0)
    init = RefModule(name)
    counter = iter(range(10**6))
    device = torch.device("cpu")

    def module(style: str) -> RefModule:
        m = RefModule(name, style)
        m.load_state_dict(copy.deepcopy(init.state_dict()))
        return m

    def loader() -> DataLoader:
        return DataLoader(data, batch_size=batch, shuffle=True)

    def run_plain(record: bool = False) -> Any:
        return P.plain_fit(
            module("loss"),
            lambda: (loader(), None),
            P.Classification(),
            epochs=epochs,
            log_every=10,
            workdir=work / f"p{next(counter)}",
            device=device,
            record=record,
        )

    def run_lightning(config: str, record: bool = False) -> Any:
        trainer = make_trainer(config, epochs, work / f"l{next(counter)}")
        style = {**CONFIGS, **EXTRA_CONFIGS}[config]
        return P.lightning_fit(trainer, module(style), _DM(loader), device, record)

    result: dict[str, Any] = {
        "name": name,
        "samples": n,
        "batch_size": batch,
        "epochs": epochs,
        "parameters": sum(p.numel() for p in init.parameters()),
        "torch_threads": torch.get_num_threads(),
    }
    lres, pres = run_lightning("bare Trainer", record=True), run_plain(record=True)
    result["loss_parity"] = P.loss_parity(lres, pres, 2 if spec.get("quick") else 20, 1e-5)
    names = ["plain", *CONFIGS, *(EXTRA_CONFIGS if spec.get("extra_configs") else [])]
    rows: dict[str, list[dict]] = {k: [] for k in names}
    if spec["repeats"] == 0:  # --quick: time the parity runs themselves
        rows = {"plain": [P.as_row(pres)], "bare Trainer": [P.as_row(lres)]}
    for r in range(spec["repeats"]):
        order = names[r % len(names) :] + names[: r % len(names)]
        if r % 2:
            order.reverse()
        for k in order:
            P.fresh_gc()
            res = run_plain() if k == "plain" else run_lightning(k)
            rows[k].append(P.as_row(res))
    result["timing"] = P.summarise(rows)
    return result


class _DM(L.LightningDataModule):
    def __init__(self, loader: Any) -> None:
        super().__init__()
        self._loader = loader

    def train_dataloader(self) -> DataLoader:
        return self._loader()
