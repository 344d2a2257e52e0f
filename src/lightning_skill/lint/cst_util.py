"""libcst helpers shared by the checker and the rule families' checks (no rule logic here)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import NamedTuple

import libcst as cst

TRAINER = {
    "lightning.pytorch.Trainer",
    "lightning.pytorch.trainer.Trainer",
    "lightning.pytorch.trainer.trainer.Trainer",
}

TRAINER_NAMES = {"Trainer"}

# packages whose own Trainer is not Lightning's (a framework's X.Trainer otherwise is a subclass)
NOT_LIGHTNING_TRAINERS = {"transformers", "trl", "accelerate", "lightning", "pytorch_lightning"}

LIGHTNING_CLI = {
    "lightning.pytorch.cli.LightningCLI",
    "lightning.pytorch.utilities.cli.LightningCLI",
}


def int_value(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer)
    ):
        return -int(node.expression.value, 0)
    return None


def literal(node: cst.SimpleString) -> str | bytes:
    """``node.evaluated_value``, which compiles the literal (``ast.literal_eval``), read straight
    from between the quotes for a plain literal: no prefix, no backslash and no carriage return
    (which Python reads as a line feed)."""
    code = node.value
    if code[0] in "'\"" and "\\" not in code and "\r" not in code:
        quote = 3 if len(code) >= 6 and code[:3] in ("'''", '"""') else 1
        return code[quote:-quote]
    with warnings.catch_warnings():  # '\d' in user code: Python's warning, not ours to print
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        return node.evaluated_value


def str_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = literal(node)
        return value if isinstance(value, str) else None
    return None


def bool_value(node: cst.BaseExpression) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def kwargs_of(call: cst.Call) -> dict[str, cst.Arg]:
    return {a.keyword.value: a for a in call.args if a.keyword is not None}


class CallParts(NamedTuple):
    """A call inside a method, taken apart the way every rule family reads it."""

    func: cst.BaseExpression
    hook: str  # the name of the enclosing method
    attr: str | None  # ``x.attr(...)``: "attr"; None for a plain name call
    receiver: cst.BaseExpression | None  # ``x`` in ``x.attr(...)``
    is_self: bool  # the receiver is the name the method's first parameter binds


def call_parts(call: cst.Call, method: cst.FunctionDef, self_name: str | None) -> CallParts:
    func = call.func
    attr = func.attr.value if isinstance(func, cst.Attribute) else None
    receiver = func.value if isinstance(func, cst.Attribute) else None
    is_self = isinstance(receiver, cst.Name) and receiver.value == self_name
    return CallParts(func, method.name.value, attr, receiver, is_self)


def keywords_of(node: cst.Call | cst.Dict) -> Iterator[tuple[cst.CSTNode, str, cst.BaseExpression]]:
    """(node to report, name, value) for each keyword of a call or string key of a dict literal:
    the keywords a Trainer receives, however they are handed to it."""
    if isinstance(node, cst.Call):
        for arg in node.args:
            if arg.keyword is not None:
                yield arg, arg.keyword.value, arg.value
        return
    for el in node.elements:
        if isinstance(el, cst.DictElement) and (key := str_value(el.key)) is not None:
            yield el.key, key, el.value
        elif isinstance(el, cst.StarredDictElement) and (
            isinstance(el.value, cst.Dict)
            or (isinstance(el.value, cst.Call) and dotted(el.value.func) == "dict")
        ):
            # {**base, **{"weights_summary": None}}, {**dict(gpus=1)}: merged in as they are
            yield from keywords_of(el.value)


def has_splat(call: cst.Call) -> bool:
    return any(a.star for a in call.args)


def dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def string_like(template: cst.BaseExpression | None, text: str) -> cst.SimpleString:
    """A string literal using the quote style of ``template`` when it was a string."""
    quote = '"'
    if isinstance(template, cst.SimpleString) and template.quote in ("'", '"'):
        quote = template.quote
    return cst.SimpleString(f"{quote}{text}{quote}")


def comma_after(arg: cst.Arg) -> cst.Comma:
    if isinstance(arg.comma, cst.Comma):
        return arg.comma
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def keyword_arg(template: cst.Arg, name: str, value: cst.BaseExpression, comma: object) -> cst.Arg:
    """``template`` with another keyword, value and comma; its other parts copied, so that the
    arguments one is split into share no node (in a tree each node has one parent)."""
    return template.with_changes(
        keyword=cst.Name(name),
        value=value,
        comma=_copy(comma),
        equal=_copy(template.equal),
        whitespace_after_star=_copy(template.whitespace_after_star),
        whitespace_after_arg=_copy(template.whitespace_after_arg),
    )


def _copy(part: object) -> object:
    return part.deep_clone() if isinstance(part, cst.CSTNode) else part


def self_device() -> cst.Attribute:
    return cst.Attribute(value=cst.Name("self"), attr=cst.Name("device"))


def import_style(module: str) -> str | None:
    root = module.split(".")[0]
    if root == "pytorch_lightning":
        return "pytorch_lightning"
    if root == "lightning" and not module.startswith("lightning.fabric"):
        return "lightning"
    return None


def dotted_expr(name: str) -> cst.Attribute | cst.Name:
    parts = name.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for p in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(p))
    return node


def respell(canonical_name: str, like: str) -> str:
    """Write a lightning.pytorch name in the package spelling the file already used."""
    if like.startswith("pytorch_lightning"):
        if canonical_name.startswith("lightning.pytorch"):
            return "pytorch_lightning" + canonical_name[len("lightning.pytorch") :]
        if canonical_name.startswith("lightning.fabric"):
            return "lightning_fabric" + canonical_name[len("lightning.fabric") :]
    return canonical_name


def returns_of(fn: cst.FunctionDef) -> list[cst.Return]:
    """The return statements of ``fn`` itself, not of functions nested in it."""
    found: list[cst.Return] = []

    class _Find(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

    fn.visit(_Find())
    return found


def names_in(node: cst.CSTNode) -> set[str]:
    found: set[str] = set()

    class _Find(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.add(name.value)

    node.visit(_Find())
    return found


def is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )
