"""Common Lightning failures -> cause and fix, pointing at references/troubleshooting.md.

Matched against ``"<ExceptionType>: <message>"``; the first matching pattern wins. Each entry
was produced by really triggering the error on Lightning 2.6 (see tests/validate).
"""

from __future__ import annotations

import re

_DOC = "references/troubleshooting.md"

# (pattern, hint, troubleshooting section anchor)
HINTS: list[tuple[str, str, str]] = [
    (
        r"`model` must be a `LightningModule`",
        "the module and the Trainer come from different packages: use `import lightning as L` "
        "everywhere, never mixed with `pytorch_lightning`",
        "model-must-be-a-lightningmodule",
    ),
    (
        r"mat1 and mat2 shapes cannot be multiplied",
        "a Linear layer's in_features does not match the flattened input: print x.shape before "
        "it, or use nn.LazyLinear / nn.Flatten",
        "mat1-and-mat2-shapes-cannot-be-multiplied",
    ),
    (
        r"`train_dataloader` must be implemented|No `training_step\(\)` method defined"
        r"|No `configure_optimizers\(\)` method defined",
        "the Trainer needs training_step, configure_optimizers and training data (a "
        "train_dataloader on the module or a LightningDataModule)",
        "train_dataloader-must-be-implemented",
    ),
    (
        r"optimizer got an empty parameter list",
        "the optimizer was given no parameters: build layers in __init__ (or configure_model) "
        "and pass self.parameters()",
        "optimizer-got-an-empty-parameter-list",
    ),
    (
        r"Expected all tensors to be on the same device|found at least two devices",
        "a tensor was created on the wrong device: create it with device=self.device or "
        "register it with self.register_buffer; never call .cuda() in a LightningModule",
        "expected-all-tensors-to-be-on-the-same-device",
    ),
    (
        r"twice in `\w+` with different arguments",
        "one metric name is logged twice in a step with different options: log it once, or "
        "use two names",
        "selflog-called-twice-with-different-arguments",
    ),
    (
        r"could not find the monitored key|Available metrics are",
        "the callback monitors a metric that is never logged under that name: self.log the "
        "exact key (e.g. 'val_loss') in validation_step",
        "monitor-not-found-in-returned-metrics",
    ),
    (
        r"CUDA out of memory|OutOfMemoryError",
        "reduce batch_size, use precision='bf16-mixed', accumulate_grad_batches, or "
        "activation checkpointing",
        "cuda-out-of-memory",
    ),
    (
        r"too many values to unpack|not enough values to unpack|'(list|tuple)' object has no "
        r"attribute '(dim|shape|size|float|to)'|conv\w*\(\) received an invalid combination",
        "a batch does not have the structure the step expects; the default predict_step passes "
        "the whole (x, y) batch to forward: override predict_step to take batch[0]",
        "predict_step-receives-x-y",
    ),
    (
        r"loss.* (is )?nan|NaN",
        "the loss became NaN: lower the learning rate, clip gradients "
        "(gradient_clip_val), check inputs for NaN/inf",
        "loss-is-nan",
    ),
    (
        r"Timeout",
        "the check did not finish in time: look for an infinite loop, a DataLoader that never "
        "ends, or (DDP) a rank waiting on a collective the others never reach",
        "ddp-hangs-or-aborts-at-exit",
    ),
]

_COMPILED = [(re.compile(p), hint, anchor) for p, hint, anchor in HINTS]


def hint_for(error_type: str | None, message: str | None) -> str | None:
    text = f"{error_type or ''}: {message or ''}"
    for pattern, hint, anchor in _COMPILED:
        if pattern.search(text):
            return f"{hint} (see {_DOC}#{anchor})"
    return None
