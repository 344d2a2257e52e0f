"""LightningCLI and Hydra YAML configs carry Trainer arguments and class paths too: check those.

A YAML file is read as a Lightning config where it has a top-level ``trainer:`` mapping
(LightningCLI, a Hydra experiment; also ``trainer_kwargs:`` and the like, or ``trainer:`` in a
top-level ``lightning:`` block as taming-transformers and latent-diffusion write it),
``class_path:`` keys (LightningCLI), ``_target_:`` keys (Hydra's ``instantiate()`` imports that
path and passes the mapping's other keys to it as keywords) or ``target:`` keys naming a
Lightning class (``instantiate_from_config``, with ``params:``); a Hydra config group file
``trainer/<name>.yaml`` is the Trainer's section itself.
Other YAML is ignored. Findings are never auto-fixed here (rewriting YAML would lose comments),
the message says what to write.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

import yaml

from lightning_skill.lint import rules as R
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.rules import trainer_args
from lightning_skill.lint.rules.callbacks import REMOVED_CALLBACK_ARGS, REMOVED_CALLBACK_VALUES
from lightning_skill.lint.rules.imports import (
    canonical,
    lookup_moved,
    missing_prefix,
    moved_message,
    not_in_26,
)

# what a Hydra ``_target_`` names when it builds the Trainer
TRAINER_TARGETS = {
    "lightning.pytorch.Trainer",
    "lightning.pytorch.trainer.Trainer",
    "lightning.pytorch.trainer.trainer.Trainer",
}
_LIGHTNING = ("pytorch_lightning.", "lightning.pytorch.", "lightning.")


def _pairs(node: yaml.Node) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, value


def _mappings(node: yaml.Node, seen: set[int] | None = None) -> Iterator[yaml.MappingNode]:
    """Every mapping in the document, outermost first, each once (an alias ``*x`` is the node
    of its anchor ``&x``: reported where it is written, and a recursive one ends)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        yield node
        for _key, value in node.value:
            yield from _mappings(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item, seen)


def _trainer_key(name: str, depth: int) -> bool:
    """A key whose mapping holds Trainer arguments: ``trainer`` at the top, ``pl_trainer`` and
    ``trainer_kwargs``-like names (TRAINER_OPTIONS) one level down too (``train: pl_trainer:``)."""
    return (
        (name == "trainer" and depth == 0)
        or name == "pl_trainer"
        or bool(trainer_args.TRAINER_OPTIONS.match(name))
    )


def _sections(root: yaml.Node) -> Iterator[tuple[str, yaml.ScalarNode, yaml.Node]]:
    """(dotted path, key, value) for the Trainer sections of a config: the top-level keys, and
    those one level down (``lightning: {trainer: ...}`` as taming-transformers and
    latent-diffusion write it, ``train: {pl_trainer: ...}``)."""
    for key, value in _pairs(root):
        if _trainer_key(str(key.value), 0):
            yield str(key.value), key, value
        lightning = key.value in ("lightning", "pl", "pytorch_lightning")
        for inner, section in _pairs(value):
            if _trainer_key(str(inner.value), 0 if lightning else 1):
                yield f"{key.value}.{inner.value}", inner, section


def _scalar(node: yaml.MappingNode, name: str) -> yaml.ScalarNode | None:
    for key, value in _pairs(node):
        if key.value == name and isinstance(value, yaml.ScalarNode):
            return value
    return None


def _group_trainer(path: str, root: yaml.Node) -> bool:
    """``configs/trainer/ddp.yaml`` in a Hydra project (it composes ``defaults:``): the file is
    the ``trainer`` group, its top-level keys the Trainer's arguments."""
    return (
        PurePath(path).parent.name == "trainer"
        and isinstance(root, yaml.MappingNode)
        and any(key.value == "defaults" for key, _ in _pairs(root))
        and _scalar(root, "_target_") is None
    )


def check_config(path: str, text: str, explicit: bool) -> list[Finding]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        if not explicit:
            return []  # a folder's unrelated YAML is not ours to judge
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [
            Finding(path, line, 1, "LS000", "error", f"YAML error: {exc}".split("\n")[0], False)
        ]
    if root is None:
        return []
    out: list[Finding] = []

    def report(node: yaml.Node, code: str, message: str) -> None:
        mark = node.start_mark
        sev = R.RULES[code].severity
        out.append(Finding(path, mark.line + 1, mark.column + 1, code, sev, message, False))

    def trainer_section(trainer: yaml.Node, where: str) -> None:
        # the same rules and messages as in Python code: rules/trainer_args.py, rules/imports.py
        for arg, value in _pairs(trainer):
            shown = where.replace("{arg}", str(arg.value))
            if (message := trainer_args.removed_argument_message(arg.value, shown)) is not None:
                report(arg, "LS101", message)
            scalar = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
            new = trainer_args.legacy_precision(scalar) if arg.value == "precision" else None
            if new is not None:
                report(value, "LS102", trainer_args.legacy_precision_message(scalar, new))
            if arg.value in ("strategy", "accelerator") and (
                message := trainer_args.removed_value_message(arg.value, scalar)
            ):
                report(value, "LS103", message)

    def callback_args(cls_name: str, args: yaml.Node, via: str) -> None:
        for arg, value in _pairs(args):
            if (removed := REMOVED_CALLBACK_ARGS.get(cls_name, {}).get(arg.value)) is not None:
                info, _new = removed
                report(
                    arg,
                    "LS106",
                    f"{cls_name}({arg.value}=...) {info.gone} (TypeError on 2.6, {via}); "
                    f"use {info.instead}",
                )
            values, info = REMOVED_CALLBACK_VALUES.get(cls_name, {}).get(
                arg.value, (frozenset(), None)
            )
            if info is not None and isinstance(value, yaml.ScalarNode) and value.value in values:
                report(
                    value,
                    "LS106",
                    f"{cls_name}({arg.value}={value.value!r}) {info.gone} "
                    f"(MisconfigurationException on 2.6); use {info.instead}",
                )

    def class_path(value: yaml.ScalarNode) -> str:
        """The class a ``class_path``/``_target_`` names (canonical), reporting a removed one."""
        spelled = str(value.value)
        name = canonical(spelled)
        if (hit := lookup_moved(name)) is not None:
            report(value, "LS130", moved_message(spelled, hit))
        elif spelled.startswith(_LIGHTNING) and missing_prefix(name) is not None:
            report(value, "LS130", not_in_26(spelled, name.rsplit(".", 1)[-1]))
        return name

    sections: set[int] = set()
    for dotted, _key, trainer in _sections(root):
        if id(trainer) not in sections:
            sections.add(id(trainer))
            if isinstance(trainer, yaml.MappingNode) and _scalar(trainer, "_target_"):
                why = "Hydra's instantiate() refuses the key"
            elif dotted == "trainer" and (
                "# @package" in text or any(k.value == "defaults" for k, _ in _pairs(root))
            ):
                why = "the Trainer the Hydra config builds refuses the key"  # a Hydra experiment
            elif dotted == "trainer":
                why = "LightningCLI refuses the key"
            else:
                why = "the Trainer it is passed to refuses the key"
            trainer_section(trainer, f"the config's `{dotted}.{{arg}}`; {why}")
    if _group_trainer(path, root):
        sections.add(id(root))
        trainer_section(root, "the Hydra `trainer` group's `{arg}`; instantiate() refuses the key")
    for mapping in _mappings(root):
        if (target := _scalar(mapping, "_target_")) is not None:
            name = class_path(target)
            if name in TRAINER_TARGETS and id(mapping) not in sections:
                shown = f"the config's `{{arg}}` beside `_target_: {target.value}`"
                trainer_section(mapping, shown + "; Hydra's instantiate() refuses the key")
            if name.startswith("lightning.pytorch."):
                callback_args(name.rsplit(".", 1)[-1], mapping, "instantiate() passes it")
        for key, args, via in (
            ("class_path", "init_args", "LightningCLI passes init_args"),
            ("target", "params", "instantiate_from_config() passes params"),
        ):
            if (target := _scalar(mapping, key)) is None:
                continue
            if key == "target" and not str(target.value).startswith(_LIGHTNING):
                continue  # another program's `target:` key, naming no Lightning class
            name = class_path(target)
            init = next((v for k, v in _pairs(mapping) if k.value == args), None)
            if init is not None and name.startswith("lightning.pytorch."):
                callback_args(name.rsplit(".", 1)[-1], init, via)
    return out
