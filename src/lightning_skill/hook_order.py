"""Measure the order in which the installed Lightning calls hooks during ``Trainer.fit``.

``python -m lightning_skill.hook_order`` runs a tiny model for one epoch (one sanity-check batch,
one training batch, one validation batch, a ``ModelCheckpoint``) and prints every
``LightningModule`` hook in call order. A hook called while another recorded hook is still running
is indented under it (``training_step`` runs inside ``optimizer_step``'s closure). Callback-only
hooks (the sanity-check markers) appear as ``Callback.<name>``.

``python -m lightning_skill.hook_order --callbacks`` also prints every ``Callback`` hook.

The hook-order section of ``references/best-practices.md`` is checked against :func:`render`
by the test-suite, so the document cannot drift from the installed Lightning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings

# LightningModule hooks recorded (all that fire during fit, plus the data-transfer hooks).
MODULE_HOOKS = (
    "prepare_data",
    "setup",
    "configure_model",
    "configure_optimizers",
    "on_fit_start",
    "on_train_start",
    "on_train_epoch_start",
    "on_before_batch_transfer",
    "transfer_batch_to_device",
    "on_after_batch_transfer",
    "on_train_batch_start",
    "training_step",
    "optimizer_step",
    "on_before_zero_grad",
    "optimizer_zero_grad",
    "on_before_backward",
    "backward",
    "on_after_backward",
    "on_before_optimizer_step",
    "configure_gradient_clipping",
    "on_train_batch_end",
    "on_train_epoch_end",
    "on_validation_model_zero_grad",
    "on_validation_model_eval",
    "on_validation_model_train",
    "on_validation_start",
    "on_validation_epoch_start",
    "on_validation_batch_start",
    "validation_step",
    "on_validation_batch_end",
    "on_validation_epoch_end",
    "on_validation_end",
    "on_save_checkpoint",
    "on_train_end",
    "on_fit_end",
    "teardown",
    "train_dataloader",
    "val_dataloader",
)
# Callback-only hooks shown in the compact order (they mark where the sanity check sits).
CALLBACK_MARKERS = ("on_sanity_check_start", "on_sanity_check_end")


def record() -> list[tuple[int, str]]:
    """Run one tiny ``fit`` and return ``(depth, name)`` for every hook call, in order.

    Module hooks are named as is; callback hooks are prefixed ``Callback.``.
    """
    import lightning as L
    import torch
    from lightning.pytorch.callbacks import Callback, ModelCheckpoint
    from torch.utils.data import DataLoader, TensorDataset

    calls: list[tuple[int, str]] = []
    depth = [0]

    # No functools.wraps: Lightning skips some hooks unless they look overridden, and it
    # unwraps ``__wrapped__`` to decide; a plain wrapper reads as "the user overrode it".
    def recording(name: str, fn):
        def wrapper(*args, **kwargs):
            calls.append((depth[0], name))
            depth[0] += 1
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    class Model(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.layer = torch.nn.Linear(4, 1)

        def training_step(self, batch, batch_idx):
            (x,) = batch
            return self.layer(x).pow(2).mean()

        def validation_step(self, batch, batch_idx):
            (x,) = batch
            self.log("val_loss", self.layer(x).pow(2).mean())

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

        def train_dataloader(self):
            return DataLoader(TensorDataset(torch.randn(4, 4)), batch_size=2)

        def val_dataloader(self):
            return DataLoader(TensorDataset(torch.randn(4, 4)), batch_size=2)

    for name in MODULE_HOOKS:
        fn = getattr(Model, name)
        setattr(Model, name, recording(name, fn))

    class Recorder(Callback):
        pass

    for name in dir(Callback):
        if name.startswith("on_") or name in ("setup", "teardown"):
            setattr(Recorder, name, recording(f"Callback.{name}", getattr(Callback, name)))

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer = L.Trainer(
            default_root_dir=tmp,
            max_epochs=1,
            limit_train_batches=1,
            limit_val_batches=1,
            num_sanity_val_steps=1,
            callbacks=[Recorder(), ModelCheckpoint(dirpath=tmp, monitor="val_loss")],
            logger=False,
            enable_progress_bar=False,
            enable_model_summary=False,
            accelerator="cpu",
            devices=1,
        )
        trainer.fit(Model())
    return calls


def compact(calls: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Module hooks plus the callback-only sanity-check markers (the order the docs show)."""
    out = []
    for depth, name in calls:
        if name.startswith("Callback."):
            if name.removeprefix("Callback.") in CALLBACK_MARKERS:
                out.append((depth, name))
            continue
        out.append((depth, name))
    return out


def render(calls: list[tuple[int, str]]) -> str:
    return "\n".join("  " * depth + name for depth, name in calls) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lightning_skill.hook_order",
        description="Print the hook call order of one tiny Trainer.fit on the installed Lightning.",
    )
    parser.add_argument(
        "--callbacks", action="store_true", help="also print every Callback hook call"
    )
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    calls = record()
    sys.stdout.write(render(calls if args.callbacks else compact(calls)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
