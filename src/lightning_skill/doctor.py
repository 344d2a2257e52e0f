"""What this machine offers the skill: versions, accelerators, distributed backends, sandboxing.

Everything is probed, nothing is assumed: a package's version comes from its installed
metadata, accelerators and backends from torch itself, sandboxing from the tools and kernel
files that ``validate --isolate`` would use. Missing optional pieces are facts, not errors;
``problems`` lists only what stops the skill from working as tested.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from pathlib import Path
from typing import Any

from lightning_skill import LIGHTNING_SERIES, __version__

SCHEMA_VERSION = 1
# Needed by the toolkit and every generated project.
REQUIRED = ("torch", "torchvision", "lightning", "torchmetrics", "jsonargparse")
# Optional: loggers, strategies, experiments, precision plugins.
OPTIONAL = (
    "tensorboard",
    "wandb",
    "mlflow",
    "deepspeed",
    "bitsandbytes",
    "transformer_engine",
    "optuna",
    "matplotlib",
    "pytorch_lightning",
)
TESTED_TORCH = "2.14.1"


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _in_series(version: str | None, series: str) -> bool:
    return version is not None and (version == series or version.startswith(series + "."))


def _accelerators() -> dict[str, Any]:
    try:
        import torch
    except ImportError:
        return {"cuda": False, "cuda_devices": [], "mps": False, "error": "torch not importable"}
    cuda = torch.cuda.is_available()
    names = (
        [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if cuda else []
    )
    mps_backend = getattr(torch.backends, "mps", None)
    mps = bool(mps_backend and mps_backend.is_available())
    bf16 = bool(cuda and torch.cuda.is_bf16_supported())
    return {
        "cuda": cuda,
        "cuda_devices": names,
        "cuda_version": torch.version.cuda,
        "bf16": bf16,
        "mps": mps,
        "cpu_count": os.cpu_count(),
    }


def _distributed() -> dict[str, bool]:
    try:
        import torch.distributed as dist
    except ImportError:
        return {}
    if not dist.is_available():
        return {"available": False}
    return {
        "available": True,
        "gloo": dist.is_gloo_available(),
        "nccl": dist.is_nccl_available(),
        "mpi": dist.is_mpi_available(),
    }


def _sandbox() -> dict[str, Any]:
    """What `validate` contains jobs with here: the validator's own probes, not a guess."""
    import tempfile

    from lightning_skill.validate import containment

    subreaper = sys.platform.startswith("linux")  # PR_SET_CHILD_SUBREAPER: Linux 3.4+
    try:
        with tempfile.TemporaryDirectory(prefix="lightning-skill-doctor-") as scratch:
            containment.probe_isolation(Path(scratch))
        isolate = "available (bubblewrap)"
    except containment.IsolationUnavailable as exc:
        isolate = f"unavailable: {exc}"
    return {
        "containment": "subreaper" if subreaper else "process-group",
        "memory_cap": "job-tree" if containment.memory_probe() else "rlimit-as",
        "isolate": isolate,
    }


def diagnose() -> dict[str, Any]:
    packages = {name: _version(name) for name in (*REQUIRED, *OPTIONAL)}
    problems: list[str] = []
    for name in REQUIRED:
        if packages[name] is None:
            problems.append(f"{name} is not installed (pip install lightning-skill pulls it in)")
    lightning = packages["lightning"]
    if lightning is not None and not _in_series(lightning, LIGHTNING_SERIES):
        problems.append(
            f"lightning {lightning} is outside the tested series {LIGHTNING_SERIES}.x: generated "
            f'code and advice were run on {LIGHTNING_SERIES}; pip install "lightning>='
            f'{LIGHTNING_SERIES},<2.7"'
        )
    notes = []
    torch_version = (packages["torch"] or "").split("+")[0]
    if packages["torch"] and torch_version != TESTED_TORCH:
        notes.append(f"torch {packages['torch']} differs from the tested {TESTED_TORCH}")
    return {
        "schema_version": SCHEMA_VERSION,
        "skill_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "lightning_series_tested": LIGHTNING_SERIES,
        "lightning_in_tested_range": _in_series(lightning, LIGHTNING_SERIES),
        "packages": packages,
        "accelerators": _accelerators(),
        "distributed": _distributed(),
        "sandbox": _sandbox(),
        "problems": problems,
        "notes": notes,
    }


def format_text(report: dict[str, Any]) -> str:
    def ver(name: str) -> str:
        return report["packages"][name] or "not installed"

    acc = report["accelerators"]
    gpu = ", ".join(acc.get("cuda_devices") or []) or "none"
    dist = report["distributed"]
    backends = [b for b in ("gloo", "nccl", "mpi") if dist.get(b)] or ["none"]
    lines = [
        f"lightning-skill {report['skill_version']} on Python {report['python']} "
        f"({report['platform']})",
        "",
        "required: " + ", ".join(f"{n} {ver(n)}" for n in REQUIRED),
        "optional: " + ", ".join(f"{n} {ver(n)}" for n in OPTIONAL),
        f"lightning in tested series {report['lightning_series_tested']}.x: "
        + ("yes" if report["lightning_in_tested_range"] else "NO"),
        f"accelerators: CUDA {gpu}; bf16 {'yes' if acc.get('bf16') else 'no'}; "
        f"MPS {'yes' if acc.get('mps') else 'no'}; {acc.get('cpu_count')} CPU cores",
        f"distributed backends: {', '.join(backends)}",
        "validate sandbox: " + ", ".join(f"{k} {v}" for k, v in report["sandbox"].items()),
    ]
    for note in report["notes"]:
        lines.append(f"note: {note}")
    for problem in report["problems"]:
        lines.append(f"PROBLEM: {problem}")
    lines.append("" if report["problems"] else "\nok: this machine runs the skill as tested")
    return "\n".join(lines).rstrip() + "\n"
