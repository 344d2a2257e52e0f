"""Rule family: callback constructors (LS106 arguments and values 2.6 refuses, LS208
ModelCheckpoint top-k without a monitor), with the detection and fixes (``CallbackChecks``)."""

from __future__ import annotations

import libcst as cst

from lightning_skill.lint.cst_util import has_splat, int_value, kwargs_of, str_value
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule, TrainerArg

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

    def check_checkpoint(self, call: cst.Call) -> None:
        kw = kwargs_of(call)
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
