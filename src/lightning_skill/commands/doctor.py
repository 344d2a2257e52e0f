"""``lightning-skill doctor``: what this machine offers (versions, accelerators, sandbox)."""

from __future__ import annotations

import argparse
import json

from lightning_skill.errors import EXIT_FAILED, EXIT_OK

HELP = "Report Python/torch/Lightning versions, accelerators, DDP backends and sandboxing here."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from lightning_skill.doctor import diagnose, format_text

    report = diagnose()
    print(json.dumps(report, indent=2) if args.json else format_text(report), end="")
    if args.json:
        print()
    return EXIT_FAILED if report["problems"] else EXIT_OK
