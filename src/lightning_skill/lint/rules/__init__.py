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
)
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule, Severity, TrainerArg
from lightning_skill.lint.rules.callbacks import REMOVED_CALLBACK_ARGS, REMOVED_CALLBACK_VALUES
from lightning_skill.lint.rules.data import DM_BASES, REMOVED_DATAMODULE_ATTRS
from lightning_skill.lint.rules.hooks import (
    CALLBACK_HOOK_ARITY,
    CALLBACK_OTHER_HOOKS,
    EPOCH_END_HOOKS,
    FINETUNING_ONLY_HOOKS,
    HOOK_KEYWORDS,
    LM_ONLY_HOOKS,
    MODULE_HOOK_ARITY,
    OLD_HOOK_PARAMS,
    REMOVED_CALLBACK_HOOKS,
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
        "LS120",
        "trainer-tune",
        "error",
        "Trainer.tune() was removed (AttributeError)",
        "use lightning.pytorch.tuner.Tuner(trainer).lr_find(model) / .scale_batch_size(model)",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/api/lightning.pytorch.tuner.tuning.Tuner.html",
    ),
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
    Rule(
        "LS123",
        "removed-trainer-attribute",
        "error",
        "Trainer attribute or method removed in 1.x/2.0 (AttributeError)",
        "use the replacement named in the message",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/common/trainer.html#properties",
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
        ),
        key=lambda r: r.code,
    )
}


# Trainer attributes and methods that are gone (first release without them, read from the
# 1.4.9 ... 2.0.0 wheels); test_lint_catalogue.py checks each is absent from a 2.6 Trainer.
REMOVED_TRAINER_ATTRS: dict[str, TrainerArg] = {
    "num_gpus": TrainerArg("1.8", "trainer.num_devices"),
    "root_gpu": TrainerArg("1.8", "trainer.strategy.root_device.index"),
    "training_type_plugin": TrainerArg("1.8", "trainer.strategy"),
    "amp_backend": TrainerArg("2.0", "nothing: native AMP is the only backend"),
    "reset_train_dataloader": TrainerArg("2.0", "reload_dataloaders_every_n_epochs=N"),
    "reset_val_dataloader": TrainerArg("2.0", "reload_dataloaders_every_n_epochs=N"),
    "reset_test_dataloader": TrainerArg("2.0", "a new trainer.test(dataloaders=...) call"),
    "reset_predict_dataloader": TrainerArg("2.0", "a new trainer.predict(dataloaders=...) call"),
    "reset_train_val_dataloaders": TrainerArg("1.9", "reload_dataloaders_every_n_epochs=N"),
    "call_hook": TrainerArg("1.8", "call the hook on the module or callback yourself"),
    "weights_summary": TrainerArg("1.7", "the ModelSummary callback"),
    "data_parallel_device_ids": TrainerArg("1.8", "trainer.device_ids"),
    "use_amp": TrainerArg("1.8", "trainer.precision"),
    "gpus": TrainerArg("1.8", "trainer.num_devices"),
    "tpu_cores": TrainerArg("1.8", "trainer.num_devices"),
    "ipus": TrainerArg("1.8", "trainer.num_devices"),
    "num_processes": TrainerArg("1.8", "trainer.num_devices"),
    "devices": TrainerArg("1.8", "trainer.num_devices / trainer.device_ids"),
    "lightning_optimizers": TrainerArg("1.8", "trainer.strategy._lightning_optimizers"),
    "slurm_job_id": TrainerArg("1.7", "SLURMEnvironment.job_id()"),
    "verbose_evaluate": TrainerArg("1.8", "trainer.validate/test(verbose=...)"),
    "disable_validation": TrainerArg("1.6", "limit_val_batches=0"),
    "use_dp": TrainerArg("1.6", "isinstance(trainer.strategy, ...)"),
    "use_ddp": TrainerArg("1.6", "isinstance(trainer.strategy, DDPStrategy)"),
    "use_ddp2": TrainerArg("1.6", "nothing: ddp2 was removed"),
    "accelerator_connector": TrainerArg("1.5", "trainer.strategy / trainer.accelerator"),
    "resume_from_checkpoint": TrainerArg("2.0", "trainer.ckpt_path"),
    "weights_save_path": TrainerArg("1.8", "trainer.default_root_dir"),
    "data_parallel": TrainerArg("2.0", "isinstance(trainer.strategy, ParallelStrategy)"),
    "distributed_backend": TrainerArg("1.6", "trainer.strategy"),
    "progress_bar_refresh_rate": TrainerArg("1.7", "trainer.progress_bar_callback.refresh_rate"),
    "progress_bar_dict": TrainerArg("1.x", "trainer.progress_bar_metrics"),
    "get_model": TrainerArg("1.x", "trainer.lightning_module"),
    "running_sanity_check": TrainerArg("1.x", "trainer.sanity_checking"),
    "train_loop": TrainerArg("1.x", "trainer.fit_loop"),
    "evaluation_loop": TrainerArg("1.x", "trainer.validate_loop / trainer.test_loop"),
    "accelerator_backend": TrainerArg("1.x", "trainer.accelerator / trainer.strategy"),
    "lr_schedulers": TrainerArg("1.x", "trainer.lr_scheduler_configs"),
    "optimizer_frequencies": TrainerArg("2.0", "manual optimization"),
    "use_tpu": TrainerArg("1.x", "isinstance(trainer.accelerator, XLAAccelerator)"),
    "on_gpu": TrainerArg("1.x", "isinstance(trainer.accelerator, CUDAAccelerator)"),
    "on_tpu": TrainerArg("1.x", "isinstance(trainer.accelerator, XLAAccelerator)"),
    "use_single_gpu": TrainerArg("1.x", "trainer.num_devices == 1"),
    "should_rank_save_checkpoint": TrainerArg("1.x", "trainer.is_global_zero"),
    "validated_ckpt_path": TrainerArg("2.0", "trainer.ckpt_path"),
    "tested_ckpt_path": TrainerArg("2.0", "trainer.ckpt_path"),
    "predicted_ckpt_path": TrainerArg("2.0", "trainer.ckpt_path"),
    "logger_connector": TrainerArg("1.x", "trainer.callback_metrics / trainer.logged_metrics"),
    "checkpoint_connector": TrainerArg("1.x", "trainer.save_checkpoint / trainer.ckpt_path"),
    "data_connector": TrainerArg("1.x", "the trainer's public dataloader properties"),
    "dev_debugger": TrainerArg("1.x", "nothing (removed)"),
    "run_evaluation": TrainerArg("1.x", "trainer.validate(...)"),
}

# loop customisation (loop.replace(...), loop.connect(...)) was removed in 2.0: 2.6's loops are
# private classes without these methods
REMOVED_LOOP_METHODS = {"replace", "connect"}


LM_BASES = {"lightning.pytorch.LightningModule", "lightning.pytorch.core.module.LightningModule"}

CALLBACK_PREFIX = "lightning.pytorch.callbacks."
CALLBACK_BASES = {"lightning.pytorch.Callback", "lightning.pytorch.callbacks.Callback"}


def rule(code: str) -> Rule:
    return RULES[code]


# one namespace (``R``) for the checker, the migration guide and the tests
__all__ = [
    "FINETUNING_ONLY_HOOKS",
    "REMOVED_CALLBACK_VALUES",
    "CALLBACK_BASES",
    "CALLBACK_HOOK_ARITY",
    "CALLBACK_OTHER_HOOKS",
    "CALLBACK_PREFIX",
    "DM_BASES",
    "EPOCH_END_HOOKS",
    "HOOK_KEYWORDS",
    "LM_BASES",
    "LM_ONLY_HOOKS",
    "METRICS_TO_TORCHMETRICS",
    "MODULE_HOOK_ARITY",
    "MOVED",
    "Moved",
    "OLD_HOOK_PARAMS",
    "REMOVED_ACCELERATORS",
    "REMOVED_CALLBACK_ARGS",
    "REMOVED_CALLBACK_HOOKS",
    "REMOVED_CLI_ARGS",
    "REMOVED_DATAMODULE_ATTRS",
    "REMOVED_LOOP_METHODS",
    "REMOVED_MODULE_HOOKS",
    "REMOVED_STRATEGIES",
    "REMOVED_TRAINER_ARGS",
    "REMOVED_TRAINER_ATTRS",
    "RENAMED_METHOD_KWARGS",
    "RULES",
    "Rule",
    "STRATEGY_AS_ACCELERATOR",
    "Severity",
    "TOP_LEVEL",
    "TrainerArg",
    "canonical",
    "imports",
    "lookup_moved",
    "rule",
    "trainer_args",
]
