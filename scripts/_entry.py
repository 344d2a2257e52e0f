"""Shared start-up for ``python scripts/<command>.py``: run the toolkit from the skill folder.

Puts ``<skill>/src`` on ``sys.path`` (so no install is needed) and checks the dependencies the
command needs; when one is missing it prints a one-line install hint and exits 2.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SKILL_DIR = Path(__file__).resolve().parents[1]
# What each command needs importable; validate also needs torch/lightning in its workers.
_NEEDS = {
    "new": ("jinja2", "yaml"),
    "render": ("jinja2", "yaml"),
    "wrap": ("jinja2", "yaml"),
    "catalog": ("yaml",),
    "validate": ("yaml", "torch", "lightning", "jsonargparse"),
    "lint": ("libcst", "yaml"),
    "lookup": (),
}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken or blocked install counts as missing
        return False


def run(command: str) -> None:
    src = SKILL_DIR / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    missing = [m for m in _NEEDS.get(command, ()) if not _importable(m)]
    if missing:
        print(
            f"{command}: missing Python packages ({', '.join(missing)}); install the toolkit with "
            f"pip install -e {SKILL_DIR}",
            file=sys.stderr,
        )
        sys.exit(2)
    from lightning_skill.cli import main

    sys.exit(main([command, *sys.argv[1:]]))
