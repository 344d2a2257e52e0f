"""Check implementations, run in the worker process (torch and Lightning are imported here).

A check returns a dict of details on success, raises ``CheckSkipped(reason)`` when it does not
apply, and lets any other exception propagate as a failure. Checks share one ``Session``, so a
later check reuses what ``import`` and ``instantiate`` built; a check whose prerequisite
failed is skipped, not failed again.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


class CheckSkipped(Exception):
    """The check does not apply (reason in the message)."""


class Session:
    def __init__(self, request: dict[str, Any]) -> None:
        self.request = request
        t = request["target"]
        self.kind: str = t["kind"]
        self.root = Path(t["root"])
        self.prefer = Path(t["path"]) if self.kind == "file" else None
        self.import_path = Path(t["import_path"])
        self.module_name: str = t["module"]
        self.work_dir = Path(request["work_dir"])
        self.failed: set[str] = set()
        self.module: Any = None
        self.model: Any = None
        self.datamodule: Any = None
        self.trainer: Any = None
        self.model_cls: type | None = None
        self.datamodule_cls: type | None = None
        self.framework: Any = None  # lightning.pytorch or pytorch_lightning
        import torch

        self.accelerator = "gpu" if torch.cuda.is_available() else "cpu"
        # What validate changes in a project's own configuration, reported to the user.
        self.overrides = [
            "--trainer.fast_dev_run=true",
            f"--trainer.accelerator={self.accelerator}",
            "--trainer.devices=1",
            "--trainer.num_nodes=1",
            "--trainer.strategy=auto",
            f"--trainer.default_root_dir={self.work_dir}",
        ]
        if self.accelerator == "cpu":  # 16-mixed / bf16 presets are for GPUs
            self.overrides.append("--trainer.precision=32-true")

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


def _lightning_bases() -> list[tuple[Any, type, type]]:
    """(framework module, LightningModule, LightningDataModule) for each framework in use."""
    import lightning.pytorch as lp

    found = [(lp, lp.LightningModule, lp.LightningDataModule)]
    if "pytorch_lightning" in sys.modules:  # only when the user's code imported it
        import pytorch_lightning as pl

        found.append((pl, pl.LightningModule, pl.LightningDataModule))
    return found


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
        cli = s.module.cli_main(args=[*s.overrides, *s.request.get("cli_args", [])], run=False)
        s.model, s.datamodule, s.trainer = cli.model, cli.datamodule, cli.trainer
    else:
        init = s.request.get("init_args") or {}
        s.model = s.model_cls(**init.get("model", {}))  # type: ignore[misc]
        if s.datamodule_cls is not None:
            s.datamodule = s.datamodule_cls(**init.get("datamodule", {}))
        s.trainer = s.framework.Trainer(
            fast_dev_run=True,
            accelerator=s.accelerator,
            devices=1,
            default_root_dir=str(s.work_dir),
            enable_progress_bar=False,
            enable_model_summary=False,
        )
    params = sum(p.numel() for p in s.model.parameters())
    return {
        "model": type(s.model).__name__,
        "datamodule": type(s.datamodule).__name__ if s.datamodule is not None else None,
        "parameters": params,
    }


def _overridden(name: str, *objs: Any) -> bool:
    from lightning.pytorch.utilities.model_helpers import is_overridden

    return any(obj is not None and is_overridden(name, obj) for obj in objs)


def _data_kwargs(s: Session) -> dict[str, Any]:
    return {"datamodule": s.datamodule} if s.datamodule is not None else {}


def check_fit(s: Session) -> dict[str, Any]:
    s.require("instantiate")
    s.trainer.fit(s.model, **_data_kwargs(s))
    return {"global_step": s.trainer.global_step}


def _run_stage(s: Session, stage: str, step: str, loader: str) -> dict[str, Any]:
    s.require("instantiate")
    if not _overridden(step, s.model) and step != "predict_step":
        raise CheckSkipped(f"the model defines no {step}")
    if not _overridden(loader, s.model, s.datamodule):
        raise CheckSkipped(f"no {loader} on the model or data module")
    out = getattr(s.trainer, stage)(s.model, **_data_kwargs(s))
    if stage == "predict":
        return {"batches": len(out or [])}
    return {"metrics": {k: float(v) for d in out or [] for k, v in d.items()}}


CHECKS: dict[str, Callable[[Session], dict[str, Any] | None]] = {
    "import": check_import,
    "discover": check_discover,
    "instantiate": check_instantiate,
    "fit": check_fit,
    "validate": lambda s: _run_stage(s, "validate", "validation_step", "val_dataloader"),
    "test": lambda s: _run_stage(s, "test", "test_step", "test_dataloader"),
    "predict": lambda s: _run_stage(s, "predict", "predict_step", "predict_dataloader"),
}
DEFAULT_CHECKS = tuple(CHECKS)
