"""Common Lightning failures -> cause and fix, each pointing at a section of the references.

The validator's own failures (``NotLearning``, ``Timeout``, ...) carry their hint on their class
(``errors``/``registry``); exceptions from Lightning, torch or the user's code are matched
against ``"<ExceptionType>: <message>"``; the first matching pattern wins. Each entry was
produced by really triggering the error on Lightning 2.6 (see tests/validate).
"""

from __future__ import annotations

import re

_DOC = "references/troubleshooting.md"

# (pattern, hint, "section" of troubleshooting.md or "file.md#section" of another reference);
# tests/validate/test_hints.py checks that every section heading exists.
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
        "as attributes or in nn.ModuleList (not a plain list) and pass self.parameters()",
        "optimizer-got-an-empty-parameter-list",
    ),
    (
        r"Expected all tensors to be on the same device|found at least two devices"
        r"|Tensor on device \S+ is not on the expected device",
        "a tensor was created on the wrong device: create it with device=self.device or "
        "register it with self.register_buffer; never call .cuda() in a LightningModule",
        "tensors-on-different-devices",
    ),
    (
        r"twice in `\w+` with different arguments",
        "one metric name is logged twice in a step with different options: log it once, or "
        "use two names",
        "selflog-called-twice-with-different-arguments",
    ),
    (
        r"could not find the monitored key|Available metrics are|conditioned on metric",
        "the callback monitors a metric that is never logged under that name: self.log the "
        "exact key (e.g. 'val_loss') in validation_step",
        "monitor-key-not-found-in-returned-metrics",
    ),
    (
        r"CUDA out of memory|OutOfMemoryError",
        "reduce batch_size, use precision='bf16-mixed', accumulate_grad_batches, or "
        "activation checkpointing",
        "cuda-out-of-memory",
    ),
    (
        r"^MemoryError|can't allocate memory|Cannot allocate memory|killed by SIGKILL",
        "the check ran out of memory (or hit --memory-mb): look for tensors kept across steps "
        "(append loss.item(), not loss), smaller batches or inputs, or raise --memory-mb",
        "validate-report.md#memory-cap",
    ),
    (
        r"Error\(s\) in loading state_dict|size mismatch for",
        "the reloaded module differs: save every constructor argument with "
        "save_hyperparameters(), keep randomness out of eval-mode forward, register state as "
        "parameters or buffers",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        r"Can't pickle|cannot pickle|Can't get local object",
        "DDP ranks receive the module and data module by pickling: replace lambdas and local "
        "functions with module-level functions, and create file handles, locks or clients in "
        "setup() instead of __init__",
        "distributed.md#rules-for-code-that-runs-in-every-process",
    ),
    (
        r"terminate called without an active exception",
        "a gloo process group was not destroyed before exit: call "
        "torch.distributed.destroy_process_group() after a barrier at teardown",
        "distributed.md#ddp-on-cpu-and-the-gloo-exit-abort",
    ),
    (
        r"Requirement '[^']+' not met|needs the '[^']+' package|No module named "
        r"'(wandb|mlflow|tensorboard|tensorboardX|comet_ml|neptune|deepspeed)'",
        "the configured logger or strategy needs a package that is not installed: pip install "
        "it (the message names it), or pick one that needs nothing (CSVLogger)",
        "validate-checks.md#rehearse",
    ),
    (
        r"parameters that were not used in producing (the )?loss|Expected to have finished "
        r"reduction in the prior iteration",
        "under DDP every parameter must receive a gradient in every backward: with several "
        "optimizers toggled per step (GANs) or unused branches, use "
        "strategy='ddp_find_unused_parameters_true' (or DDPStrategy(find_unused_parameters=True))",
        "validate-checks.md#presets",
    ),
    (
        r"not supported for manual optimization",
        "Trainer(gradient_clip_val=...) and accumulate_grad_batches act on automatic "
        "optimization only: under manual optimization clip with self.clip_gradients() and "
        "accumulate in training_step, and drop the flags from the config",
        "advanced.md#manual-optimization",
    ),
    (
        r"gradient_clip_algorithm='norm'` is currently not supported",
        "FSDP in Lightning 2.6 cannot clip by norm through the Trainer: set "
        "gradient_clip_algorithm='value', or clip in configure_gradient_clipping with "
        "self.trainer.strategy.model.clip_grad_norm_",
        "distributed.md#fsdp",
    ),
    (
        r"only supports single optimizer",
        "DeepSpeed trains one optimizer (and one scheduler): use DDP or FSDP for a model with "
        "several optimizers (GANs)",
        "distributed.md#deepspeed",
    ),
    (
        r'ckpt_path="best"\)` is set but `ModelCheckpoint` is not configured',
        "validate/test(ckpt_path='best') needs a ModelCheckpoint that saved a best checkpoint: "
        "keep enable_checkpointing on and give the checkpoint a metric that is logged",
        "validate-checks.md#rehearse",
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
]

_COMPILED = [(re.compile(p), hint, anchor) for p, hint, anchor in HINTS]


def reference_of(anchor: str) -> str:
    """``slug`` -> references/troubleshooting.md#slug; ``x.md#slug`` -> references/x.md#slug."""
    return f"references/{anchor}" if ".md#" in anchor else f"{_DOC}#{anchor}"


def hint_for(error_type: str | None, message: str | None) -> str | None:
    """The validator's own failures by class name (``registry``), others by message."""
    from lightning_skill.validate.registry import error_classes

    known = error_classes().get(error_type or "")
    if known is not None and not getattr(known, "hint_from_message", False):
        return f"{known.hint} (see {reference_of(known.anchor)})"
    text = f"{error_type or ''}: {message or ''}"
    for pattern, hint, anchor in _COMPILED:
        if pattern.search(text):
            return f"{hint} (see {reference_of(anchor)})"
    return f"{known.hint} (see {reference_of(known.anchor)})" if known is not None else None
