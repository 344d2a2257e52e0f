"""Which trainer presets work for which task, and what a preset must change to work.

A task declares its model's *traits* in ``task.yaml`` (``presets: {traits: [...]}``): things a
distributed strategy has to know about, such as several optimizers or BatchNorm layers. Each
preset in ``templates/catalog.yaml`` says, per trait, either ``refuse: <why>`` (the preset
cannot run that model: ``new`` refuses it with exit 2 and a project of that task does not ship
the file) or ``trainer: {...}`` plus ``why:`` (Trainer keys the preset file sets for that task,
with the reason written next to them). Both files are data; nothing here names a task.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lightning_skill.errors import UsageError


@dataclass(frozen=True)
class Adjustment:
    """Trainer keys a preset sets for one task, and why (written as a comment in the file)."""

    trait: str
    trainer: dict[str, Any]
    why: str


def task_traits(task: Any, options: dict[str, Any] | None = None) -> tuple[str, ...]:
    """The task's declared traits (``task.yaml`` ``presets.traits``), read from its folder, plus
    those its option values give it (``catalog.yaml`` ``common_options.*.traits``, e.g. norm
    clipping); ``options`` None: the options' defaults."""
    declared = _traits_in(task.folder / "task.yaml")
    rules = getattr(task, "option_traits", ())
    if not rules:
        return declared
    values = options
    if values is None:
        values = {name: option.default for name, option in task.options.items()}
    derived = [t for t, rule in rules if t not in declared and rule.holds(values)]
    return declared + tuple(dict.fromkeys(derived))


@cache
def _traits_in(task_yaml: Path) -> tuple[str, ...]:
    import yaml

    raw = yaml.safe_load(task_yaml.read_text(encoding="utf-8")) or {}
    block = raw.get("presets") or {}
    if not isinstance(block, dict) or not isinstance(block.get("traits") or [], list):
        raise ValueError(f"{task_yaml}: 'presets' must be {{traits: [NAME, ...]}}")
    return tuple(block.get("traits") or ())


def refusal(
    presets: dict[str, dict[str, Any]],
    task: Any,
    preset: str,
    options: dict[str, Any] | None = None,
) -> str | None:
    """Why ``preset`` cannot run ``task`` (the first refusing trait), or None if it can."""
    rules = presets[preset].get("traits") or {}
    for trait in task_traits(task, options):
        rule = rules.get(trait) or {}
        if "refuse" in rule:
            return str(rule["refuse"])
    return None


def adjustments(
    presets: dict[str, dict[str, Any]],
    task: Any,
    preset: str,
    options: dict[str, Any] | None = None,
) -> list[Adjustment]:
    """The Trainer keys ``preset`` sets for ``task``, one entry per trait that needs any."""
    rules = presets[preset].get("traits") or {}
    out = []
    for trait in task_traits(task, options):
        rule = rules.get(trait) or {}
        if rule.get("trainer"):
            out.append(Adjustment(trait, dict(rule["trainer"]), str(rule.get("why", ""))))
    return out


def for_task(
    presets: dict[str, dict[str, Any]], task: Any, options: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """The presets a project of ``task`` ships (catalogue order), each with its adjustments.

    Each entry is the catalogue's, plus ``adjust``: ``{trainer key: [value, why]}``, which the
    preset templates write over their defaults.
    """
    shipped = {}
    for name, entry in presets.items():
        if refusal(presets, task, name, options) is not None:
            continue
        adjust: dict[str, list[Any]] = {}
        for item in adjustments(presets, task, name, options):
            for key, value in item.trainer.items():
                adjust[key] = [value, item.why]
        shipped[name] = {**entry, "adjust": adjust}
    return shipped


def compatibility(presets: dict[str, dict[str, Any]], task: Any) -> dict[str, str]:
    """Per preset, for ``catalog --json``: refused (and why), shipped as is, or adjusted."""
    out = {}
    for name in presets:
        why = refusal(presets, task, name)
        changes = [
            f"{key}={value!r} ({item.why.rstrip('.')})"
            for item in adjustments(presets, task, name)
            for key, value in item.trainer.items()
        ]
        if why is not None:
            out[name] = f"refused: {why}"
        else:
            out[name] = "ships, sets " + "; ".join(changes) if changes else "ships"
    return out


def check(
    presets: dict[str, dict[str, Any]],
    task: Any,
    preset: str,
    options: dict[str, Any] | None = None,
) -> None:
    """Refuse (exit 2, one line) a preset that cannot run the task."""
    why = refusal(presets, task, preset, options)
    if why is not None:
        usable = ", ".join(for_task(presets, task, options))
        raise UsageError("--preset", f"{preset} cannot run task {task.name}: {why}; use {usable}")


def validate_catalog(presets: dict[str, dict[str, Any]], tasks: dict[str, Any]) -> None:
    """Fail loudly on a broken declaration (our bug, not the user's)."""
    known: set[str] = set()
    for name, entry in presets.items():
        for trait, rule in (entry.get("traits") or {}).items():
            known.add(trait)
            if not isinstance(rule, dict) or not ({"refuse", "trainer"} & set(rule)):
                raise ValueError(f"catalog.yaml presets.{name}.traits.{trait}: refuse or trainer")
            if "trainer" in rule and not rule.get("why"):
                raise ValueError(f"catalog.yaml presets.{name}.traits.{trait}: trainer needs why")
    for task in tasks.values():
        derived = {trait for trait, _ in getattr(task, "option_traits", ())}
        unknown = (set(task_traits(task)) | derived) - known
        if unknown:
            raise ValueError(f"{task.folder}/task.yaml names unknown traits {sorted(unknown)}")
        if not for_task(presets, task):
            raise ValueError(f"{task.folder}/task.yaml: no preset can run this task")
