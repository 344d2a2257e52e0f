"""Rule family: logging (LS212 epoch-level self.log without sync_dist in multi-device code, and
self.log's removed 1.x keywords, reported as LS125), with the detection and fixes
(``LoggingChecks``, mixed into the checker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lightning_skill.lint.cst_util import (
    bool_value,
    call_parts,
    dotted,
    has_splat,
    kwargs_of,
    str_value,
)
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule

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
)

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

    def check_lm_logging(self, node: cst.Call, m: _FuncCtx) -> None:
        """Epoch-level self.log without sync_dist=True in multi-device code (LS212); the
        keywords 2.x's self.log refuses (LS125)."""
        _func, hook, attr, _receiver, is_self = call_parts(node, m.node, m.self_name)
        if is_self and attr in ("log", "log_dict"):
            for name, arg in kwargs_of(node).items():
                if name in REMOVED_LOG_KWARGS:
                    # dropping it keeps 1.x's behaviour: 'mean' was the default, tbptt is gone
                    same = name != "sync_dist_op" or str_value(arg.value) in ("mean", "avg")
                    r = self.report(
                        arg,
                        "LS125",
                        f"`self.{attr}(..., {name}=...)`: 2.x's {attr}() has no `{name}` "
                        f"(TypeError); use {REMOVED_LOG_KWARGS[name]}",
                        same,
                    )
                    if same:
                        r.replace_arg(arg, [])
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
