"""Catalogue rules a task folder must follow: extends, option names and types (no torch)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lightning_skill.catalog import CORE_CONTEXT_KEYS, load_catalog
from lightning_skill.errors import UsageError
from lightning_skill.render import render_project
from lightning_skill.resources import templates_dir
from lightning_skill.spec import build_spec, parse_option

REAL = templates_dir()


def _copy_catalog(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(REAL, root)
    return root


def _rewrite(task_yaml: Path, old: str, new: str) -> None:
    text = task_yaml.read_text(encoding="utf-8")
    assert old in text
    task_yaml.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_extending_task_renders_the_files_of_the_task_it_extends(tmp_path):
    catalog = load_catalog()
    regression = catalog.tasks["tabular-regression"]
    assert not (regression.folder / "files").exists()  # one copy, not two kept equal
    assert regression.template_roots == [catalog.tasks["tabular-classification"].folder / "files"]
    spec = build_spec(catalog, target=tmp_path / "reg", task="tabular-regression")
    model = render_project(spec)["src/reg/model.py"]
    assert "class TabularRegressor" in model and "target_std" in model


def test_extends_must_name_a_task_folder(tmp_path):
    root = _copy_catalog(tmp_path)
    task_yaml = root / "tasks" / "tabular_regression" / "task.yaml"
    _rewrite(task_yaml, "extends: tabular_classification", "extends: no_such_task")
    with pytest.raises(ValueError, match="extends 'no_such_task'"):
        load_catalog.__wrapped__(root)


@pytest.mark.parametrize("name", sorted(CORE_CONTEXT_KEYS & {"package", "trainer", "logger"}))
def test_an_option_named_like_a_core_template_name_is_refused(tmp_path, name):
    root = _copy_catalog(tmp_path)
    task_yaml = root / "tasks" / "gan" / "task.yaml"
    _rewrite(task_yaml, "options:\n", f"options:\n  {name}: {{type: int, default: 1}}\n")
    with pytest.raises(ValueError, match=f"option '{name}' clashes"):
        load_catalog.__wrapped__(root)


def test_str_options_take_one_line_of_text_and_reach_the_config_quoted(tmp_path):
    catalog = load_catalog()
    option = catalog.tasks["tabular-regression"].options["target"]
    assert option.type == "str" and option.default is None
    assert parse_option(option, 'price "usd"') == 'price "usd"'
    for bad in ("", "   ", "a\nb", "tab\there"):
        with pytest.raises(UsageError):
            parse_option(option, bad)
    spec = build_spec(
        catalog,
        target=tmp_path / "t",
        task="tabular-regression",
        source="csv",
        data_dir=str(tmp_path / "rows.csv"),
        settings={"target": 'price "usd"'},
    )
    config = render_project(spec)["configs/default.yaml"]
    assert 'target: "price \\"usd\\""' in config
    unset = build_spec(
        catalog,
        target=tmp_path / "u",
        task="tabular-regression",
        source="csv",
        data_dir=str(tmp_path / "rows.csv"),
    )
    assert "  target: null" in render_project(unset)["configs/default.yaml"]
