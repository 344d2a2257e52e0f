"""Held-out lookup questions: the matching is NOT tuned on these.

Written on 2026-11-30 (02:15 UTC) before any synonym or threshold was chosen, and committed
before tuning began (see ``git log -- tests/references/lookup_heldout.py``). Do not edit a
question or its expected section to make it pass; add new questions to ``QUERIES`` (the tuning
part in test_lookup.py) instead. Expected sections are ``file#anchor``; distributed.md,
migration.md and validate-report.md are left out because other branches rewrite them.
"""

HELD_OUT = [
    (
        "my validation metrics from two val loaders get mixed up, how do I tell which loader a "
        "batch came from",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "train on two datasets at the same time with different batch sizes",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "streaming dataset with no length, when does validation happen",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "torch.load complains about weights_only when loading my ckpt",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "load a checkpoint into a model whose head has a different number of classes",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "run the test set on the best checkpoint after training",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "save_hyperparameters is storing my whole backbone network in the checkpoint",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    ("save checkpoints directly to an s3 bucket", "checkpoints.md#remote-filesystems-s3-gcs"),
    (
        "checkpoint made with an older lightning version won't load",
        "checkpoints.md#upgrading-old-checkpoints",
    ),
    (
        "keep the pretrained encoder frozen and only train the classifier head",
        "fine-tuning.md#freezing-layers",
    ),
    (
        "gradually unfreeze the backbone after a few epochs",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "use a torchvision resnet pretrained on imagenet for my own classes",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "show sample images in tensorboard during validation",
        "logging.md#logging-images-histograms-and-figures",
    ),
    ("hide the progress bar in my CI logs", "logging.md#progress-bar-control"),
    (
        "too many info messages printed at the start of training, GPU available TPU available",
        "logging.md#console-output-and-python-logging",
    ),
    ("silence the num_workers bottleneck warning", "logging.md#filtering-warnings"),
    ("speed up my model with torch.compile", "performance.md#torchcompile"),
    ("train on my macbook M2 gpu", "performance.md#apple-silicon-mps"),
    (
        "instantiate a huge model directly on the gpu in bf16 without materializing it on cpu",
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "shard the linear layers across gpus tensor parallel",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    (
        "train a model with 4-bit or 8-bit weights",
        "performance.md#low-bit-precision-bitsandbytes-fp8",
    ),
    (
        "make the model smaller and faster on CPU for deployment int8",
        "performance.md#quantization-for-inference",
    ),
    (
        "I want to write my own training loop but still get multi-GPU and mixed precision",
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "split a long sequence into chunks and backprop through each chunk for my RNN",
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    (
        "accumulate gradients over several batches with automatic_optimization False",
        "advanced.md#gradient-accumulation-with-manual-optimization",
    ),
    (
        "validation runs 5 times per epoch instead of 4 with val_check_interval 0.25",
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "ValueError val_check_interval must be less than or equal to the number of the training "
        "batches",
        "troubleshooting.md#val_check_interval-larger-than-the-epoch",
    ),
    ("nan loss after a few hundred steps", "troubleshooting.md#loss-is-nan"),
    ("my GPU runs out of memory with big batches", "troubleshooting.md#cuda-out-of-memory"),
    (
        "the trainer keeps going forever and never finishes",
        "troubleshooting.md#training-runs-1000-epochs",
    ),
    ("save the model every 1000 steps", "callbacks.md#modelcheckpoint"),
    ("stop when validation accuracy plateaus", "callbacks.md#earlystopping"),
    (
        "save predictions to files instead of keeping them in RAM",
        "callbacks.md#write-predictions-to-disk",
    ),
    (
        "deploy as a standalone file that runs without lightning installed",
        "advanced.md#export-with-torchexport",
    ),
    ("warmup then cosine learning rate schedule per step", "advanced.md#learning-rate-schedulers"),
    (
        "where should I download my dataset so it only happens once",
        "best-practices.md#lightningdatamodule",
    ),
    (
        "metric logged in training_step only shows per step, I want the epoch average",
        "best-practices.md#logging-metrics",
    ),
    ("use the model for predictions on new data after training", "advanced.md#inference"),
    (
        "run a quick smoke test of my training code with one batch",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    ("get the same results every run", "best-practices.md#reproducibility"),
]

# Off-topic questions kept out of tuning: each must get "no good match".
HELD_OUT_OFF_TOPIC = [
    "how do I compile a keras model with the adam optimizer",
    "jax jit and vmap over a batch of inputs",
    "best oven temperature to bake sourdough bread",
    "tensorflow estimator export savedmodel",
    "how long to boil an egg",
    "scikit-learn random forest feature importance",
]
