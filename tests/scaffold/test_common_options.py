"""Options common to tasks (templates/catalog.yaml common_options) and the classifiers' score:
what `new` accepts renders and trains with the checkpoint watching the chosen metric; what
cannot work is refused with one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from scaffold_helpers import probe_project, ruff_clean

from lightning_skill.catalog import load_catalog
from lightning_skill.render import render_project
from lightning_skill.spec import build_spec, score_name


def _spec(tmp_path: Path, task: str, preset: str = "cpu-debug", **settings: str):
    return build_spec(
        load_catalog(),
        target=tmp_path / "proj",
        task=task,
        preset=preset,
        settings=settings,
    )


def _config(files: dict[str, str], name: str = "configs/default.yaml") -> dict:
    return yaml.safe_load(files[name])


def _callbacks(config: dict) -> dict[str, dict]:
    """init_args by class name; of two ModelCheckpoints the first, the monitored one (it is
    trainer.checkpoint_callback; the second keeps last.ckpt)."""
    found: dict[str, dict] = {}
    for cb in config["trainer"]["callbacks"]:
        found.setdefault(cb["class_path"].rsplit(".", 1)[1], cb.get("init_args") or {})
    return found


@pytest.mark.parametrize(
    ("task", "settings", "watched", "mode"),
    [
        ("image-classification", {}, "val_acc", "max"),
        ("image-classification", {"monitor": "val_loss"}, "val_loss", "min"),
        ("tabular-classification", {"metric": "f1", "average": "macro"}, "val_f1_macro", "max"),
        (
            "text-classification",
            {"metric": "auroc", "average": "weighted", "monitor": "val_auroc_weighted"},
            "val_auroc_weighted",
            "max",
        ),
        ("tabular-regression", {"monitor": "val_mae"}, "val_mae", "min"),
        ("autoencoder", {"monitor": "val_psnr"}, "val_psnr", "max"),
        ("segmentation", {}, "val_iou", "max"),
        (
            "segmentation",
            {"average": "weighted", "monitor": "val_dice_weighted"},
            "val_dice_weighted",
            "max",
        ),
    ],
)
def test_checkpoint_and_early_stopping_watch_the_chosen_metric(
    tmp_path, task, settings, watched, mode
):
    files = render_project(_spec(tmp_path, task, **settings))
    callbacks = _callbacks(_config(files))
    for name in ("ModelCheckpoint", "EarlyStopping"):
        assert (callbacks[name]["monitor"], callbacks[name]["mode"]) == (watched, mode)
    assert f"`{watched}` ({mode})" in files["README.md"]
    search = yaml.safe_load(files["configs/search.yaml"])["study"]
    assert search["monitor"] == watched
    assert search["direction"] == ("maximize" if mode == "max" else "minimize")


def test_the_score_is_named_with_its_averaging_and_plain_accuracy_stays_val_acc():
    assert score_name("accuracy", "micro") == "acc"
    assert score_name("accuracy", "macro") == "acc_macro"  # balanced accuracy, never "acc"
    assert score_name("f1", "micro") == "f1_micro"
    assert score_name("auroc", "weighted") == "auroc_weighted"


def test_gradient_clipping_reaches_the_trainer_and_presets_follow_the_algorithm(tmp_path):
    files = render_project(
        _spec(tmp_path, "autoencoder", gradient_clip_val="0.5", gradient_clip_algorithm="value")
    )
    trainer = _config(files)["trainer"]
    assert (trainer["gradient_clip_val"], trainer["gradient_clip_algorithm"]) == (0.5, "value")
    # FSDP clips by value (only norm raises there); DeepSpeed clips only by norm: turned off.
    assert "gradient_clip_val" not in _config(files, "configs/presets/fsdp.yaml")["trainer"]
    deepspeed = _config(files, "configs/presets/deepspeed.yaml")["trainer"]
    assert deepspeed["gradient_clip_val"] is None
    # By norm: the other way round.
    files = render_project(_spec(tmp_path, "autoencoder", gradient_clip_val="2"))
    assert _config(files)["trainer"]["gradient_clip_algorithm"] == "norm"
    assert _config(files, "configs/presets/fsdp.yaml")["trainer"]["gradient_clip_val"] is None
    assert "gradient_clip_val" not in _config(files, "configs/presets/deepspeed.yaml")["trainer"]
    # Off by default (0), except causal-lm's norm clipping at 1.0, which 0 turns off.
    assert (
        "gradient_clip_val"
        not in _config(render_project(_spec(tmp_path, "segmentation")))["trainer"]
    )
    lm = render_project(_spec(tmp_path, "causal-lm"))
    assert _config(lm)["trainer"]["gradient_clip_val"] == 1.0
    assert _config(lm, "configs/presets/fsdp.yaml")["trainer"]["gradient_clip_val"] is None
    lm = render_project(_spec(tmp_path, "causal-lm", gradient_clip_val="0"))
    assert "gradient_clip_val" not in _config(lm)["trainer"]
    assert "gradient_clip_val" not in _config(lm, "configs/presets/fsdp.yaml")["trainer"]


def test_warmup_ratio_reaches_the_model_where_the_schedule_warms_up(tmp_path):
    for task, default in (("text-classification", 0.1), ("causal-lm", 0.05)):
        model = _config(render_project(_spec(tmp_path, task)))["model"]
        assert model["warmup_ratio"] == default
        model = _config(render_project(_spec(tmp_path, task, warmup_ratio="0.3")))["model"]
        assert model["warmup_ratio"] == 0.3


# The tasks whose schedule is a plain cosine decay unless warmup_ratio is set.
COSINE_TASKS = (
    "image-classification",
    "segmentation",
    "autoencoder",
    "tabular-classification",
    "tabular-regression",
    "timeseries-forecasting",
)


@pytest.mark.parametrize("task", COSINE_TASKS)
def test_warmup_ratio_is_absent_by_default_and_reaches_the_model_when_set(tmp_path, task):
    files = render_project(_spec(tmp_path, task))
    # No dead option: without warm-up the model has no warmup_ratio and no warm-up code.
    assert "warmup_ratio" not in _config(files)["model"]
    code = "".join(text for name, text in files.items() if name.endswith(".py"))
    assert "warmup_ratio" not in code and "warmup_cosine" not in code
    files = render_project(_spec(tmp_path, task, warmup_ratio="0.25"))
    assert _config(files)["model"]["warmup_ratio"] == 0.25


def _warmup_cosine(files: dict[str, str]):
    """The rendered module-level ``warmup_cosine`` of a project's model.py, as a function."""
    import ast
    import math

    (name,) = (n for n in files if n.endswith("/model.py"))
    tree = ast.parse(files[name])
    (func,) = (f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "warmup_cosine")
    namespace: dict = {"math": math}
    exec(compile(ast.Module([func], []), name, "exec"), namespace)
    return namespace["warmup_cosine"]


def _assert_one_peak(rates: list[float], warmup_steps: int) -> None:
    """Strictly up to the peak at the last warm-up step, strictly down from the next step."""
    peak = rates.index(max(rates))
    assert peak == warmup_steps - 1, rates
    assert all(a < b for a, b in zip(rates[: peak + 1], rates[1 : peak + 1], strict=False)), rates
    assert all(a > b for a, b in zip(rates[peak:], rates[peak + 1 :], strict=False)), rates
    assert rates[-1] > 0, rates  # the last step still learns


def test_every_warmup_schedule_peaks_once_at_the_last_warmup_step(tmp_path):
    """Each task that renders warm-up: the multiplier rises linearly to 1 at exactly the last
    warm-up step and decays from the next one (no step held at the peak)."""
    for task in (*COSINE_TASKS, "text-classification", "causal-lm"):
        schedule = _warmup_cosine(render_project(_spec(tmp_path, task, warmup_ratio="0.25")))
        extra = {"min_ratio": 0.1} if task == "causal-lm" else {}
        for total, warmup in ((8, 2), (5, 1), (12, 3)):
            rates = [schedule(s, warmup, total, **extra) for s in range(total)]
            assert rates[:warmup] == pytest.approx([(s + 1) / warmup for s in range(warmup)])
            _assert_one_peak(rates, warmup)


@pytest.mark.parametrize("task", ["tabular-classification"])
def test_warmup_ratio_warms_the_learning_rate_up_then_decays_it(tmp_path, task):
    """Through a real Trainer with gradient accumulation: one rate per optimizer step, as many
    steps as trainer.estimated_stepping_batches, rising over the first quarter to lr, then a
    cosine decay from the very next step (the generated configure_optimizers, own model)."""
    import math

    from lightning_skill.cli import main

    target = tmp_path / "p"
    args = ["new", str(target), "--task", task, "--package", "wpkg", "--set", "warmup_ratio=0.25"]
    assert main(args) == 0
    # 2 epochs of 7 batches, 2 accumulated per optimizer step: ceil(7 / 2) * 2 = 8 steps (the
    # epoch's odd last batch steps alone).
    probe = (
        "import lightning as L\n"
        "from lightning.pytorch.callbacks import Callback\n"
        "from wpkg.cli import cli_main\n"
        "cli = cli_main(['--trainer.accelerator=cpu', '--trainer.logger=false'], run=False)\n"
        "rates = []\n"
        "class Rates(Callback):\n"
        "    def on_before_optimizer_step(self, trainer, module, optimizer):\n"
        "        rates.append(optimizer.param_groups[0]['lr'])\n"
        "t = L.Trainer(max_epochs=2, limit_train_batches=7, accumulate_grad_batches=2,\n"
        "    limit_val_batches=0, callbacks=[Rates()], logger=False, enable_checkpointing=False,\n"
        "    enable_progress_bar=False, enable_model_summary=False)\n"
        "t.fit(cli.model, datamodule=cli.datamodule)\n"
        "print(t.estimated_stepping_batches, cli.model.hparams.lr, *rates)\n"
    )
    total, lr, *rates = map(float, probe_project(target, probe, cwd=tmp_path).split()[-10:])
    assert total == len(rates) == 8
    # 2 warm-up steps: lr/2, lr; then the cosine from the peak (step 1) to 0 at step 8.
    expected = [lr / 2, lr] + [
        lr * 0.5 * (1 + math.cos(math.pi * (s - 1) / 7)) for s in range(2, 8)
    ]
    assert rates == pytest.approx(expected), rates
    _assert_one_peak(rates, 2)


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["--task", "gan", "--set", "gradient_clip_val=1.0"], "--set gradient_clip_val", "manual"),
        (["--task", "gan", "--set", "monitor=val_loss"], "--set monitor", "last epoch"),
        (["--set", "monitor=val_nope"], "--set monitor", "val_loss, val_acc"),
        # The classification score's key depends on metric/average: val_f1_macro needs them.
        (["--set", "monitor=val_f1_macro"], "--set monitor", "val_loss, val_acc"),
        (["--set", "metric=auroc"], "--set metric", "no micro average"),
        (["--set", "metric=auroc", "--set", "average=micro"], "--set metric", "average=macro"),
        (["--set", "average=samples"], "--set average", "micro, macro, weighted"),
        (
            ["--task", "segmentation", "--set", "monitor=val_dice"],
            "--set monitor",
            "val_dice_macro",
        ),
        (["--set", "gradient_clip_val=-1"], "--set gradient_clip_val", ">= 0.0"),
        (["--set", "gradient_clip_algorithm=max"], "--set gradient_clip_algorithm", "norm"),
        (["--task", "gan", "--set", "warmup_ratio=0.1"], "--set warmup_ratio", "no"),
        # A column name means nothing to synthetic or numpy data: refused, not silently dropped.
        (["--task", "tabular-regression", "--set", "target=price"], "--set target", "--data csv"),
        (["--task", "causal-lm", "--set", "warmup_ratio=1.5"], "--set warmup_ratio", "<= 0.9"),
    ],
)
def test_an_option_that_cannot_work_is_refused_with_one_line(tmp_path, capsys, args, field, words):
    from lightning_skill.cli import main

    target = tmp_path / "proj"
    assert main(["new", str(target), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and field in err and words in err, err
    assert not target.exists()


def test_catalog_shows_the_common_options_per_task(capsys):
    import json

    from lightning_skill.cli import main

    assert main(["catalog", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"monitor", "gradient_clip_val", "gradient_clip_algorithm", "warmup_ratio"} <= set(
        data["common_options"]
    )
    image = data["tasks"]["image-classification"]
    assert image["options"]["monitor"]["choices"] == ["val_loss", "val_{score}"]
    assert image["options"]["average"]["default"] == "micro"
    assert set(data["tasks"]["gan"]["refused_options"]) == {
        "monitor",
        "gradient_clip_val",
        "gradient_clip_algorithm",
    }
    assert "warmup_ratio" in data["tasks"]["causal-lm"]["options"]
    assert main(["catalog"]) == 0
    text = capsys.readouterr().out
    assert "--set monitor=<val_loss|val_ppl>  (default val_loss)" in text
    assert "no --set gradient_clip_val: task gan steps" in text


@pytest.mark.slow
def test_non_default_choices_train_with_the_checkpoint_on_the_chosen_metric(tmp_path, warm_pool):
    """A short real fit with the project's own callbacks (validate's rehearse check): the
    ModelCheckpoint finds the chosen key, keeps a best checkpoint, and test reloads it."""
    from lightning_skill.cli import main
    from lightning_skill.validate import validate_many

    projects = {
        "tabf1": [
            "--task",
            "tabular-classification",
            "--set",
            "metric=f1",
            "--set",
            "average=macro",
            "--set",
            "gradient_clip_val=1.0",
            "--set",
            "gradient_clip_algorithm=value",
        ],
        "textauc": [
            "--task",
            "text-classification",
            "--set",
            "metric=auroc",
            "--set",
            "average=weighted",
            "--set",
            "warmup_ratio=0.3",
            "--set",
            "d_model=16",
            "--set",
            "n_layers=1",
        ],
        "img": ["--set", "monitor=val_loss", "--set", "gradient_clip_val=1.0"],
        "seg": [
            "--task",
            "segmentation",
            "--set",
            "average=weighted",
            "--set",
            "monitor=val_dice_weighted",
            "--set",
            "base_channels=4",
        ],
    }
    for name, args in projects.items():
        assert main(["new", str(tmp_path / name), *args]) == 0
    ruff_clean([tmp_path / name for name in projects])
    reports = validate_many(
        [tmp_path / name for name in projects],
        checks=["import", "discover", "instantiate", "rehearse"],
        runner=warm_pool,
    )
    for name, report in zip(projects, reports, strict=True):
        assert report.passed, (name, [c for c in report.checks if c.status != "pass"])
    saved = {
        name: _callbacks(yaml.safe_load((tmp_path / name / "configs/default.yaml").read_text()))
        for name in projects
    }
    assert saved["tabf1"]["ModelCheckpoint"]["monitor"] == "val_f1_macro"
    assert saved["textauc"]["ModelCheckpoint"]["monitor"] == "val_auroc_weighted"
    assert saved["img"]["ModelCheckpoint"]["monitor"] == "val_loss"
    assert saved["seg"]["EarlyStopping"]["monitor"] == "val_dice_weighted"
