"""Rule family: callback constructors (LS106 arguments and values 2.6 refuses, LS208
ModelCheckpoint top-k without a monitor) and the members 1.x's callbacks, loggers and profilers
had that 2.6's lack (reported as LS123), with the detection and fixes (``CallbackChecks``)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import ParentNodeProvider

from lightning_skill.lint.cst_util import (
    dotted,
    has_splat,
    int_value,
    keywords_of,
    kwargs_of,
    str_value,
)
from lightning_skill.lint.metadata import walk
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import (
    Rule,
    TrainerArg,
    config_fields,
    config_target,
)
from lightning_skill.lint.rules.imports import canonical

RULES = (
    Rule(
        "LS106",
        "removed-callback-argument",
        "error",
        "callback constructor argument removed in 1.x (TypeError on 2.6)",
        "use the replacement argument named in the message",
        "migration",
        "1.5",
        "some",
        f"{_DOCS}/api/lightning.pytorch.callbacks.ModelCheckpoint.html",
    ),
    Rule(
        "LS208",
        "topk-without-monitor",
        "error",
        "ModelCheckpoint(save_top_k>1) without monitor is refused (MisconfigurationException)",
        "pass monitor='val_loss' (a logged metric) or save_top_k=1/-1",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/common/checkpointing_intermediate.html",
    ),
)

# callback class -> {removed constructor argument: (replacement text, 1:1 new keyword or None)};
# derived by diffing each public callback's __init__ in the 1.2.10/1.4.9/1.6.5/1.8.6/1.9.5 wheels
# (parsed with ast) against 2.6; test_lint_catalogue.py re-checks each against the installed 2.6
REMOVED_CALLBACK_ARGS: dict[str, dict[str, tuple[TrainerArg, str | None]]] = {
    "ModelCheckpoint": {
        "period": (TrainerArg("1.5", "every_n_epochs=N"), "every_n_epochs"),
        "every_n_val_epochs": (TrainerArg("1.6", "every_n_epochs=N"), "every_n_epochs"),
        "prefix": (TrainerArg("1.x", "filename='prefix-{epoch}'"), None),
        "filepath": (TrainerArg("1.x", "dirpath=, filename="), None),
    },
    "BackboneFinetuning": {
        "round": (TrainerArg("1.5", "nothing"), None),
    },
    # the profilers (1.2.10/1.4.9 wheels): output_filename became dirpath= + filename=
    **{
        name: {"output_filename": (TrainerArg("1.x", "dirpath=, filename="), None)}
        for name in ("SimpleProfiler", "AdvancedProfiler")
    },
    # 1.x's ProgressBar was the tqdm bar; 2.0 renamed ProgressBarBase to ProgressBar (no
    # arguments), so the old call is a TypeError (present in the 1.4.9 wheel, a
    # TQDMProgressBar alias in 1.6.5, the argument-less base class in 2.0)
    "ProgressBar": {
        name: (TrainerArg("2.0", "TQDMProgressBar"), None)
        for name in ("refresh_rate", "process_position")
    },
    # LambdaCallback takes one keyword per Callback hook: the hooks removed in 1.8 (in the
    # 1.6.5 wheel, not in 1.8.6) went from its signature too
    "LambdaCallback": {
        name: (TrainerArg("1.8", "a 2.x hook"), None)
        for name in (
            "on_epoch_start",
            "on_epoch_end",
            "on_batch_start",
            "on_batch_end",
            "on_init_start",
            "on_init_end",
            "on_pretrain_routine_start",
            "on_pretrain_routine_end",
            "on_keyboard_interrupt",
            "on_configure_sharded_model",
            "on_before_accelerator_backend_setup",
        )
    },
}

# callback class -> {argument: (values 2.6 refuses, replacement)}
REMOVED_CALLBACK_VALUES: dict[str, dict[str, tuple[frozenset[str], TrainerArg]]] = {
    name: {"mode": (frozenset({"auto"}), TrainerArg("1.x", "mode='min'/'max'"))}
    for name in ("ModelCheckpoint", "EarlyStopping")
}


@dataclass(frozen=True)
class Signature:
    """A callback's 2.6 constructor: its named parameters (positional ones first), how many may
    be passed positionally, those without a default, and whether it takes ``**kwargs``."""

    params: tuple[str, ...]
    positional: int
    required: tuple[str, ...] = ()
    var_keyword: bool = False


# The 2.6 constructors (read with inspect from the installed 2.6.6; test_lint_catalogue.py checks
# each against it). A call that passes a keyword outside ``params``, more positional arguments
# than ``positional`` or leaves out a ``required`` one is a TypeError on 2.6; 1.x had defaults for
# EarlyStopping's monitor and StochasticWeightAveraging's swa_lrs.
CALLBACK_SIGNATURES: dict[str, Signature] = {
    "BackboneFinetuning": Signature(
        (
            "unfreeze_backbone_at_epoch",
            "lambda_func",
            "backbone_initial_ratio_lr",
            "backbone_initial_lr",
            "should_align",
            "initial_denom_lr",
            "train_bn",
            "verbose",
            "rounding",
        ),
        9,
    ),
    "DeviceStatsMonitor": Signature(("cpu_stats",), 1),
    "EarlyStopping": Signature(
        (
            "monitor",
            "min_delta",
            "patience",
            "verbose",
            "mode",
            "strict",
            "check_finite",
            "stopping_threshold",
            "divergence_threshold",
            "check_on_train_epoch_end",
            "log_rank_zero_only",
        ),
        11,
        ("monitor",),
    ),
    "GradientAccumulationScheduler": Signature(("scheduling",), 1, ("scheduling",)),
    "LearningRateMonitor": Signature(("logging_interval", "log_momentum", "log_weight_decay"), 3),
    "ModelCheckpoint": Signature(
        (
            "dirpath",
            "filename",
            "monitor",
            "verbose",
            "save_last",
            "save_top_k",
            "save_on_exception",
            "save_weights_only",
            "mode",
            "auto_insert_metric_name",
            "every_n_train_steps",
            "train_time_interval",
            "every_n_epochs",
            "save_on_train_epoch_end",
            "enable_version_counter",
        ),
        15,
    ),
    "ModelSummary": Signature(("max_depth",), 1, (), True),
    "ProgressBar": Signature((), 0),
    "RichProgressBar": Signature(("refresh_rate", "leave", "theme", "console_kwargs"), 4),
    "StochasticWeightAveraging": Signature(
        (
            "swa_lrs",
            "swa_epoch_start",
            "annealing_epochs",
            "annealing_strategy",
            "avg_fn",
            "device",
        ),
        6,
        ("swa_lrs",),
    ),
    "TQDMProgressBar": Signature(("refresh_rate", "process_position", "leave"), 3),
    "SimpleProfiler": Signature(("dirpath", "filename", "extended"), 3),
    "AdvancedProfiler": Signature(
        ("dirpath", "filename", "line_count_restriction", "dump_stats"), 4
    ),
    "PassThroughProfiler": Signature(("dirpath", "filename"), 2),
    "Timer": Signature(("duration", "interval", "verbose"), 3),
}

# where the constructors above live (1.x's profiler package is canonical as .profiler)
CONSTRUCTOR_PREFIXES = (
    "lightning.pytorch.callbacks.",
    "lightning.pytorch.profilers.",
    "lightning.pytorch.profiler.",
)

# Public members of Lightning's callbacks, loggers and profilers that 1.x code read and 2.6's lack:
# each class's methods, class attributes and ``self.X = ...`` in the 1.4.9 and 1.9.5 wheels
# (parsed with ast) against the 2.6 class and its sources (hooks are LS113's, progress bars
# REMOVED_PROGRESS_BAR_ATTRS'); test_lint_catalogue.py re-checks each against the installed 2.6.
# Read on an instance (``lr_monitor.lr_sch_names``), ``self`` in a subclass or the class.
REMOVED_CALLBACK_MEMBERS: dict[str, dict[str, TrainerArg]] = {
    "LearningRateMonitor": {
        "lr_sch_names": TrainerArg("1.7", "list(lr_monitor.lrs) (the names it logged)"),
    },
    "ModelCheckpoint": {
        "save_checkpoint": TrainerArg("1.8", "trainer.save_checkpoint(path)"),
        "save_function": TrainerArg("1.5", "trainer.save_checkpoint"),
        "period": TrainerArg("1.5", "every_n_epochs"),
        # from the 1.0.8 wheel's ModelCheckpoint against 2.6 (recall19)
        "prefix": TrainerArg("1.x", "filename='prefix-{epoch}'"),
        "last_global_step_saved": TrainerArg("1.x", "trainer.global_step when it saved"),
        "CHECKPOINT_STATE_BEST_PATH": TrainerArg("1.x", "ckpt.best_model_path"),
        "CHECKPOINT_STATE_BEST_SCORE": TrainerArg("1.x", "ckpt.best_model_score"),
    },
    "BackboneFinetuning": {"round": TrainerArg("1.5", "rounding")},
    "LearningRateFinder": {"lr_finder": TrainerArg("2.0", "optimal_lr")},
    "CometLogger": {
        name: TrainerArg("2.x", instead)
        for name, instead in (
            ("api_key", "the api_key you passed"),
            ("rest_api_key", "comet_ml.API() yourself"),
            ("comet_api", "comet_ml.API() yourself"),
            ("mode", "the online/offline setting you passed"),
            ("reset_experiment", "a new CometLogger"),
            ("LOGGER_JOIN_CHAR", "'-'"),
        )
    },
    "PyTorchProfiler": {
        name: TrainerArg("2.0", "nothing (2.x records Lightning's hooks itself)")
        for name in (
            "RECORD_FUNCTIONS",
            "RECORD_FUNCTION_PREFIX",
            "START_RECORD_FUNCTIONS",
            "STEP_FUNCTION_PREFIX",
        )
    },
}
# methods of the classes above that 1.x's class called on itself: a subclass's override is never
# called on 2.6 (1.x's ModelCheckpoint saved through self.save_checkpoint(trainer); 2.x saves
# through _save_checkpoint(trainer, filepath)) -> what to override instead
REMOVED_CALLBACK_METHODS: dict[str, dict[str, str]] = {
    "ModelCheckpoint": {
        "save_checkpoint": "_save_checkpoint(self, trainer, filepath) (private) or a hook such "
        "as on_validation_end(self, trainer, pl_module)",
    },
}
_REMOVED_METHOD_NAMES = frozenset(n for m in REMOVED_CALLBACK_METHODS.values() for n in m)
# where the classes above live (1.x names are canonical as lightning.pytorch.*)
MEMBER_PREFIXES = (*CONSTRUCTOR_PREFIXES, "lightning.pytorch.loggers.")
# Trainer properties that return one of them
TRAINER_CALLBACK_PROPS = {"checkpoint_callback": "ModelCheckpoint"}

# constructor parameters too common to say a config mirrors a callback
GENERIC_PARAMS = {"mode", "verbose", "monitor"}

MODEL_CHECKPOINT = {
    "lightning.pytorch.callbacks.ModelCheckpoint",
    "lightning.pytorch.callbacks.model_checkpoint.ModelCheckpoint",
}


class CallbackChecks:
    """The family's detection and fixes, mixed into the checker (``self`` is the Checker)."""

    def check_callback_args(self, call: cst.Call, cls_name: str) -> None:
        for name, (info, new) in REMOVED_CALLBACK_ARGS[cls_name].items():
            message = f"{cls_name}({name}=...) {info.gone} (TypeError on 2.6); use {info.instead}"
            self.renamed_kwarg(call, name, new, "LS106", message)

    def check_callback_splats(self, call: cst.Call, cls_name: str, via: str = "") -> None:
        """``ModelCheckpoint(**ckpt_kwargs)`` where the function (or module) fills
        ``ckpt_kwargs`` itself: ``ckpt_kwargs = {"filepath": ..., "period": 1}`` /
        ``dict(period=1)`` and ``ckpt_kwargs["period"] = 1``. A removed argument among its keys
        reaches the 2.6 constructor (LS106, at the key)."""
        removed = REMOVED_CALLBACK_ARGS.get(cls_name, {})
        names = {
            a.value.value for a in call.args if a.star == "**" and isinstance(a.value, cst.Name)
        }
        if not removed or not names:
            return
        scope = self.scope_of(call)
        if scope is None:
            return
        parent = self._parent
        keys: list[tuple[cst.CSTNode, str]] = []
        for name in names:
            # ckpt_kwargs = {...} / dict(...): the scope's own bindings of the name
            for assignment in scope.assignments[name]:
                target = getattr(assignment, "node", None)
                holder = parent(target) if target is not None else None
                assign = parent(holder) if holder is not None else None
                if isinstance(holder, cst.AssignTarget) and isinstance(assign, cst.Assign):
                    value = assign.value
                    if isinstance(value, cst.Dict) or (
                        isinstance(value, cst.Call) and dotted(value.func) == "dict"
                    ):
                        keys += [(n, k) for n, k, _v in keywords_of(value)]
            # ckpt_kwargs["period"] = 1: a read of the name, subscripted and assigned to
            for access in scope.accesses[name]:
                sub = parent(access.node)
                if (
                    isinstance(sub, cst.Subscript)
                    and isinstance(parent(sub), cst.AssignTarget)
                    and len(sub.slice) == 1
                    and isinstance(index := sub.slice[0].slice, cst.Index)
                    and (key := str_value(index.value)) is not None
                ):
                    keys.append((sub, key))
        keys = [(n, k) for n, k in keys if k in removed]
        if not keys:
            return
        shown = via or cls_name
        dropped = self._dropped_keys(call)  # del ckpt_kwargs["filepath"], .pop("prefix")
        for node, key in keys:
            if key not in dropped:
                info, _new = removed[key]
                self.report(
                    node,
                    "LS106",
                    f"`{key}` (a key of the dict splatted into {shown}(**...)): "
                    f"{cls_name}'s `{key}` {info.gone} (TypeError on 2.6); use {info.instead}",
                )

    def _parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.get_metadata(ParentNodeProvider, node, None)

    def check_callback_signature(self, call: cst.Call, cls_name: str, via: str = "") -> None:
        """Keywords, positional arguments and required arguments the 2.6 constructor refuses
        (a TypeError), beyond the catalogued removed arguments (``check_callback_args``).
        ``via`` names the user's subclass or ``super().__init__`` the call goes through."""
        sig = CALLBACK_SIGNATURES[cls_name]
        removed = REMOVED_CALLBACK_ARGS.get(cls_name, {})
        shown = via or cls_name
        if via:  # through a subclass: the catalogued arguments get their message here
            for name, (info, new) in removed.items():
                message = (
                    f"{shown}({name}=...): {cls_name}'s `{name}` {info.gone} "
                    f"(TypeError on 2.6); use {info.instead}"
                )
                self.renamed_kwarg(call, name, new, "LS106", message)
        for arg in call.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name is None or name in sig.params or name in removed or sig.var_keyword:
                continue
            self.report(
                arg,
                "LS106",
                f"{shown}({name}=...): 2.6's {cls_name} has no argument `{name}` (TypeError); "
                f"its arguments are {', '.join(sig.params) or 'none'}",
            )
        if any(a.star for a in call.args):
            return  # *args/**kwargs: what they hold is unknown
        positional = [a for a in call.args if a.keyword is None]
        if len(positional) > sig.positional:
            if cls_name == "ProgressBar":
                advice = "it takes no arguments in 2.6 (TypeError); 1.x's tqdm ProgressBar is "
                advice += "TQDMProgressBar(refresh_rate=N) now"
            else:
                advice = f"2.6 takes {sig.positional} positional argument(s) (TypeError); pass "
                advice += "the others by keyword"
            self.report(positional[sig.positional], "LS106", f"{shown}(...): {advice}")
        given = set(sig.params[: len(positional)]) | set(kwargs_of(call))
        for name in sig.required:
            if name not in given:
                self.report(
                    call,
                    "LS106",
                    f"{shown}(...) without `{name}=`: 2.6's {cls_name} requires it (TypeError; "
                    f"1.x had a default): pass {name}= explicitly",
                )

    def check_callback_values(self, call: cst.Call, cls_name: str) -> None:
        kw = kwargs_of(call)
        for name, (values, info) in REMOVED_CALLBACK_VALUES[cls_name].items():
            if name in kw and (value := str_value(kw[name].value)) in values:
                self.report(
                    kw[name],
                    "LS106",
                    f"{cls_name}({name}={value!r}) {info.gone} "
                    f"(MisconfigurationException on 2.6); use {info.instead}",
                )

    def member_class(self, node: cst.BaseExpression) -> tuple[str, str | None] | None:
        """The Lightning class of REMOVED_CALLBACK_MEMBERS whose instance (or which class) ``node``
        is, and the run's subclass it was built from (None when it is Lightning's own):
        ``lr_monitor`` after ``lr_monitor = LearningRateMonitor()`` (or ``self.lr_monitor``),
        ``self`` in a subclass,
        ``trainer.checkpoint_callback``, ``PyTorchProfiler``."""
        if isinstance(node, cst.Attribute) and (key := dotted(node)) in self._member_vars:
            return self._member_vars[key]  # self.lr_monitor = LearningRateMonitor()
        if isinstance(node, cst.Name):
            if (found := self._member_vars.get(node.value)) is not None:
                return found
            m = self.method
            if m is not None and m.cls is not None and node.value == m.self_name:
                return self.lightning_base(m.cls.node.name.value)
        if isinstance(node, cst.Call) and dotted(node.func) == "super":
            # super().save_checkpoint(...) in a subclass: Lightning's class, whatever it defines
            m = self.method
            found = self.lightning_base(m.cls.node.name.value) if m and m.cls else None
            return (found[0], None) if found is not None else None
        if (
            isinstance(node, cst.Attribute)
            and (prop := TRAINER_CALLBACK_PROPS.get(node.attr.value)) is not None
            and self._trainer_like(node.value)
        ):
            return prop, None
        for q in self.qnames(node):
            if q.startswith(MEMBER_PREFIXES) and (last := q.rsplit(".", 1)[-1]) in (
                REMOVED_CALLBACK_MEMBERS
            ):
                return last, None
        return None

    def lightning_base(self, cls_name: str) -> tuple[str, str | None] | None:
        """The Lightning class of REMOVED_CALLBACK_MEMBERS a class of the run derives from."""
        for c in self.facts.lineage(cls_name)[1:]:
            if c in REMOVED_CALLBACK_MEMBERS and c not in self.facts.members:
                return c, cls_name
        return None

    def check_callback_override(self, node: cst.FunctionDef) -> None:
        """``def save_checkpoint(self, trainer, pl_module)`` in a ModelCheckpoint subclass: 1.x's
        class called it to save; 2.6's has no such method and never calls it (LS113)."""
        cls, name = self.cls, node.name.value
        if cls is None or name not in _REMOVED_METHOD_NAMES:
            return  # the cheap test first: this runs for every method of every class
        found = self.lightning_base(cls.node.name.value)
        if (
            found is None
            or (instead := REMOVED_CALLBACK_METHODS.get(found[0], {}).get(name)) is None
        ):
            return
        base = found[0]
        info = REMOVED_CALLBACK_MEMBERS[base][name]
        self.report(
            node.name,
            "LS113",
            f"`{cls.node.name.value}.{name}` overrides {base}.{name}, removed in {info.since}: "
            f"2.6's {base} never calls it, so this code no longer runs; override {instead}",
        )

    def check_callback_member(self, node: cst.Attribute) -> None:
        """``lr_monitor.lr_sch_names``, ``checkpoint.save_checkpoint(...)``: a member 1.x's
        callback, logger or profiler had and 2.6's lacks (AttributeError, LS123). Setting it
        (``ckpt.save_function = f``) just makes an attribute: quiet, and so are reads after it."""
        found = self.member_class(node.value)
        if found is None:
            return
        base, own = found
        attr = node.attr.value
        info = REMOVED_CALLBACK_MEMBERS[base].get(attr)
        if info is None or (own is not None and attr in self.facts.defined_members(own)):
            return
        if isinstance(self.get_metadata(ParentNodeProvider, node, None), cst.AssignTarget):
            return
        if self.assigned_before(node):
            return
        self.report_removed(node, "LS123", f"2.6's {base} has", info.since, info.instead)

    def check_callback_config_class(self, node: cst.ClassDef) -> None:
        """A dataclass (or attrs class) that mirrors a callback's constructor, the way configs
        are splatted into it (NeMo's ``CallbackParams`` -> ``ModelCheckpoint(**params)``): a
        field named after a removed argument reaches the 2.6 constructor (LS106), unless the
        file takes it out first (``del params["filepath"]``, ``kwargs.pop("prefix")``)."""
        target = config_target(node)
        named = canonical(str_value(target) or "") if target is not None else ""
        prefix = "lightning.pytorch.callbacks."
        named = named.removeprefix(prefix) if named.startswith(prefix) else ""
        fields = config_fields(node) if self.file_facts.styles or named else {}
        if named in REMOVED_CALLBACK_VALUES:
            self._check_config_values(node, named)
        for cls_name, removed in REMOVED_CALLBACK_ARGS.items():
            sig = CALLBACK_SIGNATURES.get(cls_name)
            if named:  # `_target_ = "pytorch_lightning.callbacks.ModelCheckpoint"` says which
                if cls_name != named:
                    continue
            elif sig is None or len(fields.keys() & set(sig.params) - GENERIC_PARAMS) < 3:
                continue
            dropped = self._dropped_keys(node)
            for name in fields.keys() & removed.keys() - dropped:
                info, _new = removed[name]
                self.report(
                    fields[name],
                    "LS106",
                    f"`{node.name.value}.{name}` mirrors {cls_name}'s constructor, where "
                    f"`{name}` {info.gone} (TypeError on 2.6 once splatted in); use "
                    f"{info.instead}",
                )

    def _check_config_values(self, node: cst.ClassDef, cls_name: str) -> None:
        """``mode: str = "auto"`` in a config whose ``_target_`` is that callback: the default
        reaches the constructor (LS106, as in a call)."""
        for stmt in node.body.body:
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                if not (isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name)):
                    continue
                name = small.target.value
                values, info = REMOVED_CALLBACK_VALUES[cls_name].get(name, (frozenset(), None))
                value = str_value(small.value) if small.value is not None else None
                if info is not None and value in values:
                    self.report(
                        small.target,
                        "LS106",
                        f"`{node.name.value}.{name} = {value!r}` reaches "
                        f"{cls_name}({name}=...), where it {info.gone} "
                        f"(MisconfigurationException on 2.6); use {info.instead}",
                    )

    def _dropped_keys(self, node: cst.CSTNode) -> set[str]:
        """Names this file deletes or pops from a config before it reaches a constructor (one
        walk of the file, kept for its other config classes)."""
        module = node
        while (up := self.get_metadata(ParentNodeProvider, module, None)) is not None:
            module = up
        cached: tuple[cst.CSTNode, set[str]] | None = getattr(self, "_dropped", None)
        if cached is None or cached[0] is not module:
            finder = _DroppedKeys()
            walk(module, finder)
            cached = self._dropped = (module, finder.found)
        return cached[1]

    def check_checkpoint(self, call: cst.Call) -> None:
        kw = kwargs_of(call)
        top_k = kw["save_top_k"].value if "save_top_k" in kw else None
        # save_top_k=None (1.x read it as "no monitor: keep the last"), or None in one branch
        # of ``None if monitor is None else 5``: 2.6 compares it with -1 (TypeError)
        branches = [top_k.body, top_k.orelse] if isinstance(top_k, cst.IfExp) else [top_k]
        if any(isinstance(b, cst.Name) and b.value == "None" for b in branches):
            self.report(
                kw["save_top_k"],
                "LS106",
                "ModelCheckpoint(save_top_k=None) is refused by 2.6 (TypeError: it compares "
                "save_top_k with -1); pass save_top_k=1 (keep the last) or -1 (keep all)",
            )
        if has_splat(call) or len([a for a in call.args if a.keyword is None]) >= 3:
            return
        k = int_value(kw["save_top_k"].value) if "save_top_k" in kw else None
        monitor = kw.get("monitor")
        no_monitor = monitor is None or (
            isinstance(monitor.value, cst.Name) and monitor.value.value == "None"
        )
        if k is not None and k > 1 and no_monitor:
            self.report(
                call,
                "LS208",
                f"ModelCheckpoint(save_top_k={k}) without monitor= is refused at construction "
                "(MisconfigurationException); pass monitor='val_loss' or save_top_k=1/-1",
            )


class _DroppedKeys(cst.CSTVisitor):
    """``del params["filepath"]``, ``del cfg.prefix``, ``kwargs.pop("prefix")``: the keys named."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def visit_Del(self, d: cst.Del) -> None:
        t = d.target
        if isinstance(t, cst.Subscript) and len(t.slice) == 1:
            index = t.slice[0].slice
            if isinstance(index, cst.Index) and (s := str_value(index.value)):
                self.found.add(s)
        elif isinstance(t, cst.Attribute):
            self.found.add(t.attr.value)

    def visit_Call(self, c: cst.Call) -> None:
        f = c.func
        if (
            isinstance(f, cst.Attribute)
            and f.attr.value == "pop"
            and c.args
            and (s := str_value(c.args[0].value)) is not None
        ):
            self.found.add(s)
