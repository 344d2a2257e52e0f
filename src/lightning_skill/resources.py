"""Locate the skill's own files (templates/, references/, SKILL.md).

From a checkout they are at the repo root (the repo root *is* the skill folder); from an
installed wheel they are packaged under ``lightning_skill/_skill``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def skill_root() -> Path:
    bundled = _PACKAGE_DIR / "_skill"
    if (bundled / "templates").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parents[1]  # src/lightning_skill -> repo root
    if (checkout / "templates").is_dir():
        return checkout
    raise FileNotFoundError(
        f"cannot find the skill's templates beside {_PACKAGE_DIR}; reinstall lightning-skill"
    )


def templates_dir() -> Path:
    return skill_root() / "templates"


def references_dir() -> Path:
    return skill_root() / "references"


def skill_md() -> Path:
    return skill_root() / "SKILL.md"
