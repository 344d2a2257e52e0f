"""Correct: predict_step reads self.trainer (as Lightning allows); the checkpoint check once
called it with no Trainer attached and failed it."""

import lightning as L
import torch
import torch.nn.functional as F
from _base import loader


class ReadsTrainer(L.LightningModule):
    def __init__(self, lr: float = 0.05) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.cross_entropy(self(x), y))

    def predict_step(self, batch, batch_idx):
        assert self.trainer.predicting  # raises when no Trainer is attached
        return self(batch[0]).softmax(-1)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)

    def train_dataloader(self):
        return loader(64, seed=0)

    def val_dataloader(self):
        return loader(16, seed=1)
