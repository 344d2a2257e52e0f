"""The walking skeleton, end to end: scaffold a project, run its tests, validate it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, run_cli

RUFF = [sys.executable, "-m", "ruff"]
# Library noise the generated pyproject also filters (-W on the command line overrides it):
# Lightning 2.6's CLI calls deprecated jsonargparse APIs and builds torch's deprecated LeafSpec.
KNOWN_LIBRARY_WARNINGS = [
    "-W",
    "ignore::DeprecationWarning:lightning.pytorch.cli",
    "-W",
    "ignore:`isinstance(treespec, LeafSpec)`:FutureWarning",  # -W takes a literal, not a regex
]


def test_default_project_passes_every_validation_stage(default_project):
    result = run_cli("validate", str(default_project), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    for stage in ("import", "instantiate", "fit", "validate", "test", "predict"):
        assert statuses[stage] == "pass", report
    assert report["kind"] == "project"
    assert "--trainer.fast_dev_run=true" in report["overrides"]


def test_every_json_record_has_the_documented_fields(default_project):
    report = json.loads(
        run_cli("validate", str(default_project), "--json", "--checks", "import,discover").stdout
    )
    assert report["schema_version"] == 1
    for check in report["checks"]:
        assert {"name", "status", "seconds", "error_type", "message", "location", "hint"} <= set(
            check
        )


def test_generated_project_passes_its_own_tests_without_warnings(default_project, tmp_path):
    project = shutil.copytree(default_project, tmp_path / "copy")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error",
            *KNOWN_LIBRARY_WARNINGS,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_generated_code_is_ruff_clean_and_formatted(default_project):
    check = subprocess.run(
        [*RUFF, "check", "."], cwd=default_project, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [*RUFF, "format", "--check", "."], cwd=default_project, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


def test_default_config_trains_for_a_bounded_time_and_checkpoints_on_a_real_metric(
    default_project,
):
    code = (
        "from demo_project.cli import cli_main\n"
        "cli = cli_main(['--trainer.accelerator=cpu'], run=False)\n"
        "ckpt = cli.trainer.checkpoint_callback\n"
        "logger = type(cli.trainer.logger).__name__\n"
        "print(cli.trainer.max_epochs, ckpt.monitor, ckpt.mode, logger)\n"
        "print(cli.model.hparams.num_classes == cli.datamodule.num_classes)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=default_project / "src",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.strip().splitlines()[-2:]
    assert first == "10 val_acc max CSVLogger"
    assert second == "True"


def test_non_empty_target_is_refused_and_left_untouched(tmp_path):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = run_cli("new", str(target))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "DIR" in result.stderr and "--force" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "keep me"


def test_force_writes_into_a_non_empty_target_and_keeps_other_files(tmp_path):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    assert run_cli("new", str(target), "--force").returncode == 0
    assert (target / "notes.txt").read_text() == "keep me"
    assert (target / "src" / "existing" / "model.py").is_file()


def test_dry_run_lists_files_and_writes_nothing(tmp_path):
    target = tmp_path / "planned"
    result = run_cli("new", str(target), "--dry-run", "--json")
    assert result.returncode == 0
    plan = json.loads(result.stdout)
    assert "src/planned/model.py" in plan["files"] and "configs/default.yaml" in plan["files"]
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--task", "no-such-task"], "--task"),
        (["--data", "image-folder"], "--data-dir"),
        (["--data", "no-such-source"], "--data"),
        (["--set", "num_classes=many"], "--set num_classes"),
        (["--set", "image_size=2"], "--set image_size"),
        (["--set", "no_such_option=1"], "--set no_such_option"),
        (["--package", "import"], "--package"),
        (["--preset", "nope"], "--preset"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_naming_the_field(tmp_path, args, field):
    target = tmp_path / "proj"
    result = run_cli("new", str(target), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_hostile_project_name_is_refused(tmp_path):
    result = run_cli("new", str(tmp_path / 'x"; import os'))
    assert result.returncode == 2 and "DIR" in result.stderr


def test_image_folder_project_sizes_the_model_from_the_folders(tmp_path):
    from PIL import Image

    data = tmp_path / "images"
    for label, colour in (("cats", (200, 30, 30)), ("dogs", (30, 30, 200)), ("owls", (0, 0, 0))):
        (data / label).mkdir(parents=True)
        for i in range(6):
            Image.new("RGB", (20 + i, 24), colour).save(data / label / f"{i}.png")
    target = tmp_path / "folder_project"
    made = run_cli("new", str(target), "--data", "image-folder", "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    report = run_cli("validate", str(target), "--json")
    assert report.returncode == 0, report.stdout
    code = (
        "from folder_project.cli import cli_main\n"
        "cli = cli_main(['--trainer.accelerator=cpu'], run=False)\n"
        "print(cli.datamodule.num_classes, cli.model.hparams.num_classes)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=target / "src",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.stdout.strip().splitlines()[-1] == "3 3", out.stderr


BROKEN = """\
import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset


class Broken(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(10, 2)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return self.layer(x).sum()

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        return DataLoader(TensorDataset(torch.randn(8, 12), torch.zeros(8)), batch_size=4)
"""


def test_broken_module_fails_fit_at_the_users_file_and_line(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text(BROKEN)
    result = run_cli("validate", str(path), "--json")
    assert result.returncode == 1
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    fit = checks["fit"]
    assert fit["status"] == "fail" and fit["error_type"] == "RuntimeError"
    assert fit["location"] == f"{path}:13"
    assert "troubleshooting.md#" in fit["hint"]
    assert checks["validate"]["status"] == "skip"
    human = run_cli("validate", str(path))
    assert human.returncode == 1 and f"at {path}:13" in human.stdout


def test_validate_usage_errors_exit_2(tmp_path):
    missing = run_cli("validate", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "PATH" in missing.stderr
    (tmp_path / "empty").mkdir()
    no_entry = run_cli("validate", str(tmp_path / "empty"))
    assert no_entry.returncode == 2 and len(no_entry.stderr.strip().splitlines()) == 1


def test_scaffolding_never_imports_torch(tmp_path):
    code = (
        "import sys\n"
        "from lightning_skill.cli import main\n"
        f"assert main(['new', {str(tmp_path / 'fast')!r}]) == 0\n"
        "heavy = sorted(m for m in ('torch', 'lightning', 'torchvision') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_longest_allowed_name_keeps_every_task_ruff_clean(tmp_path):
    from lightning_skill.catalog import load_catalog

    longest = "p" * 32  # the spec's limit: longer names are refused with one line
    assert run_cli("new", str(tmp_path / ("p" * 33))).returncode == 2
    for index, task in enumerate(load_catalog().tasks):
        project = tmp_path / str(index) / longest
        assert run_cli("new", str(project), "--task", task).returncode == 0
        single = tmp_path / str(index) / "train.py"
        assert run_cli("new", str(single), "--single-file", "--task", task).returncode == 0
        for path, extra in ((project, []), (single, ["--line-length", "100"])):
            check = subprocess.run(
                [*RUFF, "check", *extra, str(path)], cwd=project, capture_output=True, text=True
            )
            assert check.returncode == 0, f"{task}: {check.stdout}"
            fmt = subprocess.run(
                [*RUFF, "format", "--check", *extra, str(path)],
                cwd=project,
                capture_output=True,
                text=True,
            )
            assert fmt.returncode == 0, f"{task}: {fmt.stdout}"
