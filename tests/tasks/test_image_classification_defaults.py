"""image-classification defaults: the ResNet stem suits the image size, and the synthetic data
takes several epochs to learn, so checkpointing and early stopping have something to choose.

(The default project's lint, own tests and validation run in tests/test_new_then_validate.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from task_harness import fit_metrics, import_module, scaffold


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return scaffold(tmp_path_factory.mktemp("imgdef") / "img_def", "image-classification")


def _last_stage_size(model_module, image_size: int, **kwargs) -> tuple[int, int]:
    """Height and width of the feature map the ResNet's last stage (layer4) puts out."""
    import torch

    model = model_module.ImageClassifier(image_size=image_size, **kwargs).eval()
    seen: list[tuple[int, int]] = []
    model.net.layer4.register_forward_hook(lambda m, i, out: seen.append(tuple(out.shape[-2:])))
    with torch.no_grad():
        logits = model(torch.zeros(1, model.hparams.channels, image_size, image_size))
    assert logits.shape == (1, model.hparams.num_classes)
    return seen[0]


def test_small_images_get_the_cifar_stem_and_reach_the_last_stage_at_4x4_or_more(project):
    model = import_module(project, "model")
    # The ImageNet stem divides by 32 in all: 32 px would reach layer4 as 1x1.
    assert _last_stage_size(model, 32, cifar_stem=False) == (1, 1)
    # Up to 64 px: 3x3 stride-1 stem, no max-pool, so layer4 sees size / 8.
    assert _last_stage_size(model, 32) == (4, 4)
    assert _last_stage_size(model, 64) == (8, 8)
    assert _last_stage_size(model, 16, channels=1) == (2, 2)  # grayscale, the smallest allowed
    small = model.ImageClassifier(image_size=32).net
    assert (small.conv1.kernel_size, small.conv1.stride) == ((3, 3), (1, 1))
    assert not any(isinstance(m, model.nn.MaxPool2d) for m in small.modules())
    # Above 64 px the standard ImageNet stem stays (3x3 at 96 px, 7x7 at 224 px).
    assert _last_stage_size(model, 96) == (3, 3)
    assert _last_stage_size(model, 224) == (7, 7)
    assert model.ImageClassifier(image_size=224).net.conv1.kernel_size == (7, 7)


def test_synthetic_data_is_learned_over_several_epochs_not_in_the_first(project, tmp_path):
    """Three short epochs through the project's CLI (16-px images, 256 train samples)."""
    rows = fit_metrics(
        project,
        tmp_path / "logs",
        "--trainer.max_epochs=3",
        "--data.image_size=16",
        "--data.synthetic_samples=256",
    )
    acc = [float(r["val_acc"]) for r in rows if r.get("val_acc")]
    assert len(acc) == 3, rows
    assert acc[0] < 0.9, acc  # not solved in epoch 0 (the old data gave 1.0 at once)
    assert acc[-1] > acc[0] + 0.1 and max(acc) < 1.0, acc  # learned, and still not trivial
    best = [p.name for p in (tmp_path / "logs").rglob("*.ckpt") if p.name != "last.ckpt"]
    assert len(best) == 1, best
    epoch = int(re.search(r"epoch=(\d+)", best[0]).group(1))
    assert epoch == acc.index(max(acc)) and epoch > 0, (best, acc)
