"""`lookup` finds the experiments reference in users' words, and the generated README and
pyproject offer what the commands need."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lightning_skill.catalog import load_catalog
from lightning_skill.lookup import default_index
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec

SEARCH = "experiments.md#hyperparameter-search-with-optuna-generated-project"
QUERIES = [
    ("optuna", "experiments.md#optuna-pruning-callback-in-your-own-script"),
    ("hyperparameter search", SEARCH),
    ("hyper-parameter sweep with pruning", SEARCH),
    ("tune hyperparameters of my generated project", SEARCH),
    ("resume optuna study after a crash", "experiments.md#resume-a-killed-study-several-machines"),
    ("k-fold", "experiments.md#k-fold-cross-validation-generated-project"),
    (
        "kfold cross validation mean and std",
        "experiments.md#k-fold-cross-validation-generated-project",
    ),
    # Both cross-validation sections answer the bare phrase.
    (
        "cross validation",
        (
            "experiments.md#cross-validation-in-your-own-script",
            "experiments.md#k-fold-cross-validation-generated-project",
        ),
    ),
    (
        "lr_find from the command line of my generated project",
        "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
    ),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_lookup_finds_experiments(query, expected):
    hits = default_index().search(query, k=3)
    top = [f"{s.file}#{s.anchor}" for _, s in hits][0]
    assert top in ((expected,) if isinstance(expected, str) else expected)


def test_learning_rate_finder_answers_include_the_project_command():
    hits = [f"{s.file}#{s.anchor}" for _, s in default_index().search("learning rate finder", k=3)]
    assert "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli" in hits


def test_project_declares_the_search_extra():
    spec = build_spec(load_catalog(), target=Path("/tmp/doc_check"), task="tabular-regression")
    files = render_project(spec)
    # A TOML array of plain strings is a Python list literal (tomllib is Python 3.11+).
    line = next(x for x in files["pyproject.toml"].splitlines() if x.startswith("search = "))
    names = {req.split(">")[0] for req in ast.literal_eval(line.removeprefix("search = "))}
    assert names == {"optuna", "optuna-integration", "matplotlib"}
    assert "python -m doc_check.experiments.search" in files["README.md"]
