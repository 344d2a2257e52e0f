"""Rule family: logging (LS212 epoch-level self.log without sync_dist in multi-device code,
self.log's removed 1.x keywords, reported as LS125, and LS126 the Logger methods 1.x had), with
the detection and fixes (``LoggingChecks``, mixed into the checker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ParentNodeProvider

from lightning_skill.lint.cst_util import (
    bool_value,
    call_parts,
    dotted,
    has_splat,
    kwargs_of,
    str_value,
)
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule, TrainerArg

if TYPE_CHECKING:
    from lightning_skill.lint.checker import _FuncCtx

RULES = (
    Rule(
        "LS212",
        "log-without-sync-dist",
        "warning",
        "epoch-level self.log without sync_dist=True in multi-device code",
        "add sync_dist=True so the value is averaged over processes",
        "anti-pattern",
        None,
        "yes",
        f"{_DOCS}/extensions/logging.html#logging-from-a-lightningmodule",
    ),
    Rule(
        "LS126",
        "removed-logger-method",
        "error",
        "Logger method removed in 1.x: a call is an AttributeError, an override is never called",
        "use log_metrics / finalize, as the message says",
        "migration",
        "1.8",
        "no",
        f"{_DOCS}/extensions/logging.html#make-a-custom-logger",
    ),
)

# the 1.x LightningLoggerBase's methods that 2.6's Logger lacks (in the 1.2.10/1.4.9 wheels'
# loggers/base.py, gone from the 1.8.6 wheel's loggers/logger.py; 1.8 made the aggregation ones
# raise NotImplementedError, "deprecated in v1.6 and no longer supported as of v1.8")
REMOVED_LOGGER_METHODS: dict[str, TrainerArg] = {
    "agg_and_log_metrics": TrainerArg("1.8", "log_metrics(metrics, step)"),
    "update_agg_funcs": TrainerArg("1.8", "nothing: aggregate before log_metrics"),
    "close": TrainerArg("1.x", "finalize(status)"),
}
AGGREGATION_METHODS = {"agg_and_log_metrics", "update_agg_funcs"}
# ... and the 1.x LightningLoggerBase.__init__ arguments that configured it
AGGREGATION_INIT_ARGS = {"agg_key_funcs", "agg_default_func"}
# a Lightning logger's own 1.x constructor arguments that 2.6 no longer knows and hands on to
# the library it wraps (WandbLogger's **kwargs go to wandb.init, no wandb setting): the 1.4.9
# wheel's WandbLogger took sync_step (deprecated in 1.2.1, gone in 1.5), 2.6's signature lacks it
REMOVED_LOGGER_INIT_ARGS: dict[str, dict[str, TrainerArg]] = {
    "WandbLogger": {"sync_step": TrainerArg("1.5", "nothing: wandb keeps its own step")},
}
LOGGER_PREFIXES = ("lightning.pytorch.loggers.", "lightning.fabric.loggers.")

EPOCH_LEVEL_LOG_HOOKS = {
    "validation_step",
    "test_step",
    "on_validation_epoch_end",
    "on_test_epoch_end",
    "on_train_epoch_end",
}


# self.log/log_dict keywords the 1.x signatures had and 2.6's refuse (TypeError); sync_dist
# now reduces with reduce_fx, and truncated BPTT is gone (read from the 1.2.10/1.4.9 wheels)
REMOVED_LOG_KWARGS = {
    "sync_dist_op": "reduce_fx= (sync_dist=True reduces with it)",
    "tbptt_reduce_fx": "nothing (truncated BPTT was removed)",
    "tbptt_pad_token": "nothing (truncated BPTT was removed)",
}


class LoggingChecks:
    """The family's detection and fix, mixed into the checker (``self`` is the Checker)."""

    def visit_FunctionDef_name(self, node: cst.FunctionDef) -> None:
        """``def agg_and_log_metrics`` in a subclass of a Lightning logger: 1.x sent every
        logged metric through it, 2.x never calls it (LS126)."""
        info = REMOVED_LOGGER_METHODS.get(node.name.value)
        m, cls = self.method, self.cls
        if node.name.value == "close":
            return  # 1.x called it on a SLURM requeue only: a logger's own close() is its own
        if info is None or m is None or m.node is not node or cls is None:
            return
        bases = {q for b in cls.node.bases for q in self.qnames(b.value)}
        if not any(q.startswith(LOGGER_PREFIXES) for q in bases):
            return
        self.report(
            node.name,
            "LS126",
            f"`{cls.node.name.value}.{node.name.value}` overrides a Logger method removed in "
            f"{info.since}: Lightning never calls it; move the code into {info.instead}",
        )

    def check_logger_init_call(self, node: cst.Call) -> None:
        """``super().__init__(agg_key_funcs=..., agg_default_func=...)`` in a subclass of a
        Lightning logger (or those keywords to a Lightning logger's constructor): 1.x's base
        took the aggregation settings; 2.6's Logger has no ``__init__`` of its own, so
        ``object.__init__`` refuses them (TypeError, LS126)."""
        func, cls = node.func, self.cls
        for q in self.qnames(func) if any(a.keyword for a in node.args) else ():
            removed = REMOVED_LOGGER_INIT_ARGS.get(q.rsplit(".", 1)[-1], {})
            if not (q.startswith(LOGGER_PREFIXES) and removed):
                continue
            for arg in node.args:
                if arg.keyword is not None and (info := removed.get(arg.keyword.value)):
                    self.report(
                        arg,
                        "LS126",
                        f"{q.rsplit('.', 1)[-1]}({arg.keyword.value}=...) {info.gone}: 2.6 "
                        "hands it on to the library it wraps, which has no such setting; "
                        f"use {info.instead}",
                    )
            break
        if not any(
            a.keyword is not None and a.keyword.value in AGGREGATION_INIT_ARGS for a in node.args
        ):
            return
        if any(q.startswith(LOGGER_PREFIXES) for q in self.qnames(func)):
            # TensorBoardLogger(agg_key_funcs=...): 2.6 hands its unknown keywords to
            # SummaryWriter / wandb.init / comet_ml, which refuse or ignore them: no aggregation
            # either way (found by benchmarks/lint_api_audit.py in the 1.6.5/1.7.7 wheels)
            self._report_aggregation_args(
                node, "on 2.6 a TypeError, or ignored by the library the logger hands it to"
            )
            return
        if cls is None or not isinstance(func, cst.Attribute) or func.attr.value != "__init__":
            return
        bases = {q for b in cls.node.bases for q in self.qnames(b.value)}
        if not any(q.startswith(LOGGER_PREFIXES) for q in bases):
            return
        self._report_aggregation_args(node, "2.6's Logger.__init__ takes no arguments: TypeError")

    def _report_aggregation_args(self, node: cst.Call, why: str) -> None:
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in AGGREGATION_INIT_ARGS:
                self.report(
                    arg,
                    "LS126",
                    f"`{arg.keyword.value}=` went with the Logger's metric aggregation in 1.8 "
                    f"({why}); aggregate before log_metrics yourself",
                )

    def check_logger_attribute(self, node: cst.Attribute) -> None:
        """trainer.logger.agg_and_log_metrics(...), self.logger.close(): gone (LS126)."""
        info = REMOVED_LOGGER_METHODS.get(node.attr.value)
        receiver = node.value
        if info is not None and self._aggregation_call(node):
            self.report_removed(
                node, "LS126", "Lightning's loggers have", info.since, f"logger.{info.instead}"
            )
            return
        if (
            info is None
            or not isinstance(receiver, cst.Attribute)
            or receiver.attr.value != "logger"
        ):
            return
        owner, m = receiver.value, self.method
        ok = self._trainer_like(owner)
        if not ok and m is not None and m.cls is not None and isinstance(owner, cst.Name):
            ok = (m.cls.kind == "lm" and owner.value == m.self_name) or (
                m.cls.kind == "callback" and owner.value == m.second_param
            )
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if ok and not isinstance(parent, cst.AssignTarget):
            self.report_removed(
                node, "LS126", "Lightning's loggers have", info.since, f"logger.{info.instead}"
            )

    def _aggregation_call(self, node: cst.Attribute) -> bool:
        """``logger.agg_and_log_metrics(...)`` / ``.update_agg_funcs(...)`` on any receiver
        in a file that imports Lightning: no other library has these names, and a logger
        built as ``LoggerCollection([...])`` or a subclass of a Lightning logger lost them in
        1.8. Not ``self.agg_and_log_metrics(...)`` in a class of its own (whose method it may
        be), nor a mock's ``logger.agg_and_log_metrics.assert_called_once_with``."""
        if node.attr.value not in AGGREGATION_METHODS or not self.file_facts.styles:
            return False
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if not isinstance(parent, cst.Call) or parent.func is not node:
            return False
        m = self.method
        receiver = node.value
        if m is not None and isinstance(receiver, cst.Name) and receiver.value == m.self_name:
            return False
        return not any(node.attr.value in ms for ms in self.facts.methods.values())

    def _removed_log_kwargs(self, node: cst.Call, shown: str, attr: str) -> None:
        """The keywords 2.x's log()/log_dict() refuse (LS125), dropped where that keeps 1.x's
        behaviour: 'mean' was sync_dist_op's default, truncated BPTT is gone."""
        for name, arg in kwargs_of(node).items():
            if name in REMOVED_LOG_KWARGS:
                same = name != "sync_dist_op" or str_value(arg.value) in ("mean", "avg")
                r = self.report(
                    arg,
                    "LS125",
                    f"`{shown}(..., {name}=...)`: 2.x's {attr}() has no `{name}` "
                    f"(TypeError); use {REMOVED_LOG_KWARGS[name]}",
                    same,
                )
                if same:
                    r.replace_arg(arg, [])

    def check_callback_logging(self, node: cst.Call, m: _FuncCtx) -> None:
        """``pl_module.log(..., sync_dist_op="sum")`` in a Callback hook: the module's log(),
        with the keywords 2.x refuses (LS125), as in the module itself."""
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("log", "log_dict")
            and isinstance(func.value, cst.Name)
            and m.second_param is not None
            and func.value.value == m.second_param
        ):
            shown = f"{m.second_param}.{func.attr.value}"
            self._removed_log_kwargs(node, shown, func.attr.value)

    def check_lm_logging(self, node: cst.Call, m: _FuncCtx) -> None:
        """Epoch-level self.log without sync_dist=True in multi-device code (LS212); the
        keywords 2.x's self.log refuses (LS125)."""
        _func, hook, attr, _receiver, is_self = call_parts(node, m.node, m.self_name)
        if is_self and attr in ("log", "log_dict"):
            self._removed_log_kwargs(node, f"self.{attr}", attr)
        if (
            is_self
            and attr in ("log", "log_dict")
            and (
                self.file_facts.multi_device
                or m.cls.node.name.value in self.facts.multi_device_names  # type: ignore[union-attr]
            )
            and self._epoch_level(node, hook)
        ):
            kw = kwargs_of(node)
            value = node.args[1].value if attr == "log" and len(node.args) > 1 else None
            metric_object = isinstance(value, cst.Attribute) and dotted(value.value) == "self"
            if (
                "sync_dist" not in kw
                and "rank_zero_only" not in kw
                and not metric_object
                and not has_splat(node)
            ):
                r = self.report(
                    node,
                    "LS212",
                    f"`self.{attr}` at epoch level in multi-device code without sync_dist=True "
                    "logs rank 0's value only; add sync_dist=True",
                    True,
                )
                r.append_kwarg(node, "sync_dist", cst.Name("True"))

    @staticmethod
    def _epoch_level(node: cst.Call, hook: str) -> bool:
        kw = kwargs_of(node)
        if "on_epoch" in kw:
            return bool_value(kw["on_epoch"].value) is True
        return hook in EPOCH_LEVEL_LOG_HOOKS
