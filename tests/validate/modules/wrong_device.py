"""Mistake: a tensor created on a fixed device instead of self.device (meta stands in for cuda)."""

import lightning as L
import torch
from _base import loader


class WrongDevice(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        x, y = batch
        offset = torch.ones(2, device="meta")  # e.g. torch.ones(2).cuda() on a CPU run
        return torch.nn.functional.cross_entropy(self.layer(x) + offset, y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()
