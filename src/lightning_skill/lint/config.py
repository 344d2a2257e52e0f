"""LightningCLI YAML configs carry Trainer arguments and class paths too: check those.

Only a YAML file with a top-level ``trainer:`` mapping or ``class_path:`` keys is treated as a
Lightning config; others are ignored. Findings are never auto-fixed here (rewriting YAML would
lose comments), the message says what to write.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from lightning_skill.lint import rules as R
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.rules import trainer_args
from lightning_skill.lint.rules.imports import canonical, lookup_moved, moved_message


def _pairs(node: yaml.Node) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, value


def _walk(node: yaml.Node) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    for key, value in _pairs(node):
        yield key, value
        yield from _walk(value)
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item)


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

    for key, trainer in _pairs(root):
        if key.value != "trainer":
            continue
        # the same rules and messages as in Python code: rules/trainer_args.py, rules/imports.py
        for arg, value in _pairs(trainer):
            where = f"the config's `trainer.{arg.value}`; LightningCLI refuses the key"
            if (message := trainer_args.removed_argument_message(arg.value, where)) is not None:
                report(arg, "LS101", message)
            scalar = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
            new = trainer_args.legacy_precision(scalar) if arg.value == "precision" else None
            if new is not None:
                report(value, "LS102", trainer_args.legacy_precision_message(scalar, new))
            if arg.value == "strategy" and (
                message := trainer_args.removed_strategy_message(scalar)
            ):
                report(value, "LS103", message)
    for key, value in _walk(root):
        if key.value == "class_path" and isinstance(value, yaml.ScalarNode):
            hit = lookup_moved(canonical(str(value.value)))
            if hit:
                report(value, "LS130", moved_message(str(value.value), hit))
    return out
