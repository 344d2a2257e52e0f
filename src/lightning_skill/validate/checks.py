"""Check implementations, run in a job process (torch and Lightning are imported here).

A check returns a dict of details on success, raises ``CheckSkipped(reason)`` when it does not
apply, and lets any other exception propagate as a failure. The checks of one job share one
``Session``; checks that train (overfit, checkpoint, ddp, gpu) build fresh model and data
instances and their own Trainer, so nothing a previous check did leaks into them.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import inspect
import io
import json
import math
import os
import pickle
import runpy
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from lightning_skill.validate.errors import CheckError, CheckSkipped


class NotLearning(CheckError, AssertionError):
    """overfit: the loss did not fall at all (or became NaN) on a single repeated batch."""

    hint = (
        "the model cannot even memorise one batch: check that the loss uses the batch's own "
        "targets, that nothing is detached or frozen, and the learning rate"
    )
    anchor = "validate-checks.md#overfit"


class LearningTooSlowly(CheckError, AssertionError):
    """overfit: the loss falls on one repeated batch, but not to half in the allowed steps."""

    hint = (
        "the loss falls, so the wiring works, but too slowly to memorise one batch: the "
        "learning rate may not suit the model's size (try 10x), or the loss may not suit the "
        "targets (BCE on values outside [0, 1], a regression loss on class indices); raise "
        "--overfit-steps to tell slow from stuck"
    )
    anchor = "validate-checks.md#overfit"


class HparamsNotSaved(CheckError, AssertionError):
    """checkpoint: the checkpoint cannot rebuild the module (no save_hyperparameters)."""

    hint = (
        "call self.save_hyperparameters() in __init__ so load_from_checkpoint can rebuild the "
        "module with the same arguments"
    )
    anchor = "best-practices.md#checkpointing-and-resuming"


class CheckpointMismatch(CheckError, AssertionError):
    """checkpoint: the reloaded module differs (hparams or predictions)."""

    hint = (
        "the reloaded module differs: save every constructor argument with "
        "save_hyperparameters(), keep randomness out of eval-mode forward, register state as "
        "parameters or buffers"
    )
    anchor = "best-practices.md#checkpointing-and-resuming"


class ResumeFailed(CheckError, AssertionError):
    """checkpoint: fit(ckpt_path=...) did not continue from the saved step."""

    hint = (
        "resume with trainer.fit(model, ckpt_path=...) and keep the loop state in the "
        "checkpoint (don't override on_save_checkpoint without calling super)"
    )
    anchor = "best-practices.md#checkpointing-and-resuming"


class UnpicklableModule(CheckError, TypeError):
    """ddp: an attribute of the module or data module cannot be pickled for spawned ranks."""

    hint = (
        "DDP ranks receive the module and data module by pickling: replace lambdas and local "
        "functions with module-level functions, and create file handles, locks or clients in "
        "setup() instead of __init__"
    )
    anchor = "distributed.md#rules-for-code-that-runs-in-every-process"


class RankDependentLogging(CheckError, AssertionError):
    """ddp: the ranks logged different metric names."""

    hint = (
        "every rank must call self.log with the same names: don't guard self.log with "
        "`if self.global_rank == 0` (use rank_zero_only=True or sync_dist=True instead)"
    )
    anchor = "distributed.md#metrics-and-logging-under-ddp"


class CLIFailed(CheckError, RuntimeError):
    """cli: the project's command line exited with an error."""

    hint = (
        "the project's command line failed: run the printed command yourself; check "
        "configs/default.yaml keys against `python -m <pkg> fit --print_config`"
    )
    anchor = "validate-checks.md#cli"


class LintErrors(CheckError, AssertionError):
    """lint: error-severity findings."""

    hint = "run `lightning-skill lint PATH` for every finding; `--fix` repairs the fixable ones"
    anchor = "validate-checks.md#lint"


class Session:
    def __init__(self, request: dict[str, Any]) -> None:
        self.request = request
        t = request["target"]
        self.kind: str = t["kind"]
        self.path = Path(t["path"])
        self.root = Path(t["root"])
        self.prefer = Path(t["path"]) if self.kind == "file" else None
        self.import_path = Path(t["import_path"])
        self.module_name: str = t["module"]
        self.work_dir = Path(request["work_dir"])
        from lightning_skill.validate.registry import option_defaults

        self.options = {**option_defaults(), **(request.get("options") or {})}
        self.failed: set[str] = set()
        self.module: Any = None
        self.model: Any = None
        self.datamodule: Any = None
        self.trainer: Any = None
        self.cli: Any = None  # projects: the LightningCLI instantiate built
        self.model_cls: type | None = None
        self.datamodule_cls: type | None = None
        self.framework: Any = None  # lightning.pytorch or pytorch_lightning
        import torch

        self.accelerator = "gpu" if torch.cuda.is_available() else "cpu"
        # What validate changes in a project's own configuration, reported to the user: the
        # hardware (to what this machine has) and, for the fast_dev_run checks, the logger:
        # fast_dev_run replaces it with a dummy anyway, so a CSVLogger stands in (callbacks such
        # as LearningRateMonitor still see one) and a configured logger whose package is missing
        # is reported by `rehearse`, the check that really starts it, with the pip hint.
        self.hardware = [
            f"--trainer.accelerator={self.accelerator}",
            "--trainer.devices=1",
            "--trainer.num_nodes=1",
            "--trainer.strategy=auto",
            f"--trainer.default_root_dir={self.work_dir}",
        ]
        if self.accelerator == "cpu":  # 16-mixed / bf16 presets are for GPUs
            self.hardware.append("--trainer.precision=32-true")
        csv = {"class_path": "lightning.pytorch.loggers.CSVLogger", "init_args": {"save_dir": "."}}
        self.overrides = [
            "--trainer.fast_dev_run=true",
            f"--trainer.logger={json.dumps(csv)}",
            *self.hardware,
        ]

    def environment(self) -> dict[str, Any]:
        import lightning
        import torch

        cuda = torch.cuda.is_available()
        return {
            "device": torch.cuda.get_device_name(0) if cuda else "cpu",
            "python": sys.version.split()[0],
            "torch": torch.__version__,
            "lightning": lightning.__version__,
            "cuda": cuda,
            "overrides": self.overrides if self.kind == "project" else [],
        }

    def require(self, *names: str) -> None:
        for name in names:
            if name in self.failed:
                raise CheckSkipped(f"'{name}' failed")

    # -- fresh objects for checks that train -------------------------------------------------
    def fresh(self) -> tuple[Any, Any]:
        """A new (model, datamodule) built exactly as ``instantiate`` built them."""
        if self.kind == "project":
            cli = self.module.cli_main(args=self._cli_args(), run=False)
            return cli.model, cli.datamodule
        init = self.request.get("init_args") or {}
        model = self.model_cls(**init.get("model", {}))  # type: ignore[misc]
        dm = None
        if self.datamodule_cls is not None:
            dm = self.datamodule_cls(**_data_init(init))
        return model, dm

    def init_overrides(self) -> list[str]:
        """``--init-args`` as LightningCLI flags: ``{"model": {"hidden": 8}}`` ->
        ``--model.hidden=8`` (``"data"`` or ``"datamodule"`` -> ``--data.*``)."""
        init = self.request.get("init_args") or {}
        flags = []
        for section, key in (("model", "model"), ("data", "data"), ("datamodule", "data")):
            for name, value in (init.get(section) or {}).items():
                text = value if isinstance(value, str) else json.dumps(value)
                flags.append(f"--{key}.{name}={text}")
        return flags

    def _cli_args(self, base: list[str] | None = None) -> list[str]:
        base = self.overrides if base is None else base
        return [*base, *self.init_overrides(), *self.request.get("cli_args", [])]

    def make_trainer(self, **kwargs: Any) -> Any:
        """A quiet Trainer of the module's own framework, writing only into the work dir."""
        settings: dict[str, Any] = {
            "accelerator": self.accelerator,
            "devices": 1,
            "default_root_dir": str(self.work_dir),
            "enable_progress_bar": False,
            "enable_model_summary": False,
            "logger": False,
        }
        settings.update(kwargs)
        return self.framework.Trainer(**settings)


def _data_init(init: dict[str, Any]) -> dict[str, Any]:
    return dict(init.get("datamodule") or init.get("data") or {})


def _lightning_bases() -> list[tuple[Any, type, type]]:
    """(framework module, LightningModule, LightningDataModule) for each framework in use."""
    import lightning.pytorch as lp

    found = [(lp, lp.LightningModule, lp.LightningDataModule)]
    if "pytorch_lightning" in sys.modules:  # only when the user's code imported it
        import pytorch_lightning as pl

        found.append((pl, pl.LightningModule, pl.LightningDataModule))
    return found


def _framework_of(obj: Any) -> Any:
    for fw, module_base, _ in _lightning_bases():
        if isinstance(obj, module_base):
            return fw
    import lightning.pytorch as lp

    return lp


def check_import(s: Session) -> dict[str, Any]:
    sys.path.insert(0, str(s.import_path))
    sys.argv = [s.module_name]  # LightningCLI reads sys.argv; keep the worker's out of it
    if s.kind == "file":
        spec = importlib.util.spec_from_file_location(s.module_name, s.prefer)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[s.module_name] = module  # pickling (DDP, workers) needs it registered
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(s.module_name)
    s.module = module
    return {"module": s.module_name}


def _pick(candidates: list[type], wanted: str | None, what: str) -> type | None:
    if wanted:
        for cls in candidates:
            if cls.__name__ == wanted:
                return cls
        names = ", ".join(c.__name__ for c in candidates) or "none"
        raise LookupError(f"no {what} named {wanted!r} (found: {names})")
    if len(candidates) > 1:
        names = ", ".join(c.__name__ for c in candidates)
        raise LookupError(f"several {what}s ({names}); choose one with --{what.lower()}")
    return candidates[0] if candidates else None


def check_discover(s: Session) -> dict[str, Any]:
    s.require("import")
    if s.kind == "project":
        if not callable(getattr(s.module, "cli_main", None)):
            raise LookupError(f"{s.module_name} has no cli_main(args, run)")
        return {"entry": f"{s.module_name}.cli_main"}
    modules, datamodules = [], []
    frameworks: dict[type, Any] = {}
    for fw, module_base, data_base in _lightning_bases():
        for _, obj in inspect.getmembers(s.module, inspect.isclass):
            if obj.__module__ != s.module_name or inspect.isabstract(obj):
                continue
            if issubclass(obj, module_base) and obj is not module_base:
                modules.append(obj)
                frameworks[obj] = fw
            elif issubclass(obj, data_base) and obj is not data_base:
                datamodules.append(obj)
                frameworks[obj] = fw
    s.model_cls = _pick(modules, s.request.get("model_class"), "LightningModule")
    if s.model_cls is None:
        raise LookupError(f"{s.prefer} defines no LightningModule subclass")
    s.datamodule_cls = _pick(datamodules, s.request.get("datamodule_class"), "DataModule")
    s.framework = frameworks[s.model_cls]
    if s.datamodule_cls is not None and frameworks[s.datamodule_cls] is not s.framework:
        raise TypeError(
            "`model` must be a `LightningModule` of the same package as the data module: "
            f"{s.model_cls.__name__} and {s.datamodule_cls.__name__} mix pytorch_lightning "
            "and lightning.pytorch"
        )
    return {
        "model": s.model_cls.__name__,
        "datamodule": s.datamodule_cls.__name__ if s.datamodule_cls else None,
    }


def check_instantiate(s: Session) -> dict[str, Any]:
    s.require("import", "discover")
    if s.kind == "project":
        cli = s.module.cli_main(args=s._cli_args(), run=False)
        s.model, s.datamodule, s.trainer = cli.model, cli.datamodule, cli.trainer
        s.cli = cli
        s.framework = _framework_of(s.model)
        s.model_cls, s.datamodule_cls = type(s.model), type(s.datamodule)
    else:
        s.model, s.datamodule = s.fresh()
        s.trainer = s.make_trainer(fast_dev_run=True)
    params = sum(p.numel() for p in s.model.parameters())
    return {
        "model": type(s.model).__name__,
        "datamodule": type(s.datamodule).__name__ if s.datamodule is not None else None,
        "parameters": params,
    }


_BASE_NAMES = {"LightningModule", "LightningDataModule", "Callback"}


def _overridden(name: str, *objs: Any) -> bool:
    """Whether an object's class overrides Lightning's ``name``, for either package name.

    Lightning's own ``is_overridden`` knows only its package's classes: given a module written
    against ``pytorch_lightning`` it raises "Expected a parent", so the base is found by name in
    the class's MRO instead.
    """
    for obj in objs:
        if obj is None:
            continue
        mro = type(obj).__mro__
        base = next(
            (
                c
                for c in mro
                if c.__name__ in _BASE_NAMES
                and c.__module__.split(".")[0] in {"lightning", "pytorch_lightning"}
            ),
            None,
        )
        if base is None:
            continue
        mine, theirs = getattr(type(obj), name, None), getattr(base, name, None)
        if mine is None:
            continue
        # Lightning wraps some hooks (functools.wraps): compare the underlying functions.
        mine = getattr(mine, "__wrapped__", mine)
        if theirs is None or mine is not getattr(theirs, "__wrapped__", theirs):
            return True
    return False


def _data_kwargs(dm: Any) -> dict[str, Any]:
    return {"datamodule": dm} if dm is not None else {}


def check_fit(s: Session) -> dict[str, Any]:
    s.require("instantiate")
    s.trainer.fit(s.model, **_data_kwargs(s.datamodule))
    return {"global_step": s.trainer.global_step}


def check_validate(s: Session) -> dict[str, Any]:
    return _run_stage(s, "validate", "validation_step", "val_dataloader")


def check_test(s: Session) -> dict[str, Any]:
    return _run_stage(s, "test", "test_step", "test_dataloader")


def check_predict(s: Session) -> dict[str, Any]:
    return _run_stage(s, "predict", "predict_step", "predict_dataloader")


def _run_stage(s: Session, stage: str, step: str, loader: str) -> dict[str, Any]:
    s.require("instantiate")
    if not _overridden(step, s.model) and step != "predict_step":
        raise CheckSkipped(f"the model defines no {step}")
    if not _overridden(loader, s.model, s.datamodule):
        raise CheckSkipped(f"no {loader} on the model or data module")
    out = getattr(s.trainer, stage)(s.model, **_data_kwargs(s.datamodule))
    if stage == "predict":
        return {"batches": len(out or [])}
    return {"metrics": {k: float(v) for d in out or [] for k, v in d.items()}}


# -- overfit -------------------------------------------------------------------------------
def _loss_value(outputs: Any, trainer: Any) -> float | None:
    import torch

    value = outputs.get("loss") if isinstance(outputs, dict) else outputs
    if not isinstance(value, torch.Tensor):  # manual optimization: use the logged train loss
        metrics = trainer.callback_metrics
        key = next((k for k in ("train_loss", "train_loss_step", "loss") if k in metrics), None)
        value = metrics.get(key) if key else None
    return float(value.detach().float().mean()) if isinstance(value, torch.Tensor) else None


def check_overfit(s: Session) -> dict[str, Any]:
    s.require("instantiate")
    model, dm = s.fresh()
    without_own_callbacks(model)
    if not model.automatic_optimization:
        # Adversarial or multi-optimizer loops: no single loss has to fall on one batch.
        raise CheckSkipped("manual optimization: no single training loss is expected to halve")
    steps = int(s.options["overfit_steps"])
    curve: list[float] = []

    class LossCurve(s.framework.Callback):  # type: ignore[name-defined,misc]
        def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):  # noqa: ANN001
            value = _loss_value(outputs, trainer)
            if value is None:
                return
            curve.append(value)
            if len(curve) > 1 and (curve[-1] <= curve[0] / 2 or not math.isfinite(curve[-1])):
                trainer.should_stop = True  # halved (or diverged): no need to go on

    trainer = s.make_trainer(
        overfit_batches=1,
        max_steps=steps,
        max_epochs=-1,
        limit_val_batches=0,
        num_sanity_val_steps=0,
        enable_checkpointing=False,
        log_every_n_steps=1,
        callbacks=[LossCurve()],
    )
    trainer.fit(model, **_data_kwargs(dm))
    if not curve:
        raise NotLearning("no training loss was seen: training_step returned no loss tensor")
    first, last = curve[0], curve[-1]
    details: dict[str, Any] = {
        "steps": len(curve),
        "first_loss": round(first, 6),
        "last_loss": round(last, 6),
        "target": round(first / 2, 6),
        "curve": [round(v, 6) for v in curve],
    }
    png = _plot_curve(s, curve)
    if png:
        details["plot"] = png
    if not math.isfinite(last):
        raise NotLearning(f"the loss became {last} after {len(curve)} steps on one batch", details)
    if first <= 0:
        return {**details, "note": "the first loss is already <= 0; nothing to halve"}
    if last > first / 2:
        # Falling, but not to half: a wiring bug rarely shows as a steady decline, a learning
        # rate or a loss that does not suit the model does. The hints differ.
        window = max(1, len(curve) // 10)
        head, tail = curve[:window], curve[-window:]
        falling = sum(tail) / window < 0.9 * sum(head) / window
        error = LearningTooSlowly if falling else NotLearning
        raise error(
            f"loss went from {first:.4g} to {last:.4g} in {len(curve)} steps on one repeated "
            f"batch; it must fall to {first / 2:.4g} (half)",
            details,
        )
    return details


def _plot_curve(s: Session, curve: list[float]) -> str | None:
    out_dir = s.options.get("artifacts_dir")
    if not out_dir:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    path = Path(out_dir) / f"overfit-{s.path.stem}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(curve) + 1), curve, marker=".")
    ax.axhline(curve[0] / 2, linestyle="--", color="grey", label="half of the first loss")
    ax.set_xlabel("step (one repeated batch)")
    ax.set_ylabel("training loss")
    ax.set_title(f"overfit: {s.path.name}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return str(path)


# -- checkpoint ------------------------------------------------------------------------------
def _init_params(cls: type) -> list[str]:
    try:
        sig = inspect.signature(cls.__init__)
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [n for n, p in list(sig.parameters.items())[1:] if p.kind not in kinds]


def _first_batch(model: Any, dm: Any) -> Any:
    for name in ("val_dataloader", "train_dataloader", "test_dataloader", "predict_dataloader"):
        for source in (dm, model):
            if source is not None and _overridden(name, source):
                loader = getattr(source, name)()
                if isinstance(loader, list | tuple):
                    loader = loader[0]
                if isinstance(loader, dict):
                    loader = next(iter(loader.values()))
                return next(iter(loader))
    return None


def without_own_callbacks(model: Any) -> Any:
    """The module's ``configure_callbacks`` switched off for a check's own Trainer: overfit and
    checkpoint test learning and saving; the module's callbacks are `rehearse`'s business."""
    model.configure_callbacks = list
    return model


def outputs(s: Session, model: Any, batch: Any) -> Any:
    """What to compare between two copies of a model: predictions where the model defines
    ``predict_step`` or ``forward``, else its weights."""
    if _overridden("predict_step", model) or _overridden("forward", model):
        return predict_batch(s, model, batch)
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}


def predict_batch(s: Session, model: Any, batch: Any) -> Any:
    """The model's output on ``batch`` as users get it: ``predict_step`` through a Trainer
    (it may read ``self.trainer``), else ``forward`` on ``example_input_array`` or the batch's
    inputs. Eval mode, no gradients."""
    import torch

    model.eval()
    if _overridden("predict_step", model) and batch is not None:
        from torch.utils.data import DataLoader

        trainer = s.make_trainer(enable_checkpointing=False, limit_predict_batches=1)
        out = trainer.predict(model, dataloaders=DataLoader([batch], batch_size=None))
        return out[0] if out else None
    with torch.no_grad():
        if getattr(model, "example_input_array", None) is not None:
            x = model.example_input_array
            if isinstance(x, tuple):
                return model(*x)
            return model(**x) if isinstance(x, dict) else model(x)
        x = batch[0] if isinstance(batch, list | tuple) else batch
        return model(x)


def _max_diff(a: Any, b: Any) -> float:
    import torch

    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        if a.shape != b.shape:
            return math.inf
        if a.numel() == 0:
            return 0.0
        return float((a.detach().double() - b.detach().double()).abs().max())
    if isinstance(a, dict) and isinstance(b, dict):
        return max((_max_diff(a[k], b.get(k)) for k in a), default=0.0)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return math.inf
        return max((_max_diff(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    return 0.0 if a == b else math.inf


def magnitude(value: Any) -> float:
    """The largest absolute float in a (nested) output, 0 when there is none (for tolerances)."""
    import torch

    if isinstance(value, torch.Tensor) and value.numel() and value.is_floating_point():
        return float(value.detach().abs().max())
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return max((magnitude(v) for v in value), default=0.0)
    return 0.0


def _canonical(value: Any) -> Any:
    """Tuples and lists compare equal (a YAML config gives lists, a signature default tuples)."""
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    return value


def _plain(hparams: Any) -> dict[str, str]:
    # "_instantiator" and friends are bookkeeping LightningCLI adds and loading consumes.
    items = dict(hparams or {}).items()
    return {str(k): repr(_canonical(v)) for k, v in items if not str(k).startswith("_")}


def check_checkpoint(s: Session) -> dict[str, Any]:
    import torch

    s.require("instantiate")
    model, dm = s.fresh()
    without_own_callbacks(model)
    ckpt_dir = s.work_dir / "checkpoint-check"
    ModelCheckpoint = s.framework.callbacks.ModelCheckpoint
    saver = ModelCheckpoint(dirpath=str(ckpt_dir), save_last=True, save_top_k=0)
    short = {"limit_train_batches": 2, "limit_val_batches": 1, "num_sanity_val_steps": 0}
    trainer = s.make_trainer(max_epochs=1, enable_checkpointing=True, callbacks=[saver], **short)
    trainer.fit(model, **_data_kwargs(dm))
    path = saver.last_model_path
    if not path or not Path(path).is_file():
        raise CheckpointMismatch("a 1-epoch fit saved no checkpoint")
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    saved_step = int(ckpt.get("global_step", -1))
    cls = type(model)
    params = _init_params(cls)
    if params and not ckpt.get("hyper_parameters"):
        raise HparamsNotSaved(
            f"the checkpoint stores no hyper-parameters, so {cls.__name__}.load_from_checkpoint "
            f"cannot rebuild ({', '.join(params)}): call self.save_hyperparameters() in __init__"
        )
    loaded = cls.load_from_checkpoint(path, map_location="cpu")
    if _plain(loaded.hparams) != _plain(model.hparams):
        raise CheckpointMismatch(
            f"hparams differ after load_from_checkpoint: saved {_plain(model.hparams)}, "
            f"loaded {_plain(loaded.hparams)}"
        )
    model.eval()
    loaded.eval()
    model.cpu()
    batch = _first_batch(model, dm)
    if _overridden("predict_step", model) or _overridden("forward", model):
        diff = _max_diff(predict_batch(s, model, batch), predict_batch(s, loaded, batch))
        compared = "predictions"
    else:  # nothing to call: compare the weights themselves
        diff = _max_diff(model.state_dict(), loaded.state_dict())
        compared = "state_dict"
    if diff != 0.0:
        raise CheckpointMismatch(
            f"{compared} in eval mode differ after load_from_checkpoint (max abs diff {diff:.3g})"
        )
    # Resume: a fresh pair continues from the saved step.
    model2, dm2 = s.fresh()
    without_own_callbacks(model2)
    seen: dict[str, int] = {}

    class StartStep(s.framework.Callback):  # type: ignore[name-defined,misc]
        def on_train_start(self, trainer, pl_module):  # noqa: ANN001
            seen["start"] = trainer.global_step

    saver2 = ModelCheckpoint(dirpath=str(ckpt_dir / "resumed"), save_top_k=0, save_last=True)
    trainer2 = s.make_trainer(
        max_epochs=2, enable_checkpointing=True, callbacks=[saver2, StartStep()], **short
    )
    trainer2.fit(model2, **_data_kwargs(dm2), ckpt_path=path)
    if seen.get("start") != saved_step or trainer2.global_step <= saved_step:
        raise ResumeFailed(
            f"fit(ckpt_path=...) started at global_step {seen.get('start')} and ended at "
            f"{trainer2.global_step}; the checkpoint was saved at step {saved_step}"
        )
    return {
        "checkpoint_step": saved_step,
        "hparams": sorted(_plain(model.hparams)),
        "resumed_from": seen["start"],
        "global_step_after_resume": trainer2.global_step,
        "compared": compared,
        "max_prediction_diff": diff,
    }


# -- ddp ---------------------------------------------------------------------------------------
def _unpicklable(obj: Any, prefix: str) -> str | None:
    """The first attribute path under ``obj`` that pickle refuses, e.g. ``self.logger_fn``."""
    for name, value in vars(obj).items():
        if name in {"_trainer", "_modules"}:
            continue
        try:
            pickle.dumps(value)
        except Exception as exc:  # noqa: BLE001 - any pickling failure is the finding
            return f"{prefix}.{name} ({type(exc).__name__}: {exc})"
    for name, child in getattr(obj, "_modules", {}).items():
        if child is None:
            continue
        try:
            pickle.dumps(child)
        except Exception:  # noqa: BLE001
            return _unpicklable(child, f"{prefix}.{name}") or f"{prefix}.{name}"
    return None


def check_ddp(s: Session) -> dict[str, Any]:
    s.require("instantiate")
    model, dm = s.fresh()
    return run_ddp(s, model, dm, {}, fast_dev_run=True)


def run_ddp(
    s: Session, model: Any, dm: Any, strategy_kwargs: dict[str, Any], **trainer_kwargs: Any
) -> dict[str, Any]:
    """Fit ``model`` on 2 spawned CPU ranks (gloo); compare what the ranks logged."""
    import torch.distributed as dist

    if not dist.is_available():
        raise CheckSkipped("torch.distributed is not available in this torch build")
    from lightning_skill.validate.ddp import CleanDDPStrategy, child_env_ready, read_records
    from lightning_skill.validate.ports import is_port_clash, reserved_port

    for obj, label in ((model, "model"), (dm, "datamodule")):
        if obj is None:
            continue
        try:
            pickle.dumps(obj)
        except Exception as exc:  # noqa: BLE001
            where = _unpicklable(obj, "self") or type(obj).__name__
            raise UnpicklableModule(
                f"the {label} cannot be pickled for spawned DDP ranks: {where}"
            ) from exc
    if s.framework.__name__ != "lightning.pytorch":
        raise CheckSkipped("DDP runs lightning.pytorch modules only")
    child_env_ready()
    exit_abort = None
    for attempt in (1, 2):
        record_dir = s.work_dir / f"ddp-ranks-{len(list(s.work_dir.glob('ddp-ranks-*')))}"
        record_dir.mkdir(parents=True, exist_ok=True)
        strategy = CleanDDPStrategy(
            process_group_backend="gloo",
            timeout=timedelta(seconds=float(s.options["ddp_timeout"])),
            record_dir=str(record_dir),
            **strategy_kwargs,
        )
        trainer = s.make_trainer(accelerator="cpu", devices=2, strategy=strategy, **trainer_kwargs)
        try:
            # A rendezvous port of our own, held for the run (see ports.py), not Lightning's.
            with reserved_port() as port:
                os.environ["MASTER_PORT"] = str(port)
                trainer.fit(model, **_data_kwargs(dm))
            break
        except Exception as exc:
            text = str(exc)
            if attempt == 1 and is_port_clash(text):
                continue  # a process outside the validator bound it by number (see ports.py)
            # Second line of defence against the gloo exit flake: if every rank finished its
            # work and recorded it, an abort while the interpreter shut down is not the user's
            # failure.
            done = read_records(record_dir)
            aborted = "SIGABRT" in text or "terminate called" in text
            if not (aborted and len(done) == 2 and all(r["ok"] for r in done)):
                raise
            exit_abort = f"{type(exc).__name__}: {text.strip().splitlines()[0][:300]}"
            break
    records = read_records(record_dir)
    logged = {r["rank"]: r["logged"] for r in records}
    if len(set(map(tuple, logged.values()))) > 1:
        per_rank = "; ".join(f"rank {k}: {', '.join(v) or 'nothing'}" for k, v in logged.items())
        raise RankDependentLogging(f"the ranks logged different metrics ({per_rank})")
    notes = sorted({w for r in records for w in r["warnings"] if "sync_dist" in w})
    details: dict[str, Any] = {"world_size": 2, "backend": "gloo", "logged": logged.get(0, [])}
    if notes:
        details["warnings"] = notes
    if exit_abort:
        details["ignored_exit_abort"] = exit_abort
    return details


# -- cli -----------------------------------------------------------------------------------------
def _run_cli(s: Session, args: list[str]) -> str:
    """Run ``python -m <pkg> ARGS``'s ``__main__`` in this (fresh, sandboxed) process."""
    package = s.module_name.rsplit(".", 1)[0]
    out, err = io.StringIO(), io.StringIO()
    sys.argv = [package, *args]
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_module(package, run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            code = exc.code
    if code not in (0, None):
        tail = (err.getvalue() or out.getvalue()).strip().splitlines()[-3:]
        raise CLIFailed(f"python -m {package} {' '.join(args)} exited {code}: {' | '.join(tail)}")
    return out.getvalue()


def check_cli(s: Session) -> dict[str, Any]:
    if s.kind != "project":
        raise CheckSkipped("only for LightningCLI projects (a folder with src/<pkg>/cli.py)")
    if s.module is None:
        check_import(s)
    package = s.module_name.rsplit(".", 1)[0]
    if importlib.util.find_spec(f"{package}.__main__") is None:
        raise CLIFailed(f"{package} has no __main__.py, so `python -m {package}` cannot run")
    fast = [a for a in s.overrides if "fast_dev_run" not in a]
    fast.append("--trainer.fast_dev_run=true")
    _run_cli(s, ["fit", *fast, *s.request.get("cli_args", [])])
    printed = _run_cli(s, ["fit", "--print_config"])
    config = s.work_dir / "printed-config.yaml"
    config.write_text(printed, encoding="utf-8")
    _run_cli(s, ["fit", "-c", str(config), *fast])
    return {"entry": f"python -m {package}", "print_config_lines": len(printed.splitlines())}


# -- gpu -----------------------------------------------------------------------------------------
def check_gpu(s: Session) -> dict[str, Any]:
    import torch

    s.require("instantiate")
    if not torch.cuda.is_available():
        raise CheckSkipped("CUDA is not available on this machine")
    if not torch.cuda.is_bf16_supported():
        raise CheckSkipped(f"{torch.cuda.get_device_name(0)} does not support bf16")
    model, dm = s.fresh()
    trainer = s.make_trainer(accelerator="gpu", precision="bf16-mixed", fast_dev_run=True)
    trainer.fit(model, **_data_kwargs(dm))
    return {"device": torch.cuda.get_device_name(0), "precision": "bf16-mixed"}


# -- lint ----------------------------------------------------------------------------------------
def check_lint(s: Session) -> dict[str, Any]:
    try:
        from lightning_skill.lint import lint_paths
    except ImportError:
        raise CheckSkipped("linter not installed") from None
    paths = [s.path / "src"] if s.kind == "project" and (s.path / "src").is_dir() else [s.path]
    findings = lint_paths(paths)
    errors = [f for f in findings if f.severity == "error"]
    details: dict[str, Any] = {
        "errors": len(errors),
        "findings": [f.to_dict() for f in findings[:100]],
    }
    warned = [f.format() for f in findings if f.severity != "error"]
    if warned:
        details["warnings"] = warned[:100]
    if errors:
        first = errors[0]
        raise LintErrors(
            f"{len(errors)} lint error(s); first: {first.path}:{first.line} {first.code} "
            f"{first.message}"
        )
    return details
