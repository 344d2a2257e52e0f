"""The generated tabular loader: a batch fetched at once vs row by row, side by side.

The tabular data module serves its in-memory table through ``Rows`` (``__getitems__``: one index
per tensor) and a pass-through ``collate_fn``. This script generates the default
tabular-classification project, builds its train loader, and times it against the loader Lightning
users usually write over the same tensors: ``DataLoader(TensorDataset(...), batch_size,
shuffle=True)``, per-row lookups stacked by ``default_collate``. Both are iterated in one process,
one thread, interleaved; reported is main-process CPU per batch (the medians of the repeats) and
whether the two yield the same batches in the same order from the same seed.

Run: ``.venv/bin/python benchmarks/tabular_loader.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

NAME = "tabular_loader"
TASK = "tabular-classification"


def measure(project: Path, batch_sizes: list[int], repeats: int, epochs: int) -> dict:
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    torch.set_num_threads(1)
    sys.path.insert(0, str(project / "src"))
    data = __import__(f"{C.package_name(TASK)}.data", fromlist=["TabularDataModule"])
    rows: dict[str, dict] = {}
    for batch_size in batch_sizes:
        dm = data.TabularDataModule(batch_size=batch_size, num_workers=0)
        generated = dm.train_dataloader()
        tensors = generated.dataset.tensors
        plain = DataLoader(TensorDataset(*tensors), batch_size=batch_size, shuffle=True)
        torch.manual_seed(0)
        ours = list(generated)
        torch.manual_seed(0)
        theirs = list(plain)
        same = len(ours) == len(theirs) and all(
            all(torch.equal(a, b) for a, b in zip(x, y, strict=True))
            for x, y in zip(ours, theirs, strict=True)
        )
        times: dict[str, list[float]] = {"generated": [], "per_row": []}
        for _ in range(repeats):
            for name, loader in (("generated", generated), ("per_row", plain)):
                start, batches = time.process_time(), 0
                for _ in range(epochs):
                    batches += sum(1 for _ in loader)
                times[name].append((time.process_time() - start) / batches * 1e3)
        row = {f"{k}_ms_per_batch": round(C.median(v), 4) for k, v in times.items()}
        row.update({f"{k}_spread_ms": [round(x, 4) for x in C.spread(v)] for k, v in times.items()})
        row["rows"] = len(generated.dataset)
        row["same_batches"] = same
        rows[str(batch_size)] = row
        print(f"[{NAME}] batch {batch_size}: {row}")
    return rows


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="one batch size, one repeat (smoke run)")
    p.add_argument("--out", type=Path, default=None, help="results JSON path")
    args = p.parse_args(argv)
    sizes, repeats, epochs = ([64], 1, 1) if args.quick else ([64, 256], 5, 10)
    result = C.new_result(NAME, argv if argv is not None else sys.argv[1:], args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        project = C.scaffold(TASK, Path(tmp))
        result["results"] = {"batch_sizes": measure(project, sizes, repeats, epochs)}
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    print(f"[{NAME}] wrote {out}")


if __name__ == "__main__":
    main()
