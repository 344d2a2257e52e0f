"""Mistake: a learning rate far too small for the model: the loss falls, but slowly."""

import lightning as L
import torch
from _base import loader


class SlowLearner(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.layer(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.02)  # should be ~1.0 for this model

    def train_dataloader(self):
        return loader(batch_size=32)
