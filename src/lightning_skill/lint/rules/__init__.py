"""The rule catalogue, as data.

Every entry here was checked against the installed Lightning 2.6.6, and
``tests/lint/test_lint_catalogue.py`` re-checks the verifiable ones on each run: a removed Trainer
argument is absent from ``Trainer.__init__``, a removed import path does not import, a moved one
imports at its new place.
``migration.py`` renders ``references/migration.md`` from these tables, so docs and rules agree.
"""

from __future__ import annotations

from lightning_skill.lint.rules import (
    callbacks,
    data,
    devices,
    hooks,
    imports,
    logging,
    trainer_args,
    trainer_attrs,
)
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule, Severity, TrainerArg
from lightning_skill.lint.rules.callbacks import (
    CALLBACK_SIGNATURES,
    REMOVED_CALLBACK_ARGS,
    REMOVED_CALLBACK_MEMBERS,
    REMOVED_CALLBACK_VALUES,
)
from lightning_skill.lint.rules.data import (
    DM_BASES,
    REMOVED_DATAMODULE_ATTRS,
    REMOVED_DATAMODULE_FLAGS,
)
from lightning_skill.lint.rules.hooks import (
    CALLBACK_HOOK_ARITY,
    CALLBACK_OTHER_HOOKS,
    DATA_HOOKS,
    EPOCH_END_HOOKS,
    FINETUNING_ONLY_HOOKS,
    HOOK_KEYWORDS,
    LM_HOOK_NAMES,
    LM_ONLY_HOOKS,
    MODULE_HOOK_ARITY,
    OLD_HOOK_PARAMS,
    REMOVED_CALLBACK_HOOKS,
    REMOVED_DATAMODULE_HOOKS,
    REMOVED_MODULE_HOOKS,
)
from lightning_skill.lint.rules.imports import (
    METRICS_TO_TORCHMETRICS,
    MOVED,
    TOP_LEVEL,
    Moved,
    canonical,
    lookup_moved,
)
from lightning_skill.lint.rules.trainer_args import (
    REMOVED_ACCELERATORS,
    REMOVED_CLI_ARGS,
    REMOVED_STRATEGIES,
    REMOVED_TRAINER_ARGS,
    RENAMED_METHOD_KWARGS,
    STRATEGY_AS_ACCELERATOR,
    TRAINER_ARGS_26,
)
from lightning_skill.lint.rules.trainer_attrs import (
    ACCELERATOR_API,
    LM_READ_ONLY,
    PROGRESS_BAR_BASES,
    READ_ONLY_TRAINER_PROPS,
    REMOVED_LOOP_METHODS,
    REMOVED_MODULE_ATTRS,
    REMOVED_PROGRESS_BAR_ATTRS,
    REMOVED_TRAINER_ATTRS,
)

# the rules not yet moved into a family module of their own
_OTHER_RULES = (
    Rule(
        "LS000",
        "parse-error",
        "error",
        "file cannot be read or parsed",
        "fix the syntax or encoding; the other files are still checked",
        "input",
        None,
        "no",
        "https://docs.python.org/3/reference/lexical_analysis.html",
    ),
    # ---- removed or renamed in 2.x ------------------------------------------------------
    Rule(
        "LS122",
        "hparams-assignment",
        "error",
        "self.hparams = ... fails: hparams has no setter (AttributeError)",
        "call self.save_hyperparameters(...)",
        "migration",
        "1.?",
        "yes",
        f"{_DOCS}/common/checkpointing_basic.html#save-hyperparameters",
    ),
    # ---- anti-patterns ---------------------------------------------------------------
    Rule(
        "LS201",
        "manual-optimization-step",
        "error",
        "backward()/zero_grad()/step() inside training_step under automatic optimization",
        "return the loss (the Trainer steps), or set self.automatic_optimization = False",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/model/manual_optimization.html",
    ),
    Rule(
        "LS203",
        "manual-train-eval",
        "warning",
        "model.train()/model.eval() called in a hook: the Trainer switches modes itself",
        "remove the call",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/common/lightning_module.html",
    ),
    Rule(
        "LS205",
        "state-in-prepare-data",
        "error",
        "state assigned in prepare_data(): it runs on one process only",
        "only download/write to disk in prepare_data(); assign self.* in setup()",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/data/datamodule.html#prepare-data",
    ),
)

RULES: dict[str, Rule] = {
    r.code: r
    for r in sorted(
        (
            *_OTHER_RULES,
            *trainer_args.RULES,
            *imports.RULES,
            *hooks.RULES,
            *data.RULES,
            *devices.RULES,
            *logging.RULES,
            *callbacks.RULES,
            *trainer_attrs.RULES,
        ),
        key=lambda r: r.code,
    )
}


LM_BASES = {"lightning.pytorch.LightningModule", "lightning.pytorch.core.module.LightningModule"}

CALLBACK_PREFIX = "lightning.pytorch.callbacks."
CALLBACK_BASES = {"lightning.pytorch.Callback", "lightning.pytorch.callbacks.Callback"}


def rule(code: str) -> Rule:
    return RULES[code]


# one namespace (``R``) for the checker, the migration guide and the tests
__all__ = [
    "PROGRESS_BAR_BASES",
    "REMOVED_PROGRESS_BAR_ATTRS",
    "DATA_HOOKS",
    "REMOVED_DATAMODULE_FLAGS",
    "FINETUNING_ONLY_HOOKS",
    "REMOVED_CALLBACK_VALUES",
    "CALLBACK_BASES",
    "CALLBACK_HOOK_ARITY",
    "CALLBACK_OTHER_HOOKS",
    "CALLBACK_PREFIX",
    "CALLBACK_SIGNATURES",
    "DM_BASES",
    "EPOCH_END_HOOKS",
    "HOOK_KEYWORDS",
    "LM_BASES",
    "LM_HOOK_NAMES",
    "LM_ONLY_HOOKS",
    "METRICS_TO_TORCHMETRICS",
    "MODULE_HOOK_ARITY",
    "MOVED",
    "Moved",
    "OLD_HOOK_PARAMS",
    "REMOVED_ACCELERATORS",
    "REMOVED_CALLBACK_ARGS",
    "REMOVED_CALLBACK_MEMBERS",
    "REMOVED_CALLBACK_HOOKS",
    "REMOVED_CLI_ARGS",
    "REMOVED_DATAMODULE_ATTRS",
    "REMOVED_LOOP_METHODS",
    "LM_READ_ONLY",
    "READ_ONLY_TRAINER_PROPS",
    "ACCELERATOR_API",
    "REMOVED_MODULE_ATTRS",
    "REMOVED_DATAMODULE_HOOKS",
    "REMOVED_MODULE_HOOKS",
    "REMOVED_STRATEGIES",
    "REMOVED_TRAINER_ARGS",
    "REMOVED_TRAINER_ATTRS",
    "RENAMED_METHOD_KWARGS",
    "RULES",
    "Rule",
    "STRATEGY_AS_ACCELERATOR",
    "TRAINER_ARGS_26",
    "Severity",
    "TOP_LEVEL",
    "TrainerArg",
    "canonical",
    "imports",
    "lookup_moved",
    "rule",
    "trainer_args",
]
