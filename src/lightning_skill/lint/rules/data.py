"""Rule family: LightningDataModule APIs removed in 1.7/2.0 (LS121 argparse helpers, LS124
dims/size()/*_transforms), with the detection (``DataChecks``, mixed into the checker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lightning_skill.lint.cst_util import TRAINER, dotted, kwargs_of
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule

if TYPE_CHECKING:
    from lightning_skill.lint.checker import _FuncCtx

RULES = (
    Rule(
        "LS121",
        "argparse-helpers",
        "error",
        "add_argparse_args/from_argparse_args were removed (AttributeError)",
        "use LightningCLI, or pass parsed arguments to Trainer(...) yourself",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/cli/lightning_cli.html",
    ),
    Rule(
        "LS124",
        "removed-datamodule-api",
        "error",
        "LightningDataModule dims/size()/*_transforms were removed in 1.7",
        "keep shapes and transforms as your own attributes",
        "migration",
        "1.7",
        "no",
        f"{_DOCS}/data/datamodule.html",
    ),
)

# LightningDataModule members removed in 1.7 (deprecated in 1.5)
REMOVED_DATAMODULE_ATTRS = {"dims", "size", "train_transforms", "val_transforms", "test_transforms"}

DM_BASES = {
    "lightning.pytorch.LightningDataModule",
    "lightning.pytorch.core.datamodule.LightningDataModule",
}
# LightningDataModule flags removed in 1.6 (deprecated in 1.4): Lightning no longer tracks them
REMOVED_DATAMODULE_FLAGS = {
    f"has_{what}_{stage}"
    for what in ("setup", "teardown")
    for stage in ("fit", "validate", "test", "predict")
} | {"has_prepared_data"}

# Trainer/DataModule class methods of the argparse integration, removed in 2.0 for LightningCLI
# (the 1.9 upgrade guide, PR16708; in the 1.9.5 wheel, absent from 2.6). Trainer.default_attributes
# and match_env_arguments are LS123's (REMOVED_TRAINER_ATTRS), on the class as on an instance.
ARGPARSE_HELPERS = {
    "add_argparse_args",
    "from_argparse_args",
    "parse_argparser",
    "get_init_arguments_and_types",
}

_ARGPARSE_MODULES = {
    f"{root}.utilities.argparse" for root in ("pytorch_lightning", "lightning.pytorch")
} | {f"{root}.utilities.argparse_utils" for root in ("pytorch_lightning", "lightning.pytorch")}


def argparse_function(name: str) -> bool:
    """Whether ``name`` is one of the argparse helpers of ``utilities.argparse`` (LS121)."""
    module, _, fn = name.rpartition(".")
    return fn in ARGPARSE_HELPERS and module in _ARGPARSE_MODULES


class DataChecks:
    """The family's detection, mixed into the checker (``self`` is the Checker)."""

    def _own_method(self, node: cst.Attribute) -> bool:
        """self.size() where the class defines size() itself: the user's method, not the API."""
        m = self.method
        return (
            m is not None
            and m.cls is not None
            and isinstance(node.value, cst.Name)
            and node.value.value == m.self_name
            and node.attr.value in m.cls.methods
        )

    def _bound_datamodule(self, node: cst.Name) -> bool:
        """``data`` after ``data = self.trainer.datamodule`` (or annotated with a DataModule
        class) in the scope that binds it once."""
        return self._bound_once(node, self._scoped_dms)

    def _datamodule_like(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name):
            m = self.method
            if m is not None and m.cls is not None and m.cls.kind == "dm":
                return node.value == m.self_name
            return (
                node.value in self._dm_vars
                or node.value in ("dm", "datamodule")
                or self._bound_datamodule(node)
            )
        return isinstance(node, cst.Attribute) and node.attr.value == "datamodule"

    def _datamodule_class(self, node: cst.BaseExpression) -> bool:
        """A DataModule class itself (not an instance): a name of this run's DataModules, one
        imported from Lightning, or another package's class named *DataModule."""
        if isinstance(node, cst.IfExp):
            return self._datamodule_class(node.body) and self._datamodule_class(node.orelse)
        # DATAMODULES[name], DATAMODULES.get(name): a registry of DataModule classes
        held = (
            node.value
            if isinstance(node, cst.Subscript)
            else node.func.value
            if isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get"
            else None
        )
        if held is not None:
            return isinstance(held, cst.Name) and held.value in self._dm_class_maps
        if isinstance(node, cst.Name) and node.value in self._dm_class_vars:
            return True
        if not isinstance(node, cst.Name | cst.Attribute):
            return False
        named = (dotted(node) or "").rsplit(".", 1)[-1]
        return (
            bool(self.qnames(node) & DM_BASES)
            or named in self.facts.dm
            or (named.endswith("DataModule") and named != "LightningDataModule")
        )

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        """``dims = (1, 28, 28)`` in a DataModule's class body: the 1.x attribute that size()
        returned, set the class way (LS124). ``size = ...`` stays quiet: a dataset's own."""
        cls = self.cls
        if cls is None or cls.kind != "dm" or not isinstance(node.body, cst.IndentedBlock):
            return
        for line in node.body.body:
            if not isinstance(line, cst.SimpleStatementLine):
                continue
            for st in line.body:
                targets = (
                    [t.target for t in st.targets]
                    if isinstance(st, cst.Assign)
                    else [st.target]
                    if isinstance(st, cst.AnnAssign) and st.value is not None
                    else []
                )
                for t in targets:
                    if isinstance(t, cst.Name) and t.value in REMOVED_DATAMODULE_ATTRS - {"size"}:
                        self._report_dm(t, t.value)

    def check_dm_call(self, node: cst.Call, m: _FuncCtx) -> None:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "__init__"
            and isinstance(func.value, cst.Call)
            and dotted(func.value.func) == "super"
        ):
            for name in kwargs_of(node).keys() & REMOVED_DATAMODULE_ATTRS:
                self._report_dm(kwargs_of(node)[name], name)

    def _report_dm(self, node: cst.CSTNode, name: str) -> None:
        what = f"{name}()" if name == "size" else name
        self.report(
            node,
            "LS124",
            f"LightningDataModule `{what}` was removed in 1.7 (2.6 drops or refuses it); keep "
            "shapes and transforms as "
            "your own attributes (e.g. `self.input_shape`, a transform passed to the Dataset)",
        )

    def check_argparse_function(self, node: cst.Call, q: set[str]) -> None:
        """The functions behind those methods, called from ``utilities.argparse`` (LS121): the
        module is still there in 2.6, without them (an ImportError, reported by LS130 at the
        import, and a NameError here if that import is guarded)."""
        for name in q:
            if argparse_function(name):
                fn = name.rpartition(".")[2]
                self.report(
                    node,
                    "LS121",
                    f"`{fn}(...)` (utilities.argparse) was removed in 2.0; use LightningCLI, or "
                    "argparse yourself and pass the values to Trainer(...)",
                )
                return

    def check_argparse_call(self, node: cst.Call, attr: str, receiver: cst.BaseExpression) -> None:
        """Trainer/DataModule.add_argparse_args / from_argparse_args (LS121)."""
        rq = self.qnames(receiver)
        local = self.local_name(receiver)
        # a DataModule class from another package (CIFAR10DataModule), or built on the spot
        base = receiver.func if isinstance(receiver, cst.Call) else receiver
        rq |= self.qnames(base)
        named = (dotted(base) or "").rsplit(".", 1)[-1]
        if not rq & (TRAINER | DM_BASES) and attr in self.facts.methods.get(named, ()):
            return  # a class of this run defines it itself (a model's own add_argparse_args)
        if rq & TRAINER and attr == "from_argparse_args":
            self.check_trainer_keywords(node, "Trainer.from_argparse_args(...)")
        if (
            rq & (TRAINER | DM_BASES)
            or (local and local in self.facts.dm | self.facts.lm | self.facts.trainer_sub)
            or (local and local in self._dm_class_vars)
            or self._datamodule_class(receiver)
            or named.endswith("DataModule")
            or named in self.facts.dm | self.facts.trainer_sub
        ):
            self.report(
                node,
                "LS121",
                f"`{dotted(receiver) or cst.Module([]).code_for_node(receiver)}.{attr}` was "
                "removed in 2.0; use "
                "LightningCLI, or argparse yourself and pass the values to Trainer(...)",
            )

    def check_datamodule_attribute(self, node: cst.Attribute) -> None:
        """dm.dims, dm.size(), dm.train_transforms on a DataModule (LS124)."""
        attr = node.attr.value
        if (
            attr in REMOVED_DATAMODULE_ATTRS
            and self._datamodule_like(node.value)
            and not self._own_method(node)
        ):
            self._report_dm(node, attr)
        if attr in REMOVED_DATAMODULE_FLAGS and self._datamodule_like(node.value):
            self.report(
                node,
                "LS124",
                f"LightningDataModule `{attr}` was removed in 1.6 (AttributeError on 2.6): "
                "Lightning no longer tracks whether prepare_data/setup ran; keep your own flag",
            )
