"""What the user asked for, validated: the single spec every template renders from.

Every string that reaches generated code passes through here first: names must be plain
identifiers, option values are parsed to their declared type and bounds. Anything else is a
``UsageError`` naming the field, raised before a single file is written.
"""

from __future__ import annotations

import importlib.machinery
import keyword
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lightning_skill import presets as preset_rules
from lightning_skill.catalog import RESOLVED_OPTIONS, Catalog, Option, Task
from lightning_skill.constraints import first_violation
from lightning_skill.errors import UsageError

# 32 characters at most: longer names push generated import lines past 100 columns. Used with
# fullmatch only: `$` would accept a trailing newline.
_PROJECT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
# Package names that would shadow what the generated project imports.
_RESERVED = {"lightning", "torch", "torchvision", "torchmetrics", "jsonargparse", "tests", "test"}


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    package: str
    task: Task
    source: str
    data_dir: str | None
    preset: str
    logger: str
    options: dict[str, Any] = field(default_factory=dict)
    # The catalogue's entries, so templates can list every preset and logger (not just ours).
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    loggers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def trainer_defaults(self) -> dict[str, Any]:
        """Shared Trainer defaults with the task's own ``trainer:`` keys merged over them."""
        shared: dict[str, Any] = {
            # Without max_epochs (or max_steps) Lightning trains for 1000 epochs.
            "max_epochs": self.options.get("max_epochs", 10),
            # Checkpoints and the saved config.yaml land here, not in the cwd.
            "default_root_dir": "logs",
            "log_every_n_steps": 10,
        }
        if self.options.get("gradient_clip_val"):  # --set gradient_clip_val (0: no clipping)
            shared["gradient_clip_val"] = self.options["gradient_clip_val"]
            shared["gradient_clip_algorithm"] = self.options["gradient_clip_algorithm"]
        return {**shared, **self.task.trainer}

    def monitor(self) -> dict[str, str] | None:
        """The metric ModelCheckpoint/EarlyStopping watch (``--set monitor``) and its mode."""
        if self.task.monitor is None:
            return None
        declared = self.options.get("monitor", self.task.monitor["metric"])
        metric = metric_names(self.task, self.options)[declared]
        return {"metric": metric, "mode": self.task.metrics[declared]}

    def context(self) -> dict[str, Any]:
        """The variables templates see."""
        options = {k: v for k, v in self.options.items() if k not in RESOLVED_OPTIONS}
        return {
            "name": self.name,
            "package": self.package,
            "task": self.task.name,
            "model_class": self.task.model_class,
            "datamodule_class": self.task.datamodule_class,
            "monitor": self.monitor(),
            "links": self.task.links,
            "source": self.source,
            "data_dir": self.data_dir,
            "preset": self.preset,
            "logger": self.logger,
            "trainer": self.trainer_defaults(),
            "presets": self.presets,
            "preset_def": self.presets[self.preset],
            "loggers": self.loggers,
            "logger_def": self.loggers[self.logger],
            "data_layout": self.task.layouts.get(self.source),
            "data_layouts": self.task.layouts,
            **options,
        }


# A classification task's score (options `metric` and `average`) as logged: `acc` is plain
# accuracy (correct / total: micro averaging); any other choice names its averaging, e.g.
# `f1_macro`, `auroc_weighted`. The generated model names it the same way (_scores.py.j2).
_SCORE_SHORT = {"accuracy": "acc", "f1": "f1", "auroc": "auroc"}


def score_name(metric: str, average: str) -> str:
    if (metric, average) == ("accuracy", "micro"):
        return "acc"
    return f"{_SCORE_SHORT[metric]}_{average}"


def metric_names(task: Task, options: dict[str, Any]) -> dict[str, str]:
    """The task's declared metrics (``task.yaml`` ``metrics:``) as the model logs them for these
    options: ``{declared name: logged name}``. A name may hold ``{option}`` (``val_dice_{average}``)
    or ``{score}``, the classification score's name (``val_{score}`` -> ``val_f1_macro``)."""
    values = {k: v for k, v in options.items() if k not in RESOLVED_OPTIONS}
    if "metric" in options and "average" in options:
        values["score"] = score_name(options["metric"], options["average"])
    return {name: name.format_map(values) for name in task.metrics}


class YamlFloat(float):
    """A float whose text is valid, and the same number, in Python, YAML 1.1 and TOML.

    ``str(1e-05)`` is ``1e-05``, which YAML 1.1 (PyYAML, so jsonargparse) reads as a string;
    this writes ``1.0e-05``. Templates may use ``{{ lr }}`` or ``{{ lr | pyrepr }}`` alike.
    """

    def __repr__(self) -> str:
        text = float.__repr__(self)
        mantissa, e, exponent = text.partition("e")
        if e and "." not in mantissa:
            text = f"{mantissa}.0e{exponent}"
        return text

    __str__ = __repr__


def _absolute(target: Path) -> Path | None:
    try:
        return target.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def package_from_name(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", name.lower())


def _shown(raw: Any, limit: int = 60) -> str:
    """A value as the one-line message shows it: repr'd (control characters escaped), capped."""
    text = repr(raw)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def parse_option(option: Option, raw: Any) -> Any:
    field_name = f"--set {option.name}"
    if raw is None:  # only a null catalogue default ("unset": the template decides); the
        return None  # command line always gives text
    try:
        if option.type == "int":
            if isinstance(raw, bool):
                raise ValueError
            value: Any = int(raw)
        elif option.type == "float":
            value = YamlFloat(raw)
            if not math.isfinite(value):
                raise ValueError
        elif option.type == "bool":
            text = str(raw).strip().lower()
            if text not in {"true", "false", "1", "0", "yes", "no"}:
                raise ValueError
            value = text in {"true", "1", "yes"}
        elif option.type == "choice":
            value = str(raw)
            if value not in option.choices:
                raise UsageError(field_name, f"must be one of {', '.join(option.choices)}")
        elif option.type == "str":
            value = _parse_str_option(field_name, raw)
        else:
            raise AssertionError(f"unknown option type {option.type!r}")
    except ValueError:
        raise UsageError(field_name, f"expected {option.type}, got {_shown(raw)}") from None
    if option.type in {"int", "float"}:
        if option.min is not None and value < option.min:
            raise UsageError(field_name, f"must be >= {option.min}, got {value}")
        if option.max is not None and value > option.max:
            raise UsageError(field_name, f"must be <= {option.max}, got {value}")
    return value


def _parse_str_option(field_name: str, raw: Any) -> str:
    """A name (a CSV column, a prompt): one line of printable text; templates quote it."""
    value = str(raw)
    if not value.strip():
        raise UsageError(field_name, "must be a non-empty string")
    if len(value) > 1000 or any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise UsageError(field_name, "must be one line of printable text (at most 1000 characters)")
    return value


def _check_data_dir(data_dir: str) -> None:
    """Any path the OS could hold reaches the config (quoted there); nothing else does."""
    if not data_dir.strip():
        raise UsageError("--data-dir", "must be a non-empty path")
    if "\x00" in data_dir or any(0xD800 <= ord(c) <= 0xDFFF for c in data_dir):
        raise UsageError("--data-dir", "must not contain NUL or unpaired surrogate characters")
    if len(data_dir) > 4096:
        raise UsageError("--data-dir", "is longer than 4096 characters")


def _project_name(target: Path) -> str:
    """The folder's name, checked on the string alone: nothing here touches the filesystem
    (``Path.resolve`` raises on a NUL byte) unless the name is ``.``/``..``, which needs it."""
    raw = str(target)
    if not raw.strip() or "\x00" in raw:
        raise UsageError("DIR", "must be a non-empty path without NUL characters")
    try:
        os.fsencode(raw)
    except UnicodeEncodeError:
        raise UsageError("DIR", f"{raw!r} cannot be a file name on this system") from None
    name = target.name
    if name in {"", ".", ".."}:
        try:
            name = target.resolve().name
        except (OSError, RuntimeError) as exc:
            raise UsageError("DIR", f"cannot resolve {raw!r}: {exc}") from None
    if not _PROJECT_NAME.fullmatch(name):
        raise UsageError(
            "DIR",
            f"project folder name {name!r} must start with a letter and use only letters, "
            "digits, '-' or '_' (at most 32)",
        )
    return name


def _inside(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):
        return False


def importable_location(name: str) -> list[str] | None:
    """Where ``import NAME`` would find a top-level module in this environment (None: nowhere).

    Built-in and standard-library names count even when not installed here. The current
    folder is left out: it is where this command runs, not where the project will.
    """
    if name in sys.builtin_module_names or name in sys.stdlib_module_names:
        return ["<standard library>"]
    cwd = os.getcwd()
    path = [p for p in sys.path if p not in {"", ".", cwd}]
    specs = [importlib.machinery.PathFinder.find_spec(name, path)]
    for finder in sys.meta_path:  # editable installs register finders of their own
        find = getattr(finder, "find_spec", None)
        if finder is importlib.machinery.PathFinder or find is None:
            continue
        if finder in {importlib.machinery.BuiltinImporter, importlib.machinery.FrozenImporter}:
            continue
        try:
            specs.append(find(name, None))
        except Exception:  # noqa: BLE001 - a third-party finder's bug is not the user's
            continue
    found = [s for s in specs if s is not None]
    if not found:
        return None
    return [
        loc
        for s in found
        for loc in [s.origin, *(s.submodule_search_locations or [])]
        if loc and loc != "namespace"
    ] or ["<namespace package>"]


def check_package_name(pkg: str, field: str, *, project: Path | None = None) -> None:
    """A lowercase identifier, not a keyword, and no module the project would shadow.

    ``project``: a module found only inside it is the project itself (an editable install of
    an earlier ``new``), which ``--force`` may regenerate.
    """
    if not _PACKAGE_NAME.fullmatch(pkg):
        problem = "is not a lowercase identifier (a-z, 0-9, _; at most 32)"
    elif keyword.iskeyword(pkg):
        problem = "is a Python keyword"
    elif pkg in _RESERVED:
        problem = "would shadow a module the generated project imports"
    else:
        locations = importable_location(pkg)
        if locations and not (
            project is not None and all(_inside(loc, project) for loc in locations)
        ):
            problem = f"would shadow the installed module {pkg!r} ({locations[0]})"
        else:
            return
    hint = "; rename the folder or pass --package NAME" if field == "DIR" else ""
    raise UsageError(field, f"package name {pkg!r} {problem}{hint}")


def build_spec(
    catalog: Catalog,
    *,
    target: Path,
    task: str,
    source: str | None = None,
    data_dir: str | None = None,
    preset: str = "cpu-debug",
    logger: str = "csv",
    package: str | None = None,
    settings: dict[str, str] | None = None,
) -> ProjectSpec:
    name = _project_name(target)
    if package is not None:
        pkg = package
        check_package_name(pkg, "--package", project=_absolute(target))
    else:
        pkg = package_from_name(name)
        check_package_name(pkg, "DIR", project=_absolute(target))
    if task not in catalog.tasks:
        raise UsageError("--task", f"unknown task {task!r}; choose from {', '.join(catalog.tasks)}")
    task_def = catalog.tasks[task]
    source = source or task_def.default_source
    if source not in catalog.sources:
        raise UsageError(
            "--data", f"unknown data source {source!r}; choose from {', '.join(catalog.sources)}"
        )
    if source not in task_def.sources:
        raise UsageError(
            "--data",
            f"task {task} does not read {source!r} data; it reads {', '.join(task_def.sources)}",
        )
    needs_dir = bool(catalog.sources[source].get("needs_data_dir"))
    if needs_dir and not data_dir:
        raise UsageError("--data-dir", f"data source {source!r} needs --data-dir PATH")
    if not needs_dir and data_dir:
        raise UsageError("--data-dir", f"data source {source!r} takes no --data-dir")
    if data_dir is not None:
        _check_data_dir(data_dir)
    if preset not in catalog.presets:
        raise UsageError(
            "--preset", f"unknown preset {preset!r}; choose from {', '.join(catalog.presets)}"
        )
    if logger not in catalog.loggers:
        raise UsageError(
            "--logger", f"unknown logger {logger!r}; choose from {', '.join(catalog.loggers)}"
        )
    settings = dict(settings or {})
    refused = sorted(set(settings) & set(task_def.refused))
    if refused:
        raise UsageError(f"--set {refused[0]}", task_def.refused[refused[0]])
    unknown = sorted(set(settings) - set(task_def.options))
    if unknown:
        raise UsageError(
            f"--set {_shown(unknown[0])[1:-1]}",
            f"task {task} has no option {_shown(unknown[0])}; it has {', '.join(task_def.options)}",
        )
    for name in sorted(settings):
        only = task_def.options[name].sources
        if only and source not in only:
            raise UsageError(
                f"--set {name}",
                f"needs --data {' or --data '.join(only)} (the {source} data has no named columns)",
            )
    options = {
        opt.name: parse_option(opt, settings.get(opt.name, opt.default))
        for opt in task_def.options.values()
        if opt.name not in RESOLVED_OPTIONS
    }
    _check_constraints(task_def, options, settings)
    if "monitor" in task_def.options:
        options["monitor"] = _resolve_monitor(task_def, options, settings.get("monitor"))
    # exit 2: the preset cannot run this task (as these options make it: e.g. its clipping)
    preset_rules.check(catalog.presets, task_def, preset, options)
    return ProjectSpec(
        name=name,
        package=pkg,
        task=task_def,
        source=source,
        data_dir=data_dir,
        preset=preset,
        logger=logger,
        options=options,
        presets=preset_rules.for_task(catalog.presets, task_def, options),
        loggers=catalog.loggers,
    )


def _resolve_monitor(task: Task, options: dict[str, Any], raw: str | None) -> str:
    """``--set monitor`` names a metric as the model logs it (``val_f1_macro``, given the
    options); kept as the task's declared name (``val_{score}``), where its mode is."""
    if raw is None:
        return task.options["monitor"].default
    logged = metric_names(task, options)
    declared = {name: key for key, name in logged.items()}
    if raw not in declared:
        raise UsageError(
            "--set monitor",
            f"task {task.name} logs no metric {_shown(raw)}; choose from "
            f"{', '.join(logged.values())}",
        )
    return declared[raw]


def _check_constraints(task: Task, options: dict[str, Any], settings: dict[str, str]) -> None:
    """The task's cross-option rules; the blame goes to an option the user set, if any."""
    broken = first_violation(task.constraints, options)
    if broken is None:
        return
    blamed = next((n for n in broken.names if n in settings), broken.names[0])
    got = ", ".join(f"{n}={options[n]}" for n in broken.names)
    raise UsageError(f"--set {blamed}", f"{broken.message} (got {got})")


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """``["a=1", "b=x"]`` -> ``{"a": "1", "b": "x"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError("--set", f"expected NAME=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out
