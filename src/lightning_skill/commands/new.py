"""``lightning-skill new DIR``: render a complete, runnable Lightning project."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec, parse_settings
from lightning_skill.write import execute, plan_write

HELP = "Scaffold a runnable Lightning project (LightningModule + DataModule + LightningCLI)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir", metavar="DIR", help="project folder to create (its name names the project)"
    )
    parser.add_argument(
        "--task", default="image-classification", help="see `lightning-skill catalog`"
    )
    parser.add_argument(
        "--data",
        dest="source",
        default=None,
        help="data source (default: the task's first, synthetic)",
    )
    parser.add_argument(
        "--data-dir", default=None, help="where real data lives, for sources that read files"
    )
    parser.add_argument("--preset", default="cpu-debug", help="trainer preset")
    parser.add_argument("--logger", default="csv", help="experiment logger")
    parser.add_argument("--package", default=None, help="import package name (default: from DIR)")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="task option, repeatable (e.g. --set num_classes=5)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would be written; write nothing"
    )
    parser.add_argument(
        "--force", action="store_true", help="write into a non-empty folder, overwriting"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    spec = build_spec(
        load_catalog(),
        target=target,
        task=args.task,
        source=args.source,
        data_dir=args.data_dir,
        preset=args.preset,
        logger=args.logger,
        package=args.package,
        settings=parse_settings(args.settings),
    )
    plan = plan_write(target, render_project(spec), force=args.force)
    if not args.dry_run:
        execute(plan)
    if args.json:
        print(
            json.dumps(
                {
                    "target": str(target),
                    "dry_run": args.dry_run,
                    "package": spec.package,
                    "task": spec.task.name,
                    "source": spec.source,
                    "files": sorted(plan.files),
                    "overwrites": list(plan.overwrites),
                },
                indent=2,
            )
        )
        return 0
    verb = "would write" if args.dry_run else "wrote"
    for rel in sorted(plan.files):
        mark = " (overwrite)" if rel in plan.overwrites else ""
        print(f"{verb} {target / rel}{mark}")
    if not args.dry_run:
        print(
            f"\nNext: lightning-skill validate {target}\n"
            f"  or: cd {target} && pip install -e . && python -m {spec.package} fit"
        )
    return 0
