"""The repository installs as a Claude Code plugin: manifests that match the documented fields.

The schema is what Claude Code's plugin and marketplace references document (required names,
kebab-case, "./"-relative paths inside the plugin) and what Anthropic's own skills repository
uses (a marketplace entry with ``source: "./"``, ``strict: false`` and a ``skills`` list).
"""

from __future__ import annotations

import json
import re

import tomllib
import yaml
from conftest import REPO

KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SEMVER = re.compile(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?")
PLUGIN_KEYS = {
    "name",
    "version",
    "description",
    "author",
    "homepage",
    "repository",
    "license",
    "keywords",
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
}
ENTRY_KEYS = PLUGIN_KEYS | {"source", "strict", "category", "tags"}


def _load(name: str) -> dict:
    return json.loads((REPO / ".claude-plugin" / name).read_text(encoding="utf-8"))


def _version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


def _check_skill_paths(root, paths: list[str]) -> None:
    assert paths, "no skills declared"
    for rel in paths:
        assert rel.startswith("./"), rel
        folder = (root / rel).resolve()
        assert folder.is_relative_to(REPO.resolve()), f"{rel} leaves the plugin"
        front = (folder / "SKILL.md").read_text(encoding="utf-8").split("---\n")[1]
        assert yaml.safe_load(front)["name"] == "pytorch-lightning"


def test_plugin_json():
    plugin = _load("plugin.json")
    assert set(plugin) <= PLUGIN_KEYS, set(plugin) - PLUGIN_KEYS
    assert KEBAB.fullmatch(plugin["name"])
    assert SEMVER.fullmatch(plugin["version"]) and plugin["version"] == _version()
    assert isinstance(plugin["author"], dict) and plugin["author"]["name"]
    assert "<" not in plugin["description"] and ">" not in plugin["description"]
    _check_skill_paths(REPO, plugin["skills"])


def test_marketplace_json():
    market = _load("marketplace.json")
    assert KEBAB.fullmatch(market["name"]) and market["owner"]["name"]
    names = [p["name"] for p in market["plugins"]]
    assert len(names) == len(set(names)) and all(KEBAB.fullmatch(n) for n in names)
    for entry in market["plugins"]:
        assert set(entry) <= ENTRY_KEYS, set(entry) - ENTRY_KEYS
        assert entry["source"].startswith("./")
        root = (REPO / entry["source"]).resolve()
        assert root.is_dir() and entry["description"]
        assert entry.get("version", _version()) == _version()
        _check_skill_paths(root, entry["skills"])
    assert market["metadata"]["version"] == _version()
