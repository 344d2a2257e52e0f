"""``lightning-skill package``: build and validate ``dist/pytorch-lightning.skill``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "Build the skill as one validated .skill zip (SKILL.md, references, templates, scripts)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), help="folder for the .skill (default: dist)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    import zipfile

    from lightning_skill.package import build

    path = build(args.out)
    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
    if args.json:
        print(
            json.dumps(
                {
                    "schema_version": 1,
                    "path": str(path),
                    "files": len(names),
                    "bytes": path.stat().st_size,
                },
                indent=2,
            )
        )
    else:
        print(f"wrote {path} ({len(names)} files, {path.stat().st_size // 1024} KiB), validated")
    return 0
