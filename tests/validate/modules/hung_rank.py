"""Sandbox: DDP rank 1 never reaches the gradient all-reduce."""

import time

import lightning as L
import torch
from _base import loader


class HungRank(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        if self.global_rank == 1:
            time.sleep(3600)
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layer(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()
