"""The rule catalogue, as data.

Every entry here was checked against the installed Lightning 2.6.6, and
``tests/lint/test_lint_catalogue.py`` re-checks the verifiable ones on each run: a removed Trainer
argument is absent from ``Trainer.__init__``, a removed import path does not import, a moved one
imports at its new place.
``migration.py`` renders ``references/migration.md`` from these tables, so docs and rules agree.
"""

from __future__ import annotations

from lightning_skill.lint.rules import imports, trainer_args
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule, Severity, TrainerArg
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
        "LS202",
        "hardcoded-cuda",
        "warning",
        "hard-coded CUDA device inside a LightningModule",
        "use self.device / .to(self.device) / register_buffer; the Trainer places the model",
        "anti-pattern",
        None,
        "some",
        f"{_DOCS}/accelerators/accelerator_prepare.html",
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
        "LS204",
        "cuda-set-device",
        "warning",
        "torch.cuda.set_device() fights the Trainer's device placement",
        "choose devices with Trainer(accelerator=..., devices=...)",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/accelerators/gpu_basic.html",
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
        "LS213",
        "too-many-workers",
        "warning",
        "num_workers hard-coded far above the CPU cores available",
        "derive it from os.cpu_count() or make it a setting",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/advanced/speed.html#dataloaders",
    ),
)

RULES: dict[str, Rule] = {
    r.code: r
    for r in sorted((*_OTHER_RULES, *trainer_args.RULES, *imports.RULES), key=lambda r: r.code)
}


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
    "training_step_end": ("2.0", "put the code at the end of training_step"),
    "validation_step_end": ("2.0", "put the code at the end of validation_step"),
    "test_step_end": ("2.0", "put the code at the end of test_step"),
    **_REMOVED_SHARED_HOOKS,
    "on_hpc_save": ("1.8", "on_save_checkpoint"),
    "on_hpc_load": ("1.8", "on_load_checkpoint"),
    "tbptt_split_batch": ("2.0", "manual optimization"),
    "get_progress_bar_dict": ("1.7", "ProgressBar.get_metrics in a progress bar callback"),
    "on_train_dataloader": ("1.7", "train_dataloader"),
    "on_val_dataloader": ("1.7", "val_dataloader"),
    "on_test_dataloader": ("1.7", "test_dataloader"),
    "on_predict_dataloader": ("1.7", "predict_dataloader"),
}

REMOVED_CALLBACK_HOOKS: dict[str, tuple[str, str]] = {
    "on_init_start": ("1.8", "the callback's __init__"),
    "on_init_end": ("1.8", "the callback's __init__"),
    "on_configure_sharded_model": ("1.8", "setup"),
    "on_before_accelerator_backend_setup": ("1.8", "setup"),
    **_REMOVED_SHARED_HOOKS,
    "on_batch_start": ("1.8", "on_train_batch_start"),
    "on_batch_end": ("1.8", "on_train_batch_end"),
    "on_keyboard_interrupt": ("1.7", "on_exception(trainer, pl_module, exception)"),
}

# (fewest, most) positional arguments after self that Lightning 2.6 passes to each hook (read
# from the call sites: dataloader_idx only comes with several dataloaders). Checked against the
# base-class signatures by test_lint_catalogue.py. HOOK_KEYWORDS: arguments passed by keyword.
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
}
CALLBACK_HOOK_ARITY: dict[str, tuple[int, int]] = {
    **{
        name: (n + 2, m + 2) for name, (n, m) in MODULE_HOOK_ARITY.items() if name.startswith("on_")
    },
    "on_sanity_check_start": (2, 2),
    "on_sanity_check_end": (2, 2),
    "on_exception": (3, 3),
}
# parameters only the 1.x signatures of these LightningModule hooks had: 2.6 passes the others
# positionally, so an override keeping them gets a TypeError or the wrong argument (an old
# optimizer_step receives the closure as optimizer_idx and never calls it: no training_step runs)
OLD_HOOK_PARAMS: dict[str, tuple[frozenset[str], str]] = {
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
HOOK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "configure_gradient_clipping": ("gradient_clip_val", "gradient_clip_algorithm"),
}
# Callback hooks called with keywords (stage=...), plus state hooks: known, not arity-checked
CALLBACK_OTHER_HOOKS = {"setup", "teardown", "state_dict", "load_state_dict", "state_key"}


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

# callback class -> {removed constructor argument: (replacement text, 1:1 new keyword or None)}
REMOVED_CALLBACK_ARGS: dict[str, dict[str, tuple[TrainerArg, str | None]]] = {
    "ModelCheckpoint": {
        "period": (TrainerArg("1.5", "every_n_epochs=N"), "every_n_epochs"),
        "every_n_val_epochs": (TrainerArg("1.6", "every_n_epochs=N"), "every_n_epochs"),
        "prefix": (TrainerArg("1.x", "filename='prefix-{epoch}'"), None),
        "filepath": (TrainerArg("1.x", "dirpath=... and filename=..."), None),
    },
    "BackboneFinetuning": {
        "round": (TrainerArg("1.5", "nothing (learning rates are no longer rounded)"), None),
    },
}

# LightningDataModule members removed in 1.7 (deprecated in 1.5)
REMOVED_DATAMODULE_ATTRS = {"dims", "size", "train_transforms", "val_transforms", "test_transforms"}

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
}


LM_BASES = {"lightning.pytorch.LightningModule", "lightning.pytorch.core.module.LightningModule"}
DM_BASES = {
    "lightning.pytorch.LightningDataModule",
    "lightning.pytorch.core.datamodule.LightningDataModule",
}
CALLBACK_PREFIX = "lightning.pytorch.callbacks."
CALLBACK_BASES = {"lightning.pytorch.Callback", "lightning.pytorch.callbacks.Callback"}


def rule(code: str) -> Rule:
    return RULES[code]


# one namespace (``R``) for the checker, the migration guide and the tests
__all__ = [
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
