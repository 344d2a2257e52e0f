"""Rule family: Trainer and LightningCLI arguments (LS101-LS105, and LS209-LS211 on Trainer(...)).

One home for the rules, their value tables, their messages, their detection and their fixes
(``TrainerArgChecks``, mixed into the checker). The YAML (LightningCLI config) checker calls the
same ``*_message`` functions, so an argument is reported the same way wherever it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ClassScope, ParentNodeProvider

from lightning_skill.lint.cst_util import (
    NOT_LIGHTNING_TRAINERS,
    TRAINER,
    bool_value,
    dotted,
    has_splat,
    int_value,
    keywords_of,
    kwargs_of,
    literal,
    str_value,
    string_like,
)
from lightning_skill.lint.rules.base import DOCS as _DOCS
from lightning_skill.lint.rules.base import GUIDE as _GUIDE
from lightning_skill.lint.rules.base import Rule, TrainerArg, config_fields, config_target
from lightning_skill.lint.rules.imports import canonical

if TYPE_CHECKING:
    from collections.abc import Callable

    from libcst.metadata import Scope

    from lightning_skill.lint.checker import Reported

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
    Rule(
        "LS209",
        "no-stopping-condition",
        "warning",
        "Trainer without max_epochs/max_steps trains for 1000 epochs",
        "set max_epochs= or max_steps=",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/common/trainer.html#max-epochs",
    ),
    Rule(
        "LS210",
        "fp16-on-cpu",
        "warning",
        "precision='16-mixed' on CPU is replaced by bf16-mixed (Lightning warns)",
        "write precision='bf16-mixed' for CPU",
        "anti-pattern",
        None,
        "yes",
        f"{_DOCS}/common/precision_basic.html",
    ),
    Rule(
        "LS211",
        "deterministic-without-seed",
        "warning",
        "deterministic=True without seed_everything(): runs still differ",
        "call lightning.pytorch.seed_everything(42, workers=True) before building the model",
        "anti-pattern",
        None,
        "no",
        f"{_DOCS}/common/trainer.html#deterministic",
    ),
)

# names of dicts (and keywords taking dicts) that hold Trainer arguments, wherever they are
# passed on: trainer_options, trainer_kwargs=, default_trainer_kwargs, trainer_defaults= ...
TRAINER_OPTIONS = re.compile(
    r"^_?([a-z]+_)?trainer_?(options|opts|kwargs|kwds|kw|args|params|config|cfg|defaults)$", re.I
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

# Trainer.__init__'s parameters in 2.6 (tests/lint checks the list against the installed Trainer)
TRAINER_ARGS_26 = frozenset(
    {
        "accelerator",
        "accumulate_grad_batches",
        "barebones",
        "benchmark",
        "callbacks",
        "check_val_every_n_epoch",
        "default_root_dir",
        "detect_anomaly",
        "deterministic",
        "devices",
        "enable_autolog_hparams",
        "enable_checkpointing",
        "enable_model_summary",
        "enable_progress_bar",
        "fast_dev_run",
        "gradient_clip_algorithm",
        "gradient_clip_val",
        "inference_mode",
        "limit_predict_batches",
        "limit_test_batches",
        "limit_train_batches",
        "limit_val_batches",
        "log_every_n_steps",
        "logger",
        "max_epochs",
        "max_steps",
        "max_time",
        "min_epochs",
        "min_steps",
        "model_registry",
        "num_nodes",
        "num_sanity_val_steps",
        "overfit_batches",
        "plugins",
        "precision",
        "profiler",
        "reload_dataloaders_every_n_epochs",
        "strategy",
        "sync_batchnorm",
        "use_distributed_sampler",
        "val_check_interval",
    }
)

# Trainer arguments whose names a script's own argparse flags share (--gpus, --precision)
_GENERIC_OPTIONS = frozenset(
    {
        "accelerator",
        "benchmark",
        "callbacks",
        "deterministic",
        "devices",
        "gpus",
        "logger",
        "plugins",
        "precision",
        "profiler",
        "strategy",
    }
)

# LightningCLI.__init__ has no **kwargs in 2.6 either
REMOVED_CLI_ARGS: dict[str, TrainerArg] = {
    "save_config_filename": TrainerArg("1.8", 'save_config_kwargs={"config_filename": ...}'),
    "save_config_overwrite": TrainerArg("1.8", 'save_config_kwargs={"overwrite": ...}'),
    "save_config_multifile": TrainerArg("1.8", 'save_config_kwargs={"multifile": ...}'),
    "description": TrainerArg("1.9", 'parser_kwargs={"description": ...}'),
    "env_prefix": TrainerArg("1.9", 'parser_kwargs={"env_prefix": ...}'),
    "env_parse": TrainerArg("1.9", 'parser_kwargs={"default_env": ...}'),
    # benchmarks/lint_api_audit.py (in the 1.6.5..1.8.6 wheels): 2.x fills the registries itself
    "auto_registry": TrainerArg("1.9", "nothing (always on)"),
}

# LightningCLI.__init__'s parameters by position in 2.6, after model_class, datamodule_class and
# save_config_callback (which 1.3-1.9 had in the same places) -> the literal kinds each takes.
# 1.x's fourth was save_config_filename (a str), then save_config_overwrite/multifile (bools, 1.5+),
# description and env_prefix (strs): such a literal passed by position lands in a 2.x parameter
# that cannot take it (save_config_kwargs="config.yaml": an AttributeError when the config is saved)
CLI_POSITIONAL_26: tuple[tuple[str, frozenset[str]], ...] = (
    ("save_config_kwargs", frozenset({"none"})),
    ("trainer_class", frozenset()),
    ("trainer_defaults", frozenset({"none"})),
    ("seed_everything_default", frozenset({"bool", "int"})),
    ("parser_kwargs", frozenset({"none"})),
    ("parser_class", frozenset()),
    ("subclass_mode_model", frozenset({"bool", "int"})),
    ("subclass_mode_data", frozenset({"bool", "int"})),
    ("args", frozenset({"none"})),
    ("run", frozenset({"bool", "int"})),
    ("auto_configure_optimizers", frozenset({"bool", "int"})),
    ("load_from_checkpoint_support", frozenset({"bool", "int"})),
)

# strategy names that are no longer registered; value: the 2.x name when there is a 1:1 one
REMOVED_STRATEGIES: dict[str, str | None] = {
    "dp": None,
    "ddp2": None,
    "ddp_cpu": None,
    "ddp_sharded": None,
    "ddp_sharded_spawn": None,
    "ddp_sharded_find_unused_parameters_false": None,
    "ddp_sharded_spawn_find_unused_parameters_false": None,  # 1.9.5 (lint_api_audit.py)
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

# the Trainer arguments whose 1.x values 2.6 refuses (``_refused_trainer_value``)
REFUSED_VALUE_KEYS = (
    "max_steps",
    "plugins",
    "accelerator",
    "strategy",
    "devices",
    "accumulate_grad_batches",
    "profiler",
)

# (argument, the 1.x constant) -> (LS101's message, the 2.x value --fix writes)
_REFUSED_CONSTANTS: dict[tuple[str, str], tuple[str, Callable[[], cst.BaseExpression]]] = {
    ("max_steps", "None"): (
        "Trainer(max_steps=None) is refused in 2.x (TypeError): write max_steps=-1 (no limit)",
        lambda: cst.UnaryOperation(cst.Minus(), cst.Integer("1")),
    ),
    ("profiler", "True"): (
        "Trainer(profiler=True) breaks in 2.x (it takes a name or a Profiler): write "
        "profiler='simple'",
        lambda: cst.SimpleString('"simple"'),
    ),
}

# Trainer method -> {old keyword: new keyword}
RENAMED_METHOD_KWARGS: dict[str, dict[str, str]] = {
    "fit": {"train_dataloader": "train_dataloaders", "val_dataloader": "val_dataloaders"},
    "validate": {"val_dataloaders": "dataloaders"},
    "test": {"test_dataloaders": "dataloaders"},
    # trainer.tuner.lr_find(model, train_dataloader=...): Tuner(trainer).lr_find in 2.x
    "lr_find": {"train_dataloader": "train_dataloaders"},
    "scale_batch_size": {"train_dataloader": "train_dataloaders"},
}
_TUNER_METHODS = {"lr_find", "scale_batch_size"}


def trainer_config(
    node: cst.ClassDef, lightning_file: bool
) -> tuple[dict[str, cst.Name], bool] | None:
    """A dataclass (or attrs class) that mirrors Trainer(...): its fields, and whether it says
    outright that it is the Trainer's (so its defaults reach the Trainer too). Four or more
    fields, nearly all of them Trainer arguments, in a Lightning file; in a file that never
    imports Lightning (NeMo's ``TrainerConfig``, beside Hydra's ConfigStore only) the class's
    name must say Trainer, or a ``_target_`` name it."""
    target = config_target(node)
    named = target is not None and canonical(str_value(target) or "") in TRAINER
    evident = named or "trainer" in node.name.value.lower()
    if not (lightning_file or evident):
        return None
    fields = config_fields(node)
    known = fields.keys() & (TRAINER_ARGS_26 | REMOVED_TRAINER_ARGS.keys())
    if not named and (len(known - _GENERIC_OPTIONS) < 4 or len(known) < 0.8 * len(fields)):
        return None  # (a `_target_` naming the Trainer says it outright)
    return fields, evident


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


def removed_value_message(key: str, value: str) -> str | None:
    """LS103's message for ``strategy=value`` / ``accelerator=value`` that 2.6 refuses (a
    removed name, or a strategy given as the accelerator), else None."""
    if key == "strategy":
        return removed_strategy_message(value)
    if key == "distributed_backend" and value in REMOVED_STRATEGIES:
        # 1.x's name for strategy=: besides the keyword (LS101), the value itself is gone
        return f"distributed_backend='{value}': " + str(removed_strategy_message(value))
    if key == "accelerator" and (value in REMOVED_ACCELERATORS or value in STRATEGY_AS_ACCELERATOR):
        return f"accelerator='{value}' is not an accelerator in 2.x; " + (
            f"write strategy='{value}'" if value in STRATEGY_AS_ACCELERATOR else "see LS103"
        )
    return None


def cli_options(value: str, plain: bool) -> Iterator[tuple[str, str | None, bool]]:
    """(Trainer argument, its value or None, whether it says ``trainer.``) for each option a
    command line in ``value`` sets: ``--trainer.gpus=1``, ``--trainer.precision 16``
    (LightningCLI), ``trainer.gpus`` (a CLI default's key); with ``plain``, ``--gpus 2`` too
    (the flags Trainer.add_argparse_args made)."""
    words = value.split()
    for i, word in enumerate(words):
        # Hydra's overrides: "+trainer.gpus=1" adds the key, "++trainer.gpus=1" adds or sets it
        word = word.removeprefix("++") if word.startswith("++trainer.") else word
        word = word.removeprefix("+") if word.startswith("+trainer.") else word
        ours = word.startswith(("--trainer.", "trainer."))
        if not ours and not (plain and word.startswith("--")):
            continue
        name, eq, given = word.removeprefix("--").removeprefix("trainer.").partition("=")
        if not eq and word.startswith("--") and i + 1 < len(words):
            following = words[i + 1]
            given = "" if following.startswith("-") else following
        yield name, given or None, ours


# names code keeps a loaded config in (OmegaConf, Hydra, a parsed YAML): ``config.trainer`` is
# then the config's trainer section, handed to ``Trainer(**config.trainer)``, not a Trainer
_CONFIG_NAME = re.compile(
    r"^_?(cfg|config|conf|configs|hparams|hp|opts?|options|settings|\w+_(cfg|config|conf))$"
)


def config_section(node: cst.BaseExpression) -> bool:
    """Whether ``node`` is ``config.trainer`` / ``self.cfg.trainer``: a config's trainer
    section, by the name of what holds it; also ``self.config[subcommand].trainer`` (a
    LightningCLI's parsed config, one per subcommand)."""
    if not isinstance(node, cst.Attribute):
        return False
    holder = node.value
    while isinstance(holder, cst.Subscript):
        holder = holder.value
    if not isinstance(holder, cst.Name | cst.Attribute):
        return False
    if node.attr.value == "pl_trainer":  # conf.train.pl_trainer: a config's name for the section
        return isinstance(holder, cst.Attribute)
    return node.attr.value == "trainer" and bool(
        _CONFIG_NAME.match(holder.value if isinstance(holder, cst.Name) else holder.attr.value)
    )


def _merged_dicts(node: cst.BaseExpression) -> list[cst.Dict | cst.Call]:
    """The dict literals (``{...}``, ``dict(...)``) whose keys ``node`` holds: the literal
    itself, or the operands of a ``base | {...}`` merge."""
    if isinstance(node, cst.Dict) or (isinstance(node, cst.Call) and dotted(node.func) == "dict"):
        return [node]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return [*_merged_dicts(node.left), *_merged_dicts(node.right)]
    if isinstance(node, cst.IfExp):  # **({"gpus": 1} if args.gpu else {}): either one
        return [*_merged_dicts(node.body), *_merged_dicts(node.orelse)]
    return []


def _subscript_key(node: cst.Subscript) -> str | None:
    """``"gpus"`` for ``x["gpus"]``, else None."""
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return str_value(node.slice[0].slice.value)
    return None


def _literal_choice(value: cst.BaseExpression) -> bool:
    """A string or number, or a choice between them (``16 if args.fp16 else 32``)."""
    if isinstance(value, cst.IfExp):
        return _literal_choice(value.body) and _literal_choice(value.orelse)
    return isinstance(value, cst.SimpleString | cst.Integer)


def _trainer_section(key: str | None) -> bool:
    """A config key whose value holds Trainer arguments: "trainer", "trainer_kwargs", ..."""
    return key is not None and (key == "trainer" or bool(TRAINER_OPTIONS.match(key)))


def _calls_in(fn: cst.FunctionDef) -> list[cst.Call]:
    """The calls in a function's body, nested functions and classes included."""
    found: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)

    fn.body.visit(_Calls())
    return found


# calls whose string argument is a flag being defined or a message, not a command line
_NOT_COMMAND_LINES = frozenset(
    {"add_argument", "add_argument_group", "print", "warn", "debug", "info", "warning"}
    | {"error", "exception", "critical", "log", "rank_zero_warn", "rank_zero_info"}
)
# an exception's or a warning's message names options too, it runs none
_MESSAGE_CLASSES = ("Error", "Exception", "Warning")


def _formatted_text(node: cst.FormattedString) -> str:
    """f"--trainer.gpus={n}" as "--trainer.gpus={}": the literal parts name the option, a
    placeholder stands for its value."""
    return "".join(p.value if isinstance(p, cst.FormattedStringText) else "{}" for p in node.parts)


class TrainerArgChecks:
    """The family's detection and fixes, mixed into the checker (``self`` is the Checker: its
    report(), metadata and per-file state)."""

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = literal(node)
        if isinstance(value, str) and ("-" in value or "trainer." in value):
            self._check_command_line(node, value + self._next_argv_word(node, value))

    def _next_argv_word(self, node: cst.SimpleString, value: str) -> str:
        """ " 16" for "--trainer.precision" in ["--trainer.precision", "16"]: an argv list
        gives an option's value as the next item."""
        if not value.startswith("--") or "=" in value or " " in value.strip():
            return ""
        element = self.get_metadata(ParentNodeProvider, node, None)
        seq = self.get_metadata(ParentNodeProvider, element, None) if element else None
        if not isinstance(element, cst.Element) or not isinstance(seq, cst.List | cst.Tuple):
            return ""
        items = [e.value for e in seq.elements]
        at = next(i for i, e in enumerate(seq.elements) if e is element)
        following = str_value(items[at + 1]) if at + 1 < len(items) else None
        return f" {following}" if following and not following.startswith("-") else ""

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        text = _formatted_text(node)
        if "-" in text or "trainer." in text:
            self._check_command_line(node, text)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        # ' --max_epochs 1' ' --gpus 0': one command line written in pieces; each piece is
        # reported where it names the option (the pieces alone say too little: see below)
        parts: list[tuple[cst.SimpleString | cst.FormattedString, str]] = []
        pending: list[cst.BaseString] = [node]
        while pending:
            piece = pending.pop()
            if isinstance(piece, cst.ConcatenatedString):
                pending += [piece.right, piece.left]
            elif isinstance(piece, cst.FormattedString):
                parts.append((piece, _formatted_text(piece)))
            elif isinstance(value := literal(piece), str):  # type: ignore[arg-type]
                parts.append((piece, value))  # type: ignore[arg-type]
            else:
                return  # bytes
        text = "".join(t for _, t in parts)
        if "-" in text or "trainer." in text:
            self._check_command_line(node, text, parts)

    def _check_command_line(
        self,
        node: cst.SimpleString | cst.FormattedString | cst.ConcatenatedString,
        text: str,
        parts: list[tuple[cst.SimpleString | cst.FormattedString, str]] | None = None,
    ) -> None:
        """A command line that sets a removed Trainer argument (LS101), a removed strategy or
        accelerator (LS103) or a legacy precision (LS102): the first of each rule per string."""
        where = f"the command-line option {text!r}"
        found: dict[str, str] = {}
        option_of: dict[str, str] = {}  # rule -> the option it was found for
        # "--max_epochs 1 --gpus 2": two Trainer options in one command line, one of them no
        # name a script's own parser would use too, make it a Trainer's (a script run by a
        # test), even in a file that does not import Lightning itself
        plain = {n for n, _, _ in cli_options(text, plain=True)}
        options = plain & (TRAINER_ARGS_26 | REMOVED_TRAINER_ARGS.keys())
        trainers = len(options) >= 2 and bool(options - _GENERIC_OPTIONS)
        # a plain --precision 16 is the Trainer's only where its parser came from the Trainer
        argparse = trainers or bool(
            {"add_argparse_args", "from_argparse_args"} & self.file_facts.names
        )
        for name, given, ours in cli_options(text, plain=trainers or bool(self.file_facts.styles)):
            if name in REMOVED_TRAINER_ARGS:
                code, message = "LS101", str(removed_argument_message(name, where))
            elif not (ours or argparse):
                continue
            elif given is not None and name == "precision" and (new := legacy_precision(given)):
                code, message = "LS102", legacy_precision_message(repr(given), new)
            elif given is not None and (msg := removed_value_message(name, given)):
                code, message = "LS103", f"{msg} (in {where})"
            else:
                continue
            if code not in found:
                found[code], option_of[code] = message, name
        if found and self._cli_string(node):
            for code, message in found.items():
                at = next((p for p, t in parts or () if option_of[code] in t), node)
                self.report(at, code, message)

    def _cli_string(
        self, node: cst.SimpleString | cst.FormattedString | cst.ConcatenatedString
    ) -> bool:
        """Whether a string is a command line handed on, not a docstring, a bare string
        statement, the flag a parser.add_argument(...) defines (the user's own) or a message
        (print, logging, warnings)."""
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Expr | cst.ConcatenatedString):
            return False  # a docstring or a bare string statement (or a piece of a string)
        if isinstance(parent, cst.Arg):
            call = self.get_metadata(ParentNodeProvider, parent, None)
            func = call.func if isinstance(call, cst.Call) else None
            name = func.attr if isinstance(func, cst.Attribute) else func
            if isinstance(name, cst.Name) and (
                name.value in _NOT_COMMAND_LINES or name.value.endswith(_MESSAGE_CLASSES)
            ):
                return False  # raise ValueError("... use --resume_from_checkpoint"): a message
        return True

    def _kwarg_dicts(self) -> set[str]:
        """The names whose keys reach a Trainer: those passed as ``Trainer(**kw)`` (the checker's
        ``_trainer_kwargs``) and those splatted into ``Trainer.from_argparse_args(args, **kw)``,
        whose keywords 1.x handed on to the Trainer the same way."""
        cached: tuple[object, set[str]] | None = getattr(self, "_kwarg_dicts_cache", None)
        if cached is not None and cached[0] is self.file_facts:
            return cached[1]
        names = set(self._trainer_kwargs)
        for callee, _init, _enclosing, splatted in self.file_facts.splat_calls:
            if callee == "from_argparse_args":
                names.update(splatted)
        self._kwarg_dicts_cache = (self.file_facts, names)
        return names

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.check_dataloaders_index(node)  # trainer_attrs.py: trainer.val_dataloaders[0]
        # kwargs["gpus"] = 1 where kwargs is later passed as Trainer(**kwargs), and
        # cfg["trainer"]["gpus"] = 1: the trainer section of a config (Hydra, OmegaConf, YAML)
        key = _subscript_key(node)
        if key is None:
            return
        where = None
        if (kw := dotted(node.value)) in self._kwarg_dicts():
            where = f"`{kw}`, passed to Trainer(**...)"
        elif (
            kw is not None
            and TRAINER_OPTIONS.match(kw.rsplit(".", 1)[-1])
            and self.file_facts.styles
            and isinstance(self.get_metadata(ParentNodeProvider, node, None), cst.AssignTarget)
        ):
            # trainer_config["distributed_backend"] = "ddp" (taming-transformers' and
            # latent-diffusion's main.py): a dict named for Trainer arguments, handed on in a
            # way not traced here (argparse.Namespace(**trainer_config), another module)
            where = f"`{kw}`, a dict of Trainer arguments by its name"
        elif (
            isinstance(node.value, cst.Subscript)
            and _trainer_section(_subscript_key(node.value))
            and self.file_facts.styles
            # set there, not read: reading a config's key is no use of the Trainer's
            and isinstance(self.get_metadata(ParentNodeProvider, node, None), cst.AssignTarget)
        ):
            where = "the trainer section of a config"
        if where is not None:
            self._removed_trainer_key(node, key, where)
            # kwargs["accelerator"] = "ddp", kwargs["precision"] = 16: the value it is set to
            target = self.get_metadata(ParentNodeProvider, node, None)
            assign = self.get_metadata(ParentNodeProvider, target, None) if target else None
            if isinstance(target, cst.AssignTarget) and isinstance(assign, cst.Assign):
                self._removed_trainer_value(assign.value, key)

    def check_config_trainer_key(self, node: cst.Attribute) -> None:
        """config.trainer.gpus = 2, config.trainer.accelerator = "ddp": set in the trainer
        section of a loaded config, which reaches Trainer(**config.trainer) (Hydra, OmegaConf).
        Reading one is no use of the Trainer's API."""
        target = self.get_metadata(ParentNodeProvider, node, None)
        assign = self.get_metadata(ParentNodeProvider, target, None) if target else None
        if (
            config_section(node.value)
            and isinstance(target, cst.AssignTarget)
            and isinstance(assign, cst.Assign)
            and self.facts.styles  # a run that uses Lightning (the config module need not)
        ):
            key = node.attr.value
            self._removed_trainer_key(node, key, "the trainer section of a config")
            self._removed_trainer_value(assign.value, key)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        """The cases of ``@pytest.mark.parametrize`` on a test that hands a parameter on to a
        Trainer: as ``Trainer(**trainer_kwargs)`` (each case's keys are Trainer arguments) or as
        ``Trainer(accelerator=accelerator)`` (each case is that argument's value). Several
        argnames and cases written as ``pytest.param(...)`` too."""
        call = node.decorator
        fn = self.get_metadata(ParentNodeProvider, node, None)
        if not (
            isinstance(call, cst.Call)
            and (dotted(call.func) or "").endswith("parametrize")
            and len(call.args) >= 2
            and isinstance(fn, cst.FunctionDef)
            and isinstance(cases := call.args[1].value, cst.List | cst.Tuple)
        ):
            return
        names = call.args[0].value
        if isinstance(names, cst.List | cst.Tuple):
            argnames = [str_value(e.value) for e in names.elements]
        else:
            argnames = [n.strip() for n in (str_value(names) or "").split(",")]
        # parameter -> the Trainer keyword it is passed as (None: splatted as **parameter)
        passed: dict[str, str | None] = {}
        entry = self.facts.trainer_forwarders.get(fn.name.value)
        if entry is not None and entry[0] is not None:
            passed[entry[0][1]] = None
        for trainer_call in _calls_in(fn):
            if self._builds_trainer(trainer_call):
                for arg in trainer_call.args:
                    if arg.keyword is not None and isinstance(arg.value, cst.Name):
                        passed.setdefault(arg.value.value, arg.keyword.value)
                    elif arg.star == "**" and isinstance(arg.value, cst.Name):
                        passed.setdefault(arg.value.value, None)  # from_argparse_args(a, **kw)
        for pos, param in enumerate(argnames):
            if param not in passed:
                continue
            keyword = passed[param]
            where = f"the `{param}` cases of @parametrize, passed to Trainer(**...)"
            for el in cases.elements:
                case = el.value
                if isinstance(case, cst.Call) and (dotted(case.func) or "").endswith("param"):
                    items = [a.value for a in case.args if a.keyword is None]  # pytest.param
                elif len(argnames) > 1 and isinstance(case, cst.Tuple | cst.List):
                    items = [e.value for e in case.elements]
                else:
                    items = [case] if len(argnames) == 1 else []
                value = items[pos] if pos < len(items) else None
                if value is None:
                    continue
                if keyword is not None:
                    if isinstance(value, cst.Name) and value.value == "None":
                        continue  # "the default" in a case list: the Trainer call decides
                    # not fixed: the test may compare the parameter with its 1.x value too
                    self._removed_trainer_value(value, keyword, fixable=False)
                elif isinstance(value, cst.Dict) or (
                    isinstance(value, cst.Call) and dotted(value.func) == "dict"
                ):
                    self.check_trainer_keywords(value, where)

    def visit_Dict(self, node: cst.Dict) -> None:
        self._fit_kwargs_dict(node)
        if self._trainer_kwargs_target(node) is not None:
            self.check_trainer_keywords(node, "a Trainer keyword dict")
        elif (fn := self._returned_by(node)) is not None:
            self.check_trainer_keywords(node, f"the dict `{fn}()` returns for a Trainer")
        if not self.file_facts.styles:
            return
        for el in node.elements:
            # {"trainer": {"gpus": 1}, "model": {...}}: a config's trainer section
            if (
                isinstance(el, cst.DictElement)
                and _trainer_section(key := str_value(el.key))
                and (
                    isinstance(el.value, cst.Dict)
                    or (isinstance(el.value, cst.Call) and dotted(el.value.func) == "dict")
                )
            ):
                self.check_trainer_keywords(el.value, f"the `{key}` section of a config")

    def _fit_kwargs_dict(self, node: cst.Dict) -> None:
        """``fit_kwargs = {"train_dataloader": dl}`` handed on as ``trainer.fit(model,
        **fit_kwargs)``: the 1.x keyword, renamed in 2.x (LS104; a key, so not fixed)."""
        target = self._assigned_name(node)
        if target is None:
            return
        for callee, _init, _enclosing, splatted in self.file_facts.splat_calls:
            method = "fit" if callee == "tune" else callee
            if target not in splatted or method not in ("fit", "validate", "test"):
                continue
            for el in node.elements:
                key = str_value(el.key) if isinstance(el, cst.DictElement) else None
                new = RENAMED_METHOD_KWARGS[method].get(key or "")
                if new is not None:
                    self.report(
                        el.key,  # type: ignore[union-attr]
                        "LS104",
                        f"`{key}` (a key of `{target}`, passed to .{callee}(**...)) is now `{new}`",
                    )

    def _returned_by(self, value: cst.BaseExpression) -> str | None:
        """The function that returns ``value`` (``return {...}``), when its result is handed on
        as Trainer options (``pl_trainer_kwargs=self._trainer_params()``); else None."""
        parent = self.get_metadata(ParentNodeProvider, value, None)
        if not isinstance(parent, cst.Return) or not self._funcs:
            return None
        fn = self._funcs[-1].node.name.value
        return fn if fn in self._option_fns else None

    def _assigned_name(self, value: cst.BaseExpression) -> str | None:
        """``kw`` when ``value`` is assigned as ``kw = value`` (or ``kw: T = value``)."""
        parent = self.get_metadata(ParentNodeProvider, value, None)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            return dotted(parent.targets[0].target)
        if isinstance(parent, cst.AnnAssign):
            return dotted(parent.target)
        return None

    def _trainer_kwargs_target(self, value: cst.BaseExpression) -> str | None:
        """``kw`` when ``value`` is assigned as ``kw = value`` and kw is passed as Trainer(**kw)."""
        target = self._assigned_name(value)
        return target if target is not None and target in self._kwarg_dicts() else None

    def _framework_trainer(self, q: set[str]) -> bool:
        """A framework's own Trainer (flash.Trainer): a Lightning Trainer subclass imported from
        another package, in a file that imports Lightning. Only removed arguments are checked."""
        return bool(self.file_facts.styles) and any(
            n.endswith(".Trainer") and n.split(".")[0] not in NOT_LIGHTNING_TRAINERS for n in q
        )

    def _super_init_in(self, node: cst.Call, classes: set[str]) -> bool:
        """``super().__init__(...)`` in one of ``classes`` (the run's Trainer or LightningCLI
        subclasses)."""
        func = node.func
        cls = self.cls
        return (
            cls is not None
            and cls.node.name.value in classes
            and isinstance(func, cst.Attribute)
            and func.attr.value == "__init__"
            and isinstance(func.value, cst.Call)
            and dotted(func.value.func) == "super"
        )

    def check_trainer_kwargs_merge(self, node: cst.AugAssign) -> None:
        """``kw |= {"gpus": 1}`` (Python 3.9's dict merge) for a Trainer(**kw), like
        ``kw.update(gpus=1)``."""
        if (
            isinstance(node.operator, cst.BitOrAssign)
            and (kw := dotted(node.target)) in self._kwarg_dicts()
        ):
            for value in _merged_dicts(node.value):
                self.check_trainer_keywords(value, f"`{kw}`, passed to Trainer(**...)")

    def check_trainer_kwargs_var(self, node: cst.Call) -> None:
        """kw = dict(gpus=1), kw.update(gpus=1), kw.setdefault("gpus", 1) for a Trainer(**kw)."""
        func = node.func
        where = None
        if isinstance(func, cst.Name) and func.value == "dict":
            if (target := self._trainer_kwargs_target(node)) is not None:
                where = f"`{target}`, passed to Trainer(**...)"
            elif (fn := self._returned_by(node)) is not None:
                where = f"the dict `{fn}()` returns for a Trainer"  # return dict(gpus=1)
        elif (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("update", "setdefault")
            and (kw := dotted(func.value)) in self._kwarg_dicts()
        ):
            where = f"`{kw}`, passed to Trainer(**...)"
            if func.attr.value == "setdefault" and node.args:
                key = str_value(node.args[0].value)
                if key is not None:
                    self._removed_trainer_key(node.args[0], key, where)
                    if len(node.args) > 1:
                        self._removed_trainer_value(node.args[1].value, key)
                return
            for arg in node.args:  # kw.update({"gpus": 1}), kw.update(dict(gpus=1))
                value = arg.value
                if arg.keyword is None and (
                    isinstance(value, cst.Dict)
                    or (isinstance(value, cst.Call) and dotted(value.func) == "dict")
                ):
                    self.check_trainer_keywords(value, where)
        if where is not None:
            self.check_trainer_keywords(node, where)

    def check_trainer_config_class(self, node: cst.ClassDef) -> None:
        """A dataclass (or attrs class) that mirrors Trainer(...) (NeMo's ``TrainerConfig``,
        Hydra structured configs): four or more fields, nearly all of them Trainer arguments,
        so the class is splatted into the Trainer; a removed argument among them is a
        TypeError there (LS101, at the field). See ``trainer_config``."""
        found = trainer_config(node, bool(self.file_facts.styles))
        where = f"`{node.name.value}`, a Trainer config"
        if found is None and node.name.value in self.facts.trainer_configs_used:
            # handed to the Trainer whole elsewhere in the run (Trainer(**cfg.trainer), a Hydra
            # ConfigStore group "trainer"), whatever its fields look like
            found = config_fields(node), True
            where = f"`{node.name.value}`, handed to the Trainer whole"
        if found is None:
            return
        fields, evident = found
        for name in sorted(fields.keys() & REMOVED_TRAINER_ARGS.keys()):
            message = removed_argument_message(name, where)
            if message is not None:
                self.report(fields[name], "LS101", message)
        if evident:  # the defaults reach the Trainer too: `max_steps: Optional[int] = None`
            for stmt in node.body.body:
                for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                    if (
                        isinstance(small, cst.AnnAssign)
                        and isinstance(small.target, cst.Name)
                        and small.value is not None
                        and small.target.value in {"precision", "strategy", *REFUSED_VALUE_KEYS}
                    ):
                        self._removed_trainer_value(small.value, small.target.value, fixable=False)

    def check_renamed_method_kwargs(
        self, node: cst.Call, attr: str, receiver: cst.BaseExpression
    ) -> None:
        """trainer.fit(train_dataloader=...), trainer.tuner.lr_find(model, train_dataloader=...):
        keywords renamed in 1.x/2.0 (LS104, renamed by the fix)."""
        tuner = attr in _TUNER_METHODS and (
            (isinstance(receiver, cst.Name) and receiver.value.endswith("tuner"))
            or (isinstance(receiver, cst.Attribute) and receiver.attr.value == "tuner")
            or (isinstance(receiver, cst.Call) and (dotted(receiver.func) or "").endswith("Tuner"))
        )
        if not (tuner or self._trainer_like(receiver)):
            return
        owner = "tuner" if tuner else "trainer"
        for old, new in RENAMED_METHOD_KWARGS[attr].items():
            message = f"`{owner}.{attr}({old}=...)` is now `{new}=`"
            self.renamed_kwarg(node, old, new, "LS104", message)

    def check_instantiate_trainer(self, node: cst.Call) -> None:
        """``hydra.utils.instantiate(config.trainer, resume_from_checkpoint=..., ...)``: Hydra
        passes the call's keywords to the Trainer with the config's own keys (LS101/LS103)."""
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if name != "instantiate" or not node.args or node.args[0].keyword is not None:
            return
        first = node.args[0].value
        key = _subscript_key(first) if isinstance(first, cst.Subscript) else None
        held = dotted(first)
        if (
            config_section(first)
            or key == "trainer"
            or (held is not None and bool(TRAINER_OPTIONS.match(held.rsplit(".", 1)[-1])))
        ) and self.file_facts.styles:
            self.check_trainer_keywords(node, "instantiate()'s keywords for the trainer config")

    def check_trainer_options_keywords(self, node: cst.Call) -> None:
        """A dict handed over as ``trainer_kwargs={...}`` / ``trainer_defaults=dict(...)``: a
        framework's or LightningCLI's way to pass Trainer arguments on. Also
        ``parser.set_defaults(gpus=2)`` in a file whose parser Trainer.add_argparse_args fills
        (the Trainer is built from the parsed arguments), and ``opts = dict(train_dataloader=
        ...)`` handed on as ``trainer.fit(model, **opts)``."""
        func = node.func
        names = self.file_facts.names
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "set_defaults"
            and {"add_argparse_args", "from_argparse_args"} & names
        ):
            self.check_trainer_keywords(node, "parser.set_defaults(...), read by the Trainer")
        if (
            self._namespace_to_trainer
            and isinstance(func, cst.Attribute)
            and func.attr.value == "add_argument"
        ):
            # parser.add_argument("--gpus") where the file builds Trainer(**vars(args)): every
            # flag of the namespace is a Trainer keyword
            for arg in node.args:
                flag = str_value(arg.value) if arg.keyword is None else None
                if flag is not None and flag.startswith("--"):
                    name = flag[2:].replace("-", "_")
                    self._removed_trainer_key(
                        arg, name, "a command-line flag the file hands on as Trainer(**vars(args))"
                    )
        if (
            isinstance(func, cst.Name)
            and func.value == "dict"
            and (target := self._assigned_name(node)) is not None
        ):
            for callee, _init, _enclosing, splatted in self.file_facts.splat_calls:
                # 1.x's trainer.tune(model, **opts) took fit's keywords (2.x's Tuner takes
                # train_dataloaders= like fit)
                method = "fit" if callee == "tune" else callee
                if target in splatted and method in ("fit", "validate", "test"):
                    for old, new in RENAMED_METHOD_KWARGS[method].items():
                        message = (
                            f"`{old}=` (in `{target}`, passed to .{callee}(**...)) is now `{new}=`"
                        )
                        self.renamed_kwarg(node, old, new, "LS104", message)
        for arg in node.args:
            value = arg.value
            if arg.keyword is None or not TRAINER_OPTIONS.match(arg.keyword.value):
                continue
            # a grid search's list of candidate option dicts: pl_trainer_kwargs=[{...}, {...}]
            items = (
                [e.value for e in value.elements]
                if isinstance(value, cst.List | cst.Tuple)
                else [value]
            )
            for item in items:
                if isinstance(item, cst.Dict) or (
                    isinstance(item, cst.Call) and dotted(item.func) == "dict"
                ):
                    self.check_trainer_keywords(item, f"`{arg.keyword.value}=`")

    def check_trainer_forwarder(self, node: cst.Call) -> None:
        """A call of a function of this run that hands its keywords, or one dict argument, on
        to a Trainer (``make_trainer(tmpdir, gpus=1)``, ``run_model(model, {"gpus": 1})``)."""
        callee = (dotted(node.func) or "").rsplit(".", 1)[-1]
        if callee in self.facts.trainer_configs:  # config.TrainerConfig(accelerator="ddp")
            self.check_trainer_keywords(node, f"`{callee}(...)`, a Trainer config")
        params = self.file_facts.trainer_params.get(callee)
        if params and isinstance(node.func, cst.Name):
            # run(tmpdir, gpus=2) where run's Trainer(..., gpus=gpus) takes it unchanged
            where = f"`{callee}(...)`, whose Trainer(...) takes it unchanged"
            self.check_trainer_keywords(node, where, frozenset(kwargs_of(node).keys() - params))
            if not any(a.star for a in node.args):  # run(tmpdir, True, "ddp"): by position
                by_position = {i: n for n, i in params.items() if i is not None}
                for i, arg in enumerate(a for a in node.args if a.keyword is None):
                    name = by_position.get(i)
                    if name is not None and arg not in self._trainer_keys_seen:
                        self._trainer_keys_seen.add(arg)
                        self._removed_trainer_key(arg, name, where)
                        self._removed_trainer_value(arg.value, name)
        if callee not in self.facts.trainer_forwarders:
            return
        dict_param, own = self.facts.trainer_forwarders[callee]
        where = f"`{callee}(...)`, which passes it on to a Trainer"
        if dict_param is None:
            self.check_trainer_keywords(node, where, own)
            return
        index, name = dict_param
        positional = [a for a in node.args if a.keyword is None and not a.star]
        value = kwargs_of(node)[name].value if name in kwargs_of(node) else None
        if value is None and index < len(positional) and not any(a.star for a in node.args):
            value = positional[index].value
        if isinstance(value, cst.Dict) or (
            isinstance(value, cst.Call) and dotted(value.func) == "dict"
        ):
            self.check_trainer_keywords(value, where)

    def check_trainer(
        self, call: cst.Call, subclass: bool = False, own: frozenset[str] = frozenset()
    ) -> None:
        """``own``: the parameters a Trainer subclass's __init__ names itself (its own `gpus`,
        translated before 2.x's Trainer sees it: the break, if any, is where it passes them on)."""
        kw = kwargs_of(call)
        added: dict[str, str] = {}  # keywords that fixes add, so two fixes never add one twice
        for name, arg in kw.items():
            if name in REMOVED_TRAINER_ARGS and name not in own:
                self.removed_trainer_arg(call, kw, name, arg, added)
        accel = str_value(kw["accelerator"].value) if "accelerator" in kw else None
        if "precision" in kw:
            self.check_precision(kw, accel)
        for key in ("strategy", "accelerator"):
            if key in kw:
                self.check_strategy(kw, key, added)
        if "distributed_backend" in kw:
            value = kw["distributed_backend"].value
            s = str_value(value)
            if s is not None and (message := removed_value_message("distributed_backend", s)):
                self.report(value, "LS103", message)
        for key in REFUSED_VALUE_KEYS:
            if key in kw:
                self._refused_trainer_value(kw[key], key, kw[key].value, fixable=True)
        for key in {"precision", *REFUSED_VALUE_KEYS} & kw.keys():
            if isinstance(kw[key].value, cst.IfExp):  # precision=32 if args.fp32 else 16
                self._removed_trainer_value(kw[key].value, key)
        for key in {"precision", "strategy", "accelerator", "devices", "max_steps"} & kw.keys():
            if isinstance(kw[key].value, cst.Name):
                for value in self._assigned_literals(call, kw[key].value.value, key):
                    self._removed_trainer_value(value, key, fixable=False)
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if positional and not subclass:
            self.report(
                positional[0],
                "LS101",
                "Trainer(...) takes keyword arguments only in 2.x (TypeError); 1.x's first "
                "parameters were logger, checkpoint_callback, callbacks: name each argument",
            )
        splat = has_splat(call) or any(a.keyword is None for a in call.args)
        for arg in call.args:
            # Trainer(**{...}), Trainer(**dict(vars(args), gpus=1)), Trainer(**(base | {...}))
            for value in _merged_dicts(arg.value) if arg.star == "**" else ():
                self.check_trainer_keywords(value, "a Trainer keyword dict")
        if subclass:
            return  # a subclass may set its own defaults: only removed arguments are errors
        if not splat and not {"max_epochs", "max_steps", "max_time", "fast_dev_run"} & kw.keys():
            self.report(
                call,
                "LS209",
                "Trainer has neither max_epochs nor max_steps, so fit() runs 1000 epochs; "
                "set max_epochs= (or max_steps=)",
            )
        if (
            "deterministic" in kw
            and bool_value(kw["deterministic"].value) is True
            and not self.facts.seeds
        ):
            self.report(
                kw["deterministic"],
                "LS211",
                "deterministic=True without seed_everything(): weights and data order still "
                "change between runs; call `seed_everything(42, workers=True)` first",
            )

    def removed_trainer_arg(
        self,
        call: cst.Call,
        kw: dict[str, cst.Arg],
        name: str,
        arg: cst.Arg,
        added: dict[str, str],
    ) -> None:
        value = arg.value
        new: list[tuple[str, cst.BaseExpression]] | None = None
        n, b, s = int_value(value), bool_value(value), str_value(value)
        if name in ("gpus", "tpu_cores", "num_processes"):
            device = {"gpus": "gpu", "tpu_cores": "tpu", "num_processes": "cpu"}[name]
            count_ok = (
                (n is not None and (n > 0 or n == -1))
                or (isinstance(value, cst.List) and value.elements)
                or (s is not None and s.strip() not in ("", "0"))
            )
            if (n == 0 or (isinstance(value, cst.Name) and value.value == "None")) and (
                name == "gpus"
            ):
                new = [("accelerator", string_like(None, "cpu"))]  # gpus=0/None meant CPU
                if "accelerator" in kw:
                    new = []
            elif count_ok and "devices" not in kw:
                accel = kw.get("accelerator")
                if accel is None:
                    new = [("accelerator", string_like(value, device)), ("devices", value)]
                elif str_value(accel.value) in (device, "auto"):
                    new = [("devices", value)]
        elif name == "checkpoint_callback" and b is not None and "enable_checkpointing" not in kw:
            new = [("enable_checkpointing", value)]
        elif name == "replace_sampler_ddp" and "use_distributed_sampler" not in kw:
            new = [("use_distributed_sampler", value)]
        elif name == "reload_dataloaders_every_epoch" and b is not None:
            if "reload_dataloaders_every_n_epochs" not in kw:
                new = [("reload_dataloaders_every_n_epochs", cst.Integer("1" if b else "0"))]
        elif name == "weights_summary" and "enable_model_summary" not in kw:
            if isinstance(value, cst.Name) and value.value == "None":
                new = [("enable_model_summary", cst.Name("False"))]
            elif s == "top":
                new = [("enable_model_summary", cst.Name("True"))]
        elif name == "progress_bar_refresh_rate" and n == 0 and "enable_progress_bar" not in kw:
            new = [("enable_progress_bar", cst.Name("False"))]
        elif name == "distributed_backend" and s is not None and "strategy" not in kw:
            target = REMOVED_STRATEGIES.get(s, s)
            if target:
                new = [("strategy", string_like(value, target))]
        elif name == "amp_backend" and s == "native":
            new = []
        elif name == "resume_from_checkpoint":
            self._defer_resume(call, arg)
            return
        if new:
            new = self._dedupe(new, kw, added)
        fixable = new is not None
        message = removed_argument_message(name)
        assert message is not None
        r = self.report(arg, "LS101", message, fixable)
        if new is not None:
            r.replace_arg(arg, new, call)

    @staticmethod
    def _dedupe(
        new: list[tuple[str, cst.BaseExpression]], kw: dict[str, cst.Arg], added: dict[str, str]
    ) -> list[tuple[str, cst.BaseExpression]] | None:
        """Drop a keyword another fix already adds with the same value; refuse a clash."""
        out = []
        for key, value in new:
            code = cst.Module([]).code_for_node(value)
            if key in kw:
                return None
            if key in added:
                if added[key] != code:
                    return None
                continue
            out.append((key, value))
        for key, value in out:
            added[key] = cst.Module([]).code_for_node(value)
        return out

    def _defer_resume(self, call: cst.Call, arg: cst.Arg) -> None:
        parent = self.get_metadata(ParentNodeProvider, call, None)
        var = None
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                var = target.value
        simple = isinstance(arg.value, cst.Name | cst.Attribute | cst.SimpleString)
        if var is None or not simple:
            self._report_resume(arg, False)
            return
        self._pending_resume.append((self.scope_of(call), var, call, arg))

    def _report_resume(self, arg: cst.Arg, fixable: bool) -> Reported:
        message = removed_argument_message("resume_from_checkpoint")
        assert message is not None
        return self.report(arg, "LS101", message, fixable)

    def leave_Module(self, original_node: cst.Module) -> None:
        for scope, var, _call, arg in self._pending_resume:
            fits = self._fit_calls.get((scope, var), [])
            ok = len(fits) == 1 and "ckpt_path" not in kwargs_of(fits[0])
            ok = ok and len(fits[0].args) < 5 if fits else False
            r = self._report_resume(arg, ok)
            if ok:
                r.replace_arg(arg, [])
                r.append_kwarg(fits[0], "ckpt_path", arg.value)

    def check_precision(self, kw: dict[str, cst.Arg], accel: str | None) -> None:
        arg = kw["precision"]
        value = arg.value
        n, s = int_value(value), str_value(value)
        text = str(n) if n is not None else s
        if accel == "cpu" and text in ("16", "16-mixed"):
            r = self.report(
                arg,
                "LS210",
                "precision='16-mixed' is not supported on CPU and Lightning switches to "
                "bf16-mixed; write precision='bf16-mixed'",
                True,
            )
            r.edit(arg, lambda a: a.with_changes(value=string_like(value, "bf16-mixed")))
            return
        if text is not None and (new := legacy_precision(text)) is not None:
            shown = str(n) if n is not None else repr(s)
            r = self.report(arg, "LS102", legacy_precision_message(shown, new), True)
            r.edit(arg, lambda a: a.with_changes(value=string_like(value, new)))

    def check_strategy(self, kw: dict[str, cst.Arg], key: str, added: dict[str, str]) -> None:
        arg = kw[key]
        s = str_value(arg.value)
        if s is None:
            return
        message = removed_strategy_message(s) if key == "strategy" else None
        if message is not None:
            target = REMOVED_STRATEGIES[s]
            r = self.report(arg, "LS103", message, target is not None)
            if target:
                r.edit(arg, lambda a: a.with_changes(value=string_like(arg.value, target)))
        elif key == "accelerator" and s in STRATEGY_AS_ACCELERATOR:
            fixable = "strategy" not in kw and "strategy" not in added
            if fixable:
                added["strategy"] = s
            r = self.report(
                arg,
                "LS103",
                f"accelerator='{s}' names a strategy; in 2.x write strategy='{s}' "
                "(accelerator is the hardware: 'gpu', 'cpu', 'auto')",
                fixable,
            )
            if fixable:
                r.edit(arg.keyword, lambda n: cst.Name("strategy"))  # type: ignore[arg-type]
        elif key == "accelerator" and s in REMOVED_ACCELERATORS:
            self.report(
                arg,
                "LS103",
                f"accelerator='{s}' is not registered in 2.x "
                "(ipu/hpu moved to lightning-graphcore/lightning-habana; dp/ddp2/horovod are gone)",
            )

    def check_trainer_keywords(
        self, node: cst.Call | cst.Dict, where: str, skip: frozenset[str] = frozenset()
    ) -> None:
        """The keywords of a call or keys of a dict literal that reach a Trainer other than as
        keywords of ``Trainer(...)`` itself (``where`` says how): removed arguments (LS101) and
        removed strategy/accelerator names (LS103). ``skip``: names the callee takes itself."""
        for report_node, name, value in keywords_of(node):
            if name in skip or report_node in self._trainer_keys_seen:
                continue  # the callee's own; or reached another way already
            self._trainer_keys_seen.add(report_node)
            self._removed_trainer_key(report_node, name, where)
            self._removed_trainer_value(value, name)

    def _refused_trainer_value(
        self, node: cst.CSTNode, key: str, value: cst.BaseExpression, fixable: bool = False
    ) -> None:
        """Values 1.x took that 2.6 refuses: max_steps=None (TypeError; -1 means no limit now),
        plugins='ddp_sharded' (plugins are objects in 2.x; strategy names go to strategy=),
        accumulate_grad_batches={epoch: n} (2.x takes an int: TypeError in the loop), profiler=True
        (2.x takes a name or a Profiler: AttributeError)."""
        if key == "accumulate_grad_batches" and (
            isinstance(value, cst.Dict)
            or (isinstance(value, cst.Call) and dotted(value.func) == "dict")
        ):
            self.report(
                node,
                "LS101",
                "Trainer(accumulate_grad_batches={epoch: n}) is refused in 2.x (it takes an int): "
                "pass the schedule to the GradientAccumulationScheduler(scheduling={...}) callback",
            )
            return
        if isinstance(value, cst.Name) and (key, value.value) in _REFUSED_CONSTANTS:
            message, new_value = _REFUSED_CONSTANTS[(key, value.value)]
            r = self.report(node, "LS101", message, fixable)
            if fixable:
                replacement = new_value()
                r.edit(node, lambda a: a.with_changes(value=replacement))
            return
        if key in ("accelerator", "strategy", "devices") and (
            isinstance(value, cst.Name) and value.value == "None"
        ):
            # 1.x's default was None; 2.x's is "auto" and None is refused (ValueError/TypeError)
            r = self.report(
                node,
                "LS101" if key == "devices" else "LS103",
                f"Trainer({key}=None) is refused in 2.x: write {key}='auto' (the default) or "
                "leave it out",
                fixable,
            )
            if fixable:
                r.edit(node, lambda a: a.with_changes(value=cst.SimpleString('"auto"')))
            return
        if key != "plugins":
            return
        items = (
            [e.value for e in value.elements]
            if isinstance(value, cst.List | cst.Tuple)
            else [value]
        )
        names = [s for el in items if (s := str_value(el)) is not None]
        if names:
            self.report(
                node,
                "LS103",
                f"plugins={names[0]!r}: 2.x takes plugin objects only (a string is refused); "
                "pass a strategy name as strategy=... (see LS103 for the removed ones)",
            )

    def _assigned_literals(self, call: cst.Call, name: str, key: str) -> list[cst.BaseExpression]:
        """The strings and numbers a plain ``name = ...`` in the call's own scope assigns
        (``strategy = 'dp'`` in one branch, ``'ddp'`` in another, then
        ``Trainer(strategy=strategy)``): each could reach the Trainer. ``None`` too for the
        arguments whose 1.x default it was (``strategy = None`` on one GPU), unless the code
        tests the name for None, which may replace it before the call."""
        scope = self.scope_of(call)
        found: list[cst.BaseExpression] = []
        assignments = scope.assignments[name] if scope is not None else ()
        while scope is not None and not assignments and scope.parent is not scope:
            # not bound in the function: the name Python finds, a module constant
            # (AMP = 16 ... Trainer(precision=AMP)); a class body is no enclosing scope
            scope = scope.parent
            if not isinstance(scope, ClassScope):
                assignments = scope.assignments[name]
        none_ok = key in REFUSED_VALUE_KEYS and scope is not None and not self._tested(scope, name)
        # in the order they are written (a set: its order would vary from run to run)
        for assignment in sorted(assignments, key=lambda a: getattr(a, "_index", 0)):
            target = getattr(assignment, "node", None)
            holder = self.get_metadata(ParentNodeProvider, target, None) if target else None
            statement = self.get_metadata(ParentNodeProvider, holder, None) if holder else None
            if (
                isinstance(holder, cst.AssignTarget)
                and isinstance(statement, cst.Assign)
                and len(statement.targets) == 1
                and (
                    _literal_choice(statement.value)  # 16 if args.fp16 else 32: either
                    or (
                        none_ok
                        and isinstance(statement.value, cst.Name)
                        and statement.value.value == "None"
                    )
                )
            ):
                found.append(statement.value)
        return found

    def _tested(self, scope: Scope, name: str) -> bool:
        """Whether a read of ``name`` in ``scope`` tests it (``is None``, ``not x``, ``if x``,
        ``x or ...``): code that may give it another value before it is used."""
        for access in scope.accesses[name]:
            parent = self.get_metadata(ParentNodeProvider, access.node, None)
            if isinstance(parent, cst.Comparison | cst.UnaryOperation | cst.BooleanOperation):
                return True
            if isinstance(parent, cst.If | cst.IfExp | cst.While) and parent.test is access.node:
                return True
        return False

    def _removed_trainer_value(
        self, value: cst.BaseExpression, key: str, fixable: bool = True
    ) -> None:
        """strategy='dp' / accelerator='ddp_cpu' among keywords handed on to a Trainer (LS103),
        and a legacy precision=16 there (LS102, fixed as in Trainer(...) when ``fixable``).
        A conditional value is checked branch by branch (``32 if args.fp32 else 16``)."""
        if isinstance(value, cst.IfExp):
            for branch in (value.body, value.orelse):
                self._removed_trainer_value(branch, key, fixable)
            return
        self._refused_trainer_value(value, key, value)
        if key == "precision":
            n = int_value(value)
            text = str(n) if n is not None else str_value(value)
            if text is not None and (new := legacy_precision(text)) is not None:
                shown = str(n) if n is not None else repr(text)
                r = self.report(value, "LS102", legacy_precision_message(shown, new), fixable)
                if fixable:
                    r.edit(value, lambda v: string_like(v, new))
            return
        s = str_value(value)
        if s is not None and (message := removed_value_message(key, s)) is not None:
            self.report(value, "LS103", message)

    def check_strategy_variable(self, node: cst.Assign) -> None:
        """``strategy = "ddp_sharded"`` (Lightning's own app components, before the value goes
        into the Trainer's kwargs): a variable named for the Trainer's strategy (or accelerator)
        set to a name 2.x refuses and read afterwards, in a file that uses Lightning (LS103).
        Comparisons with such
        a name (``if strategy == "ddp_spawn"``) stay quiet: they use nothing."""
        if len(node.targets) != 1 or not self.file_facts.styles:
            return
        target = node.targets[0].target
        name = target.value if isinstance(target, cst.Name) else None
        if name is None or (s := str_value(node.value)) is None:
            return
        key = next(
            (k for k in ("strategy", "accelerator") if name == k or name.endswith(f"_{k}")), None
        )
        if key is None or (message := removed_value_message(key, s)) is None:
            return
        scope = self.scope_of(node)
        if scope is not None and not any(a.references for a in scope.assignments[name]):
            return  # set and never read: it reaches nothing
        self.report(node.value, "LS103", message)

    def _removed_trainer_key(self, node: cst.CSTNode, name: str, where: str) -> None:
        if (message := removed_argument_message(name, where)) is not None:
            self.report(node, "LS101", message)

    def _cli_positional_literals(self, call: cst.Call) -> None:
        """LightningCLI(Model, DM, SaveConfigCallback, "config.yaml", True): 1.x's order
        (save_config_filename, save_config_overwrite, ...) by position; a str or bool literal
        where 2.6's parameter at that place takes neither is a 1.x call."""
        positional = []
        for arg in call.args:
            if arg.keyword is not None or arg.star:
                break
            positional.append(arg)
        for arg, (name, takes) in zip(positional[3:], CLI_POSITIONAL_26, strict=False):
            value = arg.value
            if isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
                kind = "none" if value.value == "None" else "bool"
            elif isinstance(value, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
                kind = "str"
            else:
                continue
            if kind not in takes:
                shown = cst.Module([]).code_for_node(value)
                self.report(
                    arg,
                    "LS105",
                    f"LightningCLI's argument {positional.index(arg) + 1} by position ({shown}) "
                    f"is 1.x's order: 2.x's parameter there is `{name}`, which cannot take it; "
                    "pass the arguments by keyword (save_config_filename/overwrite became "
                    'save_config_kwargs={"config_filename": ..., "overwrite": ...}, description '
                    "and env_prefix parser_kwargs={...})",
                )

    def check_cli(self, call: cst.Call) -> None:
        for arg in call.args:
            # anomalib's LightningCLI subclass hands its 1.x parameters on by position: 2.x
            # has none of these, and its parameters after save_config_callback are others
            value = arg.value
            if (
                arg.keyword is None
                and not arg.star
                and isinstance(value, cst.Name)
                and value.value in REMOVED_CLI_ARGS
            ):
                info = REMOVED_CLI_ARGS[value.value]
                self.report(
                    arg,
                    "LS105",
                    f"LightningCLI's `{value.value}`, passed by position, {info.gone}; use "
                    f"{info.instead}, and pass the other arguments by keyword (2.x's order "
                    "differs)",
                )
        self._cli_positional_literals(call)
        for name, arg in kwargs_of(call).items():
            if name in REMOVED_CLI_ARGS:
                info = REMOVED_CLI_ARGS[name]
                self.report(
                    arg,
                    "LS105",
                    f"LightningCLI({name}=...) {info.gone}; use {info.instead}",
                )
            elif name == "seed_everything_default" and (
                isinstance(arg.value, cst.Name) and arg.value.value == "None"
            ):
                self.report(
                    arg,
                    "LS105",
                    "LightningCLI(seed_everything_default=None) is refused in 2.x; "
                    "write seed_everything_default=False",
                )
