"""SKILL.md is a valid Agent Skill, including the rules the reference validator skips."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO


def _frontmatter() -> tuple[dict, str]:
    text = (REPO / "SKILL.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_agentskills_validate_accepts_the_skill_folder(tmp_path):
    # The validator requires the folder name to equal the skill's name, as when installed.
    skill = tmp_path / "pytorch-lightning"
    skill.mkdir()
    shutil.copy(REPO / "SKILL.md", skill / "SKILL.md")
    shutil.copytree(REPO / "references", skill / "references")
    shutil.copytree(REPO / "scripts", skill / "scripts")
    agentskills = Path(sys.executable).with_name("agentskills")
    result = subprocess.run(
        [str(agentskills), "validate", str(skill)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_name_and_description_follow_the_spec():
    front, _ = _frontmatter()
    assert front["name"] == "pytorch-lightning"
    description = front["description"]
    assert 0 < len(description) <= 1024
    assert "<" not in description and ">" not in description


def test_body_stays_small():
    _, body = _frontmatter()
    text = (REPO / "SKILL.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 500
    assert len(text) / 4 <= 2500  # tokens, estimated as chars/4
    assert "lightning-skill validate" in body and "lightning-skill new" in body


def test_every_reference_the_router_names_exists():
    _, body = _frontmatter()
    named = {part.split("`")[0] for part in body.split("`references/")[1:]} - {""}
    assert named, "SKILL.md routes to no reference"
    missing = sorted(n for n in named if not (REPO / "references" / n).is_file())
    assert not missing, f"SKILL.md names missing references: {missing}"
