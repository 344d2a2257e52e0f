"""Mistake: EarlyStopping monitors "val_accuracy" but validation_step logs "val_acc".
fast_dev_run never reads the monitor; the real fit stops after its first validation epoch."""

import lightning as L
import torch
import torch.nn.functional as F
from _base import loader


class Typo(L.LightningModule):
    def __init__(self, lr: float = 0.05) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_acc", (self(x).argmax(-1) == y).float().mean())

    def configure_callbacks(self):
        return [L.pytorch.callbacks.EarlyStopping(monitor="val_accuracy", mode="max")]

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)

    def train_dataloader(self):
        return loader(64, seed=0)

    def val_dataloader(self):
        return loader(16, seed=1)
