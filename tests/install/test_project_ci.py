"""Generated projects ship a GitHub Actions workflow and a pre-commit config that really run.

The workflow is parsed and each `run` step is executed here in a generated project, except the
install step (it downloads CPU torch from the network); that one is checked for what it installs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lightning_skill.cli import main


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ci") / "demo"
    assert main(["new", str(target)]) == 0
    return target


def _steps(project: Path) -> list[dict]:
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    # PyYAML reads the bare key `on` as True.
    assert {"push", "pull_request"} <= set(workflow.get("on") or workflow[True])
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu") and job["timeout-minutes"] <= 60
    return job["steps"]


def _env() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bindir}:{os.environ['PATH']}",
        "PYTHONPATH": "src",
        "CUDA_VISIBLE_DEVICES": "",
    }


def test_workflow_installs_the_project_with_its_dev_extra(project: Path):
    install = next(s for s in _steps(project) if "pip install -e" in s.get("run", ""))
    assert '".[dev]"' in install["run"] and "whl/cpu" in install["run"]
    uses = [s["uses"] for s in _steps(project) if "uses" in s]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)


def test_pre_commit_hooks_are_local_commands_that_pass(project: Path):
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} == {"ruff", "ruff-format", "smoke-tests"}
    for hook in hooks:
        if hook["id"] == "smoke-tests":
            assert hook["stages"] == ["pre-push"]
            continue
        files = [str(p) for p in project.rglob("*.py")]
        result = subprocess.run(
            [*hook["entry"].split(), *files],
            cwd=project,
            env=_env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, hook["id"] + result.stdout + result.stderr


@pytest.mark.slow
def test_every_workflow_step_but_install_passes_here(project: Path):
    ran = []
    for step in _steps(project):
        command = step.get("run")
        if not command or "pip install" in command:
            continue
        result = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", command],
            cwd=project,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert result.returncode == 0, f"{step['name']}: {result.stdout[-3000:]}{result.stderr}"
        ran.append(step["name"])
    assert ran == ["Lint", "Smoke tests"]
