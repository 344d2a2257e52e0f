"""Rule family: import paths (LS130 removed or moved names, LS206 mixed packages).

The MOVED table, the name normalisation and the LS130 message live here, used alike by the Python
checker (imports, attribute chains) and the YAML checker (``class_path:`` values).
"""

from __future__ import annotations

from dataclasses import dataclass

from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule

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


def moved_message(spelled: str, hit: tuple[str, Moved]) -> str:
    """LS130's message for ``spelled`` (as the user wrote it), found in MOVED as ``hit``."""
    _key, moved = hit
    where = f"`{moved.new}`" if moved.new else "nothing (removed)"
    if (target := torchmetrics_target(canonical(spelled))) is not None:
        where = f"`{target}` (same arguments)"
    note = f"; {moved.note}" if moved.note else ""
    return f"`{spelled}` was removed in {moved.since}: it moved to {where}{note}"
