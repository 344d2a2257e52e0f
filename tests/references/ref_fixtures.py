"""Named fixtures that documentation fragments are composed with (``<!-- fixture: NAME -->``).

Each fixture is Python source prepended to the fragment; the fragment then runs as one program.
They are small (CPU, a few batches) so the whole directory runs in minutes on two cores.
"""

from __future__ import annotations

MODEL = """
import lightning as L
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class LitModel(L.LightningModule):
    def __init__(self, in_dim: int = 32, num_classes: int = 4, lr: float = 0.05):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(in_dim, 32), torch.nn.ReLU(), torch.nn.Linear(32, num_classes)
        )

    def forward(self, x):
        return self.net(x)

    def _step(self, batch, stage):
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        self.log(f"{stage}_loss", loss, prog_bar=True)
        self.log(f"{stage}_acc", (logits.argmax(-1) == y).float().mean())
        return loss

    def training_step(self, batch, batch_idx):
        return self._step(batch, "train")

    def validation_step(self, batch, batch_idx):
        self._step(batch, "val")

    def test_step(self, batch, batch_idx):
        self._step(batch, "test")

    def predict_step(self, batch, batch_idx):
        x, _ = batch
        return self(x).argmax(-1)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


def make_loader(n: int = 64, batch_size: int = 16, shuffle: bool = False, in_dim: int = 32):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, in_dim, generator=g)
    y = x[:, :4].argmax(-1)  # a learnable label
    return DataLoader(TensorDataset(x, y), batch_size=batch_size, shuffle=shuffle)


train_loader = make_loader(shuffle=True)
val_loader = make_loader()
test_loader = make_loader()
model = LitModel()
"""

DATAMODULE = """
import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split


class RandomDataModule(L.LightningDataModule):
    def __init__(self, in_dim: int = 32, batch_size: int = 16, num_workers: int = 0):
        super().__init__()
        self.save_hyperparameters()

    def setup(self, stage: str):
        g = torch.Generator().manual_seed(0)
        x = torch.randn(96, self.hparams.in_dim, generator=g)
        data = TensorDataset(x, x[:, :4].argmax(-1))
        self.train_set, self.val_set, self.test_set = random_split(data, [64, 16, 16], generator=g)

    def _loader(self, dataset, shuffle=False):
        return DataLoader(dataset, batch_size=self.hparams.batch_size, shuffle=shuffle,
                          num_workers=self.hparams.num_workers)

    def train_dataloader(self):
        return self._loader(self.train_set, shuffle=True)

    def val_dataloader(self):
        return self._loader(self.val_set)

    def test_dataloader(self):
        return self._loader(self.test_set)

    def predict_dataloader(self):
        return self._loader(self.test_set)
"""

CHECKPOINT = (
    MODEL
    + """
from lightning.pytorch.callbacks import ModelCheckpoint

_trainer = L.Trainer(
    max_epochs=2, logger=False, enable_progress_bar=False, enable_model_summary=False,
    callbacks=[ModelCheckpoint(dirpath="checkpoints", monitor="val_loss", save_last=True)],
)
_trainer.fit(model, train_loader, val_loader)
ckpt_path = _trainer.checkpoint_callback.best_model_path
"""
)

FIXTURES: dict[str, str] = {
    "model": MODEL,
    "datamodule": DATAMODULE,
    "model+datamodule": MODEL + DATAMODULE,
    "checkpoint": CHECKPOINT,
}
