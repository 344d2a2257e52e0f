"""The command line (exit codes, formats, usage errors) and bad input that must not stop a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lightning_skill.cli import main
from lightning_skill.lint import lint_paths

BAD = "import lightning.pytorch as pl\npl.Trainer(max_epochs=1, gpus=1)\n"
GOOD = "import lightning.pytorch as pl\npl.Trainer(max_epochs=1, accelerator='gpu', devices=1)\n"


def test_exit_codes_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "other.py").write_text("x = 1\n")
    assert main(["lint", str(tmp_path)]) == 0
    clean = capsys.readouterr()
    assert clean.out == "" and clean.err == "no findings in 2 file(s)\n"  # a clean run says so
    (tmp_path / "bad.py").write_text(BAD)
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'bad.py'}:2:26 LS101 Trainer(gpus=...) was removed" in out
    assert "devices" in out  # the fix is in the message


def test_a_folder_without_python_files_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not python\n")
    assert main(["lint", str(tmp_path)]) == 0
    assert capsys.readouterr().err == f"warning: no Python files found under {tmp_path}\n"


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    assert main(["lint", "--json", str(tmp_path)]) == 1
    (item,) = json.loads(capsys.readouterr().out)["findings"]
    assert item["code"] == "LS101" and item["severity"] == "error" and item["fixable"] is True
    assert set(item) == {"path", "line", "col", "code", "severity", "message", "fixable"}


def test_fix_and_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "bad.py"
    f.write_text(BAD)

    def second_lint(*args: object, **kwargs: object) -> None:
        raise AssertionError("--diff linted the files a second time")

    # --diff reports (by its exit code) what the fixing pass found first; it never lints again
    monkeypatch.setattr("lightning_skill.lint.lint_paths", second_lint)
    assert main(["lint", "--diff", str(f)]) == 1
    assert '+pl.Trainer(max_epochs=1, accelerator="gpu", devices=1)' in capsys.readouterr().out
    assert f.read_text() == BAD
    assert main(["lint", "--fix", str(f)]) == 0
    assert "devices=1" in f.read_text()


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--select", "LS999", str(tmp_path)]) == 2
    assert "--select" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--fix", "--diff", str(tmp_path)])
    assert exc.value.code == 2
    assert main(["lint"]) == 2
    assert "PATH" in capsys.readouterr().err


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "LS101 error   removed-trainer-argument" in out and "LS213 warning" in out


def test_select_ignore_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    assert main(["lint", "--ignore", "LS101", str(tmp_path)]) == 0
    assert main(["lint", "--select", "ls2", str(tmp_path)]) == 0


def test_bad_input_is_reported_per_file_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "syntax.py").write_text("def broken(:\n    pass\n")
    (tmp_path / "latin1.py").write_bytes(b"# caf\xe9\nx = 1\n")
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "empty.py").write_text("")
    findings = lint_paths([tmp_path, tmp_path / "missing.py"])
    by_file = {(Path(f.path).name, f.code) for f in findings}
    assert by_file == {
        ("syntax.py", "LS000"),
        ("latin1.py", "LS000"),
        ("missing.py", "LS000"),
        ("bad.py", "LS101"),
    }
    messages = {Path(f.path).name: f.message for f in findings}
    assert "syntax error" in messages["syntax.py"]
    assert "UTF-8" in messages["latin1.py"]
    assert "cannot read" in messages["missing.py"]


def test_skips_virtualenvs_and_hidden_folders(tmp_path: Path) -> None:
    for folder in (".venv", ".git", "__pycache__", "node_modules"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text(BAD)
    assert lint_paths([tmp_path]) == []


def test_lint_path_imports_neither_torch_nor_lightning(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    code = (
        "import sys\nfrom lightning_skill.cli import main\n"
        f"rc = main(['lint', {str(tmp_path)!r}])\n"
        "assert 'torch' not in sys.modules and 'lightning' not in sys.modules, 'heavy import'\n"
        "sys.exit(rc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr


def test_lightning_cli_yaml_configs(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "# a 1.x LightningCLI config\ntrainer:\n  gpus: 2\n  precision: 16\n"
        "  strategy: ddp_sharded\n  max_epochs: 3\n  callbacks:\n"
        "    - class_path: pytorch_lightning.callbacks.GPUStatsMonitor\n"
    )
    (tmp_path / "good.yaml").write_text(
        "trainer:\n  accelerator: gpu\n  devices: 2\n  precision: 16-mixed\n  callbacks:\n"
        "    - class_path: lightning.pytorch.callbacks.DeviceStatsMonitor\n"
    )
    (tmp_path / "unrelated.yml").write_text("gpus: 2\nnot: [valid\n")  # not ours: ignored
    found = [(Path(f.path).name, f.line, f.code) for f in lint_paths([tmp_path])]
    assert found == [
        ("config.yaml", 3, "LS101"),
        ("config.yaml", 4, "LS102"),
        ("config.yaml", 5, "LS103"),
        ("config.yaml", 8, "LS130"),
    ]
    assert all(not f.fixable for f in lint_paths([tmp_path]))
    (bad,) = lint_paths([tmp_path / "unrelated.yml"])  # named explicitly: a parse error is reported
    assert bad.code == "LS000"


def test_yaml_and_python_share_the_rules_and_their_messages(tmp_path: Path) -> None:
    """One table and one message per rule (rules/trainer_args.py, rules/imports.py): the same
    stale value is reported the same way in a LightningCLI config and in Python code."""
    (tmp_path / "config.yaml").write_text(
        "trainer:\n  early_stop_callback: true\n  precision: bf16\n  strategy: tpu_spawn\n"
        "  callbacks:\n    - class_path: pytorch_lightning.callbacks.GPUStatsMonitor\n"
    )
    (tmp_path / "train.py").write_text(
        "import lightning.pytorch as pl\n"
        "pl.Trainer(max_epochs=1, early_stop_callback=True, precision='bf16', "
        "strategy='tpu_spawn')\n"
        "from pytorch_lightning.callbacks import GPUStatsMonitor\n"
    )
    by_file: dict[str, dict[str, str]] = {}
    for f in lint_paths([tmp_path]):
        by_file.setdefault(Path(f.path).suffix, {})[f.code] = f.message
    yaml_found, py_found = by_file[".yaml"], by_file[".py"]
    assert set(yaml_found) == {"LS101", "LS102", "LS103", "LS130"} <= set(py_found)
    assert yaml_found["LS103"] == py_found["LS103"]
    assert yaml_found["LS102"].replace("bf16", "'bf16'", 1) == py_found["LS102"]
    assert yaml_found["LS130"].split("`")[2:] == py_found["LS130"].split("`")[2:]
    assert "EarlyStopping" in yaml_found["LS101"] and "EarlyStopping" in py_found["LS101"]


def test_hydra_target_configs(tmp_path: Path) -> None:
    """Hydra configs: a mapping whose ``_target_`` is the Trainer (anywhere in the file, e.g.
    a ``configs/trainer/default.yaml`` group file), a ``trainer/`` group file that composes
    ``defaults:``, callbacks built from ``_target_``/``class_path`` + ``init_args``, and a
    ``_target_`` path 2.6 cannot import."""
    group = tmp_path / "configs" / "trainer"
    group.mkdir(parents=True)
    (group / "default.yaml").write_text(
        "_target_: pytorch_lightning.Trainer\ngpus: 0\nmax_epochs: 10\n"
        "resume_from_checkpoint: null\n"
    )
    (group / "ddp.yaml").write_text(
        "defaults:\n  - default.yaml\ngpus: 4\naccelerator: ddp\nsync_batchnorm: true\n"
    )
    (tmp_path / "configs" / "callbacks.yaml").write_text(
        "model_checkpoint:\n  _target_: pytorch_lightning.callbacks.ModelCheckpoint\n"
        "  monitor: val/acc\n  period: 1\n  mode: auto\n"
        "logger:\n  _target_: pytorch_lightning.loggers.TestTubeLogger\n  save_dir: .\n"
        "cli:\n  - class_path: pytorch_lightning.callbacks.ModelCheckpoint\n"
        "    init_args:\n      filepath: ckpt/\n"
    )
    found = sorted(
        (Path(f.path).name, f.line, f.code, "instantiate()" in f.message)
        for f in lint_paths([tmp_path])
    )
    assert found == [
        ("callbacks.yaml", 4, "LS106", True),
        ("callbacks.yaml", 5, "LS106", False),
        ("callbacks.yaml", 7, "LS130", False),
        ("callbacks.yaml", 12, "LS106", False),
        ("ddp.yaml", 3, "LS101", True),
        ("ddp.yaml", 4, "LS103", False),
        ("default.yaml", 2, "LS101", True),
        ("default.yaml", 4, "LS101", True),
    ]


def test_hydra_configs_for_2x_stay_quiet(tmp_path: Path) -> None:
    """Near misses: a 2.x Hydra Trainer config, a model's own ``gpus`` key beside another
    ``_target_``, a non-Lightning callback's ``period``, and ``gpus`` in a ``trainer/`` folder
    file that is not a Hydra group (no ``defaults:``) or in YAML outside any trainer section."""
    group = tmp_path / "trainer"
    group.mkdir()
    (group / "gpu.yaml").write_text(
        "_target_: lightning.pytorch.Trainer\naccelerator: gpu\ndevices: 1\nprecision: 16-mixed\n"
        "callbacks:\n  - _target_: lightning.pytorch.callbacks.ModelCheckpoint\n"
        "    every_n_epochs: 1\n"
    )
    (group / "notes.yaml").write_text("gpus: 2\n")
    (tmp_path / "model.yaml").write_text(
        "model:\n  _target_: my_project.models.Net\n  gpus: 2\n"
        "sched:\n  _target_: my_project.callbacks.ModelCheckpoint\n  period: 1\n"
    )
    assert lint_paths([tmp_path]) == []


def test_taming_style_configs(tmp_path: Path) -> None:
    """taming-transformers' and latent-diffusion's configs: ``trainer:`` inside a top-level
    ``lightning:`` block, classes named by ``target:`` with their arguments in ``params:``;
    a ``target:`` naming the project's own class stays quiet."""
    (tmp_path / "vqgan.yaml").write_text(
        "model:\n  target: taming.models.vqgan.VQModel\n  params:\n    period: 1\n"
        "lightning:\n  callbacks:\n    ckpt:\n"
        "      target: pytorch_lightning.callbacks.ModelCheckpoint\n"
        "      params:\n        period: 2\n"
        "  logger:\n    target: pytorch_lightning.loggers.TestTubeLogger\n"
        "  trainer:\n    benchmark: true\n    gpus: 0,\n    distributed_backend: ddp\n"
    )
    found = [(f.line, f.code) for f in lint_paths([tmp_path])]
    assert found == [(10, "LS106"), (12, "LS130"), (15, "LS101"), (16, "LS101")]
    messages = [f.message for f in lint_paths([tmp_path])]
    assert "`lightning.trainer.gpus`" in messages[2] and "LightningCLI" not in messages[2]


def test_pl_trainer_sections(tmp_path: Path) -> None:
    """``pl_trainer:`` (or ``trainer_kwargs:``-like) sections, at the top or one level down
    (``train: pl_trainer:``), hold Trainer arguments; a ``trainer:`` under another key (a
    model's own) is not read."""
    (tmp_path / "base.yaml").write_text(
        "pl_trainer:\n  max_epochs: 2\n  gpus: 0\ntrain:\n  pl_trainer:\n    precision: 16\n"
        "model:\n  trainer:\n    gpus: 3\n"
    )
    found = [(f.line, f.code) for f in lint_paths([tmp_path])]
    assert found == [(3, "LS101"), (6, "LS102")]


def test_yaml_aliases_are_read_once(tmp_path: Path) -> None:
    """An alias is its anchor's node: reported where the anchor is written, once; a recursive
    alias ends the walk instead of recursing forever."""
    (tmp_path / "c.yaml").write_text(
        "base: &b\n  _target_: pytorch_lightning.Trainer\n  gpus: 1\ntrainer: *b\n"
        "rec: &r\n  self: *r\n  _target_: pytorch_lightning.loggers.TestTubeLogger\n"
    )
    found = [(f.line, f.code) for f in lint_paths([tmp_path])]
    assert found == [(3, "LS101"), (7, "LS130")]
