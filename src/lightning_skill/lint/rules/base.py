"""What every rule family declares: the Rule record and the shared replacement record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst

from lightning_skill.lint.cst_util import dotted

GUIDE = "https://lightning.ai/docs/pytorch/stable/upgrade/migration_guide.html"
DOCS = "https://lightning.ai/docs/pytorch/stable"

Severity = Literal["error", "warning"]

_GUIDE = "https://lightning.ai/docs/pytorch/stable/upgrade/migration_guide.html"
_DOCS = "https://lightning.ai/docs/pytorch/stable"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # what is wrong, one line
    fix: str  # what to do instead, one line
    category: Literal["migration", "anti-pattern", "input"]
    since: str | None  # Lightning version that removed/changed it (migration rules)
    autofix: Literal["yes", "some", "no"]
    doc: str


@dataclass(frozen=True)
class TrainerArg:
    # first release without it; "never" for a name 1.x never took either; "1.x" where only
    # "some 1.x release" is known, "<1.0" for the 0.x-era names that 1.0 no longer had
    since: str
    instead: str  # human replacement, shown in the message and the migration guide

    @property
    def gone(self) -> str:
        """'was removed in 1.8' / 'was never an argument', for messages."""
        if self.since == "never":
            return "was never an argument"
        if self.since == "<1.0":
            return "was removed before 1.0"
        return f"was removed in {self.since}"


# decorators that make a class body's annotated names its constructor's fields (dataclasses,
# attrs' @attr.s / @define / @frozen): such a class is how configs are splatted into a
# constructor (``Trainer(**asdict(cfg))``, ``ModelCheckpoint(**params)``)
CONFIG_DECORATORS = {"dataclass", "s", "define", "frozen", "attrs", "mutable"}


def config_fields(node: cst.ClassDef) -> dict[str, cst.Name]:
    """The annotated fields of a dataclass/attrs class by name (empty for any other class)."""
    if not any(
        (
            dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or ""
        ).rsplit(".", 1)[-1]
        in CONFIG_DECORATORS
        for d in node.decorators
    ):
        return {}
    fields: dict[str, cst.Name] = {}
    for stmt in node.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                fields[small.target.value] = small.target
    return fields


def config_target(node: cst.ClassDef) -> cst.SimpleString | None:
    """The ``_target_`` string of a dataclass/attrs config (a Hydra structured config:
    ``instantiate()`` imports that class and passes it every other field as a keyword)."""
    if not config_fields(node):
        return None
    for stmt in node.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            value = None
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                value = small.value if small.target.value == "_target_" else None
            elif isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                value = (
                    small.value
                    if isinstance(target, cst.Name) and target.value == "_target_"
                    else None
                )
            if isinstance(value, cst.SimpleString):
                return value
    return None


def assigns_in(scope: cst.CSTNode) -> list[cst.Assign]:
    """The assignments under ``scope`` (a function or the module), nested blocks included."""
    found: list[cst.Assign] = []

    class _Collect(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            found.append(node)

    scope.visit(_Collect())
    return found
