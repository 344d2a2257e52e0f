"""``presets``: every ``configs/presets/*.yaml`` of a project, as the user would layer it.

Each preset is composed over the project's defaults (``-c configs/presets/<name>.yaml``, parsed
by the project's own LightningCLI parser, so an unknown key fails here), then:

- DDP variants run ``python -m <pkg> fit -c <preset>`` for two steps on 2 CPU processes (gloo),
  hardware overridden, as the user starts it (Lightning re-runs the command for the second
  rank): what breaks only with several processes (unused parameters, a collective one rank
  skips) shows on any machine;
- CPU presets fit under ``fast_dev_run`` exactly as composed;
- what only a GPU can run (FSDP, DeepSpeed, bf16/16-mixed on CUDA) is checked against the rules
  Lightning 2.6 enforces when the run starts (listed in ``RULES``) and reported as skipped with
  the reason, never as passed.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

from lightning_skill.validate.checks import Session, _data_kwargs
from lightning_skill.validate.errors import CheckError, CheckSkipped
from lightning_skill.validate.ports import is_port_clash, reserved_port
from lightning_skill.validate.sandbox import run_sandboxed

# The static rules, as Lightning 2.6 enforces them (file in lightning/pytorch/):
RULES = {
    "precision": "precision is one Lightning accepts (fabric/plugins/precision/precision.py)",
    "fsdp-clipping": "FSDP does not clip by norm (plugins/precision/fsdp.py)",
    "deepspeed-optimizers": "DeepSpeed trains one optimizer (strategies/deepspeed.py)",
    "manual-optimization": "manual optimization takes no gradient_clip_val or "
    "accumulate_grad_batches (trainer/configuration_validator.py)",
    "launchers": "num_nodes > 1 has a launcher in scripts/ passing --trainer.num_nodes and "
    "--trainer.devices",
}
_PRECISIONS = {
    "transformer-engine", "transformer-engine-float16", "16-true", "16-mixed", "bf16-true",
    "bf16-mixed", "32-true", "64-true", "64", "32", "16", "bf16",
}  # fmt: skip


class PresetIncompatible(CheckError, RuntimeError):
    """presets: a preset cannot run with this model on the hardware it is meant for."""

    hint = (
        "a preset fails with this model: change the preset's file (or the task's defaults it "
        "layers on), e.g. the strategy's options, gradient_clip_algorithm or precision"
    )
    anchor = "validate-checks.md#presets"
    hint_from_message = True  # a Lightning error quoted in the message has the better hint


def _strategy(value: Any) -> tuple[str, dict[str, Any]]:
    """(lowercase name, init_args) of a strategy config value."""
    if isinstance(value, str):
        return value.lower(), {}
    class_path = getattr(value, "class_path", None) or (
        value.get("class_path") if isinstance(value, dict) else None
    )
    if class_path:
        init = getattr(value, "init_args", None) or (
            value.get("init_args") if isinstance(value, dict) else None
        )
        init = dict(vars(init)) if init is not None and not isinstance(init, dict) else init
        return class_path.rsplit(".", 1)[-1].lower(), dict(init or {})
    return type(value).__name__.lower(), {}


def _compose(s: Session, preset: Path) -> Any:
    """The preset layered over the project's defaults by its own parser (no instantiation)."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            return s.cli.parser.parse_args(["-c", str(preset), *s.init_overrides()])
    except SystemExit:
        lines = err.getvalue().strip().splitlines()
        raise PresetIncompatible(
            f"configs/presets/{preset.name} does not compose with the project's configuration: "
            f"{lines[-1] if lines else 'parse error'}"
        ) from None


def _optimizer_count(model: Any) -> int | None:
    try:
        from lightning.pytorch.core.optimizer import _configure_optimizers

        return len(_configure_optimizers(model.configure_optimizers())[0])
    except Exception:  # noqa: BLE001 - needs a Trainer (schedulers sized by it): unknown
        return None


def _launchers(root: Path) -> list[str]:
    out = []
    for script in sorted((root / "scripts").glob("*")) if (root / "scripts").is_dir() else []:
        text = script.read_text(encoding="utf-8", errors="replace")
        if "--trainer.num_nodes" in text and "--trainer.devices" in text:
            out.append(script.name)
    return out


def static_problems(trainer: Any, model: Any, root: Path) -> list[str]:
    """What Lightning would refuse when this trainer configuration starts on its hardware."""
    problems = []
    name, _ = _strategy(trainer.strategy)
    clip = trainer.gradient_clip_val
    clipping = clip is not None and float(clip) > 0
    if str(trainer.precision) not in _PRECISIONS:
        problems.append(f"precision={trainer.precision!r} is not one Lightning accepts")
    if "fsdp" in name and clipping and (trainer.gradient_clip_algorithm or "norm") == "norm":
        problems.append(
            f"FSDP with gradient_clip_val={clip} clips by norm, which Lightning 2.6 refuses "
            "(`gradient_clip_algorithm='norm'` is currently not supported for FSDP)"
        )
    optimizers = _optimizer_count(model)
    if "deepspeed" in name and optimizers and optimizers > 1:
        problems.append(
            f"DeepSpeed with {optimizers} optimizers: DeepSpeed only supports single optimizer"
        )
    if not model.automatic_optimization:
        if clipping:
            problems.append(
                f"gradient_clip_val={clip}: automatic gradient clipping is not supported for "
                "manual optimization"
            )
        if trainer.accumulate_grad_batches not in (1, None):
            problems.append(
                f"accumulate_grad_batches={trainer.accumulate_grad_batches}: automatic gradient "
                "accumulation is not supported for manual optimization"
            )
    nodes = int(trainer.num_nodes or 1)
    if nodes > 1 and not _launchers(root):
        problems.append(
            f"num_nodes={nodes} but no script in scripts/ passes --trainer.num_nodes and "
            "--trainer.devices to match what its launcher starts"
        )
    return problems


_HARDWARE = tuple(
    f"--trainer.{k}=" for k in ("accelerator", "devices", "num_nodes", "strategy", "precision")
)


_ERROR = re.compile(r"Error|Exception|Traceback|Killed|terminate|Abort")


def _run_ddp_cli(s: Session, preset: Path) -> str | None:
    """``python -m <pkg> fit -c <preset>`` as the user starts it, on 2 CPU processes: Lightning
    launches the second rank by re-running the command (no pickling), with gloo on CPU.
    Returns the error (last error lines of the output), or None when it passed."""
    package = s.module_name.rsplit(".", 1)[0]
    work = s.work_dir / f"preset-{preset.stem}"
    work.mkdir(parents=True, exist_ok=True)
    args = [
        "fit",
        "-c",
        str(preset),
        "--trainer.accelerator=cpu",
        "--trainer.devices=2",
        "--trainer.num_nodes=1",
        "--trainer.precision=32-true",
        # SyncBatchNorm runs on CUDA modules only; a preset that syncs BatchNorm for its GPUs is
        # rehearsed here without it (the GPU script, benchmarks/gpu_check.sh, runs it for real).
        "--trainer.sync_batchnorm=false",
        "--trainer.max_epochs=1",
        "--trainer.max_steps=2",
        "--trainer.limit_train_batches=2",
        "--trainer.limit_val_batches=1",
        "--trainer.num_sanity_val_steps=0",
        f"--trainer.default_root_dir={work}",
        *(a for a in s.overrides if a.startswith("--trainer.logger=")),
        *s.init_overrides(),
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(s.import_path), env.get("PYTHONPATH")) if p)
    timeout = float(s.options["ddp_timeout"]) * 5
    for attempt in (1, 2):
        # A rendezvous port of our own, held for the run (see ports.py), not Lightning's pick.
        # Rank 0 in a process group of its own, killed with the group once rank 0 exits: a rank
        # left behind when rank 0 fails at the rendezvous waits on the port until its own
        # timeout (measured: still alive 11 minutes later), holding any pipe it inherited.
        with reserved_port() as port:
            env["MASTER_PORT"] = str(port)
            command = [sys.executable, "-m", package, *args]
            proc = run_sandboxed(command, cwd=work, env=env, timeout=timeout)
        if proc.timed_out:
            return f"no exit within {timeout:.0f} s (a rank waiting on another: a DDP hang)"
        if proc.returncode == 0:
            return None
        if attempt == 1 and is_port_clash(proc.stderr + proc.stdout):
            continue  # a process outside the validator bound it by number (see ports.py)
        break
    lines = [line.strip() for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if _ERROR.search(line)] or lines[-3:]
    return f"exit {proc.returncode}: " + " | ".join(errors[-3:])[-1500:]


def _run_cpu(s: Session, preset: Path) -> None:
    args = [
        "-c",
        str(preset),
        *(a for a in s.overrides if not a.startswith(_HARDWARE)),
        f"--trainer.default_root_dir={s.work_dir}",
        *s.init_overrides(),
    ]
    cli = s.module.cli_main(args=args, run=False)
    cli.trainer.fit(cli.model, **_data_kwargs(cli.datamodule))


def _ddp_options(name: str, init: dict[str, Any], trainer: Any) -> dict[str, Any]:
    kwargs = {k: v for k, v in init.items() if k in _DDP_KWARGS}
    if "find_unused_parameters_true" in name:
        kwargs["find_unused_parameters"] = True
    flags = {
        "gradient_clip_val": trainer.gradient_clip_val,
        "gradient_clip_algorithm": trainer.gradient_clip_algorithm,
        "accumulate_grad_batches": trainer.accumulate_grad_batches,
    }
    return {"strategy": kwargs, "trainer": {k: v for k, v in flags.items() if v is not None}}


_DDP_KWARGS = {"find_unused_parameters", "static_graph", "gradient_as_bucket_view"}


def check_presets(s: Session) -> dict[str, Any]:
    s.require("instantiate")
    folder = s.path / "configs" / "presets"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise CheckSkipped("the project has no configs/presets/*.yaml")
    out: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    composed = []
    # Static first, for every preset: cheap, and each problem is reported even when a run fails.
    for preset in files:
        cfg = _compose(s, preset)
        name, init = _strategy(cfg.trainer.strategy)
        out[preset.stem] = {"strategy": name, "precision": str(cfg.trainer.precision)}
        found = static_problems(cfg.trainer, s.model, s.path)
        problems += [f"configs/presets/{preset.name}: {p}" for p in found]
        out[preset.stem]["static"] = "fail" if found else "pass"
        composed.append((preset, cfg.trainer, name, init))
    ran_ddp: dict[str, str] = {}  # strategy options -> the preset that ran them
    for preset, trainer, name, init in composed:
        record = out[preset.stem]
        accelerator = str(trainer.accelerator)
        gpu_only = accelerator not in {"cpu", "auto"}
        if name.startswith("ddp") or name == "ddpstrategy":
            options = _ddp_options(name, init, trainer)
            key = repr(options)
            if key in ran_ddp:
                twin = ran_ddp[key]
                failed = out[twin]["ran"] == "failed"
                record["ran"] = "failed" if failed else f"as {twin} (same DDP options)"
            else:
                ran_ddp[key] = preset.stem
                failure = _run_ddp_cli(s, preset)
                if failure:
                    problems.append(f"configs/presets/{preset.name} on 2 CPU processes: {failure}")
                    record["ran"] = "failed"
                else:
                    record["ran"] = "python -m <pkg> fit on 2 CPU processes (gloo), 2 steps"
            if gpu_only:
                record["skipped"] = f"accelerator={accelerator}: NCCL and precision need a GPU"
        elif not gpu_only and not any(k in name for k in ("fsdp", "deepspeed")):
            _run_cpu(s, preset)
            record["ran"] = "fast_dev_run fit as composed"
        else:
            record["skipped"] = (
                f"{name} with accelerator={accelerator} needs a GPU: checked against "
                "Lightning's rules only"
            )
        record["status"] = (
            "fail"
            if record["static"] == "fail" or record.get("ran") == "failed"
            else "pass"
            if "ran" in record
            else "skip"
        )
    if problems:
        more = f" (and {len(problems) - 1} more, see details)" if len(problems) > 1 else ""
        raise PresetIncompatible(problems[0] + more, {"presets": out, "problems": problems})
    if all(r["status"] == "skip" for r in out.values()):
        raise CheckSkipped("every preset needs a GPU; checked statically, none could run")
    return {"presets": out, "rules": RULES}
