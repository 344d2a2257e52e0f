"""The measuring core shared by training_parity.py (CPU) and gpu_parity.py (CUDA, bf16).

One side runs a generated project's ``trainer.fit`` exactly as ``cli_main(args, run=False)``
builds it (configs/default.yaml + the cpu-debug preset); the other runs a hand-written loop over
the *same* module weights (a deep copy taken before fit), the same DataLoaders, the same
optimizer and scheduler (from the module's own ``configure_optimizers``), and the same RNG
state at the start of every epoch. A small probe callback reseeds Lightning's side identically
and times the training part of each epoch.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import hashlib
import importlib
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import Callback

EPOCH_SEED = 1234
STEP_SEED = 4321


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def to_device(batch: Any, device: torch.device) -> Any:
    if device.type == "cpu":
        return batch
    if isinstance(batch, torch.Tensor):
        return batch.to(device, non_blocking=True)
    if isinstance(batch, list | tuple):
        return type(batch)(to_device(b, device) for b in batch)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    return batch


def digest(batch: Any) -> str:
    """A short hash of a batch's tensors: proves both sides saw the same first batch."""
    h = hashlib.sha1()
    items: Iterable[Any] = batch.values() if isinstance(batch, dict) else batch
    if isinstance(batch, torch.Tensor):
        items = [batch]
    for t in items:
        if isinstance(t, torch.Tensor):
            h.update(t.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------- plain adapters
# What a person writes by hand for each task: forward, loss, a running metric kept as tensors
# (no per-step sync), and an evaluation pass. ``model`` is the generated LightningModule used as
# a plain nn.Module (its forward is the network); nothing Lightning runs on this side.


class Adapter:
    name = "base"

    def train_loss(self, model: Any, batch: Any, i: int, state: dict) -> torch.Tensor:
        raise NotImplementedError

    def val_batch(self, model: Any, batch: Any, state: dict) -> None:
        raise NotImplementedError

    def summary(self, state: dict) -> dict[str, float]:
        return {k: float(v) for k, v in state.items() if isinstance(v, torch.Tensor | float | int)}


class Classification(Adapter):
    name = "classification"

    def train_loss(self, model, batch, i, state):
        x, y = batch
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        state["correct"] = state.get("correct", 0) + (logits.detach().argmax(-1) == y).sum()
        state["seen"] = state.get("seen", 0) + y.numel()
        return loss

    def val_batch(self, model, batch, state):
        x, y = batch
        logits = model(x)
        state["loss_sum"] = state.get("loss_sum", 0) + F.cross_entropy(logits, y) * y.numel()
        state["correct"] = state.get("correct", 0) + (logits.argmax(-1) == y).sum()
        state["seen"] = state.get("seen", 0) + y.numel()


class Segmentation(Adapter):
    name = "segmentation"

    def train_loss(self, model, batch, i, state):
        x, mask = batch
        return F.cross_entropy(model(x), mask)

    def val_batch(self, model, batch, state):
        x, mask = batch
        logits = model(x)
        k = logits.shape[1]
        preds = logits.argmax(1)
        inter = torch.bincount(mask[preds == mask].flatten(), minlength=k)
        area = torch.bincount(preds.flatten(), minlength=k) + torch.bincount(
            mask.flatten(), minlength=k
        )
        state["inter"] = state.get("inter", 0) + inter
        state["union"] = state.get("union", 0) + area - inter
        state["loss_sum"] = state.get("loss_sum", 0) + F.cross_entropy(logits, mask)

    def summary(self, state):
        if "union" not in state:  # the training side keeps no IoU state
            return {}
        union = state["union"]
        iou = (state["inter"][union > 0] / union[union > 0]).mean()
        return {"val_iou": float(iou), "val_loss_sum": float(state["loss_sum"])}


class Regression(Adapter):
    name = "regression"

    def _loss(self, model, pred, y):
        return F.mse_loss(pred, y) / model.hparams.target_std**2

    def train_loss(self, model, batch, i, state):
        x, y = batch
        return self._loss(model, model(x), y)

    def val_batch(self, model, batch, state):
        x, y = batch
        pred = model(x)
        state["sse"] = state.get("sse", 0) + ((pred - y) ** 2).sum()
        state["seen"] = state.get("seen", 0) + y.numel()


class LanguageModel(Adapter):
    name = "language-model"

    def train_loss(self, model, batch, i, state):
        x, y = batch
        return F.cross_entropy(model(x).flatten(0, 1), y.flatten())

    def val_batch(self, model, batch, state):
        x, y = batch
        loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten(), reduction="sum")
        state["nll_sum"] = state.get("nll_sum", 0) + loss
        state["tokens"] = state.get("tokens", 0) + y.numel()

    def summary(self, state):
        if "tokens" not in state:
            return {}
        return {"val_ppl": float(torch.exp(state["nll_sum"] / state["tokens"]))}


class StepFunction(Adapter):
    """Fallback for a task without a hand-written adapter: the module's own training_step and
    validation_step with ``self.log`` disabled (so its metric updates still run)."""

    name = "training_step"

    def train_loss(self, model, batch, i, state):
        out = model.training_step(batch, i)
        return out["loss"] if isinstance(out, dict) else out

    def val_batch(self, model, batch, state):
        model.validation_step(batch, 0)


ADAPTERS: dict[str, Adapter] = {
    "image-classification": Classification(),
    "tabular-classification": Classification(),
    "text-classification": Classification(),
    "segmentation": Segmentation(),
    "tabular-regression": Regression(),
    "causal-lm": LanguageModel(),
}


def adapter_for(task: str) -> Adapter:
    return ADAPTERS.get(task, StepFunction())


# --------------------------------------------------------------------------- optimizers


class _StubTrainer:
    """Just enough of a Trainer for a module's configure_optimizers."""

    def __init__(self, total_steps: int, epochs: int) -> None:
        self.estimated_stepping_batches = total_steps
        self.max_epochs = epochs
        self.max_steps = -1
        self.accumulate_grad_batches = 1
        self.num_devices = 1
        self.world_size = 1


def module_optimizers(module: Any, total_steps: int, epochs: int) -> tuple[Any, Any, str]:
    """The module's own optimizer and scheduler, as Lightning would build them."""
    module._trainer = _StubTrainer(total_steps, epochs)
    try:
        conf = module.configure_optimizers()
    finally:
        module._trainer = None
    scheduler, interval = None, "epoch"
    if isinstance(conf, dict):
        optimizer = conf["optimizer"]
        sched = conf.get("lr_scheduler")
        if isinstance(sched, dict):
            scheduler, interval = sched["scheduler"], sched.get("interval", "epoch")
        elif sched is not None:
            scheduler = sched
    elif isinstance(conf, list | tuple) and len(conf) == 2 and isinstance(conf[0], list | tuple):
        optimizer = conf[0][0]
        scheduler = conf[1][0] if conf[1] else None
        if isinstance(scheduler, dict):
            scheduler, interval = scheduler["scheduler"], scheduler.get("interval", "epoch")
    elif isinstance(conf, list | tuple):
        optimizer = conf[0]
    else:
        optimizer = conf
    return optimizer, scheduler, interval


# --------------------------------------------------------------------------- the two sides


@dataclass
class RunResult:
    fit_s: float = 0.0
    train_s: float = 0.0
    # CPU time of the whole process (all its threads) over the same spans: on a shared,
    # oversubscribed machine it counts the work done rather than the waiting for a core.
    fit_cpu_s: float = 0.0
    train_cpu_s: float = 0.0
    steps: int = 0
    samples: int = 0
    losses: list[float] = field(default_factory=list)
    first_batch: str = ""
    final_loss: float = float("nan")


def _batch_size(batch: Any) -> int:
    first = batch[0] if isinstance(batch, list | tuple) else batch
    if isinstance(first, dict):
        first = next(iter(first.values()))
    return int(first.shape[0]) if isinstance(first, torch.Tensor) else 1


def plain_fit(
    module: Any,
    loaders: Callable[[], tuple[Any, Any]],
    adapter: Adapter,
    *,
    epochs: int,
    log_every: int,
    workdir: Path,
    device: torch.device,
    precision: str = "32-true",
    record: bool = False,
    checkpoint: bool = True,
    clip_val: float | None = None,
    clip_algorithm: str | None = None,
) -> RunResult:
    """The hand-written loop: train, log a loss every ``log_every`` steps, validate, save.

    ``loaders()`` returns (train, val) DataLoaders; it runs inside the timed region, as the
    DataModule's setup runs inside ``trainer.fit``."""
    res = RunResult()
    workdir.mkdir(parents=True, exist_ok=True)
    sync(device)
    start, cpu_start = time.perf_counter(), time.process_time()
    train_loader, val_loader = loaders()
    model = module.to(device)
    if isinstance(adapter, StepFunction):
        model.log = lambda *a, **k: None
        model.log_dict = lambda *a, **k: None
    optimizer, scheduler, interval = module_optimizers(model, epochs * len(train_loader), epochs)
    autocast: Callable[[], Any] = contextlib.nullcontext
    if precision == "bf16-mixed":
        autocast = lambda: torch.autocast(device.type, dtype=torch.bfloat16)  # noqa: E731
    logged: list[tuple[int, float]] = []
    step = 0
    with open(workdir / "metrics.csv", "w") as log_file:
        for epoch in range(epochs):
            model.train()
            sync(device)
            t0, c0 = time.perf_counter(), time.process_time()
            # The same RNG draws in the same order as Lightning's (see Probe).
            torch.manual_seed(EPOCH_SEED + epoch)
            batches = iter(train_loader)
            if epoch == 0:
                torch.manual_seed(STEP_SEED)
            state: dict = {}
            for i, batch in enumerate(batches):
                if record and step == 0:
                    res.first_batch = digest(batch)
                batch = to_device(batch, device)
                with autocast():
                    loss = adapter.train_loss(model, batch, i, state)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if clip_val:  # as the Trainer's gradient_clip_val / gradient_clip_algorithm
                    params = [p for g in optimizer.param_groups for p in g["params"]]
                    if clip_algorithm == "value":
                        torch.nn.utils.clip_grad_value_(params, clip_val)
                    else:
                        torch.nn.utils.clip_grad_norm_(params, clip_val)
                optimizer.step()
                if scheduler is not None and interval == "step":
                    scheduler.step()
                step += 1
                res.samples += _batch_size(batch)
                if record:
                    res.losses.append(loss.detach().float())
                if step % log_every == 0:
                    logged.append((step, loss.item()))
            sync(device)
            res.train_s += time.perf_counter() - t0
            res.train_cpu_s += time.process_time() - c0
            if scheduler is not None and interval == "epoch":
                scheduler.step()
            vstate: dict = {}
            if val_loader is not None:
                model.eval()
                with torch.no_grad(), autocast():
                    for batch in val_loader:
                        adapter.val_batch(model, to_device(batch, device), vstate)
            values = {**adapter.summary(state), **adapter.summary(vstate)}
            for s, v in logged:
                log_file.write(f"{epoch},{s},{v}\n")
            log_file.write(f"{epoch},{step},{values}\n")
            logged.clear()
            if checkpoint:
                ckpt = {"epoch": epoch, "state_dict": model.state_dict()}
                ckpt["optimizer"] = optimizer.state_dict()
                torch.save(ckpt, workdir / "last.pt")
    sync(device)
    res.fit_s = time.perf_counter() - start
    res.fit_cpu_s = time.process_time() - cpu_start
    res.steps = step
    if record:
        res.losses = [float(x) for x in res.losses]
        res.final_loss = res.losses[-1] if res.losses else float("nan")
    return res


class Probe(Callback):
    """Reseeds every training epoch like the plain loop, times its training part, and (when
    recording) keeps each step's loss and the first batch's hash."""

    def __init__(self, device: torch.device, record: bool = False) -> None:
        self.device = device
        self.record = record
        self.res = RunResult()
        self._t0: float | None = None
        self._c0 = 0.0

    # RNG alignment with plain_fit. Epoch 0's train iterator (which draws the sampler's seed
    # from the global RNG) is created while configure_optimizers asks for
    # estimated_stepping_batches, after the callbacks' setup; the sanity check then draws more.
    # So: seed at setup (-> epoch 0's batch order), seed again when epoch 0 starts (-> dropout
    # masks); later epochs create their iterator after on_train_epoch_start.
    def setup(self, trainer, pl_module, stage):
        torch.manual_seed(EPOCH_SEED)

    def on_train_epoch_start(self, trainer, pl_module):
        epoch = trainer.current_epoch
        torch.manual_seed(STEP_SEED if epoch == 0 else EPOCH_SEED + epoch)
        sync(self.device)
        self._t0, self._c0 = time.perf_counter(), time.process_time()

    def _close(self) -> None:
        if self._t0 is not None:
            sync(self.device)
            self.res.train_s += time.perf_counter() - self._t0
            self.res.train_cpu_s += time.process_time() - self._c0
            self._t0 = None

    def on_validation_start(self, trainer, pl_module):
        if not trainer.sanity_checking:
            self._close()

    def on_train_epoch_end(self, trainer, pl_module):
        self._close()

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.res.steps += 1
        self.res.samples += _batch_size(batch)
        if self.record:
            if self.res.steps == 1:
                self.res.first_batch = digest(batch)
            loss = outputs["loss"] if isinstance(outputs, dict) else outputs
            self.res.losses.append(loss.detach().float())


def lightning_fit(
    trainer: Any, model: Any, datamodule: Any, device: torch.device, record: bool = False
) -> RunResult:
    probe = Probe(device, record)
    trainer.callbacks.append(probe)
    sync(device)
    start, cpu_start = time.perf_counter(), time.process_time()
    trainer.fit(model, datamodule=datamodule)
    sync(device)
    probe.res.fit_s = time.perf_counter() - start
    probe.res.fit_cpu_s = time.process_time() - cpu_start
    if record:
        probe.res.losses = [float(x) for x in probe.res.losses]
        probe.res.final_loss = probe.res.losses[-1] if probe.res.losses else float("nan")
    return probe.res


def loss_parity(a: RunResult, b: RunResult, n_steps: int, tol: float) -> dict[str, Any]:
    n = min(len(a.losses), len(b.losses), n_steps)
    diffs = [abs(x - y) for x, y in zip(a.losses[:n], b.losses[:n], strict=True)]
    worst = max(diffs) if diffs else float("nan")
    return {
        "steps_compared": n,
        "lightning_loss_at_n": a.losses[n - 1] if n else None,
        "plain_loss_at_n": b.losses[n - 1] if n else None,
        "max_abs_diff": worst,
        "tolerance": tol,
        "same_first_batch": a.first_batch == b.first_batch and bool(a.first_batch),
        "passed": bool(n) and worst <= tol and a.first_batch == b.first_batch,
    }


# --------------------------------------------------------------------------- projects


def import_project(project: Path, package: str) -> types.ModuleType:
    src = str(project / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return importlib.import_module(f"{package}.cli")


def fresh_gc() -> None:
    gc.collect()


def seed_all(seed: int) -> None:
    L.seed_everything(seed, workers=True, verbose=False)


def deepcopy_module(module: Any) -> Any:
    return copy.deepcopy(module)


# --------------------------------------------------------------------------- summaries


def _median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def _spread(values: list[float]) -> list[float]:
    return [float(min(values)), float(max(values))] if values else []


def summarise(rows: dict[str, list[dict]], baseline: str = "plain") -> dict[str, Any]:
    """Medians per configuration and the median of per-repeat paired ratios vs ``baseline``."""
    out: dict[str, Any] = {}
    base = rows[baseline]
    for name, runs in rows.items():
        train_sps = [r["samples"] / r["train_s"] for r in runs if r["train_s"] > 0]
        fit_sps = [r["samples"] / r["fit_s"] for r in runs if r["fit_s"] > 0]
        entry = {
            "repeats": len(runs),
            "steps": runs[0]["steps"],
            "samples": runs[0]["samples"],
            "train_samples_per_s": _median(train_sps),
            "fit_samples_per_s": _median(fit_sps),
            "train_ms_per_step": _median([1e3 * r["train_s"] / r["steps"] for r in runs]),
            "train_cpu_ms_per_step": _median([1e3 * r["train_cpu_s"] / r["steps"] for r in runs]),
            "train_cpu_samples_per_s": _median(
                [r["samples"] / r["train_cpu_s"] for r in runs if r["train_cpu_s"] > 0]
            ),
            "fit_s": _median([r["fit_s"] for r in runs]),
        }
        if name != baseline:
            train_ratio = [b["train_s"] / r["train_s"] for r, b in zip(runs, base, strict=True)]
            fit_ratio = [b["fit_s"] / r["fit_s"] for r, b in zip(runs, base, strict=True)]
            entry["train_ratio"] = _median(train_ratio)
            entry["train_ratio_range"] = _spread(train_ratio)
            entry["fit_ratio"] = _median(fit_ratio)
            entry["fit_ratio_range"] = _spread(fit_ratio)
            entry["overhead_ms_per_step"] = entry["train_ms_per_step"] - _median(
                [1e3 * b["train_s"] / b["steps"] for b in base]
            )
            cpu_ratio = [
                b["train_cpu_s"] / r["train_cpu_s"]
                for r, b in zip(runs, base, strict=True)
                if r["train_cpu_s"] > 0
            ]
            fit_cpu_ratio = [
                b["fit_cpu_s"] / r["fit_cpu_s"]
                for r, b in zip(runs, base, strict=True)
                if r["fit_cpu_s"] > 0
            ]
            entry["train_cpu_ratio"] = _median(cpu_ratio)
            entry["train_cpu_ratio_range"] = _spread(cpu_ratio)
            entry["fit_cpu_ratio"] = _median(fit_cpu_ratio)
            entry["cpu_overhead_ms_per_step"] = entry["train_cpu_ms_per_step"] - _median(
                [1e3 * b["train_cpu_s"] / b["steps"] for b in base]
            )
        out[name] = entry
    return out


def as_row(res: Any) -> dict[str, Any]:
    return {
        "fit_s": res.fit_s,
        "train_s": res.train_s,
        "fit_cpu_s": res.fit_cpu_s,
        "train_cpu_s": res.train_cpu_s,
        "steps": res.steps,
        "samples": res.samples,
    }
