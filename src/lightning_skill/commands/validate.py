"""``lightning-skill validate PATH...``: run projects or LightningModule files for real."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lightning_skill.errors import EXIT_FAILED, EXIT_OK, UsageError

if TYPE_CHECKING:  # imported in run(): building the CLI parser for another command skips it
    from lightning_skill.report import Report

HELP = (
    "Run projects or .py files through fit/validate/test/predict, overfit, checkpoint, a short "
    "real run, export, presets, DDP and CLI checks, sandboxed."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from lightning_skill.validate.registry import checks_help, options

    parser.add_argument("paths", nargs="+", metavar="PATH", help="project folders or .py files")
    parser.add_argument("--checks", default=None, help=checks_help())
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per check")
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=None,
        help="memory a check may add (MiB), for all the processes it starts together",
    )
    parser.add_argument(
        "--init-args", default=None, help='JSON: {"model": {...}, "datamodule": {...}}'
    )
    parser.add_argument("--model", dest="model_class", default=None, help="LightningModule class")
    parser.add_argument(
        "--datamodule", dest="datamodule_class", default=None, help="DataModule class"
    )
    for option in options().values():  # each check's own options, from the registry
        parser.add_argument(option.flag, type=option.type, default=option.default, help=option.help)
    parser.add_argument("--jobs", type=int, default=None, help="checks run at once")
    parser.add_argument(
        "--no-pool", action="store_true", help="a cold interpreter per job (no warm pool)"
    )
    parser.add_argument(
        "--isolate",
        action="store_true",
        help="no network, read-only filesystem outside the temporary folder (bubblewrap)",
    )
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--junit", type=Path, default=None, metavar="FILE", help="write JUnit XML")
    parser.add_argument(
        "--report", type=Path, default=None, metavar="FILE", help="write the JSON report"
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=None,
        metavar="DIR",
        help="where plots go (default with --report: FILE's folder)",
    )


def _progress(total_targets: int, per_target: int):  # noqa: ANN202 - rich objects, lazily
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    return progress


def _positive(field: str, value: float) -> None:
    if not math.isfinite(value) or value <= 0:
        raise UsageError(field, f"must be a finite number > 0, got {value!r}")


def _machine_mib() -> int | None:
    """Physical memory plus swap, in MiB (None where unknown)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("SwapTotal:"):
                total += int(line.split()[1]) * 1024
    except OSError:
        pass
    return total >> 20


def _writable_file(field: str, path: Path) -> None:
    """``path`` can be written as a file: not a folder, and its folder exists or can be made."""
    if path.is_dir():
        raise UsageError(field, f"{path} is a folder; give a file path")
    if path.exists():
        try:
            with path.open("ab"):  # opened, not written: the file is left as it is
                pass
        except OSError as exc:
            raise UsageError(field, f"{path} is not writable: {exc.strerror}") from None
        return
    _creatable_folder(field, path.parent)


def _creatable_folder(field: str, folder: Path) -> None:
    """``folder`` is (or can be made) a writable folder: a file is created and removed in the
    nearest folder that exists (permission bits do not tell for root or read-only mounts)."""
    import tempfile

    probe = folder.resolve()
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(field, f"{probe} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=probe, prefix=".lightning-skill-probe-"):
            pass
    except OSError as exc:
        raise UsageError(field, f"cannot write in {probe}: {exc.strerror}") from None


def _init_args(text: str) -> dict:
    try:
        init_args = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError("--init-args", f"not valid JSON: {exc.msg}") from None
    if not isinstance(init_args, dict):
        raise UsageError("--init-args", 'expected an object like {"model": {...}}')
    for key, value in init_args.items():
        if key not in {"model", "datamodule"}:
            raise UsageError("--init-args", f"unknown key {key!r}; expected model, datamodule")
        if not isinstance(value, dict):
            raise UsageError(
                "--init-args", f"{key!r} must be an object of keyword arguments, got {value!r}"
            )
    return init_args


def check_arguments(args: argparse.Namespace) -> tuple[list[str], dict | None]:
    """Every option checked before anything runs: (checks, init_args), or ``UsageError``."""
    from lightning_skill.validate.plan import ALL_CHECKS, parse_checks
    from lightning_skill.validate.registry import options

    _positive("--timeout", args.timeout)
    for option in options().values():  # the checks' own seconds (ddp, stuck-after, ...)
        if option.type is float:
            _positive(option.flag, getattr(args, option.name))
    if args.overfit_steps < 2:
        raise UsageError("--overfit-steps", "must be >= 2")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs", "must be >= 1")
    if args.memory_mb is not None:
        if args.memory_mb < 1:
            raise UsageError("--memory-mb", "must be >= 1")
        limit = _machine_mib()
        if limit is not None and args.memory_mb > limit:
            raise UsageError(
                "--memory-mb", f"{args.memory_mb} MiB is more than this machine has ({limit} MiB)"
            )
    init_args = _init_args(args.init_args) if args.init_args is not None else None
    checks = parse_checks(args.checks)
    if not checks:
        raise UsageError(
            "--checks", f"names no check; known: {', '.join(ALL_CHECKS)}, all, default"
        )
    for field, path in (("--report", args.report), ("--junit", args.junit)):
        if path is not None:
            _writable_file(field, path)
    if args.artifacts is not None:
        if args.artifacts.exists() and not args.artifacts.is_dir():
            raise UsageError("--artifacts", f"{args.artifacts} is a file; give a folder")
        _creatable_folder("--artifacts", args.artifacts)
    if args.isolate:
        import tempfile

        from lightning_skill.validate.containment import IsolationUnavailable, probe_isolation

        try:
            with tempfile.TemporaryDirectory(prefix="lightning-skill-isolate-") as scratch:
                probe_isolation(Path(scratch))
        except IsolationUnavailable as exc:
            raise UsageError("--isolate", str(exc)) from None
    return checks, init_args


def _write(field: str, path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder and rename: never half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            write(tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise UsageError(field, f"cannot write {path}: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    from lightning_skill.report import format_many, reports_to_json, write_junit
    from lightning_skill.validate.registry import options
    from lightning_skill.validate.sandbox import terminate_as_exit

    checks, init_args = check_arguments(args)
    artifacts = args.artifacts
    if artifacts is None and args.report is not None:
        artifacts = args.report.resolve().parent
    interactive = sys.stderr.isatty() and not args.json
    live = interactive and (len(args.paths) > 1 or len(checks) > 4)
    kwargs = {
        "checks": checks,
        "timeout": args.timeout,
        "memory_limit_mb": args.memory_mb,
        "init_args": init_args,
        "model_class": args.model_class,
        "datamodule_class": args.datamodule_class,
        **{name: getattr(args, name) for name in options()},
        "artifacts_dir": artifacts,
        "jobs": args.jobs,
        "pool": not args.no_pool,
        "isolate": args.isolate,
    }
    with terminate_as_exit():  # SIGTERM/SIGHUP: clean up (jobs, temporary folders), then exit
        reports = _run_validation(args, checks, kwargs, live)
    print(reports_to_json(reports) if args.json else format_many(reports))
    if args.junit:
        _write("--junit", args.junit, lambda tmp: write_junit(reports, tmp))
    if args.report:
        text = reports_to_json(reports)
        _write("--report", args.report, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return EXIT_OK if all(r.passed for r in reports) else EXIT_FAILED


def _run_validation(
    args: argparse.Namespace, checks: list[str], kwargs: dict, live: bool
) -> list[Report]:
    from lightning_skill.validate import validate_many

    if live:
        progress = _progress(len(args.paths), len(checks))
        with progress:
            tasks = [progress.add_task(Path(p).name, total=len(checks)) for p in args.paths]

            def on_result(i: int, result) -> None:  # noqa: ANN001
                mark = {"pass": "ok", "fail": "FAIL", "skip": "skip"}[result.status]
                progress.update(
                    tasks[i],
                    advance=1,
                    description=f"{Path(args.paths[i]).name}: {result.name} {mark}",
                )

            reports = validate_many(args.paths, on_result=on_result, **kwargs)
    else:
        reports = validate_many(args.paths, **kwargs)
    return reports
