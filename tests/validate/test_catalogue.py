"""Each classic mistake fails at the right check, with the right hint; earlier checks pass."""

from __future__ import annotations

import pytest
from validate_helpers import by_name, module

from lightning_skill.validate import validate_many

SETUP = ["import", "discover", "instantiate"]
STAGES = [
    *SETUP,
    *("fit", "validate", "test", "predict", "overfit", "checkpoint"),
    *("rehearse", "predict-from-checkpoint"),
]

# name -> (failing check, error type, hint reference, user line or None)
CATALOGUE = {
    "mixed_imports": ("discover", "TypeError", "#model-must-be-a-lightningmodule", None),
    "shape_mismatch": ("fit", "RuntimeError", "#mat1-and-mat2-shapes-cannot-be-multiplied", 15),
    "no_train_dataloader": (
        "fit",
        "MisconfigurationException",
        "#train_dataloader-must-be-implemented",
        None,
    ),
    "empty_parameters": ("fit", "ValueError", "#optimizer-got-an-empty-parameter-list", 18),
    "wrong_device": ("fit", "RuntimeError", "#tensors-on-different-devices", 16),
    "log_twice": (
        "fit",
        "MisconfigurationException",
        "#selflog-called-twice-with-different-arguments",
        17,
    ),
    "cannot_learn": ("overfit", "NotLearning", "validate-checks.md#overfit", None),
    "slow_learning": ("overfit", "LearningTooSlowly", "validate-checks.md#overfit", None),
    "monitor_typo": (
        "rehearse",
        "RuntimeError",
        "#monitor-key-not-found-in-returned-metrics",
        None,
    ),
    "state_outside_checkpoint": (
        "predict-from-checkpoint",
        "PredictionsDiffer",
        "validate-checks.md#predict-from-checkpoint",
        None,
    ),
    "no_hparams": (
        "checkpoint",
        "HparamsNotSaved",
        "best-practices.md#checkpointing-and-resuming",
        None,
    ),
}
DDP_CATALOGUE = {
    "unpicklable": (
        "ddp",
        "UnpicklableModule",
        "distributed.md#rules-for-code-that-runs-in-every-process",
        None,
    ),
    "rank_dependent": (
        "ddp",
        "RankDependentLogging",
        "distributed.md#metrics-and-logging-under-ddp",
        None,
    ),
}


# Correct code the validator once failed with its own errors: these must pass every stage.
PASSING = {
    "pl_package_name": "written against the pytorch_lightning package name (is_overridden)",
    "predict_reads_trainer": "predict_step reads self.trainer (checkpoint check, no Trainer)",
}


@pytest.fixture(scope="module")
def catalogue_reports(warm_pool):
    names = [*CATALOGUE, *PASSING]
    reports = validate_many(
        [module(n) for n in names], checks=STAGES, runner=warm_pool, timeout=240
    )
    return dict(zip(names, reports, strict=True))


@pytest.fixture(scope="module")
def ddp_reports(warm_pool):
    names = ["good", *DDP_CATALOGUE]
    reports = validate_many(
        [module(n) for n in names],
        checks=[*SETUP, "fit", "ddp"],
        runner=warm_pool,
        timeout=900,  # two spawned interpreters per ddp check: slow on a loaded machine
        ddp_timeout=30,
    )
    return dict(zip(names, reports, strict=True))


def _assert_fails_at(report, check, error_type, reference, line):
    checks = {c.name: c for c in report.checks}
    failing = checks[check]
    assert failing.status == "fail", report.to_json()
    assert failing.error_type == error_type, failing
    assert failing.hint and reference in failing.hint, failing.hint
    if line is not None:
        assert failing.location == f"{module(report.target.rsplit('/', 1)[-1][:-3])}:{line}"
    order = [c.name for c in report.checks]
    for earlier in order[: order.index(check)]:
        assert checks[earlier].status in {"pass", "skip"}, (earlier, checks[earlier])
    assert not report.passed


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_classic_mistake_fails_at_the_right_check_with_the_right_hint(catalogue_reports, name):
    _assert_fails_at(catalogue_reports[name], *CATALOGUE[name])


@pytest.mark.parametrize("name", list(DDP_CATALOGUE))
def test_ddp_mistake_fails_the_ddp_check_with_the_right_hint(ddp_reports, name):
    _assert_fails_at(ddp_reports[name], *DDP_CATALOGUE[name])


def test_unpicklable_attribute_is_named(ddp_reports):
    ddp = next(c for c in ddp_reports["unpicklable"].checks if c.name == "ddp")
    assert "self.activation" in ddp.message


def test_correct_module_passes_ddp_and_reports_what_it_logged(ddp_reports):
    report = ddp_reports["good"]
    assert report.passed, report.to_json()
    ddp = next(c for c in report.checks if c.name == "ddp")
    assert ddp.status == "pass" and ddp.details["world_size"] == 2
    assert "train_loss" in ddp.details["logged"]


@pytest.mark.parametrize("name", list(PASSING))
def test_correct_code_the_validator_once_failed_now_passes(catalogue_reports, name):
    report = catalogue_reports[name]
    assert report.passed, report.to_json()
    checks = by_name(report)
    for stage in ("fit", "validate", "overfit", "checkpoint", *STAGES[-2:]):
        assert checks[stage].status == "pass", (stage, checks[stage])


def test_monitor_typo_is_left_to_rehearse_with_the_logged_names(catalogue_reports):
    checks = by_name(catalogue_reports["monitor_typo"])
    # overfit and checkpoint test learning and saving with the module's callbacks off.
    assert checks["overfit"].status == checks["checkpoint"].status == "pass"
    assert "val_accuracy" in checks["rehearse"].message and "val_acc" in checks["rehearse"].message


def test_a_setup_check_alone_runs(warm_pool):
    (alone,) = validate_many([module("good")], checks=["instantiate"], runner=warm_pool)
    assert [(c.name, c.status) for c in alone.checks] == [("instantiate", "pass")], alone.to_json()


def test_checks_after_a_failed_fit_are_skipped_with_the_reason(catalogue_reports):
    checks = {c.name: c for c in catalogue_reports["shape_mismatch"].checks}
    for name in ("overfit", "checkpoint", "rehearse"):
        assert checks[name].status == "skip" and checks[name].reason == "'fit' failed"


def test_overfit_reports_the_curve(catalogue_reports):
    overfit = next(c for c in catalogue_reports["cannot_learn"].checks if c.name == "overfit")
    curve = overfit.details["curve"]
    assert len(curve) == overfit.details["steps"] == 50
    assert overfit.details["first_loss"] == curve[0]
