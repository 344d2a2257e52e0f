"""The generated fold assignments (experiments/folds.py): disjoint, complete, balanced, and
time-ordered with a gap for forecasting; and every task's search space names real config keys."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from experiments_helpers import rendered_module
from hypothesis import given
from hypothesis import strategies as st

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project, resolved_config
from lightning_skill.spec import build_spec

folds = rendered_module("tabular-classification", "folds")


def assert_partition(result, n: int, k: int) -> None:
    """Validation sets partition the samples; each fold trains on exactly the rest."""
    assert len(result) == k
    vals = [set(val) for _, val in result]
    assert sorted(i for v in vals for i in v) == list(range(n))
    for train, val in result:
        assert set(train) == set(range(n)) - set(val)
        assert train == sorted(train) and val == sorted(val)
    sizes = [len(v) for v in vals]
    assert max(sizes) - min(sizes) <= 1


@given(n=st.integers(2, 300), k=st.integers(2, 10), seed=st.integers(0, 3))
def test_kfold_and_blocked_partition(n, k, seed):
    if n < k:
        with pytest.raises(ValueError, match="cannot be split"):
            folds.kfold(n, k, seed)
        return
    assert_partition(folds.kfold(n, k, seed), n, k)
    blocked = folds.blocked(n, k)
    assert_partition(blocked, n, k)
    for _, val in blocked:  # contiguous
        assert val == list(range(val[0], val[-1] + 1))


@given(
    labels=st.lists(st.sampled_from("abcd"), min_size=2, max_size=200),
    k=st.integers(2, 6),
    seed=st.integers(0, 3),
)
def test_stratified_keeps_class_proportions(labels, k, seed):
    if len(labels) < k:
        return
    result = folds.stratified(labels, k, seed)
    assert_partition(result, len(labels), k)
    for label in set(labels):
        per_fold = [sum(labels[i] == label for i in val) for _, val in result]
        assert max(per_fold) - min(per_fold) <= 1, (label, per_fold)


@given(groups=st.lists(st.integers(0, 12), min_size=2, max_size=150), k=st.integers(2, 5))
def test_group_folds_never_split_a_group(groups, k):
    if len(set(groups)) < k:
        with pytest.raises(ValueError, match="groups cannot be split"):
            folds.group(groups, k)
        return
    result = folds.group(groups, k)
    for train, val in result:
        assert not {groups[i] for i in train} & {groups[i] for i in val}
    assert sorted(i for _, val in result for i in val) == list(range(len(groups)))


@given(n=st.integers(1, 400), k=st.integers(2, 8), gap=st.integers(0, 20))
def test_expanding_windows_train_only_on_the_past(n, k, gap):
    try:
        result = folds.expanding(n, k, gap)
    except ValueError as exc:
        assert "too few" in str(exc)
        assert n // (k + 1) - gap < 1 or n < k + 1
        return
    assert len(result) == k
    previous_val_end = None
    for i, (train, val) in enumerate(result):
        assert train == list(range(len(train))) and train  # from the start, never shuffled
        assert val == list(range(val[0], val[-1] + 1))  # one contiguous block
        assert max(train) + gap < min(val)  # the gap is left out before validation
        assert max(train) + gap + 1 == min(val)  # and nothing more
        if previous_val_end is not None:
            assert val[0] == previous_val_end + 1  # blocks follow each other, disjoint
            assert len(train) > len(result[i - 1][0])  # training expands
        previous_val_end = val[-1]
    assert previous_val_end == n - 1


def test_make_folds_dispatch_and_errors():
    assert folds.make_folds("blocked", 6, 3) == folds.blocked(6, 3)
    assert folds.make_folds("stratified", 4, 2, labels=[0, 1, 0, 1]) == folds.stratified(
        [0, 1, 0, 1], 2
    )
    with pytest.raises(ValueError, match="one label per sample"):
        folds.make_folds("stratified", 4, 2)
    with pytest.raises(ValueError, match="one group per sample"):
        folds.make_folds("group", 4, 2, groups=[1])
    with pytest.raises(ValueError, match="unknown strategy"):
        folds.make_folds("loo", 4, 2)
    with pytest.raises(ValueError, match="at least 2"):
        folds.kfold(10, 1)


@pytest.mark.parametrize("task", sorted(load_catalog().tasks))
def test_every_task_search_space_names_config_values(task):
    """configs/search.yaml's default space only names keys the task's config has, with bounds
    around their defaults, so `search` runs in any new project without edits."""
    spec = build_spec(load_catalog(), target=Path("/tmp/space_check"), task=task)
    declared = yaml.safe_load(render_project(spec)["configs/search.yaml"])
    config = resolved_config(spec)
    assert declared["space"], "an empty search space"
    for key, dist in declared["space"].items():
        section, name = key.split(".", 1)
        assert name in (config.get(section) or {}), f"{task}: {key} is not in its config"
        default = config[section][name]
        # A null default is derived by the model (causal-lm's lr from d_model): any bound fits.
        if dist["type"] in ("float", "int") and default is not None:
            assert dist["low"] <= default <= dist["high"], (key, dist, default)
    # The study watches what the checkpoint watches (the task's metric as named by its options).
    monitor = spec.monitor()
    assert declared["study"]["monitor"] == (monitor["metric"] if monitor else None), task
    assert declared["study"]["direction"] in ("minimize", "maximize")


def test_stratified_counts_on_a_skewed_set():
    labels = ["rare"] * 6 + ["common"] * 60
    result = folds.stratified(labels, 3, seed=1)
    assert [Counter(labels[i] for i in val)["rare"] for _, val in result] == [2, 2, 2]
