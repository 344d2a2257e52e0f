"""``export``: the exported program must answer what ``forward`` answers, at more than one shape.

A program traced at the example's exact shape usually accepts only that shape: batch size 1
and the example's length or image size. Users call it with other batches and, for sequences
and images, other sizes. The check exports through the target's own export path (a project's
``<pkg>.export.export_model``; a file's module-level ``export_model(model, path)``), loads the
file back (``load_exported`` when the target defines one) and compares it with ``forward`` on
the example, on a batch of 4, and at a second length/size, each where ``forward`` itself
accepts the input (a model whose ``forward`` needs one fixed size is not asked for another).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

from lightning_skill.validate.checks import Session, _max_diff, magnitude
from lightning_skill.validate.errors import CheckError, CheckSkipped

BATCH = 4


class ExportMismatch(CheckError, AssertionError):
    """export: the exported program fails, or answers differently from forward."""

    hint = (
        "the exported program is specialised to the example input: export with dynamic "
        "shapes for the batch (and the sequence length or image size) with "
        "torch.export.Dim, e.g. dynamic_shapes={'x': {0: Dim('batch')}}, and keep "
        "Python branches on shapes out of forward"
    )
    anchor = "validate-checks.md#export"


def _export_path(s: Session) -> tuple[Any, Any]:
    """(export_model, load_exported or None) of the target, or skip."""
    if s.kind == "project":
        name = f"{s.module_name.rsplit('.', 1)[0]}.export"
        if importlib.util.find_spec(name) is None:
            raise CheckSkipped(f"the project has no {name} module")
        module = importlib.import_module(name)
    else:
        module = s.module
    export = getattr(module, "export_model", None)
    if not callable(export):
        raise CheckSkipped("the file defines no export_model(model, path) function")
    return export, getattr(module, "load_exported", None)


def _args(example: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    if isinstance(example, dict):
        return (), dict(example)
    if isinstance(example, list | tuple):
        return tuple(example), {}
    return (example,), {}


def _map(fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple, dict]:
    return tuple(fn(a) for a in args), {k: fn(v) for k, v in kwargs.items()}


def _batched(x: Any) -> Any:
    """A batch of BATCH rows built from the example's first row, rows made to differ."""
    import torch

    if not isinstance(x, torch.Tensor) or x.dim() == 0:
        return x
    rows = x[:1].repeat(BATCH, *([1] * (x.dim() - 1)))
    if x.is_floating_point():
        g = torch.Generator().manual_seed(0)
        return rows + 0.1 * torch.randn(rows.shape, generator=g, dtype=rows.dtype)
    # Integer inputs (token ids, indices): shift each row so values stay in the example's range.
    return torch.stack([torch.roll(rows[i], i, dims=-1) for i in range(BATCH)])


def _resized(x: Any) -> Any:
    """The example at a second length (sequences: half) or size (images: three quarters, since
    a CNN stem that shrinks half the trained size to 1x1 specialises the export there) along the
    varying axes (int ``(B, T)``: T; float ``(B, T, F)``: T; images ``(B, C, H, W)``: H and W)."""
    import torch
    import torch.nn.functional as F

    if not isinstance(x, torch.Tensor) or x.dim() < 2:
        return x
    if not x.is_floating_point():
        return x[..., : max(1, x.shape[-1] // 2)] if x.shape[-1] > 1 else x
    if x.dim() == 3:
        return x[:, : max(1, x.shape[1] // 2)]
    if x.dim() >= 4:
        size = [max(1, n * 3 // 4) for n in x.shape[2:]]
        return F.interpolate(x, size=size)
    return x  # (B, F) features: nothing varies


def check_export(s: Session) -> dict[str, Any]:
    import torch

    s.require("instantiate")
    export, load = _export_path(s)
    model = s.model.cpu().eval()
    example = getattr(model, "example_input_array", None)
    if example is None:
        raise CheckSkipped("the model sets no example_input_array: nothing to export with")
    out = s.work_dir / "exported.pt2"
    written = export(model, out)
    program = load(out) if callable(load) else torch.export.load(str(out)).module()
    args, kwargs = _args(example)
    batched = _map(_batched, args, kwargs)
    variants = {"example": (args, kwargs), f"batch {BATCH}": batched}
    resized = _map(_resized, *batched)
    checked: list[str] = []
    not_asked: dict[str, str] = {}
    # A model that declares which input dimensions vary (``dynamic_dims``, as generated
    # projects do) is held to that: a forecaster's window is part of what it learned.
    declared = getattr(model, "dynamic_dims", None)
    declare = getattr(sys.modules.get(getattr(export, "__module__", "")), "dynamic_dims", None)
    if declared is None and callable(declare):  # the project's export.py: dynamic_dims(model)
        declared = tuple(declare(model))
    if declared is not None and set(declared) <= {0}:
        not_asked["second size"] = f"the model declares only the batch as varying ({declared})"
    elif _shapes(*resized) != _shapes(*batched):  # tabular features: no second size to try
        variants["second size"] = resized
    for label, (a, k) in variants.items():
        with torch.no_grad():
            try:
                expected = model(*a, **k)
            except Exception as exc:  # noqa: BLE001 - forward itself refuses this shape
                not_asked[label] = f"forward rejects it: {type(exc).__name__}"
                continue
            shapes = _shapes(a, k)
            try:
                got = program(*a, **k)
            except Exception as exc:  # noqa: BLE001 - the finding
                first = (str(exc).strip().splitlines() or [""])[0][:300]
                raise ExportMismatch(
                    f"the exported program rejects the {label} input {shapes} that forward "
                    f"accepts: {type(exc).__name__}: {first}",
                    {"checked": checked, "format": written},
                ) from exc
        diff = _max_diff(expected, got)
        if not diff <= 1e-4 * max(1.0, magnitude(expected)):
            raise ExportMismatch(
                f"the exported program's output for the {label} input {shapes} differs from "
                f"forward's (max abs diff {diff:.3g})",
                {"checked": checked, "format": written},
            )
        checked.append(f"{label} {shapes}")
    return {"format": written, "checked": checked, "not_checked": not_asked}


def _shapes(args: tuple, kwargs: dict) -> str:
    def one(x: Any) -> str:
        return "x".join(map(str, x.shape)) if hasattr(x, "shape") else type(x).__name__

    return ", ".join([*(one(a) for a in args), *(f"{k}={one(v)}" for k, v in kwargs.items())])
