"""Render a project from a spec: Jinja in a sandbox, undefined variables are errors.

Template sources, in order of precedence: ``templates/tasks/<task>/files/``, the files of the
task it extends (``extends:`` in task.yaml), then ``templates/project/`` (files every project
shares). File and folder names are templates too
(``src/{{ package }}/model.py.j2``). Files ending in ``.j2`` are rendered, the ``.j2`` dropped;
others are copied as they are. Files whose name starts with one ``_`` (not ``__init__``-style
dunders) are partials: included by other templates, never written.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from lightning_skill.resources import templates_dir
from lightning_skill.spec import ProjectSpec

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quote(value: object) -> str:
    """A double-quoted, pure-ASCII string literal that means the same in YAML, TOML and Python.

    Printable ASCII stays as it is; ``"``, ``\\``, newline, tab and return use their short
    escapes; everything else is ``\\uXXXX`` or, outside the BMP, ``\\UXXXXXXXX`` (the three
    languages agree on all of these, unlike JSON's surrogate pairs).
    """
    if not isinstance(value, str):
        raise TypeError(f"quote expects a string, got {type(value).__name__}")
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _pyrepr(value: object) -> str:
    """A Python literal for a str/int/float/bool/None, double-quoted as ruff format writes it."""
    if isinstance(value, str):
        return _quote(value)
    if not isinstance(value, int | float | bool | type(None)):
        raise TypeError(f"refusing to embed {type(value).__name__} in generated code")
    return repr(value)


def _yaml(value: object) -> str:
    """A YAML flow value (scalar, list or mapping) for catalogue data, strings quoted."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float):
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quote(str(k))}: {_yaml(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"refusing to embed {type(value).__name__} in a config")


def make_environment(search_path: list[Path]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["quote"] = _quote
    env.filters["pyrepr"] = _pyrepr
    env.filters["yaml"] = _yaml
    return env


def _template_files(roots: list[Path]) -> dict[str, Path]:
    """relative template path -> (root it comes from); earlier roots win."""
    found: dict[str, Path] = {}
    for root in reversed(roots):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = root
    return found


def render_project(spec: ProjectSpec) -> dict[str, str]:
    """Return ``{relative output path: file text}`` for the whole project."""
    roots = [*spec.task.template_roots, templates_dir() / "project"]
    env = make_environment(roots)
    context = spec.context()
    files: dict[str, str] = {}
    for rel in sorted(_template_files(roots)):
        base = PurePosixPath(rel).name
        if base.startswith("_") and not base.startswith("__"):
            continue
        if rel.startswith("configs/presets/") and base.split(".")[0] not in spec.presets:
            continue  # a preset that cannot run this task (presets.py) is not shipped
        out_rel = env.from_string(rel).render(context)
        if out_rel.endswith(".j2"):
            text = env.get_template(rel).render(context)
            out_rel = out_rel[: -len(".j2")]
        else:
            text = env.loader.get_source(env, rel)[0]  # type: ignore[union-attr]
        out = PurePosixPath(out_rel)
        if out.is_absolute() or ".." in out.parts:  # a template path must stay inside the project
            raise ValueError(f"template path {rel!r} renders outside the project: {out_rel!r}")
        files[out.as_posix()] = text
    return files


# --- Resolved trainer configuration (``render trainer``, ``--single-file``) --------------------


def _render_partial(spec: ProjectSpec, rel: str) -> str:
    roots = [*spec.task.template_roots, templates_dir() / "project"]
    return make_environment(roots).get_template(rel).render(spec.context())


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and "class_path" not in value:
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def resolved_config(spec: ProjectSpec) -> dict[str, Any]:
    """``configs/default.yaml`` with the chosen preset layered on it, as cli.py loads them."""
    default = yaml.safe_load(_render_partial(spec, "configs/default.yaml.j2"))
    preset = yaml.safe_load(_render_partial(spec, f"configs/presets/{spec.preset}.yaml.j2"))
    return _merge(default, preset)


def trainer_yaml(spec: ProjectSpec) -> str:
    """The resolved ``trainer:`` section as YAML (what LightningCLI would get from the files)."""
    header = (
        f"# Trainer for task {spec.task.name}, preset {spec.preset}, logger {spec.logger}:\n"
        "# configs/default.yaml + configs/presets/<preset>.yaml, resolved.\n"
    )
    trainer = {"trainer": resolved_config(spec)["trainer"]}
    return header + yaml.safe_dump(trainer, sort_keys=False, allow_unicode=False)


_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PythonExpr:
    """Turns config values into Python source, collecting the imports the source needs.

    Every non-empty call, list and dict is written one item per line with a trailing comma,
    a layout ``ruff format`` keeps as it is (the "magic trailing comma").
    """

    def __init__(self) -> None:
        self.imports: dict[str, set[str]] = {}

    @staticmethod
    def _block(opening: str, items: list[str], closing: str, indent: int) -> str:
        if not items:
            return opening + closing
        pad = " " * (indent + 4)
        return (
            opening + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + closing
        )

    def value(self, value: Any, indent: int = 0) -> str:
        if isinstance(value, dict) and "class_path" in value:
            class_path = value["class_path"]
            if not isinstance(class_path, str) or not _DOTTED.match(class_path):
                raise ValueError(f"not a class path: {class_path!r}")
            module, name = class_path.rsplit(".", 1)
            self.imports.setdefault(module, set()).add(name)
            return self._block(
                f"{name}(", self.kwarg_items(value.get("init_args") or {}, indent + 4), ")", indent
            )
        if isinstance(value, dict):
            items = [f"{_pyrepr(str(k))}: {self.value(v, indent + 4)}" for k, v in value.items()]
            return self._block("{", items, "}", indent)
        if isinstance(value, list | tuple):
            return self._block("[", [self.value(v, indent + 4) for v in value], "]", indent)
        return _pyrepr(value)

    def kwarg_items(self, mapping: dict[str, Any], indent: int = 0) -> list[str]:
        items = []
        for key, value in mapping.items():
            if not _IDENT.match(str(key)):
                raise ValueError(f"not an argument name: {key!r}")
            items.append(f"{key}={self.value(value, indent)}")
        return items

    def import_lines(self) -> list[str]:
        return [
            f"from {module} import {', '.join(sorted(names, key=_member_key))}"
            for module, names in sorted(self.imports.items())
        ]


def trainer_python(spec: ProjectSpec) -> str:
    """The resolved Trainer as Python: imports and ``trainer = L.Trainer(...)``."""
    expr = PythonExpr()
    trainer = resolved_config(spec)["trainer"]
    call = expr._block("L.Trainer(", expr.kwarg_items(trainer, 4), ")", 0)
    lines = [
        f"# Trainer for task {spec.task.name}, preset {spec.preset}, logger {spec.logger}.",
        "import lightning as L",
        *expr.import_lines(),
        "",
        f"trainer = {call}",
    ]
    return "\n".join(lines) + "\n"


# --- Single-file projects -------------------------------------------------------------------


def _member_key(name: str) -> tuple[int, str, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions/modules; within each,
    case-insensitive as ruff sorts (MulticlassAccuracy before MulticlassAUROC)."""
    bare = name.split(" as ")[0]
    if bare.isupper() and len(bare) > 1:
        return (0, bare.lower(), bare)
    if bare[:1].isupper():
        return (1, bare.lower(), bare)
    return (2, bare.lower(), bare)


def _module_key(module: str) -> tuple[str, str]:
    return (module.lower(), module)


def _import_block(plain: set[str], froms: dict[str, set[str]]) -> list[str]:
    """Sorted import lines for one isort section (``import x`` first, then ``from x import``)."""
    lines = [f"import {entry}" for entry in sorted(plain, key=_module_key)]
    for module in sorted(froms, key=_module_key):
        names = sorted(froms[module], key=_member_key)
        line = f"from {module} import {', '.join(names)}"
        if len(line) > 100:
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        lines.append(line)
    return lines


def combine_modules(sources: list[str], drop_packages: set[str]) -> tuple[list[str], str]:
    """Merge Python modules into one body: (sorted import lines, code without imports).

    Module docstrings and ``from __future__`` lines are dropped (the caller writes its own),
    and so are imports of ``drop_packages`` (the parts being merged import each other).
    """
    plain: dict[str, set[str]] = {"stdlib": set(), "third": set()}
    froms: dict[str, dict[str, set[str]]] = {"stdlib": {}, "third": {}}
    bodies = []
    for source in sources:
        tree = ast.parse(source)
        lines = source.splitlines()
        keep_from = 0
        aliases: list[str] = []
        for index, node in enumerate(tree.body):
            is_docstring = (
                index == 0
                and isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            )
            if not (is_docstring or isinstance(node, ast.Import | ast.ImportFrom)):
                break
            keep_from = node.end_lineno or node.lineno
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    if top in drop_packages:
                        continue
                    section = "stdlib" if top in sys.stdlib_module_names else "third"
                    entry = alias.name + (f" as {alias.asname}" if alias.asname else "")
                    plain[section].add(entry)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                top = module.split(".")[0]
                if node.level or top in drop_packages or module == "__future__":
                    # Merged into this file: a renamed import becomes an assignment.
                    aliases += [
                        f"{a.asname} = {a.name}"
                        for a in node.names
                        if a.asname not in (None, a.name)
                    ]
                    continue
                section = "stdlib" if top in sys.stdlib_module_names else "third"
                for alias in node.names:
                    entry = alias.name + (f" as {alias.asname}" if alias.asname else "")
                    froms[section].setdefault(module, set()).add(entry)
        body = "\n".join([*aliases, *lines[keep_from:]]).strip("\n")
        if body:
            bodies.append(body)
    imports = ["from __future__ import annotations", ""]
    for section in ("stdlib", "third"):
        block = _import_block(plain[section], froms[section])
        if block:
            imports += [*block, ""]
    return imports, "\n\n\n".join(bodies)


# The project shell around a task's modules; a single file has its own main instead.
_SHELL_MODULES = {"__init__", "__main__", "cli", "export", "predictions", "resumable"}


def _package_modules(spec: ProjectSpec) -> list[str]:
    """The task's own modules (data, model, any helpers), each after the ones it imports."""
    files = render_project(spec)
    prefix = f"src/{spec.package}/"
    modules = {
        rel[len(prefix) : -len(".py")]: text
        for rel, text in files.items()
        if rel.startswith(prefix) and rel.endswith(".py") and "/" not in rel[len(prefix) :]
    }
    modules = {name: text for name, text in modules.items() if name not in _SHELL_MODULES}
    deps: dict[str, set[str]] = {}
    for name, text in modules.items():
        found = set()
        for node in ast.parse(text).body:
            if isinstance(node, ast.ImportFrom):
                target = (node.module or "").removeprefix(f"{spec.package}.")
                if (
                    node.level or (node.module or "").startswith(spec.package)
                ) and target in modules:
                    found.add(target)
        deps[name] = found - {name}
    ordered: list[str] = []
    while len(ordered) < len(modules):
        ready = sorted(n for n in modules if n not in ordered and deps[n] <= set(ordered))
        if not ready:
            raise ValueError(f"circular imports between {sorted(set(modules) - set(ordered))}")
        # data before model when both are ready: the model usually reads what data defines.
        ordered.append(ready[0])
    return [modules[name] for name in ordered]


def render_single_file(spec: ProjectSpec) -> str:
    """One ``train.py``: the task's data and model code, then a ``main()`` that trains."""
    parts = _package_modules(spec)
    config = resolved_config(spec)
    expr = PythonExpr()
    trainer_call = expr._block("L.Trainer(", expr.kwarg_items(config["trainer"], 8), ")", 4)
    model_tree = ast.parse("\n".join(parts))
    defines_test_step = any(
        isinstance(node, ast.FunctionDef) and node.name == "test_step"
        for cls in model_tree.body
        if isinstance(cls, ast.ClassDef) and cls.name == spec.task.model_class
        for node in cls.body
    )
    linked = {dst.split(".", 1)[1]: src.split(".", 1)[1] for src, dst in spec.task.links}
    model_args = {k: v for k, v in (config.get("model") or {}).items() if k not in linked}
    context = {
        **spec.context(),
        "trainer_call": trainer_call,
        "data_call": expr._block(
            f"{spec.task.datamodule_class}(",
            expr.kwarg_items(config.get("data") or {}, 8),
            ")",
            4,
        ),
        "model_call": expr._block(
            f"{spec.task.model_class}(",
            [
                *expr.kwarg_items(model_args, 8),
                *(f"{dst}=data.{src}" for dst, src in linked.items()),
            ],
            ")",
            4,
        ),
        "seed": config.get("seed_everything", 42),
        "defines_test_step": defines_test_step,
    }
    roots = [*spec.task.template_roots, templates_dir() / "project"]
    main = make_environment(roots).get_template("_single_file_main.py.j2").render(context)
    main_imports, main_body = main.split("# --- main ---\n", 1)
    header_end = main_imports.index('"""', 3) + 3
    docstring = main_imports[:header_end]
    extra_imports = main_imports[header_end:] + "\n".join(expr.import_lines()) + "\n"
    imports, body = combine_modules(
        [*parts, extra_imports], drop_packages={spec.package, "__future__"}
    )
    # isort (ruff I001) wants two blank lines before a def/class after imports, one otherwise.
    gap = "\n\n" if body.startswith(("def ", "class ", "@", "async def ")) else "\n"
    text = docstring + "\n\n" + "\n".join(imports) + gap + body + "\n\n\n" + main_body
    return text
