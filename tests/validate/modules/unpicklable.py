"""Mistake: a lambda stored on the module; spawned DDP ranks cannot receive it."""

import lightning as L
import torch
from _base import loader


class Unpicklable(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)
        self.activation = lambda t: t.relu()

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.activation(self.layer(x)), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()
