"""Sandbox: training_step allocates until memory runs out."""

import lightning as L
import torch
from _base import loader


class MemoryHog(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()
