"""references/migration.md is generated from the catalogue and stays in step with it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lightning_skill.cli import COMMANDS
from lightning_skill.lint import lint_paths
from lightning_skill.lint.migration import AFTER, BEFORE, default_path, render

ROOT = Path(__file__).resolve().parents[2]


def test_file_is_the_rendered_catalogue() -> None:
    assert default_path() == ROOT / "references" / "migration.md"
    assert default_path().read_text(encoding="utf-8") == render(), (
        "references/migration.md is stale: run python -m lightning_skill.lint.migration"
    )


def test_size_and_contents() -> None:
    text = render()
    assert len(text) / 4 <= 4000, len(text)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "Contents"
    links = re.findall(r"\]\(#([a-z0-9-]+)\)", text)
    anchors = [re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings[1:]]
    assert links == anchors


def test_skip_marker_sits_directly_above_the_before_block() -> None:
    lines = render().splitlines()
    fences = [i for i, line in enumerate(lines) if line == "```python"]
    assert len(fences) == 2
    assert lines[fences[0] - 1].startswith("<!-- skip: ") and lines[fences[0] - 1].endswith("-->")
    assert not lines[fences[1] - 1].startswith("<!--")  # the 2.x block runs as is


def test_before_is_caught_and_after_is_clean(tmp_path: Path) -> None:
    (tmp_path / "before.py").write_text(BEFORE)
    codes = {f.code for f in lint_paths([tmp_path / "before.py"])}
    assert {"LS101", "LS102", "LS104", "LS110", "LS122", "LS130"} <= codes
    (tmp_path / "after.py").write_text(AFTER)
    assert lint_paths([tmp_path / "after.py"]) == []


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"lightning-skill-lint", "lightning-skill-lint-fix"}
    for hook in hooks:
        assert hook["entry"].split()[:2] == ["lightning-skill", "lint"]
        assert hook["require_serial"] is True and hook["types"] == ["python"]
    assert "lint" in COMMANDS
