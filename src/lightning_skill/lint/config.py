"""LightningCLI YAML configs carry Trainer arguments and class paths too: check those.

Only a YAML file with a top-level ``trainer:`` mapping or ``class_path:`` keys is treated as a
Lightning config; others are ignored. Findings are never auto-fixed here (rewriting YAML would
lose comments), the message says what to write.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from lightning_skill.lint import rules as R
from lightning_skill.lint.checker import canonical, lookup_moved
from lightning_skill.lint.finding import Finding


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
        for arg, value in _pairs(trainer):
            if arg.value in R.REMOVED_TRAINER_ARGS:
                info = R.REMOVED_TRAINER_ARGS[arg.value]
                report(
                    arg,
                    "LS101",
                    f"trainer.{arg.value} {info.gone} (LightningCLI refuses the "
                    f"key); use {info.instead}",
                )
            scalar = value.value if isinstance(value, yaml.ScalarNode) else None
            if arg.value == "precision" and scalar in ("16", "bf16"):
                new = "16-mixed" if scalar == "16" else "bf16-mixed"
                report(value, "LS102", f"precision: {scalar} is a legacy alias; write {new}")
            if arg.value == "strategy" and scalar in R.REMOVED_STRATEGIES:
                target = R.REMOVED_STRATEGIES[scalar]
                instead = target or "a registered strategy (ddp, fsdp, ...)"
                report(value, "LS103", f"strategy: {scalar} was removed in 2.0; use {instead}")
    for key, value in _walk(root):
        if key.value == "class_path" and isinstance(value, yaml.ScalarNode):
            hit = lookup_moved(canonical(str(value.value)))
            if hit:
                name, moved = hit
                where = f"{moved.new}" if moved.new else "nothing (removed)"
                note = f"; {moved.note}" if moved.note else ""
                report(
                    value,
                    "LS130",
                    f"class_path {value.value} was removed in {moved.since}: it moved to "
                    f"{where}{note}",
                )
    return out
