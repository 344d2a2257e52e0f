"""A plain PyTorch model and loop, as users bring them before converting to Lightning."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, in_features: int = 20, hidden: int = 64, num_classes: int = 4) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(in_features, hidden), nn.ReLU(), nn.Linear(hidden, num_classes)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


if __name__ == "__main__":
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(256, 20), torch.randint(0, 4, (256,))
    for epoch in range(5):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        print(epoch, loss.item())
