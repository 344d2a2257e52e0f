"""The other shapes of output: --single-file, render, wrap, export, and logger/package errors."""

from __future__ import annotations

import ast
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from scaffold_helpers import (
    CPU_OVERRIDES,
    Cell,
    logger_installed,
    ruff_clean,
    run,
    scaffold,
    validate,
)

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec

CATALOG = load_catalog()
TASKS = list(CATALOG.tasks)
FIXTURES = Path(__file__).parent / "fixtures"
LS = [sys.executable, "-m", "lightning_skill"]
LINE_100 = ["--line-length", "100"]


# --- --single-file ---------------------------------------------------------------------------


def test_single_file_for_every_task_compiles_and_is_ruff_clean(tmp_path):
    files = []
    for task in TASKS:
        path = tmp_path / task.replace("-", "_") / "train.py"
        result = run([*LS, "new", str(path.parent), "--single-file", "--task", task])
        assert result.returncode == 0, result.stderr
        assert path.is_file() and list(path.parent.iterdir()) == [path]
        tree = ast.parse(path.read_text())
        names = {n.name for n in tree.body if isinstance(n, ast.ClassDef | ast.FunctionDef)}
        spec = CATALOG.tasks[task]
        assert {spec.model_class, spec.datamodule_class, "main"} <= names
        assert 'if __name__ == "__main__":' in path.read_text()
        assert not any(  # no import of a package that does not exist in a single file
            isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("train"))
            for n in tree.body
        )
        files.append(path)
    ruff_clean(files, *LINE_100)


def test_single_file_path_forms_and_overwrite(tmp_path):
    named = tmp_path / "my_run.py"
    assert run([*LS, "new", str(named), "--single-file"]).returncode == 0
    assert named.is_file()
    again = run([*LS, "new", str(named), "--single-file"])
    assert again.returncode == 2 and "--force" in again.stderr
    assert run([*LS, "new", str(named), "--single-file", "--force"]).returncode == 0


def test_single_file_validates(tmp_path):
    path = tmp_path / "train.py"
    assert run([*LS, "new", str(path), "--single-file", "--preset", "ddp"]).returncode == 0
    validate(path)


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS[1:])
def test_single_file_validates_for_every_task(task, tmp_path):
    path = tmp_path / "train.py"
    assert run([*LS, "new", str(path), "--single-file", "--task", task]).returncode == 0
    validate(path)


# --- render ------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS)
def test_render_module_and_datamodule_are_the_project_files(task, tmp_path):
    project = tmp_path / "snippet"
    assert run([*LS, "new", str(project), "--task", task]).returncode == 0
    for what, name in (("module", "model.py"), ("datamodule", "data.py")):
        result = run([*LS, "render", what, "--task", task])
        assert result.returncode == 0, result.stderr
        assert result.stdout == (project / "src" / "snippet" / name).read_text()


def test_render_trainer_as_python_and_yaml(tmp_path):
    for preset in CATALOG.presets:
        py = run([*LS, "render", "trainer", "--preset", preset, "--logger", "wandb"])
        assert py.returncode == 0, py.stderr
        (tmp_path / f"trainer_{preset.replace('-', '_')}.py").write_text(py.stdout)
        assert "L.Trainer(" in py.stdout and "WandbLogger(" in py.stdout
        yml = run([*LS, "render", "trainer", "--preset", preset, "--format", "yaml"])
        trainer = yaml.safe_load(yml.stdout)["trainer"]
        assert trainer["logger"]["class_path"].endswith("CSVLogger")
        assert "accelerator" in trainer and "precision" in trainer
    ruff_clean(sorted(tmp_path.glob("*.py")), *LINE_100)


def test_rendered_trainer_code_builds_a_trainer(tmp_path):
    code = run([*LS, "render", "trainer", "--preset", "cpu-debug"]).stdout
    code += "assert trainer.max_epochs == 10 and len(trainer.callbacks) >= 3\nprint('ok')\n"
    result = run([sys.executable, "-c", code], cwd=tmp_path, timeout=300)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-3000:]


# --- wrap --------------------------------------------------------------------------------------

WRAPS = {
    "ce": ["--model-args", '{"hidden": 8}'],
    "bce": [
        "--model-args",
        '{"out_features": 3}',
        "--loss",
        "bce",
        "--output-dim",
        "3",
        "--metric",
        "f1",
        "--optimizer",
        "sgd",
        "--scheduler",
        "onecycle",
    ],
    "mse": ["--model-args", '{"out_features": 1}', "--loss", "mse", "--scheduler", "none"],
}


@pytest.fixture
def wrap_dir(tmp_path) -> Path:
    shutil.copy(FIXTURES / "tinynet.py", tmp_path / "tinynet.py")
    return tmp_path


def _wrap(wrap_dir: Path, kind: str) -> Path:
    out = wrap_dir / f"lit_{kind}.py"
    result = run([*LS, "wrap", "--model", "tinynet:TinyNet", *WRAPS[kind], "--out", str(out)])
    assert result.returncode == 0, result.stderr
    return out


def test_wrap_variants_are_ruff_clean(wrap_dir):
    files = [_wrap(wrap_dir, kind) for kind in WRAPS]
    # Run where the wrapped module lives, as in the user's project: ruff then knows that
    # `tinynet` is first-party and sorts its import into its own block.
    ruff_clean(files, *LINE_100, cwd=wrap_dir)
    assert "OneCycleLR" in files[1].read_text() and "BinaryF1Score" in files[1].read_text()
    assert "lr_scheduler" not in files[2].read_text()


def test_wrapped_module_validates(wrap_dir):
    report = validate(_wrap(wrap_dir, "ce"))
    assert {c["name"] for c in report["checks"] if c["status"] == "pass"} >= {"fit", "predict"}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bce", "mse"])
def test_every_wrap_variant_validates(wrap_dir, kind):
    validate(_wrap(wrap_dir, kind))


def test_wrap_refuses_to_overwrite_and_writes_stdout(wrap_dir):
    out = _wrap(wrap_dir, "ce")
    again = run([*LS, "wrap", "--model", "tinynet:TinyNet", "--out", str(out)])
    assert again.returncode == 2 and "--out" in again.stderr
    stdout = run([*LS, "wrap", "--model", "tinynet:TinyNet", "--out", "-"])
    assert stdout.returncode == 0 and "class LitTinyNet(L.LightningModule)" in stdout.stdout


# --- export ------------------------------------------------------------------------------------

EXPORT_CHECK = r"""
import sys, torch
from pathlib import Path
from {pkg}.cli import cli_main
from {pkg}.export import load_exported, main as export_main
from {pkg}.model import {model}
tmp = Path(sys.argv[1])
cli = cli_main([*{cpu!r}, "--trainer.max_steps=2", "--trainer.limit_val_batches=1",
                "--trainer.enable_progress_bar=false", "--trainer.logger=false",
                "--trainer.callbacks=[]", "--trainer.enable_checkpointing=false",
                f"--trainer.default_root_dir={{tmp}}"], run=False)
cli.trainer.fit(cli.model, datamodule=cli.datamodule)
ckpt = tmp / "trained.ckpt"
cli.trainer.save_checkpoint(ckpt)
export_main(["--ckpt_path", str(ckpt), "--out", str(tmp / "model.pt2")])
model = {model}.load_from_checkpoint(ckpt, map_location="cpu").eval()
program = torch.export.load(str(tmp / "model.pt2"))
x = torch.randn_like(model.example_input_array)
with torch.no_grad():
    expected = model(x)
torch.testing.assert_close(program.module()(x), expected)
torch.testing.assert_close(load_exported(tmp / "model.pt2")(x), expected)
print("EXPORT-OK")
"""


def test_image_classification_export_matches_the_module_in_eval_mode(tmp_path):
    project = scaffold(Cell("image-classification", "synthetic", "gpu-bf16", "csv"), tmp_path)
    task = CATALOG.tasks["image-classification"]
    code = EXPORT_CHECK.format(pkg=project.name, model=task.model_class, cpu=CPU_OVERRIDES)
    result = run([sys.executable, "-c", code, str(tmp_path)], cwd=project / "src", timeout=600)
    assert "EXPORT-OK" in result.stdout, result.stdout[-2000:] + result.stderr[-4000:]


@pytest.mark.parametrize("task", TASKS)
def test_export_usage_names_the_checkpoint_to_export(task, tmp_path):
    """The usage line points at the best checkpoint (the one ModelCheckpoint keeps for the
    monitored metric), not last.ckpt; a task with no metric to monitor exports the last."""
    spec = build_spec(CATALOG, target=tmp_path / "p", task=task)
    files = render_project(spec)
    usage = ast.get_docstring(ast.parse(files["src/p/export.py"])) or ""
    config = yaml.safe_load(files["configs/default.yaml"])
    callbacks = config["trainer"]["callbacks"]
    checkpoint = next(c["init_args"] for c in callbacks if "ModelCheckpoint" in c["class_path"])
    ckpt_path = usage.split("--ckpt_path ", 1)[1].split("`", 1)[0]
    if checkpoint.get("monitor"):
        assert ckpt_path.endswith("/epoch=<n>-step=<m>.ckpt"), usage
        assert f"``{checkpoint['monitor']}``" in usage, usage
    else:
        assert ckpt_path.endswith("/last.ckpt") and checkpoint.get("save_last"), usage


# --- optional packages: one line naming the package ---------------------------------------------

MISSING = [name for name in CATALOG.loggers if not logger_installed(name)]


def _missing_package_run(tmp_path: Path, logger: str, preset: str = "cpu-debug"):
    project = scaffold(Cell("image-classification", "synthetic", preset, logger), tmp_path)
    pyproject = (project / "pyproject.toml").read_text()
    result = run(
        [sys.executable, "-m", project.name, "fit", "--trainer.fast_dev_run=true"],
        cwd=project / "src",
        timeout=300,
    )
    return pyproject, result


@pytest.mark.parametrize(
    "logger", [pytest.param(m, marks=pytest.mark.slow) if i else m for i, m in enumerate(MISSING)]
)
def test_missing_logger_package_fails_with_one_line_naming_it(tmp_path, logger):
    entry = CATALOG.loggers[logger]
    pyproject, result = _missing_package_run(tmp_path, logger)
    assert f'{logger} = ["{entry["pip"]}"]' in pyproject  # the optional extra
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and f"pip install {entry['pip']}" in errors[0], result.stderr


@pytest.mark.slow
def test_missing_deepspeed_fails_with_one_line_naming_it(tmp_path):
    pytest.importorskip("lightning")
    if logger_installed("csv") and __import__("importlib").util.find_spec("deepspeed"):
        pytest.skip("deepspeed is installed")
    pyproject, result = _missing_package_run(tmp_path, "csv", preset="deepspeed")
    assert 'deepspeed = ["deepspeed"]' in pyproject
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(errors) == 1 and "pip install deepspeed" in errors[0], result.stderr


def test_new_with_a_missing_logger_package_still_renders_offline(tmp_path):
    result = run([*LS, "new", str(tmp_path / "w"), "--logger", "wandb", "--json"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["logger"] == "wandb"
