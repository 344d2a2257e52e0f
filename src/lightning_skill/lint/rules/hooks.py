"""Rule family: LightningModule, DataModule and Callback hooks (LS110-LS116, LS207).

The hook tables (removed hooks, the 2.6 signatures, the 1.x-only parameters), the rules, their
detection and the epoch-end rewrite live here (``HookChecks``, mixed into the checker).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ParentNodeProvider

from lightning_skill.lint.cst_util import dotted, is_docstring, names_in, returns_of, str_value
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule, assigns_in
from lightning_skill.lint.rules.imports import canonical

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from lightning_skill.lint.checker import Edit, Reported, _ClassCtx

RULES = (
    Rule(
        "LS110",
        "removed-epoch-end-hook",
        "error",
        "*_epoch_end(self, outputs) hooks were removed (NotImplementedError at fit/test)",
        "collect step outputs on self and use on_<stage>_epoch_end(self)",
        "migration",
        "2.0",
        "some",
        "https://github.com/Lightning-AI/pytorch-lightning/pull/16520",
    ),
    Rule(
        "LS111",
        "removed-module-hook",
        "error",
        "LightningModule/DataModule hook removed in 2.x: Lightning never calls it",
        "move the code to the replacement hook named in the message",
        "migration",
        "2.0",
        "no",
        _GUIDE,
    ),
    Rule(
        "LS112",
        "optimizer-idx",
        "error",
        "training_step(..., optimizer_idx) is refused (RuntimeError)",
        "set self.automatic_optimization = False and step opt1, opt2 = self.optimizers()",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/model/manual_optimization.html",
    ),
    Rule(
        "LS113",
        "removed-callback-hook",
        "error",
        "Callback hook removed in 2.x: Lightning never calls it",
        "move the code to the replacement hook named in the message",
        "migration",
        "2.0",
        "no",
        _GUIDE,
    ),
    Rule(
        "LS114",
        "hook-signature",
        "error",
        "hook signature does not match what Lightning 2.6 passes (TypeError when called)",
        "use the 2.x signature shown in the message",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/common/lightning_module.html#hooks",
    ),
    Rule(
        "LS115",
        "configure-sharded-model",
        "warning",
        "configure_sharded_model is deprecated",
        "rename it to configure_model",
        "migration",
        "2.1",
        "yes",
        f"{_DOCS}/advanced/model_init.html",
    ),
    Rule(
        "LS116",
        "multiple-optimizers",
        "error",
        "several optimizers under automatic optimization are refused in 2.x",
        "set self.automatic_optimization = False and step each optimizer in training_step",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/model/manual_optimization.html",
    ),
    Rule(
        "LS207",
        "unknown-callback-hook",
        "warning",
        "Callback method looks like a hook but Lightning never calls it",
        "rename it to a real Callback hook, or call it yourself",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/extensions/callbacks.html#hooks",
    ),
)

EPOCH_END_HOOKS: dict[str, str] = {
    "training_epoch_end": "on_train_epoch_end",
    "validation_epoch_end": "on_validation_epoch_end",
    "test_epoch_end": "on_test_epoch_end",
}

# hooks that LightningModule and Callback both had, removed from both
_REMOVED_SHARED_HOOKS: dict[str, tuple[str, str]] = {
    "on_epoch_start": ("1.8", "on_train_epoch_start / on_validation_epoch_start"),
    "on_epoch_end": ("1.8", "on_train_epoch_end / on_validation_epoch_end"),
    "on_pretrain_routine_start": ("1.8", "on_fit_start"),
    "on_pretrain_routine_end": ("1.8", "on_fit_start"),
}

# hooks on LightningModule/LightningDataModule that 2.6 no longer calls -> what to use
REMOVED_MODULE_HOOKS: dict[str, tuple[str, str]] = {
    "training_step_end": ("2.0", "the end of training_step"),
    "validation_step_end": ("2.0", "the end of validation_step"),
    "test_step_end": ("2.0", "the end of test_step"),
    **_REMOVED_SHARED_HOOKS,
    "on_hpc_save": ("1.8", "on_save_checkpoint"),
    "on_hpc_load": ("1.8", "on_load_checkpoint"),
    "tbptt_split_batch": ("2.0", "manual optimization"),
    "get_progress_bar_dict": ("1.7", "ProgressBar.get_metrics"),
    "on_train_dataloader": ("1.7", "train_dataloader"),
    "on_val_dataloader": ("1.7", "val_dataloader"),
    "on_test_dataloader": ("1.7", "test_dataloader"),
    "on_predict_dataloader": ("1.7", "predict_dataloader"),
    # in the 1.2.10-1.4.9 wheels' ModelHooks, gone from 2.6 (TPU weight tying)
    "on_post_move_to_device": ("1.x", "setup()"),
    # the 0.x LightningModule's hooks (the 0.7.6 and 0.9.0 wheels; gone from 1.0.8's): still met
    # in code written before 1.0 and carried along (asteroid's System)
    "on_batch_start": ("<1.0", "on_train_batch_start(self, batch, batch_idx)"),
    "on_batch_end": ("<1.0", "on_train_batch_end(self, outputs, batch, batch_idx)"),
    "training_end": ("<1.0", "the end of training_step"),
    "validation_end": ("<1.0", "on_validation_epoch_end(self)"),
    "test_end": ("<1.0", "on_test_epoch_end(self)"),
    "on_pre_performance_check": ("<1.0", "on_validation_start"),
    "on_post_performance_check": ("<1.0", "on_validation_end"),
    "amp_scale_loss": ("<1.0", "nothing: the precision plugin scales the loss"),
}


def removed_in(since: str) -> str:
    """'removed in 1.8' / 'removed before 1.0', for messages."""
    return "removed before 1.0" if since == "<1.0" else f"removed in {since}"


# LightningDataModule hooks gone from 2.6 (1.2.10-1.4.9 wheels): a DataModule saves its state
# through state_dict()/load_state_dict() now
REMOVED_DATAMODULE_HOOKS: dict[str, tuple[str, str]] = {
    "on_save_checkpoint": ("2.0", "state_dict / load_state_dict"),
    "on_load_checkpoint": ("2.0", "state_dict / load_state_dict"),
}

REMOVED_CALLBACK_HOOKS: dict[str, tuple[str, str]] = {
    "on_init_start": ("1.8", "__init__"),
    "on_init_end": ("1.8", "__init__"),
    "on_configure_sharded_model": ("1.8", "setup"),
    "on_before_accelerator_backend_setup": ("1.8", "setup"),
    **_REMOVED_SHARED_HOOKS,
    "on_batch_start": ("1.8", "on_train_batch_start"),
    "on_batch_end": ("1.8", "on_train_batch_end"),
    "on_keyboard_interrupt": ("1.7", "on_exception"),
}

# (fewest, most) positional arguments after self that Lightning 2.6 passes to each hook (read
# from the call sites: dataloader_idx only comes with several dataloaders). Checked against the
# base-class signatures by test_lint_catalogue.py. HOOK_KEYWORDS: arguments passed by keyword.
# batch hooks 2.x calls without any dataloader index
_NO_DATALOADER_IDX = frozenset({"on_train_batch_start", "on_train_batch_end"})
# the steps 2.6 refuses when they require ``dataloader_idx`` and there is one dataloader
_INDEXED_STEPS = frozenset({"validation_step", "test_step", "predict_step"})
_ITER_STEPS = frozenset({"training_step", *_INDEXED_STEPS})
MODULE_HOOK_ARITY: dict[str, tuple[int, int]] = {
    "on_fit_start": (0, 0),
    "on_fit_end": (0, 0),
    "on_train_start": (0, 0),
    "on_train_end": (0, 0),
    "on_validation_start": (0, 0),
    "on_validation_end": (0, 0),
    "on_test_start": (0, 0),
    "on_test_end": (0, 0),
    "on_predict_start": (0, 0),
    "on_predict_end": (0, 0),
    "on_train_epoch_start": (0, 0),
    "on_train_epoch_end": (0, 0),
    "on_validation_epoch_start": (0, 0),
    "on_validation_epoch_end": (0, 0),
    "on_test_epoch_start": (0, 0),
    "on_test_epoch_end": (0, 0),
    "on_predict_epoch_start": (0, 0),
    "on_predict_epoch_end": (0, 0),
    "on_train_batch_start": (2, 2),
    "on_train_batch_end": (3, 3),
    "on_validation_batch_start": (2, 3),
    "on_validation_batch_end": (3, 4),
    "on_test_batch_start": (2, 3),
    "on_test_batch_end": (3, 4),
    "on_predict_batch_start": (2, 3),
    "on_predict_batch_end": (3, 4),
    "on_before_zero_grad": (1, 1),
    "on_before_backward": (1, 1),
    "on_after_backward": (0, 0),
    "on_before_optimizer_step": (1, 1),
    "optimizer_step": (4, 4),
    "optimizer_zero_grad": (3, 3),
    "lr_scheduler_step": (2, 2),
    "configure_gradient_clipping": (1, 1),
    "on_save_checkpoint": (1, 1),
    "on_load_checkpoint": (1, 1),
    "on_before_batch_transfer": (2, 2),
    "on_after_batch_transfer": (2, 2),
    "transfer_batch_to_device": (3, 3),
}
# the batch-transfer hooks a LightningDataModule shares with the LightningModule
DATA_HOOKS = {"on_before_batch_transfer", "on_after_batch_transfer", "transfer_batch_to_device"}

CALLBACK_HOOK_ARITY: dict[str, tuple[int, int]] = {
    **{
        name: (n + 2, m + 2)
        for name, (n, m) in MODULE_HOOK_ARITY.items()
        if name.startswith("on_") and name not in DATA_HOOKS
    },
    "on_sanity_check_start": (2, 2),
    "on_sanity_check_end": (2, 2),
    "on_exception": (3, 3),
}

# parameters only the 1.x signatures of these LightningModule hooks had: 2.6 passes the others
# positionally, so an override keeping them gets a TypeError or the wrong argument (an old
# optimizer_step receives the closure as optimizer_idx and never calls it: no training_step runs)
OLD_HOOK_PARAMS: dict[str, tuple[frozenset[str], str]] = {
    # truncated BPTT (removed in 2.0) passed the hidden state as a third argument
    "training_step": (frozenset({"hiddens"}), "training_step(self, batch, batch_idx)"),
    "optimizer_step": (
        frozenset(
            {"optimizer_idx", "on_tpu", "using_native_amp", "using_lbfgs", "second_order_closure"}
        ),
        "optimizer_step(self, epoch, batch_idx, optimizer, optimizer_closure=None)",
    ),
    "optimizer_zero_grad": (
        frozenset({"optimizer_idx"}),
        "optimizer_zero_grad(self, epoch, batch_idx, optimizer)",
    ),
    "backward": (frozenset({"optimizer_idx"}), "backward(self, loss, *args, **kwargs)"),
    "lr_scheduler_step": (
        frozenset({"optimizer_idx"}),
        "lr_scheduler_step(self, scheduler, metric)",
    ),
    "on_before_optimizer_step": (
        frozenset({"optimizer_idx"}),
        "on_before_optimizer_step(self, optimizer)",
    ),
    "configure_gradient_clipping": (
        frozenset({"optimizer_idx"}),
        "configure_gradient_clipping(self, optimizer, gradient_clip_val=None, "
        "gradient_clip_algorithm=None)",
    ),
}

# what holds the backward() a callback may call by hand: 2.x's strategy, 1.x's plugins
_BACKWARD_HOLDERS = frozenset(
    {"strategy", "training_type_plugin", "accelerator", "precision_plugin"}
)

# what 1.x code called the optimizer index besides ``optimizer_idx`` (opt_idx, optimizer_i,
# optim_idx, opt_index): in the hooks above it sits where 2.6 passes something else
OPTIMIZER_INDEX = re.compile(r"^(opt|optim|optimizer)_?(idx|i|index|nb|id)$")

HOOK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "configure_gradient_clipping": ("gradient_clip_val", "gradient_clip_algorithm"),
}

# Callback hooks called with keywords (stage=...), plus state hooks: known, not arity-checked
CALLBACK_OTHER_HOOKS = {"setup", "teardown", "state_dict", "load_state_dict", "state_key"}

# methods only BaseFinetuning callbacks define: a class with one of them (and some base) is linted
# as a Callback even when its base (a framework's finetuning strategy) is not recognisably one
FINETUNING_ONLY_HOOKS = {"finetune_function", "freeze_before_training"}

# methods only a LightningModule defines: a class with one of them (and some base class) is
# linted as a LightningModule even when its base is not recognisably one (a test helper's
# BoringModel, a framework's Task); its findings say so
LM_ONLY_HOOKS = {
    "training_step",
    "validation_step",
    "test_step",
    "configure_optimizers",
    "training_epoch_end",
    "validation_epoch_end",
    "test_epoch_end",
    "training_step_end",
    "validation_step_end",
    "test_step_end",
    "predict_step",
    "transfer_batch_to_device",  # a DataModule's too: the same signature
}


# hook names that mark a LightningModule when a class with a base from elsewhere overrides one
# in a file importing Lightning (a test helper's BoringModel subclass with only optimizer_step):
# the module hooks, less the names other frameworks' classes use too (Keras' on_epoch_end,
# a loss's backward, a Callback's checkpoint hooks)
LM_HOOK_NAMES = (
    set(MODULE_HOOK_ARITY) | set(OLD_HOOK_PARAMS) | set(REMOVED_MODULE_HOOKS) | set(EPOCH_END_HOOKS)
) - {
    "backward",
    "on_epoch_start",
    "on_epoch_end",
    "on_batch_start",
    "on_batch_end",
    "on_train_start",
    "on_train_end",
    "training_end",
    "validation_end",
    "test_end",
    "on_save_checkpoint",
    "on_load_checkpoint",
}


_MANY = 2  # a loop or a comprehension over what the code does not spell out: several items


def _literal_len(node: cst.BaseExpression) -> int | None:
    """How many items a loop or comprehension over ``node`` sees, where the code spells it out
    (a list/tuple literal without starred items, ``range(<int>)``); None otherwise."""
    if isinstance(node, cst.List | cst.Tuple):
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            return None
        return len(node.elements)
    if (
        isinstance(node, cst.Call)
        and dotted(node.func) == "range"
        and len(node.args) == 1
        and isinstance(node.args[0].value, cst.Integer)
    ):
        return int(node.args[0].value.value, 0)
    return None


def _times(count: int, over: cst.BaseExpression) -> int:
    n = _literal_len(over)
    return count * n if n is not None else count * _MANY


def _comp_items(comp: cst.ListComp) -> list[cst.BaseExpression]:
    """The items ``[f(x) for x in xs]`` stands for: ``f(x)`` once per item of a spelled-out
    ``xs``, else twice (``[Adam(m.parameters()) for m in self.nets]`` builds several)."""
    n, clause = 1, comp.for_in
    while clause is not None:
        n = _times(n, clause.iter)
        clause = clause.inner_for_in
    return [comp.elt] * min(n, _MANY)


def _append_counts(fn: cst.FunctionDef, names: set[str]) -> dict[str, int]:
    """Per list in ``names``, the most items ``.append``/``.extend``/``+=`` add to it along one
    path through ``fn``: branches of an if/elif/else are alternatives (one optimizer or the
    other), a loop's body counts once per item it iterates over (twice when that is unknown)."""

    def in_expr(node: cst.CSTNode) -> dict[str, int]:
        found: dict[str, int] = {}

        class _Calls(cst.CSTVisitor):
            def visit_Lambda(self, node: cst.Lambda) -> bool:
                return False

            def visit_Call(self, node: cst.Call) -> None:
                f = node.func
                if not (
                    isinstance(f, cst.Attribute)
                    and isinstance(f.value, cst.Name)
                    and f.value.value in names
                    and len(node.args) == 1
                ):
                    return
                if f.attr.value == "append":
                    n = 1
                elif f.attr.value == "extend":
                    n = _literal_len(node.args[0].value) or _MANY
                else:
                    return
                found[f.value.value] = found.get(f.value.value, 0) + n

            def visit_AugAssign(self, node: cst.AugAssign) -> None:
                if (
                    isinstance(node.target, cst.Name)
                    and node.target.value in names
                    and isinstance(node.operator, cst.AddAssign)
                ):
                    n = _literal_len(node.value) or _MANY
                    found[node.target.value] = found.get(node.target.value, 0) + n

        node.visit(_Calls())
        return found

    def add(a: dict[str, int], b: dict[str, int], times: int = 1) -> dict[str, int]:
        out = dict(a)
        for k, v in b.items():
            out[k] = out.get(k, 0) + v * times
        return out

    def most(*paths: dict[str, int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in paths:
            for k, v in p.items():
                out[k] = max(out.get(k, 0), v)
        return out

    def block(body: cst.BaseSuite | None) -> dict[str, int]:
        if body is None:
            return {}
        if isinstance(body, cst.SimpleStatementSuite):
            return in_expr(body)
        total: dict[str, int] = {}
        for st in body.body:
            total = add(total, stmt(st))
        return total

    def stmt(st: cst.CSTNode) -> dict[str, int]:
        if isinstance(st, cst.FunctionDef | cst.ClassDef):
            return {}
        if isinstance(st, cst.If):
            alt: dict[str, int] = {}
            if isinstance(st.orelse, cst.If):
                alt = stmt(st.orelse)
            elif isinstance(st.orelse, cst.Else):
                alt = block(st.orelse.body)
            return add(in_expr(st.test), most(block(st.body), alt))
        if isinstance(st, cst.For):
            body = block(st.body)
            n = _literal_len(st.iter)
            looped = {k: v * (n if n is not None else _MANY) for k, v in body.items()}
            return add(looped, block(st.orelse.body) if st.orelse else {})
        if isinstance(st, cst.While):
            return {k: v * _MANY for k, v in block(st.body).items()}
        if isinstance(st, cst.Try):
            handlers = most(*(block(h.body) for h in st.handlers))
            rest = add(block(st.orelse.body) if st.orelse else {}, handlers)
            return add(add(block(st.body), rest), block(st.finalbody.body) if st.finalbody else {})
        if isinstance(st, cst.With):
            return block(st.body)
        if isinstance(st, cst.Match):
            return most(*(block(c.body) for c in st.cases))
        return in_expr(st)

    return block(fn.body)


def _local_lists(fn: cst.FunctionDef) -> dict[str, cst.List | cst.Tuple | cst.Call]:
    """Names ``fn`` binds once to a list/tuple literal (``opts = [a, b]``, ``opts, scheds = [],
    []``) or a list comprehension, with the items ``.append``ed (or ``.extend``ed, ``+=``ed) to
    them after, counted along one path (``_append_counts``), or to a call (``a =
    torch.optim.SGD(...)``); nested functions aside."""
    bound: dict[str, list[cst.BaseExpression]] = {}
    calls: dict[str, cst.Call] = {}  # a = torch.optim.SGD(...): ``return a, b`` names two
    counts: dict[str, int] = {}
    added: dict[str, list[cst.BaseExpression]] = {}

    def bind(name: str, value: cst.BaseExpression) -> None:
        counts[name] = counts.get(name, 0) + 1
        if isinstance(value, cst.List | cst.Tuple):
            bound[name] = [e.value for e in value.elements]
        elif isinstance(value, cst.ListComp):
            bound[name] = _comp_items(value)
        elif isinstance(value, cst.Call):
            calls[name] = value

    class _Find(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

        def visit_Assign(self, node: cst.Assign) -> None:
            for t in node.targets:
                if isinstance(t.target, cst.Name):
                    bind(t.target.value, node.value)
                elif (
                    isinstance(t.target, cst.Tuple | cst.List)
                    and isinstance(node.value, cst.Tuple | cst.List)
                    and len(t.target.elements) == len(node.value.elements)
                    and not any(isinstance(e, cst.StarredElement) for e in t.target.elements)
                ):
                    # optimizers, schedulers = [], []
                    for te, ve in zip(t.target.elements, node.value.elements, strict=True):
                        if isinstance(te.value, cst.Name):
                            bind(te.value.value, ve.value)

        def visit_Call(self, node: cst.Call) -> None:
            f = node.func
            if (
                isinstance(f, cst.Attribute)
                and f.attr.value == "append"
                and isinstance(f.value, cst.Name)
                and len(node.args) == 1
            ):
                added.setdefault(f.value.value, []).append(node.args[0].value)

    fn.visit(_Find())
    lists = {name for name in bound if counts.get(name) == 1}
    appended = _append_counts(fn, lists) if lists else {}
    found: dict[str, cst.List | cst.Tuple | cst.Call] = {}
    for name in lists:
        items = bound[name]
        extra, more = added.get(name, []), appended.get(name, 0)
        if more:
            # the values appended, as many as one path adds (the last repeated for a loop's)
            extra = (extra or [items[-1] if items else cst.Name("_")])[:more]
            extra = extra + [extra[-1]] * (min(more, _MANY) - len(extra))
        else:
            extra = []
        found[name] = cst.List([cst.Element(v) for v in [*items, *extra]])
    found.update((name, call) for name, call in calls.items() if counts.get(name) == 1)
    return found


def _scheduler_call(node: cst.Call) -> bool:
    return "sched" in (dotted(node.func) or "").lower()


def optimizer_dict(node: cst.BaseExpression) -> bool:
    """{"optimizer": ..., "lr_scheduler": ...}: one optimizer's configuration."""
    return isinstance(node, cst.Dict) and any(
        isinstance(el, cst.DictElement) and str_value(el.key) == "optimizer" for el in node.elements
    )


# LightningCLI methods whose 1.4/1.5 form (taking self only, returning None: the 1.x CLI set
# self.parser / self.trainer itself) 2.6 calls with arguments or whose return value it uses
# (read from the 1.4.9 wheel's utilities/cli.py against 2.6's cli.py) -> what 2.6 does
CLI_HOOKS: dict[str, str] = {
    "init_parser": "calls init_parser(**kwargs) and uses the parser it returns",
    "add_core_arguments_to_parser": "passes the parser: add_core_arguments_to_parser(parser)",
    "parse_arguments": "passes (parser, args)",
    "instantiate_trainer": "calls instantiate_trainer(**kwargs) and uses the Trainer it returns",
}
# 1.x LightningCLI methods 2.6 never calls (subcommands run the Trainer; LightningCLI(run=False)
# builds the objects without running)
CLI_REMOVED = {"prepare_fit_kwargs", "fit"}
_CLI = ("lightning.pytorch.cli.LightningCLI", "lightning.pytorch.utilities.cli.LightningCLI")


# methods 2.6 calls with a keyword 1.x-era overrides lack: (whose, the keyword), where whose is
# "strategy" (the checkpoint connector and Trainer call the Strategy) or "io" (the Strategy
# calls its CheckpointIO)
CHECKPOINT_OVERRIDES: dict[str, tuple[tuple[str, str], ...]] = {
    "load_checkpoint": (("strategy", "weights_only"), ("io", "weights_only")),
    "load_model_state_dict": (("strategy", "strict"),),
    "save_checkpoint": (("strategy", "storage_options"), ("io", "storage_options")),
}


def checkpoint_base(name: str) -> str | None:
    """ "strategy" / "io" for a canonical name of Lightning's Strategy or CheckpointIO classes."""
    top = name.split(".")[:2]
    if top == ["lightning", "pytorch"] and name.endswith("Strategy"):
        return "strategy"
    if top in (["lightning", "pytorch"], ["lightning", "fabric"]) and name.endswith("CheckpointIO"):
        return "io"
    return None


def _comma() -> cst.Comma:
    return cst.Comma(cst.SimpleWhitespace(""), cst.SimpleWhitespace(" "))


def _appended(params: Sequence[cst.Param], new: cst.Param) -> list[cst.Param]:
    """``params`` and ``new`` last, built as the parser builds them (the incremental --fix
    rounds compare), laid out as the list was: one per line with a trailing comma stays so (the
    last comma keeps closing the list; the one before it is repeated)."""
    if not params:
        return [new]
    if (
        len(params) >= 2
        and isinstance(params[-1].comma, cst.Comma)
        and isinstance(params[-2].comma, cst.Comma)
    ):
        last = params[-1].with_changes(comma=params[-2].comma.deep_clone())
        return [*params[:-1], last, new.with_changes(comma=params[-1].comma.deep_clone())]
    last = params[-1]
    if not isinstance(last.comma, cst.Comma):
        last = last.with_changes(comma=_comma())
    return [*params[:-1], last, new]


def _with_keyword(ps: cst.Parameters, new: cst.Param) -> cst.Parameters:
    """``ps`` taking ``new`` last: a keyword-only parameter after ``*args``."""
    star = ps.star_arg
    if not isinstance(star, cst.Param):
        return ps.with_changes(params=_appended(ps.params, new))
    if ps.kwonly_params:
        return ps.with_changes(kwonly_params=_appended(ps.kwonly_params, new))
    if not isinstance(star.comma, cst.Comma):
        star = star.with_changes(comma=_comma())
    return ps.with_changes(star_arg=star, kwonly_params=[new])


class HookChecks:
    """The family's detection and fixes, mixed into the checker (``self`` is the Checker)."""

    def check_framework_method(self, cls: _ClassCtx, fn: cst.FunctionDef) -> None:
        """Methods of a class that is no module, DataModule or Callback: a loop subclass's
        ``connect`` (LS123) and a LightningCLI subclass's 1.x overrides (LS114 / LS111)."""
        self.check_loop_override(cls, fn)
        name = fn.name.value
        if (name not in CLI_HOOKS and name not in CLI_REMOVED) or not any(
            q in _CLI for base in cls.node.bases for q in self.qnames(base.value)
        ):
            return
        if name in CLI_REMOVED:
            self.report(
                fn.name,
                "LS111",
                f"LightningCLI `{name}` is never called in 2.x (subcommands run the Trainer): "
                "use before_fit/after_fit, or LightningCLI(run=False) and call trainer.fit",
            )
            return
        p = fn.params
        positional = [*p.posonly_params, *p.params][1:]
        returns = [r for r in returns_of(fn) if r.value is not None]
        takes = bool(positional) or isinstance(p.star_arg, cst.Param) or p.star_kwarg is not None
        stale = {
            "init_parser": p.star_kwarg is None or not returns,
            "add_core_arguments_to_parser": not takes,
            "parse_arguments": not takes,
            "instantiate_trainer": not returns,
        }[name]
        if stale:
            self.report(
                fn.name,
                "LS114",
                f"LightningCLI `{name}(self)` has the 1.x form: 2.6 {CLI_HOOKS[name]}",
            )

    def check_checkpoint_override(self, cls: _ClassCtx, fn: cst.FunctionDef) -> None:
        """``load_checkpoint(self, path)`` in a Strategy or CheckpointIO subclass (lightning-
        habana's, autogluon's): 2.6 calls it with ``weights_only=`` (and ``load_model_state_dict``
        with ``strict=``, ``save_checkpoint`` with ``storage_options=``), a TypeError on an
        override that takes neither the keyword nor ``**kwargs``."""
        wanted = CHECKPOINT_OVERRIDES.get(fn.name.value)
        if wanted is None or fn.params.star_kwarg is not None:
            return
        names = {q for base in cls.node.bases for q in self.qnames(base.value)}
        kinds = {k for n in names if (k := checkpoint_base(canonical(n))) is not None}
        kinds |= self.facts.checkpoint_kinds.get(cls.node.name.value, set())
        p = fn.params
        taken = {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}
        for kind, keyword in wanted:
            if kind in kinds and keyword not in taken:
                default = "True" if keyword == "strict" else "None"  # as 2.6's own signature
                r = self.report(
                    fn.name,
                    "LS114",
                    f"`{fn.name.value}` lacks `{keyword}`: Lightning 2.6 calls a "
                    f"{'CheckpointIO' if kind == 'io' else 'Strategy'}'s `{fn.name.value}"
                    f"(..., {keyword}=...)` (TypeError); take `{keyword}={default}` "
                    "(--fix adds it) and pass it on where the override loads or saves",
                    True,
                )
                param = cst.Param(
                    cst.Name(keyword),
                    default=cst.Name(default),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
                    star="",
                )
                r.edit(p, lambda ps, new=param: _with_keyword(ps, new))
                return

    def check_super_hook_call(self, node: cst.Attribute) -> None:
        """``super().on_train_epoch_end(trainer, pl_module, outputs)`` in a hook override: the
        1.x arguments handed on to a 2.6 hook that no longer takes them (TypeError, LS114)."""
        m, receiver = self.method, node.value
        if (
            m is None
            or m.cls is None
            or not (isinstance(receiver, cst.Call) and dotted(receiver.func) == "super")
        ):
            return
        name = node.attr.value
        cls_name = m.cls.node.name.value
        if m.cls.kind == "callback" and name in REMOVED_CALLBACK_HOOKS:
            # super().on_before_accelerator_backend_setup(...): nothing to reach in 2.6's
            # callbacks (AttributeError) unless a class of the run between defines it
            if not any(
                name in self.facts.methods.get(c, ())
                for base in self.facts.bases.get(cls_name, ())
                for c in self.facts.lineage(base)
            ) and not any(self.facts.foreign_bases.get(c) for c in self.facts.lineage(cls_name)):
                since, instead = REMOVED_CALLBACK_HOOKS[name]
                self.report(
                    node.attr,
                    "LS113",
                    f"`super().{name}` calls a Callback hook removed in {since} "
                    f"(AttributeError on 2.6); use {instead}",
                )
            return
        if m.cls.kind == "lm" and name in MODULE_HOOK_ARITY:
            # the 2.6 base method's parameters: what Lightning passes plus its keywords
            most = MODULE_HOOK_ARITY[name][1] + len(HOOK_KEYWORDS.get(name, ()))
        elif m.cls.kind == "callback" and name in CALLBACK_HOOK_ARITY:
            most = CALLBACK_HOOK_ARITY[name][1]
        else:
            return
        if any(
            name in self.facts.methods.get(c, ())
            for base in self.facts.bases.get(cls_name, ())
            for c in self.facts.lineage(base)
        ):
            return  # super() reaches a class of the run that defines the hook its own way
        call = self.get_metadata(ParentNodeProvider, node, None)
        if (
            isinstance(call, cst.Call)
            and call.func is node
            and not any(a.star for a in call.args)
            and len(call.args) > most
        ):
            self.report(
                node.attr,  # where the hook is named, also after a `super(...) \` line
                "LS114",
                f"`super().{name}(...)` passes {len(call.args)} arguments; 2.6's `{name}` takes "
                f"{most} (TypeError): drop the 1.x ones (outputs, dataloader_idx, optimizer_idx)",
            )

    def check_inner_hook_call(self, node: cst.Call, func: cst.Attribute) -> None:
        """``self.model.on_train_batch_end(outputs, batch, batch_idx, unused)`` in a
        LightningModule that wraps another (nni's one-shot NAS modules): a module hook called
        with its 1.x argument list, more than 2.6's hook takes (TypeError, LS114)."""
        m, name, receiver = self.method, func.attr.value, func.value
        if (
            m is None
            or m.cls is None
            or m.cls.kind != "lm"
            or name not in MODULE_HOOK_ARITY
            or not (
                isinstance(receiver, cst.Attribute)
                and isinstance(receiver.value, cst.Name)
                and receiver.value.value == "self"
            )
            or any(a.star for a in node.args)
            # a callback kept on self, called the Callback way (bolts' BYOL weight update)
            or (node.args and dotted(node.args[0].value) in ("self.trainer", "trainer"))
        ):
            return
        most = MODULE_HOOK_ARITY[name][1] + len(HOOK_KEYWORDS.get(name, ()))
        if len(node.args) > most:
            self.report(
                func.attr,
                "LS114",
                f"`{dotted(func) or name}(...)` passes {len(node.args)} arguments; 2.6's "
                f"`{name}` takes {most} (TypeError): drop the 1.x ones (optimizer_idx, "
                "dataloader_idx, the unused batch index)",
            )

    def check_assigned_epoch_end(self, node: cst.Assign) -> None:
        """``model.validation_epoch_end = fn``: 2.6 checks ``callable(getattr(model, name))``
        at fit/validate/test, so a function set on the instance raises NotImplementedError
        just as a method does (LS110). ``= None`` is harmless and stays quiet, and so does
        ``self.x = ...`` in a class that is no LightningModule (an adapter of its own)."""
        if (
            not self.file_facts.styles
            or isinstance(node.value, cst.Name)
            and (node.value.value == "None")
        ):
            return
        for t in node.targets:
            target = t.target
            if not isinstance(target, cst.Attribute) or target.attr.value not in EPOCH_END_HOOKS:
                continue
            m = self.method
            receiver = target.value
            if (
                m is not None
                and isinstance(receiver, cst.Name)
                and receiver.value == m.self_name
                and (m.cls is None or m.cls.kind != "lm")
            ):
                continue
            name = target.attr.value
            self.report(
                target,
                "LS110",
                f"`{dotted(target) or name} = ...`: 2.x raises NotImplementedError at fit/"
                f"validate/test when the module has a callable `{name}`; collect the step "
                f"outputs on the module and use `{EPOCH_END_HOOKS[name]}(self)`",
            )

    def check_hook_alias(self, node: cst.Assign) -> None:
        """``test_epoch_end = validation_epoch_end`` in a LightningModule's class body (and a
        removed module or Callback hook bound the same way, ``on_epoch_end = _log``): the name
        is a method of the class as much as a ``def`` is (LS110/LS111/LS113, at the name)."""
        cls = self.cls
        if cls is None or cls.kind is None or self.method is not None:
            return
        line = self.get_metadata(ParentNodeProvider, node, None)
        block = self.get_metadata(ParentNodeProvider, line, None) if line is not None else None
        if block is not cls.node.body or (
            isinstance(node.value, cst.Name) and node.value.value == "None"
        ):
            return
        for t in node.targets:
            if not isinstance(t.target, cst.Name):
                continue
            name = t.target.value
            if cls.kind == "lm" and name in EPOCH_END_HOOKS:
                self.report(
                    t.target,
                    "LS110",
                    f"`{name} = ...` binds the 1.x hook, removed in 2.0, which makes fit/"
                    "validate/test raise; append step outputs to a list on self and use "
                    f"`{EPOCH_END_HOOKS[name]}(self)`",
                )
            elif cls.kind in ("lm", "dm") and name in REMOVED_MODULE_HOOKS:
                since, instead = REMOVED_MODULE_HOOKS[name]
                self.report(
                    t.target,
                    "LS111",
                    f"`{name} = ...` binds a hook Lightning no longer calls "
                    f"({removed_in(since)}); use {instead}",
                )
            elif cls.kind == "callback" and name in REMOVED_CALLBACK_HOOKS:
                since, instead = REMOVED_CALLBACK_HOOKS[name]
                self.report(
                    t.target,
                    "LS113",
                    f"`{name} = ...` binds a Callback hook that is never called (removed in "
                    f"{since}); use {instead}",
                )

    def check_method(self, cls: _ClassCtx, fn: cst.FunctionDef) -> None:
        name = fn.name.value
        if cls.kind == "lm":
            if name in EPOCH_END_HOOKS:
                plan = None if cls.inferred else self._epoch_end_plan(cls, fn)
                r = self.report(
                    fn.name,
                    "LS110",
                    f"`{name}` was removed in 2.0 and makes fit/validate/test raise; append step "
                    f"outputs to a list on self and use `{EPOCH_END_HOOKS[name]}(self)`",
                    plan is not None,
                )
                if plan is not None:
                    plan(r)
            if name == "training_step" and (
                self._has_param(fn, "optimizer_idx") or self._optimizer_index_param(fn)
            ):
                self.report(
                    fn.name,
                    "LS112",
                    "`training_step(..., optimizer_idx)` is refused in 2.x: set "
                    "`self.automatic_optimization = False` and step "
                    "`opt1, opt2 = self.optimizers()`",
                )
            if name == "configure_sharded_model":
                fixable = "configure_model" not in cls.methods
                r = self.report(
                    fn.name,
                    "LS115",
                    "`configure_sharded_model` is deprecated; rename it to `configure_model`",
                    fixable,
                )
                if fixable:
                    r.edit(fn.name, lambda n: cst.Name("configure_model"))
        if cls.kind == "dm" and name in REMOVED_DATAMODULE_HOOKS:
            since, instead = REMOVED_DATAMODULE_HOOKS[name]
            self.report(
                fn.name,
                "LS111",
                f"DataModule `{name}` is no longer called by Lightning (removed in {since}); use "
                f"{instead}",
            )
        if cls.kind in ("lm", "dm") and name in REMOVED_MODULE_HOOKS:
            since, instead = REMOVED_MODULE_HOOKS[name]
            self.report(
                fn.name,
                "LS111",
                f"`{name}` is no longer called by Lightning ({removed_in(since)}); use {instead}",
            )
        if (
            cls.kind == "callback"
            and name == "finetune_function"
            and (self._has_param(fn, "opt_idx") or self._has_param(fn, "optimizer_idx"))
        ):
            self.report(
                fn.name,
                "LS114",
                "`finetune_function(self, pl_module, epoch, optimizer, opt_idx)`: 2.x calls it "
                "without opt_idx (TypeError); write `finetune_function(self, pl_module, epoch, "
                "optimizer)`",
            )
        if cls.kind == "callback" and name == "on_load_checkpoint":
            params = [*fn.params.posonly_params, *fn.params.params]
            if [x.name.value for x in params][3:4] == ["callback_state"]:
                self.report(
                    fn.name,
                    "LS114",
                    "`on_load_checkpoint(self, trainer, pl_module, callback_state)`: 2.x passes "
                    "the whole checkpoint, not this callback's state; restore it in "
                    "`load_state_dict(self, state_dict)` (with `state_dict(self)` saving it)",
                )
                return
        if cls.kind == "callback" and name == "on_save_checkpoint":
            # 1.x saved what this hook returned as the callback's state; 1.8 dropped that
            # (CHANGELOG: "Removed support for returning a value in Callback.on_save_checkpoint")
            # and 2.6 ignores it: the state is silently not saved
            # output = super().on_save_checkpoint(...) ... return output: the same pass-through
            relayed = {"None"} | {
                t.target.value
                for a in assigns_in(fn)
                if _is_save_hook_call(a.value)
                for t in a.targets
                if isinstance(t.target, cst.Name)
            }
            kept = [
                r
                for r in returns_of(fn)
                if r.value is not None
                and not (isinstance(r.value, cst.Name) and r.value.value in relayed)
                # return super().on_save_checkpoint(...): None in 2.x, a pass-through
                and not _is_save_hook_call(r.value)
            ]
            if kept:  # reported on the hook, like every other hook finding
                self.report(
                    fn.name,
                    "LS114",
                    "a Callback's `on_save_checkpoint` return value is ignored since 1.8: the "
                    "state is not saved; return it from `state_dict(self)` and restore it in "
                    "`load_state_dict(self, state_dict)`",
                )
        if cls.kind == "callback" and name in REMOVED_CALLBACK_HOOKS:
            since, instead = REMOVED_CALLBACK_HOOKS[name]
            self.report(
                fn.name,
                "LS113",
                f"Callback `{name}` is never called (removed in {since}); use {instead}",
            )
        if (
            cls.kind == "lm"
            and not cls.manual_optimization
            and (name.startswith("configure_optimizers") or name in self.facts.optimizer_fns)
        ):
            # configure_optimizers itself, a variant installed as it (1.x test templates'
            # configure_optimizers__multiple_schedulers), or a method assigned to it
            self.check_several_optimizers(fn)
        old_params = OLD_HOOK_PARAMS.get(name)
        if cls.kind == "lm" and old_params is not None:
            params = [*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params]
            stale = [
                x.name.value
                for x in params
                if x.name.value in old_params[0]
                or ("optimizer_idx" in old_params[0] and OPTIMIZER_INDEX.match(x.name.value))
            ]
            if stale:
                self.report(
                    fn.name,
                    "LS114",
                    f"`{name}` has the 1.x signature (`{', '.join(stale)}`): 2.6 calls "
                    f"`{old_params[1]}`; drop the old parameters",
                )
                return
        arity = None
        if cls.kind == "lm":
            arity = MODULE_HOOK_ARITY.get(name)
        elif cls.kind == "dm" and name in DATA_HOOKS:
            arity = MODULE_HOOK_ARITY[name]
        elif cls.kind == "callback":
            arity = CALLBACK_HOOK_ARITY.get(name)
        if arity is not None:
            keywords = HOOK_KEYWORDS.get(name, ()) if cls.kind == "lm" else ()
            # a class taken for a LightningModule by its hooks: only a parameter Lightning never
            # passes (the 1.x outputs/dataloader_idx) is sure to break; fewer may be its own API,
            # except in the batch-transfer hooks, whose names nothing else uses
            self.check_arity(
                fn, arity, keywords, only_missing=cls.inferred and name not in DATA_HOOKS
            )
        if cls.kind == "lm" and name in _INDEXED_STEPS:
            self.check_dataloader_idx_default(cls, fn)
        if cls.kind == "lm" and name in _ITER_STEPS:
            self.check_dataloader_iter_step(fn)
        if (
            cls.kind == "callback"
            and cls.plain_callback
            and name.startswith("on_")
            and name not in CALLBACK_HOOK_ARITY
            and name not in CALLBACK_OTHER_HOOKS
            and name not in REMOVED_CALLBACK_HOOKS
            and name not in cls.self_refs
        ):
            self.report(
                fn.name,
                "LS207",
                f"`{name}` is not a Callback hook, so Lightning never calls it; "
                "check the name against the Callback hooks",
            )

    def _epoch_end_plan(
        self, cls: _ClassCtx, fn: cst.FunctionDef
    ) -> Callable[[Reported], None] | None:
        """The mechanical rewrite of validation/test_epoch_end(self, outputs), or None.

        The step keeps what it returns in ``self.<stage>_step_outputs`` (created in __init__),
        and ``on_<stage>_epoch_end(self)`` takes the list and resets it: what 1.x passed as
        ``outputs`` for one dataloader. training_epoch_end got each step's output as a dict (a
        bare loss became {"loss": loss}) with its tensors detached, so the training step keeps
        exactly that: the hook reads what it read in 1.x, and no step's graph is kept alive.
        That needs ``torch`` imported by the module and names the step does not use yet.
        """
        name = fn.name.value
        stage = {
            "training_epoch_end": "training",
            "validation_epoch_end": "validation",
            "test_epoch_end": "test",
        }.get(name)
        body = {s.name.value: s for s in cls.node.body.body if isinstance(s, cst.FunctionDef)}
        step, init = body.get(f"{stage}_step"), body.get("__init__")
        params = [*fn.params.posonly_params, *fn.params.params]
        if (
            stage is None
            or step is None
            or init is None
            or len(params) != 2
            or fn.params.star_arg is not cst.MaybeSentinel.DEFAULT
            or fn.params.star_kwarg is not None
            or fn.params.kwonly_params
            or EPOCH_END_HOOKS[name] in body
            or self._has_param(step, "dataloader_idx")
            or not isinstance(fn.body, cst.IndentedBlock)
        ):
            return None
        attr = f"{stage}_step_outputs"
        if attr in cls.self_refs:
            return None
        training = stage == "training"
        if training and (
            not self._imports_torch or {"step_output", "kept_output"} & names_in(step)
        ):
            return None
        self_name, outputs = params[0].name.value, params[1].name.value
        returns = returns_of(step)
        lines = []
        for ret in returns:
            line = self.get_metadata(ParentNodeProvider, ret, None)
            if (
                ret.value is None
                or not isinstance(line, cst.SimpleStatementLine)
                or len(line.body) != 1
            ):
                return None
            lines.append((line, ret.value))
        super_line = next(
            (
                st
                for st in (init.body.body if isinstance(init.body, cst.IndentedBlock) else ())
                if isinstance(st, cst.SimpleStatementLine)
                and "super().__init__(" in cst.Module([]).code_for_node(st)
            ),
            None,
        )
        if not lines or super_line is None:
            return None
        step_self = [*step.params.posonly_params, *step.params.params][0].name.value

        def plan(r: Reported) -> None:
            def keep(line: cst.SimpleStatementLine, value: cst.BaseExpression) -> Edit:
                code = cst.Module([]).code_for_node(value)
                if training:  # what 1.x handed training_epoch_end: a dict, tensors detached
                    new = [
                        f"step_output = {code}",
                        "kept_output = step_output if isinstance(step_output, dict) else "
                        '{"loss": step_output}',
                        # libcst indents continuation lines by the block's own indentation
                        f"{step_self}.{attr}.append(\n    {{k: v.detach() if isinstance(v, "
                        "torch.Tensor) else v for k, v in kept_output.items()}\n)",
                        "return step_output",
                    ]
                elif isinstance(value, cst.Name):
                    new = [f"{step_self}.{attr}.append({code})", f"return {code}"]
                else:
                    new = [f"step_output = {code}", f"{step_self}.{attr}.append(step_output)"]
                    new.append("return step_output")
                stmts = [cst.parse_statement(t + "\n") for t in new]
                first = stmts[0].with_changes(leading_lines=line.leading_lines)
                return lambda _n: cst.FlattenSentinel([first, *stmts[1:]])

            for line, value in lines:
                r.edit(line, keep(line, value))
            init_self = [*init.params.posonly_params, *init.params.params][0].name.value
            kept = cst.parse_statement(
                f"{init_self}.{attr} = []  # {EPOCH_END_HOOKS[name]} reads and resets it\n"
            )
            # both stages may add a list after the same super().__init__() line: one edit
            if super_line not in self._after_line:
                after = self._after_line[super_line] = []
                r.edit(super_line, lambda n: cst.FlattenSentinel([n, *after]))  # type: ignore[list-item]
            self._after_line[super_line].append(kept)

            def hook(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.FunctionDef)
                block = updated.body
                assert isinstance(block, cst.IndentedBlock)
                take = [
                    cst.parse_statement(f"{outputs} = {self_name}.{attr}\n"),
                    cst.parse_statement(f"{self_name}.{attr} = []\n"),
                ]
                stmts = list(block.body)
                at = 1 if stmts and is_docstring(stmts[0]) else 0
                new_params = updated.params.with_changes(
                    params=[updated.params.params[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
                )
                return updated.with_changes(
                    name=cst.Name(EPOCH_END_HOOKS[name]),
                    params=new_params,
                    body=block.with_changes(body=[*stmts[:at], *take, *stmts[at:]]),
                )

            r.edit(fn, hook)

        return plan

    def check_several_optimizers(self, fn: cst.FunctionDef | cst.Lambda) -> None:
        """LS116 on what ``fn`` returns (a lambda: its body)."""
        if isinstance(fn, cst.Lambda):
            if self._several_optimizers(fn.body, {}):
                self._report_several(fn)  # on the lambda's line: its body may start later
            return
        local = _local_lists(fn)
        for ret in returns_of(fn):
            if ret.value is not None and self._several_optimizers(ret.value, local):
                self._report_several(ret)
                return
            helper = self._own_helper(fn, ret.value)
            if helper is not None and any(
                r.value is not None and self._several_optimizers(r.value, _local_lists(helper))
                for r in returns_of(helper)
            ):
                # return self._build_optimizers(): the helper of the class builds the list
                self._report_several(ret)
                return

    def _own_helper(
        self, fn: cst.FunctionDef, value: cst.BaseExpression | None
    ) -> cst.FunctionDef | None:
        """The method of the enclosing class that ``return self.<name>(...)`` calls."""
        cls = self.cls
        if (
            cls is None
            or not isinstance(value, cst.Call)
            or not isinstance(value.func, cst.Attribute)
            or not isinstance(value.func.value, cst.Name)
            or value.func.value.value != "self"
        ):
            return None
        name = value.func.attr.value
        return next(
            (
                s
                for s in cls.node.body.body
                if isinstance(s, cst.FunctionDef) and s.name.value == name and s is not fn
            ),
            None,
        )

    def _several_optimizers(
        self, value: cst.BaseExpression, local: dict[str, cst.List | cst.Tuple | cst.Call]
    ) -> bool:
        def listed(e: cst.BaseExpression) -> cst.BaseExpression:
            if isinstance(e, cst.Name) and e.value in local:
                e = local[e.value]  # optimizers = [opt_g, opt_d]; return optimizers
            if isinstance(e, cst.ListComp):  # [Adam(m.parameters()) for m in self.nets]
                return cst.List([cst.Element(v) for v in _comp_items(e)])
            return e

        value = listed(value)
        if not isinstance(value, cst.List | cst.Tuple) or not value.elements:
            return False
        first = listed(value.elements[0].value)  # return optimizers, schedulers
        if isinstance(first, cst.List | cst.Tuple) and len(first.elements) > 1:
            return True

        def optimizer(e: cst.BaseExpression) -> bool:
            bound = local.get(e.value) if isinstance(e, cst.Name) else None
            if isinstance(bound, cst.Call):  # a = SGD(...); return a, b
                return self._optimizer_like_value(bound) or (
                    # opt_g = build(cfg.pop("generator")): the name says what it holds
                    self._optimizer_like(e) and not _scheduler_call(bound)
                )
            return self._optimizer_like_value(e) or optimizer_dict(e)

        return len(value.elements) > 1 and all(optimizer(e.value) for e in value.elements)

    def _report_several(self, node: cst.CSTNode) -> None:
        self.report(
            node,
            "LS116",
            "several optimizers under automatic optimization are refused in 2.x: set "
            "`self.automatic_optimization = False` and step each one in training_step "
            "(`opt_a, opt_b = self.optimizers()`, `self.manual_backward(loss)`)",
        )

    def _optimizer_like_value(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Call):
            name = dotted(node.func) or ""
            qnames = self.qnames(node.func)
            if "lr_scheduler" in name or any("lr_scheduler" in q for q in qnames):
                return False  # torch.optim.lr_scheduler.StepLR(opt): a scheduler
            if any(q.startswith("torch.optim.") for q in qnames):
                return True  # from torch.optim import RMSprop
            if ".optim." in f".{name}" or name.startswith("optim.") or "Adam" in name:
                return True
            last = name.rsplit(".", 1)[-1].lower()
            if last.endswith("optimizer"):
                return True  # get_optimizer(...), build_optimizer(...)
            f = node.func
            return (
                # optimizers.pop("g"), optimizers.get("d"): an optimizer kept in a dict
                isinstance(f, cst.Attribute)
                and f.attr.value in ("pop", "get")
                and len(node.args) >= 1
                and (
                    self._optimizer_like(f.value)
                    or "opt" in (str_value(node.args[0].value) or "").lower()
                )
            )
        if isinstance(node, cst.Subscript):
            # optimizers["g"]: an optimizer kept in a dict
            return isinstance(node.value, cst.Name) and self._optimizer_like(node.value)
        return isinstance(node, cst.Name) and self._optimizer_like(node)

    def check_plugin_backward(self, node: cst.Call, func: cst.Attribute) -> None:
        """``trainer.strategy.backward(loss, optimizer=opt, optimizer_idx=i)`` (a SAM-style
        callback stepping by hand): 1.x's plugin took the optimizer index; 2.x hands keywords it
        does not know on to ``loss.backward`` (TypeError). The fix drops the keyword."""
        holder = func.value
        if not (
            isinstance(holder, cst.Attribute)
            and holder.attr.value in _BACKWARD_HOLDERS
            and self._trainer_like(holder.value)
        ):
            return
        by_name = [
            a for a in node.args if a.keyword is not None and a.keyword.value == "optimizer_idx"
        ]
        if not by_name:
            return
        r = self.report(
            by_name[0],
            "LS114",
            f"`trainer.{holder.attr.value}.backward(..., optimizer_idx=...)` passes the 1.x "
            "optimizer index: 2.x hands unknown keywords on to loss.backward() (TypeError); "
            "drop it",
            True,
        )
        drop = by_name[0]

        def edit(n: cst.Call, drop: cst.Arg = drop) -> cst.Call:
            kept = [
                a
                for a in n.args
                if not (a.keyword is not None and a.keyword.value == drop.keyword.value)
            ]  # type: ignore[union-attr]
            if kept:
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return n.with_changes(args=kept)

        r.edit(node, edit)

    def check_toggle_optimizer(self, node: cst.Call, attr: str) -> None:
        """self.toggle_optimizer(opt, opt_idx) / self.untoggle_optimizer(opt_idx): 1.x took the
        optimizer index; 2.x takes the optimizer alone (TypeError / every optimizer restored)."""
        args = node.args
        by_name = [a for a in args if a.keyword is not None and a.keyword.value == "optimizer_idx"]
        if by_name and not any(a.star for a in args):
            # the keyword spelling (benchmarks/lint_api_audit.py): 2.x has no such parameter
            if attr == "toggle_optimizer" and len(args) == 2:
                r = self.report(
                    by_name[0],
                    "LS114",
                    "`self.toggle_optimizer(optimizer, optimizer_idx=...)` has the 1.x signature "
                    "(TypeError in 2.x); write `self.toggle_optimizer(optimizer)`",
                    True,
                )
                keep = next(a for a in args if a is not by_name[0])
                r.edit(
                    node,
                    lambda n, keep=keep: n.with_changes(  # type: ignore[attr-defined]
                        args=[keep.with_changes(comma=cst.MaybeSentinel.DEFAULT)]
                    ),
                )
            else:
                self.report(
                    by_name[0],
                    "LS114",
                    f"`self.{attr}(optimizer_idx=...)` passes the 1.x optimizer index "
                    f"(TypeError in 2.x): 2.x takes the optimizer itself (`self.{attr}(opt)`)",
                )
            return
        if any(a.keyword is not None or a.star for a in args):
            return
        if attr == "toggle_optimizer" and len(args) == 2:
            r = self.report(
                node,
                "LS114",
                "`self.toggle_optimizer(optimizer, optimizer_idx)` has the 1.x signature "
                "(TypeError in 2.x); write `self.toggle_optimizer(optimizer)`",
                True,
            )
            r.edit(
                node,
                lambda n: n.with_changes(  # type: ignore[attr-defined]
                    args=[n.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)]  # type: ignore[attr-defined]
                ),
            )
        elif attr == "untoggle_optimizer" and len(args) == 1:
            value = args[0].value
            name = dotted(value) or ""
            if isinstance(value, cst.Integer) or OPTIMIZER_INDEX.match(name.rsplit(".", 1)[-1]):
                self.report(
                    node,
                    "LS114",
                    f"`self.untoggle_optimizer({name or cst.Module([]).code_for_node(value)})` "
                    "passes the 1.x optimizer index: 2.x takes the optimizer itself "
                    "(`self.untoggle_optimizer(opt)`)",
                )

    @staticmethod
    def _optimizer_index_param(fn: cst.FunctionDef) -> bool:
        """training_step(self, batch, batch_idx, opt_idx): the optimizer index under another
        name, without a default (2.6 passes two arguments: TypeError)."""
        params = [*fn.params.posonly_params, *fn.params.params][3:]
        return any(x.default is None and OPTIMIZER_INDEX.match(x.name.value) for x in params)

    @staticmethod
    def _has_param(fn: cst.FunctionDef, name: str) -> bool:
        p = fn.params
        return any(x.name.value == name for x in (*p.posonly_params, *p.params, *p.kwonly_params))

    def check_dataloader_iter_step(self, fn: cst.FunctionDef) -> None:
        """``training_step(self, dataloader_iter, batch_idx)`` (NeMo's Megatron models): a step
        that takes the iterator is called with it alone in 2.x (``next(dataloader_iter)``
        yields ``batch, batch_idx, dataloader_idx``), so a further parameter without a default
        is a TypeError (LS114)."""
        params = [*fn.params.posonly_params, *fn.params.params][1:]
        if not params or params[0].name.value != "dataloader_iter":
            return
        required = [x.name.value for x in params[1:] if x.default is None]
        if required:
            self.report(
                fn.name,
                "LS114",
                f"`{fn.name.value}(self, dataloader_iter, {', '.join(required)})`: 2.x calls a "
                "step that takes `dataloader_iter` with the iterator alone (TypeError); read "
                "`batch, batch_idx, dataloader_idx = next(dataloader_iter)` in the step",
            )

    def check_dataloader_idx_default(self, cls: _ClassCtx, fn: cst.FunctionDef) -> None:
        """``validation_step(self, batch, batch_idx, dataloader_idx)``: 1.x passed the index
        with one dataloader too; 2.6 passes it only with several and refuses a step that
        requires it otherwise (RuntimeError at the start of the loop). Quiet where the class's
        own ``*_dataloader`` returns several, or the file hands a list of loaders to the
        Trainer. Fixed with ``= 0`` where no required parameter follows."""
        params = [*fn.params.posonly_params, *fn.params.params]
        at = next((i for i, x in enumerate(params) if x.name.value == "dataloader_idx"), None)
        if at is None or params[at].default is not None or self._several_loaders(cls, fn):
            return
        fixable = all(x.default is not None for x in params[at + 1 :])
        r = self.report(
            fn.name,
            "LS114",
            f"`{fn.name.value}` requires `dataloader_idx`: 2.6 passes it only with several "
            "dataloaders and raises RuntimeError with one; write `dataloader_idx=0`",
            fixable,
        )
        if fixable:
            spaced = params[at].annotation is not None  # `dataloader_idx: int = 0` (PEP 8)
            space = cst.SimpleWhitespace(" " if spaced else "")
            r.edit(
                params[at],
                lambda p: p.with_changes(
                    default=cst.Integer("0"),
                    equal=cst.AssignEqual(whitespace_before=space, whitespace_after=space),
                ),
            )

    def _several_loaders(self, cls: _ClassCtx, step: cst.FunctionDef) -> bool:
        stage = step.name.value.removesuffix("_step").replace("validation", "val")
        several = (cst.List, cst.Tuple, cst.Dict, cst.ListComp, cst.DictComp)
        for method in cls.node.body.body:
            if isinstance(method, cst.FunctionDef) and method.name.value == f"{stage}_dataloader":
                local = _local_lists(method)
                for ret in returns_of(method):
                    value = ret.value
                    if isinstance(value, cst.Name):
                        value = local.get(value.value, value)
                    if isinstance(value, several) or (
                        isinstance(value, cst.Call) and dotted(value.func) == "CombinedLoader"
                    ):
                        return True
        return self.file_facts.several_loaders

    def check_arity(
        self,
        fn: cst.FunctionDef,
        arity: tuple[int, int],
        keywords: tuple[str, ...],
        only_missing: bool = False,
    ) -> None:
        fewest, most = arity
        p = fn.params
        positional = [*p.posonly_params, *p.params][1:]  # drop self
        star = isinstance(p.star_arg, cst.Param)
        names = [x.name.value for x in positional]
        required = [x.name.value for x in positional if x.default is None]
        problems = []
        missing = [n for n in required[fewest:] if n not in keywords]
        if not missing and fn.name.value in _NO_DATALOADER_IDX and "dataloader_idx" in required:
            # the 1.0 signature (..., batch, batch_idx, dataloader_idx): as many parameters as
            # 2.x passes, but 2.x passes outputs, batch, batch_idx, so each one gets another value
            missing = ["dataloader_idx"]
        if missing:
            problems.append(f"Lightning does not pass `{', '.join(missing)}`")
        if only_missing and not missing:
            return
        if only_missing:
            problems = problems[:1]
        if not star and len(positional) < most:
            problems.append(
                f"Lightning passes {most} arguments, the method takes {len(positional)}"
            )
        if p.star_kwarg is None and any(k not in names for k in keywords):
            problems.append(f"Lightning passes {', '.join(keywords)} by keyword")
        if any(x.default is None for x in p.kwonly_params):
            problems.append("required keyword-only arguments are never passed")
        if problems:
            self.report(
                fn.name,
                "LS114",
                f"`{fn.name.value}` signature does not match Lightning 2.6: {'; '.join(problems)}",
            )


def _is_save_hook_call(node: cst.BaseExpression) -> bool:
    """``super().on_save_checkpoint(...)`` (or any ``x.on_save_checkpoint(...)``)."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "on_save_checkpoint"
    )
