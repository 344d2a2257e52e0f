"""What the templates offer: tasks (one folder each), data sources, trainer presets, loggers.

The catalogue is data: ``templates/catalog.yaml`` for sources, presets and loggers, and one
``templates/tasks/<folder>/task.yaml`` per task. Nothing here knows a task by name.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from lightning_skill.constraints import Constraint, parse_constraints
from lightning_skill.resources import templates_dir


@dataclass(frozen=True)
class Option:
    """A task option the user may set with ``--set NAME=VALUE``."""

    name: str
    type: str  # int | float | bool | choice | str (a name, such as a CSV column; None: unset)
    default: Any
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    # The data sources the option means something for (task.yaml `sources:`); empty: all.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    name: str
    folder: Path
    summary: str
    sources: tuple[str, ...]
    model_class: str
    datamodule_class: str
    monitor: dict[str, str] | None  # None: checkpoints keep only the last epoch
    options: dict[str, Option] = field(default_factory=dict)
    # Validation metrics the model logs, name -> mode (min/max): what `monitor` may watch. A
    # name may hold `{score}`, the classification score's name (spec.score_name).
    metrics: dict[str, str] = field(default_factory=dict)
    # Options this task cannot offer (task.yaml `refuse: {option: why}`): `new` prints the why.
    refused: dict[str, str] = field(default_factory=dict)
    # Model traits an option's value gives the task (catalog.yaml common_options.*.traits).
    option_traits: tuple[tuple[str, Constraint], ...] = ()
    # LightningCLI argument links (source, target), applied when classes are instantiated.
    links: tuple[tuple[str, str], ...] = ()
    # Extra Trainer defaults this task needs (e.g. gradient_clip_val), merged into
    # configs/default.yaml over the shared ones; a preset or the command line still overrides.
    trainer: dict[str, Any] = field(default_factory=dict)
    # Rules tying options together (d_model % n_heads == 0), checked before anything renders.
    constraints: tuple[Constraint, ...] = ()
    # The task folder this one extends (task.yaml `extends: <folder>`): its files/ are used
    # wherever this task's own files/ has no file of that name.
    extends: Path | None = None
    # What a data source must look like for this task (task.yaml `layouts: {source: text}`),
    # where the source's own summary is not enough (an image folder with masks/ or without).
    layouts: dict[str, str] = field(default_factory=dict)

    @property
    def template_roots(self) -> list[Path]:
        """Where this task's templates come from, first match wins (then templates/project)."""
        roots = [self.folder / "files"]
        if self.extends is not None:
            roots.append(self.extends / "files")
        return [root for root in roots if root.is_dir()]

    @property
    def default_source(self) -> str:
        return self.sources[0]


@dataclass(frozen=True)
class Catalog:
    tasks: dict[str, Task]
    sources: dict[str, dict[str, Any]]
    presets: dict[str, dict[str, Any]]
    loggers: dict[str, dict[str, Any]]
    common_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from lightning_skill import presets as preset_rules

        return {
            "tasks": {
                t.name: {
                    "presets": preset_rules.compatibility(self.presets, t),  # presets.py
                    "summary": t.summary,
                    "sources": list(t.sources),
                    "layouts": dict(t.layouts),
                    "default_source": t.default_source,
                    "monitor": t.monitor,
                    "metrics": dict(t.metrics),
                    "trainer": dict(t.trainer),
                    "tested": _task_tested(t),
                    "constraints": [
                        {"check": c.check, "message": c.message} for c in t.constraints
                    ],
                    "options": {
                        o.name: {
                            k: v
                            for k, v in {
                                "type": o.type,
                                "default": o.default,
                                "min": o.min,
                                "max": o.max,
                                "choices": list(o.choices) or None,
                                "help": o.help,
                            }.items()
                            if v is not None or k == "default"
                        }
                        for o in t.options.values()
                    },
                    "refused_options": dict(t.refused),
                }
                for t in self.tasks.values()
            },
            "common_options": sorted(self.common_options),
            "sources": self.sources,
            "presets": self.presets,
            "loggers": self.loggers,
        }


def _task_tested(task: Task) -> dict[str, str]:
    """What tests/scaffold proves for each of the task's sources (kept in step with it)."""
    every = (
        "rendered with every preset and logger (pairwise; all under slow), ruff-clean, "
        "config parsed"
    )
    return {
        source: (
            f"{every}; validated (fit/validate/test/predict, fast_dev_run) on CPU; "
            "single-file form rendered, ruff-clean and validated"
            if source == "synthetic"
            else f"{every}; the data files themselves are not read by these tests"
        )
        for source in task.sources
    }


OPTION_TYPES = ("int", "float", "bool", "choice", "str")
# The names every template sees (ProjectSpec.context); an option of the same name would
# silently replace one of them, so the catalogue refuses it.
CORE_CONTEXT_KEYS = frozenset(
    {
        "name",
        "package",
        "task",
        "model_class",
        "datamodule_class",
        "monitor",
        "links",
        "source",
        "data_dir",
        "preset",
        "logger",
        "trainer",
        "presets",
        "preset_def",
        "loggers",
        "logger_def",
        "data_layout",
        "data_layouts",
    }
)
# Common options (catalog.yaml common_options) that spec.py resolves into a core name itself
# (`monitor`: the metric name becomes the {metric, mode} the templates see).
RESOLVED_OPTIONS = frozenset({"monitor"})
# Fields a common option may declare besides an Option's own.
_COMMON_FIELDS = {"every_task", "choices_from", "traits"}


def _check_options(task_yaml: Path, options: dict[str, Option]) -> None:
    for name, option in options.items():
        if name in CORE_CONTEXT_KEYS and name not in RESOLVED_OPTIONS:
            raise ValueError(f"{task_yaml}: option {name!r} clashes with a core template name")
        if option.type not in OPTION_TYPES:
            raise ValueError(f"{task_yaml}: option {name!r} has unknown type {option.type!r}")
        if option.type == "str" and not (option.default is None or isinstance(option.default, str)):
            raise ValueError(f"{task_yaml}: str option {name!r} needs a string or null default")


def _option_entries(
    task_yaml: Path, raw: dict[str, Any], common: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The task's options with the common ones merged in (a task's entry overrides fields)."""
    refused = raw.get("refuse") or {}
    own = raw.get("options") or {}
    for name in refused:
        if name not in common or name in own:
            raise ValueError(f"{task_yaml}: refuse names {name!r}, not a common option it lacks")
    entries: dict[str, dict[str, Any]] = {}
    for name, spec in own.items():
        entries[name] = {**common.get(name, {}), **(spec or {})}
    for name, spec in common.items():
        if name not in entries and name not in refused and spec.get("every_task"):
            entries[name] = dict(spec)
    metrics = raw.get("metrics") or {}
    for spec in entries.values():
        if spec.get("choices_from") == "metrics":
            if not metrics or not raw.get("monitor"):
                raise ValueError(f"{task_yaml}: declares no metrics/monitor; refuse the option")
            spec.setdefault("choices", list(metrics))
            spec.setdefault("default", raw["monitor"]["metric"])
    return entries


def _load_task(task_yaml: Path, common: dict[str, dict[str, Any]] | None = None) -> Task:
    raw = yaml.safe_load(task_yaml.read_text(encoding="utf-8"))
    common = common or {}
    entries = _option_entries(task_yaml, raw, common)
    options = {
        name: Option(
            name=name,
            type=spec["type"],
            default=spec["default"],
            help=spec.get("help", ""),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices", ())),
            sources=tuple(spec.get("sources", ())),
        )
        for name, spec in entries.items()
    }
    _check_options(task_yaml, options)
    metrics = {str(k): str(v) for k, v in (raw.get("metrics") or {}).items()}
    if any(mode not in {"min", "max"} for mode in metrics.values()):
        raise ValueError(f"{task_yaml}: each metric's mode is min or max")
    # {name} in a metric: an option's value, or {score} (the options metric + average).
    fillable = set(options) | ({"score"} if {"metric", "average"} <= set(options) else set())
    for metric in metrics:
        fields = {f for _, f, _, _ in string.Formatter().parse(metric) if f is not None}
        if fields - fillable:
            raise ValueError(f"{task_yaml}: metric {metric!r} names {sorted(fields - fillable)}")
    monitor = dict(raw["monitor"]) if raw.get("monitor") else None
    if monitor and metrics.get(monitor["metric"]) != monitor["mode"]:
        raise ValueError(f"{task_yaml}: monitor {monitor} is not one of its metrics")
    option_traits = tuple(
        (trait, rule)
        for name in entries
        for trait, check in (common.get(name, {}).get("traits") or {}).items()
        for rule in parse_constraints(
            [{"check": check, "message": trait}], options, f"{task_yaml} ({name})"
        )
    )
    extends = None
    if raw.get("extends") is not None:
        extends = task_yaml.parent.parent / str(raw["extends"])
        if not (extends / "files").is_dir() or extends == task_yaml.parent:
            raise ValueError(f"{task_yaml}: extends {raw['extends']!r}, not a task folder")
    return Task(
        name=raw["name"],
        folder=task_yaml.parent,
        summary=raw["summary"],
        sources=tuple(raw["sources"]),
        model_class=raw["model_class"],
        datamodule_class=raw["datamodule_class"],
        monitor=monitor,
        options=options,
        metrics=metrics,
        refused={str(k): str(v) for k, v in (raw.get("refuse") or {}).items()},
        option_traits=option_traits,
        links=tuple((src, dst) for src, dst in raw.get("links", ())),
        trainer=_task_trainer(task_yaml, raw.get("trainer"), set(common)),
        constraints=parse_constraints(raw.get("constraints"), options, str(task_yaml)),
        extends=extends,
        layouts=_task_layouts(task_yaml, raw),
    )


def _task_layouts(task_yaml: Path, raw: dict[str, Any]) -> dict[str, str]:
    layouts = raw.get("layouts") or {}
    unknown = set(layouts) - set(raw["sources"])
    if unknown or not all(isinstance(text, str) for text in layouts.values()):
        raise ValueError(f"{task_yaml}: layouts must map the task's sources to text")
    return dict(layouts)


# Trainer keys a task may not set: the shared config owns them (logger, callbacks) or the
# presets do (hardware), so a preset switch never fights a task default.
_RESERVED_TRAINER_KEYS = {
    "logger",
    "callbacks",
    "accelerator",
    "devices",
    "num_nodes",
    "strategy",
    "precision",
    "default_root_dir",
}
_TRAINER_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _is_plain(value: Any) -> bool:
    if isinstance(value, str | int | float | bool) or value is None:
        return True
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _task_trainer(task_yaml: Path, raw: Any, common: set[str]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{task_yaml}: 'trainer' must be a mapping of Trainer arguments")
    for key, value in raw.items():
        if not isinstance(key, str) or not _TRAINER_KEY.match(key):
            raise ValueError(f"{task_yaml}: trainer key {key!r} is not a Trainer argument name")
        if key in common:  # one home: the option, which a task's options: entry can default
            raise ValueError(f"{task_yaml}: trainer.{key} is a common option; set its default")
        if key in _RESERVED_TRAINER_KEYS:
            raise ValueError(
                f"{task_yaml}: trainer.{key} belongs to the shared config or the presets"
            )
        if not _is_plain(value):
            raise ValueError(f"{task_yaml}: trainer.{key} must be a plain YAML value")
    return dict(raw)


def _check_entries(entries: dict[str, Any], section: str, required: set[str]) -> None:
    for name, entry in entries.items():
        missing = required - set(entry or {})
        if missing:
            raise ValueError(f"catalog.yaml {section}.{name} lacks {sorted(missing)}")


@cache
def load_catalog(root: Path | None = None) -> Catalog:
    root = root or templates_dir()
    raw = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
    common = raw.get("common_options") or {}
    for name, spec in common.items():
        unknown = set(spec) - _COMMON_FIELDS - {"type", "default", "help", "min", "max", "choices"}
        if unknown or name in CORE_CONTEXT_KEYS - RESOLVED_OPTIONS:
            raise ValueError(f"catalog.yaml common_options.{name}: unknown {sorted(unknown)}")
    tasks = [_load_task(p, common) for p in sorted((root / "tasks").glob("*/task.yaml"))]
    catalog = Catalog(
        tasks={t.name: t for t in tasks},
        sources=raw["sources"],
        presets=raw["presets"],
        loggers=raw["loggers"],
        common_options=common,
    )
    _check_entries(catalog.presets, "presets", {"summary", "hardware", "packages", "tested"})
    _check_entries(
        catalog.loggers,
        "loggers",
        {"summary", "class_path", "package", "pip", "init_args", "project_arg", "tested"},
    )
    presets_dir = root / "project" / "configs" / "presets"
    if presets_dir.is_dir():
        shipped = {p.name.split(".")[0] for p in presets_dir.glob("*.yaml*")}
        if shipped != set(catalog.presets):
            raise ValueError(
                f"catalog.yaml presets {sorted(catalog.presets)} differ from the preset files "
                f"{sorted(shipped)} in {presets_dir}"
            )
    for task in tasks:  # a broken catalogue is our bug, not the user's: fail loudly
        unknown = set(task.sources) - set(catalog.sources)
        if unknown:
            raise ValueError(f"{task.folder}/task.yaml names unknown sources {sorted(unknown)}")
    from lightning_skill import presets as preset_rules  # traits: presets.py

    preset_rules.validate_catalog(catalog.presets, catalog.tasks)
    return catalog
