"""``rehearse`` and ``predict-from-checkpoint``: the user's real run, shortened.

``fast_dev_run`` turns callbacks, loggers and checkpointing off, so a monitor that is never
logged, a logger whose package is missing or a best checkpoint that is never written all pass
it. ``rehearse`` runs a short real ``fit`` with the target's own callbacks, logger, checkpointing
and progress bar (only the hardware and the length are overridden), then ``validate`` and
``test`` with ``ckpt_path="best"`` as users run them. It leaves the best checkpoint, one batch
and the trained model's prediction on it in the target's shared folder, where
``predict-from-checkpoint`` (a fresh process) rebuilds the model from that checkpoint alone and
compares. Torch is imported inside the functions (the registry imports this module).
"""

from __future__ import annotations

import importlib
import math
from pathlib import Path
from typing import Any

from lightning_skill.validate.checks import (
    Session,
    _data_kwargs,
    _first_batch,
    _framework_of,
    _max_diff,
    _overridden,
    magnitude,
    outputs,
)
from lightning_skill.validate.errors import CheckError, CheckSkipped

# How long the rehearsal runs: long enough for every epoch-end hook, checkpoint and early
# stopping decision to happen twice, short enough for the default check set's time budget.
LENGTH = {
    "max_epochs": 2,
    "max_steps": -1,
    "limit_train_batches": 2,
    "limit_val_batches": 2,
    "limit_test_batches": 2,
    "limit_predict_batches": 2,
    # Validation every epoch, so monitors are fed as in a real epoch-sized run.
    "val_check_interval": 1.0,
    "check_val_every_n_epoch": 1,
    "log_every_n_steps": 1,
}
SAVED = "rehearse.pt"  # in the target's shared folder


class NoBestCheckpoint(CheckError, AssertionError):
    """rehearse: a ModelCheckpoint is configured but saved no best checkpoint."""

    hint = (
        "the run's ModelCheckpoint saved nothing usable as ckpt_path='best': give it a "
        "monitor that is logged (self.log the exact key), save_top_k >= 1, and keep "
        "enable_checkpointing on"
    )
    anchor = "validate-checks.md#rehearse"


class PredictionsDiffer(CheckError, AssertionError):
    """predict-from-checkpoint: the rebuilt model predicts differently."""

    hint = (
        "the checkpoint does not hold everything the model needs: state set during fit or "
        "setup() (normalisation statistics, vocabularies, label maps) must live in "
        "save_hyperparameters(), registered buffers, or on_save_checkpoint/on_load_checkpoint"
    )
    anchor = "validate-checks.md#predict-from-checkpoint"


def _flag(name: str, value: Any) -> str:
    return f"--trainer.{name}={str(value).lower() if isinstance(value, bool) else value}"


def _build(s: Session) -> tuple[Any, Any, Any, list[str]]:
    """(model, datamodule, trainer, what was overridden) for the rehearsal."""
    if s.kind == "project":
        overrides = [*s.hardware, *(_flag(k, v) for k, v in LENGTH.items())]
        cli = s.module.cli_main(args=s._cli_args(overrides), run=False)
        return cli.model, cli.datamodule, cli.trainer, overrides
    model, dm = s.fresh()
    # A file has no Trainer configuration of its own: Lightning's defaults (logger, a
    # ModelCheckpoint, progress bar) plus whatever the module's configure_callbacks returns.
    settings = {"accelerator": s.accelerator, "devices": 1, "default_root_dir": str(s.work_dir)}
    trainer = s.framework.Trainer(**settings, **LENGTH)
    return model, dm, trainer, [f"{k}={v}" for k, v in {**settings, **LENGTH}.items()]


def check_rehearse(s: Session) -> dict[str, Any]:
    import torch

    s.require("instantiate")
    model, dm, trainer, overrides = _build(s)
    trainer.fit(model, **_data_kwargs(dm))
    details: dict[str, Any] = {
        "overrides": overrides,
        "global_step": trainer.global_step,
        "epochs": trainer.current_epoch,
        "callbacks": sorted({type(c).__name__ for c in trainer.callbacks} - {"Progress"}),
        "logger": type(trainer.logger).__name__ if trainer.logger else None,
        "metrics": sorted(trainer.callback_metrics),
    }
    saver = trainer.checkpoint_callback
    best = getattr(saver, "best_model_path", "") if saver is not None else ""
    best = str(Path(best).resolve()) if best else ""  # relative to this job's working dir
    if saver is not None and not (best and Path(best).is_file()):
        monitor = getattr(saver, "monitor", None)
        raise NoBestCheckpoint(
            f"after {trainer.current_epoch} epochs {type(saver).__name__}"
            f"(monitor={monitor!r}) has no best checkpoint "
            f"(logged: {', '.join(sorted(trainer.callback_metrics)) or 'nothing'})",
            details,
        )
    ckpt = "best" if saver is not None else None
    details["best_checkpoint"] = Path(best).name if best else None
    for stage, step, loader in (
        ("validate", "validation_step", "val_dataloader"),
        ("test", "test_step", "test_dataloader"),
    ):
        if _overridden(step, model) and _overridden(loader, model, dm):
            out = getattr(trainer, stage)(model, **_data_kwargs(dm), ckpt_path=ckpt)
            details[f"{stage}_metrics"] = {
                k: float(v) for d in out or [] for k, v in d.items() if math.isfinite(float(v))
            }
    if best:
        # Hand predict-from-checkpoint the best weights, one batch and what they predict.
        state = torch.load(best, map_location="cpu", weights_only=False)["state_dict"]
        model.load_state_dict(state)
        batch = _first_batch(model, dm)
        prediction = outputs(s, model.cpu(), batch)
        cls = type(model)
        torch.save(
            {
                "checkpoint": best,
                "class": [cls.__module__, cls.__qualname__],
                "batch": batch,
                "prediction": prediction,
            },
            Path(s.request["shared_dir"]) / SAVED,
        )
    return details


def check_predict_from_checkpoint(s: Session) -> dict[str, Any]:
    import torch

    s.require("import")
    saved_path = Path(s.request.get("shared_dir") or ".") / SAVED
    if not saved_path.is_file():
        raise CheckSkipped(
            "no best checkpoint to start from: it needs the 'rehearse' check (ask for both), "
            "and a ModelCheckpoint in the run"
        )
    saved = torch.load(saved_path, map_location="cpu", weights_only=False)
    module_name, qualname = saved["class"]
    cls: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    # As users do in a new process: the class and the checkpoint file, nothing else.
    model = cls.load_from_checkpoint(saved["checkpoint"], map_location="cpu")
    s.framework = _framework_of(model)
    prediction = outputs(s, model, saved["batch"])
    diff = _max_diff(saved["prediction"], prediction)
    scale = max(1.0, magnitude(saved["prediction"]))
    if not diff <= 1e-5 * scale:
        raise PredictionsDiffer(
            f"{cls.__name__}.load_from_checkpoint in a fresh process predicts differently from "
            f"the trained model on the same batch (max abs diff {diff:.3g})",
            {"max_abs_diff": diff},
        )
    return {"checkpoint": Path(saved["checkpoint"]).name, "max_abs_diff": diff}
