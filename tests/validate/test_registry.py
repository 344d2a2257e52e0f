"""The check registry is the one source: the CLI, the docs and the hints follow it (no torch)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from test_hints import slugs

from lightning_skill.validate import registry
from lightning_skill.validate.hints import hint_for, reference_of
from lightning_skill.validate.plan import plan_jobs

REPO = Path(__file__).resolve().parents[2]
# The checks live in validate-checks.md, usage and options in validate-report.md: one contract.
DOCS = (REPO / "references" / "validate-checks.md", REPO / "references" / "validate-report.md")


def _doc() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in DOCS)


def test_the_documented_checks_table_is_the_registry():
    text = _doc()
    assert registry.checks_table() in text, (
        "references/validate-checks.md#checks is out of date; paste registry.checks_table():\n"
        + registry.checks_table()
    )


def test_the_documented_limits_are_the_registry():
    assert registry.limits_list() in _doc(), registry.limits_list()


@pytest.mark.parametrize("check", [c.name for c in registry.CHECKS if c.name not in registry.SETUP])
def test_every_check_has_a_section(check):
    headings = [line.lstrip("#").strip() for line in _doc().splitlines() if line.startswith("### ")]
    assert any(re.search(rf"(^|[ ,/]){re.escape(check)}($|[ ,/])", h) for h in headings), check


@pytest.mark.parametrize("name", sorted(registry.error_classes()))
def test_every_named_failure_is_documented_and_its_hint_anchor_exists(name):
    cls = registry.error_classes()[name]
    assert cls.hint and cls.anchor, name
    doc, slug = reference_of(cls.anchor).split("#", 1)
    assert slug in slugs(REPO / doc), f"{doc} has no heading {slug!r}"
    assert f"`{name}`" in _doc(), f"{name} is not in the doc"
    hint = hint_for(name, "")
    assert hint and hint.startswith(cls.hint), hint


@pytest.mark.parametrize("option", list(registry.options().values()), ids=lambda o: o.name)
def test_every_option_is_a_documented_flag_with_its_default(option):
    from lightning_skill.commands.validate import configure

    parser = argparse.ArgumentParser()
    configure(parser)
    args = parser.parse_args(["x.py"])
    assert getattr(args, option.name) == option.default
    text = _doc()
    assert re.search(rf"`{option.flag} \w+`\s+\([^)]*default {option.default:g}", text), option.flag


def test_checks_help_lists_every_check():
    from lightning_skill.commands.validate import configure

    parser = argparse.ArgumentParser()
    configure(parser)
    action = next(a for a in parser._actions if "--checks" in a.option_strings)
    assert action.help == registry.checks_help()
    assert all(name in action.help for name in registry.ALL_CHECKS)


def test_requirements_name_known_checks_in_an_earlier_position():
    order = list(registry.ALL_CHECKS)
    for check in registry.CHECKS:
        for req in (*check.requires, *check.prelude):
            assert order.index(req) < order.index(check.name), (check.name, req)


def test_a_setup_check_alone_runs_the_setup_before_it():
    setup, rest = plan_jobs(["instantiate"], "project")
    assert setup.checks == ("instantiate",) and setup.prelude == ("import", "discover")
    assert rest == []
    one, _ = plan_jobs(["fit"], "file", per_check=False)
    assert one.prelude == ("import", "discover", "instantiate")


def test_the_default_set_covers_the_real_run():
    for name in ("rehearse", "predict-from-checkpoint", "export", "presets"):
        assert name in registry.DEFAULT_CHECKS
