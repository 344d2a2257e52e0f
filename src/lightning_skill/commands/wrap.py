"""``lightning-skill wrap --model pkg.module:Class``: a LightningModule around an ``nn.Module``.

The generated file imports the user's class (it must be importable from where the file runs),
builds it with ``--model-args``, and adds loss, metric, optimizer and scheduler chosen by flags,
plus a ``RandomDataModule`` of the declared shapes so the file runs and validates as written.
Nothing is imported here: the class is named, not loaded, so wrapping is instant and offline.
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

from lightning_skill.errors import UsageError
from lightning_skill.render import _pyrepr, make_environment
from lightning_skill.resources import templates_dir
from lightning_skill.write import execute, plan_single_file

HELP = "Wrap an existing nn.Module (pkg.module:Class) in a LightningModule file."

LOSSES = ("cross_entropy", "mse", "bce")
METRICS = ("accuracy", "f1", "mae", "none")
OPTIMIZERS = ("adamw", "sgd")
SCHEDULERS = ("cosine", "onecycle", "none")
# (loss, metric) -> (torchmetrics submodule, class, constructor call)
_METRICS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("cross_entropy", "accuracy"): (
        "classification",
        "MulticlassAccuracy",
        "MulticlassAccuracy(NUM_CLASSES)",
    ),
    ("cross_entropy", "f1"): (
        "classification",
        "MulticlassF1Score",
        "MulticlassF1Score(NUM_CLASSES)",
    ),
    ("bce", "accuracy"): ("classification", "BinaryAccuracy", "BinaryAccuracy()"),
    ("bce", "f1"): ("classification", "BinaryF1Score", "BinaryF1Score()"),
    ("mse", "mae"): ("regression", "MeanAbsoluteError", "MeanAbsoluteError()"),
}
_MODEL_REF = re.compile(r"^(?P<module>[A-Za-z_]\w*(\.[A-Za-z_]\w*)*):(?P<cls>[A-Za-z_]\w*)$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", required=True, metavar="PKG.MODULE:CLASS", help="the nn.Module to wrap"
    )
    parser.add_argument(
        "--out", default="lit_model.py", help="file to write (default lit_model.py; - for stdout)"
    )
    parser.add_argument("--name", default=None, help="LightningModule class (default Lit<Class>)")
    parser.add_argument(
        "--model-args", default="{}", metavar="JSON", help='constructor arguments: {"hidden": 64}'
    )
    parser.add_argument("--loss", choices=LOSSES, default="cross_entropy")
    parser.add_argument(
        "--metric",
        choices=METRICS,
        default=None,
        help="default: accuracy for cross_entropy/bce, mae for mse",
    )
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    parser.add_argument("--scheduler", choices=SCHEDULERS, default="cosine")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument(
        "--input-shape",
        default="16",
        metavar="D[,D...]",
        help="one input sample's shape, e.g. 3,32,32 (for example_input_array and the data)",
    )
    parser.add_argument(
        "--num-classes", type=int, default=10, help="classes the model outputs (cross_entropy)"
    )
    parser.add_argument(
        "--output-dim", type=int, default=1, help="outputs per sample (mse and bce)"
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")


def _shape(text: str) -> tuple[int, ...]:
    try:
        dims = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError("--input-shape", f"expected sizes like 3,32,32, got {text!r}") from None
    if not dims or any(d < 1 or d > 1_000_000 for d in dims) or len(dims) > 8:
        raise UsageError("--input-shape", f"expected 1-8 sizes between 1 and 1e6, got {text!r}")
    return dims


def _model_args(text: str) -> list[tuple[str, tuple[str, str]]]:
    """JSON object -> [(name, (python literal, annotation))]; only plain scalars."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError("--model-args", f"not valid JSON: {exc.msg}") from None
    if not isinstance(raw, dict):
        raise UsageError("--model-args", 'expected a JSON object like {"hidden": 64}')
    out = []
    reserved = {"lr", "weight_decay", "self"}
    for key, value in raw.items():
        if not _IDENT.match(key) or keyword.iskeyword(key) or key in reserved:
            raise UsageError("--model-args", f"{key!r} is not a usable argument name")
        if isinstance(value, bool):
            annotation = "bool"
        elif isinstance(value, int):
            annotation = "int"
        elif isinstance(value, float):
            annotation = "float"
        elif isinstance(value, str):
            annotation = "str"
        else:
            raise UsageError("--model-args", f"{key}: only numbers, booleans and strings")
        out.append((key, (_pyrepr(value), annotation)))
    return out


def render_wrap(args: argparse.Namespace, file_stem: str) -> str:
    match = _MODEL_REF.match(args.model)
    if not match or any(keyword.iskeyword(p) for p in re.split(r"[.:]", args.model)):
        raise UsageError("--model", f"expected pkg.module:Class, got {args.model!r}")
    net_module, net_class = match["module"], match["cls"]
    module_class = args.name or f"Lit{net_class}"
    if not _IDENT.match(module_class) or keyword.iskeyword(module_class):
        raise UsageError("--name", f"{module_class!r} is not a Python class name")
    if module_class in {net_class, "RandomDataModule"}:
        raise UsageError("--name", f"{module_class!r} clashes with a name the file uses")
    metric = args.metric or ("mae" if args.loss == "mse" else "accuracy")
    if metric != "none" and (args.loss, metric) not in _METRICS:
        fits = [m for (loss, m) in _METRICS if loss == args.loss]
        raise UsageError("--metric", f"{metric} does not fit --loss {args.loss}; use {fits}")
    for flag, value in (("--lr", args.lr), ("--weight-decay", args.weight_decay)):
        if not 0 <= value < 1e3 or value != value:
            raise UsageError(flag, f"must be a finite number >= 0, got {value}")
    for flag, value in (
        ("--num-classes", args.num_classes),
        ("--output-dim", args.output_dim),
        ("--batch-size", args.batch_size),
    ):
        if not 1 <= value <= 1_000_000:
            raise UsageError(flag, f"must be between 1 and 1000000, got {value}")
    model_args = _model_args(args.model_args)
    net_call = f"{net_class}({', '.join(f'{k}={k}' for k, _ in model_args)})"
    if len(net_call) > 100 - len("        self.net = "):
        net_call = f"{net_class}(\n" + "".join(f"            {k}={k},\n" for k, _ in model_args)
        net_call += "        )"
    metric_import = _METRICS.get((args.loss, metric))
    context: dict[str, Any] = {
        "model_ref": args.model,
        "net_module": net_module,
        "net_class": net_class,
        "module_class": module_class,
        "file_stem": file_stem,
        "loss": args.loss,
        "metric": metric,
        "metric_import": metric_import[:2] if metric_import else None,
        "metric_ctor": metric_import[2] if metric_import else None,
        # Binary metrics count integer targets; the BCE loss wants them as floats.
        "metric_target": "y.long()" if args.loss == "bce" else "y",
        "optimizer": args.optimizer,
        "scheduler": args.scheduler,
        "lr": _pyrepr(args.lr),
        "weight_decay": _pyrepr(args.weight_decay),
        "input_shape": repr(_shape(args.input_shape)),
        "num_classes": args.num_classes,
        "output_dim": args.output_dim,
        "batch_size": args.batch_size,
        "model_args": model_args,
        "net_call": net_call,
    }
    env = make_environment([templates_dir() / "wrap"])
    return env.get_template("_module.py.j2").render(context)


def run(args: argparse.Namespace) -> int:
    out = None if args.out == "-" else Path(args.out)
    if out is not None and out.suffix != ".py":
        raise UsageError("--out", f"{args.out} must be a .py file (or - for stdout)")
    text = render_wrap(args, out.stem if out else "lit_model")
    if out is None:
        sys.stdout.write(text)
        return 0
    execute(plan_single_file(out, text, force=args.force, field="--out"))
    print(f"wrote {out}\nNext: lightning-skill validate {out}")
    return 0
