"""text-classification: every source scaffolds, lints, validates, passes its own tests, learns."""

from __future__ import annotations

import csv
import math

import pytest
from task_harness import ProjectChecks, fit_runs, import_module, scaffold

TASK = "text-classification"
TOPICS = {
    "sport": "goal match team score player win league ball",
    "cooking": "oven recipe salt flour bake stir onion pan",
    "space": "orbit rocket planet star moon launch galaxy comet",
}


def sentence(topic: str, i: int) -> str:
    words = TOPICS[topic].split()
    return f"Today, the {words[i % 8]} and the {words[(i * 3) % 8]} were {words[(i + 5) % 8]}!"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, warm_pool):
    """One project per source; text and csv read small files written here."""
    root = tmp_path_factory.mktemp("text_classification")
    folder = root / "corpus"
    for split, count in (("train", 12), ("val", 3)):
        for topic in TOPICS:
            (folder / split / topic).mkdir(parents=True)
            for i in range(count):
                text = sentence(topic, i + (100 if split == "val" else 0))
                (folder / split / topic / f"{i}.txt").write_text(text, encoding="utf-8")
    table = root / "reviews.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label"])
        for i in range(30):
            topic = list(TOPICS)[i % 3]
            # Commas, quotes and a newline inside a field: the csv module must handle them.
            writer.writerow([i, f'{sentence(topic, i)}, "quoted"\nsecond line', topic])
    projects = {
        "synthetic": scaffold(root / "tc_synthetic", TASK),
        "text": scaffold(root / "tc_text", TASK, "text", folder),
        "csv": scaffold(root / "tc_csv", TASK, "csv", table),
    }
    yield from fit_runs(projects, warm_pool, TestProjects, root / "fit", epochs=3, samples=640)


class TestProjects(ProjectChecks):
    projects = ("synthetic", "text", "csv")
    full_checks = ("synthetic",)


def test_text_folder_and_csv_are_read_with_their_labels_and_vocabulary(runs):
    folder = import_module(runs.projects["text"], "data")
    data = folder.TextDataModule(
        data_dir=str(runs.projects["text"].parent / "corpus"), num_workers=0
    )
    assert data.classes == sorted(TOPICS) and data.num_classes == 3
    # val/ is a folder; with no test/ folder, test_fraction of train/ is held out for testing.
    assert len(data.splits["val"]) == 9 and len(data.splits["test"]) == 3
    # A partition of train/'s 36 files (the sentences themselves may repeat across files).
    assert len(data.splits["train"]) + len(data.splits["test"]) == 36
    assert {"goal", "oven", "orbit"} <= set(data.vocab.tokens)

    table = import_module(runs.projects["csv"], "data")
    data = table.TextDataModule(
        data_dir=str(runs.projects["csv"].parent / "reviews.csv"), tokenizer="char", num_workers=0
    )
    assert data.classes == sorted(TOPICS)
    splits = [data.splits[name] for name in ("train", "val", "test")]
    # A partition of the 30 rows: test never reuses validation rows.
    assert sum(map(len, splits)) == 30 and all(splits) and splits[2] is not splits[1]
    assert "\n" in data.vocab.tokens and '"' in data.vocab.tokens  # characters, quotes kept
    data.setup("fit")
    tokens, labels = next(iter(data.train_dataloader()))
    assert tokens.shape[1] <= data.max_length and int(tokens.max()) < data.vocab_size
    assert labels.dtype.is_floating_point is False

    with pytest.raises(ValueError, match="no column"):
        table.TextDataModule(
            data_dir=str(runs.projects["csv"].parent / "reviews.csv"), text_column="x"
        )


def test_a_short_fit_learns_the_synthetic_signal(runs):
    rows = runs.result("fit")
    val = [(float(r["val_acc"]), float(r["val_loss"])) for r in rows if r.get("val_acc")]
    assert len(val) == 3
    (acc, loss) = val[-1]
    # 4 classes: chance is 25% accuracy and a loss of ln 4 = 1.39.
    assert acc >= 0.8, val
    assert loss < 0.5 * math.log(4), val


def test_train_loss_is_logged_on_every_step_the_logger_writes_and_no_other(runs):
    rows = runs.result("fit")  # log_every_n_steps: 10 (configs/default.yaml)
    last = max(int(r["step"]) for r in rows)
    logged = [int(r["step"]) for r in rows if r.get("train_loss")]
    assert logged == list(range(9, last + 1, 10)), logged


def test_is_logging_step_without_a_trainer_or_with_logging_off(runs):
    import lightning as L

    model = import_module(runs.projects["synthetic"], "model")
    module = model.TextClassifier()
    assert model.is_logging_step(module)  # no Trainer attached: training_step called by hand
    for every, expected in ((0, True), (1, True), (10, False)):  # at global_step 0
        module.trainer = L.Trainer(
            log_every_n_steps=every,
            logger=False,
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
        )
        # 0 (the logger writes no steps) must not divide by zero; the bar still shows the loss.
        assert model.is_logging_step(module) is expected, every
