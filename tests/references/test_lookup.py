"""`lightning-skill lookup`: the query set finds its sections, answers stay small, the CLI works.

Each query is a realistic agent question paired with the section (``file#anchor``) that must be
the top answer. The median answer must stay <= 600 tokens (chars / 4).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

import pytest

from lightning_skill.cli import main
from lightning_skill.lookup import Index, default_index, parse_sections, slugify, tokenize

QUERIES = [
    ("how do I resume training from a checkpoint", "best-practices.md#checkpointing-and-resuming"),
    ("load model from checkpoint for inference", "advanced.md#inference"),
    ("save the best model by validation loss", "callbacks.md#modelcheckpoint"),
    ("stop training early when val loss stops improving", "callbacks.md#earlystopping"),
    ("log learning rate", "callbacks.md#learningratemonitor"),
    ("what order are hooks called in", "best-practices.md#hook-order"),
    ("when is on_train_epoch_end called relative to validation", "best-practices.md#hook-order"),
    ("what does fast_dev_run do", "best-practices.md#debugging-runs-and-fast_dev_run"),
    ("val_check_interval float vs int", "best-practices.md#trainer-configuration-and-defaults"),
    ("make training reproducible seed", "best-practices.md#reproducibility"),
    ("deterministic=True does not seed", "best-practices.md#reproducibility"),
    (
        "write a LightningDataModule with setup and prepare_data",
        "best-practices.md#lightningdatamodule",
    ),
    ("self.log on_step on_epoch sync_dist", "best-practices.md#logging-metrics"),
    ("use tensorboard or csv logger", "best-practices.md#loggers-csv-tensorboard-wb"),
    ("mixed precision bf16 training", "advanced.md#precision"),
    ("gradient accumulation effective batch size", "advanced.md#gradient-accumulation"),
    ("clip gradients", "advanced.md#gradient-clipping"),
    ("ReduceLROnPlateau scheduler monitor", "advanced.md#learning-rate-schedulers"),
    ("manual optimization GAN two optimizers", "advanced.md#manual-optimization"),
    ("profile slow training", "advanced.md#profiling"),
    ("find a good learning rate lr_find", "advanced.md#learning-rate-finder"),
    ("find the largest batch size that fits", "advanced.md#batch-size-finder"),
    ("LightningCLI command line config", "advanced.md#lightningcli"),
    ("yaml config file for LightningCLI", "advanced.md#lightningcli-config-file"),
    ("export model with torch.export", "advanced.md#export-with-torchexport"),
    ("export to onnx or torchscript", "advanced.md#export-to-torchscript-and-onnx"),
    ("serve the model behind an API", "advanced.md#serving"),
    ("train on multiple GPUs with DDP", "distributed.md#ddp-script-for-multiple-gpus"),
    ("which strategy should I use", "distributed.md#choosing-a-strategy"),
    ("FSDP sharding a large model", "distributed.md#fsdp"),
    ("deepspeed zero stage 3", "distributed.md#deepspeed"),
    ("multi-node training on SLURM", "distributed.md#multi-node-and-slurm"),
    ("sync metrics across GPUs", "distributed.md#metrics-and-logging-under-ddp"),
    (
        "DDP on CPU gloo process exits with abort",
        "distributed.md#ddp-on-cpu-and-the-gloo-exit-abort",
    ),
    ("use DDP inside a jupyter notebook", "distributed.md#ddp-in-notebooks"),
    ("write a custom callback", "callbacks.md#custom-callback"),
    ("save callback state in checkpoint", "callbacks.md#callback-state-in-checkpoints"),
    ("write predictions to disk", "callbacks.md#write-predictions-to-disk"),
    ("EMA of weights", "callbacks.md#weight-averaging-swa-ema"),
    (
        "TypeError model must be a LightningModule",
        "troubleshooting.md#model-must-be-a-lightningmodule",
    ),
    (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied",
        "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied",
    ),
    (
        "train_dataloader must be implemented",
        "troubleshooting.md#train_dataloader-must-be-implemented",
    ),
    (
        "ValueError: optimizer got an empty parameter list",
        "troubleshooting.md#optimizer-got-an-empty-parameter-list",
    ),
    (
        "Expected all tensors to be on the same device",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        "called self.log twice with different arguments",
        "troubleshooting.md#selflog-called-twice-with-different-arguments",
    ),
    (
        "ModelCheckpoint could not find the monitored key",
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    (
        "predict_step gets a list instead of a tensor",
        "troubleshooting.md#predict_step-receives-x-y",
    ),
    ("loss becomes nan", "troubleshooting.md#loss-is-nan"),
    ("CUDA out of memory", "troubleshooting.md#cuda-out-of-memory"),
    ("DDP hangs", "troubleshooting.md#ddp-hangs-or-aborts-at-exit"),
    ("training never stops max_epochs not set", "troubleshooting.md#training-runs-1000-epochs"),
    ("16-mixed precision on cpu warning", "troubleshooting.md#16-mixed-on-cpu-becomes-bf16-mixed"),
    ("validation loop is skipped", "troubleshooting.md#validation-never-runs"),
    (
        "structure of a LightningModule training_step configure_optimizers",
        "best-practices.md#lightningmodule-structure",
    ),
    (
        "call trainer.test and trainer.predict on my model after fit",
        "best-practices.md#fit-validate-test-predict",
    ),
    (
        "convert my plain PyTorch training loop to Lightning",
        "best-practices.md#converting-a-pytorch-training-loop",
    ),
]

MEDIAN_TOKEN_BUDGET = 600


@pytest.fixture(scope="module")
def index() -> Index:
    return default_index()


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 30
    assert len({q for q, _ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_returns_its_section(index, query, expected):
    hits = index.search(query, k=3)
    assert hits, f"no answer for {query!r}"
    got = [f"{s.file}#{s.anchor}" for _, s in hits]
    assert got[0] == expected, f"{query!r} -> {got}"


def test_median_answer_fits_the_budget(index):
    sizes = [index.search(query, k=1)[0][1].tokens for query, _ in QUERIES]
    median = statistics.median(sizes)
    print(f"\nlookup answers over {len(sizes)} queries: median {median} tokens, max {max(sizes)}")
    assert median <= MEDIAN_TOKEN_BUDGET


def test_every_section_has_a_unique_stable_anchor(index):
    seen = set()
    for section in index.toc():
        key = f"{section.file}#{section.anchor}"
        assert key not in seen, f"duplicate heading anchor {key}"
        seen.add(key)
        assert section.anchor == slugify(section.heading)


def test_tokenizer_splits_api_names():
    assert {"fast", "dev", "run", "fast_dev_run"} <= set(tokenize("fast_dev_run"))
    assert {"model", "checkpoint"} <= set(tokenize("ModelCheckpoint"))
    assert tokenize("stopping") == tokenize("stop")
    assert tokenize("the of and") == []


def test_headings_inside_code_fences_are_not_sections(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n## Real\n\ntext\n\n```bash\n# not a heading\n```\n")
    assert [s.heading for s in parse_sections(page)] == ["Title", "Real"]


def test_slugify_is_github_style():
    assert slugify("self.log called twice with different arguments") == (
        "selflog-called-twice-with-different-arguments"
    )
    assert slugify("predict_step receives (x, y)") == "predict_step-receives-x-y"
    assert slugify("Loggers: CSV, TensorBoard, W&B") == "loggers-csv-tensorboard-wb"


def test_cli_text_answer(capsys):
    assert main(["lookup", "resume", "training", "from", "a", "checkpoint"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[best-practices.md > Checkpointing and resuming]")
    assert "see also:" in out
    assert "<!--" not in out  # execution markers are not part of answers


def test_cli_json_and_k(capsys):
    assert main(["lookup", "--json", "-k", "2", "early stopping patience"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert first["anchor"] == "earlystopping"
    assert {"file", "heading", "path", "anchor", "tokens", "text", "score"} <= set(first)


def test_cli_list(capsys):
    assert main(["lookup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "troubleshooting.md#loss-is-nan" in out
    assert main(["lookup", "--list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert {"file", "heading", "anchor"} <= set(entries[0])


def test_cli_usage_errors(capsys):
    assert main(["lookup"]) == 2
    assert "query" in capsys.readouterr().err
    assert main(["lookup", "-k", "0", "ddp"]) == 2
    assert "-k" in capsys.readouterr().err


def test_cli_no_match_exits_1(capsys):
    assert main(["lookup", "zzzzqqqq"]) == 1
    assert "--list" in capsys.readouterr().out


def test_lookup_does_not_import_torch():
    code = (
        "import sys; from lightning_skill.cli import main; main(['lookup', 'ddp']); "
        "assert 'torch' not in sys.modules and 'lightning' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
