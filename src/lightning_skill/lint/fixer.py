"""Apply the checker's recorded edits with one libcst transformer.

Edits are keyed by the identity of the node the checker saw, so each fix touches exactly the node
it was made for; everything else (comments, blank lines, quoting) is reproduced byte for byte by
libcst. After editing, the argument list of a call keeps its original trailing-comma style.

Given the parent of each node, the transformer descends only into the nodes on the way to an
edited one: a subtree without edits comes back unchanged anyway, and rebuilding each of its nodes
was most of the time ``--fix`` took on a large file.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from lightning_skill.lint.checker import Edit
from lightning_skill.lint.metadata import field_names


class ApplyEdits(cst.CSTTransformer):
    def __init__(
        self, edits: dict[cst.CSTNode, list[Edit]], on_path: set[cst.CSTNode] | None = None
    ) -> None:
        super().__init__()
        self.edits = edits
        self.on_path = on_path  # None: descend everywhere

    def on_visit(self, node: cst.CSTNode) -> bool:
        return self.on_path is None or node in self.on_path

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        return _apply(original_node, updated_node, self.edits)


def _apply(
    original: cst.CSTNode, updated: cst.CSTNode, edits: dict[cst.CSTNode, list[Edit]]
) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
    """``updated`` (``original`` with its children rebuilt) after the edits made for
    ``original``; a call that lost or gained arguments keeps its last comma's style."""
    result: cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode] = updated
    if isinstance(original, cst.Call) and isinstance(updated, cst.Call):
        result = _restore_last_comma(original, updated)
    for fn in edits.get(original, ()):
        if not isinstance(result, cst.CSTNode):
            break  # removed or split: later edits on the same node cannot apply
        result = fn(result)
    return result


def _restore_last_comma(original: cst.Call, updated: cst.Call) -> cst.Call:
    """After args were removed or split, the last one takes the original last comma, so the
    trailing-comma style and the closing parenthesis' indentation stay as they were."""
    if not original.args or not updated.args or len(original.args) == len(updated.args):
        return updated
    last = updated.args[-1].with_changes(comma=original.args[-1].comma)
    return updated.with_changes(args=[*updated.args[:-1], last])


def apply(
    module: cst.Module,
    edits: dict[cst.CSTNode, list[Edit]],
    parents: Mapping[cst.CSTNode, cst.CSTNode] | None = None,
) -> str:
    """The module's code with ``edits`` applied; ``parents`` (of every node) narrows the walk."""
    return transform(module, edits, parents).code


def transform(
    module: cst.Module,
    edits: dict[cst.CSTNode, list[Edit]],
    parents: Mapping[cst.CSTNode, cst.CSTNode] | None = None,
) -> cst.Module:
    """The module with ``edits`` applied. With ``parents``, every subtree holding no edit is
    the very object it was (so are the top-level statements the edits left alone)."""
    edits = {node: fns for node, fns in edits.items() if fns}
    if not edits:
        return module
    on_path: set[cst.CSTNode] | None = None
    if parents is not None:
        on_path = {module}
        for node in edits:
            at: cst.CSTNode | None = node
            while at is not None and at not in on_path:
                on_path.add(at)
                at = parents.get(at)
        try:
            rebuilt = _rebuild(module, edits, on_path)
        except _Unplaced:
            pass  # an edit removed or split a node outside a sequence: libcst's walk says how
        else:
            assert isinstance(rebuilt, cst.Module)
            return rebuilt
    return module.visit(ApplyEdits(edits, on_path))


class _Unplaced(Exception):
    """An edit's result that only a list of nodes can hold, outside one."""


def _rebuild(
    node: cst.CSTNode, edits: dict[cst.CSTNode, list[Edit]], on_path: set[cst.CSTNode]
) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
    """What ``node.visit(ApplyEdits(edits, on_path))`` returns, going straight down the nodes on
    the way to an edit: libcst's walk also visits each of their other children (and leaves
    each unchanged), which was most of the time applying many edits took. Every node on the
    way is rebuilt with its new children (``with_changes``, checked as libcst checks it); a
    removed or split node drops out of, or spreads into, the sequence holding it."""
    changes: dict[str, object] = {}
    for name in field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            if value in on_path:
                new = _rebuild(value, edits, on_path)
                if not isinstance(new, cst.CSTNode):
                    raise _Unplaced
                changes[name] = new
        elif type(value) in (tuple, list) and any(
            isinstance(child, cst.CSTNode) and child in on_path for child in value
        ):
            out: list[object] = []
            for child in value:
                if not (isinstance(child, cst.CSTNode) and child in on_path):
                    out.append(child)
                    continue
                new = _rebuild(child, edits, on_path)
                if isinstance(new, cst.FlattenSentinel):
                    out.extend(new.nodes)
                elif isinstance(new, cst.CSTNode):
                    out.append(new)
            changes[name] = tuple(out)
    return _apply(node, node.with_changes(**changes) if changes else node, edits)
