"""Helpers shared by the validator's tests (a uniquely named module, not ``conftest``: the
suite has several conftest files and ``from conftest import`` would pick whichever came first)."""

from __future__ import annotations

from pathlib import Path

MODULES = Path(__file__).resolve().parent / "modules"

# Failures that today's templates cause (fixed in the templates, not here): a cell listed here
# must fail exactly so; once the template is fixed the cell passes and the entry must go.
TASKS = (
    "image-classification",
    "tabular-classification",
    "tabular-regression",
    "text-classification",
    "segmentation",
    "autoencoder",
    "gan",
    "causal-lm",
    "timeseries-forecasting",
)
# (task, check) -> the failure today's templates are known to produce; each entry must fail
# exactly so (tests/validate/test_real_run.py). Empty: every task passes every check.
TEMPLATE_BUGS: dict[tuple[str, str], str] = {}


def module(name: str) -> Path:
    return MODULES / f"{name}.py"


def scaffold(root: Path, task: str = "image-classification", **kwargs: object) -> Path:
    """Render and write a generated project in-process (what `lightning-skill new` does)."""
    from lightning_skill.catalog import load_catalog
    from lightning_skill.render import render_project
    from lightning_skill.spec import build_spec
    from lightning_skill.write import execute, plan_write

    name = "_".join([task, *(str(v) for _, v in sorted(kwargs.items()))])
    target = root / name.replace("-", "_")
    spec = build_spec(load_catalog(), target=target, task=task, **kwargs)  # type: ignore[arg-type]
    execute(plan_write(target, render_project(spec), force=False))
    return target


def by_name(report) -> dict:  # noqa: ANN001 - a Report
    return {c.name: c for c in report.checks}
