"""Rule family: Trainer and LightningModule attributes and methods gone in 2.x (LS120
tune/tuner, LS123 removed Trainer attributes and loop customisation, LS125 removed
LightningModule attributes), with the detection (``TrainerAttrChecks``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
import libcst.matchers as cstm
from libcst.metadata import ParentNodeProvider

from lightning_skill.lint.cst_util import TRAINER, dotted, kwargs_of, str_value
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import Rule, TrainerArg, assigns_in
from lightning_skill.lint.rules.hooks import REMOVED_MODULE_HOOKS
from lightning_skill.lint.rules.imports import PROGRESS_BAR_MOVED, PROGRESS_BAR_NAMES
from lightning_skill.lint.rules.trainer_args import REMOVED_TRAINER_ARGS, config_section

if TYPE_CHECKING:
    from lightning_skill.lint.checker import _ClassCtx

RULES = (
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
        "LS125",
        "removed-module-attribute",
        "error",
        "LightningModule attribute or argument removed (AttributeError/TypeError)",
        "use the replacement named in the message",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/common/lightning_module.html",
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
)

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
    "prepare_data_per_node": TrainerArg(
        "1.7", "self.prepare_data_per_node in the LightningModule/DataModule"
    ),
    # from diffing the Trainer's public methods, properties and __init__ attributes (its mixins
    # included) in the 1.2.10/1.4.9/1.6.5/1.8.6/1.9.5 wheels, parsed with ast, against 2.6; kept:
    # the names user code called (the connectors, dispatch internals and the trainer.on_* hook
    # relays are left out). "1.x": gone between two of those wheels, release not pinned.
    "init_optimizers": TrainerArg("1.x", "trainer.strategy.setup_optimizers(trainer)"),
    "convert_to_lightning_optimizers": TrainerArg("1.x", "nothing (the strategy does it)"),
    "run_stage": TrainerArg("1.x", "trainer.fit/validate/test/predict(...)"),
    "run_sanity_check": TrainerArg("1.x", "Trainer(num_sanity_val_steps=N)"),
    "terminate_on_nan": TrainerArg("1.x", "Trainer(detect_anomaly=True)"),
    "detect_nan_tensors": TrainerArg("1.x", "Trainer(detect_anomaly=True)"),
    "print_nan_gradients": TrainerArg("1.x", "Trainer(detect_anomaly=True)"),
    "auto_add_sampler": TrainerArg("1.x", "Trainer(use_distributed_sampler=...)"),
    "is_function_implemented": TrainerArg(
        "1.x", "lightning.pytorch.utilities.model_helpers.is_overridden(name, model)"
    ),
    "on_cpu": TrainerArg("1.x", "isinstance(trainer.accelerator, CPUAccelerator)"),
    "use_horovod": TrainerArg("1.x", "nothing: Horovod support was removed"),
    "available_plugins": TrainerArg("1.x", "plugin objects in Trainer(plugins=[...])"),
    "track_grad_norm": TrainerArg("2.0", "lightning.pytorch.utilities.grad_norm(...)"),
    "tuning": TrainerArg("2.0", "nothing: tuning runs through Tuner(trainer)"),
    "prediction_writer_callbacks": TrainerArg(
        "2.0", "[c for c in trainer.callbacks if isinstance(c, BasePredictionWriter)]"
    ),
    # the 1.x Trainer relayed every hook to the callbacks (TrainerCallbackHookMixin, last in
    # the 1.7.7 wheel), ran its stages through these methods, and had these helpers
    **{
        name: TrainerArg("1.8", "call the hook on the module or callback yourself")
        for name in (
            "on_init_start",
            "on_init_end",
            "on_fit_start",
            "on_fit_end",
            "on_sanity_check_start",
            "on_sanity_check_end",
            "on_train_start",
            "on_train_end",
            "on_pretrain_routine_start",
            "on_pretrain_routine_end",
            "on_batch_start",
            "on_batch_end",
            "on_epoch_start",
            "on_epoch_end",
            "on_train_epoch_start",
            "on_train_epoch_end",
            "on_validation_start",
            "on_validation_end",
            "on_validation_epoch_start",
            "on_validation_epoch_end",
            "on_test_start",
            "on_test_end",
            "on_test_epoch_start",
            "on_test_epoch_end",
            "on_predict_start",
            "on_predict_end",
            "on_predict_epoch_start",
            "on_predict_epoch_end",
            "on_train_batch_start",
            "on_train_batch_end",
            "on_validation_batch_start",
            "on_validation_batch_end",
            "on_test_batch_start",
            "on_test_batch_end",
            "on_predict_batch_start",
            "on_predict_batch_end",
            "on_keyboard_interrupt",
            "on_exception",
            "on_save_checkpoint",
            "on_load_checkpoint",
            "on_before_backward",
            "on_after_backward",
            "on_before_optimizer_step",
            "on_before_zero_grad",
            "on_before_accelerator_backend_setup",
            "on_configure_sharded_model",
        )
    },
    "setup": TrainerArg("1.8", "nothing: fit/validate/test/predict call the setup hooks"),
    "teardown": TrainerArg("1.8", "nothing: the Trainer tears down after each stage"),
    "call_setup_hook": TrainerArg("1.x", "nothing: fit/validate/test/predict call setup"),
    "request_dataloader": TrainerArg("1.8", "call model.train_dataloader() etc. yourself"),
    "prepare_dataloader": TrainerArg("1.8", "Trainer(use_distributed_sampler=...)"),
    "replace_sampler": TrainerArg("1.5", "Trainer(use_distributed_sampler=...)"),
    "run_train": TrainerArg("1.x", "trainer.fit(...)"),
    "run_test": TrainerArg("1.x", "trainer.test(...)"),
    "run_predict": TrainerArg("1.x", "trainer.predict(...)"),
    "train_or_test_or_predict": TrainerArg("1.x", "trainer.fit/test/predict(...)"),
    "dispatch": TrainerArg("1.x", "trainer.fit/test/predict(...)"),
    "pre_dispatch": TrainerArg("1.x", "nothing (internal)"),
    "post_dispatch": TrainerArg("1.x", "nothing (internal)"),
    "metrics_to_scalars": TrainerArg(
        "1.5", "lightning.fabric.utilities.apply_func.convert_tensors_to_scalars"
    ),
    "configure_schedulers": TrainerArg("1.5", "trainer.strategy.setup_optimizers(trainer)"),
    "default_attributes": TrainerArg("2.0", "inspect.signature(Trainer.__init__)"),
    "get_deprecated_arg_names": TrainerArg("1.8", "nothing"),
    # apex's settings as Trainer attributes (the 2.0 upgrade guide, PR16039)
    "using_native_amp": TrainerArg("2.0", "trainer.precision"),
    "amp_level": TrainerArg("2.0", "nothing: apex support was removed"),
    # the 0.x Trainer ran the tuners itself; 1.0's wheel has them on trainer.tuner only
    "lr_find": TrainerArg("<1.0", "lightning.pytorch.tuner.Tuner(trainer).lr_find(model)"),
    "scale_batch_size": TrainerArg(
        "<1.0", "lightning.pytorch.tuner.Tuner(trainer).scale_batch_size(model)"
    ),
    "match_env_arguments": TrainerArg("2.0", "LightningCLI (PL_TRAINER_* variables)"),
    "shown_warnings": TrainerArg("1.x", "nothing"),
    # the 1.x Trainer's attributes its connectors and loops set (``self.trainer.X = ...`` in the
    # 1.2.10/1.3.8/1.4.9/1.8.6/1.9.5 wheels, read with ast), gone from 2.6
    "accumulation_scheduler": TrainerArg("2.0", "the GradientAccumulationScheduler callback"),
    "auto_lr_find": TrainerArg("2.0", "Tuner(trainer).lr_find(model)"),
    "auto_scale_batch_size": TrainerArg("2.0", "Tuner(trainer).scale_batch_size(model)"),
    "move_metrics_to_cpu": TrainerArg("2.0", "nothing: logged metrics stay where they are"),
    "truncated_bptt_steps": TrainerArg("1.x", "manual optimization over the sequence chunks"),
    "flush_logs_every_n_steps": TrainerArg("1.x", "the logger's own flush_logs_every_n_steps"),
    "reload_dataloaders_every_epoch": TrainerArg("1.x", "reload_dataloaders_every_n_epochs"),
    "log_gpu_memory": TrainerArg("1.x", "the DeviceStatsMonitor callback"),
    "replace_sampler_ddp": TrainerArg("1.x", "Trainer(use_distributed_sampler=...)"),
    "auto_add_worker_init_fn": TrainerArg("1.x", "lightning.seed_everything(workers=True)"),
    "tpu_local_core_rank": TrainerArg("1.x", "trainer.local_rank"),
    "batch_idx": TrainerArg("1.x", "the hook's batch_idx / trainer.fit_loop.batch_idx"),
    "total_batch_idx": TrainerArg("1.x", "trainer.fit_loop.total_batch_idx"),
    "split_idx": TrainerArg("1.x", "nothing (truncated BPTT was removed)"),
    "hiddens": TrainerArg("1.x", "nothing (truncated BPTT was removed)"),
    "verbose_test": TrainerArg("1.x", "trainer.test(verbose=...)"),
    "has_arg": TrainerArg("1.x", "inspect.signature(Trainer.__init__)"),
    "configure_sharded_model": TrainerArg("1.x", "the module's configure_model hook"),
    "call_configure_sharded_model": TrainerArg("1.x", "the module's configure_model hook"),
    "call_teardown_hook": TrainerArg("1.x", "nothing: the Trainer tears down after each stage"),
    "run_evaluate": TrainerArg("1.x", "trainer.validate(...)"),
    "track_output_for_epoch_end": TrainerArg("1.x", "keep step outputs on the module yourself"),
    "process_dict_result": TrainerArg("1.x", "nothing: return the loss or a dict from the step"),
    "reduce_distributed_output": TrainerArg("1.x", "self.all_gather(...) in the module"),
    "callback_states": TrainerArg("2.0", "each callback's state_dict()"),
    "config_validator": TrainerArg("1.x", "nothing (internal)"),
}
# 0.x/1.x kept constructor arguments as Trainer attributes of the same name, and callbacks and
# models read them (self.trainer.row_log_interval, trainer.auto_select_gpus): the removed
# arguments a 2.6 Trainer has no attribute for (test_lint_catalogue.py checks the list is whole)
_ARGS_READ_AS_ATTRS = (
    "auto_select_gpus",
    "automatic_optimization",
    "default_save_path",
    "early_stop_callback",
    "enable_pl_optimizer",
    "gradient_clip",
    "hpus",
    "log_save_interval",
    "max_nb_epochs",
    "min_nb_epochs",
    "multiple_trainloader_mode",
    "nb_gpu_nodes",
    "nb_sanity_val_steps",
    "num_tpu_cores",
    "overfit_pct",
    "print_nan_grads",
    "process_position",
    "row_log_interval",
    "show_progress_bar",
    "stochastic_weight_avg",
    "test_percent_check",
    "train_percent_check",
    "val_percent_check",
)
for _name in _ARGS_READ_AS_ATTRS:
    REMOVED_TRAINER_ATTRS.setdefault(_name, REMOVED_TRAINER_ARGS[_name])

# LightningModule attributes and methods that are gone: the public members of LightningModule
# and its hook/mixin classes in the 1.2.10 ... 1.9.5 wheels (read with ast) that a 2.6
# LightningModule lacks; since: the first release without them. Reported on ``self.X`` in a
# LightningModule (and ``pl_module.X`` in a Callback hook) unless the class or one of its bases
# in the run defines or assigns X itself.
REMOVED_MODULE_ATTRS: dict[str, TrainerArg] = {
    "summarize": TrainerArg(
        "1.7", "ModelSummary(self, max_depth=N) from lightning.pytorch.utilities.model_summary"
    ),
    "model_size": TrainerArg("1.7", "ModelSummary(self).model_size"),
    "get_progress_bar_dict": TrainerArg("1.7", "trainer.progress_bar_metrics"),
    "add_to_queue": TrainerArg("1.7", "nothing: return values from the spawned processes yourself"),
    "get_from_queue": TrainerArg(
        "1.7", "nothing: return values from the spawned processes yourself"
    ),
    "datamodule": TrainerArg("1.5", "self.trainer.datamodule"),
    "exp_save_path": TrainerArg("1.x", "self.trainer.log_dir"),
    "grad_norm": TrainerArg("1.5", "lightning.pytorch.utilities.grad_norm(self, norm_type=2)"),
    "log_grad_norm": TrainerArg("2.0", "log grad_norm(self, 2) in on_before_optimizer_step"),
    "loaded_optimizer_states_dict": TrainerArg("1.6", "on_load_checkpoint(checkpoint)"),
    "precision": TrainerArg("2.0", "self.trainer.precision"),
    "use_amp": TrainerArg("1.8", "self.trainer.precision"),
    "running_stage": TrainerArg("1.x", "self.trainer.state.stage"),
    "truncated_bptt_steps": TrainerArg("2.0", "manual optimization over the sequence chunks"),
    "write_prediction": TrainerArg("1.5", "a BasePredictionWriter callback"),
    "write_prediction_dict": TrainerArg("1.5", "a BasePredictionWriter callback"),
    "from_compiled": TrainerArg("2.0", "nothing: pass a torch.compile()d module to the Trainer"),
    # 1.0.8's LightningModule: manual_optimizer_step (1.1 deprecated it), and the flags the
    # Trainer set on the module (self.use_ddp = False in its __init__)
    "manual_optimizer_step": TrainerArg("1.x", "opt.step() after self.manual_backward(loss)"),
    "use_dp": TrainerArg("1.x", "isinstance(self.trainer.strategy, ...)"),
    "use_ddp": TrainerArg("1.x", "isinstance(self.trainer.strategy, DDPStrategy)"),
    "use_ddp2": TrainerArg("1.x", "nothing: ddp2 was removed"),
    "use_tpu": TrainerArg("1.x", "isinstance(self.trainer.accelerator, XLAAccelerator)"),
    "to_uncompiled": TrainerArg("2.0", "nothing: keep a reference to the module you compiled"),
}
# names a Callback's pl_module may well define itself (reported there only when self-evident)
_COMMON_MODULE_NAMES = {"datamodule", "precision", "grad_norm", "running_stage"}
# methods only Lightning's LightningModule ever had and no subclass overrides (not hooks): called
# on ``self`` they are reported even when a base comes from another package (a test helper's
# BoringModel), whose other members are unknown
_LM_CLASSES = {
    "lightning.pytorch.LightningModule",
    "lightning.pytorch.core.module.LightningModule",
    "lightning.pytorch.core.lightning.LightningModule",
    "lightning.LightningModule",
}
_LIGHTNING_ONLY_MODULE_NAMES = {
    "write_prediction",
    "write_prediction_dict",
    "manual_optimizer_step",
    "from_compiled",
    "to_uncompiled",
}

# the module's loader hooks and the Trainer attribute that holds what they returned in 2.x
_LOADER_HOOKS = {
    "train_dataloader": "train_dataloader",
    "val_dataloader": "val_dataloaders",
    "test_dataloader": "test_dataloaders",
    "predict_dataloader": "predict_dataloaders",
}

# LightningModule properties without a setter in 2.6 (inspect; test_lint_catalogue.py checks):
# ``self.device = device`` / ``self.logger = ...`` in a module's own code is an AttributeError
LM_READ_ONLY = frozenset(
    {
        "current_epoch",
        "device",
        "device_mesh",
        "global_rank",
        "global_step",
        "hparams",
        "hparams_initial",
        "local_rank",
        "logger",
        "loggers",
        "on_gpu",
    }
)

# Trainer properties without a setter in 2.6 (read with inspect; test_lint_catalogue.py checks):
# 1.x code assigned several of them (trainer.current_epoch = ..., trainer.model = ..., and a
# custom loop's trainer.train_dataloader = None, which 1.x kept as plain attributes)
READ_ONLY_TRAINER_PROPS = frozenset(
    {
        "accelerator",
        "callback_metrics",
        "checkpoint_callback",
        "checkpoint_callbacks",
        "current_epoch",
        "default_root_dir",
        "device_ids",
        "distributed_sampler_kwargs",
        "early_stopping_callback",
        "early_stopping_callbacks",
        "enable_validation",
        "estimated_stepping_batches",
        "evaluating",
        "global_rank",
        "global_step",
        "interrupted",
        "is_global_zero",
        "is_last_batch",
        "lightning_module",
        "local_rank",
        "log_dir",
        "logged_metrics",
        "lr_scheduler_configs",
        "max_epochs",
        "max_steps",
        "min_epochs",
        "min_steps",
        "model",
        "node_rank",
        "num_devices",
        "num_nodes",
        "num_predict_batches",
        "num_sanity_val_batches",
        "num_test_batches",
        "num_training_batches",
        "num_val_batches",
        "precision",
        "precision_plugin",
        "predict_dataloaders",
        "progress_bar_callback",
        "progress_bar_metrics",
        "received_sigterm",
        "scaler",
        "strategy",
        "test_dataloaders",
        "train_dataloader",
        "val_dataloaders",
        "world_size",
    }
)
# the public API of a 2.6 Accelerator: 1.x's accelerator also ran the steps, moved batches and
# held the model and optimizers (trainer.accelerator.batch_to_device, .lightning_module, ...)
ACCELERATOR_API = frozenset(
    {
        "auto_device_count",
        "get_device_stats",
        "get_parallel_devices",
        "is_available",
        "name",
        "parse_devices",
        "register_accelerators",
        "setup",
        "setup_device",
        "teardown",
    }
)

# Lightning's progress bar classes (1.x and 2.x names) and the members 1.x's had that 2.6's lack
# (the ProgressBarBase/ProgressBar classes of the 1.2.10 ... 1.9.5 wheels against 2.6's
# ProgressBar/TQDMProgressBar): read on ``self`` in a subclass, or on trainer.progress_bar_callback
# TQDMProgressBar's members that 2.6's ProgressBar base class lacks (dir() of the two)
TQDM_ONLY = frozenset(
    {
        "BAR_FORMAT",
        "init_predict_tqdm",
        "init_sanity_tqdm",
        "init_test_tqdm",
        "init_train_tqdm",
        "init_validation_tqdm",
        "is_disabled",
        "is_enabled",
        "predict_progress_bar",
        "process_position",
        "refresh_rate",
        "test_progress_bar",
        "train_progress_bar",
        "val_progress_bar",
    }
)
# the Trainer's evaluation loaders: a list in 1.x, the loaders as passed in 2.x
EVAL_DATALOADERS = frozenset({"val_dataloaders", "test_dataloaders", "predict_dataloaders"})
# what code reads of a DataLoader (and a batch has not): the item of a loop is a loader
_LOADER_MEMBERS = frozenset({"dataset", "sampler", "batch_sampler", "batch_size", "num_workers"})
PROGRESS_BAR_BASES = ("ProgressBar", "ProgressBarBase", "TQDMProgressBar", "RichProgressBar")
REMOVED_PROGRESS_BAR_ATTRS: dict[str, TrainerArg] = {
    "main_progress_bar": TrainerArg("2.0", "train_progress_bar"),
    "train_batch_idx": TrainerArg("2.0", "the batch_idx the hook receives"),
    "val_batch_idx": TrainerArg("2.0", "the batch_idx the hook receives"),
    "test_batch_idx": TrainerArg("2.0", "the batch_idx the hook receives"),
    "predict_batch_idx": TrainerArg("2.0", "the batch_idx the hook receives"),
    "total_test_batches": TrainerArg("1.x", "total_test_batches_current_dataloader"),
    "total_predict_batches": TrainerArg("1.x", "total_predict_batches_current_dataloader"),
    "total_batches_current_epoch": TrainerArg("2.0", "total_train_batches + total_val_batches"),
    # RichProgressBar's task id (the 1.8.6/1.9.5 wheels; benchmarks/lint_api_audit.py)
    "main_progress_bar_id": TrainerArg("2.0", "train_progress_bar_id"),
}

# trainer.<owner>.<attr>: members of what a 1.x Trainer property returned that 2.6's lacks. The
# loops: the public members of the 1.9.5 wheel's FitLoop / TrainingEpochLoop / EvaluationLoop /
# PredictionLoop (read with ast) that the 2.6 loops of a built Trainer lack; train_dataloader: 1.x
# wrapped it in a CombinedLoader (``.loaders``), 2.x returns the loaders as they were passed.
_EVAL_LOOP_ATTRS = {
    "epoch_loop": TrainerArg("2.0", "the loop itself: 2.x's loops are private, one level"),
    "dataloaders": TrainerArg("2.0", "trainer.val_dataloaders / test_dataloaders / ..."),
    "current_dataloader_idx": TrainerArg("2.0", "the hook's dataloader_idx argument"),
    "current_dataloader": TrainerArg("2.0", "trainer.val_dataloaders / test_dataloaders / ..."),
    "dataloader_progress": TrainerArg("2.0", "the loop's batch_progress"),
}
REMOVED_NESTED_ATTRS: dict[str, dict[str, TrainerArg]] = {
    "fit_loop": {
        "running_loss": TrainerArg("2.0", "self.log('loss', loss, prog_bar=True) in training_step"),
        "split_idx": TrainerArg("2.0", "nothing (truncated BPTT was removed)"),
    },
    "epoch_loop": {
        "batch_loop": TrainerArg(
            "2.0", "trainer.fit_loop.epoch_loop.automatic_optimization / .manual_optimization"
        ),
    },
    **{
        loop: _EVAL_LOOP_ATTRS
        for loop in ("validate_loop", "test_loop", "predict_loop", "val_loop")
    },
    "train_dataloader": {
        "loaders": TrainerArg("2.0", "trainer.train_dataloader itself (the loaders as passed)"),
    },
    # the private connector 1.x code read its flags on (lightning-transformers' num_training_steps:
    # ``accelerator_connector.use_ddp2 or accelerator_connector.use_dp``): each a member of the
    # AcceleratorConnector in the 1.2.10, 1.4.9 or 1.9.5 wheel (read with ast), none of them of
    # 2.6's _AcceleratorConnector (test_lint_changelog_rules.py checks)
    "_accelerator_connector": {
        **{
            flag: TrainerArg("1.x", "isinstance(trainer.strategy, ...) / trainer.num_devices")
            for flag in ("use_dp", "use_ddp", "use_ddp2", "use_deepspeed")
        },
        "use_horovod": TrainerArg("1.x", "nothing: Horovod support was removed"),
        "replace_sampler_ddp": TrainerArg(
            "2.0", "trainer._accelerator_connector.use_distributed_sampler"
        ),
        "parallel_device_ids": TrainerArg("1.x", "trainer.device_ids"),
        "parallel_devices": TrainerArg(
            "1.x", "trainer.device_ids / trainer.strategy.parallel_devices"
        ),
        "root_gpu": TrainerArg("1.x", "trainer.strategy.root_device.index"),
        "num_gpus": TrainerArg("1.x", "trainer.num_devices"),
        "gpus": TrainerArg("1.x", "trainer.num_devices"),
        "num_processes": TrainerArg("1.x", "trainer.num_devices"),
        "tpu_cores": TrainerArg("1.x", "trainer.num_devices"),
        "num_nodes": TrainerArg("1.x", "trainer.num_nodes"),
        "amp_level": TrainerArg("1.x", "nothing: apex support was removed"),
        "amp_type": TrainerArg("1.x", "trainer.precision"),
        "benchmark": TrainerArg("2.0", "torch.backends.cudnn.benchmark"),
        "deterministic": TrainerArg("2.0", "torch.are_deterministic_algorithms_enabled()"),
        "has_tpu": TrainerArg("1.x", "isinstance(trainer.accelerator, XLAAccelerator)"),
        "has_ipu": TrainerArg("1.x", "nothing: IPU support left Lightning"),
        "is_slurm_managing_tasks": TrainerArg("1.x", "SLURMEnvironment.detect()"),
        "select_accelerator": TrainerArg("1.x", "trainer.accelerator"),
        "training_type_plugin": TrainerArg("1.x", "trainer.strategy"),
    },
}

# trainer.fit_loop.max_steps = N: 1.9's setters (the 1.9.5 wheel) are gone, 2.6's are read-only
# properties (AttributeError); test_lint_changelog_rules.py checks
READ_ONLY_NESTED_ATTRS: dict[str, frozenset[str]] = {
    "fit_loop": frozenset({"max_steps", "min_steps"})
}

# the removed Trainer attributes that were class methods, reached on the class too
TRAINER_CLASS_METHODS = frozenset(
    {"default_attributes", "match_env_arguments", "available_plugins"}
)

# trainer.X = ... that 2.6 silently ignores (the setting lives elsewhere now)
# (trainer.resume_from_checkpoint = path: 2.x never resumes from it; trainer.ckpt_path = path or
# fit(ckpt_path=) does)
MOVED_TRAINER_SETTINGS = {"prepare_data_per_node", "resume_from_checkpoint"}

# loop customisation (loop.replace(...), loop.connect(...)) was removed in 2.0: 2.6's loops are
# private classes without these methods
REMOVED_LOOP_METHODS = {"replace", "connect"}


# 1.x's model-summary class (core.memory until 1.5, then utilities.model_summary) took
# ``mode="top"|"full"``; 2.x's ``ModelSummary(model, max_depth=1)`` has no ``mode`` (TypeError)
MODEL_SUMMARY_CLASSES = {
    "lightning.pytorch.core.memory.ModelSummary",
    "lightning.pytorch.utilities.model_summary.ModelSummary",
    "lightning.pytorch.utilities.model_summary.model_summary.ModelSummary",
}
SUMMARY_MODE_DEPTH = {"top": "1", "full": "-1"}
# Lightning's Accelerator base class (1.x paths are canonical as lightning.pytorch.*)
ACCELERATOR_CLASSES = {
    "lightning.pytorch.accelerators.Accelerator",
    "lightning.pytorch.accelerators.accelerator.Accelerator",
}
# ... and its class constants for those modes, gone with them (AttributeError)
SUMMARY_MODE_CONSTANTS = {"MODE_TOP", "MODE_FULL", "MODE_DEFAULT", "MODES"}


class TrainerAttrChecks:
    """The family's detection, mixed into the checker (``self`` is the Checker)."""

    def check_model_summary_call(self, node: cst.Call) -> None:
        """``ModelSummary(model, mode="full")``: 2.x's summary class has ``max_depth`` instead
        (LS125; the fix writes max_depth=-1 for "full", 1 for "top")."""
        kw = kwargs_of(node)
        if "mode" not in kw or not self.qnames(node.func) & MODEL_SUMMARY_CLASSES:
            return
        arg = kw["mode"]
        depth = SUMMARY_MODE_DEPTH.get(str_value(arg.value) or "")
        fixable = depth is not None and "max_depth" not in kw
        r = self.report(
            arg,
            "LS125",
            "`ModelSummary(model, mode=...)`: 2.x's ModelSummary has no `mode` (TypeError); "
            'use max_depth= (mode="top" is max_depth=1, "full" is max_depth=-1)',
            fixable,
        )
        if fixable:
            value = cst.parse_expression(depth)  # type: ignore[arg-type]
            r.replace_arg(arg, [("max_depth", value)])

    def check_trainer_attribute(self, node: cst.Attribute) -> None:
        """trainer.num_gpus, trainer.tuner, ...: gone from the 2.6 Trainer (LS123, LS120)."""
        attr = node.attr.value
        self.check_logger_attribute(node)  # trainer.logger.close(): the logging family's
        if (
            attr not in ACCELERATOR_API
            and not attr.startswith("__")
            and self.qnames(node.value) & ACCELERATOR_CLASSES
        ):
            # Accelerator._clip_gradients(self, optimizer, clip_val): 1.x's Accelerator did the
            # training itself; 2.6's only sets up the device (private names too: called on the
            # class, they are no attribute of a run's object but a missing method)
            self.report(
                node,
                "LS123",
                f"`Accelerator.{attr}` is gone: a 2.x Accelerator only sets up the device; use "
                "trainer.strategy (clip_gradients, batch_to_device, model, barrier, ...) or "
                "the LightningModule's own clip_gradients",
            )
        if attr in SUMMARY_MODE_CONSTANTS and self.qnames(node.value) & MODEL_SUMMARY_CLASSES:
            self.report(
                node,
                "LS125",
                f"`ModelSummary.{attr}` is gone with the summary's `mode` (AttributeError on "
                "2.x); pass max_depth= (1 for the top level, -1 for every layer)",
            )
        self.check_super_hook_call(node)  # super().on_train_epoch_end(..., outputs)
        parent = self.get_metadata(ParentNodeProvider, node, None)
        # setting a removed attribute is no error, but Lightning never reads it: only the
        # settings 2.6 moved elsewhere count when assigned
        # (a replaced connector, ``trainer.checkpoint_connector = MyConnector(trainer)``, is one:
        # 2.x reads its private ``_checkpoint_connector``, so the replacement is never used)
        assigned = (
            isinstance(parent, cst.AssignTarget)
            and attr not in MOVED_TRAINER_SETTINGS
            and not attr.endswith("_connector")
        )
        if (
            attr in REMOVED_TRAINER_ATTRS
            and not assigned
            and (
                self._trainer_like(node.value)
                # the class itself: Trainer.default_attributes(), pl.Trainer.match_env_arguments()
                or (attr in TRAINER_CLASS_METHODS and bool(self.qnames(node.value) & TRAINER))
            )
            and not self._own_method(node)  # e.g. a Trainer subclass's own run_sanity_check
        ):
            info = REMOVED_TRAINER_ATTRS[attr]
            who = "trainer" if self._trainer_like(node.value) else "Trainer"
            self.report(node, "LS123", f"`{who}.{attr}` {info.gone}; use {info.instead}")
        if (
            isinstance(parent, cst.AssignTarget)
            and attr in READ_ONLY_TRAINER_PROPS
            and self._trainer_like(node.value)
            and not config_section(node.value)  # config.trainer.default_root_dir = ...
            and not self._own_method(node)
        ):
            self.report(
                node,
                "LS123",
                f"`trainer.{attr} = ...`: `{attr}` is a read-only property in 2.x (AttributeError:"
                " no setter); pass it to Trainer(...) or let the loops maintain it",
            )
        receiver = node.value
        if (
            not attr.startswith("_")
            and attr not in ACCELERATOR_API
            and (
                (
                    isinstance(receiver, cst.Attribute)
                    and receiver.attr.value == "accelerator"
                    and self._trainer_like(receiver.value)
                )
                # current_accelerator = trainer.accelerator; current_accelerator.precision_plugin
                or (isinstance(receiver, cst.Name) and receiver.value in self._accelerator_vars)
            )
            and not isinstance(self.get_metadata(ParentNodeProvider, node, None), cst.AssignTarget)
        ):
            held = receiver.value if isinstance(receiver, cst.Name) else "trainer.accelerator"
            self.report(
                node,
                "LS123",
                f"`{held}.{attr}` is gone: a 2.x Accelerator only sets up the "
                "device; use trainer.strategy (batch_to_device, model, root_device, barrier, ...)",
            )
        if (
            attr.endswith("_connector")
            and not attr.startswith("_")
            and attr not in REMOVED_TRAINER_ATTRS
            and self._trainer_like(node.value)
        ):
            self.report(
                node,
                "LS123",
                f"`trainer.{attr}` is gone: 2.x's connectors are private; use the Trainer's "
                "public properties and methods",
            )
        owner = (
            receiver.attr.value
            if isinstance(receiver, cst.Attribute) and self._trainer_rooted(receiver)
            # connector = self.trainer._accelerator_connector; connector.use_ddp2
            else self._nested_vars.get(receiver.value)
            if isinstance(receiver, cst.Name)
            else None
        )
        if (
            owner is not None
            and (info := REMOVED_NESTED_ATTRS.get(owner, {}).get(attr)) is not None
            and not isinstance(parent, cst.AssignTarget)
        ):
            self.report_removed(node, "LS123", f"`{owner}` has", info.since, info.instead)
        if (
            isinstance(receiver, cst.Attribute)
            and isinstance(parent, cst.AssignTarget)
            and attr in READ_ONLY_NESTED_ATTRS.get(receiver.attr.value, ())
            and self._trainer_rooted(receiver)
        ):
            self.report(
                node,
                "LS123",
                f"`{dotted(node) or attr} = ...`: `{attr}` is a read-only property of 2.x's "
                f"{receiver.attr.value} (AttributeError); pass {attr}= to Trainer(...)",
            )
        if attr == "tuner" and self._trainer_like(node.value):
            self.report(
                node,
                "LS120",
                "`trainer.tuner` was removed in 2.0; use "
                "`lightning.pytorch.tuner.Tuner(trainer).lr_find(model)` / "
                "`.scale_batch_size(model)`",
            )

    def check_trainer_getattr(self, node: cst.Call) -> None:
        """``getattr(trainer, "num_gpus")``, ``getattr(self.trainer, f"reset_{name}")``: a removed
        Trainer member reached by name (LS123). A default (third argument) guards it: quiet."""
        if not (isinstance(node.func, cst.Name) and node.func.value == "getattr"):
            return
        args = node.args
        if len(args) != 2 or any(a.star or a.keyword for a in args):
            return
        if not self._trainer_like(args[0].value):
            return
        value = args[1].value
        if isinstance(value, cst.Name):
            self._check_getattr_loop(value)
            return
        hits: list[str] = []
        prefix = ""
        if (s := str_value(value)) is not None and s in REMOVED_TRAINER_ATTRS:
            hits = [s]
        elif isinstance(value, cst.FormattedString) and value.parts:
            first = value.parts[0]
            prefix = first.value if isinstance(first, cst.FormattedStringText) else ""
            if len(prefix) >= 4:  # f"reset_{name}": every removed member it can spell
                hits = [a for a in REMOVED_TRAINER_ATTRS if a.startswith(prefix)]
        if not hits:
            return
        name = hits[0] if len(hits) == 1 else f"{prefix}*"
        info = REMOVED_TRAINER_ATTRS[hits[0]]
        self.report(
            node,
            "LS123",
            f"`getattr(trainer, {cst.Module([]).code_for_node(value)})` reaches `trainer.{name}`, "
            f"which {info.gone}; use {info.instead}",
        )

    def _check_getattr_loop(self, name: cst.Name) -> None:
        """``for ca in ['max_steps', 'auto_lr_find']: getattr(trainer, ca)`` (or the list bound
        to a name first in the same function): each removed member the loop reaches is an
        AttributeError, reported at its string (LS123)."""
        node: cst.CSTNode | None = name
        loop = None
        while node is not None and not isinstance(node, cst.FunctionDef | cst.Module):
            node = self.get_metadata(ParentNodeProvider, node, None)
            if (
                # a for statement, or a comprehension: {k: getattr(trainer, k) for k in (...)}
                isinstance(node, cst.For | cst.CompFor)
                and isinstance(node.target, cst.Name)
                and node.target.value == name.value
            ):
                loop = node
                break
            if isinstance(node, cst.BaseComp | cst.DictComp):
                clause: cst.CompFor | None = node.for_in
                while clause is not None:  # the clause that binds it, any level
                    if isinstance(clause.target, cst.Name) and clause.target.value == name.value:
                        loop = clause
                        break
                    clause = clause.inner_for_in
                if loop is not None:
                    break
        if loop is None:
            return
        items = loop.iter
        if isinstance(items, cst.Name):
            scope = node
            while scope is not None and not isinstance(scope, cst.FunctionDef | cst.Module):
                scope = self.get_metadata(ParentNodeProvider, scope, None)
            bound = (
                [
                    a.value
                    for a in assigns_in(scope)
                    if any(
                        isinstance(t.target, cst.Name) and t.target.value == items.value
                        for t in a.targets
                    )
                ]
                if scope is not None
                else []
            )
            if len(bound) != 1:
                return  # rebound, or not bound here: unknown
            items = bound[0]
        if not isinstance(items, cst.List | cst.Tuple | cst.Set):
            return
        for el in items.elements:
            if (s := str_value(el.value)) is not None and s in REMOVED_TRAINER_ATTRS:
                info = REMOVED_TRAINER_ATTRS[s]
                self.report(
                    el.value,
                    "LS123",
                    f"`getattr(trainer, {name.value})` reaches `trainer.{s}` from this list, "
                    f"which {info.gone}; use {info.instead}",
                )

    def _trainer_rooted(self, node: cst.Attribute) -> bool:
        """trainer.fit_loop, self.trainer.fit_loop.epoch_loop: a Trainer property reached from
        something trainer-like through loop attributes only."""
        base: cst.BaseExpression = node.value
        while isinstance(base, cst.Attribute) and base.attr.value.endswith("_loop"):
            if self._trainer_like(base):
                return True
            base = base.value
        return self._trainer_like(base)

    def check_dataloaders_index(self, node: cst.Subscript) -> None:
        """``trainer.val_dataloaders[0]``: 1.x always held a list of loaders; 2.x returns them as
        they were passed, so a single DataLoader is not subscriptable (TypeError, LS123)."""
        value = node.value
        if not (
            isinstance(value, cst.Attribute)
            and value.attr.value in EVAL_DATALOADERS
            and len(node.slice) == 1
            and isinstance(index := node.slice[0].slice, cst.Index)
            and isinstance(index.value, cst.Integer)
            and self._trainer_like(value.value)
        ):
            return
        self.report(
            node,
            "LS123",
            f"`{dotted(value) or value.attr.value}[{index.value.value}]`: 1.x kept a list of "
            f"loaders here, 2.x returns them as they were passed, and a single DataLoader is not "
            f"subscriptable (TypeError); use `trainer.{value.attr.value}` itself (index it only "
            "when you passed a list)",
        )

    def visit_For(self, node: cst.For) -> None:
        """``for loader in trainer.test_dataloaders: n += len(loader.dataset)`` (anomalib's
        timer callback): 1.x always held a list of loaders; 2.x returns a single DataLoader as
        it was passed, so the loop runs over its batches (LS123). Reported only where the loop
        uses the item as a loader."""
        it, target = node.iter, node.target
        if not (
            isinstance(it, cst.Attribute)
            and it.attr.value in EVAL_DATALOADERS
            and isinstance(target, cst.Name)
            and self._trainer_like(it.value)
        ):
            return
        if not any(
            isinstance(a, cst.Attribute)
            and isinstance(a.value, cst.Name)
            and a.value.value == target.value
            and a.attr.value in _LOADER_MEMBERS
            for a in cstm.findall(node.body, cstm.Attribute())
        ):
            return
        self.report(
            it,
            "LS123",
            f"`for {target.value} in {dotted(it) or it.attr.value}`: 1.x kept a list of loaders "
            "here, 2.x returns them as they were passed, so with one DataLoader the loop runs "
            f"over its batches; loop over `{it.attr.value}` only when it is a list (or wrap a "
            "single loader in one)",
        )

    def check_progress_bar_attribute(self, node: cst.Attribute) -> None:
        """self.main_progress_bar in a progress bar subclass, trainer.progress_bar_callback.X:
        members of 1.x's progress bars that 2.6's lack (LS123)."""
        attr = node.attr.value
        if attr in TQDM_ONLY:
            self._tqdm_member_of_base(node)
        info = REMOVED_PROGRESS_BAR_ATTRS.get(attr)
        if info is None:
            return
        receiver, m = node.value, self.method
        if isinstance(receiver, cst.Attribute):
            ok = receiver.attr.value == "progress_bar_callback" and self._trainer_like(
                receiver.value
            )
        else:
            ok = (
                m is not None
                and m.cls is not None
                and isinstance(receiver, cst.Name)
                and receiver.value == m.self_name
                and (name := m.cls.node.name.value) in self.facts.progress_bar
                and attr not in self.facts.defined_members(name)  # the subclass keeps its own
            )
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if ok and not isinstance(parent, cst.AssignTarget):
            self.report_removed(
                node, "LS123", "Lightning's progress bars have", info.since, info.instead
            )

    def _tqdm_member_of_base(self, node: cst.Attribute) -> None:
        """``super().init_validation_tqdm()`` / ``self.val_progress_bar`` in a subclass of the
        imported ``ProgressBar``: 1.x's was the tqdm bar, 2.x's is the bare base class, which
        lacks them (AttributeError). Reported on the import, once, like ``ProgressBar()``."""
        m, receiver = self.method, node.value
        if m is None or m.cls is None:
            return
        on_super = isinstance(receiver, cst.Call) and dotted(receiver.func) == "super"
        on_self = isinstance(receiver, cst.Name) and receiver.value == m.self_name
        if not (on_super or on_self):
            return
        # super() looks in the bases only; self. finds the class's (or a mixin's) own first
        chain = self.facts.lineage(m.cls.node.name.value)[1 if on_super else 0 :]
        if any(node.attr.value in self.facts.defined_members(c) for c in chain):
            return
        self._report_bar_base(m.cls.node)

    def check_tqdm_override(self, node: cst.FunctionDef) -> None:
        """``def init_train_tqdm(self)`` in a subclass of 1.x's ``ProgressBar`` (the tqdm bar):
        2.x's ProgressBar is the base class, which never calls it. Reported on the base's
        import (or the base itself, ``pl.callbacks.ProgressBar``), once."""
        cls = self.cls
        name = node.name.value
        if cls is not None and name in TQDM_ONLY and name.startswith("init_"):
            self._report_bar_base(cls.node)

    def _report_bar_base(self, cls: cst.ClassDef) -> None:
        """LS130 on the 1.x ``ProgressBar`` a class derives from: on its import when imported by
        name, else on the base (``pl.callbacks.ProgressBar``); once each. Quiet where another
        base (from another package) may supply the tqdm members."""
        bars = self.__dict__.get("_bar_imports") or {}
        bases = [b.value for b in cls.bases]
        bar = next((b for b in bases if isinstance(b, cst.Name) and b.value in bars), None)
        if bar is None:
            bar = next(
                (
                    b
                    for b in bases
                    if isinstance(b, cst.Attribute) and self.qnames(b) & PROGRESS_BAR_NAMES
                ),
                None,
            )
        if bar is None:
            return
        if any(
            b is not bar and not (isinstance(b, cst.Name) and b.value in self.facts.bases)
            for b in bases
        ):
            return  # a base from another package may define it
        if isinstance(bar, cst.Name):
            self.report(bars.pop(bar.value), "LS130", PROGRESS_BAR_MOVED)
            return
        done = self.__dict__.setdefault("_bar_bases", set())
        if id(bar) not in done:
            done.add(id(bar))
            self.report(bar, "LS130", PROGRESS_BAR_MOVED)

    def check_unpatched_loader_call(self, node: cst.Call) -> None:
        """``self.train_dataloader()`` in a LightningModule that defines none (its data come
        from a DataModule): 1.x patched the DataModule's loaders onto the module, 2.x does not,
        and the module's own hook raises MisconfigurationException (LS125). Only where every
        base up the class's chain is Lightning's or the run's, which would show the method."""
        m = self.method
        func = node.func
        if (
            m is None
            or m.cls is None
            or m.cls.kind != "lm"
            or m.cls.inferred
            or not isinstance(func, cst.Attribute)
            or not isinstance(func.value, cst.Name)
            or func.value.value != m.self_name
            or func.attr.value not in _LOADER_HOOKS
        ):
            return
        name, attr = m.cls.node.name.value, func.attr.value
        if not self.facts.chain_known(name) or attr in self.facts.defined_methods(name):
            return
        stage = _LOADER_HOOKS[attr]
        self.report(
            node,
            "LS125",
            f"`{m.self_name}.{attr}()`: this module defines no `{attr}`; 1.x patched the "
            "DataModule's loaders onto the module, 2.x does not and the hook raises "
            f"MisconfigurationException; read `self.trainer.{stage}` (or "
            f"`self.trainer.datamodule.{attr}()`)",
        )

    def check_module_attribute(self, node: cst.Attribute, hooks: dict[str, str]) -> None:
        """self.summarize(), self.model_size, super().training_epoch_end(...), pl_module.X:
        gone from the 2.6 LightningModule (LS125). ``hooks``: removed hooks, and what replaced
        them, which a call or a ``super()`` lookup reaches as attributes too."""
        attr = node.attr.value
        if attr in REMOVED_MODULE_HOOKS and self._relayed_hook_call(node):
            since, instead = REMOVED_MODULE_HOOKS[attr]
            self.report_removed(node, "LS125", "LightningModule has", since, instead)
            return
        info = REMOVED_MODULE_ATTRS.get(attr)
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if (
            info is not None
            and attr not in _COMMON_MODULE_NAMES
            and isinstance(node.value, cst.Attribute)
            and node.value.attr.value == "lightning_module"
            and self._trainer_like(node.value.value)
            and not isinstance(parent, cst.AssignTarget)
        ):
            # trainer.lightning_module.summarize(): whichever module the Trainer runs
            self.report_removed(node, "LS125", "LightningModule has", info.since, info.instead)
            return
        receiver = node.value
        if (
            info is not None
            and attr in _LIGHTNING_ONLY_MODULE_NAMES
            and self._module_class(receiver, attr)
        ):
            # LightningModule.from_compiled(model), LitModel.to_uncompiled(m): 1.9's class
            # methods, read on the class itself (benchmarks/lint_api_audit.py)
            self.report_removed(
                node, "LS125", "LightningModule has", info.since, info.instead, dotted(node)
            )
            return
        # LitModel(...).summarize(): a new instance of a module of the run
        built = (
            receiver.func.value
            if isinstance(receiver, cst.Call)
            and isinstance(receiver.func, cst.Name)
            and receiver.func.value in self.facts.lm
            else None
        )
        if info is not None and (built is not None or isinstance(receiver, cst.Name)):
            # model = LitModel(...); model.summarize(): an instance of a module of the run
            cls_name = built or self._lm_var_class.get(dotted(receiver) or "")
            parent = self.get_metadata(ParentNodeProvider, node, None)
            if (
                cls_name is not None
                and not isinstance(parent, cst.AssignTarget)
                and not self.assigned_before(node)  # model.datamodule = dm; ... model.datamodule
                and self.facts.chain_known(cls_name)
                and attr not in self.facts.defined_members(cls_name)
            ):
                self.report_removed(
                    node,
                    "LS125",
                    "LightningModule has",
                    info.since,
                    info.instead,
                    what=f"{f'{built}(...)' if built else dotted(receiver)}.{attr}",
                )
                return
        instead = info.instead if info is not None else hooks.get(attr)
        m = self.method
        if instead is None or m is None or m.cls is None:
            return
        receiver = node.value
        on_super = isinstance(receiver, cst.Call) and dotted(receiver.func) == "super"
        if m.cls.kind == "lm":
            ok = on_super or (isinstance(receiver, cst.Name) and receiver.value == m.self_name)
            if ok and info is None and not on_super:
                ok = False  # self.training_epoch_end(...) calls the class's own (LS110 says so)
            cls_name = m.cls.node.name.value
        elif m.cls.kind == "callback":
            ok = (
                info is not None
                and attr not in _COMMON_MODULE_NAMES
                and isinstance(receiver, cst.Name)
                and receiver.value == m.second_param
            )
            cls_name = None
        else:
            return
        if not ok:
            return
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.AssignTarget):
            return  # setting it defines the user's own attribute
        if cls_name is not None:
            if not self.facts.chain_known(cls_name) and (
                on_super or attr not in _LIGHTNING_ONLY_MODULE_NAMES
            ):
                return  # a base from another package may define it
            # the class (or a base of this run) defines or assigns it itself; super() looks in
            # the bases only
            owners = self.facts.bases.get(cls_name, set()) if on_super else {cls_name}
            if any(attr in self.facts.defined_members(c) for c in owners):
                return
        since = info.since if info is not None else "2.0"
        what = "super()" if on_super else dotted(receiver) or "self"
        self.report_removed(node, "LS125", "LightningModule has", since, instead, f"{what}.{attr}")

    def _module_class(self, node: cst.BaseExpression, attr: str) -> bool:
        """``LightningModule`` itself, or a LightningModule class of the run whose bases are
        all known and none of which defines ``attr``."""
        if self.qnames(node) & _LM_CLASSES:
            return True
        name = node.value if isinstance(node, cst.Name) else None
        return (
            name is not None
            and name in self.facts.lm
            and self.facts.chain_known(name)
            and not any(attr in self.facts.defined_members(c) for c in self.facts.lineage(name))
        )

    def _relayed_hook_call(self, node: cst.Attribute) -> bool:
        """``trainer.lightning_module.on_train_dataloader()``, or ``pl_module.X()`` in a Callback
        hook: framework code calling a module hook by hand (loops, adapters) on a module it did
        not define; a removed hook is an AttributeError there."""
        call = self.get_metadata(ParentNodeProvider, node, None)
        if not (isinstance(call, cst.Call) and call.func is node):
            return False
        receiver, m = node.value, self.method
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "lightning_module":
            return self._trainer_like(receiver.value)
        return (
            m is not None
            and m.cls is not None
            and m.cls.kind == "callback"
            and isinstance(receiver, cst.Name)
            and receiver.value == m.second_param
        )

    def report_tune(self, node: cst.Call) -> None:
        self.report(
            node,
            "LS120",
            "`Trainer.tune()` was removed in 2.0; use "
            "`Tuner(trainer).lr_find(model)` / `.scale_batch_size(model)` "
            "from lightning.pytorch.tuner",
        )

    def check_loop_override(self, cls: _ClassCtx, node: cst.FunctionDef) -> None:
        """``def connect(self, ...)`` in a subclass of a Lightning loop: loop customisation, gone
        in 2.0 with the public Loop classes (2.6's loops are private and never call it)."""
        if node.name.value not in REMOVED_LOOP_METHODS or not any(
            q.startswith("lightning.pytorch.loops")
            for base in cls.node.bases
            for q in self.qnames(base.value)
        ):
            return
        self.report(
            node.name,
            "LS123",
            f"`{cls.node.name.value}.{node.name.value}` overrides 1.x loop customisation, removed "
            "in 2.0 (2.6's loops are private and never call it): move the logic into "
            "LightningModule hooks or callbacks",
        )

    def check_loop_call(self, node: cst.Call, func: cst.Attribute) -> None:
        """trainer.fit_loop.replace(...) / .connect(...): loop customisation, removed in 2.0.
        Also on a Lightning loop reached another way (``self.fit_loop`` in a custom loop,
        ``epoch_loop.connect(...)``) in a file that imports Lightning."""
        loop = None
        receiver = func.value
        if (
            isinstance(receiver, cst.Name)
            and receiver.value.endswith("_loop")
            and self.file_facts.styles
        ):
            loop = receiver.value
        while isinstance(receiver, cst.Attribute):
            if receiver.attr.value.endswith("loop") and loop is None:
                loop = receiver.attr.value
            if self._trainer_like(receiver.value) and loop is not None:
                break
            receiver = receiver.value
        else:
            if loop is None or not (self.file_facts.styles and loop.endswith("_loop")):
                return
        self.report(
            node,
            "LS123",
            f"`{dotted(func.value) or loop}.{func.attr.value}()` was removed in "
            "2.0 (loop customisation is gone; 2.6's loops are private): move the logic "
            "into LightningModule hooks or callbacks",
        )
