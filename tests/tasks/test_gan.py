"""gan: scaffold, lint, own tests, validate (synthetic and image folder), manual optimization.

Each project is scaffolded once per module; the slow parts (the project's own pytest, validate
of each source, a short training run) run concurrently in subprocesses.
"""

from __future__ import annotations

from pathlib import Path

import lightning as L
import numpy as np
import pytest
import torch
import yaml
from lightning.pytorch.loggers import CSVLogger
from PIL import Image
from task_harness import (
    ProjectChecks,
    Runs,
    import_module,
    scaffold,
    scaffold_sources,
    split_layout,
)

from lightning_skill.catalog import load_catalog

TASK = "gan"
SOURCES = ("synthetic", "image-folder")
# Every option of the GAN's own set away from its default (OPTIONS is a project key too).
OPTIONS = {"lr_g": "0.0001", "lr_d": "0.0004", "sample_grid": "3", "image_size": "16"}


def write_images(root: Path, count: int, size: int = 20, seed: int = 0) -> None:
    """A flat folder of ``count`` images: a bright square at a random place on a dark ground."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True)
    for i in range(count):
        image = np.full((size, size, 3), 20, dtype=np.uint8)
        y, x = rng.integers(0, size // 2, size=2)
        image[y : y + size // 3, x : x + size // 3] = (230, 180, 90)
        suffix = ".png" if i % 2 else ".jpg"
        Image.fromarray(image, "RGB").save(root / f"{i:02d}{suffix}")


# One process: what the data module makes of a train/val layout, then a short training run on
# synthetic data through the project's own CLI, watching both optimizers and both losses.
PROBE = """
import json, sys
import lightning as L
import torch
from gan_ima.data import GANDataModule
from gan_syn.cli import cli_main

layout, sys.argv[1:] = sys.argv[1], []  # LightningCLI warns about stray command-line args
split = GANDataModule(data_dir=layout, num_workers=0, image_size=16)
split.setup("fit")
x, _ = next(iter(split.train_dataloader()))
facts = {
    "sizes": [len(split.train_set), len(split.val_set), len(split.test_set)],
    "x": list(x.shape[1:]), "range": [x.min().item(), x.max().item()],
}


class Losses(L.Callback):
    def __init__(self):
        self.d, self.g = [], []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.d.append(trainer.callback_metrics["d_loss"].item())
        self.g.append(trainer.callback_metrics["train_loss"].item())


cli = cli_main(
    [
        "--trainer.accelerator=cpu",
        "--trainer.max_epochs=2",
        "--trainer.enable_progress_bar=false",
        "--trainer.enable_model_summary=false",
        "--trainer.log_every_n_steps=1",  # a few batches per epoch: log every one
        "--data.synthetic_samples=128",
        "--data.batch_size=32",
        "--model.base_channels=16",
    ],
    run=False,
)
losses = Losses()
cli.trainer.callbacks.append(losses)
model = cli.model
g0 = [p.detach().clone() for p in model.generator.parameters()]
d0 = [p.detach().clone() for p in model.discriminator.parameters()]
cli.trainer.fit(model, cli.datamodule)
changed = lambda old, net: sum(not torch.equal(a, b) for a, b in zip(old, net.parameters()))
opt_g, opt_d = cli.trainer.optimizers
adam_steps = lambda opt: {int(s["step"]) for s in opt.state.values()}
print(json.dumps({
    "data": facts,
    "global_step": cli.trainer.global_step,
    "batches": cli.trainer.fit_loop.epoch_loop._batches_that_stepped,
    "g_changed": [changed(g0, model.generator), len(g0)],
    "d_changed": [changed(d0, model.discriminator), len(d0)],
    "adam_steps": [sorted(adam_steps(opt_g)), sorted(adam_steps(opt_d))],
    "requires_grad": all(p.requires_grad for p in model.parameters()),
    "d_loss": losses.d, "g_loss": losses.g,
}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    root = tmp_path_factory.mktemp("gan")
    write_images(root / "folder", 10)
    layout = split_layout(root / "split", write_images)
    projects = scaffold_sources(
        root, TASK, "gan", {"synthetic": None, "image-folder": root / "folder"}
    )
    projects["options"] = scaffold(root / "gan_opt", TASK, settings=OPTIONS)
    runs = Runs(projects, warm_pool)
    runs.start_probe("probe", PROBE, str(layout), cwd=runs.projects["synthetic"])
    yield from runs.checked(TestProjects)


class TestProjects(ProjectChecks):
    projects = (*SOURCES, "options")


def test_image_folders_become_tanh_range_images(runs):
    facts = runs.probed()["data"]
    # train/ and val/ sub-folders; no test/, so test_fraction of train/ is held out for it.
    assert facts["sizes"] == [5, 3, 1]
    assert facts["x"] == [3, 16, 16]
    assert facts["range"][0] >= -1.0 and facts["range"][1] <= 1.0
    assert facts["range"][0] < -0.5 < 0.5 < facts["range"][1]  # [0, 1] scaled to [-1, 1]


def test_both_optimizers_step_every_batch(runs):
    run = runs.probed()
    batches = run["batches"]
    assert batches == 2 * 4  # 2 epochs x 128 / 32
    # Manual optimization: global_step counts optimizer steps, two per batch.
    assert run["global_step"] == 2 * batches
    assert run["adam_steps"] == [[batches], [batches]]
    assert run["g_changed"][0] == run["g_changed"][1], run["g_changed"]  # every tensor moved
    assert run["d_changed"][0] == run["d_changed"][1], run["d_changed"]
    assert run["requires_grad"]  # untoggle_optimizer restored every flag


def test_adversarial_losses_move(runs):
    run = runs.probed()
    d_loss, g_loss = np.array(run["d_loss"]), np.array(run["g_loss"])
    assert len(d_loss) == run["batches"] and np.isfinite(d_loss).all() and np.isfinite(g_loss).all()
    # The discriminator learns to separate real from fake (its loss starts near 2 log 2 = 1.39)
    # while the generator keeps it from winning outright.
    assert d_loss.max() - d_loss.min() > 0.1, d_loss
    assert d_loss[-3:].mean() < d_loss[:2].mean(), d_loss
    assert g_loss.std() > 0.01, g_loss


class ImageRecorder(CSVLogger):
    """A CSV logger whose experiment also takes images, as TensorBoard's SummaryWriter does."""

    def __init__(self, save_dir: Path) -> None:
        super().__init__(save_dir)
        self.images: list[tuple[str, tuple[int, ...], int]] = []

    @property
    def experiment(self):
        writer = super().experiment
        if not hasattr(writer, "add_image"):
            writer.add_image = lambda tag, image, step: self.images.append(
                (tag, tuple(image.shape), step)
            )
        return writer


def test_options_set_the_rates_and_log_a_fixed_noise_grid_each_epoch(runs, tmp_path):
    """lr_g / lr_d reach their optimizers; each epoch's 3 x 3 grid goes to the logger and to
    log_dir/samples as a PNG, from the same noise every epoch."""
    project = runs.projects["options"]
    config = yaml.safe_load((project / "configs" / "default.yaml").read_text(encoding="utf-8"))
    assert {k: config["model"][k] for k in ("lr_g", "lr_d", "sample_grid")} == {
        "lr_g": 0.0001,
        "lr_d": 0.0004,
        "sample_grid": 3,
    }
    torch.manual_seed(0)
    model = import_module(project, "model").ImageGAN(base_channels=8)  # the rendered defaults
    data = import_module(project, "data").GANDataModule(synthetic_samples=64, num_workers=0)
    logger = ImageRecorder(tmp_path)
    trainer = L.Trainer(
        accelerator="cpu",
        max_epochs=2,
        limit_train_batches=2,
        limit_val_batches=1,
        log_every_n_steps=1,
        logger=logger,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model, data)
    assert [group["lr"] for opt in trainer.optimizers for group in opt.param_groups] == [
        0.0001,
        0.0004,
    ]
    # 3 x 3 tiles of 16 px with make_grid's 2 px padding: 3 * 18 + 2 = 56.
    assert logger.images == [("samples", (3, 56, 56), 0), ("samples", (3, 56, 56), 1)]
    pngs = sorted((Path(logger.log_dir) / "samples").glob("*.png"))
    assert [p.name for p in pngs] == ["epoch_000.png", "epoch_001.png"]
    with Image.open(pngs[-1]) as image:
        assert image.size == (56, 56)
    # Fixed noise: the last PNG is the trained generator's grid, pixel for pixel (save_image
    # rounds to 8 bits), and it moved from the first epoch's.
    grid = model.sample_grid_image().mul(255).add(0.5).clamp(0, 255).to(torch.uint8)
    saved = [torch.from_numpy(np.array(Image.open(p))).permute(2, 0, 1) for p in pngs]
    assert torch.equal(saved[-1], grid)
    assert not torch.equal(saved[0], saved[-1])


def test_catalog_and_readme_say_which_image_folder_layout_each_task_reads(runs):
    tasks = load_catalog().to_dict()["tasks"]
    layouts = {
        name: tasks[name]["layouts"]["image-folder"]
        for name in tasks
        if "image-folder" in tasks[name]["layouts"]
    }
    assert set(layouts) == {"gan", "autoencoder", "image-classification", "segmentation"}
    assert "masks/" in layouts["segmentation"] and "images/" in layouts["segmentation"]
    assert "<class>" in layouts["image-classification"]
    assert "no labels" in layouts["gan"] and "no labels" in layouts["autoencoder"]
    readme = (runs.projects["image-folder"] / "README.md").read_text(encoding="utf-8")
    assert f"Expected `image-folder` layout for this task: {layouts['gan']}" in readme
    assert "layout for this task" not in (runs.projects["synthetic"] / "README.md").read_text(
        encoding="utf-8"
    )


# A checkpoint saved by an older generated GAN (one ``lr`` for both optimizers) and one whose
# hyperparameters the model never took, each used with the project's --ckpt_path.
OLD_CHECKPOINT = """
import contextlib, io, json, sys
import lightning as L, torch
from gkpg.cli import cli_main, main

cli = cli_main(["--trainer.accelerator=cpu", "--data.num_workers=0"], run=False)
trainer = L.Trainer(fast_dev_run=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False, accelerator="cpu")
trainer.fit(cli.model, datamodule=cli.datamodule)
trainer.save_checkpoint("now.ckpt")
ckpt = torch.load("now.ckpt", weights_only=True)
for name, change in (("old", {"lr": 0.0003}), ("bad", {"lr_g": 0.0003, "hidden": 7})):
    hparams = {k: v for k, v in ckpt["hyper_parameters"].items() if k not in ("lr_g", "lr_d")}
    torch.save({**ckpt, "hyper_parameters": {**hparams, **change}}, f"{name}.ckpt")

common = ["--trainer.accelerator=cpu", "--data.num_workers=0", "--data.synthetic_samples=16",
          "--trainer.enable_progress_bar=false", "--trainer.enable_model_summary=false"]
facts = {}
for sub, extra in (("predict", ["--trainer.limit_predict_batches=1", "--predictions_dir=out"]),
                   ("fit", ["--trainer.max_steps=4", "--trainer.limit_val_batches=1",
                           "--trainer.log_every_n_steps=1"])):
    done = cli_main([sub, "--ckpt_path=old.ckpt", *common, *extra])
    facts[sub] = [done.model.hparams.lr_g, done.model.hparams.lr_d, done.trainer.global_step]
err = io.StringIO()
sys.argv = ["gkpg", "predict", "--ckpt_path=bad.ckpt", *common]
with contextlib.redirect_stderr(err):
    try:
        main()
    except SystemExit as exc:
        facts["bad"] = [exc.code, err.getvalue()]
print(json.dumps(facts))
"""


def test_an_older_checkpoint_loads_and_an_unknown_hparam_is_one_line(tmp_path):
    """``lr`` (one rate for both optimizers, before lr_g/lr_d) maps to both rates on predict
    and on a resumed fit; a key the model never took is one line naming it, exit 2 (not
    LightningCLI's usage text)."""
    import json

    from task_harness import probe

    project = scaffold(tmp_path / "gkpg", TASK)
    done = probe(OLD_CHECKPOINT, cwd=tmp_path, projects=[project])
    assert done.returncode == 0, done.stderr[-3000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts["predict"][:2] == [0.0003, 0.0003]
    assert facts["fit"] == [0.0003, 0.0003, 4]  # resumed at step 2, trained to max_steps
    assert list((tmp_path / "out").glob("predictions-*.pt"))
    code, err = facts["bad"]
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1, err
    assert "hidden" in lines[0] and "bad.ckpt" in lines[0] and "usage" not in err, err
