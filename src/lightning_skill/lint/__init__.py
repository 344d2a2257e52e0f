"""Lint Lightning code for stale 1.x APIs and anti-patterns; fix what can be fixed safely.

Public API (used by ``validate``): ``lint_paths(paths, select=None, ignore=None) -> list[Finding]``.
"""

from __future__ import annotations

from lightning_skill.lint.engine import FixResult, fix_paths, lint_paths
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.rules import RULES, Rule

__all__ = ["RULES", "Finding", "FixResult", "Rule", "fix_paths", "lint_paths"]
