"""What the templates offer: tasks (one folder each), data sources, trainer presets, loggers.

The catalogue is data: ``templates/catalog.yaml`` for sources, presets and loggers, and one
``templates/tasks/<folder>/task.yaml`` per task. Nothing here knows a task by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from lightning_skill.resources import templates_dir


@dataclass(frozen=True)
class Option:
    """A task option the user may set with ``--set NAME=VALUE``."""

    name: str
    type: str  # int | float | bool | choice
    default: Any
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()


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
    # LightningCLI argument links (source, target), applied when classes are instantiated.
    links: tuple[tuple[str, str], ...] = ()

    @property
    def default_source(self) -> str:
        return self.sources[0]


@dataclass(frozen=True)
class Catalog:
    tasks: dict[str, Task]
    sources: dict[str, dict[str, Any]]
    presets: dict[str, dict[str, Any]]
    loggers: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tasks": {
                t.name: {
                    "summary": t.summary,
                    "sources": list(t.sources),
                    "default_source": t.default_source,
                    "monitor": t.monitor,
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
                            if v is not None
                        }
                        for o in t.options.values()
                    },
                }
                for t in self.tasks.values()
            },
            "sources": self.sources,
            "presets": self.presets,
            "loggers": self.loggers,
        }


def _load_task(task_yaml: Path) -> Task:
    raw = yaml.safe_load(task_yaml.read_text(encoding="utf-8"))
    options = {
        name: Option(
            name=name,
            type=spec["type"],
            default=spec["default"],
            help=spec.get("help", ""),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices", ())),
        )
        for name, spec in (raw.get("options") or {}).items()
    }
    return Task(
        name=raw["name"],
        folder=task_yaml.parent,
        summary=raw["summary"],
        sources=tuple(raw["sources"]),
        model_class=raw["model_class"],
        datamodule_class=raw["datamodule_class"],
        monitor=dict(raw["monitor"]) if raw.get("monitor") else None,
        options=options,
        links=tuple((src, dst) for src, dst in raw.get("links", ())),
    )


@cache
def load_catalog(root: Path | None = None) -> Catalog:
    root = root or templates_dir()
    raw = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
    tasks = [_load_task(p) for p in sorted((root / "tasks").glob("*/task.yaml"))]
    catalog = Catalog(
        tasks={t.name: t for t in tasks},
        sources=raw["sources"],
        presets=raw["presets"],
        loggers=raw["loggers"],
    )
    for task in tasks:  # a broken catalogue is our bug, not the user's: fail loudly
        unknown = set(task.sources) - set(catalog.sources)
        if unknown:
            raise ValueError(f"{task.folder}/task.yaml names unknown sources {sorted(unknown)}")
    return catalog
