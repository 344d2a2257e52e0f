"""API-diff coverage audit: every public 1.x API that 2.6 removed or changed, probed against lint.

The 1.x surface is read statically (``ast``, nothing imported) from unzipped
``pytorch-lightning`` wheels; the 2.6 surface is the installed ``lightning.pytorch``. For each
removed or changed item the audit writes a tiny snippet in its 1.x usage shape (a keyword, an
attribute read, a hook definition with the 1.x parameters, a constructor keyword...), lints all
snippets in-process in one ``lint_paths`` call and reports which ones raise a finding on the
probed line.

    pip download --no-deps pytorch-lightning==1.9.5 -d /tmp/wheels   # and 1.4.9, 1.6.5, ...
    unzip -q /tmp/wheels/pytorch_lightning-1.9.5-*.whl -d /tmp/pl/1.9.5
    python benchmarks/lint_api_audit.py /tmp/pl          # one folder per version, each holding
                                                         # pytorch_lightning/
    # writes benchmarks/results/lint_api_audit.json and .md

The probes say nothing about how often an item occurs in real code: an uncovered row is a
candidate, and the report's ``note`` column says why one is left uncovered on purpose.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import re
import sys
import tempfile
import textwrap
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

HOOK_FILES = ("core/hooks.py",)  # where 1.x declared the hooks users override
PUBLIC_PACKAGES = (
    "callbacks",
    "loggers",
    "profiler",
    "profilers",
    "strategies",
    "plugins",
    "plugins.precision",
    "plugins.environments",
    "plugins.io",
    "plugins.training_type",
    "accelerators",
    "cli",
    "utilities.cli",
)
# where a 1.x package's classes live in 2.6 when the package itself moved
MOVED_PACKAGES = {
    "profiler": "profilers",
    "utilities.cli": "cli",
    "plugins.training_type": "strategies",
}
# user-overridden LightningModule/Callback methods outside core/hooks.py whose signature matters
USER_OVERRIDES = {
    "training_step",
    "validation_step",
    "test_step",
    "predict_step",
    "training_step_end",
    "validation_step_end",
    "test_step_end",
    "training_epoch_end",
    "validation_epoch_end",
    "test_epoch_end",
    "configure_optimizers",
    "optimizer_step",
    "optimizer_zero_grad",
    "backward",
    "manual_backward",
    "configure_gradient_clipping",
    "lr_scheduler_step",
    "tbptt_split_batch",
    "on_save_checkpoint",
    "on_load_checkpoint",
}
# changed Trainer values: 1.x spellings (1.9.5's accelerator_connector.py, the 1.4.9 Trainer
# docstring) that 2.6 refuses or warns about (32/64 and most strategy names still work); the
# strategy names 1.x registered are read from the wheels too (strategy_names)
VALUE_PROBES = (
    ("precision", "16"),
    ("precision", "'bf16'"),
    ("accelerator", "'ddp'"),
    ("accelerator", "'ddp_spawn'"),
    ("accelerator", "'dp'"),
    ("accelerator", "'ddp2'"),
    ("accelerator", "'ddp_cpu'"),
    ("accelerator", "'horovod'"),
    ("accelerator", "'ipu'"),
    ("accelerator", "'hpu'"),
    ("strategy", "'dp'"),
    ("strategy", "'ddp2'"),
    ("strategy", "'horovod'"),
    ("strategy", "'ddp_sharded'"),
    ("strategy", "'ddp_sharded_spawn'"),
    ("strategy", "'ddp_fully_sharded'"),
    ("strategy", "'tpu_spawn'"),
    ("strategy", "'bagua'"),
    ("strategy", "'colossalai'"),
    ("amp_backend", "'apex'"),
    ("devices", "None"),
    ("max_steps", "None"),
)


@dataclass
class ClassInfo:
    name: str
    module: str
    bases: list[str]
    init: list[str]  # named parameters of __init__ (self excluded)
    init_varkw: bool
    methods: dict[str, list[str]]  # public method -> positional parameter names (self excluded)
    varargs: dict[str, bool]
    properties: set[str]
    setters: set[str]
    attrs: set[str]  # class-level and self.X = ... assignments (public)
    hook_methods: set[str]  # methods defined in core/hooks.py classes
    classmethods: set[str] = field(default_factory=set)
    keywords: dict[str, list[str]] = field(default_factory=dict)  # method -> all named params
    own_init: bool = False


@dataclass
class Item:
    family: str
    target: str  # Trainer, LightningModule, ModelCheckpoint, ...
    name: str
    change: str  # removed / signature / value / read-only / ctor-arg
    versions: list[str]
    probe: str = ""
    probe_line: int = 0
    alt_line: int = 0  # another line where a finding counts (the import a base class came from)
    codes: list[str] = field(default_factory=list)
    covered: bool = False
    note: str = ""


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list[str], bool, bool]:
    a = fn.args
    names = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names, a.vararg is not None, a.kwarg is not None


def _pos_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = fn.args
    names = [p.arg for p in (*a.posonlyargs, *a.args)]
    return names[1:] if names and names[0] in ("self", "cls") else names


def _deco_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    out = set()
    for d in fn.decorator_list:
        if isinstance(d, ast.Name):
            out.add(d.id)
        elif isinstance(d, ast.Attribute):
            out.add(d.attr)
    return out


def index_package(root: Path) -> dict[str, list[ClassInfo]]:
    """Every class of the unzipped ``pytorch_lightning`` package, by class name."""
    classes: dict[str, list[ClassInfo]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        in_hooks = str(path).endswith(HOOK_FILES)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            info = ClassInfo(
                node.name,
                module,
                [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases],
                [],
                False,
                {},
                {},
                set(),
                set(),
                set(),
                set(),
            )
            for stmt in node.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    decos = _deco_names(stmt)
                    if stmt.name == "__init__":
                        info.init, _, info.init_varkw = _params(stmt)
                        info.own_init = True
                        info.attrs |= {a for a in self_stores(stmt) if not a.startswith("_")}
                    if stmt.name.startswith("_"):
                        continue
                    if "setter" in decos:
                        info.setters.add(stmt.name)
                    elif "property" in decos:
                        info.properties.add(stmt.name)
                    else:
                        info.methods[stmt.name] = _pos_params(stmt)
                        info.keywords[stmt.name] = _params(stmt)[0]
                        info.varargs[stmt.name] = stmt.args.vararg is not None
                        if decos & {"classmethod", "staticmethod"}:
                            info.classmethods.add(stmt.name)
                        if in_hooks:
                            info.hook_methods.add(stmt.name)
                elif isinstance(stmt, ast.Assign | ast.AnnAssign):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    for t in targets:
                        if isinstance(t, ast.Name) and not t.id.startswith("_"):
                            info.attrs.add(t.id)
            classes[node.name].append(info)
    return classes


def resolve(classes: dict[str, list[ClassInfo]], name: str, module_hint: str = "") -> ClassInfo:
    """The class and everything it inherits inside the package, merged (nearest wins)."""
    cands = classes.get(name, [])
    base = next((c for c in cands if c.module.startswith(module_hint)), cands[0])
    merged = ClassInfo(
        base.name, base.module, base.bases, base.init, base.init_varkw, {}, {}, set(), set(),
        set(), set(),
    )  # fmt: skip
    seen: set[str] = set()
    # a subclass without __init__ takes its nearest base's (CPUAccelerator: Accelerator's)
    init_from = base
    while not init_from.own_init and init_from.bases and init_from.bases[0] in classes:
        init_from = classes[init_from.bases[0]][0]
    merged.init, merged.init_varkw = init_from.init, init_from.init_varkw

    def walk(info: ClassInfo) -> None:
        if info.name in seen:
            return
        seen.add(info.name)
        for m, ps in info.methods.items():
            merged.methods.setdefault(m, ps)
            merged.keywords.setdefault(m, info.keywords[m])
            merged.varargs.setdefault(m, info.varargs[m])
        merged.properties |= info.properties - set(merged.methods)
        merged.setters |= info.setters
        merged.attrs |= info.attrs
        merged.hook_methods |= info.hook_methods
        merged.classmethods |= info.classmethods
        for b in info.bases:
            if b in classes and b not in ("object", "Module"):
                walk(classes[b][0])

    walk(base)
    return merged


def public_exports(root: Path, package: str) -> set[str]:
    """The class names a 1.x public package's ``__init__`` imports (its user-facing names)."""
    init = root / Path(*package.split(".")) / "__init__.py"
    module = init.parent.with_suffix(".py")
    if module.is_file():  # cli.py: the classes it defines
        tree = ast.parse(module.read_text(encoding="utf-8"))
        return {n.name for n in tree.body if isinstance(n, ast.ClassDef) and n.name[:1].isupper()}
    if not init.is_file():
        return set()
    tree = ast.parse(init.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    return {n for n in names if n[:1].isupper()}


_STRATEGY_NAME = re.compile(
    r'strategy_name\s*=\s*"([a-z0-9_]+)"'  # a class's registered name
    r'|register\(\s*"([a-z0-9_]+)"'  # strategy_registry.register("name", ...)
    r'|\(\s*"([a-z0-9_]+)"\s*,\s*cls\b'  # for name, ... in (("name", cls, ...), ...)
    r'|"([a-z0-9_]+)",\s*\n\s*cls,'
)


def strategy_names(root: Path) -> set[str]:
    """The strategy names 1.x's strategies (or training-type plugins) registered, read from
    their registration calls (a regex over the source: the names are string literals)."""
    names: set[str] = set()
    for folder in ("strategies", "plugins/training_type"):
        for path in (root / folder).glob("*.py"):
            if path.name == "strategy_registry.py":
                continue  # its docstring registers an example ("lightning")
            for groups in _STRATEGY_NAME.findall(path.read_text(encoding="utf-8")):
                names.update(g for g in groups if g)
    return names


def module_functions(root: Path) -> list[tuple[str, str]]:
    """(module, name) of the public functions in 1.x's ``utilities/*.py`` and ``core/saving.py``
    (LS130's ground, probed to check it, not to redo it)."""
    out = []
    files = [*sorted((root / "utilities").glob("*.py")), root / "core" / "saving.py"]
    for path in files:
        if path.name == "__init__.py" or not path.is_file():
            continue
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                out.append((module, node.name))
    return out


# ---- the 2.6 side -------------------------------------------------------------------------


def _exists_26(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(f"lightning.pytorch.{module}"), name)
    except ImportError:
        return False


def new_class(package: str, name: str) -> type | None:
    moved = MOVED_PACKAGES.get(package, package)
    for mod in (f"lightning.pytorch.{package}", f"lightning.pytorch.{moved}", "lightning.pytorch"):
        try:
            obj = getattr(importlib.import_module(mod), name, None)
        except ImportError:
            continue
        if isinstance(obj, type):
            return obj
    return None


def new_params(obj: object) -> tuple[list[str], bool, bool]:
    try:
        sig = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return [], True, True
    ps = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
    return (
        [p.name for p in ps if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)],
        any(p.kind is p.VAR_POSITIONAL for p in ps),
        any(p.kind is p.VAR_KEYWORD for p in ps),
    )


def new_members(cls: type) -> set[str]:
    """A 2.6 class's names: ``dir`` plus the ``self.X = ...`` its (and its bases') code sets."""
    names = set(dir(cls))
    for klass in cls.__mro__:
        if not klass.__module__.startswith("lightning"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        names |= self_stores(tree)
    return names


def self_stores(tree: ast.AST) -> set[str]:
    """The attributes ``self.X = ...`` sets anywhere in ``tree``."""
    return {
        sub.attr
        for sub in ast.walk(tree)
        if isinstance(sub, ast.Attribute)
        and isinstance(sub.ctx, ast.Store)
        and isinstance(sub.value, ast.Name)
        and sub.value.id == "self"
    }


def _raising_stub(cls: type) -> bool:
    """A ``lightning.pytorch._graveyard`` class whose constructor only raises (HPU...)."""
    if "_graveyard" not in cls.__module__:
        return False
    try:
        return "raise NotImplementedError" in inspect.getsource(cls.__init__)
    except (OSError, TypeError):
        return False


def settable(cls: type, name: str) -> bool:
    for klass in cls.__mro__:
        if name in vars(klass):
            attr = vars(klass)[name]
            return not isinstance(attr, property) or attr.fset is not None
    return True


# ---- probes ------------------------------------------------------------------------------

HEAD = "import pytorch_lightning as pl\nimport torch\n"


def _def(name: str, params: list[str]) -> str:
    return f"    def {name}(self{''.join(', ' + p for p in params)}):\n        pass\n"


def probe_for(item: Item, params: list[str] | None = None, kind: str = "attr") -> None:
    t, n, is_method = item.target, item.name, kind != "attr"
    if kind == "classmethod":
        # Trainer.from_argparse_args(args), MyDataModule.add_argparse_args(parser)
        owner = "pl.Trainer" if t == "Trainer" else "M"
        code = HEAD + ("" if t == "Trainer" else f"class M(pl.{t}):\n    pass\n")
        code += f"x = {owner}.{n}(args)\n"
        item.probe, item.probe_line = code, code.count("\n")
        return
    if item.family == "trainer-args":
        code = HEAD + f"trainer = pl.Trainer({n}=1)\n"
    elif item.family == "trainer-values":
        key, value = n.split("=", 1)
        code = HEAD + f"trainer = pl.Trainer({key}={value})\n"
    elif item.family in ("trainer-members", "trainer-read-only"):
        use = f"self.trainer.{n}" + ("()" if is_method else "")
        if item.change == "read-only":
            use = f"self.trainer.{n} = 1"
        code = HEAD + "class M(pl.LightningModule):\n    def on_fit_start(self):\n"
        code += f"        {'x = ' if item.change != 'read-only' else ''}{use}\n"
    elif item.family in ("module-hooks", "datamodule-hooks", "callback-hooks"):
        base = {"module-hooks": "pl.LightningModule", "datamodule-hooks": "pl.LightningDataModule"}
        code = HEAD + f"class M({base.get(item.family, 'pl.Callback')}):\n" + _def(n, params or [])
        item.probe, item.probe_line = code, code.count("\n") - 1
        return
    elif item.family in ("module-read-only", "datamodule-read-only"):
        base = (
            "pl.LightningModule" if item.family == "module-read-only" else "pl.LightningDataModule"
        )
        code = HEAD + f"class M({base}):\n    def setup(self, stage=None):\n        self.{n} = 1\n"
    elif item.family in ("module-members", "datamodule-members"):
        base = "pl.LightningModule" if item.family == "module-members" else "pl.LightningDataModule"
        use = f"self.{n}" + ("()" if is_method else "")
        code = HEAD + f"class M({base}):\n    def setup(self, stage=None):\n        x = {use}\n"
    elif item.family == "ctor-args":
        pkg, cls = t.rsplit(".", 1)
        code = f"from pytorch_lightning.{pkg} import {cls}\n\nx = {cls}({n}=1)\n"
    elif item.family == "class-members" and t.startswith("callbacks."):
        # callbacks' members are read in a subclass (a custom progress bar)
        pkg, cls = t.rsplit(".", 1)
        use = f"self.{n}" + ("()" if is_method else "")
        code = f"from pytorch_lightning.{pkg} import {cls}\n\n\nclass M({cls}):\n"
        code += f"    def on_train_start(self, trainer, pl_module):\n        x = {use}\n"
        if cls == "ProgressBar":
            # 1.x's ProgressBar was the tqdm bar: lint may name the base class, on the import
            item.alt_line = 1
    elif item.family == "class-members":
        pkg, cls = t.rsplit(".", 1)
        use = f"obj.{n}" + ("()" if is_method else "")
        code = f"from pytorch_lightning.{pkg} import {cls}\n\nobj = {cls}()\nx = {use}\n"
    elif item.family == "method-kwargs":
        method, kw = n.rstrip("=)").split("(")
        call = {
            "Trainer": f"trainer = pl.Trainer()\ntrainer.{method}(model, {kw}=1)\n",
            "LightningModule": "class M(pl.LightningModule):\n    def training_step(self, b, i):"
            f"\n        self.{method}({kw}=1)\n",
            "LightningDataModule": "class M(pl.LightningDataModule):\n    pass\n"
            f"M.{method}({kw}=1)\n",
        }[t]
        code = HEAD + call
    elif item.family == "module-functions":
        code = f"from pytorch_lightning.{t} import {n}\n"
    elif item.family == "removed-classes":
        pkg, cls = t.rsplit(".", 1)
        code = f"from pytorch_lightning.{pkg} import {cls}\n"
    else:
        raise ValueError(item.family)
    item.probe, item.probe_line = code, code.count("\n")


# ---- the audit ---------------------------------------------------------------------------


# methods user code calls with keywords (not hooks it overrides)
CALLED_METHODS = {
    "Trainer": ("fit", "validate", "test", "predict", "save_checkpoint"),
    "LightningModule": (
        "log",
        "log_dict",
        "save_hyperparameters",
        "manual_backward",
        "load_from_checkpoint",
        "to_onnx",
        "to_torchscript",
        "all_gather",
        "toggle_optimizer",
        "untoggle_optimizer",
        "clip_gradients",
        "freeze",
        "unfreeze",
        "print",
    ),
    "LightningDataModule": ("load_from_checkpoint", "from_datasets", "save_hyperparameters"),
}


def _dropped_keywords(old: ClassInfo, new: type, method: str) -> list[str]:
    """1.x keyword parameters of ``method`` that 2.6's refuses (no ``**kwargs`` there)."""
    if method not in old.keywords or not hasattr(new, method):
        return []
    nps, _, nkw = new_params(getattr(new, method))
    if nkw:
        return []
    return [p for p in old.keywords[method] if p not in nps and p not in ("args", "kwargs")]


def _kind(info: ClassInfo, name: str) -> str:
    if name in info.classmethods:
        return "classmethod"
    return "method" if name in info.methods else "attr"


def audit(wheels: Path) -> list[Item]:
    import lightning.pytorch as L  # noqa: N812 (Lightning's own spelling)
    from lightning.pytorch.strategies import StrategyRegistry

    versions = sorted(
        (d for d in wheels.iterdir() if (d / "pytorch_lightning").is_dir()),
        key=lambda d: tuple(int(x) for x in d.name.split(".") if x.isdigit()),
    )
    items: dict[tuple[str, str, str, str], Item] = {}
    meta: dict[tuple[str, str, str, str], tuple[list[str] | None, str]] = {}

    def add(family: str, target: str, name: str, change: str, version: str, **kw: object) -> None:
        key = (family, target, name, change)
        if key not in items:
            items[key] = Item(family, target, name, change, [])
            meta[key] = (kw.get("params"), str(kw.get("kind", "attr")))  # type: ignore[arg-type]
        items[key].versions.append(version)

    # 2.6 instances, not classes: many members are set in __init__ (trainer.fit_loop, .state)
    new_trainer = set(dir(L.Trainer(logger=False, enable_checkpointing=False)))
    instances = {
        "LightningModule": set(dir(L.LightningModule())),
        "LightningDataModule": set(dir(L.LightningDataModule())),
        "Callback": set(dir(L.Callback())),
    }
    trainer_init = set(new_params(L.Trainer.__init__)[0])
    for vdir in versions:
        v, root = vdir.name, vdir / "pytorch_lightning"
        classes = index_package(root)
        trainer = resolve(classes, "Trainer", "pytorch_lightning.trainer")
        for p in trainer.init:
            if p not in trainer_init:
                add("trainer-args", "Trainer", p, "removed", v)
        for m in (*trainer.methods, *trainer.properties, *trainer.attrs):
            if m not in new_trainer:
                add("trainer-members", "Trainer", m, "removed", v, kind=_kind(trainer, m))
        for m in CALLED_METHODS["Trainer"]:
            for p in _dropped_keywords(trainer, L.Trainer, m):
                add("method-kwargs", "Trainer", f"{m}({p}=)", "removed", v)
        # 1.x setters, and 1.x plain attributes (self.X = ... in the Trainer or its mixins),
        # that are 2.6 properties without a setter
        for m in (trainer.setters & trainer.properties) | trainer.attrs:
            if m in new_trainer and not settable(L.Trainer, m):
                add("trainer-read-only", "Trainer", m, "read-only", v)

        for family, name, new in (
            ("module", "LightningModule", L.LightningModule),
            ("datamodule", "LightningDataModule", L.LightningDataModule),
            ("callback", "Callback", L.Callback),
        ):
            old = resolve(classes, name, "pytorch_lightning.core")
            members = instances[name]
            for m, ps in old.methods.items():
                hook = m in old.hook_methods or m in USER_OVERRIDES or name == "Callback"
                hook = hook or m.startswith("on_")  # on_hpc_save: defined in module.py
                hook = hook and m not in old.classmethods
                if m not in members:
                    if hook:
                        add(f"{family}-hooks", name, m, "removed", v, params=ps)
                    elif family != "callback":
                        add(f"{family}-members", name, m, "removed", v, kind=_kind(old, m))
                elif hook:
                    nps, nvar, _ = new_params(getattr(new, m))
                    changed = len(ps) > len(nps) or any(p not in nps for p in ps)
                    if changed and not nvar and not old.varargs.get(m):
                        add(f"{family}-hooks", name, m, "signature", v, params=ps)
            for m in CALLED_METHODS.get(name, ()):
                for p in _dropped_keywords(old, new, m):
                    add("method-kwargs", name, f"{m}({p}=)", "removed", v)
            if family != "callback":
                # 1.x set it (a plain attribute or a setter); 2.6's property has no setter
                for m in (old.setters & old.properties) | old.attrs:
                    if m in members and not settable(new, m):
                        add(f"{family}-read-only", name, m, "read-only", v)
                for m in old.properties | old.attrs:
                    if m not in members and m not in old.methods:
                        add(f"{family}-members", name, m, "removed", v)

        for pkg in PUBLIC_PACKAGES:
            for cls in sorted(public_exports(root, pkg)):
                if cls not in classes:
                    continue
                old = resolve(classes, cls, f"pytorch_lightning.{pkg.split('.')[0]}")
                new_cls = new_class(pkg, cls)
                target = f"{pkg}.{cls}"
                if new_cls is None or _raising_stub(new_cls):
                    # gone, or a 2.x stub that raises when built: the import is the finding
                    add("removed-classes", target, cls, "removed", v)
                    continue
                if "_graveyard" in new_cls.__module__:
                    continue  # a deprecated alias of the 2.x class: it still works
                nps, _, nkw = new_params(new_cls.__init__)
                for p in old.init:
                    if p not in nps:
                        add("ctor-args", target, p, "removed" if not nkw else "into-kwargs", v)
                # public members 1.x code read or called on an instance
                have = new_members(new_cls)
                for m in sorted(set(old.methods) | old.properties | old.attrs):
                    if m not in have and not m.startswith("on_"):
                        add("class-members", target, m, "removed", v, kind=_kind(old, m))
        for name in strategy_names(root):
            if name not in StrategyRegistry:
                add("trainer-values", "Trainer", f"strategy='{name}'", "value", v)
        for mod, name in module_functions(root):
            if not _exists_26(mod, name):
                add("module-functions", mod, name, "removed", v)
    for key, value in VALUE_PROBES:
        add("trainer-values", "Trainer", f"{key}={value}", "value", "1.x")
    # sorted: the results files diff cleanly between runs (sets iterate in hash order)
    out = sorted(items.values(), key=lambda i: (i.family, i.target, i.name, i.change))
    for it in out:
        params, kind = meta[(it.family, it.target, it.name, it.change)]
        probe_for(it, params, kind)
    return out


def lint_probes(items: list[Item]) -> None:
    from lightning_skill.lint import RULES, lint_paths

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, it in enumerate(items):
            p = Path(tmp) / f"probe_{i:05d}.py"
            # one class name per probe: lint reads a folder as one project, so classes named
            # alike in two probes would share their bases
            p.write_text(re.sub(r"\bM\b", f"Probe{i}", it.probe), encoding="utf-8")
            paths.append(p)
        by_file: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for f in lint_paths([str(p) for p in paths]):
            # only the migration rules count: LS209 (no max_epochs) also fires on a Trainer(...)
            if RULES[f.code].category == "migration":
                by_file[Path(f.path).name][f.line].append(f.code)
        for i, it in enumerate(items):
            lines = by_file[f"probe_{i:05d}.py"]
            codes = lines.get(it.probe_line, []) + lines.get(it.alt_line, [])
            it.codes = sorted(set(codes))
            it.covered = bool(codes)


def summary(items: list[Item]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for it in items:
        row = out.setdefault(it.family, {"found": 0, "covered": 0, "noted": 0})
        row["found"] += 1
        row["covered"] += it.covered
        row["noted"] += not it.covered and bool(it.note)
    return out


def markdown(
    items: list[Item], sums: dict[str, dict[str, int]], before: dict[str, dict[str, int]]
) -> str:
    def row(f: str, s: dict[str, int]) -> str:
        was = before.get(f, {}).get("covered", "")
        return f"| {f} | {s['found']} | {was} | {s['covered']} | {s['noted']} |"

    lines = [
        "# Lint API-diff audit (1.x wheels vs installed 2.6.6)",
        "",
        "Written by `benchmarks/lint_api_audit.py`; a row is one removed/changed public 1.x item,",
        "probed in its 1.x usage shape. `covered`: lint reports a finding on the probed line.",
        "",
        "`covered before`: the same audit on the code before the change (`--baseline`);",
        "`noted`: uncovered on purpose, the note says why.",
        "",
        "| family | found | covered before | covered | noted |",
        "|---|---:|---:|---:|---:|",
        *(row(f, s) for f, s in sorted(sums.items())),
        "",
        "## Uncovered",
        "",
        "| family | target | name | change | versions | note |",
        "|---|---|---|---|---|---|",
    ]
    for it in items:
        if not it.covered:
            vs = f"{it.versions[0]}..{it.versions[-1]}"
            lines.append(
                f"| {it.family} | {it.target} | `{it.name}` | {it.change} | {vs} | {it.note} |"
            )
    return "\n".join(lines) + "\n"


# why an item is left uncovered on purpose: (family, target prefix, names or None for all)
NOTES: tuple[tuple[str, str, frozenset[str] | None, str], ...] = (
    (
        "class-members",
        "plugins.",
        frozenset({"master_address", "master_port", "creates_children"}),
        "renamed main_address/main_port/creates_processes_externally in 1.6: a custom "
        "ClusterEnvironment keeping the old names fails when built (abstract methods); no rule yet",
    ),
    ("class-members", "accelerators.", None, "1.4/1.5 accelerator internals, rewritten in 1.6"),
    ("class-members", "strategies.", None, "strategy internals (custom strategies only)"),
    ("class-members", "plugins.", None, "plugin internals"),
    ("ctor-args", "accelerators.", None, "1.4/1.5 custom accelerators; rewritten in 1.6"),
    (
        "ctor-args",
        "loggers.CometLogger",
        None,
        "2.6's CometLogger maps the 1.x names itself (with a warning)",
    ),
    (
        "ctor-args",
        "profiler.PyTorchProfiler",
        None,
        "2.6 drops keywords torch.profiler.profile does not take: ignored, no error",
    ),
    (
        "ctor-args",
        "loggers.WandbLogger",
        frozenset({"sync_step"}),
        "1.4 only; handed to wandb.init (not installed here to check its refusal)",
    ),
    ("ctor-args", "utilities.cli.LightningArgumentParser", None, "LightningCLI's own parser"),
    ("class-members", "utilities.cli.LightningArgumentParser", None, "LightningCLI's own parser"),
    (
        "class-members",
        "",
        frozenset({"save_config_filename", "save_config_overwrite", "save_config_multifile"}),
        "constructor arguments (LS105); rarely read back",
    ),
    (
        "class-members",
        "",
        frozenset({"fit", "before_fit", "after_fit", "prepare_fit_kwargs"}),
        "1.4's LightningCLI hooks: overriding them is reported (def shape), not this read",
    ),
    (
        "class-members",
        "utilities.cli.LightningCLI",
        frozenset({"add_configure_optimizers_method_to_model"}),
        "1.4 only; LightningCLI internals",
    ),
    ("class-members", "loggers.", frozenset({"close"}), "too common a name to flag on any object"),
    (
        "class-members",
        "loggers.",
        frozenset({"log_image", "log_text"}),
        "1.5's base-class stubs (NotImplementedError there too)",
    ),
    ("class-members", "", frozenset({"profile_iterable"}), "profiler internals"),
    (
        "class-members",
        "callbacks.RichProgressBar",
        frozenset({"refresh_rate_per_second"}),
        "1.5 only (refresh_rate since 1.6)",
    ),
    (
        "trainer-members",
        "Trainer",
        frozenset({"get_deprecated_arg_names", "determine_data_use_amount"}),
        "Trainer internals",
    ),
)


def note_for(item: Item) -> str:
    for family, prefix, names, why in NOTES:
        if (
            item.family == family
            and item.target.startswith(prefix)
            and (names is None or item.name in names)
        ):
            return why
    return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheels", type=Path, help="folder with one unzipped wheel per version")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "lint_api_audit.json")
    ap.add_argument("--baseline", type=Path, help="an earlier run's JSON, for 'covered before'")
    args = ap.parse_args(argv)
    if not args.wheels.is_dir():
        print(f"error: {args.wheels} is not a folder", file=sys.stderr)
        return 2
    items = audit(args.wheels)
    if not items:
        print(f"error: no <version>/pytorch_lightning/ under {args.wheels}", file=sys.stderr)
        return 2
    for it in items:
        it.note = note_for(it)
    lint_probes(items)
    sums = summary(items)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    before: dict[str, dict[str, int]] = {}
    if args.baseline is not None:
        try:
            before = json.loads(args.baseline.read_text())["summary"]
        except (OSError, ValueError, KeyError) as e:
            print(f"error: --baseline {args.baseline}: {e}", file=sys.stderr)
            return 2
    rows = [{k: v for k, v in asdict(i).items() if k != "probe"} for i in items]
    # one item a line: the file diffs well between runs
    body = ",\n".join(json.dumps(r) for r in rows)
    args.out.write_text(f'{{"summary": {json.dumps(sums)},\n"items": [\n{body}\n]}}\n')
    args.out.with_suffix(".md").write_text(markdown(items, sums, before))
    for fam, s in sorted(sums.items()):
        print(f"{fam:20} {s['covered']:4}/{s['found']:<4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
