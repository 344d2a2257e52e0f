"""Mistake: exported at the example's shape only, so the program accepts batch size 1 alone;
users call it with whole batches."""

import lightning as L
import torch
from _base import loader


class Exported(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)
        self.example_input_array = torch.zeros(1, 8)

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return loader()


DYNAMIC_BATCH = False  # the fix: True


def export_model(model, path):
    # A dynamic dimension cannot be traced at size 1 (torch.export specialises sizes 0 and 1).
    x = model.example_input_array.repeat(2, 1) if DYNAMIC_BATCH else model.example_input_array
    shapes = {"x": {0: torch.export.Dim("batch", min=1)}} if DYNAMIC_BATCH else None
    torch.export.save(torch.export.export(model, (x,), dynamic_shapes=shapes), path)
