"""libcst helpers shared by the checker and the rule families' checks (no rule logic here)."""

from __future__ import annotations

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


def str_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def bool_value(node: cst.BaseExpression) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def kwargs_of(call: cst.Call) -> dict[str, cst.Arg]:
    return {a.keyword.value: a for a in call.args if a.keyword is not None}


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
    return template.with_changes(keyword=cst.Name(name), value=value, comma=comma)


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
