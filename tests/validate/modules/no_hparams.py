"""Mistake: constructor arguments not saved, so a checkpoint cannot rebuild the module."""

import lightning as L
import torch
from _base import loader


class NoHparams(L.LightningModule):
    def __init__(self, hidden: int = 16) -> None:
        super().__init__()  # missing: self.save_hyperparameters()
        self.net = torch.nn.Sequential(torch.nn.Linear(8, hidden), torch.nn.Linear(hidden, 2))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", torch.nn.functional.cross_entropy(self.net(x), y))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()

    def val_dataloader(self):
        return loader(seed=1)
