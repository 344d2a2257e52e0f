"""Sandbox: the process dies in fit (as a segfault in an extension would); later checks go on."""

import os

import lightning as L
import torch
from _base import loader


class Crash(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        os._exit(3)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", torch.nn.functional.cross_entropy(self(x), y))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()

    def val_dataloader(self):
        return loader(seed=1)
