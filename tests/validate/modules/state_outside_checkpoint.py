"""Mistake: statistics computed from the data at fit time are kept in a module-level dict, not
in the checkpoint. Reloading in the same process still sees them; a new process (where users
predict) does not, so the rebuilt model predicts differently."""

import lightning as L
import torch
import torch.nn.functional as F
from _base import loader

STATS = {"mean": torch.zeros(8)}  # should be a registered buffer of the module


class Normalising(L.LightningModule):
    def __init__(self, lr: float = 0.05) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(8, 2)

    def on_fit_start(self):
        x = torch.cat([b[0] for b in self.trainer.datamodule.train_dataloader()])
        STATS["mean"] = x.mean(0) + 3.0

    def forward(self, x):
        return self.layer(x - STATS["mean"])

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.cross_entropy(self(x), y))

    def predict_step(self, batch, batch_idx):
        return self(batch[0])

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


class Data(L.LightningDataModule):
    def train_dataloader(self):
        return loader(64, seed=0)

    def val_dataloader(self):
        return loader(16, seed=1)
