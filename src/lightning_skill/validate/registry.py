"""The one list of checks: everything the driver, worker, CLI, report and docs know about one.

Each ``Check`` holds its name, what it proves and what it cannot, the setup it needs, the target
kinds it applies to, its options with their defaults, the function that runs it (in the job
process) and the failures it reports by name (``errors.CheckError`` subclasses, each with its
hint and reference anchor). ``plan`` cuts jobs from it, ``worker`` runs ``Check.run``, the driver
skips by ``requires``/``kinds``/``stages``, ``commands/validate.py`` builds ``--checks`` help and
the per-check flags from it, and tests/validate/test_registry.py holds
``references/validate-report.md`` to it. Adding a check: its module (run function and error
classes) plus one ``Check`` here, its test and its doc section.

Torch-free: the check modules import torch and Lightning inside their functions only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lightning_skill.validate import checks, export_check, presets, rehearse
from lightning_skill.validate.errors import DRIVER_ERRORS, CheckError


@dataclass(frozen=True)
class Option:
    name: str  # keyword of validate_many; the CLI flag is --name-with-dashes
    default: Any
    help: str
    type: type = float

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Check:
    name: str
    summary: str  # one line: what passing proves
    run: Callable[[Any], dict[str, Any] | None]  # run(session) in the job process
    requires: tuple[str, ...] = ()  # checks that must have passed when asked for (else: skip)
    prelude: tuple[str, ...] = ()  # setup checks re-run silently inside the check's own job
    kinds: tuple[str, ...] = ("project", "file")
    default: bool = True
    stages: tuple[str, ...] = ()  # Trainer stages it runs: a check stuck in one skips the rest
    options: tuple[Option, ...] = ()
    errors: tuple[type[CheckError], ...] = ()
    cannot: str = ""  # what passing does not prove


SETUP = ("import", "discover", "instantiate")
_TRAINS = (*SETUP, "fit")  # checks that train wait for fit: the same error again is noise
_FIT = ("train", "validate")

_DDP_TIMEOUT = Option("ddp_timeout", 60.0, "seconds a DDP collective may wait")
GLOBAL_OPTIONS: tuple[Option, ...] = (
    Option(
        "stuck_after",
        60.0,
        "seconds without a finished training/eval step before a check fails as stuck",
    ),
)

CHECKS: tuple[Check, ...] = (
    Check("import", "the file, or the project's `<pkg>.cli`, imports", checks.check_import),
    Check(
        "discover",
        "exactly one LightningModule (and at most one DataModule) is found, or `cli_main`",
        checks.check_discover,
    ),
    Check(
        "instantiate",
        "model, data and Trainer are built (projects: `cli_main(args=overrides, run=False)`)",
        checks.check_instantiate,
    ),
    Check(
        "fit",
        "`fast_dev_run` fit: one training and one validation batch",
        checks.check_fit,
        SETUP,
        SETUP,
        stages=_FIT,
        cannot="that callbacks, loggers and checkpointing work: fast_dev_run turns them off",
    ),
    Check(
        "validate",
        "`fast_dev_run` validate, where validation is defined",
        checks.check_validate,
        SETUP,
        SETUP,
        stages=("validate",),
    ),
    Check(
        "test",
        "`fast_dev_run` test, where `test_step` is defined",
        checks.check_test,
        SETUP,
        SETUP,
        stages=("test",),
    ),
    Check(
        "predict",
        "`fast_dev_run` predict on the predict (or val/test) data",
        checks.check_predict,
        SETUP,
        SETUP,
        stages=("predict",),
        cannot="that predictions are written or kept: it only runs predict_step",
    ),
    Check(
        "overfit",
        "the training loss halves on one repeated batch",
        checks.check_overfit,
        _TRAINS,
        SETUP,
        stages=("train",),
        options=(Option("overfit_steps", 50, "max steps of 'overfit'", int),),
        errors=(checks.NotLearning, checks.LearningTooSlowly),
        cannot="that the model generalises: one batch is memorised, nothing more",
    ),
    Check(
        "checkpoint",
        "a checkpoint saves, reloads identically and resumes",
        checks.check_checkpoint,
        _TRAINS,
        SETUP,
        stages=("train", "validate", "predict"),
        errors=(checks.HparamsNotSaved, checks.CheckpointMismatch, checks.ResumeFailed),
        cannot="state kept outside the checkpoint: the reload happens in the same process",
    ),
    Check(
        "rehearse",
        "a short real fit with the target's own callbacks, logger and checkpointing, then "
        'validate/test with `ckpt_path="best"`',
        rehearse.check_rehearse,
        _TRAINS,
        SETUP,
        stages=("train", "validate", "test", "predict"),
        errors=(rehearse.NoBestCheckpoint,),
        cannot="a long run: 2 epochs of 2 batches, on this machine's hardware",
    ),
    Check(
        "predict-from-checkpoint",
        "in a fresh process, the best checkpoint rebuilds a model whose predictions equal the "
        "trained one's",
        rehearse.check_predict_from_checkpoint,
        ("import", "rehearse"),
        ("import",),
        stages=("predict",),
        errors=(rehearse.PredictionsDiffer,),
        cannot="the project's own `predict` command or writer: it compares the module's outputs",
    ),
    Check(
        "export",
        "the project's export path (or a file's `export_model`) gives a program that matches "
        "`forward` on the example input, a batch of 4 and a second input length/size",
        export_check.check_export,
        SETUP,
        SETUP,
        errors=(export_check.ExportMismatch,),
        cannot="input shapes `forward` itself rejects, or a trained model (it exports the "
        "freshly built one)",
    ),
    Check(
        "presets",
        "every `configs/presets/*.yaml` composes; DDP presets fit on 2 CPU processes (gloo); "
        "what only a GPU can run is checked against Lightning's rules and reported as skipped",
        presets.check_presets,
        _TRAINS,
        SETUP,
        kinds=("project",),
        stages=_FIT,
        options=(_DDP_TIMEOUT,),
        errors=(presets.PresetIncompatible,),
        cannot="GPU-only behaviour (NCCL, bf16 numerics, FSDP sharding, DeepSpeed): skipped",
    ),
    Check(
        "ddp",
        "2 CPU ranks (gloo, spawned) run `fast_dev_run` fit and log the same names",
        checks.check_ddp,
        _TRAINS,
        SETUP,
        default=False,
        stages=_FIT,
        options=(_DDP_TIMEOUT,),
        errors=(checks.UnpicklableModule, checks.RankDependentLogging),
        cannot="NCCL or several machines: 2 CPU processes with gloo, one batch",
    ),
    Check(
        "cli",
        "`python -m <pkg> fit` and a `--print_config` round trip work",
        checks.check_cli,
        ("import",),
        kinds=("project",),
        stages=_FIT,
        errors=(checks.CLIFailed,),
        cannot="the other subcommands' options: it runs fit",
    ),
    Check(
        "gpu",
        "bf16-mixed `fast_dev_run` fit on CUDA (skipped without CUDA)",
        checks.check_gpu,
        _TRAINS,
        SETUP,
        stages=_FIT,
        cannot="several GPUs, or 16-mixed: one device, bf16-mixed, one batch",
    ),
    Check(
        "lint",
        "`lightning-skill lint` finds no error-severity findings",
        checks.check_lint,
        errors=(checks.LintErrors,),
        cannot="anything at run time: it reads the code",
    ),
)

BY_NAME: dict[str, Check] = {c.name: c for c in CHECKS}
ALL_CHECKS: tuple[str, ...] = tuple(c.name for c in CHECKS)
DEFAULT_CHECKS: tuple[str, ...] = tuple(c.name for c in CHECKS if c.default)


def options() -> dict[str, Option]:
    """Every option by name (a name shared by two checks is one option)."""
    out = {o.name: o for o in GLOBAL_OPTIONS}
    for check in CHECKS:
        for opt in check.options:
            out.setdefault(opt.name, opt)
    return out


def option_defaults() -> dict[str, Any]:
    return {name: opt.default for name, opt in options().items()}


def error_classes() -> dict[str, type[CheckError]]:
    """Every failure reported by name: the checks' own and the driver's (Timeout, ...)."""
    out: dict[str, type[CheckError]] = {cls.__name__: cls for cls in DRIVER_ERRORS}
    for check in CHECKS:
        out.update((cls.__name__, cls) for cls in check.errors)
    return out


def checks_table() -> str:
    """The Markdown table of references/validate-checks.md#checks (a test holds them equal)."""
    rows = ["| check | passes when | default | failures it names |", "|---|---|---|---|"]
    for c in CHECKS:
        errors = ", ".join(f"`{e.__name__}`" for e in c.errors)
        kinds = "" if len(c.kinds) == 2 else f" ({c.kinds[0]}s only)"
        rows.append(
            f"| `{c.name}` | {c.summary}{kinds} | {'yes' if c.default else 'no'} | {errors} |"
        )
    return "\n".join(rows)


def limits_list() -> str:
    """What passing does not prove, one bullet per check (references/validate-report.md)."""
    return "\n".join(f"- `{c.name}`: {c.cannot}" for c in CHECKS if c.cannot)


def checks_help() -> str:
    """``--checks`` help text."""
    return (
        f"comma-separated: {', '.join(ALL_CHECKS)}; 'all'; 'default' (= {','.join(DEFAULT_CHECKS)})"
    )


__all__ = [
    "ALL_CHECKS",
    "BY_NAME",
    "CHECKS",
    "DEFAULT_CHECKS",
    "GLOBAL_OPTIONS",
    "SETUP",
    "Check",
    "Option",
    "checks_help",
    "checks_table",
    "limits_list",
    "error_classes",
    "option_defaults",
    "options",
]
