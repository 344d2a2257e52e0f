"""Runs a generated project's model and data through one fit, then saves what each rank holds.

``python ddp_driver.py PROJECT_SRC PACKAGE OUT MODE [CLI ARGS...]``. The project's own CLI
builds model, data and Trainer (``cli_main(run=False)``: its configs, links and presets), so
the run is the project's, not a copy. MODE ``ordered``: the training and validation loaders
are rebuilt without shuffling over a sample count divisible by every batch, so a 2-process run
and a 1-process run at twice the batch see the same samples per step (Lightning's parity
setup); ``as-is``: the project's loaders unchanged. Each rank writes ``rank<N>.pt`` (its
weights) and ``rank<N>.json`` (validation metrics, global step). Children of the DDP launcher
re-run this file as ``__main__``, hence the guard.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, Sampler


class Strided(Sampler[int]):
    """Samples rank, rank + world, ... of 0..n-1, in order (rank and world read when iterated).

    Lightning always gives the DDP training loader a *shuffling* DistributedSampler, whatever
    the loader's own shuffle; parity needs a fixed order, so the run passes
    ``--trainer.use_distributed_sampler=false`` and brings this one.
    """

    def __init__(self, n: int) -> None:
        self.n = n

    def _rank_world(self) -> tuple[int, int]:
        if dist.is_available() and dist.is_initialized():
            return dist.get_rank(), dist.get_world_size()
        return 0, 1

    def __iter__(self) -> Iterator[int]:
        rank, world = self._rank_world()
        return iter(range(rank, self.n, world))

    def __len__(self) -> int:
        rank, world = self._rank_world()
        return len(range(rank, self.n, world))


def ordered(loader: DataLoader, batch_size: int, multiple: int) -> DataLoader:
    """The loader's dataset cut to a multiple of ``multiple`` samples, strided over ranks."""
    n = len(loader.dataset) // multiple * multiple
    return DataLoader(
        loader.dataset, batch_size=batch_size, sampler=Strided(n), collate_fn=loader.collate_fn
    )


def main() -> None:
    src, package, out, mode, *args = sys.argv[1:]
    torch.set_num_threads(1)
    sys.path.insert(0, src)
    from importlib import import_module

    cli = import_module(f"{package}.cli").cli_main(args, run=False)
    model, data, trainer = cli.model, cli.datamodule, cli.trainer
    init = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if mode == "ordered":
        data.setup("fit")
        # The same sample count in every run: a multiple of 2 ranks x the largest batch used.
        train = ordered(data.train_dataloader(), data.batch_size, 128)
        val = ordered(data.val_dataloader(), data.batch_size, 128)
        trainer.fit(model, train_dataloaders=train)
        metrics = trainer.validate(model, dataloaders=val, verbose=False)[0]
    else:
        trainer.fit(model, datamodule=data)
        metrics = {}
    rank = trainer.global_rank
    out_dir = Path(out)
    weights = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    torch.save(weights, out_dir / f"rank{rank}.pt")
    record = {
        "metrics": metrics,
        "global_step": trainer.global_step,
        "world": trainer.world_size,
        "strategy": type(trainer.strategy).__name__,
        "find_unused": getattr(trainer.strategy, "_ddp_kwargs", {}).get("find_unused_parameters"),
        # How far training moved the weights: parity tolerances must be far below it.
        "moved": max((weights[k].float() - init[k].float()).abs().max().item() for k in init),
    }
    (out_dir / f"rank{rank}.json").write_text(json.dumps(record))
    import_module(f"{package}.cli").teardown_distributed()


if __name__ == "__main__":
    main()
