"""Mistake: the targets are redrawn every step, so even one batch cannot be memorised."""

import lightning as L
import torch
from _base import loader


class CannotLearn(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 10)

    def training_step(self, batch, batch_idx):
        x, _ = batch
        y = torch.randint(0, 10, (x.shape[0],))  # should be the batch's own labels
        loss = torch.nn.functional.cross_entropy(self.layer(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader(batch_size=32)
