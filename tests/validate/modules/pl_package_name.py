"""Migrated code: written against the `pytorch_lightning` package name (2.6, installed).

It must pass every stage; the validator once failed it with its own "Expected a parent".
"""

import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from _base import loader


class Migrated(pl.LightningModule):
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
        self.log("val_loss", F.cross_entropy(self(x), y))

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.log("test_loss", F.cross_entropy(self(x), y))

    def predict_step(self, batch, batch_idx):
        return self(batch[0]).softmax(-1)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


class Data(pl.LightningDataModule):
    def train_dataloader(self):
        return loader(64, seed=0)

    def val_dataloader(self):
        return loader(16, seed=1)

    def test_dataloader(self):
        return loader(16, seed=2)

    def predict_dataloader(self):
        return loader(16, seed=3)
