"""Shared pieces for the broken modules (each module is one classic mistake)."""

import torch
from torch.utils.data import DataLoader, TensorDataset


def loader(n: int = 32, features: int = 8, seed: int = 0, batch_size: int = 8) -> DataLoader:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, features, generator=g)
    return DataLoader(TensorDataset(x, (x[:, 0] > 0).long()), batch_size=batch_size)
