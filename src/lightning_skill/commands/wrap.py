"""``lightning-skill wrap --model pkg.module:Class``: a LightningModule around an ``nn.Module``.

The generated file imports the user's class (it must be importable from where the file runs),
builds it with ``--model-args``, and adds loss, metric, optimizer and scheduler chosen by flags,
plus a ``RandomDataModule`` of the declared shapes so the file runs and validates as written.
Nothing is imported here: the module is *found* (from the output file's folder, the current
folder and ``sys.path``) and its source parsed for the class, never executed, so wrapping stays
instant and offline, yet a typo in ``--model`` is a one-line error now, not a failed run later.
"""

from __future__ import annotations

import argparse
import ast
import importlib.machinery
import importlib.util
import json
import keyword
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

from lightning_skill.errors import UsageError

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
_MODEL_REF = re.compile(r"(?P<module>[A-Za-z_]\w*(\.[A-Za-z_]\w*)*):(?P<cls>[A-Za-z_]\w*)")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # fullmatch only: `$` accepts "\n"


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


def _literal(value: object) -> str:
    from lightning_skill.render import _pyrepr

    return _pyrepr(value)


def _shape(text: str) -> tuple[int, ...]:
    try:
        dims = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError("--input-shape", f"expected sizes like 3,32,32, got {text!r}") from None
    if not dims or any(d < 1 or d > 1_000_000 for d in dims) or len(dims) > 8:
        raise UsageError("--input-shape", f"expected 1-8 sizes between 1 and 1e6, got {text!r}")
    return dims


def _model_args(text: str, reserved: set[str]) -> list[tuple[str, tuple[str, str]]]:
    """JSON object -> [(name, (python literal, annotation))]; only plain scalars."""

    def no_constant(name: str) -> None:  # NaN, Infinity: valid to json, not to a Python file
        raise UsageError("--model-args", f"{name} is not a finite number")

    try:
        raw = json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise UsageError("--model-args", f"not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # e.g. an integer past Python's 4300-digit conversion limit
        raise UsageError("--model-args", f"not usable JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise UsageError("--model-args", 'expected a JSON object like {"hidden": 64}')
    out = []
    for key, value in raw.items():
        if not _IDENT.fullmatch(key) or keyword.iskeyword(key) or key in reserved:
            raise UsageError("--model-args", f"{key!r} is not a usable argument name")
        if isinstance(value, bool):
            annotation = "bool"
        elif isinstance(value, int):
            if abs(value) >= 2**63:
                raise UsageError("--model-args", f"{key}: integer out of range (|x| < 2**63)")
            annotation = "int"
        elif isinstance(value, float):
            if not math.isfinite(value):  # 1e999 parses as inf, which a .py file cannot hold
                raise UsageError("--model-args", f"{key}: {value} is not a finite number")
            annotation = "float"
        elif isinstance(value, str):
            annotation = "str"
        else:
            raise UsageError("--model-args", f"{key}: only numbers, booleans and strings")
        out.append((key, (_literal(value), annotation)))
    return out


def render_wrap(args: argparse.Namespace, file_stem: str, search: list[str] | None = None) -> str:
    """The file's text; ``search``: folders to find ``--model`` in (None: do not look)."""
    match = _MODEL_REF.fullmatch(args.model)
    if not match or any(keyword.iskeyword(p) for p in re.split(r"[.:]", args.model)):
        raise UsageError("--model", f"expected pkg.module:Class, got {args.model!r}")
    net_module, net_class = match["module"], match["cls"]
    module_class = args.name or f"Lit{net_class}"
    if not _IDENT.fullmatch(module_class) or keyword.iskeyword(module_class):
        raise UsageError("--name", f"{module_class!r} is not a Python class name")
    used = _names_the_file_uses(args)
    if net_class in used.everywhere:
        raise UsageError(
            "--model", f"class name {net_class!r} clashes with a name the generated file uses"
        )
    if module_class in used.everywhere | {net_class}:
        raise UsageError(
            "--name", f"{module_class!r} clashes with a name the file uses (an import or class)"
        )
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
    model_args = _model_args(args.model_args, used.in_init | {net_class})
    if search is not None:
        check_model_importable(net_module, net_class, search)
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
        "lr": repr(args.lr),
        "weight_decay": repr(args.weight_decay),
        "input_shape": repr(_shape(args.input_shape)),
        "num_classes": args.num_classes,
        "output_dim": args.output_dim,
        "batch_size": args.batch_size,
        "model_args": model_args,
        "net_call": net_call,
    }
    return _render(context)


def _render(context: dict[str, Any]) -> str:
    from lightning_skill.render import make_environment
    from lightning_skill.resources import templates_dir

    env = make_environment([templates_dir() / "wrap"])
    return env.get_template("_module.py.j2").render(context)


class _Used:
    def __init__(self, everywhere: set[str], in_init: set[str]) -> None:
        self.everywhere = everywhere  # every identifier: imports, classes, functions, variables
        self.in_init = in_init  # what __init__ reads, which a --model-args parameter would hide


_SENTINEL_NET, _SENTINEL_MODULE = "ZzWrapNetSentinel", "ZzWrapModuleSentinel"


def _names_the_file_uses(args: argparse.Namespace) -> _Used:
    """Render these flags with placeholder names and collect the identifiers the file uses, so
    a ``--name``/class/argument that would shadow one (``F``, ``torch``, ``L``...) is refused."""
    metric = args.metric or ("mae" if args.loss == "mse" else "accuracy")
    metric_import = _METRICS.get((args.loss, metric))
    text = _render(
        {
            "model_ref": "m:C",
            "net_module": "zz_wrap_sentinel",
            "net_class": _SENTINEL_NET,
            "module_class": _SENTINEL_MODULE,
            "file_stem": "f",
            "loss": args.loss,
            "metric": metric if metric_import else "none",
            "metric_import": metric_import[:2] if metric_import else None,
            "metric_ctor": metric_import[2] if metric_import else None,
            "metric_target": "y",
            "optimizer": args.optimizer,
            "scheduler": args.scheduler,
            "lr": "0.001",
            "weight_decay": "0.0",
            "input_shape": "(1,)",
            "num_classes": 2,
            "output_dim": 1,
            "batch_size": 1,
            "model_args": [],
            "net_call": f"{_SENTINEL_NET}()",
        }
    )
    tree = ast.parse(text)
    everywhere: set[str] = set()
    in_init: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            everywhere.add(node.id)
        elif isinstance(node, ast.alias):
            everywhere.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            everywhere.add(node.name)
        elif isinstance(node, ast.arg):
            everywhere.add(node.arg)
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            in_init |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            in_init |= {a.arg for a in node.args.args}
    sentinels = {_SENTINEL_NET, _SENTINEL_MODULE}
    return _Used(everywhere - sentinels, in_init - sentinels)


def _find_module(dotted: str, search: list[str]) -> importlib.machinery.ModuleSpec | None:
    """The module's spec, found the way ``import`` would, without running any of its code."""
    parts = dotted.split(".")
    path: list[str] | None = search
    spec = None
    for depth in range(1, len(parts) + 1):
        if path is None:  # a plain module has no submodules
            return None
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[:depth]), path)
        if spec is None and depth == 1:
            try:  # editable installs and other meta-path finders; a top level runs no code
                spec = importlib.util.find_spec(parts[0])
            except (ImportError, ValueError):
                spec = None
            if spec is not None and not spec.has_location:
                return spec  # found by a custom finder: trust it for the rest
        if spec is None:
            return None
        path = list(spec.submodule_search_locations or []) or None
    return spec


def _binds(tree: ast.Module, name: str) -> bool:
    """Whether a module's top level (if/try blocks included) binds ``name``, or might."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name in {name, "__getattr__"}:
                return True
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                if alias.name == "*" or bound == name:
                    return True
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                    return True
        elif isinstance(node, ast.If | ast.Try | ast.With):
            pending += [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
            for handler in getattr(node, "handlers", []):
                pending += handler.body
    return False


def check_model_importable(module: str, cls: str, search: list[str]) -> None:
    """``--model`` must name a module that exists and parses, and that defines the class."""
    spec = _find_module(module, search)
    if spec is None:
        raise UsageError(
            "--model",
            f"no module {module!r} next to the output file, in the current folder or installed; "
            "run wrap where the generated file can import it",
        )
    origin = spec.origin or ""
    if not origin.endswith(".py"):
        return  # compiled or namespace: found is as far as we can look without importing it
    try:
        tree = ast.parse(Path(origin).read_bytes(), origin)
    except (OSError, SyntaxError, ValueError) as exc:
        raise UsageError("--model", f"module {module!r} ({origin}) does not parse: {exc}") from None
    if not _binds(tree, cls):
        raise UsageError("--model", f"module {module!r} ({origin}) defines no {cls!r}")


def _search_path(out: Path | None) -> list[str]:
    cwd = os.getcwd()
    first = [str(out.resolve().parent)] if out is not None else []
    return [*first, cwd, *(p for p in sys.path if p not in {"", ".", cwd})]


def run(args: argparse.Namespace) -> int:
    from lightning_skill.write import execute, plan_single_file

    out = None if args.out == "-" else Path(args.out)
    if out is not None and out.suffix != ".py":
        raise UsageError("--out", f"{args.out} must be a .py file (or - for stdout)")
    if "\x00" in args.out:
        raise UsageError("--out", "must not contain NUL characters")
    # With --out -, where the text lands is unknown, so --model is not looked for.
    search = _search_path(out) if out is not None else None
    text = render_wrap(args, out.stem if out else "lit_model", search)
    if out is None:
        sys.stdout.write(text)
        return 0
    execute(plan_single_file(out, text, force=args.force, field="--out"))
    print(f"wrote {out}\nNext: lightning-skill validate {out}")
    return 0
