"""``lightning-skill validate PATH``: run a project or a LightningModule file for real."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lightning_skill.errors import EXIT_FAILED, EXIT_OK, UsageError
from lightning_skill.report import format_human, write_junit

HELP = "Run a project or .py file through fit/validate/test/predict under fast_dev_run, sandboxed."


def configure(parser: argparse.ArgumentParser) -> None:
    from lightning_skill.validate import ALL_CHECKS, DEFAULT_CHECKS

    parser.add_argument("path", metavar="PATH", help="project folder or .py file")
    parser.add_argument(
        "--checks",
        default=",".join(DEFAULT_CHECKS),
        help=f"comma-separated subset of: {', '.join(ALL_CHECKS)}",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for the whole run")
    parser.add_argument("--memory-mb", type=int, default=None, help="address-space cap (MiB)")
    parser.add_argument(
        "--init-args", default=None, help='JSON: {"model": {...}, "datamodule": {...}}'
    )
    parser.add_argument("--model", dest="model_class", default=None, help="LightningModule class")
    parser.add_argument(
        "--datamodule", dest="datamodule_class", default=None, help="DataModule class"
    )
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--junit", type=Path, default=None, metavar="FILE", help="write JUnit XML")
    parser.add_argument(
        "--report", type=Path, default=None, metavar="FILE", help="write JSON report"
    )


def run(args: argparse.Namespace) -> int:
    from lightning_skill.validate import validate

    if args.timeout <= 0:
        raise UsageError("--timeout", "must be > 0")
    init_args = None
    if args.init_args is not None:
        try:
            init_args = json.loads(args.init_args)
        except json.JSONDecodeError as exc:
            raise UsageError("--init-args", f"not valid JSON: {exc.msg}") from None
        if not isinstance(init_args, dict):
            raise UsageError("--init-args", 'expected an object like {"model": {...}}')
    checks = [c.strip() for c in args.checks.split(",") if c.strip()]
    report = validate(
        args.path,
        checks=checks,
        timeout=args.timeout,
        memory_limit_mb=args.memory_mb,
        init_args=init_args,
        model_class=args.model_class,
        datamodule_class=args.datamodule_class,
    )
    print(report.to_json() if args.json else format_human(report))
    if args.junit:
        write_junit(report, args.junit)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report.to_json(), encoding="utf-8")
    return EXIT_OK if report.passed else EXIT_FAILED
