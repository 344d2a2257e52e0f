"""Helpers shared by the validator's tests (a uniquely named module, not ``conftest``: the
suite has several conftest files and ``from conftest import`` would pick whichever came first)."""

from __future__ import annotations

from pathlib import Path

MODULES = Path(__file__).resolve().parent / "modules"


def module(name: str) -> Path:
    return MODULES / f"{name}.py"
