"""Budgets and structure: SKILL.md and references stay small, start with a contents list, and
every ``file.md#anchor`` link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lightning_skill.lookup import parse_sections, tokens_estimate

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = sorted((ROOT / "references").glob("*.md"))
SKILL_MD = ROOT / "SKILL.md"
REQUIRED = {
    "best-practices.md",
    "callbacks.md",
    "distributed.md",
    "advanced.md",
    "troubleshooting.md",
}
SKILL_TOKENS, SKILL_LINES, REFERENCE_TOKENS = 2500, 500, 4000
# ``](#anchor)`` inside a page, or ``file.md#anchor`` anywhere (code fences excluded).
_LINK = re.compile(r"(?:\]\(|(?<![\w/-])([\w-]+\.md))#([\w-]+)")
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def test_required_references_exist():
    assert {p.name for p in REFERENCES} >= REQUIRED


def test_skill_md_budget():
    if not SKILL_MD.exists():
        pytest.skip("SKILL.md is not written yet")
    text = SKILL_MD.read_text(encoding="utf-8")
    assert tokens_estimate(text) <= SKILL_TOKENS, f"SKILL.md is {tokens_estimate(text)} tokens"
    assert len(text.splitlines()) < SKILL_LINES


@pytest.mark.parametrize("path", REFERENCES, ids=lambda p: p.name)
def test_reference_budget(path):
    tokens = tokens_estimate(path.read_text(encoding="utf-8"))
    assert tokens <= REFERENCE_TOKENS, f"{path.name} is {tokens} tokens: split it"


@pytest.mark.parametrize("path", REFERENCES, ids=lambda p: p.name)
def test_reference_starts_with_contents_covering_every_section(path):
    sections = parse_sections(path)
    level2 = [s for s in sections if s.level == 2]
    assert level2 and level2[0].heading == "Contents", f"{path.name}: first section not Contents"
    toc = level2[0].body
    for section in level2[1:]:
        assert f"(#{section.anchor})" in toc, f"{path.name}: #{section.anchor} missing from TOC"


def _anchors() -> dict[str, set[str]]:
    return {p.name: {s.anchor for s in parse_sections(p)} for p in REFERENCES}


@pytest.mark.parametrize(
    "path", [*REFERENCES, SKILL_MD] if SKILL_MD.exists() else REFERENCES, ids=lambda p: p.name
)
def test_links_resolve(path):
    anchors = _anchors()
    text = _FENCED.sub("", path.read_text(encoding="utf-8"))
    for match in _LINK.finditer(text):
        name, anchor = match.group(1) or path.name, match.group(2)
        if name not in anchors:  # e.g. a link to a file outside references/
            continue
        assert anchor in anchors[name], f"{path.name}: broken link {name}#{anchor}"
