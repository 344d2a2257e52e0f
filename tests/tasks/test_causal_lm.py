"""causal-lm: every source scaffolds, lints, validates, passes its own tests, learns."""

from __future__ import annotations

import math

import lightning
import lightning as L
import pytest
import torch
import yaml
from task_harness import ProjectChecks, fit_runs, import_module, scaffold

TASK = "causal-lm"
# Not ASCII on purpose: the tokenizer is the text's own characters, whatever the language.
# The prompt and length options away from their defaults (OPTIONS is a project key too).
OPTIONS = {"prompt": "the cat sees", "max_new_tokens": "23", "d_model": "32"}
VERSE = "Sur le pont d'Avignon, l'on y danse, l'on y danse ; Übermut tut selten gut. ‽\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    """Scaffold every source, then start every slow check at once."""
    root = tmp_path_factory.mktemp("causal_lm")
    (root / "song.txt").write_text(VERSE * 60, encoding="utf-8")
    projects = {
        "synthetic": scaffold(root / "lm_synthetic", TASK),
        "text": scaffold(root / "lm_text", TASK, "text", root / "song.txt"),
        "options": scaffold(root / "lm_opt", TASK, settings=OPTIONS),
    }
    yield from fit_runs(projects, warm_pool, TestProjects, root / "fit", epochs=10, samples=512)


class TestProjects(ProjectChecks):
    projects = ("synthetic", "text", "options")
    full_checks = ("synthetic",)


def test_config_clips_gradients(runs):
    config = (runs.projects["synthetic"] / "configs" / "default.yaml").read_text(encoding="utf-8")
    assert "gradient_clip_val: 1.0" in config


def test_text_files_and_folders_are_read_and_split_without_overlap(runs, tmp_path):
    data_module = import_module(runs.projects["text"], "data")
    song = runs.projects["text"].parent / "song.txt"
    data = data_module.CharTextDataModule(data_dir=str(song), context_length=16, num_workers=0)
    text = song.read_text(encoding="utf-8")
    assert data.vocab == "".join(sorted(set(text))) and "‽" in data.vocab
    # Contiguous parts, in order: validation and test never share text.
    assert data.texts["train"] + data.texts["val"] + data.texts["test"] == text
    assert data.texts["val"] and data.texts["test"]
    data.setup("fit")
    x, y = next(iter(data.val_dataloader()))
    assert data.decode(x[0]) == data.texts["val"][:16]

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "1.txt").write_text("first " * 10, encoding="utf-8")
    (tmp_path / "2.txt").write_text("second " * 10, encoding="utf-8")
    folder = data_module.CharTextDataModule(data_dir=str(tmp_path), context_length=4)
    assert set(folder.vocab) == set("firstecond \n")

    with pytest.raises(ValueError, match="context_length"):
        data_module.CharTextDataModule(data_dir=str(song), context_length=10_000)


def test_a_checkpoint_generates_text_on_its_own(runs, tmp_path):
    model_module = import_module(runs.projects["text"], "model")
    data_module = import_module(runs.projects["text"], "data")
    data = data_module.CharTextDataModule(
        data_dir=str(runs.projects["text"].parent / "song.txt"), context_length=16
    )
    model = model_module.CharGPT(vocab=data.vocab, context_length=16, max_new_tokens=30)
    path = tmp_path / "model.ckpt"
    checkpoint = {
        "state_dict": model.state_dict(),
        "hyper_parameters": dict(model.hparams),
        "pytorch-lightning_version": lightning.__version__,
    }
    torch.save(checkpoint, path)
    loaded = model_module.CharGPT.load_from_checkpoint(path)
    out = loaded.generate("Übermut")
    assert len(out) == 30 and set(out) <= set(data.vocab)
    with pytest.raises(ValueError, match="not trained on"):
        loaded.generate("¿")


def test_a_short_fit_learns_the_synthetic_grammar(runs):
    rows = runs.result("fit")
    val = [float(r["val_loss"]) for r in rows if r.get("val_loss")]
    data = import_module(runs.projects["synthetic"], "data")
    vocab = data.CharTextDataModule(synthetic_samples=512).vocab
    uniform = math.log(len(vocab))
    assert len(val) == 10
    # A model that learned nothing scores ln(vocab) per character; the grammar allows far less.
    assert val[-1] < 0.4 * uniform, (val, uniform)


def test_predict_continues_the_configured_prompt_by_the_configured_length(runs):
    project = runs.projects["options"]
    config = yaml.safe_load((project / "configs" / "default.yaml").read_text(encoding="utf-8"))
    prompt = config["data"]["prompt"]
    assert (prompt, config["model"]["max_new_tokens"]) == ("the cat sees", 23)
    data_module = import_module(project, "data")
    data = data_module.CharTextDataModule(synthetic_samples=64, prompt=prompt, num_workers=0)
    # Greedy decoding, so predict (seeded sampling) and generate (unseeded) must agree.
    model = import_module(project, "model").CharGPT(vocab=data.vocab, temperature=0.0)
    trainer = L.Trainer(accelerator="cpu", logger=False, enable_progress_bar=False)
    [[text]] = trainer.predict(model, data)
    assert len(text) == 23 and set(text) <= set(data.vocab)
    assert text == model.generate(prompt)  # the prompt's own continuation
    with pytest.raises(ValueError, match="data.prompt: characters the model was not trained"):
        data_module.CharTextDataModule(synthetic_samples=64, prompt="¿que?")
    assert getattr(data_module.PromptError("x"), "user_error", False)  # cli.py: exit 2
