"""``lightning-skill new DIR``: render a complete, runnable Lightning project.

Order matters for "bad input never half-writes": every argument is checked (``build_spec``,
on strings alone), then everything is rendered in memory, then ``write.execute`` writes it as
one transaction. Domain modules are imported in ``run`` so building the CLI parser stays light.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "Scaffold a runnable Lightning project (LightningModule + DataModule + LightningCLI)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        metavar="DIR",
        help="project folder to create (its name names the project); with --single-file, the "
        ".py file to write (a path not ending in .py is a folder: DIR/train.py)",
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
        "--single-file",
        action="store_true",
        help="write one train.py (data + model + Trainer + __main__) instead of a project",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would be written; write nothing"
    )
    parser.add_argument(
        "--force", action="store_true", help="write into a non-empty folder, overwriting"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def single_file_path(arg: str) -> Path:
    """``x/train.py`` is the file itself; any other path is a folder that gets ``train.py``."""
    path = Path(arg)
    return path if path.suffix == ".py" else path / "train.py"


def run(args: argparse.Namespace) -> int:
    from lightning_skill.answers import answers_for, record
    from lightning_skill.catalog import load_catalog
    from lightning_skill.errors import UsageError
    from lightning_skill.render import render_project, render_single_file
    from lightning_skill.spec import build_spec, parse_settings
    from lightning_skill.write import execute, plan_single_file, plan_write

    if not args.dir.strip():  # Path("") is the current folder: never scaffold into it by accident
        raise UsageError("DIR", "must be a non-empty path (use . for the current folder)")
    target = Path(args.dir)
    single = single_file_path(args.dir) if args.single_file else None
    spec = build_spec(
        load_catalog(),
        # A single file is named by its stem (train.py -> "train").
        target=single.with_suffix("") if single else target,
        task=args.task,
        source=args.source,
        data_dir=args.data_dir,
        preset=args.preset,
        logger=args.logger,
        package=args.package,
        settings=parse_settings(args.settings),
    )
    if single is not None:
        target = single.parent
        plan = plan_single_file(single, render_single_file(spec), force=args.force)
    else:
        files = record(render_project(spec), answers_for(spec, parse_settings(args.settings)))
        plan = plan_write(target, files, force=args.force)
    if not args.dry_run:
        execute(plan)
    if args.json:
        print(
            json.dumps(
                {
                    "schema_version": 1,
                    "target": str(target),
                    "dry_run": args.dry_run,
                    "package": spec.package,
                    "task": spec.task.name,
                    "source": spec.source,
                    "preset": spec.preset,
                    "logger": spec.logger,
                    "single_file": single is not None,
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
    needs = [*spec.presets[spec.preset]["packages"]]
    if spec.loggers[spec.logger]["pip"]:
        needs.append(spec.loggers[spec.logger]["pip"])
    if needs:
        print(f"\nNote: this configuration needs: pip install {' '.join(needs)}")
    hardware = spec.presets[spec.preset]["hardware"]
    if hardware != "cpu":
        print(f"Note: preset {spec.preset} is for {hardware}; `validate` runs on what is here.")
    if single is not None and not args.dry_run:
        print(f"\nNext: lightning-skill validate {single}\n  or: python {single}")
    elif not args.dry_run:
        print(
            f"\nNext: lightning-skill validate {target}\n"
            f"  or: cd {target} && pip install -e . && python -m {spec.package} fit"
        )
    return 0
