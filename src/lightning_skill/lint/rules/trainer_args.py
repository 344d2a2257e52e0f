"""Rule family: Trainer and LightningCLI arguments (LS101-LS105).

One home for the rules, their value tables and their messages: the Python checker and the YAML
(LightningCLI config) checker both call the ``*_message`` functions here, so a Trainer argument is
reported the same way wherever it is written.
"""

from __future__ import annotations

from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule, TrainerArg

RULES = (
    Rule(
        "LS101",
        "removed-trainer-argument",
        "error",
        "Trainer argument removed in 2.x (TypeError on 2.6)",
        "see the replacement in the message",
        "migration",
        "2.0",
        "some",
        _GUIDE,
    ),
    Rule(
        "LS102",
        "legacy-precision",
        "warning",
        "precision alias 16/'16'/'bf16' is legacy (Lightning warns)",
        "write precision='16-mixed' or 'bf16-mixed'",
        "migration",
        "2.0",
        "yes",
        f"{_DOCS}/common/precision_basic.html",
    ),
    Rule(
        "LS103",
        "removed-strategy",
        "error",
        "strategy/accelerator name not registered in 2.x",
        "use a registered strategy name (ddp, ddp_spawn, fsdp, deepspeed, ...)",
        "migration",
        "2.0",
        "some",
        f"{_DOCS}/extensions/strategy.html",
    ),
    Rule(
        "LS104",
        "renamed-method-argument",
        "error",
        "Trainer.fit/validate/test keyword renamed",
        "use train_dataloaders= (fit) or dataloaders= (validate/test)",
        "migration",
        "1.4",
        "yes",
        f"{_DOCS}/common/trainer.html",
    ),
    Rule(
        "LS105",
        "removed-cli-argument",
        "error",
        "LightningCLI argument removed in 2.x (TypeError on 2.6)",
        "pass it through save_config_kwargs= or parser_kwargs= as the message says",
        "migration",
        "2.0",
        "no",
        f"{_DOCS}/cli/lightning_cli_expert.html",
    ),
)

# Trainer.__init__ has no **kwargs in 2.6, so each of these is a TypeError.
REMOVED_TRAINER_ARGS: dict[str, TrainerArg] = {
    "gpus": TrainerArg("2.0", "accelerator='gpu', devices=N"),
    "tpu_cores": TrainerArg("2.0", "accelerator='tpu', devices=N"),
    "ipus": TrainerArg("2.0", "the lightning-graphcore package"),
    # hpus was never a Trainer argument (1.6-1.9 took accelerator="hpu", devices=N); still a
    # TypeError when written, so it stays here, marked "never"
    "hpus": TrainerArg("never", "accelerator='hpu', devices=N with the lightning-habana package"),
    "num_processes": TrainerArg("2.0", "accelerator='cpu', devices=N"),
    "auto_select_gpus": TrainerArg("2.0", "devices=find_usable_cuda_devices(N)"),
    "auto_lr_find": TrainerArg("2.0", "Tuner(trainer).lr_find(model)"),
    "auto_scale_batch_size": TrainerArg("2.0", "Tuner(trainer).scale_batch_size(model)"),
    "resume_from_checkpoint": TrainerArg("2.0", "trainer.fit(model, ckpt_path=...)"),
    "progress_bar_refresh_rate": TrainerArg(
        "1.7", "callbacks=[TQDMProgressBar(refresh_rate=N)] or enable_progress_bar=False"
    ),
    "process_position": TrainerArg("1.7", "callbacks=[TQDMProgressBar(process_position=N)]"),
    "weights_summary": TrainerArg(
        "1.7", "enable_model_summary=False, or callbacks=[ModelSummary(max_depth=N)]"
    ),
    "checkpoint_callback": TrainerArg("1.7", "enable_checkpointing=True/False"),
    "flush_logs_every_n_steps": TrainerArg("1.7", "CSVLogger(flush_logs_every_n_steps=N)"),
    "track_grad_norm": TrainerArg(
        "2.0", "log lightning.pytorch.utilities.grad_norm(self, 2) in on_before_optimizer_step"
    ),
    "replace_sampler_ddp": TrainerArg("2.0", "use_distributed_sampler=..."),
    "log_gpu_memory": TrainerArg("1.7", "callbacks=[DeviceStatsMonitor()]"),
    "terminate_on_nan": TrainerArg("1.7", "detect_anomaly=True, or check the loss yourself"),
    "stochastic_weight_avg": TrainerArg(
        "1.7", "callbacks=[StochasticWeightAveraging(swa_lrs=...)]"
    ),
    "prepare_data_per_node": TrainerArg(
        "1.7", "self.prepare_data_per_node = ... in the LightningModule/DataModule"
    ),
    "move_metrics_to_cpu": TrainerArg("2.0", "nothing (removed without replacement)"),
    "multiple_trainloader_mode": TrainerArg("2.0", "CombinedLoader(loaders, mode=...)"),
    "amp_backend": TrainerArg("2.0", "nothing: native AMP is the only backend (apex is gone)"),
    "amp_level": TrainerArg("2.0", "nothing: apex support was removed"),
    # the Trainer argument went in 1.5; the LightningModule attribute that replaced it, in 2.0
    "truncated_bptt_steps": TrainerArg("1.5", "manual optimization over the sequence chunks"),
    "reload_dataloaders_every_epoch": TrainerArg("1.6", "reload_dataloaders_every_n_epochs=1"),
    "distributed_backend": TrainerArg("1.5", "strategy=..."),
    "weights_save_path": TrainerArg("1.8", "ModelCheckpoint(dirpath=...)"),
    # older still: renamed or dropped in 0.x/early 1.x, still met in copied code
    "early_stop_callback": TrainerArg("1.0", "callbacks=[EarlyStopping(monitor=...)]"),
    "automatic_optimization": TrainerArg(
        "1.x", "self.automatic_optimization = False in the LightningModule"
    ),
    "enable_pl_optimizer": TrainerArg("1.x", "nothing (optimizers are always wrapped)"),
    "row_log_interval": TrainerArg("1.x", "log_every_n_steps=N"),
    "log_save_interval": TrainerArg("1.x", "CSVLogger(flush_logs_every_n_steps=N)"),
    "default_save_path": TrainerArg("<1.0", "default_root_dir=..."),
    "show_progress_bar": TrainerArg("<1.0", "enable_progress_bar=True/False"),
    "nb_gpu_nodes": TrainerArg("<1.0", "num_nodes=N"),
    "gradient_clip": TrainerArg("<1.0", "gradient_clip_val=..."),
    "max_nb_epochs": TrainerArg("<1.0", "max_epochs=N"),
    "min_nb_epochs": TrainerArg("<1.0", "min_epochs=N"),
    "nb_sanity_val_steps": TrainerArg("<1.0", "num_sanity_val_steps=N"),
    "train_percent_check": TrainerArg("<1.0", "limit_train_batches=..."),
    "val_percent_check": TrainerArg("<1.0", "limit_val_batches=..."),
    "test_percent_check": TrainerArg("<1.0", "limit_test_batches=..."),
    "overfit_pct": TrainerArg("<1.0", "overfit_batches=..."),
    "use_amp": TrainerArg("<1.0", "precision='16-mixed'"),
    "num_tpu_cores": TrainerArg("<1.0", "accelerator='tpu', devices=N"),
    "print_nan_grads": TrainerArg("<1.0", "detect_anomaly=True"),
}

# LightningCLI.__init__ has no **kwargs in 2.6 either
REMOVED_CLI_ARGS: dict[str, TrainerArg] = {
    "save_config_filename": TrainerArg("1.8", 'save_config_kwargs={"config_filename": ...}'),
    "save_config_overwrite": TrainerArg("1.8", 'save_config_kwargs={"overwrite": ...}'),
    "save_config_multifile": TrainerArg("1.8", 'save_config_kwargs={"multifile": ...}'),
    "description": TrainerArg("1.9", 'parser_kwargs={"description": ...}'),
    "env_prefix": TrainerArg("1.9", 'parser_kwargs={"env_prefix": ...}'),
    "env_parse": TrainerArg("1.9", 'parser_kwargs={"default_env": ...}'),
}

# strategy names that are no longer registered; value: the 2.x name when there is a 1:1 one
REMOVED_STRATEGIES: dict[str, str | None] = {
    "dp": None,
    "ddp2": None,
    "ddp_cpu": None,
    "ddp_sharded": None,
    "ddp_sharded_spawn": None,
    "ddp_sharded_find_unused_parameters_false": None,
    "horovod": None,
    "bagua": None,
    "colossalai": None,
    "ipu_strategy": None,
    "hpu_parallel": None,
    "hpu_single": None,
    "fsdp_native": "fsdp",
    "ddp_fully_sharded": "fsdp",
    "fsdp_native_full_shard_offload": "fsdp_cpu_offload",
    "tpu_spawn": "xla",
    "tpu_spawn_debug": "xla_debug",
}
# 1.x accepted a strategy as accelerator=...; these still exist as strategy names
STRATEGY_AS_ACCELERATOR = {"ddp", "ddp_spawn", "ddp_fork", "ddp_notebook", "deepspeed", "fsdp"}
REMOVED_ACCELERATORS = {"ipu", "hpu", "ddp_cpu", "dp", "ddp2", "horovod"}

# Trainer method -> {old keyword: new keyword}
RENAMED_METHOD_KWARGS: dict[str, dict[str, str]] = {
    "fit": {"train_dataloader": "train_dataloaders", "val_dataloader": "val_dataloaders"},
    "validate": {"val_dataloaders": "dataloaders"},
    "test": {"test_dataloaders": "dataloaders"},
}


def removed_argument_message(name: str, where: str | None = None) -> str | None:
    """LS101's message for Trainer argument ``name``; ``where`` names how it reached the Trainer
    (a keyword dict, a CLI option, a YAML key); None when the argument still exists."""
    info = REMOVED_TRAINER_ARGS.get(name)
    if info is None:
        return None
    if where is None:
        return f"Trainer({name}=...) {info.gone}; use {info.instead}"
    return f"Trainer argument `{name}` (in {where}) {info.gone}; use {info.instead}"


def legacy_precision(value: str) -> str | None:
    """LS102: the 2.x spelling of a legacy precision alias ('16' -> '16-mixed'), else None."""
    return {"16": "16-mixed", "bf16": "bf16-mixed"}.get(value)


def legacy_precision_message(shown: str, new: str) -> str:
    return f"precision={shown} is a legacy alias (Lightning warns); write precision='{new}'"


def removed_strategy_message(value: str) -> str | None:
    """LS103's message for strategy name ``value``, or None when 2.6 still registers it."""
    if value not in REMOVED_STRATEGIES:
        return None
    target = REMOVED_STRATEGIES[value]
    instead = f"strategy='{target}'" if target else "a registered strategy (ddp, fsdp, ...)"
    return f"strategy='{value}' was removed in 2.0; use {instead}"
