"""Mistake: layers kept in a plain list, so the module has no parameters to optimize."""

import lightning as L
import torch
from _base import loader


class EmptyParameters(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layers = [torch.nn.Linear(8, 2)]  # should be nn.ModuleList

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layers[0](x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()
