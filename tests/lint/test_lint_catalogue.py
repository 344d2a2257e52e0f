"""The catalogue against the installed Lightning: each removal is really gone, each replacement
really exists. With test_lint_api_audit.py's audit run, the only lint tests that import
lightning in-process."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from lightning_skill.lint import rules as R
from lightning_skill.lint.checker import canonical
from lightning_skill.lint.rules.imports import STUB_NOTE

L = pytest.importorskip("lightning.pytorch")
SOURCE = "\n".join(p.read_text() for p in Path(L.__file__).parent.rglob("*.py"))


def _params(fn: object) -> inspect.Signature:
    return inspect.signature(fn)  # type: ignore[arg-type]


def test_version_is_the_one_the_catalogue_was_written_for() -> None:
    assert L.__version__.startswith("2.6")


def test_removed_trainer_args_are_absent_and_replacements_present() -> None:
    params = _params(L.Trainer.__init__).parameters
    assert not set(R.REMOVED_TRAINER_ARGS) & set(params)
    assert set(params) - {"self"} == R.TRAINER_ARGS_26
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values())  # so each one is a TypeError
    for added in (
        "accelerator",
        "devices",
        "enable_checkpointing",
        "use_distributed_sampler",
        "reload_dataloaders_every_n_epochs",
        "enable_model_summary",
        "enable_progress_bar",
        "strategy",
        "precision",
        "max_epochs",
        "max_steps",
        "max_time",
        "fast_dev_run",
        "deterministic",
    ):
        assert added in params, added
    assert "ckpt_path" in _params(L.Trainer.fit).parameters


def test_removed_cli_args() -> None:
    from lightning.pytorch.cli import LightningCLI

    params = _params(LightningCLI.__init__).parameters
    assert not set(R.REMOVED_CLI_ARGS) & set(params)
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values())
    assert {"save_config_kwargs", "parser_kwargs", "seed_everything_default"} <= set(params)


def test_strategy_names() -> None:
    from lightning.pytorch.accelerators import AcceleratorRegistry
    from lightning.pytorch.strategies import StrategyRegistry

    for old, new in R.REMOVED_STRATEGIES.items():
        assert old not in StrategyRegistry, old
        assert new is None or new in StrategyRegistry, new
    assert set(StrategyRegistry) >= R.STRATEGY_AS_ACCELERATOR
    assert not R.REMOVED_ACCELERATORS & set(AcceleratorRegistry)


def test_renamed_method_kwargs() -> None:
    from lightning.pytorch.tuner import Tuner

    for method, renames in R.RENAMED_METHOD_KWARGS.items():
        owner = Tuner if method in ("lr_find", "scale_batch_size") else L.Trainer
        params = _params(getattr(owner, method)).parameters
        for old, new in renames.items():
            assert old not in params and new in params, (method, old)


def test_precision_aliases() -> None:
    from lightning.fabric.plugins.precision.precision import _PRECISION_INPUT_STR_ALIAS_CONVERSION

    assert _PRECISION_INPUT_STR_ALIAS_CONVERSION["16"] == "16-mixed"
    assert _PRECISION_INPUT_STR_ALIAS_CONVERSION["bf16"] == "bf16-mixed"
    assert "AMP with fp16 is not supported on " in SOURCE  # LS210: Lightning falls back


def test_epoch_end_hooks_are_refused() -> None:
    for hook, new in R.EPOCH_END_HOOKS.items():
        assert f'callable(getattr(model, "{hook}"' in SOURCE or f'"{hook}"' in SOURCE, hook
        assert hasattr(L.LightningModule, new)


def test_removed_hooks_are_never_called() -> None:
    for name in R.REMOVED_MODULE_HOOKS:
        assert not hasattr(L.LightningModule, name), name
        assert not hasattr(L.LightningDataModule, name), name
        assert not re.search(rf"[\"']{name}[\"']", SOURCE), name
    for name in R.REMOVED_CALLBACK_HOOKS:
        assert not hasattr(L.Callback, name), name
        assert not re.search(rf"[\"']{name}[\"']", SOURCE), name


def _arity(fn: object) -> tuple[int, int]:
    params = [
        p
        for p in list(_params(fn).parameters.values())[1:]
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return sum(p.default is p.empty for p in params), len(params)


@pytest.mark.parametrize(
    ("cls", "table"),
    [("LightningModule", "MODULE_HOOK_ARITY"), ("Callback", "CALLBACK_HOOK_ARITY")],
)
def test_hook_arity_matches_base_classes(cls: str, table: str) -> None:
    base = getattr(L, cls)
    for hook, (fewest, most) in getattr(R, table).items():
        required, total = _arity(getattr(base, hook))
        keywords = R.HOOK_KEYWORDS.get(hook, ()) if cls == "LightningModule" else ()
        assert required <= fewest <= most, hook
        assert total == most + len(keywords), hook
    assert set(dir(L.Callback)) >= R.CALLBACK_OTHER_HOOKS


def test_moved_names() -> None:
    for old, moved in R.MOVED.items():
        # NeptuneLogger and the Habana stubs import in 2.6 but refuse to be built
        assert not _resolves(old) or old.endswith("NeptuneLogger") or moved.note == STUB_NOTE, old
        if moved.new is not None:
            assert _resolves(moved.new), moved.new
        if moved.note == STUB_NOTE:
            module, _, name = old.rpartition(".")
            with pytest.raises(NotImplementedError):
                getattr(importlib.import_module(module), name)()
    from lightning.pytorch.loggers.neptune import NeptuneLogger

    with pytest.raises(RuntimeError, match="no longer supported"):
        NeptuneLogger()


def _resolves(name: str) -> bool:
    try:
        importlib.import_module(name)
        return True
    except ImportError:
        pass
    # a module's name, or a class's member (TrainerStatus.FINISHED): import the longest module
    # prefix, then look the rest up attribute by attribute
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(found, attr):
                return False
            found = getattr(found, attr)
        return True
    return False


def test_removed_methods_and_properties() -> None:
    for attr in ("tune", "tuner", "add_argparse_args", "from_argparse_args", "parse_argparser"):
        assert not hasattr(L.Trainer, attr), attr
    assert not hasattr(L.LightningDataModule, "from_argparse_args")
    hparams = inspect.getattr_static(L.LightningModule, "hparams")
    assert isinstance(hparams, property) and hparams.fset is None  # LS122


def test_optimizer_idx_and_checkpoint_refusals() -> None:
    from lightning.pytorch.callbacks import ModelCheckpoint
    from lightning.pytorch.core.optimizer import _validate_multiple_optimizers_support
    from lightning.pytorch.utilities.exceptions import MisconfigurationException

    class M(L.LightningModule):
        def training_step(self, batch, batch_idx, optimizer_idx):  # type: ignore[override]
            return None

    with pytest.raises(RuntimeError, match="optimizer_idx"):
        _validate_multiple_optimizers_support([], M())
    with pytest.raises(MisconfigurationException):
        ModelCheckpoint(save_top_k=2)
    ModelCheckpoint(save_top_k=-1)  # -1 without monitor is allowed on 2.6 (not a finding)


def test_top_level_aliases_are_the_same_objects() -> None:
    import lightning

    for name in R.TOP_LEVEL:
        assert getattr(lightning, name) is getattr(L, name), name
        assert canonical(f"lightning.{name}") == f"lightning.pytorch.{name}"
    assert {"LightningModule", "LightningDataModule"} <= {
        b.rsplit(".", 1)[-1] for b in R.LM_BASES | R.DM_BASES
    }


# First release without each name, read from the pytorch_lightning wheels 1.4.9 ... 2.0.0 and the
# 2.0.x/2.1 changelog (Trainer.__init__ parameters, module files, package __init__ exports). These
# are the version columns an audit found wrong once; this pins each so a regression shows here.
VERIFIED_REMOVALS = {
    ("trainer", "hpus"): "never",  # 1.6-1.9 took accelerator="hpu"; no hpus= argument ever
    ("trainer", "truncated_bptt_steps"): "1.5",  # the Trainer argument; the module attr went 2.0
    ("trainer", "weights_save_path"): "1.8",
    ("cli", "save_config_filename"): "1.8",
    ("cli", "save_config_overwrite"): "1.8",
    ("cli", "save_config_multifile"): "1.8",
    ("cli", "description"): "1.9",
    ("cli", "env_prefix"): "1.9",
    ("cli", "env_parse"): "1.9",
    ("moved", "lightning.pytorch.utilities.cli"): "1.9",
    ("moved", "lightning.pytorch.plugins.training_type"): "1.8",
    ("moved", "lightning.pytorch.accelerators.gpu"): "1.9",
    ("moved", "lightning.pytorch.accelerators.GPUAccelerator"): "1.9",
    ("moved", "lightning.pytorch.plugins.DDPPlugin"): "1.8",
    ("moved", "lightning.pytorch.plugins.DeepSpeedPlugin"): "1.8",
    ("moved", "lightning.pytorch.utilities.distributed"): "2.1",  # still in 2.0.0
    ("moved", "lightning.pytorch.accelerators.ipu"): "2.1",
    ("moved", "lightning.pytorch.strategies.ipu"): "2.1",
    ("moved", "lightning.pytorch.accelerators.IPUAccelerator"): "2.1",
    ("moved", "lightning.pytorch.strategies.IPUStrategy"): "2.1",
}


def test_verified_removal_versions() -> None:
    tables = {"trainer": R.REMOVED_TRAINER_ARGS, "cli": R.REMOVED_CLI_ARGS, "moved": R.MOVED}
    for (table, name), since in VERIFIED_REMOVALS.items():
        assert tables[table][name].since == since, (table, name)
    # on_batch_start/end: the 0.x LightningModule's hooks (gone by 1.0), the Callback's until 1.8
    assert R.REMOVED_MODULE_HOOKS["on_batch_start"][0] == "<1.0"
    assert {"on_batch_start", "on_batch_end"} <= R.REMOVED_CALLBACK_HOOKS.keys()
    assert "never an argument" in R.REMOVED_TRAINER_ARGS["hpus"].gone


def test_neptune_import_paths_fail_differently() -> None:
    # the top-level name is gone (ImportError); only the module path imports and then refuses
    with pytest.raises(ImportError):
        from lightning.pytorch.loggers import NeptuneLogger  # noqa: F401
    assert "ImportError" in R.MOVED["lightning.pytorch.loggers.NeptuneLogger"].note
    assert "RuntimeError" in R.MOVED["lightning.pytorch.loggers.neptune.NeptuneLogger"].note


def test_removed_trainer_attributes_and_callback_arguments() -> None:
    trainer = L.Trainer(logger=False, enable_checkpointing=False, enable_progress_bar=False)
    for attr in R.REMOVED_TRAINER_ATTRS:
        assert not hasattr(trainer, attr), attr  # LS123: an AttributeError on 2.6
    # a removed constructor argument 1.x kept as an attribute is a removed attribute too
    for arg in R.REMOVED_TRAINER_ARGS:
        assert hasattr(trainer, arg) or arg in R.REMOVED_TRAINER_ATTRS, arg
    from lightning.pytorch import callbacks, profilers
    from lightning.pytorch.utilities.exceptions import MisconfigurationException

    for cls_name, args in R.REMOVED_CALLBACK_ARGS.items():
        cls = getattr(callbacks, cls_name, None) or getattr(profilers, cls_name)
        params = inspect.signature(cls).parameters
        assert "kwargs" not in params, cls_name  # so each removed argument is a TypeError
        for name, (_, new) in args.items():
            assert name not in params and (new is None or new in params), (cls_name, name)
    for cls_name, values in R.REMOVED_CALLBACK_VALUES.items():
        for name, (refused, _) in values.items():
            for value in refused:
                with pytest.raises(MisconfigurationException, match=name):
                    getattr(callbacks, cls_name)(monitor="x", **{name: value})
    dm = L.LightningDataModule()
    for attr in R.REMOVED_DATAMODULE_FLAGS:
        assert not hasattr(dm, attr), attr  # LS124
    for hook in R.DATA_HOOKS:  # a DataModule's batch-transfer hooks match the module's
        assert _arity(getattr(L.LightningDataModule, hook)) == R.MODULE_HOOK_ARITY[hook], hook
    for attr in R.REMOVED_DATAMODULE_ATTRS:
        assert not hasattr(dm, attr), attr  # LS124
    # 2.6 swallows the old constructor arguments: the transform is silently dropped
    assert not hasattr(L.LightningDataModule(train_transforms=1), "train_transforms")


def test_old_hook_parameters_are_gone_and_new_signatures_match() -> None:
    for hook, (old, new) in R.OLD_HOOK_PARAMS.items():
        params = _params(getattr(L.LightningModule, hook)).parameters
        assert not old & set(params), hook  # LS114: 2.6 never passes them
        if [p.kind for p in params.values()][1:] == [
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ]:
            continue  # training_step(self, *args, **kwargs): the message shows the usual call
        shown = [p.split("=")[0].strip() for p in new.split("(", 1)[1].rstrip(")").split(",")]
        stars = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
        assert shown == [stars.get(p.kind, "") + n for n, p in params.items()], hook


def test_loop_customisation_is_gone() -> None:
    trainer = L.Trainer(logger=False, enable_checkpointing=False, enable_progress_bar=False)
    for loop in (trainer.fit_loop, trainer.fit_loop.epoch_loop, trainer.validate_loop):
        for method in R.REMOVED_LOOP_METHODS:
            assert not hasattr(loop, method), (loop, method)


def test_metrics_rewrites_keep_their_constructor() -> None:
    tm = pytest.importorskip("torchmetrics")
    for new in R.METRICS_TO_TORCHMETRICS.values():
        assert _resolves(new), new
        obj = importlib.import_module(new.rpartition(".")[0]).__dict__[new.rpartition(".")[2]]
        if inspect.isclass(obj) and obj is not tm.Metric and obj is not tm.MetricCollection:
            obj()  # no task= needed: the 1.x call still works
    assert "Accuracy" not in R.METRICS_TO_TORCHMETRICS  # needs task= now


def test_derived_trainer_attribute_replacements_exist() -> None:
    # the replacements the wheel-derived LS123 rows name are real 2.6 APIs
    params = _params(L.Trainer.__init__).parameters
    assert {"detect_anomaly", "use_distributed_sampler", "num_sanity_val_steps"} <= set(params)
    from lightning.pytorch.strategies import Strategy
    from lightning.pytorch.utilities import grad_norm  # noqa: F401
    from lightning.pytorch.utilities.model_helpers import is_overridden  # noqa: F401

    assert callable(Strategy.setup_optimizers)
    for attr in ("init_optimizers", "track_grad_norm", "tuning", "detect_nan_tensors"):
        assert attr in R.REMOVED_TRAINER_ATTRS, attr  # the derived rows stay in the table


def test_callback_signatures_match_the_installed_constructors() -> None:
    # LS106's picture of each 2.6 constructor: names in order, how many positional, required ones
    from lightning.pytorch import callbacks, profilers

    kinds = inspect.Parameter
    for cls_name, sig in R.CALLBACK_SIGNATURES.items():
        cls = getattr(callbacks, cls_name, None) or getattr(profilers, cls_name)
        params = list(_params(cls.__init__).parameters.values())[1:]
        named = [p for p in params if p.kind in (kinds.POSITIONAL_OR_KEYWORD, kinds.KEYWORD_ONLY)]
        assert sig.params == tuple(p.name for p in named), cls_name
        assert sig.positional == sum(p.kind is kinds.POSITIONAL_OR_KEYWORD for p in params)
        assert sig.required == tuple(p.name for p in named if p.default is p.empty), cls_name
        assert sig.var_keyword == any(p.kind is kinds.VAR_KEYWORD for p in params), cls_name
    with pytest.raises(TypeError, match="monitor"):
        callbacks.EarlyStopping()  # 1.x defaulted it
    with pytest.raises(TypeError, match="swa_lrs"):
        callbacks.StochasticWeightAveraging(swa_epoch_start=0.8)
    with pytest.raises(TypeError):
        callbacks.ProgressBar(20)


def test_api_index_is_the_installed_one() -> None:
    # LS130's index of 2.6's modules and names (no catalogue row needed) matches what imports
    from lightning_skill.lint import api_index

    built = api_index.build()
    stored = api_index.modules()
    assert set(stored) == set(built)
    for module, names in built.items():
        assert stored[module] == (None if names is None else frozenset(names)), module
    assert any(m.startswith("lightning.fabric.") for m in stored)  # fabric's modules too
    stubs = api_index.build_stubs()
    assert api_index.stubs() == {m: frozenset(n) for m, n in stubs.items()}
    assert "HPUCheckpointIO" in stubs["lightning.pytorch.plugins.io"]  # 2.6's raising stub


def test_read_only_trainer_properties_and_accelerator_api() -> None:
    # LS123's tables: properties without a setter, the whole public Accelerator API
    from lightning.pytorch.accelerators import Accelerator

    props = {
        n
        for n, v in inspect.getmembers(L.Trainer)
        if isinstance(v, property) and v.fset is None and not n.startswith("_")
    }
    assert props >= R.READ_ONLY_TRAINER_PROPS
    assert {"current_epoch", "global_step", "model"} <= R.READ_ONLY_TRAINER_PROPS
    module_props = {
        n
        for n, v in inspect.getmembers(L.LightningModule)
        if isinstance(v, property) and v.fset is None
    }
    assert module_props == R.LM_READ_ONLY  # self.device = ... in a module: AttributeError
    assert {n for n in dir(Accelerator) if not n.startswith("_")} == R.ACCELERATOR_API
    assert not [n for n in dir(L.Trainer) if n.endswith("_connector") and not n.startswith("_")]
    with pytest.raises(TypeError):
        L.Trainer(max_steps=None, logger=False, enable_checkpointing=False)
    for key in ("accelerator", "strategy", "devices"):  # 1.x's None default is refused
        with pytest.raises((TypeError, ValueError)):
            L.Trainer(logger=False, enable_checkpointing=False, **{key: None})


def test_removed_module_attributes_are_gone() -> None:
    # LS125: each is missing from a 2.6 LightningModule (class and instance); the replacements
    # named there exist
    module = L.LightningModule()
    for attr in R.REMOVED_MODULE_ATTRS:
        assert attr not in dir(module) and not hasattr(L.LightningModule, attr), attr
    from lightning.pytorch.utilities.model_summary import ModelSummary

    assert ModelSummary(module).model_size == 0.0
    from lightning_skill.lint.rules.logging import REMOVED_LOG_KWARGS

    for method in (L.LightningModule.log, L.LightningModule.log_dict):
        assert not set(REMOVED_LOG_KWARGS) & set(_params(method).parameters)
    trainer = L.Trainer(logger=False, enable_checkpointing=False, enable_progress_bar=False)
    for attr in ("datamodule", "precision", "log_dir", "progress_bar_metrics", "state"):
        assert hasattr(trainer, attr), attr


def test_derived_callback_arguments_are_refused() -> None:
    # each wheel-derived LS106 argument really is a TypeError on 2.6 (the table test above checks
    # signatures; this calls the constructors)
    from lightning.pytorch import callbacks

    for cls_name in ("ProgressBar", "LambdaCallback"):
        for name in R.REMOVED_CALLBACK_ARGS[cls_name]:
            with pytest.raises(TypeError, match=name):
                getattr(callbacks, cls_name)(**{name: 1})
    callbacks.TQDMProgressBar(refresh_rate=2, process_position=1)  # the replacement works


def test_derived_module_moves_keep_their_names() -> None:
    # a module-to-module entry rewrites only the path, so each class it held must keep its name
    from lightning.pytorch.plugins import environments

    moved = [k for k, v in R.MOVED.items() if v.new == "lightning.pytorch.plugins.environments"]
    assert len(moved) == 6
    for name in ("ClusterEnvironment", "KubeflowEnvironment", "LightningEnvironment"):
        assert hasattr(environments, name), name
    for name in ("LSFEnvironment", "SLURMEnvironment", "TorchElasticEnvironment"):
        assert hasattr(environments, name), name


def test_removed_callback_members_are_gone() -> None:
    # LS123 on callbacks, loggers, profilers: each member is missing from the 2.6 class, whose
    # sources (its own and its bases') never assign it to self either; the classes exist
    from lightning.pytorch import callbacks, loggers, profilers

    for cls_name, members in R.REMOVED_CALLBACK_MEMBERS.items():
        owner = next(m for m in (callbacks, loggers, profilers) if hasattr(m, cls_name))
        cls = getattr(owner, cls_name)
        sources = "\n".join(
            inspect.getsource(k) for k in cls.__mro__ if k.__module__.startswith("lightning.")
        )
        for attr in members:
            assert not hasattr(cls, attr), (cls_name, attr)
            assert not re.search(rf"self\.{attr}\b\s*[:=]", sources), (cls_name, attr)
    monitor = callbacks.LearningRateMonitor()
    assert not hasattr(monitor, "lr_sch_names") and hasattr(monitor, "lrs")
    assert hasattr(callbacks.BackboneFinetuning(), "rounding")
    assert hasattr(callbacks.LearningRateFinder(), "optimal_lr")
