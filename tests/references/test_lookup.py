"""`lightning-skill lookup`: questions in users' words find their sections, off-topic questions
get "no good match", answers stay small, the CLI works.

Question sets: ``QUERIES``, ``DEV_QUERIES`` and ``DEV_QUERIES_7`` below plus
``lookup_heldout.HELD_OUT`` to ``HELD_OUT_11`` are the tuning part (the ``<!-- lookup: ... -->``
synonym lines, ``SYNONYMS`` and the constants in lightning_skill/lookup.py were chosen looking at
them; each held-out set joined tuning after its one evaluation: 87.5%, 84.4%, 75.8%, 56.8%,
56.1%, 70.8%, 74.0%, 87.0%, 79.0%, 86.2%, 87.9%, see lookup_heldout.py). HELD_OUT_10 and
HELD_OUT_11 were read in the sixth and seventh rounds (2026-11-30): tuning data now, each with
its own floor. The blind set ``lookup_heldout.HELD_OUT_12``, written by someone who could not see
the matcher and scored once by the lead after the seventh round (90.3%, 121/134), is the held-out
part.
Each pairs a question with the section (``file#anchor``, or a tuple of acceptable ones) that
must be the top answer. Thresholds: tuning >= 95% on topic (96.9% measured over 838 questions,
HELD_OUT_11 and DEV_QUERIES_7 included), HELD_OUT_10 >= 93% and HELD_OUT_11 >= 94% (in-sample
since their misses were read), the blind set >= ``BLIND_FLOOR`` (set by the lead at its one
scoring, less a question of slack) and the issue's target, 90%, on it; median answer <= 600
tokens (chars / 4),
and every off-topic question answered with "no good match" (those answered at a held-out
evaluation are strict xfails).
``benchmarks/lookup_quality.py`` reports the same numbers into benchmarks/results/, with the
cross-validated estimate (tune on one half of the consumed sets, measure on the other)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

import lookup_heldout
import pytest
from lookup_heldout import (
    HELD_OUT,
    HELD_OUT_2,
    HELD_OUT_2_OFF_TOPIC,
    HELD_OUT_3,
    HELD_OUT_3_OFF_TOPIC,
    HELD_OUT_4,
    HELD_OUT_4_OFF_TOPIC,
    HELD_OUT_5,
    HELD_OUT_5_OFF_TOPIC,
    HELD_OUT_6,
    HELD_OUT_6_OFF_TOPIC,
    HELD_OUT_7,
    HELD_OUT_7_OFF_TOPIC,
    HELD_OUT_8,
    HELD_OUT_8_OFF_TOPIC,
    HELD_OUT_9,
    HELD_OUT_9_OFF_TOPIC,
    HELD_OUT_10,
    HELD_OUT_10_OFF_TOPIC,
    HELD_OUT_11,
    HELD_OUT_11_OFF_TOPIC,
    HELD_OUT_OFF_TOPIC,
)

from lightning_skill.cli import main
from lightning_skill.lookup import (
    PAGE_ALIASES,
    Index,
    clean_traceback,
    default_index,
    parse_sections,
    slugify,
    tokenize,
    tokens_estimate,
)

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
    ("use tensorboard or csv logger", "logging.md#loggers-csv-tensorboard-wb"),
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
    ("export to onnx or torchscript", "advanced.md#export-to-onnx-torchscript-is-deprecated"),
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
    # Added with issue 15 (new references, users' words); tuning part: synonyms were chosen
    # looking at these. The held-out part is lookup_heldout.py.
    (
        "multiple validation dataloaders dataloader_idx",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "log metrics separately for each validation set",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "CombinedLoader max_size_cycle min_size",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "return a dict of dataloaders from train_dataloader",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    ("use an IterableDataset with Lightning", "data-loading.md#iterabledataset-and-streaming-data"),
    (
        "webdataset shards, the length is unknown",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "UnpicklingError Weights only load failed",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "is it safe to load a checkpoint I downloaded",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    ("load_state_dict strict=False missing keys", "checkpoints.md#partial-and-non-strict-loading"),
    ("trainer.test with ckpt_path best", "checkpoints.md#validate-or-test-the-best-checkpoint"),
    (
        "which weights does trainer.validate use after fit",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    ("save_hyperparameters ignore argument", "checkpoints.md#save_hyperparameters-and-ignore"),
    (
        "warning attribute is an instance of nn.Module",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    ("checkpoint to google cloud storage with fsspec", "checkpoints.md#remote-filesystems-s3-gcs"),
    ("upgrade_checkpoint command", "checkpoints.md#upgrading-old-checkpoints"),
    ("what is inside a .ckpt file", "checkpoints.md#what-a-checkpoint-contains"),
    (
        "get a plain state_dict out of a lightning checkpoint",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    ("freeze the backbone requires_grad False", "fine-tuning.md#freezing-layers"),
    ("BackboneFinetuning callback", "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule"),
    (
        "fine-tune a pretrained model on my data",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "different learning rate for backbone and head",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "custom BaseFinetuning freeze_before_training",
        "fine-tuning.md#custom-unfreezing-with-basefinetuning",
    ),
    ("log an image to tensorboard add_image", "logging.md#logging-images-histograms-and-figures"),
    ("log a histogram of the weights", "logging.md#logging-images-histograms-and-figures"),
    ("plot a confusion matrix with matplotlib", "logging.md#logging-images-histograms-and-figures"),
    ("disable the progress bar", "logging.md#progress-bar-control"),
    ("tqdm refresh rate and remove v_num", "logging.md#progress-bar-control"),
    ("turn off the lightning info messages", "logging.md#console-output-and-python-logging"),
    ("print only on rank zero", "logging.md#console-output-and-python-logging"),
    ("suppress PossibleUserWarning", "logging.md#filtering-warnings"),
    ("ignore a specific lightning warning", "logging.md#filtering-warnings"),
    ("torch.compile a LightningModule", "performance.md#torchcompile"),
    ("training is slow, can compiling help", "performance.md#torchcompile"),
    ("mps accelerator on apple silicon", "performance.md#apple-silicon-mps"),
    ("trainer.init_module empty_init", "performance.md#large-models-trainerinit_module"),
    (
        "ModelParallelStrategy tensor parallel",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    ("bitsandbytes nf4 precision plugin", "performance.md#low-bit-precision-bitsandbytes-fp8"),
    ("transformer engine fp8 on H100", "performance.md#low-bit-precision-bitsandbytes-fp8"),
    ("dynamic quantization int8 after training", "performance.md#quantization-for-inference"),
    ("use Fabric instead of the Trainer", "fabric.md#fabric-your-own-training-loop"),
    ("difference between fabric and trainer", "fabric.md#fabric-or-the-trainer"),
    ("truncated bptt", "advanced.md#truncated-backpropagation-through-time-tbptt"),
    (
        "LSTM on very long sequences detach hidden state",
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    (
        "accumulate gradients in manual optimization",
        "advanced.md#gradient-accumulation-with-manual-optimization",
    ),
    (
        "val_check_interval bigger than the number of batches ValueError",
        "troubleshooting.md#val_check_interval-larger-than-the-epoch",
    ),
    ("validate every 30 minutes", "best-practices.md#trainer-configuration-and-defaults"),
    ("to_torchscript deprecated", "advanced.md#export-to-onnx-torchscript-is-deprecated"),
    (
        "predictions use too much memory in trainer.predict",
        "callbacks.md#write-predictions-to-disk",
    ),
]

# Added by the "lookup" helper (2026-11-30, after HELD_OUT_6 was committed): the sections no
# question reached before (the validate checks and report, the JSON schemas, the project CLI's
# tuner, ...). Tuning part. Sections whose HELD_OUT_6 question missed at its first evaluation are
# left out here on purpose, so that no tuning question stands in for a held-out one.
DEV_QUERIES = [
    (
        "what does the predict-from-checkpoint check compare",
        "validate-checks.md#predict-from-checkpoint",
    ),
    (
        "PredictionsDiffer after reloading the checkpoint in a fresh process",
        "validate-checks.md#predict-from-checkpoint",
    ),
    ("validate export check fails with ExportMismatch Guard failed", "validate-checks.md#export"),
    ("my preset yaml fails with PresetIncompatible", "validate-checks.md#presets"),
    ("CLIFailed when validate runs python -m on my package", "validate-checks.md#cli"),
    ("why was the gpu check skipped", "validate-checks.md#gpu"),
    ("LintErrors makes the validate run fail", "validate-checks.md#lint"),
    ("NoBestCheckpoint from the rehearse check", "validate-checks.md#rehearse"),
    ("what does the rehearse check run", "validate-checks.md#rehearse"),
    ("UnpicklableModule self.fn in the ddp check", "validate-checks.md#ddp"),
    ("HparamsNotSaved failure in the checkpoint check", "validate-checks.md#checkpoint"),
    (
        "the smoke check of validate failed with my file and line",
        "validate-checks.md#fit-validate-test-predict",
    ),
    ("in which order does validate run its checks", "validate-checks.md#checks"),
    ("validate reports Stuck in train at batch 0", "validate-report.md#stuck-steps"),
    ("--stuck-after for a slow predict_step", "validate-report.md#stuck-steps"),
    ("WorkerCrashed with a segfault during validate", "validate-report.md#crashes"),
    ("--memory-mb limit for the validate checks", "validate-report.md#memory-cap"),
    (
        "validate is slow because every check imports torch again",
        "validate-report.md#warm-pool",
    ),
    ("does validate write files into my project folder", "validate-report.md#sandbox"),
    ("schema of the new --json output", "schemas.md#new---json"),
    ("fields in catalog --json", "schemas.md#catalog---json"),
    ("what does doctor --json print", "schemas.md#doctor---json"),
    ("lint --json output with --fix", "schemas.md#lint---json"),
    ("update --json conflicts field", "schemas.md#update---json"),
    ("package --json bytes and files", "schemas.md#package---json"),
    ("json of validate with several targets", "schemas.md#validate---json"),
    ("list of the built-in callbacks", "callbacks.md#built-in-callbacks"),
    (
        "enable_model_summary=False removes the default summary callback",
        "callbacks.md#default-callbacks",
    ),
    ("configure_callbacks in the LightningModule", "callbacks.md#callbacks-defined-by-the-module"),
    (
        "run lr_find from my generated project's command line",
        "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
    ),
    (
        "scale_batch_size binsearch with the project's tune command",
        "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
    ),
    ("scale_batch_size power mode", "advanced.md#batch-size-finder"),
    ("common mistakes to avoid in a LightningModule", "troubleshooting.md#anti-patterns"),
]

# Seventh round (lookup16, 2026-11-30): the sections written for topics users asked about and no
# section answered (a model that does not learn, DataLoader workers and spawn, custom batch types,
# MLflow, Hydra, MC dropout). Written with the sections, so tuning data from the start.
DEV_QUERIES_7 = [
    (
        "my model is not learning, the loss stays around 2.3 from the first epoch",
        "troubleshooting.md#loss-does-not-decrease",
    ),
    (
        "training loss does not decrease at all, what should I check",
        "troubleshooting.md#loss-does-not-decrease",
    ),
    (
        "how many num_workers should my DataLoader use",
        "data-loading.md#worker-processes-pin_memory-spawn-on-windows-and-macos",
    ),
    (
        "pin_memory and persistent_workers, do they help",
        "data-loading.md#worker-processes-pin_memory-spawn-on-windows-and-macos",
    ),
    (
        "on windows training with num_workers=4 fails with a bootstrapping phase RuntimeError",
        "data-loading.md#worker-processes-pin_memory-spawn-on-windows-and-macos",
    ),
    (
        "macOS dataloader workers cannot find my dataset class defined in the notebook",
        "data-loading.md#worker-processes-pin_memory-spawn-on-windows-and-macos",
    ),
    (
        "my batch is a custom class and it is not moved to the gpu",
        "data-loading.md#custom-batch-types-on-the-device",
    ),
    (
        "override transfer_batch_to_device for a graph batch",
        "data-loading.md#custom-batch-types-on-the-device",
    ),
    ("log to mlflow with a tracking server", "logging.md#loggers-csv-tensorboard-wb"),
    (
        "MLFlowLogger filesystem tracking backend is in maintenance mode",
        "logging.md#loggers-csv-tensorboard-wb",
    ),
    ("use hydra to configure the trainer and model", "experiments.md#hydra-configs"),
    (
        "hydra outputs folder with ddp, each rank makes its own directory",
        "experiments.md#hydra-configs",
    ),
    (
        "monte carlo dropout at inference for uncertainty",
        "prediction.md#mc-dropout-dropout-on-at-predict-time",
    ),
    (
        "keep dropout on when calling trainer.predict",
        "prediction.md#mc-dropout-dropout-on-at-predict-time",
    ),
]

DEV_OFF_TOPIC = [
    "tf.summary writer for tensorflow",
    "how to train a dog to sit",
    "pyspark window function rank",
    "airflow dag schedule interval",
    "vim search and replace across files",
    "opencv resize an image keeping the aspect ratio",
    "excel pivot table with two columns",
]

# Off-topic questions for tuning the "no good match" threshold (held-out ones: lookup_heldout.py).
OFF_TOPIC = [
    "keras callbacks EarlyStopping in tf.keras",
    "how do I use flax nnx with optax",
    "chocolate cake recipe without eggs",
    "pandas groupby aggregate several columns",
    "react useEffect cleanup function",
    "what is the capital of france",
    "tensorflow distribute MirroredStrategy",
    "vegetable soup in a pressure cooker",
]

MEDIAN_TOKEN_BUDGET = 600
# 98.2% measured over 511 questions (HELD_OUT_8 included) after the fifth round (94.3% before);
# HELD_OUT_9 and HELD_OUT_10 joined without per-question lookup lines for their misses (the sixth
# round changed only general mechanisms), so the figure is lower: 96.0% over 708. Seventh round
# (HELD_OUT_11 and DEV_QUERIES_7 joined, users' words for the misses of HELD_OUT_10 and 11):
# 96.9% over 838. The floor leaves a few questions of slack for other branches' prose edits.
TUNING_MIN_ON_TOPIC = 0.95
HELD_OUT_MIN_ON_TOPIC = 0.90


@pytest.fixture(scope="module")
def index() -> Index:
    return default_index()


def _top(index: Index, query: str) -> str:
    answer = index.answer(query)
    if not answer.matched:
        return f"no good match ({answer.reason})"
    section = answer.hits[0][1]
    return f"{section.file}#{section.anchor}"


def _acceptable(expected: str | tuple[str, ...]) -> tuple[str, ...]:
    """An expected answer is one ``file#anchor`` or a tuple of acceptable ones."""
    return (expected,) if isinstance(expected, str) else expected


def _on_topic_rate(index: Index, pairs) -> tuple[float, list[str]]:
    misses = []
    for query, expected in pairs:
        got = _top(index, query)
        if got not in _acceptable(expected):
            misses.append(f"{query!r} -> {got}, expected {expected}")
    return 1 - len(misses) / len(pairs), misses


TUNING = (
    QUERIES
    + DEV_QUERIES
    + DEV_QUERIES_7
    + HELD_OUT
    + HELD_OUT_2
    + HELD_OUT_3
    + HELD_OUT_4
    + HELD_OUT_5
    + HELD_OUT_6
    + HELD_OUT_7
    + HELD_OUT_8
    + HELD_OUT_9
    + HELD_OUT_10
    + HELD_OUT_11
)
# The blind set (questions, off-topic questions), once the lead adds it to lookup_heldout.py.
BLIND = getattr(lookup_heldout, "HELD_OUT_12", None)
BLIND_OFF_TOPIC = getattr(lookup_heldout, "HELD_OUT_12_OFF_TOPIC", [])
_NO_BLIND = "no blind set yet: the lead adds HELD_OUT_12 to lookup_heldout.py and scores it once"
ALL_OFF_TOPIC = (
    OFF_TOPIC
    + DEV_OFF_TOPIC
    + HELD_OUT_OFF_TOPIC
    + HELD_OUT_2_OFF_TOPIC
    + HELD_OUT_3_OFF_TOPIC
    + HELD_OUT_4_OFF_TOPIC
    + HELD_OUT_5_OFF_TOPIC
    + HELD_OUT_6_OFF_TOPIC
    + HELD_OUT_7_OFF_TOPIC
    + HELD_OUT_8_OFF_TOPIC
    + HELD_OUT_9_OFF_TOPIC
    + HELD_OUT_10_OFF_TOPIC
    + HELD_OUT_11_OFF_TOPIC
    + BLIND_OFF_TOPIC
)


def test_question_sets_are_large_enough():
    questions = [q for q, _ in TUNING + (BLIND or [])] + ALL_OFF_TOPIC
    assert len(questions) >= 100 and len(TUNING) >= 60
    assert len(HELD_OUT_10) >= 50 and len(HELD_OUT_10_OFF_TOPIC) >= 10
    assert len(HELD_OUT_11) >= 50 and len(HELD_OUT_11_OFF_TOPIC) >= 10
    if BLIND is not None:
        assert len(BLIND) >= 50 and len(BLIND_OFF_TOPIC) >= 10
    assert len(set(questions)) == len(questions), "a question appears twice"


def test_expected_sections_exist(index):
    anchors = {f"{s.file}#{s.anchor}" for s in index.toc()}
    # distributed.md is being rewritten on another branch: its anchors may move, and the held-out
    # sets name some of that branch's anchors as alternatives. Every entry needs one that exists.
    missing = [
        e
        for _, e in TUNING + (BLIND or [])
        if not set(_acceptable(e)) & anchors and "distributed" not in str(e)
    ]
    assert not missing, missing


def test_tuning_questions_find_their_sections(index):
    rate, misses = _on_topic_rate(index, TUNING)
    print(f"\nlookup tuning set: {rate:.1%} on topic over {len(TUNING)}; misses: {misses}")
    assert rate >= TUNING_MIN_ON_TOPIC, "\n".join(misses)


# HELD_OUT_6 (65 questions, every reference page) scored 76.9% against the matcher it was written
# for and 70.8% after the first round of tuning (tuning part 91.2% -> 93.3%): four vague
# paraphrases fell below the stricter "no good match" threshold. It then joined tuning.
# HELD_OUT_7 (73 questions, every page) scored 74.0% (54/73) against the matcher it was written
# for (commit ea10300) and 74.0% again after the second round (tuning part, HELD_OUT_6 included,
# 89.5% -> 90.6%), then joined tuning. HELD_OUT_8 (46 questions, every page; more of them name an
# API than the earlier sets) scored 87.0% (40/46) against the matcher it was written for (commit
# 82c4842) and 87.0% again after the third round (lookup lines, Lightning's class names count as
# naming Lightning; tuning part 88.0% -> 89.5%), then joined tuning. HELD_OUT_9 (81 questions,
# every page, committed in 80cdc3a before the fourth round) scored 79.0% (64/81) after that round
# (tuning part 89.2% -> 94.5%; the matcher of 80cdc3a scores it 76.5%), 78.3% without its 21
# near-copies of tuning questions, and refused all 10 of its off-topic questions. The fifth round
# (a second-stage rerank whose constants were chosen on the tuning questions and HELD_OUT to
# HELD_OUT_5 and checked on HELD_OUT_6 to HELD_OUT_9, plus lookup lines written after its misses
# were seen) takes it to 93.8% (76/81): no longer a held-out figure; it joined tuning.
# HELD_OUT_10 (116 questions and 12 off-topic, every page; written blind in dbd048c by a helper
# who never ran the search, several acceptable sections chosen by reading the references) was
# scored once, after the fifth round: 86.2% (100/116; 85.5% without its 6 near-copies of earlier
# questions), 12/12 off-topic refused, median answer 284 tokens. The matcher and references of
# ee2085e (before the fifth round) score it 86.2% as well: the rerank and lookup lines raised
# the sets they were written on, not a new one. The floor is the measured figure.
# Sixth round (2026-11-30, lookup15): HELD_OUT_10's misses were analysed and it joined tuning;
# the changes kept are general ones (British/American spellings as one word, differ/different/
# difference as one word, release numbers as the word "version", typo tolerance, tracebacks
# without frames), each kept only if it did not lower the cross-validated figures
# (benchmarks/lookup_quality.py): 88.8% (103/116) now.
# Seventh round (lookup16): users' words for the sections its misses lacked vocabulary for take it
# to 94.8% (110/116), in-sample. The floor keeps two questions of slack for prose edits.
HELD_OUT_10_FLOOR = 0.93


def test_held_out_10_does_not_regress(index):
    """The last blind set, tuning data since its misses were read: never below what it scored."""
    rate, misses = _on_topic_rate(index, HELD_OUT_10)
    print(f"\nlookup HELD_OUT_10: {rate:.1%} on topic over {len(HELD_OUT_10)}; misses: {misses}")
    assert rate >= HELD_OUT_10_FLOOR, "\n".join(misses)


# HELD_OUT_11 (blind, see lookup_heldout.py) was scored once after the sixth round: 87.9%
# (102/116); the matcher before that round scored it 87.1%. Its misses were read in the seventh
# round (lookup16: 6 ranking between neighbouring sections that share most words, 5 vocabulary
# the right section lacked, 2 labels a neighbouring section answers too, 1 the rerank's credit
# for a common API name; no topic uncovered); users' words for the vocabulary gaps take it to
# 96.6% (112/116), in-sample. The floor keeps two questions of slack for prose edits.
HELD_OUT_11_FLOOR = 0.94


def test_held_out_11_does_not_regress(index):
    rate, misses = _on_topic_rate(index, HELD_OUT_11)
    print(f"\nlookup HELD_OUT_11: {rate:.1%} on topic over {len(HELD_OUT_11)}; misses: {misses}")
    assert rate >= HELD_OUT_11_FLOOR, "\n".join(misses)


# HELD_OUT_12, the blind set, scored once after the seventh round: 90.3% (121/134); the matcher
# before the round 88.8% on the same 134 (HELD_OUT_11 scored 87.9%, HELD_OUT_10 86.2% at theirs).
# The floor keeps a question of slack for the references' prose edits.
BLIND_FLOOR = 0.89


@pytest.mark.skipif(BLIND is None, reason=_NO_BLIND)
def test_blind_questions_do_not_regress(index):
    rate, misses = _on_topic_rate(index, BLIND)
    print(f"\nlookup blind set: {rate:.1%} on topic over {len(BLIND)}; misses: {misses}")
    assert rate >= BLIND_FLOOR, "\n".join(misses)


@pytest.mark.skipif(BLIND is None, reason=_NO_BLIND)
def test_blind_questions_meet_the_target(index):
    """Issue 15: the top answer is on topic for >= 90% of questions the matching never saw."""
    rate, misses = _on_topic_rate(index, BLIND)
    assert rate >= HELD_OUT_MIN_ON_TOPIC, "\n".join(misses)


# Off-topic questions answered at the held-out evaluations (HELD_OUT_6: 6/8 refused, HELD_OUT_7:
# 9/10, HELD_OUT_8: 8/10, HELD_OUT_9: 10/10, HELD_OUT_10: 12/12, HELD_OUT_11: 10/12,
# HELD_OUT_12: 11/12): they name tools or words the
# references use (Optuna, Hugging Face) and ask about something else. Known misses; strict, so a
# fix shows.
# ("pandas plot a histogram of a column" is refused since pandas counts as another framework.)
OFF_TOPIC_MISSES = {
    # HELD_OUT_11: 10/12 refused; another library's gradient accumulation (refused since Hugging
    # Face's libraries count as another framework, as is HELD_OUT_12's one miss, an accelerate
    # launcher question), and a notebook's merge.
    "git merge conflict in a jupyter notebook, how to resolve",
    "how does optuna's TPE sampler choose the next point",
    "huggingface datasets map with multiprocessing num_proc",
    "how does optuna's hyperband pruner allocate resources",
    "optuna dashboard install",
}


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            q,
            marks=pytest.mark.xfail(strict=True, reason="answered at a held-out evaluation"),
        )
        if q in OFF_TOPIC_MISSES
        else q
        for q in ALL_OFF_TOPIC
    ],
)
def test_off_topic_questions_get_no_good_match(index, query):
    answer = index.answer(query)
    assert not answer.matched, f"{query!r} -> {answer.hits[0][1].path}"
    assert len(answer.closest) <= 2


def test_hugging_face_trainer_questions_are_theirs_unless_they_name_lightning(index):
    """Hugging Face's Trainer is not Lightning's: naming one of their training libraries makes a
    question theirs, unless it names Lightning itself."""
    theirs = "huggingface transformers Trainer resume_from_checkpoint does not restore the lr"
    assert index.answer(theirs).reason == "the question is about Hugging Face transformers"
    for ours in (
        "fine-tune a huggingface transformers model with lightning",
        "huggingface streaming dataset with the Trainer and max_steps",
    ):
        assert index.answer(ours).matched, ours


def test_median_answer_fits_the_budget(index):
    for name, pairs in (("tuning", TUNING), ("blind", BLIND or [])):
        if not pairs:
            continue
        sizes = [a.hits[0][1].tokens for q, _ in pairs if (a := index.answer(q)).matched]
        median = statistics.median(sizes)
        print(f"\nlookup {name}: median answer {median} tokens, max {max(sizes)}")
        assert median <= MEDIAN_TOKEN_BUDGET


def test_long_sections_are_cut_at_a_paragraph_with_a_pointer(tmp_path):
    from lightning_skill.lookup import MAX_ANSWER_TOKENS

    para = "word " * 200  # 250 tokens a paragraph
    code = "```python\n" + "x = 1\n" * 200 + "```\n"  # a code block is never cut in two
    page = tmp_path / "page.md"
    page.write_text(f"# T\n\n## Long\n\n{para}\n\n{para}\n\n{code}\n{para}\n\n## Short\n\nshort\n")
    long, short = parse_sections(page)[1:]
    assert long.tokens <= MAX_ANSWER_TOKENS + 40 < tokens_estimate(long.body)
    assert long.text.endswith("[... cut at 700 tokens; the rest: references/page.md#long]")
    assert long.text.count("```") % 2 == 0 and "x = 1" not in long.text
    assert short.text == short.body.strip()
    assert long.to_dict()["text"] == long.text


def test_aliases_are_parsed_and_hidden(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n## Progress bar control\n<!-- lookup: hide the bar, tqdm -->\n\ntext\n"
        "\n## Other\n\nunrelated words\n"
    )
    sections = parse_sections(page)
    assert sections[1].aliases == ("hide the bar", "tqdm")
    assert sections[2].aliases == ()
    assert "lookup:" not in sections[1].render()
    index = Index(sections)
    assert index.search("tqdm")[0][1].heading == "Progress bar control"


def test_every_reference_file_is_indexed(index):
    from lightning_skill.resources import references_dir

    files = {p.name for p in references_dir().glob("*.md")}
    assert files == {s.file for s in index.toc()}


def test_other_framework_questions_are_off_topic_unless_lightning_is_named(index):
    assert not index.answer("keras model checkpoint callback").matched
    assert index.answer("convert keras training loop to pytorch lightning").matched


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
    assert tokenize("stopping")[0] == tokenize("stop")[0] == "stop"
    assert "=stopping" in tokenize("stopping")  # the exact form, for ranking
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
    entries = json.loads(capsys.readouterr().out)["sections"]
    assert {"file", "heading", "anchor"} <= set(entries[0])


def test_cli_usage_errors(capsys):
    assert main(["lookup"]) == 2
    assert "query" in capsys.readouterr().err
    assert main(["lookup", "-k", "0", "ddp"]) == 2
    assert "-k" in capsys.readouterr().err


def test_cli_no_match_exits_1(capsys):
    assert main(["lookup", "zzzzqqqq"]) == 1
    assert "--list" in capsys.readouterr().out


def test_cli_weak_match_names_the_closest_headings(capsys):
    assert main(["lookup", "how", "to", "bake", "bread", "in", "a", "steam", "oven"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("no good match for")
    closest = out.splitlines()[1]
    assert closest.startswith("closest headings: ") and closest.count("references/") <= 2
    assert main(["lookup", "--json", "chocolate cake recipe"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["match"] is False and data["results"] == [] and len(data["closest"]) <= 2


def test_lookup_does_not_import_torch():
    code = (
        "import sys; from lightning_skill.cli import main; main(['lookup', 'ddp']); "
        "assert 'torch' not in sys.modules and 'lightning' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_generic_exception_names_are_one_word():
    # Their parts ("runtime", "not implemented") pulled pasted tracebacks towards sections about
    # something else ("train_dataloader must be implemented").
    assert tokenize("RuntimeError") == tokenize("NotImplementedError") == ["error"]
    assert "unpickl" in tokenize("UnpicklingError")  # a specific one still says what it is about
    assert tokenize("the log says nothing was given") == tokenize("the log nothing was")


def test_pandas_questions_are_off_topic(index):
    assert not index.answer("pandas merge two dataframes on a key").matched


def test_page_aliases_name_existing_sections(index):
    # A renamed heading would silently drop its users' words.
    anchors = {f"{s.file}#{s.anchor}": s for s in index.toc()}
    assert set(PAGE_ALIASES) <= set(anchors), set(PAGE_ALIASES) - set(anchors)
    hooks = anchors["migration.md#hooks"]
    assert set(PAGE_ALIASES["migration.md#hooks"]) <= set(hooks.aliases)
    assert "training_epoch_end removed" not in hooks.render()  # users' words, not answer text


def test_rerank_prefers_the_section_about_the_whole_question(tmp_path, monkeypatch):
    # BM25F alone answers "loss becomes nan" with the section that says "loss becomes" (a rarer
    # pair) over the one whose heading names the loss and NaN; the second stage, which weighs
    # how much of the question a section covers and its heading names, reorders them.
    import lightning_skill.lookup as lookup

    page = tmp_path / "page.md"
    page.write_text(
        "# T\n\n## Loss is NaN\n\nA NaN loss comes from a too high learning rate; NaN or inf.\n\n"
        "## Several loaders\n\nWith two loaders the logged loss becomes an average of the two.\n\n"
        "## Precision\n\nfp16 overflows to nan; bf16 does not.\n\n"
        "## Clipping\n\nclip gradients before they reach nan.\n\n"
        "## Other\n\na model becomes slow when it grows\n"
    )
    query = "loss becomes nan"
    assert Index(parse_sections(page)).search(query)[0][1].heading == "Loss is NaN"
    monkeypatch.setattr(lookup, "RERANK_TOP", 0)
    assert Index(parse_sections(page)).search(query)[0][1].heading == "Several loaders"


def test_rerank_keeps_the_no_good_match_decision(index):
    # The second stage orders sections; whether there is a match is BM25F's decision, so an
    # off-topic question whose words a reranked section's heading names is still refused.
    assert not index.answer("bash loop over files with spaces in their names").matched


def test_ci_services_are_one_word():
    assert tokenize("github") == tokenize("gitlab") == tokenize("ci")


def test_british_spellings_and_typos_match(index):
    # Both sides are stemmed alike, so the two spellings are one word (and "install" is still
    # "installed"); a typo one substitution or transposition away reads as the known word.
    assert tokenize("labelled")[0] == tokenize("labeled")[0]
    assert tokenize("optimise the behaviour")[::2] == tokenize("optimize the behavior")[::2]
    assert tokenize("install")[0] == tokenize("installed")[0]
    assert tokenize("different")[0] == tokenize("difference")[0] == tokenize("differ")[0]
    assert tokenize("saved with 1.6, loaded in 2.x") == tokenize(
        "saved with version, loaded in v2.1.0"
    )
    assert "version" not in tokenize("gradient_clip_val=0.5 lr 0.001")  # floats stay numbers
    assert index._tokenize("checkpiont") == index._tokenize("checkpoint")
    assert index._tokenize("chekpoint") == ["chekpoint"]  # a deletion is not read as a typo
    assert index._tokenize("vlookup") == ["vlookup"]  # nor an insertion (an Excel question)
    ok = index.answer("how to resume training from a checkpiont")
    assert ok.matched and ok.hits[0][1].anchor == "checkpointing-and-resuming"


TRACEBACK = """Traceback (most recent call last):
  File "/home/me/proj/train.py", line 41, in <module>
    trainer.fit(model, dm)
  File "/home/me/.venv/lib/python3.11/site-packages/lightning/pytorch/trainer/trainer.py", line 561
    call._call_and_handle_interrupt(
  File "/home/me/.venv/lib/python3.11/site-packages/torch/nn/functional.py", line 3494, in linear
    return torch._C._nn.linear(
RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x784 and 512x10)"""


def test_pasted_tracebacks_are_answered_by_their_last_line(index):
    # The frames (paths, Lightning's own trainer.py and call.py) outweighed the message: the whole
    # paste got "no good match" before clean_traceback.
    assert clean_traceback(TRACEBACK).split() == clean_traceback(TRACEBACK.splitlines()[-1]).split()
    assert _top(index, TRACEBACK) == "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied"
    pasted = "_pickle.UnpicklingError: Weights only load failed"
    assert clean_traceback(pasted) == "UnpicklingError: Weights only load failed"
    assert clean_traceback("save to /tmp/x.ckpt") == "save to /tmp/x.ckpt"  # not a traceback
