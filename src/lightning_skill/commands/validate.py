"""``lightning-skill validate PATH...``: run projects or LightningModule files for real."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lightning_skill.errors import EXIT_FAILED, EXIT_OK, UsageError
from lightning_skill.report import format_many, reports_to_json, write_junit

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
        "--memory-mb", type=int, default=None, help="address space a check may add (MiB)"
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


def run(args: argparse.Namespace) -> int:
    from lightning_skill.validate import validate_many
    from lightning_skill.validate.plan import parse_checks
    from lightning_skill.validate.registry import options

    if args.timeout <= 0:
        raise UsageError("--timeout", "must be > 0")
    if args.overfit_steps < 2:
        raise UsageError("--overfit-steps", "must be >= 2")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs", "must be >= 1")
    if args.memory_mb is not None and args.memory_mb < 1:
        raise UsageError("--memory-mb", "must be >= 1")
    init_args = None
    if args.init_args is not None:
        try:
            init_args = json.loads(args.init_args)
        except json.JSONDecodeError as exc:
            raise UsageError("--init-args", f"not valid JSON: {exc.msg}") from None
        if not isinstance(init_args, dict):
            raise UsageError("--init-args", 'expected an object like {"model": {...}}')
    checks = parse_checks(args.checks)
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
    }
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
    print(reports_to_json(reports) if args.json else format_many(reports))
    if args.junit:
        write_junit(reports, args.junit)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(reports_to_json(reports), encoding="utf-8")
    return EXIT_OK if all(r.passed for r in reports) else EXIT_FAILED
