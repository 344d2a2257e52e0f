"""DDP on CPU for the ``ddp`` check: gloo, spawned ranks, and a clean exit.

Spawning (rather than forking or re-running a script) pickles the Trainer and the module for
each rank, exactly what real multi-process training needs, so unpicklable attributes show up.

The known flake: with gloo a run can abort at interpreter exit with ``terminate called without
an active exception``, because Lightning registers process-group cleanup
(``_destroy_dist_connection``) only for NCCL (no rate is claimed: an audit did not reproduce it
in 18 runs). Each rank here ends with a barrier and ``torch.distributed.destroy_process_group()``
before the process exits, which removes the cause.

Each rank also writes what it logged and which warnings it raised to ``<record_dir>/rank<N>.json``
so the check can compare ranks (rank-dependent logging) and report missing ``sync_dist``.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import torch.distributed as dist
from lightning.pytorch.strategies import DDPStrategy
from lightning.pytorch.strategies.launchers.multiprocessing import _MultiProcessingLauncher


def clean_exit() -> None:
    """Barrier + destroy the process group (what Lightning does for NCCL only)."""
    if dist.is_available() and dist.is_initialized():
        try:
            dist.barrier()
        finally:
            dist.destroy_process_group()


class _CleanLauncher(_MultiProcessingLauncher):
    def __init__(self, strategy: Any, start_method: str, record_dir: str | None) -> None:
        super().__init__(strategy, start_method=start_method)
        self.record_dir = record_dir

    def _wrapping_function(self, process_idx: int, trainer: Any, *args: Any, **kwargs: Any) -> None:
        caught: list[warnings.WarningMessage] = []
        ok = False
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                super()._wrapping_function(process_idx, trainer, *args, **kwargs)
            ok = True
        finally:
            self._record(process_idx, trainer, caught, ok)
            if ok:
                clean_exit()
            elif dist.is_available() and dist.is_initialized():
                dist.destroy_process_group()  # no barrier: the other rank may never come

    def _record(self, idx: int, trainer: Any, caught: list[Any], ok: bool) -> None:
        if not self.record_dir:
            return
        keys = sorted(getattr(trainer, "callback_metrics", {}) or {})
        record = {
            "rank": idx,
            "ok": ok,
            "logged": keys,
            "warnings": [f"{w.category.__name__}: {w.message}" for w in caught][:50],
        }
        path = Path(self.record_dir) / f"rank{idx}.json"
        path.write_text(json.dumps(record), encoding="utf-8")


class CleanDDPStrategy(DDPStrategy):
    """``DDPStrategy(start_method="spawn")`` whose ranks exit cleanly and record what they did."""

    def __init__(self, *args: Any, record_dir: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("start_method", "spawn")
        super().__init__(*args, **kwargs)
        self.record_dir = record_dir

    def _configure_launcher(self) -> None:
        self._launcher = _CleanLauncher(self, self._start_method, self.record_dir)


def read_records(record_dir: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(record_dir.glob("rank*.json")):
        try:
            out.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    return out


def child_env_ready() -> None:
    """Spawned ranks are fresh interpreters: keep them from writing __pycache__ anywhere."""
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
