"""``lightning-skill render module|datamodule|trainer --task T``: one snippet on stdout.

``module`` and ``datamodule`` print the task's rendered LightningModule / LightningDataModule
file, exactly as ``new`` writes it into a project. ``trainer`` prints the resolved Trainer
(configs/default.yaml with the preset layered on it): as Python ``L.Trainer(...)`` code by
default, the form that pastes into a script, or ``--format yaml`` for a LightningCLI config.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lightning_skill.errors import UsageError

HELP = "Print one snippet for an answer: a task's LightningModule, DataModule or Trainer."

WHAT = ("module", "datamodule", "trainer")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=WHAT, help="which snippet")
    parser.add_argument(
        "--task", default="image-classification", help="see `lightning-skill catalog`"
    )
    parser.add_argument("--data", dest="source", default=None, help="data source")
    parser.add_argument("--data-dir", default=None, help="for sources that read files")
    parser.add_argument("--preset", default="cpu-debug", help="trainer preset (trainer only)")
    parser.add_argument("--logger", default="csv", help="experiment logger (trainer only)")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="task option, repeatable",
    )
    parser.add_argument(
        "--format",
        choices=("python", "yaml"),
        default="python",
        help="trainer only: L.Trainer(...) code (default) or the LightningCLI YAML section",
    )


def run(args: argparse.Namespace) -> int:
    from lightning_skill.catalog import load_catalog
    from lightning_skill.render import render_project, trainer_python, trainer_yaml
    from lightning_skill.spec import build_spec, parse_settings

    if args.format != "python" and args.what != "trainer":
        raise UsageError("--format", "only `render trainer` has a YAML form")
    spec = build_spec(
        load_catalog(),
        target=Path("snippet"),
        task=args.task,
        source=args.source,
        data_dir=args.data_dir,
        preset=args.preset,
        logger=args.logger,
        settings=parse_settings(args.settings),
    )
    if args.what == "trainer":
        text = trainer_yaml(spec) if args.format == "yaml" else trainer_python(spec)
    else:
        name = "model.py" if args.what == "module" else "data.py"
        text = render_project(spec)[f"src/{spec.package}/{name}"]
    sys.stdout.write(text)
    return 0
