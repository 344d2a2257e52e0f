"""Rule family: import paths (LS130 removed or moved names, LS206 mixed packages).

The MOVED table, the name normalisation, the LS130 message and the detection and fixes
(``ImportChecks``, mixed into the checker) live here; the YAML checker uses the same table and
message for ``class_path:`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ParentNodeProvider

from lightning_skill.lint import api_index
from lightning_skill.lint.cst_util import dotted, dotted_expr, import_style, respell, str_value
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule, config_target
from lightning_skill.lint.rules.data import argparse_function

if TYPE_CHECKING:
    from lightning_skill.lint.checker import Reported

RULES = (
    Rule(
        "LS130",
        "removed-import",
        "error",
        "import path or name removed/moved in 2.x",
        "import from the new location named in the message",
        "migration",
        "2.0",
        "some",
        _GUIDE,
    ),
    Rule(
        "LS206",
        "mixed-lightning-imports",
        "error",
        "pytorch_lightning and lightning.pytorch mixed: their classes are not the same",
        "import from one package only (lightning.pytorch)",
        "anti-pattern",
        None,
        "some",
        f"{_DOCS}/starter/installation.html",
    ),
)

# Names that both the old and the new package export at top level.
TOP_LEVEL = {"Trainer", "LightningModule", "LightningDataModule", "Callback", "seed_everything"}


@dataclass(frozen=True)
class Moved:
    new: str | None  # fully qualified new location (lightning.pytorch spelling); None: gone
    since: str
    note: str = ""


_P = "lightning.pytorch"
# From diffing the public modules and package exports of the 1.2.10/1.4.9/1.6.5/1.8.6/1.9.5 wheels
# (parsed with ast) against 2.6; kept: what user code imported (trainer mixins, connectors and
# loop internals left out). since: the release after the last wheel that had it ("1.x" where two
# wheels bracket it). A module maps to a module only where its names kept their names (the fix
# rewrites the path); otherwise the note names the replacement. Not here: the tpu/hpu/precision
# modules 2.6 still aliases in lightning.pytorch._graveyard (they import, with a warning), except
# the Habana classes, which import but raise when built (their note is STUB_NOTE).
STUB_NOTE = "the lightning-habana package has it (2.6 keeps a stub that raises when built)"
_SEP = "its own package now (lightning-{})"
DERIVED_MOVED: dict[str, Moved] = {
    # modules
    f"{_P}.callbacks.progress.base": Moved(None, "2.0", "ProgressBarBase became ProgressBar"),
    f"{_P}.callbacks.progress.progress": Moved(None, "1.x", "use callbacks.TQDMProgressBar"),
    f"{_P}.callbacks.quantization": Moved(None, "2.0", "use torch.ao.quantization directly"),
    f"{_P}.callbacks.gpu_stats_monitor": Moved(None, "1.x", "use callbacks.DeviceStatsMonitor"),
    f"{_P}.callbacks.xla_stats_monitor": Moved(None, "1.x", "use callbacks.DeviceStatsMonitor"),
    f"{_P}.callbacks.fault_tolerance": Moved(None, "2.0", "fault-tolerant training was removed"),
    f"{_P}.core.memory": Moved(
        None, "1.x", "ModelSummary: lightning.pytorch.utilities.model_summary"
    ),
    f"{_P}.core.grads": Moved(None, "1.x", "use lightning.pytorch.utilities.grad_norm"),
    f"{_P}.core.step_result": Moved(None, "1.x", "TrainResult/EvalResult: use self.log"),
    f"{_P}.core.mixins.device_dtype_mixin": Moved(None, "2.0", "private now: use .device/.dtype"),
    f"{_P}.utilities.device_dtype_mixin": Moved(None, "1.x", "private now: use .device/.dtype"),
    **{
        f"{_P}.plugins.environments.{name}_environment": Moved(f"{_P}.plugins.environments", "1.x")
        for name in ("cluster", "kubeflow", "lightning", "lsf", "slurm", "torchelastic")
    },
    f"{_P}.plugins.precision.native_amp": Moved(
        None, "2.0", "use plugins.precision.MixedPrecision"
    ),
    f"{_P}.plugins.precision.apex_amp": Moved(
        None, "2.0", "apex was removed: precision='16-mixed'"
    ),
    f"{_P}.plugins.precision.sharded_native_amp": Moved(None, "2.0", "use FSDPStrategy"),
    f"{_P}.plugins.precision.fully_sharded_native_amp": Moved(None, "2.0", "use FSDPPrecision"),
    f"{_P}.plugins.precision.fsdp_native_native_amp": Moved(None, "2.0", "use FSDPPrecision"),
    f"{_P}.strategies.tpu_spawn": Moved(None, "2.0", "use strategies.XLAStrategy"),
    f"{_P}.strategies.fully_sharded_native": Moved(None, "2.0", "use strategies.FSDPStrategy"),
    f"{_P}.strategies.sharded_spawn": Moved(None, "2.0", "use FSDPStrategy"),
    f"{_P}.strategies.bagua": Moved(None, "2.0", _SEP.format("bagua")),
    f"{_P}.strategies.colossalai": Moved(None, "2.0", _SEP.format("colossalai")),
    f"{_P}.strategies.hivemind": Moved(None, "2.0", _SEP.format("hivemind")),
    f"{_P}.strategies.ddp2": Moved(None, "1.x", "ddp2 was removed"),
    f"{_P}.tuner.auto_gpu_select": Moved(None, "2.0", "pass Trainer(devices=...) yourself"),
    f"{_P}.utilities.apply_func": Moved(
        None, "2.0", "apply_to_collection: lightning_utilities.core.apply_func"
    ),
    f"{_P}.utilities.device_parser": Moved(None, "2.0", "lightning.fabric.utilities.device_parser"),
    f"{_P}.utilities.xla_device": Moved(None, "2.0", "use XLAAccelerator.is_available()"),
    f"{_P}.utilities.finite_checks": Moved(None, "2.0", "use Trainer(detect_anomaly=True)"),
    f"{_P}.distributed": Moved(None, "1.x", "use the strategy's reduce()/all_gather"),
    f"{_P}.overrides.data_parallel": Moved(None, "2.0", "DataParallel was removed; use DDP"),
    f"{_P}.overrides.fairscale": Moved(None, "2.0", "use FSDPStrategy"),
    # names
    f"{_P}.utilities.AMPType": Moved(None, "1.9", "native AMP only: precision='16-mixed'"),
    f"{_P}.utilities.DeviceType": Moved(None, "1.x", "isinstance(trainer.accelerator, ...)"),
    f"{_P}.utilities.DistributedType": Moved(None, "1.x", "isinstance(trainer.strategy, ...)"),
    f"{_P}.utilities.ModelSummaryMode": Moved(None, "1.x", "use ModelSummary(max_depth=N)"),
    # utilities.cloud_io became lightning.fabric's, where only get_filesystem stayed public (the
    # index covers lightning.pytorch only, so these two are named here; checked by
    # test_lint_changelog_rules.py): moving the import would be an ImportError
    f"{_P}.utilities.cloud_io.load": Moved(None, "2.0", "use torch.load"),
    f"{_P}.utilities.cloud_io.atomic_save": Moved(None, "2.0", "use torch.save"),
    # LightningCLI's registries (the 1.8.6 wheel's utilities/cli.py, gone in 1.9.5 and 2.6): the
    # module's move to lightning.pytorch.cli must not carry them along (an ImportError there)
    **{
        f"{_P}.utilities.cli.{name}_REGISTRY": Moved(
            None, "1.9", "LightningCLI finds subclasses itself: drop the registry"
        )
        for name in ("OPTIMIZER", "LR_SCHEDULER", "CALLBACK", "MODEL", "DATAMODULE", "LOGGER")
    },
    f"{_P}.utilities.AllGatherGrad": Moved(None, "2.0", "self.all_gather(x, sync_grads=True)"),
    f"{_P}.plugins.TrainingTypePlugin": Moved(f"{_P}.strategies.Strategy", "1.x"),
    f"{_P}.plugins.SingleDevicePlugin": Moved(f"{_P}.strategies.SingleDeviceStrategy", "1.x"),
    f"{_P}.plugins.ParallelPlugin": Moved(f"{_P}.strategies.ParallelStrategy", "1.x"),
    f"{_P}.plugins.TPUSpawnPlugin": Moved(f"{_P}.strategies.XLAStrategy", "1.x"),
    f"{_P}.plugins.SingleTPUPlugin": Moved(f"{_P}.strategies.SingleDeviceXLAStrategy", "1.x"),
    f"{_P}.plugins.DDPSpawnPlugin": Moved(None, "1.x", "use DDPStrategy(start_method='spawn')"),
    f"{_P}.plugins.DDP2Plugin": Moved(None, "1.x", "ddp2 was removed"),
    f"{_P}.plugins.DataParallelPlugin": Moved(None, "1.x", "DataParallel was removed; use DDP"),
    f"{_P}.plugins.HorovodPlugin": Moved(None, "1.x", "Horovod was removed; use DDP"),
    f"{_P}.plugins.DDPShardedPlugin": Moved(None, "1.x", "use FSDPStrategy"),
    f"{_P}.plugins.DDPSpawnShardedPlugin": Moved(None, "1.x", "use FSDPStrategy"),
    f"{_P}.plugins.DDPFullyShardedPlugin": Moved(None, "1.x", "use FSDPStrategy"),
    f"{_P}.plugins.IPUPlugin": Moved(None, "1.x", "the lightning-graphcore package"),
    f"{_P}.plugins.NativeSyncBatchNorm": Moved(f"{_P}.plugins.TorchSyncBatchNorm", "2.0"),
    f"{_P}.plugins.ShardedNativeMixedPrecisionPlugin": Moved(None, "2.0", "use FSDPStrategy"),
    f"{_P}.plugins.FullyShardedNativeMixedPrecisionPlugin": Moved(
        f"{_P}.plugins.FSDPPrecision", "2.0", "its arguments differ"
    ),
    f"{_P}.plugins.TPUHalfPrecisionPlugin": Moved(None, "1.x", "use plugins.XLAPrecision"),
    f"{_P}.plugins.precision.NativeMixedPrecisionPlugin": Moved(
        f"{_P}.plugins.precision.MixedPrecision", "2.0", "or just Trainer(precision='16-mixed')"
    ),
    f"{_P}.strategies.TPUSpawnStrategy": Moved(f"{_P}.strategies.XLAStrategy", "2.0"),
    f"{_P}.strategies.DDPSpawnShardedStrategy": Moved(None, "2.0", "use FSDPStrategy"),
    f"{_P}.strategies.BaguaStrategy": Moved(None, "2.0", _SEP.format("bagua")),
    f"{_P}.strategies.ColossalAIStrategy": Moved(None, "2.0", _SEP.format("colossalai")),
    f"{_P}.strategies.HivemindStrategy": Moved(None, "2.0", _SEP.format("hivemind")),
    f"{_P}.strategies.DDP2Strategy": Moved(None, "1.x", "ddp2 was removed"),
    # members of classes that stayed: TrainerState became a dataclass (status, fn, stage) in 1.4,
    # its 1.x enum members are TrainerStatus's; the Tuner's stage went in 2.0 (AttributeError)
    **{
        f"{_P}.trainer.states.TrainerState.{member}": Moved(
            f"{_P}.trainer.states.TrainerStatus.{member}", "1.4", "compare trainer.state.status"
        )
        for member in ("INITIALIZING", "RUNNING", "FINISHED", "INTERRUPTED")
    },
    f"{_P}.trainer.states.TrainerFn.TUNING": Moved(None, "2.0", "the Tuner runs no stage"),
    f"{_P}.trainer.states.RunningStage.TUNING": Moved(None, "2.0", "the Tuner runs no stage"),
    # Habana's classes: 2.6 still imports them (lightning.pytorch._graveyard.hpu) but each
    # raises NotImplementedError when built (found by benchmarks/lint_api_audit.py)
    **{
        name: Moved(None, "2.1", STUB_NOTE)
        for name in (
            "lightning.pytorch.accelerators.HPUAccelerator",
            "lightning.pytorch.strategies.HPUParallelStrategy",
            "lightning.pytorch.strategies.SingleHPUStrategy",
            "lightning.pytorch.plugins.HPUCheckpointIO",
            "lightning.pytorch.plugins.HPUPrecisionPlugin",
            "lightning.pytorch.plugins.io.HPUCheckpointIO",
            "lightning.pytorch.plugins.precision.HPUPrecisionPlugin",
        )
    },
}


# Old fully-qualified names, normalised to the lightning.pytorch spelling (pytorch_lightning.X is
# matched too). A module entry covers every name imported from it.
MOVED: dict[str, Moved] = {
    # modules
    "lightning.pytorch.metrics": Moved(None, "1.5", "torchmetrics (--fix: same-API names)"),
    "lightning.pytorch.core.lightning": Moved("lightning.pytorch.core.module", "1.9"),
    "lightning.pytorch.core.decorators": Moved(None, "1.7", "auto_move_data: use Trainer.predict"),
    "lightning.pytorch.callbacks.base": Moved("lightning.pytorch.callbacks", "1.9"),
    "lightning.pytorch.loggers.base": Moved("lightning.pytorch.loggers.logger", "1.9"),
    "lightning.pytorch.profiler": Moved("lightning.pytorch.profilers", "2.0"),
    "lightning.pytorch.utilities.cli": Moved("lightning.pytorch.cli", "1.9"),
    "lightning.pytorch.lite": Moved(None, "2.0", "use lightning.fabric.Fabric"),
    "lightning.pytorch.plugins.training_type": Moved(
        "lightning.pytorch.strategies", "1.8", "plugins became strategies"
    ),
    "lightning.pytorch.accelerators.gpu": Moved("lightning.pytorch.accelerators.cuda", "1.9"),
    "lightning.pytorch.utilities.distributed": Moved(
        None, "2.1", "rank_zero_only: utilities.rank_zero"
    ),
    "lightning.pytorch.utilities.cloud_io": Moved(
        "lightning.fabric.utilities.cloud_io", "2.0", "load became _load"
    ),
    "lightning.pytorch.trainer.supporters": Moved(
        "lightning.pytorch.utilities.combined_loader", "2.0"
    ),
    "lightning.pytorch.loggers.test_tube": Moved(None, "1.7", "use TensorBoardLogger"),
    "lightning.pytorch.strategies.ddp_spawn": Moved(
        None, "2.0", "use DDPStrategy(start_method='spawn')"
    ),
    "lightning.pytorch.strategies.dp": Moved(None, "2.0", "DataParallel was removed; use DDP"),
    "lightning.pytorch.strategies.sharded": Moved(None, "2.0", "use FSDPStrategy"),
    "lightning.pytorch.strategies.fully_sharded": Moved(None, "2.0", "use FSDPStrategy"),
    "lightning.pytorch.strategies.horovod": Moved(None, "2.0", "use DDPStrategy"),
    "lightning.pytorch.strategies.ipu": Moved(None, "2.1", "the lightning-graphcore package"),
    "lightning.pytorch.accelerators.ipu": Moved(None, "2.1", "the lightning-graphcore package"),
    # loop customisation was removed in 2.0; the 2.6 loops are private
    **{
        f"lightning.pytorch.loops.{name}": Moved(None, "2.0", "loop customisation was removed")
        for name in (
            "base",
            "batch",
            "dataloader",
            "epoch",
            "Loop",
            "FitLoop",
            "TrainingEpochLoop",
            "TrainingBatchLoop",
            "EvaluationLoop",
            "EvaluationEpochLoop",
            "PredictionLoop",
            "PredictionEpochLoop",
            "OptimizerLoop",
        )
    },
    # names
    **{
        f"lightning.pytorch.utilities.argparse.{name}": Moved(None, "2.0", "use LightningCLI")
        for name in (
            "add_argparse_args",
            "from_argparse_args",
            "parse_argparser",
            "get_init_arguments_and_types",
            "parse_env_variables",
        )
    },
    "lightning.pytorch.utilities.seed.seed_everything": Moved(
        "lightning.pytorch.seed_everything", "2.0"
    ),
    "lightning.pytorch.callbacks.ProgressBarBase": Moved(
        "lightning.pytorch.callbacks.ProgressBar", "2.0"
    ),
    "lightning.pytorch.callbacks.GPUStatsMonitor": Moved(
        "lightning.pytorch.callbacks.DeviceStatsMonitor", "1.7", "its arguments differ"
    ),
    "lightning.pytorch.callbacks.XLAStatsMonitor": Moved(
        "lightning.pytorch.callbacks.DeviceStatsMonitor", "1.7", "its arguments differ"
    ),
    "lightning.pytorch.callbacks.QuantizationAwareTraining": Moved(
        None, "2.0", "use torch.ao.quantization directly"
    ),
    "lightning.pytorch.loggers.LightningLoggerBase": Moved(
        "lightning.pytorch.loggers.Logger", "1.9"
    ),
    "lightning.pytorch.loggers.base.LightningLoggerBase": Moved(
        "lightning.pytorch.loggers.logger.Logger", "1.9"
    ),
    "lightning.pytorch.loggers.LoggerCollection": Moved(
        None, "1.8", "pass a list of loggers to Trainer(logger=[...])"
    ),
    "lightning.pytorch.loggers.TestTubeLogger": Moved(None, "1.7", "use TensorBoardLogger"),
    "lightning.pytorch.loggers.NeptuneLogger": Moved(
        None, "2.6", "sunset (ImportError): LitLogger"
    ),
    "lightning.pytorch.loggers.neptune.NeptuneLogger": Moved(
        None, "2.6", "sunset: RuntimeError when built"
    ),
    "lightning.pytorch.accelerators.GPUAccelerator": Moved(
        "lightning.pytorch.accelerators.CUDAAccelerator", "1.9"
    ),
    "lightning.pytorch.accelerators.IPUAccelerator": Moved(
        None, "2.1", "the lightning-graphcore package"
    ),
    "lightning.pytorch.strategies.DDPSpawnStrategy": Moved(
        None, "2.0", "use DDPStrategy(start_method='spawn')"
    ),
    "lightning.pytorch.strategies.DDPFullyShardedStrategy": Moved(
        "lightning.pytorch.strategies.FSDPStrategy", "2.0", "its arguments differ"
    ),
    "lightning.pytorch.strategies.DDPFullyShardedNativeStrategy": Moved(
        "lightning.pytorch.strategies.FSDPStrategy", "2.0"
    ),
    "lightning.pytorch.strategies.DDPShardedStrategy": Moved(None, "2.0", "use FSDPStrategy"),
    "lightning.pytorch.strategies.DataParallelStrategy": Moved(None, "2.0", "use DDPStrategy"),
    "lightning.pytorch.strategies.HorovodStrategy": Moved(None, "2.0", "use DDPStrategy"),
    "lightning.pytorch.strategies.IPUStrategy": Moved(None, "2.1", "lightning-graphcore"),
    "lightning.pytorch.plugins.NativeMixedPrecisionPlugin": Moved(
        "lightning.pytorch.plugins.MixedPrecision", "2.0", "or just Trainer(precision='16-mixed')"
    ),
    "lightning.pytorch.plugins.ApexMixedPrecisionPlugin": Moved(
        None, "2.0", "apex was removed; use precision='16-mixed'"
    ),
    "lightning.pytorch.plugins.DDPPlugin": Moved("lightning.pytorch.strategies.DDPStrategy", "1.8"),
    "lightning.pytorch.plugins.DeepSpeedPlugin": Moved(
        "lightning.pytorch.strategies.DeepSpeedStrategy", "1.8"
    ),
    **DERIVED_MOVED,
}

# pytorch_lightning.metrics became torchmetrics (1.5). These names kept their constructor there, so
# the import is rewritten; the others (Accuracy, F1, ...) now need task= and stay hand edits.
METRICS_TO_TORCHMETRICS: dict[str, str] = {
    **{
        name: f"torchmetrics.{name}"
        for name in (
            "Metric",
            "MetricCollection",
            "MeanSquaredError",
            "MeanAbsoluteError",
            "MeanSquaredLogError",
            "ExplainedVariance",
            "R2Score",
        )
    },
    **{
        f"functional.{name}": f"torchmetrics.functional.{name}"
        for name in (
            "mean_squared_error",
            "mean_absolute_error",
            "mean_squared_log_error",
            "explained_variance",
            "r2_score",
        )
    },
}


def canonical(name: str) -> str:
    """Spell a qualified name the lightning.pytorch way, so one table covers both packages."""
    if name == "pytorch_lightning" or name.startswith("pytorch_lightning."):
        return "lightning.pytorch" + name[len("pytorch_lightning") :]
    if name == "lightning_fabric" or name.startswith("lightning_fabric."):
        return "lightning.fabric" + name[len("lightning_fabric") :]
    if name.startswith("lightning.") and name.split(".")[1] in TOP_LEVEL:
        return "lightning.pytorch." + name[len("lightning.") :]
    return name


def lookup_moved(name: str) -> tuple[str, Moved] | None:
    """The catalogue entry for ``name`` (canonical) or the nearest module above it."""
    parts = name.split(".")
    for i in range(len(parts), 2, -1):
        key = ".".join(parts[:i])
        if key in MOVED:
            return key, MOVED[key]
    return None


def torchmetrics_target(name: str) -> str | None:
    """torchmetrics' name for a pytorch_lightning.metrics name whose API did not change."""
    prefix = "lightning.pytorch.metrics."
    return METRICS_TO_TORCHMETRICS.get(name[len(prefix) :]) if name.startswith(prefix) else None


def left_behind(old_full: str, key: str, moved: Moved) -> str | None:
    """The name that did not follow its module: ``DDPPlugin`` for
    ``...plugins.training_type.DDPPlugin`` (the module became ``strategies``, which has no
    DDPPlugin), checked in the index of the installed 2.6; None when it did or is catalogued."""
    if (
        moved.new is None
        or not old_full.startswith(f"{key}.")  # the entry itself, or spelled short (an attribute)
        or not moved.new.startswith("lightning.pytorch")
    ):
        return None
    name = old_full[len(key) + 1 :].split(".")[0]
    if f"{moved.new}.{name}" in MOVED or not api_index.missing(moved.new, name):
        return None
    return name


def moved_message(spelled: str, hit: tuple[str, Moved]) -> str:
    """LS130's message for ``spelled`` (as the user wrote it), found in MOVED as ``hit``."""
    key, moved = hit
    if (name := left_behind(canonical(spelled), key, moved)) is not None:
        # the module moved without this name: say so, and where a name of that name went
        same = [m.new for k, m in MOVED.items() if k.endswith(f".{name}") and m.new is not None]
        found = same[0] if same else api_index.where(name)
        hint = f"; use `{found}`" if same else f"; `{name}` is in `{found}`" if found else ""
        return (
            f"`{spelled}` was removed in {moved.since}: its module became `{moved.new}`, "
            f"which has no `{name}` (ImportError){hint}"
        )
    note = f"; {moved.note}" if moved.note else ""
    if (target := torchmetrics_target(canonical(spelled))) is not None:
        return f"`{spelled}` was removed in {moved.since}: it moved to `{target}` (same arguments)"
    if moved.new is not None:
        return f"`{spelled}` was removed in {moved.since}: it moved to `{moved.new}`{note}"
    # removed without a successor: the note says what to use, unless a name of a removed module
    # that the note does not name lives on in a package above it (apply_func.move_data_to_device
    # in lightning.pytorch.utilities)
    name = canonical(spelled).rsplit(".", 1)[-1]
    found = api_index.where(name) if canonical(spelled) != key and name not in moved.note else None
    if found and key.startswith(f"{found}."):
        note = f"; `{name}` is in `{found}`"
    return f"`{spelled}` was removed in {moved.since}{note}"


# where Lightning's ProgressBar is imported from (1.x: the tqdm bar; 2.x: the base class)
PROGRESS_BAR_MOVED = (
    "`ProgressBar` was 1.x's tqdm bar, `TQDMProgressBar` since 1.5; 2.x's `ProgressBar` is the "
    "base class and draws nothing: import and build TQDMProgressBar"
)
_PROGRESS_MODULES = {
    "lightning.pytorch.callbacks",
    "lightning.pytorch.callbacks.progress",
    "lightning.pytorch.callbacks.progress.tqdm_progress",
}
PROGRESS_BAR_NAMES = frozenset(f"{m}.ProgressBar" for m in _PROGRESS_MODULES)


# keys under which a config names the class to build: Hydra's `_target_`, LightningCLI's
# `class_path`, `target` (taming-transformers' and latent-diffusion's instantiate_from_config)
TARGET_KEYS = frozenset({"_target_", "class_path", "target"})
# functions that import the dotted path they are handed as their first argument
_IMPORTERS = frozenset(
    {
        "import_module",
        "__import__",
        "locate",
        "get_class",
        "get_method",
        "import_string",
        "get_obj_from_str",
    }
)

# how a path into Lightning starts, in any of its spellings
_LIGHTNING_ROOTS = ("pytorch_lightning.", "lightning.pytorch.", "lightning.", "pl.")


def missing_prefix(name: str) -> str | None:
    """The first part of the dotted ``name`` (lightning.pytorch spelling) that 2.6 lacks:
    ``lightning.pytorch.utilities.distributed`` for ``...utilities.distributed.rank_zero_only``."""
    parts = name.split(".")
    if parts[:2] != ["lightning", "pytorch"]:
        return None
    for i in range(3, len(parts) + 1):
        module, attr = ".".join(parts[: i - 1]), parts[i - 1]
        index = api_index.modules()
        if module not in index:
            return None  # reached through a class or object: its attributes are not indexed
        if api_index.missing(module, attr):
            return ".".join(parts[:i])
    return None


def not_in_26(spelled: str, name: str | None = None) -> str:
    """LS130's message for a path no catalogue row names that 2.6 cannot import (from the
    index of the installed 2.6, ``api_index``); names where ``name`` lives now, if anywhere."""
    package = "lightning.fabric" if canonical(spelled).startswith("lightning.fabric") else None
    found = api_index.where(name, package or "lightning.pytorch") if name is not None else None
    hint = f"; `{name}` is importable from `{found}`" if found else ""
    return f"`{spelled}` does not exist in Lightning 2.6 (ImportError){hint}"


def stub_message(spelled: str) -> str:
    """LS130's message for a name 2.6 keeps only as a stub whose constructor raises."""
    return (
        f"`{spelled}` is only a stub in Lightning 2.6 that raises NotImplementedError when "
        "built: HPU support moved to the lightning-habana package (lightning_habana)"
    )


class ImportChecks:
    """The family's detection and fixes, mixed into the checker (``self`` is the Checker)."""

    def _mixed(self) -> bool:
        return not self._try_depth and {"pytorch_lightning", "lightning"} <= self.facts.styles

    def _mixing_message(self) -> str:
        where = (
            "this file imports"
            if {"pytorch_lightning", "lightning"} <= self.file_facts.styles
            else "this run's files import"
        )
        return (
            f"{where} both `pytorch_lightning` and `lightning`: a pytorch_lightning "
            "LightningModule is not a lightning.pytorch one ('model must be a LightningModule'); "
            "import from `lightning.pytorch` only"
        )

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = cst.helpers.get_full_name_for_node(alias.name) or ""
            hit = lookup_moved(canonical(full))
            if hit:
                self._report_moved(alias, full, hit, fixable=False)
            elif not self._in_try and api_index.missing(canonical(full)):
                self.report(alias, "LS130", not_in_26(full))
            elif import_style(full) == "pytorch_lightning" and self._mixed():
                fixable = alias.asname is not None
                r = self.report(alias, "LS206", self._mixing_message(), fixable)
                if fixable:
                    new = "lightning.pytorch" + full[len("pytorch_lightning") :]
                    r.edit(alias, lambda n, new=new: n.with_changes(name=dotted_expr(new)))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is None or node.relative:
            return
        module = cst.helpers.get_full_name_for_node(node.module) or ""
        canon_module = canonical(module)
        if isinstance(node.names, cst.ImportStar):
            hit = lookup_moved(canon_module)
            if hit:
                self._report_moved(node, module, hit, fixable=False)
            return
        hits = []
        for alias in node.names:
            name = cst.helpers.get_full_name_for_node(alias.name) or ""
            hits.append((alias, name, lookup_moved(f"{canon_module}.{name}")))
            if name == "ProgressBar" and canon_module in _PROGRESS_MODULES:
                local = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(local, cst.Name):
                    self.__dict__.setdefault("_bar_imports", {})[local.value] = alias
        if any(h for _, _, h in hits):
            self._fix_import_from(node, module, hits)
        elif not self._in_try and api_index.missing(canon_module):
            self.report(node.module, "LS130", not_in_26(module))
        elif not self._in_try and (
            gone := [
                (a, n)
                for a, n, _ in hits
                if api_index.missing(canon_module, n) or api_index.stub(canon_module, n)
            ]
        ):
            for alias, name in gone:
                spelled = f"{module}.{name}"
                if api_index.stub(canon_module, name):
                    self.report(alias, "LS130", stub_message(spelled))
                else:
                    self.report(alias, "LS130", not_in_26(spelled, name))
        elif import_style(module) == "pytorch_lightning" and self._mixed():
            r = self.report(node, "LS206", self._mixing_message(), True)
            new = "lightning.pytorch" + module[len("pytorch_lightning") :]
            r.edit(node, lambda n, new=new: n.with_changes(module=dotted_expr(new)))

    def check_progress_bar_call(self, node: cst.Call) -> None:
        """``ProgressBar()`` built from Lightning's import: 1.x's tqdm bar (TQDMProgressBar since
        1.5); 2.x's ProgressBar is the base class, which draws nothing. Reported once, on the
        import, like the other names whose meaning moved."""
        bars = self.__dict__.get("_bar_imports")
        if bars and isinstance(node.func, cst.Name) and node.func.value in bars:
            self.report(bars.pop(node.func.value), "LS130", PROGRESS_BAR_MOVED)
        elif (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "ProgressBar"
            and not node.args  # its 1.x arguments are LS106's (refresh_rate=, process_position=)
            and self.qnames(node.func) & PROGRESS_BAR_NAMES
        ):
            self.report(node.func, "LS130", PROGRESS_BAR_MOVED)  # pl.callbacks.ProgressBar()

    def _new_location(self, old_full: str, key: str, moved: Moved) -> tuple[str, str] | None:
        """(module, name) that ``old_full`` moves to, or None when there is no 1:1 move."""
        if (target := torchmetrics_target(old_full)) is not None:
            module, _, name = target.rpartition(".")
            return module, name
        if moved.new is None:
            return None
        if key == old_full:  # the name itself moved
            module, _, name = moved.new.rpartition(".")
            return module, name
        # a module moved: the name keeps its own name, unless the name itself is catalogued; a
        # name the new module lacks has no 1:1 move (rewriting the path would be an ImportError)
        if left_behind(old_full, key, moved) is not None:
            return None
        name = old_full[len(key) + 1 :].split(".")[0]
        again = MOVED.get(f"{moved.new}.{name}")
        if again is not None:
            if again.new is None:
                return None
            module, _, name = again.new.rpartition(".")
            return module, name
        return moved.new, name

    def _report_moved(
        self, node: cst.CSTNode, spelled: str, hit: tuple[str, Moved], fixable: bool
    ) -> Reported:
        return self.report(node, "LS130", moved_message(spelled, hit), fixable)

    def _fix_import_from(
        self,
        node: cst.ImportFrom,
        module: str,
        hits: list[tuple[cst.ImportAlias, str, tuple[str, Moved] | None]],
    ) -> None:
        canon_module = canonical(module)
        # where each imported name goes; None when one of them has no 1:1 replacement
        new_names: dict[int, str] = {}
        new_modules: set[str] = set()
        fixable = True
        for alias, name, hit in hits:
            loc = (
                (canon_module, name)
                if hit is None
                else self._new_location(f"{canon_module}.{name}", *hit)
            )
            if loc is None:
                fixable = False
                continue
            new_modules.add(loc[0])
            new_names[id(alias)] = loc[1]
        fixable = fixable and len(new_modules) == 1
        renames: dict[str, str] = {}
        if fixable:
            for alias, name, _ in hits:
                if name != new_names[id(alias)] and alias.asname is None:
                    renames[name] = new_names[id(alias)]
            fixable = self._can_rename(node, renames)
        # one statement, one edit: it fixes every LS130 finding of the statement at once
        (r, *_) = [
            self._report_moved(alias, f"{module}.{name}", hit, fixable)
            for alias, name, hit in hits
            if hit is not None
        ]
        if not fixable:
            return
        new_module = respell(next(iter(new_modules)), module)
        originals = list(node.names)  # type: ignore[arg-type]

        def fn(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.ImportFrom)
            names = [
                a.with_changes(name=cst.Name(new_names[id(o)]))
                for a, o in zip(updated.names, originals, strict=True)  # type: ignore[arg-type]
            ]
            return updated.with_changes(module=dotted_expr(new_module), names=names)

        r.edit(node, fn)
        for old, new in renames.items():
            for ref in self._references(node, old):
                r.edit(ref, lambda n, new=new: n.with_changes(value=new))

    def _references(self, node: cst.ImportFrom, name: str) -> list[cst.Name]:
        scope = self.scope_of(node)
        if scope is None:
            return []
        refs: list[cst.Name] = []
        for assignment in scope.assignments[name]:
            if getattr(assignment, "node", None) is node:
                for access in assignment.references:
                    if isinstance(access.node, cst.Name):
                        refs.append(access.node)
        return refs

    def _can_rename(self, node: cst.ImportFrom, renames: dict[str, str]) -> bool:
        scope = self.scope_of(node)
        if scope is None:
            return not renames
        for old, new in renames.items():
            if (
                new in scope.assignments
                or new in renames.values()
                and list(renames.values()).count(new) > 1
            ):
                return False
            for assignment in scope.assignments[old]:
                if getattr(assignment, "node", None) is node and any(
                    not isinstance(a.node, cst.Name) for a in assignment.references
                ):
                    return False  # used in a string annotation or similar: leave it
        return True

    def check_config_target(self, node: cst.ClassDef) -> None:
        """``_target_: str = "pytorch_lightning.metrics.Accuracy"`` in a Hydra structured
        config: ``instantiate()`` imports the path, so a path 2.6 lacks is an ImportError
        there, as in an import statement."""
        target = config_target(node)
        if target is not None:
            self._check_target_string(target)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        """``{"target": "pytorch_lightning.loggers.TestTubeLogger", "params": {...}}``
        (taming-transformers' and latent-diffusion's ``instantiate_from_config``), a Hydra
        ``{"_target_": ...}`` or a LightningCLI ``{"class_path": ...}`` built in code."""
        if str_value(node.key) in TARGET_KEYS and isinstance(node.value, cst.SimpleString):
            self._check_target_string(node.value)

    def visit_Arg(self, node: cst.Arg) -> None:
        """``dict(_target_="pytorch_lightning.metrics.Accuracy")``, as the dict element above;
        and the path an importer is handed: ``importlib.import_module("pytorch_lightning.
        metrics")``, ``get_obj_from_str("pytorch_lightning.loggers.TestTubeLogger")``
        (latent-diffusion), ``pydoc.locate(...)``, ``hydra.utils.get_class(...)``."""
        if not isinstance(node.value, cst.SimpleString):
            return
        if node.keyword is not None:
            if node.keyword.value in TARGET_KEYS:
                self._check_target_string(node.value)
            return
        call = self.get_metadata(ParentNodeProvider, node, None)
        if (
            isinstance(call, cst.Call)
            and call.args
            and call.args[0] is node
            and (dotted(call.func) or "").rsplit(".", 1)[-1] in _IMPORTERS
        ):
            self._check_target_string(node.value)

    def _check_target_string(self, target: cst.SimpleString) -> None:
        """A class path that a config hands to an importer: one 2.6 lacks is an ImportError
        there, as in an import statement (not fixed: the string may be matched elsewhere)."""
        spelled = str_value(target)
        if not spelled or not spelled.startswith(_LIGHTNING_ROOTS) or " " in spelled:
            return
        name = canonical(spelled)
        if (hit := lookup_moved(name)) is not None:
            self._report_moved(target, spelled, hit, fixable=False)
        elif missing_prefix(name) is not None:
            self.report(target, "LS130", not_in_26(spelled, name.rsplit(".", 1)[-1]))

    def check_moved_attribute(self, node: cst.Attribute) -> None:
        """pl.metrics.Accuracy and other removed names reached through an attribute chain."""
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return  # only the whole chain pl.metrics.Accuracy, not pl.metrics
        if isinstance(parent, cst.ImportAlias | cst.ImportFrom):
            return
        if isinstance(parent, cst.AssignTarget | cst.Del):
            return  # setting it (a legacy shim) is no use of a removed name
        root: cst.BaseExpression = node
        while isinstance(root, cst.Attribute):
            root = root.value
        if any(lookup_moved(q) or missing_prefix(q) for q in self.qnames(root)):
            return  # GPUStatsMonitor._parse_gpu_stats: its import was reported already
        qnames = self.qnames(node)
        if (
            isinstance(parent, cst.Call)
            and parent.func is node
            and any(map(argparse_function, qnames))
        ):
            return  # arg_parser.from_argparse_args(cls, args): LS121 reports the call
        for q in qnames:
            hit = lookup_moved(q)
            if hit:
                self._report_moved(node, dotted(node) or q, hit, fixable=False)
                return
        for q in qnames:
            if (gone := missing_prefix(q)) is not None:
                self.report(node, "LS130", not_in_26(gone, gone.rsplit(".", 1)[-1]))
                return
