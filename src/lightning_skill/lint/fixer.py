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


class ApplyEdits(cst.CSTTransformer):
    def __init__(
        self, edits: dict[cst.CSTNode, list[Edit]], on_path: set[cst.CSTNode] | None = None
    ) -> None:
        super().__init__()
        self.edits = edits
        self.on_path = on_path  # None: descend everywhere
        self.applied = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        return self.on_path is None or node in self.on_path

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result: cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode] = updated_node
        if isinstance(original_node, cst.Call) and isinstance(updated_node, cst.Call):
            result = _restore_last_comma(original_node, updated_node)
        for fn in self.edits.get(original_node, ()):
            if not isinstance(result, cst.CSTNode):
                break  # removed or split: later edits on the same node cannot apply
            result = fn(result)
            self.applied += 1
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
    return module.visit(ApplyEdits(edits, on_path))
