"""Sandbox: every training step is slow (0.5 s) but finishes: slow, not stuck."""

import time

import lightning as L
import torch
from _base import loader


class Slow(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        time.sleep(0.5)
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layer(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.0)  # the loss never halves: overfit runs on

    def train_dataloader(self):
        return loader()
