"""Constraints between a task's options, declared in its ``task.yaml`` and checked by ``new``.

Bounds on one option live on the option (``min``/``max``); a rule that ties several together
(``d_model % n_heads == 0``) is a constraint::

    constraints:
      - check: d_model % n_heads == 0
        message: d_model must be a multiple of n_heads

``check`` is a tiny expression language, parsed with ``ast`` and walked here, never ``eval``'d:
option names, numbers, quoted strings (to compare a choice: ``metric == "auroc"``), ``+ - * //
% **`` (exponent at most 64), comparisons, ``and``/``or``/``not`` and parentheses. Anything else
is refused when the catalogue loads, so a typo in a task's YAML fails the suite, not a user's run.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_MAX_EXPONENT = 64


@dataclass(frozen=True)
class Constraint:
    check: str
    message: str
    names: tuple[str, ...]  # option names in order of appearance; the first is blamed
    tree: ast.Expression

    def holds(self, values: Mapping[str, Any]) -> bool:
        try:
            return bool(_eval(self.tree.body, values))
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            return False


def _names(tree: ast.AST) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            seen.setdefault(node.id, None)
    return tuple(seen)


def _check_node(node: ast.AST, options: Iterable[str], where: str) -> None:
    allowed = (
        ast.Expression,
        ast.BoolOp,
        ast.And,
        ast.Or,
        ast.UnaryOp,
        ast.Not,
        ast.USub,
        ast.BinOp,
        ast.Compare,
        ast.Name,
        ast.Load,
        ast.Constant,
        *_BINARY,
        *_COMPARE,
    )
    options = set(options)
    for sub in ast.walk(node):
        if not isinstance(sub, allowed):
            raise ValueError(f"{where}: {type(sub).__name__} is not allowed in a constraint")
        if isinstance(sub, ast.Name) and sub.id not in options:
            raise ValueError(f"{where}: {sub.id!r} is not an option of this task")
        if isinstance(sub, ast.Constant) and type(sub.value) not in {int, float, bool, str}:
            raise ValueError(f"{where}: only numbers and strings may appear, not {sub.value!r}")


def parse_constraints(raw: Any, options: Iterable[str], where: str) -> tuple[Constraint, ...]:
    """The ``constraints:`` list of a task.yaml; a malformed entry is our bug: ValueError."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"{where}: 'constraints' must be a list of {{check, message}}")
    options = list(options)
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"check", "message"}:
            raise ValueError(f"{where}: each constraint has exactly 'check' and 'message'")
        check, message = entry["check"], entry["message"]
        if not isinstance(check, str) or not isinstance(message, str) or not message.strip():
            raise ValueError(f"{where}: constraint check and message must be strings")
        try:
            tree = ast.parse(check, mode="eval")
        except SyntaxError as exc:
            raise ValueError(f"{where}: constraint {check!r}: {exc.msg}") from None
        _check_node(tree, options, f"{where}: constraint {check!r}")
        names = _names(tree)
        if not names:
            raise ValueError(f"{where}: constraint {check!r} names no option")
        out.append(Constraint(check=check, message=message, names=names, tree=tree))
    return tuple(out)


def _eval(node: ast.AST, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return (not operand) if isinstance(node.op, ast.Not) else -operand
    if isinstance(node, ast.BoolOp):
        results = (_eval(v, values) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Pow) and not -_MAX_EXPONENT <= right <= _MAX_EXPONENT:
            raise OverflowError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    raise ValueError(f"unexpected {type(node).__name__}")  # _check_node let it through: a bug


def first_violation(
    constraints: Iterable[Constraint], values: Mapping[str, Any]
) -> Constraint | None:
    return next((c for c in constraints if not c.holds(values)), None)
