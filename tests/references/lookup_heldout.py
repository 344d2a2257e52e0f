"""Held-out lookup questions: the matching is NOT tuned on these.

Written on 2026-11-30 (committed 02:08 UTC) before any synonym or threshold was chosen, and
committed before tuning began (see ``git log -- tests/references/lookup_heldout.py``). Do not edit a
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

# --- Second held-out set -------------------------------------------------------------------
# The first evaluation of HELD_OUT (02:25 UTC, before any change informed by it) scored 87.5%
# (35/40) with the tuning-only configuration of that time; its five misses were then seen, so
# HELD_OUT is no longer clean: it joins the tuning data from here on. HELD_OUT_2 below was written
# and committed at 02:26 UTC, before any further change, and is the clean held-out set.
HELD_OUT_2 = [
    (
        "how do I evaluate on two different test sets",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "each training step should get a batch from both of my datasets",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "my dataset is a generator that yields samples forever",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "every worker returns the same samples from my iterable dataset",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "pickle error when loading checkpoint with my own config class",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "size mismatch for the final layer when loading pretrained weights",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "does trainer.test use the best weights or the last ones",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "don't want the encoder saved in hparams.yaml",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    ("write my checkpoints to azure blob storage", "checkpoints.md#remote-filesystems-s3-gcs"),
    (
        "extract the raw model weights from a ckpt to use in plain pytorch",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    ("only train the last layer of the network", "fine-tuning.md#freezing-layers"),
    (
        "start with a frozen backbone and unfreeze it at epoch 5",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "swap the classifier of a pretrained resnet for my 3 classes",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "log a matplotlib plot every epoch",
        "logging.md#logging-images-histograms-and-figures",
    ),
    ("the progress bar updates too often and slows things down", "logging.md#progress-bar-control"),
    (
        "stop lightning printing the model summary table",
        "logging.md#console-output-and-python-logging",
    ),
    ("how to hide deprecation and user warnings", "logging.md#filtering-warnings"),
    ("log to weights and biases", "logging.md#loggers-csv-tensorboard-wb"),
    ("does compiling the model work with the trainer", "performance.md#torchcompile"),
    ("use the apple metal gpu for training", "performance.md#apple-silicon-mps"),
    (
        "creating the model takes too much cpu ram before moving to gpu",
        "performance.md#large-models-trainerinit_module",
    ),
    ("qlora style 4-bit finetuning", "performance.md#low-bit-precision-bitsandbytes-fp8"),
    ("int8 model for cpu inference", "performance.md#quantization-for-inference"),
    (
        "I like my own for loop, can lightning still handle devices for me",
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "truncated_bptt_steps was removed what now",
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    ("exploding gradients, clip them", "advanced.md#gradient-clipping"),
    ("find the best learning rate automatically", "advanced.md#learning-rate-finder"),
    (
        "ValueError optimizer got an empty parameter list",
        "troubleshooting.md#optimizer-got-an-empty-parameter-list",
    ),
    (
        "RuntimeError expected all tensors to be on the same device",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    ("common mistakes to avoid in lightning code", "troubleshooting.md#anti-patterns"),
    ("in what order are on_train_epoch_end and validation called", "best-practices.md#hook-order"),
    ("continue a run that crashed halfway", "best-practices.md#checkpointing-and-resuming"),
]

HELD_OUT_2_OFF_TOPIC = [
    "fit a linear regression with statsmodels",
    "how many grams of flour in a cup",
    "keras functional api with two inputs",
    "jax pmap on multiple TPUs",
    "docker compose restart policy",
]

# --- Third held-out set --------------------------------------------------------------------
# HELD_OUT_2 scored 84.4% (27/32) at its one evaluation (02:39 UTC, benchmarks/lookup_quality.py);
# its misses were seen, so it joins the tuning data too. HELD_OUT_3 was written and committed
# before any change informed by that evaluation; it is the clean held-out set from here on.
HELD_OUT_3 = [
    (
        "compute metrics on a val set and a separate ood set each epoch",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "mix batches from a labelled and an unlabelled loader in one step",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "reading data from a kafka stream, how many steps is an epoch",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "load_from_checkpoint fails with a pickle security error after upgrading torch",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "reuse the encoder weights from an old checkpoint in a new model",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "trainer.validate after fit, is it the best epoch or the final one",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "my model takes the loss function as an argument, warning about hparams",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    ("resume training from a checkpoint stored on gcs", "checkpoints.md#remote-filesystems-s3-gcs"),
    (
        "convert checkpoints saved with pytorch_lightning 1.9 to the new format",
        "checkpoints.md#upgrading-old-checkpoints",
    ),
    (
        "which keys does a lightning checkpoint dictionary have",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    ("linear probing on top of frozen features", "fine-tuning.md#freezing-layers"),
    (
        "unfreeze the pretrained layers later with a smaller learning rate",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "start from imagenet weights and train on my own dataset",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "log example predictions as pictures to tensorboard",
        "logging.md#logging-images-histograms-and-figures",
    ),
    ("use rich progress bar instead of tqdm", "logging.md#progress-bar-control"),
    (
        "lightning prints too much to the terminal, make it quiet",
        "logging.md#console-output-and-python-logging",
    ),
    ("hide the warning about the number of dataloader workers", "logging.md#filtering-warnings"),
    ("send my metrics to mlflow", "logging.md#loggers-csv-tensorboard-wb"),
    ("reduce step time with the inductor compiler", "performance.md#torchcompile"),
    ("lightning accelerator for an m1 mac", "performance.md#apple-silicon-mps"),
    (
        "build the model directly in half precision on the device",
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "column-wise and row-wise sharding of linear layers",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    ("fp8 training on hopper gpus", "performance.md#low-bit-precision-bitsandbytes-fp8"),
    (
        "shrink a trained model with int8 weights for serving",
        "performance.md#quantization-for-inference",
    ),
    (
        "scale my hand-written pytorch loop to several gpus without rewriting it",
        "fabric.md#fabric-your-own-training-loop",
    ),
    ("should I pick fabric or the lightning trainer", "fabric.md#fabric-or-the-trainer"),
    (
        "backpropagate through a long time series in windows",
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    (
        "gan with manual optimization and a bigger effective batch",
        "advanced.md#gradient-accumulation-with-manual-optimization",
    ),
    (
        "learning rate goes down when validation loss plateaus",
        "advanced.md#learning-rate-schedulers",
    ),
    ("loss turns into inf or nan", "troubleshooting.md#loss-is-nan"),
    (
        "TypeError linear argument input must be Tensor not list in predict",
        "troubleshooting.md#predict_step-receives-x-y",
    ),
    ("validation loop does not run at all", "troubleshooting.md#validation-never-runs"),
    ("set the seed so two runs match", "best-practices.md#reproducibility"),
]

HELD_OUT_3_OFF_TOPIC = [
    "train a gradient boosting model with xgboost early stopping",
    "how do I knead pizza dough",
    "kubernetes pod keeps restarting",
    "tensorflow keras model.fit with a generator",
    "matplotlib change the font size of tick labels",
]

# --- Fourth held-out set -------------------------------------------------------------------
# HELD_OUT_3 scored 75.8% (25/33) at its one evaluation (02:41 UTC); its misses were seen, so it
# joins the tuning data. HELD_OUT_4 was written (2026-11-30, 03:10 UTC) and committed alone, before
# any change to the matcher or to a synonym line, phrased as users write GitHub issues and forum
# posts: pasted error messages, vague complaints, bare keywords, long questions. Unlike the older
# sets an entry may name several acceptable sections (a tuple) where the references answer the
# question in more than one place; distributed.md, migration.md, experiments.md and
# validate-report.md are included this time (distributed.md anchors that another branch adds are
# listed as alternatives where that branch moves the answer).
HELD_OUT_4 = [
    # pasted error messages
    (
        "RuntimeError: Early stopping conditioned on metric `val_loss` which is not available. "
        "Pass in or modify your `EarlyStopping` callback to use any of the following: `train_loss`",
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    (
        "TypeError: Trainer.__init__() got an unexpected keyword argument 'gpus'",
        "migration.md#trainer-arguments",
    ),
    (
        "NotImplementedError: Support for `validation_epoch_end` has been removed in v2.0.0. "
        "`LitModel` implements this method.",
        ("migration.md#hooks", "migration.md#before-and-after"),
    ),
    (
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
        "troubleshooting.md#cuda-out-of-memory",
    ),
    (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (64x2048 and 512x10)",
        "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied",
    ),
    (
        "TypeError: __init__() missing 1 required positional argument: 'backbone' when calling "
        "load_from_checkpoint",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "It is recommended to use `self.log('val_loss', ..., sync_dist=True)` when logging on "
        "epoch level in distributed setting",
        "distributed.md#metrics-and-logging-under-ddp",
    ),
    (
        "RuntimeError: Lightning can't create new processes if CUDA is already initialized",
        "distributed.md#ddp-in-notebooks",
    ),
    (
        "ModuleNotFoundError: No module named 'pytorch_lightning.metrics'",
        "migration.md#imports",
    ),
    (
        "Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the "
        "same",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    # vague "my X doesn't Y"
    (
        "my multi gpu job just hangs forever at initializing distributed",
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#common-failures",
        ),
    ),
    ("tensorboard shows nothing, no event files", "troubleshooting.md#no-tensorboard-logs"),
    (
        "my val loss doesn't show up in the progress bar",
        ("best-practices.md#logging-metrics", "logging.md#progress-bar-control"),
    ),
    (
        "my streaming dataset gives duplicate samples on each gpu",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "training got slower after switching to my M1 laptop gpu",
        "performance.md#apple-silicon-mps",
    ),
    (
        "loss goes to nan as soon as I turn on 16 bit",
        ("troubleshooting.md#loss-is-nan", "advanced.md#precision"),
    ),
    (
        "resume doesn't restore the optimizer and epoch",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        "my 70B model doesn't fit on one gpu",
        (
            "distributed.md#fsdp",
            "distributed.md#deepspeed",
            "performance.md#large-models-trainerinit_module",
            "performance.md#tensor-parallelism-modelparallelstrategy",
            "distributed.md#choosing-a-strategy",
        ),
    ),
    (
        "hparams.yaml is empty, nothing gets saved",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    # short keyword queries
    ("accumulate_grad_batches", "advanced.md#gradient-accumulation"),
    ("gradient_clip_val norm", "advanced.md#gradient-clipping"),
    ("OneCycleLR interval step", "advanced.md#learning-rate-schedulers"),
    ("save_top_k", "callbacks.md#modelcheckpoint"),
    ("swa", "callbacks.md#weight-averaging-swa-ema"),
    (
        "num_sanity_val_steps",
        (
            "best-practices.md#trainer-configuration-and-defaults",
            "best-practices.md#debugging-runs-and-fast_dev_run",
        ),
    ),
    ("deepspeed offload optimizer", "distributed.md#deepspeed"),
    ("fsdp sharded checkpoint", "distributed.md#fsdp"),
    ("onnx tensorrt export", "advanced.md#export-to-onnx-torchscript-is-deprecated"),
    (
        "optuna",
        (
            "experiments.md#hyperparameter-search-with-optuna-generated-project",
            "experiments.md#optuna-pruning-callback-in-your-own-script",
        ),
    ),
    (
        "kfold",
        (
            "experiments.md#k-fold-cross-validation-generated-project",
            "experiments.md#cross-validation-in-your-own-script",
        ),
    ),
    ("wandb", "logging.md#loggers-csv-tensorboard-wb"),
    ("sbatch srun num_nodes", "distributed.md#multi-node-and-slurm"),
    # longer questions
    (
        "how do I save the 3 best checkpoints by val_acc and name the files with the epoch number",
        "callbacks.md#modelcheckpoint",
    ),
    (
        "I use two optimizers for a generator and a discriminator, how do I step them myself",
        "advanced.md#manual-optimization",
    ),
    (
        "where do I put dataset download vs train/val split so it works with several gpus",
        (
            "best-practices.md#lightningdatamodule",
            "distributed.md#rules-for-code-that-runs-in-every-process",
        ),
    ),
    (
        "how can I see which part of my training step or dataloader is the bottleneck",
        "advanced.md#profiling",
    ),
    (
        "I want to print something only once and not from every process in ddp",
        (
            "logging.md#console-output-and-python-logging",
            "distributed.md#rules-for-code-that-runs-in-every-process",
        ),
    ),
    (
        "is there a way to run optuna trials and prune the bad ones early from my own training "
        "script",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        "what does the exit code of lightning-skill validate mean",
        "validate-report.md#exit-codes",
    ),
    (
        "freeze the batchnorm layers of the pretrained backbone while fine-tuning",
        "fine-tuning.md#freezing-layers",
    ),
    (
        "how do I get the predictions back from trainer.predict and save them as a csv",
        (
            "advanced.md#inference",
            "best-practices.md#fit-validate-test-predict",
            "callbacks.md#write-predictions-to-disk",
        ),
    ),
    (
        "torch.compile keeps recompiling every few steps, is that expected with lightning",
        "performance.md#torchcompile",
    ),
    (
        "set max_steps instead of epochs, what happens to max_epochs then",
        (
            "best-practices.md#trainer-configuration-and-defaults",
            "troubleshooting.md#training-runs-1000-epochs",
        ),
    ),
    (
        "how do I run a function at the end of every epoch without touching the model code",
        "callbacks.md#custom-callback",
    ),
]

HELD_OUT_4_OFF_TOPIC = [
    "keras ModelCheckpoint save_best_only",
    "sklearn GridSearchCV with a pipeline",
    "jax grad of a function that takes a pytree",
    "django migrations rollback",
    "how long to cook risotto",
    "git rebase interactive squash commits",
    "pandas read parquet from s3",
    "excel vlookup with two criteria",
    "install nvidia drivers on ubuntu 22.04",
    "huggingface tokenizer padding side left",
]

# --- Fifth held-out set --------------------------------------------------------------------
# HELD_OUT_4 scored 56.8% (25/44) at its one evaluation (03:22 UTC; the matcher before that change
# scored 59.1% on it); its misses were seen, so it joins the tuning data. HELD_OUT_5 was written
# and committed alone at 03:26 UTC, before any change informed by that evaluation, in the same
# styles as HELD_OUT_4 (pasted errors and warnings, vague complaints, keywords, long questions).
HELD_OUT_5 = [
    # pasted errors and warnings
    (
        "RuntimeError: Expected to have finished reduction in the prior iteration before starting "
        "a new one. This error indicates that your module has parameters that were not used in "
        "producing loss",
        (
            "distributed.md#choosing-a-strategy",
            "distributed.md#ddp-tuning",
            "distributed.md#common-failures",
        ),
    ),
    (
        "UserWarning: The 'train_dataloader' does not have many workers which may be a bottleneck",
        ("logging.md#filtering-warnings", "best-practices.md#lightningdatamodule"),
    ),
    (
        "WeightsUnpickler error: Unsupported global: GLOBAL __main__.Config",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "RuntimeError: Error(s) in loading state_dict for LitModel: Missing key(s) in state_dict: "
        '"model.fc.weight"',
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "ImportError: cannot import name 'LightningCLI' from 'pytorch_lightning.utilities.cli'",
        "migration.md#imports",
    ),
    (
        "AttributeError: 'Trainer' object has no attribute 'tune'",
        ("migration.md#precision-strategies-trainer-methods", "advanced.md#learning-rate-finder"),
    ),
    (
        "TypeError: on_train_epoch_end() takes 1 positional argument but 2 were given",
        "migration.md#hooks",
    ),
    ("RuntimeError: CUDA error: out of memory", "troubleshooting.md#cuda-out-of-memory"),
    (
        "You called `self.log(val_acc, ...)` twice in `validation_step` with different arguments",
        "troubleshooting.md#selflog-called-twice-with-different-arguments",
    ),
    (
        "Watchdog caught collective operation timeout: WorkNCCL ran for 1800000 milliseconds",
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#ddp-tuning",
            "distributed.md#common-failures",
        ),
    ),
    (
        "The number of training batches (10) is smaller than the logging interval "
        "Trainer(log_every_n_steps=50)",
        (
            "best-practices.md#trainer-configuration-and-defaults",
            "best-practices.md#logging-metrics",
        ),
    ),
    # vague complaints
    ("my metrics look different on each gpu", "distributed.md#metrics-and-logging-under-ddp"),
    ("early stopping never triggers", "callbacks.md#earlystopping"),
    (
        "learning rate doesn't change even though I set a scheduler",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "predictions come back as a list of batches, how do I concatenate them",
        ("advanced.md#inference", "best-practices.md#fit-validate-test-predict"),
    ),
    ("my notebook crashes when I set devices=2", "distributed.md#ddp-in-notebooks"),
    (
        "ddp on cpu exits with an error after training already finished",
        "distributed.md#ddp-on-cpu-and-the-gloo-exit-abort",
    ),
    (
        "wandb doesn't show my hyperparameters",
        ("logging.md#loggers-csv-tensorboard-wb", "checkpoints.md#save_hyperparameters-and-ignore"),
    ),
    ("lr finder suggests a weird learning rate", "advanced.md#learning-rate-finder"),
    # keywords
    ("ddp_find_unused_parameters_true", "distributed.md#choosing-a-strategy"),
    ("lr monitor", "callbacks.md#learningratemonitor"),
    ("overfit_batches", "best-practices.md#debugging-runs-and-fast_dev_run"),
    ("seed_everything workers", "best-practices.md#reproducibility"),
    ("prediction writer ddp", "callbacks.md#write-predictions-to-disk"),
    ("StochasticWeightAveraging swa_lrs", "callbacks.md#weight-averaging-swa-ema"),
    ("datamodule stage fit test", "best-practices.md#lightningdatamodule"),
    ("zero3", "distributed.md#deepspeed"),
    (
        "torchrun",
        (
            "distributed.md#ddp-script-for-multiple-gpus",
            "distributed.md#multi-node-and-slurm",
            "distributed.md#launch-paths",
        ),
    ),
    ("onnx dynamic_axes", "advanced.md#export-to-onnx-torchscript-is-deprecated"),
    ("compile mode max-autotune", "performance.md#torchcompile"),
    ("validate --json", ("validate-report.md#json-report", "validate-report.md#usage")),
    # long questions
    (
        "how do I get a plain nn.Module I can ship without installing lightning from my trained "
        "checkpoint",
        ("checkpoints.md#what-a-checkpoint-contains", "advanced.md#export-with-torchexport"),
    ),
    (
        "is it possible to train with a batch size of 256 when only 32 fit on my gpu",
        "advanced.md#gradient-accumulation",
    ),
    (
        "I want to validate every 500 training steps instead of every epoch, which flags",
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "I need to log the per-class accuracy as a bar chart at the end of every validation epoch",
        "logging.md#logging-images-histograms-and-figures",
    ),
    (
        "how do I run the optuna search again after my machine rebooted in the middle of it",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    (
        "what's the difference between 16-mixed and bf16-mixed and which should I use on an A100",
        "advanced.md#precision",
    ),
    (
        "how do I resume from the last checkpoint automatically when my slurm job gets preempted",
        (
            "distributed.md#multi-node-and-slurm",
            "best-practices.md#checkpointing-and-resuming",
            "distributed.md#preemption-auto-requeue-and-resuming",
        ),
    ),
    (
        "the training step time doubles every epoch, how can I find out what is slow",
        "advanced.md#profiling",
    ),
    (
        "I only want to train the new classifier for a few epochs and then the whole network",
        (
            "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
            "fine-tuning.md#custom-unfreezing-with-basefinetuning",
        ),
    ),
    (
        "can I write my own loop with fabric and still use mixed precision and several gpus",
        "fabric.md#fabric-your-own-training-loop",
    ),
]

HELD_OUT_5_OFF_TOPIC = [
    "fastai learner fit_one_cycle",
    "numpy broadcasting rules",
    "how to center a div in css",
    "best hiking trails near denver",
    "rust borrow checker lifetime error",
    "spark dataframe join on two columns",
    "postgres vacuum full locks the table",
    "opencv read frames from a video file",
    "convert a tensorflow model to tflite",
]

# HELD_OUT_6: written on 2026-11-30 (about 05:40 UTC) by the "lookup" helper from the references'
# headings and prose, BEFORE any change to the matcher, the SYNONYMS map or a `<!-- lookup: -->`
# line, and committed on its own before tuning began; never run through the matcher before that
# commit. It covers every reference page (three to seven questions each, in users' words: plain
# questions, vague complaints, pasted errors, keywords, long questions) and off-topic questions
# (other frameworks, unrelated tools, Optuna internals, pandas plotting) that must get "no good
# match". From then on HELD_OUT_5 and the older sets are the tuning part; this one is not.
# Five of its questions turned out to be, word for word, questions of the older sets (one on-topic,
# four off-topic); they were removed after the first evaluation, as they were never held out.
HELD_OUT_6 = [
    # advanced.md
    ("should I use bf16 or fp16 on my RTX 3090", "advanced.md#precision"),
    (
        "how can I simulate a bigger batch without using more memory",
        "advanced.md#gradient-accumulation",
    ),
    ("gradients explode, how do I cap the gradient norm", "advanced.md#gradient-clipping"),
    (
        "cosine annealing with warmup, where do I put the scheduler",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "I need to step two optimizers myself inside one training_step",
        "advanced.md#manual-optimization",
    ),
    ("which part of my training step takes the most time", "advanced.md#profiling"),
    ("run my trained model on new images in eval mode", "advanced.md#inference"),
    (
        "override config values from the command line with LightningCLI",
        ("advanced.md#lightningcli", "advanced.md#lightningcli-config-file"),
    ),
    ("put my trained model behind a REST endpoint", "advanced.md#serving"),
    # best-practices.md
    (
        "is on_validation_epoch_end called before or after on_train_epoch_end",
        "best-practices.md#hook-order",
    ),
    (
        "what does the Trainer do by default if I pass no arguments",
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "where do I download the dataset so only one process does it",
        (
            "best-practices.md#lightningdatamodule",
            "distributed.md#rules-for-code-that-runs-in-every-process",
        ),
    ),
    ("log accuracy once per epoch instead of every step", "best-practices.md#logging-metrics"),
    (
        "run a quick check of my code on one batch before the real training",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    ("results differ every time I run the same script", "best-practices.md#reproducibility"),
    (
        "I have a for loop with optimizer.zero_grad and loss.backward, how do I move it to "
        "lightning",
        "best-practices.md#converting-a-pytorch-training-loop",
    ),
    # callbacks.md
    ("keep only the 3 best checkpoints by val_acc", "callbacks.md#modelcheckpoint"),
    (
        "training keeps going although the validation loss got worse for 10 epochs",
        "callbacks.md#earlystopping",
    ),
    (
        "run my own code at the end of every epoch without touching the model",
        "callbacks.md#custom-callback",
    ),
    ("which callbacks does the Trainer add by itself", "callbacks.md#default-callbacks"),
    (
        "average the weights of the last few epochs for better generalization",
        "callbacks.md#weight-averaging-swa-ema",
    ),
    (
        "define callbacks inside the LightningModule instead of passing them to the Trainer",
        "callbacks.md#callbacks-defined-by-the-module",
    ),
    # checkpoints.md
    (
        "what keys are stored in the checkpoint dictionary",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    (
        "I changed my model and now load_from_checkpoint fails with unexpected keys",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "trainer.test without arguments uses which checkpoint",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "hparams.yaml is missing my learning rate argument",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    ("write checkpoints to azure blob storage", "checkpoints.md#remote-filesystems-s3-gcs"),
    (
        "torch.load pickle security warning on my checkpoint",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    # data-loading.md
    (
        "evaluate on a validation set and a second holdout set every epoch",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "mix batches from a labeled and an unlabeled dataset in each training step",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "my dataset is a generator reading from kafka and has no __len__",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # distributed.md
    ("single machine with 8 gpus: ddp, fsdp or deepspeed?", "distributed.md#choosing-a-strategy"),
    (
        "do I need to start one process per gpu myself or does lightning do it",
        ("distributed.md#launch-paths", "distributed.md#ddp-script-for-multiple-gpus"),
    ),
    (
        "every gpu prints the same log lines and writes the same file",
        "distributed.md#rules-for-code-that-runs-in-every-process",
    ),
    (
        "NCCL timeout during a long evaluation that only rank 0 runs",
        (
            "distributed.md#ddp-tuning",
            "distributed.md#common-failures",
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
        ),
    ),
    (
        "model does not fit on one gpu even with batch size 1, shard it",
        ("distributed.md#fsdp", "distributed.md#deepspeed"),
    ),
    (
        "job on the cluster gets killed at the time limit and should continue by itself",
        "distributed.md#preemption-auto-requeue-and-resuming",
    ),
    (
        "RuntimeError: Expected to have finished reduction in the prior iteration before "
        "starting a new one",
        ("distributed.md#common-failures", "distributed.md#choosing-a-strategy"),
    ),
    # experiments.md
    (
        "tune learning rate and dropout with optuna in my generated project",
        "experiments.md#hyperparameter-search-with-optuna-generated-project",
    ),
    (
        "stop bad optuna trials early based on val loss",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        "5-fold cross validation with the lightning trainer",
        (
            "experiments.md#k-fold-cross-validation-generated-project",
            "experiments.md#cross-validation-in-your-own-script",
        ),
    ),
    (
        "run the optuna search on two machines sharing the same database",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    # fabric.md
    (
        "lightweight alternative to the Trainer that keeps my own loop",
        ("fabric.md#fabric-your-own-training-loop", "fabric.md#fabric-or-the-trainer"),
    ),
    # fine-tuning.md
    (
        "only update the last layer of a pretrained BERT",
        (
            "fine-tuning.md#freezing-layers",
            "fine-tuning.md#transfer-learning-from-a-pretrained-model",
        ),
    ),
    (
        "unfreeze layers one by one with my own rule each epoch",
        "fine-tuning.md#custom-unfreezing-with-basefinetuning",
    ),
    # logging.md
    ("log a matplotlib figure every epoch", "logging.md#logging-images-histograms-and-figures"),
    (
        "the progress bar prints a new line every step in my slurm log file",
        "logging.md#progress-bar-control",
    ),
    ("how to turn off a deprecation warning from lightning", "logging.md#filtering-warnings"),
    # migration.md
    (
        "upgrade my code from pytorch_lightning 1.6 to 2.x",
        (
            "migration.md#let-the-linter-do-it",
            "migration.md#before-and-after",
            "migration.md#all-rules",
        ),
    ),
    ("Trainer got an unexpected keyword argument 'gpus'", "migration.md#trainer-arguments"),
    ("validation_epoch_end is not called anymore", "migration.md#hooks"),
    # performance.md
    ("compilation makes the first step very slow, is that normal", "performance.md#torchcompile"),
    ("accelerator mps not working on my mac", "performance.md#apple-silicon-mps"),
    (
        "load a 7B model in 4-bit to fine-tune it",
        "performance.md#low-bit-precision-bitsandbytes-fp8",
    ),
    # troubleshooting.md
    (
        "size mismatch error in the first linear layer after flatten",
        "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied",
    ),
    ("tensorboard shows nothing after training", "troubleshooting.md#no-tensorboard-logs"),
    (
        "RuntimeError: Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) "
        "should be the same",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        "EarlyStopping says the metric val_loss is not available",
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    # validate-checks.md, validate-report.md, schemas.md
    (
        "what does lightning-skill validate check when it overfits one batch",
        "validate-checks.md#overfit",
    ),
    ("validate says my module cannot be pickled for ddp", "validate-checks.md#ddp"),
    (
        "validate killed my check for taking too long, how do I give it more time",
        "validate-report.md#timeouts",
    ),
    ("what exit code does validate return when a check fails", "validate-report.md#exit-codes"),
    ("our CI wants junit output from validate", "validate-report.md#junit-xml"),
    ("json fields printed by lookup --json", "schemas.md#lookup---json"),
    ("is validate safe to run on untrusted code", "validate-report.md#trust-model"),
]

HELD_OUT_6_OFF_TOPIC = [
    "keras model.fit with class_weight",
    "jax jit recompiles on every call",
    "pandas plot a bar chart from a dataframe",
    "how does optuna's TPE sampler choose the next point",
    "sklearn random forest feature importance",
    "good names for a golden retriever puppy",
    "scipy sparse matrix multiplication",
    "huggingface datasets map with multiprocessing num_proc",
]

# HELD_OUT_7: written on 2026-11-30 (about 05:40 UTC) by the "lookup" helper after HELD_OUT_6 had
# been evaluated (and so joined tuning), BEFORE any further change to the matcher, SYNONYMS or a
# `<!-- lookup: -->` line, and committed on its own before that tuning; never run through the
# matcher before that commit. Two to ten questions per reference page in users' words, plus
# off-topic questions that must get "no good match".
HELD_OUT_7 = [
    # advanced.md
    (
        "training in half precision gives worse accuracy than fp32, what precision options exist",
        "advanced.md#precision",
    ),
    (
        "my batch of 8 is too small for stable training but 64 doesn't fit",
        "advanced.md#gradient-accumulation",
    ),
    ("clip_grad_norm_ equivalent in lightning", "advanced.md#gradient-clipping"),
    (
        "step the scheduler every batch instead of every epoch",
        "advanced.md#learning-rate-schedulers",
    ),
    ("self.optimizers() and self.manual_backward", "advanced.md#manual-optimization"),
    ("PyTorchProfiler or SimpleProfiler output", "advanced.md#profiling"),
    ("automatically pick a learning rate before training", "advanced.md#learning-rate-finder"),
    (
        "export a model so it can run in C++ or onnxruntime",
        (
            "advanced.md#export-to-onnx-torchscript-is-deprecated",
            "advanced.md#export-with-torchexport",
        ),
    ),
    (
        "load my checkpoint and run predictions on a folder of new files",
        "advanced.md#inference",
    ),
    ("LightningCLI subcommands fit validate test", "advanced.md#lightningcli"),
    # best-practices.md
    ("what goes in training_step vs forward", "best-practices.md#lightningmodule-structure"),
    ("on_fit_start or setup, which hook runs first", "best-practices.md#hook-order"),
    (
        "where should the train/val split happen in a datamodule",
        "best-practices.md#lightningdatamodule",
    ),
    (
        "self.log with prog_bar to show the loss in the progress bar",
        ("best-practices.md#logging-metrics", "logging.md#progress-bar-control"),
    ),
    (
        "limit_train_batches to debug quickly",
        (
            "best-practices.md#debugging-runs-and-fast_dev_run",
            "best-practices.md#trainer-configuration-and-defaults",
        ),
    ),
    (
        "resume training exactly where it stopped including the optimizer state",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        "after fit, evaluate on the test split",
        (
            "best-practices.md#fit-validate-test-predict",
            "checkpoints.md#validate-or-test-the-best-checkpoint",
        ),
    ),
    # callbacks.md
    (
        "save a checkpoint every epoch with the epoch number in the filename",
        "callbacks.md#modelcheckpoint",
    ),
    ("EarlyStopping mode max for accuracy", "callbacks.md#earlystopping"),
    ("see the learning rate curve in tensorboard", "callbacks.md#learningratemonitor"),
    (
        "my callback has a counter that is lost when resuming",
        "callbacks.md#callback-state-in-checkpoints",
    ),
    ("BasePredictionWriter write_on_batch_end", "callbacks.md#write-predictions-to-disk"),
    # checkpoints.md
    (
        "open a .ckpt file and look at what is inside",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    (
        "load only the encoder weights from a checkpoint and ignore the rest",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "load_from_checkpoint asks for the arguments I passed to __init__",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "ckpt_path='best' vs 'last' in trainer.validate",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    ("save checkpoints to a minio bucket", "checkpoints.md#remote-filesystems-s3-gcs"),
    # data-loading.md
    (
        "log val loss for in-domain and out-of-domain sets separately",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "train with a dictionary of two dataloaders, one per task",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "huge dataset that doesn't fit on disk, stream it from the network",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # distributed.md
    (
        "ddp_spawn vs ddp, which one",
        ("distributed.md#choosing-a-strategy", "distributed.md#launch-paths"),
    ),
    (
        "torchrun --nproc_per_node with Lightning",
        ("distributed.md#launch-paths", "distributed.md#ddp-script-for-multiple-gpus"),
    ),
    ("sync_batchnorm for small per-gpu batches", "distributed.md#ddp-tuning"),
    ("only save files from rank 0", "distributed.md#rules-for-code-that-runs-in-every-process"),
    ("sbatch script for 2 nodes with 4 gpus each", "distributed.md#multi-node-and-slurm"),
    ("SIGUSR1 requeue on slurm", "distributed.md#preemption-auto-requeue-and-resuming"),
    (
        "training hangs at the start with several nodes",
        ("distributed.md#common-failures", "troubleshooting.md#ddp-hangs-or-aborts-at-exit"),
    ),
    # experiments.md
    (
        "hyperparameter sweep with optuna and pruning",
        (
            "experiments.md#hyperparameter-search-with-optuna-generated-project",
            "experiments.md#optuna-pruning-callback-in-your-own-script",
        ),
    ),
    (
        "PyTorchLightningPruningCallback import",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        "k fold splits with sklearn KFold and a new Trainer per fold",
        "experiments.md#cross-validation-in-your-own-script",
    ),
    (
        "my optuna study crashed, continue it",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    # fabric.md
    ("fabric.launch and fabric.setup example", "fabric.md#fabric-your-own-training-loop"),
    (
        "should I use fabric or the lightning trainer for research code",
        "fabric.md#fabric-or-the-trainer",
    ),
    # fine-tuning.md
    (
        "train only the classification head for 5 epochs, then unfreeze everything with a lower lr",
        (
            "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
            "fine-tuning.md#custom-unfreezing-with-basefinetuning",
        ),
    ),
    ("set requires_grad false for the pretrained layers", "fine-tuning.md#freezing-layers"),
    (
        "use a timm model as the backbone",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    # logging.md
    ("where does CSVLogger write metrics.csv", "logging.md#loggers-csv-tensorboard-wb"),
    (
        "self.logger.experiment.add_figure",
        "logging.md#logging-images-histograms-and-figures",
    ),
    ("use a rich progress bar", "logging.md#progress-bar-control"),
    ("change lightning's log level to warning", "logging.md#console-output-and-python-logging"),
    (
        "warnings.filterwarnings for the 'does not have many workers' message",
        "logging.md#filtering-warnings",
    ),
    # migration.md
    ("my old code uses Trainer(gpus=2, auto_select_gpus=True)", "migration.md#trainer-arguments"),
    (
        "should I switch from import pytorch_lightning to lightning.pytorch",
        ("migration.md#imports", "migration.md#before-and-after"),
    ),
    (
        "training_epoch_end(outputs) was removed, where do the outputs go now",
        "migration.md#hooks",
    ),
    (
        "precision=16 warning telling me to use 16-mixed",
        "migration.md#precision-strategies-trainer-methods",
    ),
    ("lint rule LS110", ("migration.md#all-rules", "migration.md#hooks")),
    # performance.md
    ("does torch.compile work with the Lightning Trainer", "performance.md#torchcompile"),
    ("accelerator='mps' falls back to cpu for some ops", "performance.md#apple-silicon-mps"),
    (
        "build the model on the meta device to save memory",
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "shrink the trained model for CPU inference with torch.ao quantization",
        "performance.md#quantization-for-inference",
    ),
    (
        "2D parallelism with device_mesh",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    # troubleshooting.md
    ("loss goes to inf then nan with 16-mixed", "troubleshooting.md#loss-is-nan"),
    ("CUDA error: out of memory only during validation", "troubleshooting.md#cuda-out-of-memory"),
    (
        "Trainer.fit() got an object that is not a LightningModule",
        "troubleshooting.md#model-must-be-a-lightningmodule",
    ),
    ("is the default max_epochs really 1000?", "troubleshooting.md#training-runs-1000-epochs"),
    ("predict_step gets the labels too", "troubleshooting.md#predict_step-receives-x-y"),
    # validate-checks.md, validate-report.md, schemas.md
    ("validate a single python file with a LightningModule", "validate-report.md#usage"),
    ("--isolate bubblewrap and the network", "validate-report.md#trust-model"),
    ("NotLearning failure: the loss stayed flat on one batch", "validate-checks.md#overfit"),
    ("ResumeFailed from validate", "validate-checks.md#checkpoint"),
    (
        "fields of the json report from validate, like error_type",
        ("validate-report.md#json-report", "schemas.md#validate---json"),
    ),
    ("catalog --json options and choices", "schemas.md#catalog---json"),
    ("lightning-skill doctor output", "schemas.md#doctor---json"),
]

HELD_OUT_7_OFF_TOPIC = [
    "keras EarlyStopping restore_best_weights",
    "jax pmap vs pjit",
    "pandas dataframe plot with a secondary y axis",
    "how does optuna's hyperband pruner allocate resources",
    "sklearn StandardScaler inverse_transform",
    "polars lazy frame collect",
    "how to make a sourdough starter",
    "css flexbox align items vertically",
    "bash loop over files with spaces in their names",
    "R ggplot2 facet wrap",
]

# HELD_OUT_8: written on 2026-11-30 (about 06:00 UTC) by the "lookup" helper after HELD_OUT_7 had
# been evaluated, BEFORE any further change to the matcher, SYNONYMS or a `<!-- lookup: -->` line,
# and committed on its own; never run through the matcher before that commit. Two to four
# questions per reference page in users' words, plus off-topic questions.
HELD_OUT_8 = [
    # advanced.md
    ("what does precision='bf16-true' mean compared to bf16-mixed", "advanced.md#precision"),
    ("gradient_clip_algorithm value vs norm", "advanced.md#gradient-clipping"),
    (
        "return a scheduler config dict with interval step",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "print_config and a yaml file for my CLI",
        ("advanced.md#lightningcli-config-file", "advanced.md#lightningcli"),
    ),
    # best-practices.md
    ("what should go in prepare_data vs setup", "best-practices.md#lightningdatamodule"),
    ("deterministic results on gpu", "best-practices.md#reproducibility"),
    ("callback and module hooks, who runs first", "best-practices.md#hook-order"),
    # callbacks.md
    (
        "monitor val_loss and keep the top 2 checkpoints plus the last one",
        "callbacks.md#modelcheckpoint",
    ),
    ("my custom callback needs to log something every batch", "callbacks.md#custom-callback"),
    ("swa_lrs and when SWA starts", "callbacks.md#weight-averaging-swa-ema"),
    # checkpoints.md
    (
        "weights_only=False needed for my checkpoint with a custom class",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "why does trainer.test give different numbers than the best validation score",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "strip the 'model.' prefix from state_dict keys",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    # data-loading.md
    (
        "validation_step got an unexpected dataloader_idx argument",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "semi-supervised training with two loaders of different sizes",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "each worker yields the same samples from my iterable dataset",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # distributed.md
    ("effective batch size with 4 gpus and batch_size 32", "distributed.md#choosing-a-strategy"),
    ("FSDP auto_wrap_policy for transformer blocks", "distributed.md#fsdp"),
    ("deepspeed offload the optimizer to cpu", "distributed.md#deepspeed"),
    (
        "all_gather predictions from every gpu",
        (
            "distributed.md#rules-for-code-that-runs-in-every-process",
            "distributed.md#metrics-and-logging-under-ddp",
        ),
    ),
    # experiments.md
    (
        "where is the optuna sqlite storage file",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    (
        "average the metric over 5 folds",
        (
            "experiments.md#k-fold-cross-validation-generated-project",
            "experiments.md#cross-validation-in-your-own-script",
        ),
    ),
    (
        "n_trials and the search space in the generated project",
        "experiments.md#hyperparameter-search-with-optuna-generated-project",
    ),
    # fabric.md
    ("fabric.backward instead of loss.backward", "fabric.md#fabric-your-own-training-loop"),
    (
        "I don't want the Trainer's magic, is there something lighter",
        ("fabric.md#fabric-or-the-trainer", "fabric.md#fabric-your-own-training-loop"),
    ),
    # fine-tuning.md
    (
        "BatchNorm running stats keep changing although the layers are frozen",
        "fine-tuning.md#freezing-layers",
    ),
    (
        "unfreeze_backbone_at_epoch default",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "replace the last layer of a resnet for 3 classes",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    # logging.md
    ("MLflow logger setup", "logging.md#loggers-csv-tensorboard-wb"),
    ("log text samples to tensorboard", "logging.md#logging-images-histograms-and-figures"),
    (
        "the model summary table at the start is too long",
        ("logging.md#console-output-and-python-logging", "callbacks.md#default-callbacks"),
    ),
    # migration.md
    ("DDPPlugin import fails after upgrading", "migration.md#imports"),
    (
        "trainer.tune was removed, how do I run lr_find now",
        ("migration.md#precision-strategies-trainer-methods", "advanced.md#learning-rate-finder"),
    ),
    ("automatically fix my 1.x code", "migration.md#let-the-linter-do-it"),
    # performance.md
    ("graph breaks when compiling my model", "performance.md#torchcompile"),
    ("PYTORCH_ENABLE_MPS_FALLBACK", "performance.md#apple-silicon-mps"),
    (
        "configure_model for a model too big to create on one gpu",
        ("performance.md#large-models-trainerinit_module", "distributed.md#fsdp"),
    ),
    # troubleshooting.md
    (
        "optimizer has no parameters because my layers are in a python list",
        "troubleshooting.md#optimizer-got-an-empty-parameter-list",
    ),
    (
        "register_buffer so the tensor moves with the model",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    ("should I not call loss.backward in training_step?", "troubleshooting.md#anti-patterns"),
    (
        "fit says no training data was given",
        "troubleshooting.md#train_dataloader-must-be-implemented",
    ),
    # validate-checks.md, validate-report.md, schemas.md
    ("what does validate's checkpoint check prove", "validate-checks.md#checkpoint"),
    (
        "the export check says the second batch size is not checked",
        "validate-checks.md#export",
    ),
    ("--artifacts folder and the overfit plot", "validate-checks.md#overfit"),
    ("warm pool server forks a child per job", "validate-report.md#warm-pool"),
    ("new --json dry run output fields", "schemas.md#new---json"),
]

HELD_OUT_8_OFF_TOPIC = [
    "keras tuner hyperband search",
    "jax.numpy vs numpy speed",
    "pandas plot a histogram of a column",
    "optuna dashboard install",
    "sklearn confusion_matrix normalize",
    "tensorflow datasets prefetch autotune",
    "kubectl logs of a crashed pod",
    "how to grow tomatoes on a balcony",
    "regex to match an email address",
    "powerpoint embed a video",
]


# HELD_OUT_9: written on 2026-11-30 (about 09:15 UTC) by the "lookup15" helper after HELD_OUT_8
# had been evaluated (87.0%) and so joined tuning, BEFORE any further change to the matcher,
# SYNONYMS, a heading or a `<!-- lookup: -->` line, and committed on its own; never run through
# the matcher before that commit. Labels come from reading the references' sections. Styles mixed
# on purpose: pasted tracebacks and warnings, "how do I", bare keywords, vague complaints, forum
# and GitHub-issue phrasings; every reference page has two or more questions. An entry may accept
# several sections where the references answer it in more than one place.
HELD_OUT_9 = [
    # advanced.md
    (
        "linear warmup then cosine decay schedule in configure_optimizers",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "my lr scheduler steps once per epoch but I want it to step every batch",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "training a GAN: how do I alternate generator and discriminator updates",
        "advanced.md#manual-optimization",
    ),
    (
        "run my trained model on a folder of new images",
        ("advanced.md#inference", "best-practices.md#fit-validate-test-predict"),
    ),
    (
        "convert lightning model to onnx for onnxruntime",
        "advanced.md#export-to-onnx-torchscript-is-deprecated",
    ),
    (
        "is my training loop spending its time in the dataloader or in the model",
        "advanced.md#profiling",
    ),
    ("half precision training on an A100", "advanced.md#precision"),
    ("put my model behind a fastapi endpoint", "advanced.md#serving"),
    (
        "override max_epochs from the command line with LightningCLI",
        ("advanced.md#lightningcli", "advanced.md#lightningcli-config-file"),
    ),
    # best-practices.md
    (
        "where do I split train and val so every gpu gets the same split",
        (
            "best-practices.md#lightningdatamodule",
            "distributed.md#rules-for-code-that-runs-in-every-process",
        ),
    ),
    (
        "is self.log in validation_step averaged over the whole epoch",
        "best-practices.md#logging-metrics",
    ),
    (
        "default values of max_epochs and log_every_n_steps",
        (
            "best-practices.md#trainer-configuration-and-defaults",
            "troubleshooting.md#training-runs-1000-epochs",
        ),
    ),
    (
        "fit with ckpt_path, does it also restore the optimizer and the epoch",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        "quick run with just a couple of batches to catch bugs before the real training",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    (
        "does on_validation_epoch_end run before or after on_train_epoch_end",
        "best-practices.md#hook-order",
    ),
    ("minimal LightningModule example", "best-practices.md#lightningmodule-structure"),
    ("what does trainer.validate return", "best-practices.md#fit-validate-test-predict"),
    # callbacks.md
    ("save a checkpoint every 500 training steps", "callbacks.md#modelcheckpoint"),
    ("does EarlyStopping patience count epochs or validation checks", "callbacks.md#earlystopping"),
    ("LearningRateMonitor logging_interval step", "callbacks.md#learningratemonitor"),
    (
        "keep a moving average copy of the weights and evaluate with it",
        "callbacks.md#weight-averaging-swa-ema",
    ),
    (
        "my callback keeps a counter, how do I make it survive a resume",
        "callbacks.md#callback-state-in-checkpoints",
    ),
    ("what callbacks ship with lightning", "callbacks.md#built-in-callbacks"),
    (
        "get the path of the best checkpoint after trainer.fit",
        (
            "callbacks.md#modelcheckpoint",
            "best-practices.md#checkpointing-and-resuming",
            "checkpoints.md#validate-or-test-the-best-checkpoint",
        ),
    ),
    # checkpoints.md
    (
        "_pickle.UnpicklingError: Weights only load failed. GLOBAL argparse.Namespace was not an "
        "allowed global by default",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "RuntimeError: Error(s) in loading state_dict for LitModel: size mismatch for "
        "classifier.weight: copying a param with shape torch.Size([10, 512])",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "load_from_checkpoint TypeError: __init__() missing 1 required positional argument: "
        "'backbone'",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "ModelCheckpoint dirpath on a minio s3-compatible bucket",
        "checkpoints.md#remote-filesystems-s3-gcs",
    ),
    ("list the keys stored in a .ckpt", "checkpoints.md#what-a-checkpoint-contains"),
    # data-loading.md
    (
        "evaluate on two different test sets and report each one separately",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "train_dataloader returns two loaders, is the batch a dict then?",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "IterableDataset with num_workers=4 gives me every sample four times",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        "huggingface streaming dataset with the Trainer and max_steps",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # distributed.md
    (
        "[Rank 1] Watchdog caught collective operation timeout: WorkNCCL ran for 1800000 "
        "milliseconds before timing out",
        ("distributed.md#common-failures", "distributed.md#ddp-tuning"),
    ),
    (
        "RuntimeError: It looks like your LightningModule has parameters that were not used in "
        "producing the loss returned by training_step",
        ("distributed.md#common-failures", "distributed.md#choosing-a-strategy"),
    ),
    (
        "torchrun --nproc_per_node 4 train.py with lightning",
        ("distributed.md#launch-paths", "distributed.md#ddp-script-for-multiple-gpus"),
    ),
    ("SyncBatchNorm because my per gpu batch is tiny", "distributed.md#ddp-tuning"),
    (
        "slurm job gets preempted, will lightning requeue it and resume",
        "distributed.md#preemption-auto-requeue-and-resuming",
    ),
    (
        "ddp_spawn vs ddp, what's the difference",
        (
            "distributed.md#launch-paths",
            "distributed.md#choosing-a-strategy",
            "distributed.md#ddp-script-for-multiple-gpus",
        ),
    ),
    ("turn a deepspeed zero 3 checkpoint into a single fp32 file", "distributed.md#deepspeed"),
    ("2 nodes with 8 gpus each, sbatch script", "distributed.md#multi-node-and-slurm"),
    # experiments.md
    (
        "stop unpromising optuna trials early from my own training script",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        "5-fold cross validation with a LightningDataModule",
        (
            "experiments.md#cross-validation-in-your-own-script",
            "experiments.md#k-fold-cross-validation-generated-project",
        ),
    ),
    (
        "search over learning rate and batch size to find the best combination",
        "experiments.md#hyperparameter-search-with-optuna-generated-project",
    ),
    (
        "continue an optuna study after the machine rebooted",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    # fabric.md
    (
        "I have my own training loop and only want multi-gpu and mixed precision",
        ("fabric.md#fabric-your-own-training-loop", "fabric.md#fabric-or-the-trainer"),
    ),
    ("fabric.setup model and optimizer", "fabric.md#fabric-your-own-training-loop"),
    # fine-tuning.md
    (
        "linear probing on top of a pretrained ViT",
        (
            "fine-tuning.md#freezing-layers",
            "fine-tuning.md#transfer-learning-from-a-pretrained-model",
        ),
    ),
    ("unfreeze one more block every epoch", "fine-tuning.md#custom-unfreezing-with-basefinetuning"),
    (
        "fine-tune bert from huggingface with lightning",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "BackboneFinetuning lambda_func and the learning rate of the backbone",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    # logging.md
    ("use the wandb logger and store my config in it", "logging.md#loggers-csv-tensorboard-wb"),
    (
        "add_figure from validation_step",
        "logging.md#logging-images-histograms-and-figures",
    ),
    (
        "progress bar writes a new line every step in my slurm output file",
        "logging.md#progress-bar-control",
    ),
    (
        "PossibleUserWarning: The 'train_dataloader' does not have many workers which may be a "
        "bottleneck. Consider increasing the value of the `num_workers` argument",
        ("logging.md#filtering-warnings", "best-practices.md#lightningdatamodule"),
    ),
    (
        "stop lightning printing LOCAL_RANK: 0 - CUDA_VISIBLE_DEVICES: [0]",
        "logging.md#console-output-and-python-logging",
    ),
    # migration.md
    (
        "Trainer(gpus=2) stopped working after pip install -U lightning",
        "migration.md#trainer-arguments",
    ),
    (
        "NotImplementedError: Support for `validation_epoch_end` has been removed in v2.0.0",
        "migration.md#hooks",
    ),
    (
        "from pytorch_lightning.utilities.cli import LightningCLI fails",
        "migration.md#imports",
    ),
    (
        "precision=16 or '16-mixed' in lightning 2",
        ("migration.md#precision-strategies-trainer-methods", "advanced.md#precision"),
    ),
    # performance.md
    (
        "torch.compile recompiles every step because my sequence length changes",
        "performance.md#torchcompile",
    ),
    ("operator not implemented for MPS on my m1", "performance.md#apple-silicon-mps"),
    ("qlora 4-bit fine-tuning with lightning", "performance.md#low-bit-precision-bitsandbytes-fp8"),
    ("int8 quantize the model for cpu deployment", "performance.md#quantization-for-inference"),
    (
        "lightning is way slower than my plain pytorch loop for a tiny MLP",
        "performance.md#per-step-overhead-of-small-models",
    ),
    (
        "combine FSDP with tensor parallel (2D)",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    # schemas.md
    ("fields of lookup --json when nothing matches", "schemas.md#lookup---json"),
    ("machine readable list of presets from catalog", "schemas.md#catalog---json"),
    # troubleshooting.md
    (
        "my positional encoding tensor stays on the cpu when the model moves to the gpu",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        "MisconfigurationException: ModelCheckpoint(monitor='val_acc') could not find the "
        "monitored key in the returned metrics",
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    ("loss goes to nan after a few epochs with 16-mixed", "troubleshooting.md#loss-is-nan"),
    (
        "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
        "troubleshooting.md#cuda-out-of-memory",
    ),
    ("my training never ends", "troubleshooting.md#training-runs-1000-epochs"),
    ("validation_step is never called", "troubleshooting.md#validation-never-runs"),
    (
        "TypeError: `model` must be a `LightningModule` or `torch._dynamo.OptimizedModule`, got "
        "`MyModel`",
        "troubleshooting.md#model-must-be-a-lightningmodule",
    ),
    # validate-checks.md, validate-report.md
    ("what does exit code 1 from lightning-skill validate mean", "validate-report.md#exit-codes"),
    ("validate --junit for github actions", "validate-report.md#junit-xml"),
    (
        "does validate run my code with network access",
        ("validate-report.md#trust-model", "validate-report.md#sandbox"),
    ),
    ("validate says the overfit check failed, loss did not go down", "validate-checks.md#overfit"),
    ("validate times out on my big model", "validate-report.md#timeouts"),
    ("run only the export and checkpoint checks", "validate-report.md#usage"),
]

HELD_OUT_9_OFF_TOPIC = [
    "keras model.fit class_weight for an imbalanced dataset",
    "docker build cache mount for pip",
    "git cherry-pick a range of commits",
    "best pizza dough hydration",
    "sklearn StandardScaler fit on the training split only",
    "hugging face tokenizer padding side left",
    "xgboost early stopping rounds",
    "how to write a cover letter",
    "numpy broadcasting rules explained",
    "conda env export without build strings",
]

# HELD_OUT_9 was scored once (2026-11-30 09:02 UTC, benchmarks/lookup_quality.py, after the fourth
# round of tuning, which looked only at the older sets): 79.0% (64/81) on topic, 78.3% without
# its 21 near-copies of tuning questions (word overlap >= 0.5; users ask common problems in the
# same words), 10/10 off-topic questions refused (two are near-copies of tuning ones). The
# matcher of commit 80cdc3a scores it 76.5%. Its misses are now seen: it joins tuning next time.

# HELD_OUT_10: written blind on 2026-11-30 (about 12:30 UTC) by the "q10" helper, who never ran
# the search (`lightning-skill lookup`, scripts/lookup.py, the benchmark or its tests), never read
# the matcher's code and never saw which earlier questions it missed (only the overall scores this
# file's comments record). The acceptable sections were chosen by reading the references: every
# section whose text answers the question, up to three. Questions are phrased as users and coding
# agents ask (pasted errors and warnings, forum and GitHub-issue wording, short agent queries,
# non-native English) and cover every reference page; questions sharing half or more of their
# words with an earlier set's were rephrased or replaced before commit. Only the anchors were
# checked (against the references' headings). This set must not be edited to make it pass: once
# scored, it joins tuning and a new blind set is written.
HELD_OUT_10 = [
    # advanced.md
    (
        "bf16-true vs bf16-mixed, are the weights themselves half precision then?",
        "advanced.md#precision",
    ),
    ("clip grads by value not by norm in lightning trainer", "advanced.md#gradient-clipping"),
    (
        "OneCycleLR wants total_steps, how do i know the number of steps inside "
        "configure_optimizers",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "MisconfigurationException: Automatic gradient accumulation is not supported for "
        "manual optimization",
        (
            "advanced.md#gradient-accumulation-with-manual-optimization",
            "advanced.md#manual-optimization",
        ),
    ),
    (
        "lightning 2 example for a GAN with generator and discriminator optimizers",
        ("advanced.md#manual-optimization", "migration.md#hooks"),
    ),
    (
        "truncated_bptt_steps was removed from Trainer, how do i train my lstm on 5000 "
        "long sequences now",
        (
            "advanced.md#truncated-backpropagation-through-time-tbptt",
            "migration.md#trainer-arguments",
        ),
    ),
    ("find out which hook eats most of the time per epoch", "advanced.md#profiling"),
    (
        "REST api for predictions from my ckpt, do I need the Trainer inside the server?",
        "advanced.md#serving",
    ),
    (
        "to_torchscript gives deprecation warning, what should i use to export instead",
        (
            "advanced.md#export-to-onnx-torchscript-is-deprecated",
            "advanced.md#export-with-torchexport",
        ),
    ),
    (
        "cli: i have a config.yaml but want to change model.lr from the command line, "
        "which one wins",
        ("advanced.md#lightningcli-config-file", "advanced.md#lightningcli"),
    ),
    (
        "Tuner lr_find usage in lightning 2.x, the auto_lr_find flag is gone",
        (
            "advanced.md#learning-rate-finder",
            "migration.md#trainer-arguments",
            "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
        ),
    ),
    # best-practices.md
    (
        "when exactly is the checkpoint written, before or after my on_train_epoch_end hook",
        ("best-practices.md#hook-order", "callbacks.md#modelcheckpoint"),
    ),
    (
        "val_check_interval=0.25 with 10 batches validates 5 times not 4, why",
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "datamodule: where to put the dataset download so 8 gpus don't all download it",
        (
            "best-practices.md#lightningdatamodule",
            "distributed.md#rules-for-code-that-runs-in-every-process",
        ),
    ),
    (
        "set the seed but two runs still give different loss curves",
        "best-practices.md#reproducibility",
    ),
    (
        "my training crashed at epoch 37, how to continue from the ckpt with optimizer state",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        "wrapping an existing nn.Module in lightning: do I still call .to(device) and "
        "zero_grad myself",
        "best-practices.md#converting-a-pytorch-training-loop",
    ),
    (
        "trainer.predict gives a list with one tensor per batch, how to get one tensor",
        "best-practices.md#fit-validate-test-predict",
    ),
    (
        "show train loss averaged over the epoch, not the per step value",
        "best-practices.md#logging-metrics",
    ),
    (
        "quick check that the whole pipeline runs with just 1 batch before launching the real job",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    # callbacks.md
    ("keep every checkpoint of every epoch, not only the best one", "callbacks.md#modelcheckpoint"),
    (
        "Monitored metric val_loss = nan is not finite. Signaling Trainer to stop.",
        ("callbacks.md#earlystopping", "troubleshooting.md#loss-is-nan"),
    ),
    (
        "Cannot use LearningRateMonitor callback with Trainer that has no logger",
        "callbacks.md#learningratemonitor",
    ),
    ("keep an EMA copy of the weights during training", "callbacks.md#weight-averaging-swa-ema"),
    (
        "counter in my callback goes back to zero after resuming from checkpoint",
        "callbacks.md#callback-state-in-checkpoints",
    ),
    (
        "callback returned from configure_callbacks replaces the one I gave to Trainer?",
        "callbacks.md#callbacks-defined-by-the-module",
    ),
    (
        "why is there a checkpoints folder though i never added a ModelCheckpoint",
        ("callbacks.md#default-callbacks", "best-practices.md#trainer-configuration-and-defaults"),
    ),
    (
        "send a slack notification when every epoch is done, where does such code belong",
        "callbacks.md#custom-callback",
    ),
    # checkpoints.md
    (
        "after upgrading torch to 2.6 load_from_checkpoint fails, my hparams contain a "
        "dataclass config",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        "get a normal pytorch state_dict out of the .ckpt so I can use the net without lightning",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    (
        "start from a checkpoint trained on 1000 classes for my 5 class task, "
        "strict=False still errors",
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "trainer.test(dataloaders=...) without the model warns about ckpt_path best, what"
        " does it load",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        "Attribute 'backbone' is an instance of `nn.Module` and is already saved during "
        "checkpointing",
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "can a checkpoint saved with pytorch_lightning 1.6 be loaded in lightning 2.6",
        "checkpoints.md#upgrading-old-checkpoints",
    ),
    ("write checkpoints straight to gs:// bucket", "checkpoints.md#remote-filesystems-s3-gcs"),
    # data-loading.md
    (
        "TypeError: validation_step() takes 3 positional arguments but 4 were given (I "
        "return two val loaders)",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "ModelCheckpoint monitor name when there are 2 validation loaders, val_loss is not found",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "each training step needs one batch from the labeled set and one from the unlabeled set",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "CombinedLoader max_size_cycle vs min_size, which one sets epoch length",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "IterableDataset under ddp: every gpu trains on the same samples",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # distributed.md
    (
        "ddp or fsdp or deepspeed for a 7B model on 8 x A100",
        ("distributed.md#choosing-a-strategy", "distributed.md#fsdp"),
    ),
    (
        "under ddp my custom sampler order is ignored and data gets shuffled anyway",
        "distributed.md#ddp-script-for-multiple-gpus",
    ),
    (
        "validation set is not divisible by number of gpus, are some samples counted twice",
        "distributed.md#ddp-script-for-multiple-gpus",
    ),
    (
        "launching with torchrun, do I still have to pass devices=4 to the Trainer",
        "distributed.md#launch-paths",
    ),
    (
        "each gpu shows a different val_acc in the log, how to get the mean over all ranks",
        "distributed.md#metrics-and-logging-under-ddp",
    ),
    (
        "Watchdog caught collective operation timeout while rank 0 uploads the checkpoint",
        ("distributed.md#ddp-tuning", "distributed.md#common-failures"),
    ),
    (
        "batchnorm with batch size 2 per gpu, sync statistics across gpus",
        "distributed.md#ddp-tuning",
    ),
    ("multi gpu training inside jupyter lab", "distributed.md#ddp-in-notebooks"),
    (
        "fsdp raises when gradient_clip_val is set, how to clip grads with fsdp",
        "distributed.md#fsdp",
    ),
    (
        "Currently only one optimizer is supported with DeepSpeed",
        ("distributed.md#deepspeed", "distributed.md#common-failures"),
    ),
    (
        "slurm cancelled my job DUE TO TIME LIMIT, can lightning resubmit and resume by itself",
        (
            "distributed.md#preemption-auto-requeue-and-resuming",
            "distributed.md#multi-node-and-slurm",
        ),
    ),
    (
        "Your training graph has changed in this iteration, I set static_graph=True",
        ("distributed.md#common-failures", "distributed.md#ddp-tuning"),
    ),
    # experiments.md
    (
        "pytorch lightning + optuna example to tune lr and dropout",
        (
            "experiments.md#optuna-pruning-callback-in-your-own-script",
            "experiments.md#hyperparameter-search-with-optuna-generated-project",
        ),
    ),
    (
        "my optuna search was killed after 12 trials, can I continue the same study",
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    (
        "k-fold: is it ok to reuse the same LightningModule instance for every fold",
        (
            "experiments.md#cross-validation-in-your-own-script",
            "experiments.md#k-fold-cross-validation-generated-project",
        ),
    ),
    (
        "cross validation for time series forecasting without training on the future",
        "experiments.md#k-fold-cross-validation-generated-project",
    ),
    (
        "does PyTorchLightningPruningCallback still work with lightning 2 import lightning.pytorch",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    # fabric.md
    (
        "something like huggingface accelerate but from lightning, I keep my for loop",
        ("fabric.md#fabric-your-own-training-loop", "fabric.md#fabric-or-the-trainer"),
    ),
    (
        "fabric save and load checkpoint of model and optimizer",
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "for a reinforcement learning project is Fabric or Trainer better",
        "fabric.md#fabric-or-the-trainer",
    ),
    # fine-tuning.md
    (
        "linear probe on frozen features: should the optimizer get only the head parameters",
        "fine-tuning.md#freezing-layers",
    ),
    (
        "fine tune torchvision resnet50 on my 10 classes, smaller lr for the pretrained layers",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "BackboneFinetuning complains my model has no backbone attribute",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "unfreeze_and_add_param_group usage with its own learning rate",
        "fine-tuning.md#custom-unfreezing-with-basefinetuning",
    ),
    (
        "batchnorm running stats of my frozen encoder still change during fit",
        "fine-tuning.md#freezing-layers",
    ),
    # logging.md
    (
        "log matplotlib confusion matrix figure to tensorboard from validation",
        "logging.md#logging-images-histograms-and-figures",
    ),
    ("use wandb and a csv logger at the same time", "logging.md#loggers-csv-tensorboard-wb"),
    ("remove v_num from progress bar", "logging.md#progress-bar-control"),
    (
        "how to stop the 'GPU available: True (cuda), used: True' lines at the start",
        "logging.md#console-output-and-python-logging",
    ),
    (
        "PossibleUserWarning spam in my output, filter all of them at once",
        "logging.md#filtering-warnings",
    ),
    (
        "tqdm bar writes thousands of lines into my slurm .out file",
        "logging.md#progress-bar-control",
    ),
    # migration.md
    (
        "Trainer(tpu_cores=8) raises TypeError after upgrading to 2.x",
        "migration.md#trainer-arguments",
    ),
    (
        "after upgrade to 2.0 my validation_epoch_end(outputs) is never called",
        ("migration.md#hooks", "migration.md#before-and-after"),
    ),
    (
        "from pytorch_lightning.trainer.supporters import CombinedLoader fails in 2.x",
        "migration.md#imports",
    ),
    ("tool to rewrite old lightning 1.x code automatically", "migration.md#let-the-linter-do-it"),
    (
        "strategy='dp' is not registered anymore, what replaces DataParallel",
        ("migration.md#precision-strategies-trainer-methods", "migration.md#imports"),
    ),
    ("what is lint rule LS116", ("migration.md#all-rules", "migration.md#hooks")),
    # performance.md
    ("torch.compile my LightningModule, does trainer accept it", "performance.md#torchcompile"),
    (
        "TypeError: Cannot convert a MPS Tensor to float64 dtype as the MPS framework "
        "doesn't support float64",
        "performance.md#apple-silicon-mps",
    ),
    (
        "init_module(empty_init=True): when is it safe to skip the weight init",
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "qlora like 4bit nf4 training in lightning",
        "performance.md#low-bit-precision-bitsandbytes-fp8",
    ),
    (
        "QuantizationAwareTraining callback is gone in lightning 2, how to quantize now",
        ("performance.md#quantization-for-inference", "migration.md#imports"),
    ),
    (
        "does each self.log call in training_step really cost almost a millisecond",
        "performance.md#per-step-overhead-of-small-models",
    ),
    (
        "split one big linear layer across 2 gpus with DTensor",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    # schemas.md
    ("fields of each finding in lint --json output", "schemas.md#lint---json"),
    ("what does lookup --json print when nothing is matching", "schemas.md#lookup---json"),
    ("parse doctor --json in CI to see if cuda is detected", "schemas.md#doctor---json"),
    ("which files would new overwrite, machine readable output", "schemas.md#new---json"),
    (
        "json schema for validate report, counts pass fail skip",
        ("schemas.md#validate---json", "validate-report.md#json-report"),
    ),
    # troubleshooting.md
    (
        "Trainer says my model is not a LightningModule but it subclasses "
        "pytorch_lightning.LightningModule",
        ("troubleshooting.md#model-must-be-a-lightningmodule", "migration.md#imports"),
    ),
    (
        "how do I know the in_features of the first Linear after my conv layers",
        (
            "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied",
            "best-practices.md#debugging-runs-and-fast_dev_run",
        ),
    ),
    (
        "froze all layers and filtered on requires_grad, now configure_optimizers has "
        "nothing to train",
        "troubleshooting.md#optimizer-got-an-empty-parameter-list",
    ),
    (
        "torch.zeros created in training_step ends up on cpu while the model is on cuda",
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        "how to find which operation produces the first nan in backward",
        ("troubleshooting.md#loss-is-nan", "best-practices.md#debugging-runs-and-fast_dev_run"),
    ),
    (
        "torch.OutOfMemoryError only during validation, training is fine",
        "troubleshooting.md#cuda-out-of-memory",
    ),
    (
        "I forgot max_epochs and the trainer does not stop",
        (
            "troubleshooting.md#training-runs-1000-epochs",
            "best-practices.md#trainer-configuration-and-defaults",
        ),
    ),
    (
        "tensorboard shows nothing, there is only metrics.csv in lightning_logs",
        "troubleshooting.md#no-tensorboard-logs",
    ),
    (
        "You defined a `validation_step` but have no `val_dataloader`. Skipping val loop.",
        "troubleshooting.md#validation-never-runs",
    ),
    (
        "val_check_interval=200 but after limit_train_batches my epoch has only 120 batches",
        (
            "troubleshooting.md#val_check_interval-larger-than-the-epoch",
            "best-practices.md#trainer-configuration-and-defaults",
        ),
    ),
    (
        "a helper logs train_loss with on_step=True and training_step logs it again with "
        "on_epoch, now it raises",
        "troubleshooting.md#selflog-called-twice-with-different-arguments",
    ),
    (
        "is it wrong to call loss.backward() and optimizer.step() myself inside training_step",
        (
            "troubleshooting.md#anti-patterns",
            "best-practices.md#converting-a-pytorch-training-loop",
        ),
    ),
    (
        "run freezes at the end of validation, I log val_acc with sync_dist=True only "
        "when is_global_zero",
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#metrics-and-logging-under-ddp",
            "distributed.md#common-failures",
        ),
    ),
    # validate-checks.md
    (
        "validate says NotLearning on the overfit check, what does it mean",
        "validate-checks.md#overfit",
    ),
    (
        "PredictionsDiffer: reloaded model gives other outputs than the trained one",
        "validate-checks.md#predict-from-checkpoint",
    ),
    ("ExportMismatch Guard failed: x.size()[0] == 1", "validate-checks.md#export"),
    ("HparamsNotSaved from the checkpoint check", "validate-checks.md#checkpoint"),
    ("RankDependentLogging failure in the ddp check", "validate-checks.md#ddp"),
    ("which checks does validate run by default, is ddp among them", "validate-checks.md#checks"),
    ("PresetIncompatible for my fsdp preset with gradient_clip_val", "validate-checks.md#presets"),
    # validate-report.md
    ("validate reports Stuck: stuck in train at batch 0", "validate-report.md#stuck-steps"),
    ("WorkerCrashed with signal 11 during validate", "validate-report.md#crashes"),
    ("limit how much RAM each validate check is allowed to use", "validate-report.md#memory-cap"),
    ("validate --isolate exits 2 saying bwrap is missing", "validate-report.md#trust-model"),
    (
        "does validate write checkpoints or logs into my project folder",
        "validate-report.md#sandbox",
    ),
    ("Timeout: killed before any training/eval step finished", "validate-report.md#timeouts"),
    ("validate two project folders and a model.py with one command", "validate-report.md#usage"),
]

HELD_OUT_10_OFF_TOPIC = [
    "tensorflow keras ModelCheckpoint save_best_only does not save anything",
    "flax nnx or linen, which one should a beginner learn",
    "kubectl rollout restart deployment stuck in pending",
    "sourdough starter smells like acetone",
    "react useEffect runs twice in strict mode",
    "mysql Deadlock found when trying to get lock; try restarting transaction",
    "rust trait object vs generic, which is faster",
    "pandas groupby rolling mean per group",
    "nginx 502 bad gateway upstream timed out",
    "terraform state lock with dynamodb table",
    "excel vlookup returns #N/A although the value exists",
    "helm values override nodeSelector for gpu nodes",
]

# HELD_OUT_10 was scored once (2026-11-30, about 15:00 UTC, after the fifth round): 86.2% (100/116)
# on topic, 12/12 off-topic refused. At 15:20 UTC the "lookup15" helper read its misses to analyse
# them by cause (vocabulary, ranking, coverage) for the sixth round, so from then on it is tuning
# data like the sets above (test_lookup.py keeps a floor on it). Its questions and labels are as
# committed in dbd048c. The next blind set, HELD_OUT_11, is written by someone who cannot see the
# matcher; the lead adds it below and scores it once.


# HELD_OUT_11: the blind set of the sixth round. Written 2026-11-30 between 15:35 and 16:00 UTC by
# a helper ("blind15") who read only the references with their lookup lines removed and the list
# of section anchors: never lookup.py, these tests or the earlier question sets, and never ran the
# search. Each section is the answer at most twice; labels are sections that existed then.
# Scored once, by the lead, at 15:58 UTC: the matcher before the sixth round (88968f2) 87.5%
# (105/120), the matcher after it (lookup15 merged) 88.3% (106/120), median answer 261 tokens;
# 10/12 off-topic refused (the two answered are in test_lookup.OFF_TOPIC_MISSES). Four pasted
# error messages turned out to be word for word in earlier sets (QUERIES, HELD_OUT_4, HELD_OUT_10)
# and were taken out: on the 116 left, 87.1% before the round and 87.9% (102/116) after. Nobody has
# analysed its misses: it stays the held-out part until a later round reads them.

HELD_OUT_11 = [
    # troubleshooting
    (
        (
            "trainer.fit says model must be a LightningModule but my class clearly subclasses "
            "pl.LightningModule??"
        ),
        "troubleshooting.md#model-must-be-a-lightningmodule",
    ),
    (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x3136 and 784x128)",
        "troubleshooting.md#mat1-and-mat2-shapes-cannot-be-multiplied",
    ),
    (
        (
            "MisconfigurationException train_dataloader must be implemented, but I defined "
            "train_data_loader in my module"
        ),
        "troubleshooting.md#train_dataloader-must-be-implemented",
    ),
    (
        (
            "a mask tensor I build with torch.ones inside training_step stays on cpu "
            "while the model is on the gpu"
        ),
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        "You called self.log(train_loss, ...) twice in training_step with different arguments",
        "troubleshooting.md#selflog-called-twice-with-different-arguments",
    ),
    (
        (
            "EarlyStopping conditioned on metric val_f1 which is not available. available metrics "
            "are train_loss, epoch"
        ),
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    (
        "trainer.predict crashes: linear(): argument 'input' (position 1) must be Tensor, not list",
        "troubleshooting.md#predict_step-receives-x-y",
    ),
    ("loss becomes nan after a few epochs", "troubleshooting.md#loss-is-nan"),
    (
        "gpu memory keeps growing every step until OOM, I append the loss to a list for plotting",
        "troubleshooting.md#cuda-out-of-memory",
    ),
    (
        "training hangs at epoch 0 with 4 gpus on slurm, all processes just sit there",
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#common-failures",
        ),
    ),
    (
        (
            "ddp on cpu finishes training but the process ends with 'terminate called without an "
            "active exception' and a non zero exit code"
        ),
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#ddp-on-cpu-and-the-gloo-exit-abort",
        ),
    ),
    (
        (
            "my slurm job hit the time limit and got killed but the script exited with status 0 so "
            "the next command in my pipeline ran"
        ),
        "troubleshooting.md#killed-by-sigterm-exit-code-0",
    ),
    (
        (
            "why is my model training forever? I only set the learning rate and a warning mentions "
            "max_epochs"
        ),
        "troubleshooting.md#training-runs-1000-epochs",
    ),
    (
        "warning: AMP with fp16 is not supported on CPU. Using bf16 instead",
        "troubleshooting.md#16-mixed-on-cpu-becomes-bf16-mixed",
    ),
    (
        "no tensorboard event files, lightning_logs only has a metrics.csv",
        "troubleshooting.md#no-tensorboard-logs",
    ),
    (
        "my validation_step is never called, log says Skipping val loop",
        "troubleshooting.md#validation-never-runs",
    ),
    (
        (
            "ValueError val_check_interval (100) must be less than or equal to the number of the "
            "training batches (40)"
        ),
        "troubleshooting.md#val_check_interval-larger-than-the-epoch",
    ),
    (
        (
            "is it wrong to call optimizer.zero_grad() and loss.backward() myself inside "
            "training_step?"
        ),
        "troubleshooting.md#anti-patterns",
    ),
    (
        "TypeError when I call load_from_checkpoint on the model object I already created",
        (
            "troubleshooting.md#anti-patterns",
            "best-practices.md#checkpointing-and-resuming",
        ),
    ),
    # distributed
    (
        "which strategy for 8 gpus when the model fits on one card",
        "distributed.md#choosing-a-strategy",
    ),
    (
        (
            "does lightning shuffle my training data under ddp even though my DataLoader has "
            "shuffle=False? each gpu gets a different shard?"
        ),
        "distributed.md#ddp-script-for-multiple-gpus",
    ),
    (
        (
            "how do I start multi gpu training with torchrun instead of lightning launching the "
            "processes itself"
        ),
        "distributed.md#launch-paths",
    ),
    (
        "my dataset gets downloaded 8 times when I train on 8 gpus, where should the download go",
        (
            "distributed.md#rules-for-code-that-runs-in-every-process",
            "best-practices.md#lightningdatamodule",
        ),
    ),
    (
        "trainer.predict with 4 gpus only returns a quarter of my predictions",
        (
            "distributed.md#rules-for-code-that-runs-in-every-process",
            "callbacks.md#write-predictions-to-disk",
        ),
    ),
    (
        "val accuracy reported is different on each rank, how to average a metric over all gpus",
        "distributed.md#metrics-and-logging-under-ddp",
    ),
    (
        "SyncBatchNorm layers only work with GPU modules",
        "distributed.md#ddp-tuning",
    ),
    (
        "run multi gpu training from a jupyter notebook cell",
        "distributed.md#ddp-in-notebooks",
    ),
    (
        "fsdp raises an error with gradient_clip_val, how to clip grads with fully sharded",
        "distributed.md#fsdp",
    ),
    (
        "convert the deepspeed zero checkpoint folder into a single fp32 state dict file",
        "distributed.md#deepspeed",
    ),
    (
        "sbatch script for 2 nodes with 4 gpus each, what do I pass to the Trainer",
        "distributed.md#multi-node-and-slurm",
    ),
    (
        "cluster preempts my job; can lightning requeue it and pick up from where it stopped",
        "distributed.md#preemption-auto-requeue-and-resuming",
    ),
    (
        (
            "It looks like your LightningModule has parameters that were not used in producing the "
            "loss returned by training_step"
        ),
        "distributed.md#common-failures",
    ),
    # advanced
    (
        "bf16-mixed or 16-mixed on an A100? what are the precision options",
        "advanced.md#precision",
    ),
    (
        "only 8 samples fit in gpu memory, how to simulate batch size 64",
        "advanced.md#gradient-accumulation",
    ),
    (
        "my OneCycleLR scheduler only steps once per epoch, want it every batch",
        "advanced.md#learning-rate-schedulers",
    ),
    (
        "train a GAN with separate generator and discriminator optimizers in lightning 2",
        "advanced.md#manual-optimization",
    ),
    (
        (
            "automatic_optimization = False and accumulate_grad_batches raises, how to accumulate "
            "gradients by hand"
        ),
        "advanced.md#gradient-accumulation-with-manual-optimization",
    ),
    (
        "truncated_bptt_steps is gone, how do I do tbptt for a long lstm sequence now",
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    (
        "find out which part of training is slow, suspect the dataloader is the bottleneck",
        "advanced.md#profiling",
    ),
    (
        "automatically find a good starting learning rate before training",
        "advanced.md#learning-rate-finder",
    ),
    (
        "largest batch size that fits into gpu memory, automatically",
        "advanced.md#batch-size-finder",
    ),
    (
        "set model init args from the command line with LightningCLI, e.g. --model.lr",
        "advanced.md#lightningcli",
    ),
    (
        "yaml config for the cli with an early stopping and checkpoint callback class_path",
        "advanced.md#lightningcli-config-file",
    ),
    (
        "load my trained model and classify a few samples without using the trainer",
        "advanced.md#inference",
    ),
    (
        "export the model so it runs without lightning installed, with a dynamic batch dimension",
        "advanced.md#export-with-torchexport",
    ),
    (
        "to_torchscript deprecation warning, how do I export to onnx instead",
        "advanced.md#export-to-onnx-torchscript-is-deprecated",
    ),
    ("deploy lightning model behind a fastapi rest endpoint", "advanced.md#serving"),
    # best practices
    (
        "minimal example of a classifier LightningModule with train, val and optimizer",
        "best-practices.md#lightningmodule-structure",
    ),
    (
        "port my plain pytorch for loop with optimizer.step to lightning",
        "best-practices.md#converting-a-pytorch-training-loop",
    ),
    (
        "are val metrics already available in on_train_epoch_end or does validation run after it",
        "best-practices.md#hook-order",
    ),
    (
        "run validation every 500 training steps instead of at the end of every epoch",
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "what does trainer.validate return and how do I get the test metrics as a dict",
        "best-practices.md#fit-validate-test-predict",
    ),
    (
        "datamodule prepare_data vs setup, which one do I assign self.train_ds in",
        "best-practices.md#lightningdatamodule",
    ),
    (
        "log the epoch mean of training loss instead of every step",
        "best-practices.md#logging-metrics",
    ),
    (
        "resume training from a ckpt after my job crashed, with optimizer state",
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        "set seed so two runs give identical results; deterministic=True alone still differs",
        "best-practices.md#reproducibility",
    ),
    (
        "quick smoke test that runs just one batch to check my code doesn't crash",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    # callbacks
    (
        "turn off the checkpoint that lightning saves by default and the model summary table",
        "callbacks.md#default-callbacks",
    ),
    (
        "last.ckpt isn't from the final epoch, resuming from it repeats epochs",
        "callbacks.md#modelcheckpoint",
    ),
    (
        "early stopping patience: does it count epochs or validation runs",
        "callbacks.md#earlystopping",
    ),
    (
        "log the current learning rate every step so I can see the warmup",
        "callbacks.md#learningratemonitor",
    ),
    (
        "stop training cleanly after 4 hours of wall clock time",
        "callbacks.md#stop-within-a-time-budget",
    ),
    (
        "predicting on 10M samples runs out of RAM, write outputs to files as I go",
        "callbacks.md#write-predictions-to-disk",
    ),
    (
        "exponential moving average of the weights (ema) during training",
        "callbacks.md#weight-averaging-swa-ema",
    ),
    (
        "write my own callback that times each epoch",
        "callbacks.md#custom-callback",
    ),
    (
        "my callback keeps a counter; how do I make it survive resuming from a checkpoint",
        "callbacks.md#callback-state-in-checkpoints",
    ),
    (
        "can the model itself ship its early stopping callback instead of passing it to Trainer",
        "callbacks.md#callbacks-defined-by-the-module",
    ),
    # checkpoints
    (
        "load .ckpt weights into a plain nn.Module without lightning, keys have a net. prefix",
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    (
        "_pickle.UnpicklingError: Weights only load failed when loading my checkpoint",
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        (
            "size mismatch for head.weight when I load a checkpoint into a model with more "
            "classes, strict=False doesn't help"
        ),
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        "does trainer.test after fit use the best checkpoint or the final weights",
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        (
            "Attribute 'backbone' is an instance of nn.Module and is already saved during "
            "checkpointing"
        ),
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "save checkpoints straight to an s3 bucket",
        "checkpoints.md#remote-filesystems-s3-gcs",
    ),
    (
        "can I still load a checkpoint saved with pytorch_lightning 1.6",
        "checkpoints.md#upgrading-old-checkpoints",
    ),
    # data loading
    (
        "two validation sets and now my metrics are called val_loss/dataloader_idx_0",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "EarlyStopping on val_loss with a list of 2 val loaders, which key do I monitor",
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "train on two datasets at the same time, one batch of each per step",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        "multiple_trainloader_mode argument removed, what replaces it",
        (
            "migration.md#trainer-arguments",
            "data-loading.md#several-training-dataloaders-combinedloader",
        ),
    ),
    (
        "streaming IterableDataset with num_workers=4 yields every sample 4 times",
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    # experiments
    (
        "optuna study with my own lightning training script, prune bad trials early",
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        (
            "generated project: how do I declare the search space for lr and batch size in the "
            "sweep config"
        ),
        "experiments.md#hyperparameter-search-with-optuna-generated-project",
    ),
    (
        (
            "my hyperparameter search got kill -9'd halfway, can I continue it and spread it over "
            "several machines"
        ),
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    (
        "k fold cross validation with pytorch lightning, 5 folds",
        "experiments.md#cross-validation-in-your-own-script",
    ),
    (
        "cv command in the generated project for forecasting, shouldn't folds respect time order",
        "experiments.md#k-fold-cross-validation-generated-project",
    ),
    (
        "run the lr finder from my project's command line and save the value to a config",
        "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
    ),
    # fabric
    (
        "I want to keep my own training loop but get multi-gpu and mixed precision for free",
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "fabric.backward vs loss.backward, and how do I save a checkpoint with fabric",
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "reinforcement learning with odd update schedule: Fabric or Trainer?",
        "fabric.md#fabric-or-the-trainer",
    ),
    # fine-tuning
    (
        (
            "froze my pretrained encoder with requires_grad=False but the batchnorm running stats "
            "still change"
        ),
        "fine-tuning.md#freezing-layers",
    ),
    (
        "finetune torchvision resnet18 on my 5 classes, smaller lr for the pretrained part",
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "unfreeze the backbone automatically after 5 epochs",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "gradual unfreezing, one layer group at a time with my own schedule",
        "fine-tuning.md#custom-unfreezing-with-basefinetuning",
    ),
    # logging
    (
        "use weights and biases for logging instead of the default",
        "logging.md#loggers-csv-tensorboard-wb",
    ),
    (
        "hparams tab in tensorboard shows hp_metric -1",
        "logging.md#hyperparameters-next-to-the-metrics",
    ),
    (
        "self.log says only scalars, how do I log a confusion matrix plot or sample images",
        "logging.md#logging-images-histograms-and-figures",
    ),
    (
        "progress bar floods my slurm output file, and how to hide v_num",
        "logging.md#progress-bar-control",
    ),
    (
        "silence the 'GPU available: True (cuda), TPU available: False' lines",
        "logging.md#console-output-and-python-logging",
    ),
    (
        "suppress the 'does not have many workers' warning",
        "logging.md#filtering-warnings",
    ),
    # migration
    (
        "validation_epoch_end(outputs) no longer runs after upgrading to 2.0",
        "migration.md#hooks",
    ),
    (
        "tool to automatically upgrade old pytorch lightning code to 2.x",
        "migration.md#let-the-linter-do-it",
    ),
    (
        "strategy 'dp' / 'ddp_sharded' not found in lightning 2",
        "migration.md#precision-strategies-trainer-methods",
    ),
    (
        "what does lint code LS212 mean",
        "migration.md#all-rules",
    ),
    # performance
    (
        "torch.compile my lightning model, the first epoch is super slow",
        "performance.md#torchcompile",
    ),
    (
        "training on my M1 macbook, operator not implemented for mps",
        "performance.md#apple-silicon-mps",
    ),
    (
        "create a huge model directly on the gpu in bf16 so it doesn't fill cpu RAM first",
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "tensor parallel (column/row-wise sharding of linear layers) with the lightning trainer",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    (
        "qlora style 4 bit nf4 training with bitsandbytes in lightning",
        "performance.md#low-bit-precision-bitsandbytes-fp8",
    ),
    (
        "int8 quantize the trained model for faster cpu inference",
        "performance.md#quantization-for-inference",
    ),
    (
        "lightning is much slower than my hand written loop for a tiny mlp on tabular data",
        "performance.md#per-step-overhead-of-small-models",
    ),
    # lightning-skill validate / schemas
    (
        "validate overfit check fails with NotLearning, loss flat on a single batch",
        "validate-checks.md#overfit",
    ),
    (
        "validate says PredictionsDiffer after reloading the best checkpoint",
        "validate-checks.md#predict-from-checkpoint",
    ),
    ("HparamsNotSaved in the checkpoint check", "validate-checks.md#checkpoint"),
    (
        "validate --checks ddp reports UnpicklableModule self.fn",
        "validate-checks.md#ddp",
    ),
    (
        "validate killed my check: stuck in train at batch 0",
        "validate-report.md#stuck-steps",
    ),
    (
        "what exit code does lightning-skill validate return on a bad option",
        "validate-report.md#exit-codes",
    ),
    (
        "fields of the lint --json output",
        "schemas.md#lint---json",
    ),
]

HELD_OUT_11_OFF_TOPIC = [
    "keras EarlyStopping restore_best_weights doesn't restore anything",
    "jax pmap vs shard_map for multi device training",
    "sklearn Pipeline with StandardScaler inside GridSearchCV cross validation",
    "docker: permission denied while trying to connect to the Docker daemon socket",
    "psycopg2.OperationalError: could not connect to server: Connection refused",
    "SQL GROUP BY with HAVING count(*) > 1 returns duplicates",
    "huggingface transformers Trainer gradient_accumulation_steps with deepspeed config",
    "tf.data prefetch AUTOTUNE makes my tensorflow input pipeline faster?",
    "how far away is a lightning strike if the thunder comes 5 seconds later",
    "git merge conflict in a jupyter notebook, how to resolve",
    "sourdough starter not rising after a week",
    "best way to learn spanish in three months",
]

# HELD_OUT_12: the blind set of the seventh round. Written 2026-11-30 between 18:35 and 18:50 UTC
# by a helper ("blind16") who read only the references with their lookup lines removed and the
# list of section anchors: never lookup.py, these tests or the earlier question sets, and never
# ran the search. Topics the seventh round was adding sections for were left out (model not
# learning, workers and pin_memory, MC dropout, Hydra, custom batches, MLflow, spawn); labels are
# sections that existed when it was written. Scored once, by the lead, at 19:25 UTC: the matcher
# before the round (22b6894) 89.2% (124/139), after it (lookup16 merged) 90.6% (126/139; 89.5%,
# 94/105, without its 34 near-copies), median answer 253 tokens; 11/12 off-topic refused (the one
# answered is in test_lookup.OFF_TOPIC_MISSES). Five pasted questions turned out to be word for
# word in earlier sets and were taken out (all five were answered right): on the 134 left, 90.3%
# (121/134). Its misses were read for the closing note only; no change was made for them. One
# change after the score was made for its answered off-topic question's kind (Hugging Face's own
# Trainer, also HELD_OUT_11's miss): 12/12 refused since, in-sample.

HELD_OUT_12 = [
    (
        (
            "You are using a CUDA device ('NVIDIA A100-SXM4-80GB') that has Tensor Cores. To "
            "properly utilize them, you should set `torch.set_float32_matmul_precision('medium' |"
            " 'high')`"
        ),
        "advanced.md#precision",
    ),
    (
        "my gpu only fits batch 8 but the paper uses 64, how do i get the same effective batch",
        "advanced.md#gradient-accumulation",
    ),
    (
        "clip gradients by norm trainer arg",
        "advanced.md#gradient-clipping",
    ),
    (
        (
            "my warmup + cosine schedule is only stepping once per epoch so the lr barely "
            "changes, how do I make the scheduler update every batch? also need total number of "
            "steps for OneCycleLR"
        ),
        "advanced.md#learning-rate-schedulers",
    ),
    (
        (
            "how do I write a GAN in lightning 2 where the generator and discriminator each have "
            "their own optimizer and I step them myself"
        ),
        "advanced.md#manual-optimization",
    ),
    (
        (
            "I turned off automatic_optimization and now accumulate_grad_batches raises. how do i"
            " accumulate over several batches by hand"
        ),
        "advanced.md#gradient-accumulation-with-manual-optimization",
    ),
    (
        (
            "very long sequences with an LSTM, want to backprop through chunks of 20 timesteps "
            "and carry the hidden state forward"
        ),
        "advanced.md#truncated-backpropagation-through-time-tbptt",
    ),
    (
        (
            "training is slow and I have no idea which part, how can I see how much time each "
            "hook takes"
        ),
        "advanced.md#profiling",
    ),
    (
        "how to run the learning rate finder from python and plot the curve",
        "advanced.md#learning-rate-finder",
    ),
    (
        (
            "scale_batch_size runs but my loader still uses batch size 32, it doesn't seem to "
            "pick up the new value"
        ),
        "advanced.md#batch-size-finder",
    ),
    (
        (
            "I'm tired of writing argparse for every hyperparameter, can lightning generate "
            "command line flags from my model's __init__?"
        ),
        "advanced.md#lightningcli",
    ),
    (
        (
            "yaml config for LightningCLI: how do i add EarlyStopping and ModelCheckpoint "
            "callbacks in the file"
        ),
        "advanced.md#lightningcli-config-file",
    ),
    (
        (
            "load a checkpoint and classify a handful of new samples in a plain script without "
            "the Trainer, is there anything I have to switch on the model first?"
        ),
        "advanced.md#inference",
    ),
    (
        (
            "export trained model to a .pt2 file that accepts any batch size and runs without "
            "lightning installed"
        ),
        "advanced.md#export-with-torchexport",
    ),
    (
        "to_torchscript gives a deprecation warning now, what's the replacement? also want onnx",
        "advanced.md#export-to-onnx-torchscript-is-deprecated",
    ),
    (
        "put my classifier behind a flask/fastapi REST endpoint, do I need the Trainer for that?",
        "advanced.md#serving",
    ),
    (
        "skeleton of a lightning module for a simple classifier, what goes where",
        "best-practices.md#lightningmodule-structure",
    ),
    (
        (
            "I have a plain pytorch loop (zero_grad, backward, step). how do I turn it into "
            "lightning code"
        ),
        "best-practices.md#converting-a-pytorch-training-loop",
    ),
    (
        "does on_train_epoch_end run before or after the validation loop? I need val metrics there",
        "best-practices.md#hook-order",
    ),
    (
        (
            "val_check_interval=0.25 with 9 batches per epoch, how many times does validation "
            "actually run"
        ),
        "best-practices.md#trainer-configuration-and-defaults",
    ),
    (
        "what does trainer.test() return and how do I get the test accuracy out as a number",
        "best-practices.md#fit-validate-test-predict",
    ),
    (
        "datamodule prepare_data vs setup, where do i download and where do i split",
        "best-practices.md#lightningdatamodule",
    ),
    (
        "self.log defaults: why is my training loss logged per step but val loss only per epoch",
        "best-practices.md#logging-metrics",
    ),
    (
        (
            "continue an interrupted training run from a ckpt including optimizer and lr "
            "scheduler state"
        ),
        "best-practices.md#checkpointing-and-resuming",
    ),
    (
        (
            "two runs with the same code give different numbers, how do i seed everything and is "
            "deterministic=True enough"
        ),
        "best-practices.md#reproducibility",
    ),
    (
        "quick smoke test: run just one batch of train and val to see if the code crashes",
        "best-practices.md#debugging-runs-and-fast_dev_run",
    ),
    (
        (
            "what callbacks come built into lightning? looking for something for pruning and loss"
            " spikes"
        ),
        "callbacks.md#built-in-callbacks",
    ),
    (
        (
            "I never added a ModelCheckpoint but checkpoints keep appearing in lightning_logs, "
            "where do they come from and how do I stop it"
        ),
        (
            "callbacks.md#default-callbacks",
            "best-practices.md#trainer-configuration-and-defaults",
        ),
    ),
    (
        (
            "save_last=True but last.ckpt is from an earlier epoch than where training ended, "
            "resuming repeats epochs??"
        ),
        "callbacks.md#modelcheckpoint",
    ),
    (
        "stop training automatically if validation loss hasn't improved in 5 epochs",
        "callbacks.md#earlystopping",
    ),
    (
        "log learning rate every step to tensorboard",
        "callbacks.md#learningratemonitor",
    ),
    (
        "cluster gives me 24h, I want training to stop cleanly after 23.5 hours and save a ckpt",
        "callbacks.md#stop-within-a-time-budget",
    ),
    (
        (
            "running trainer.predict over 50M rows fills up RAM, want to dump each batch's output"
            " to disk instead"
        ),
        "callbacks.md#write-predictions-to-disk",
    ),
    (
        "exponential moving average of model weights lightning",
        "callbacks.md#weight-averaging-swa-ema",
    ),
    (
        "how do i write my own callback that times each epoch and prints val loss",
        "callbacks.md#custom-callback",
    ),
    (
        "my callback keeps a counter but after resuming with ckpt_path it starts from 0 again",
        "callbacks.md#callback-state-in-checkpoints",
    ),
    (
        (
            "can the LightningModule itself define its EarlyStopping so I don't have to pass it "
            "to the Trainer every time"
        ),
        "callbacks.md#callbacks-defined-by-the-module",
    ),
    (
        "accumulate 8 batches for the first epochs then switch to no accumulation later",
        "callbacks.md#changing-accumulation-during-training",
    ),
    (
        (
            "model summary table only shows the top level modules, I want to see the layers "
            "inside my encoder"
        ),
        "callbacks.md#model-summary-depth-modelsummary",
    ),
    (
        (
            "load the weights from a .ckpt into my plain nn.Module, keys all start with 'model.' "
            "so load_state_dict fails"
        ),
        "checkpoints.md#what-a-checkpoint-contains",
    ),
    (
        (
            "_pickle.UnpicklingError: Weights only load failed. This file can still be loaded, to"
            " do so you have two options ... WeightsUnpickler error: Unsupported global: GLOBAL "
            "__main__.ModelConfig was not an allowed global by default"
        ),
        "checkpoints.md#loading-checkpoints-safely-weights_only",
    ),
    (
        (
            "RuntimeError: Error(s) in loading state_dict for LitModel: size mismatch for "
            "classifier.weight: copying a param with shape torch.Size([10, 512]) from checkpoint,"
            " the shape in current model is torch.Size([3, 512]). strict=False doesn't help"
        ),
        "checkpoints.md#partial-and-non-strict-loading",
    ),
    (
        (
            "is trainer.test after fit using the best model or the final weights? how do I test "
            "the best one"
        ),
        "checkpoints.md#validate-or-test-the-best-checkpoint",
    ),
    (
        (
            "Attribute 'encoder' is an instance of `nn.Module` and is already saved during "
            "checkpointing. It is recommended to ignore them using "
            "`self.save_hyperparameters(ignore=['encoder'])`."
        ),
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        (
            "LitModel.load_from_checkpoint -> TypeError: __init__() missing 2 required positional"
            " arguments: 'hidden_dim' and 'lr'"
        ),
        "checkpoints.md#save_hyperparameters-and-ignore",
    ),
    (
        "write checkpoints straight to a gcs bucket / s3 instead of local disk",
        "checkpoints.md#remote-filesystems-s3-gcs",
    ),
    (
        (
            "I have checkpoints from pytorch_lightning 1.5, is there a tool to convert them to "
            "the current format"
        ),
        "checkpoints.md#upgrading-old-checkpoints",
    ),
    (
        (
            "I pass two val loaders and now my metric is called val_loss/dataloader_idx_0 and the"
            " checkpoint monitor can't find val_loss"
        ),
        "data-loading.md#several-validation-dataloaders",
    ),
    (
        "train on a labelled and an unlabelled dataset simultaneously, one batch of each per step",
        "data-loading.md#several-training-dataloaders-combinedloader",
    ),
    (
        (
            "my dataset is an infinite generator (IterableDataset, no len), how do I define an "
            "epoch and get validation to run"
        ),
        "data-loading.md#iterabledataset-and-streaming-data",
    ),
    (
        (
            "curriculum learning: make train_dataloader return a different/larger dataset as "
            "epochs go on"
        ),
        "data-loading.md#new-dataloaders-every-n-epochs",
    ),
    (
        (
            "how can the model read num_classes or the vocab size from my datamodule before "
            "building its layers"
        ),
        "data-loading.md#the-datamodule-from-inside-the-model",
    ),
    (
        "ddp vs fsdp vs deepspeed, which strategy do I pick for 4 gpus",
        "distributed.md#choosing-a-strategy",
    ),
    (
        (
            "with multiple GPUs the training data gets shuffled even though I set shuffle=False "
            "in my DataLoader. why"
        ),
        "distributed.md#ddp-script-for-multiple-gpus",
    ),
    (
        (
            "can I start lightning with torchrun --nproc_per_node instead of it launching "
            "processes itself"
        ),
        "distributed.md#launch-paths",
    ),
    (
        "every print and file write happens 4 times when i train on 4 gpus",
        "distributed.md#rules-for-code-that-runs-in-every-process",
    ),
    (
        (
            "my validation accuracy is different with ddp than single gpu, is the logged number "
            "only from one gpu?"
        ),
        "distributed.md#metrics-and-logging-under-ddp",
    ),
    (
        "small per-gpu batch, batchnorm stats are bad, want them computed across all gpus",
        "distributed.md#ddp-tuning",
    ),
    (
        (
            "cpu ddp with 2 processes: training finishes then it prints 'terminate called without"
            " an active exception' and exit code is 134"
        ),
        (
            "distributed.md#ddp-on-cpu-and-the-gloo-exit-abort",
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
        ),
    ),
    (
        "multi gpu from a jupyter notebook",
        "distributed.md#ddp-in-notebooks",
    ),
    (
        "fsdp + gradient_clip_val=1.0 crashes, how do I clip grads with FSDP",
        "distributed.md#fsdp",
    ),
    (
        "deepspeed stage 3 saved a folder not a file, how to get a single fp32 state dict",
        "distributed.md#deepspeed",
    ),
    (
        (
            "slurm sbatch for 2 nodes x 8 gpus, what ntasks-per-node and srun setup does "
            "lightning expect"
        ),
        "distributed.md#multi-node-and-slurm",
    ),
    (
        (
            "jobs on our cluster get preempted; I want lightning to save and resubmit itself and "
            "pick up where it left off"
        ),
        "distributed.md#preemption-auto-requeue-and-resuming",
    ),
    (
        (
            "RuntimeError: It looks like your LightningModule has parameters that were not used "
            "in producing the loss returned by training_step. If this is intentional, you must "
            "enable the detection of unused parameters in DDP"
        ),
        (
            "distributed.md#common-failures",
            "distributed.md#choosing-a-strategy",
        ),
    ),
    (
        "in the generated project how do I run an optuna sweep over model.lr and batch size",
        "experiments.md#hyperparameter-search-with-optuna-generated-project",
    ),
    (
        (
            "my hparam search got OOM-killed after 14 trials, can I restart it without losing the"
            " finished ones? also want 3 machines on one study"
        ),
        "experiments.md#resume-a-killed-study-several-machines",
    ),
    (
        (
            "optuna PyTorchLightningPruningCallback with lightning 2.x, does it still work / "
            "how to use"
        ),
        "experiments.md#optuna-pruning-callback-in-your-own-script",
    ),
    (
        (
            "5 fold cross validation on a forecasting task with the project's cv command, are "
            "folds shuffled?"
        ),
        "experiments.md#k-fold-cross-validation-generated-project",
    ),
    (
        "kfold cv with the Trainer in my own script, do I need a new model per fold",
        "experiments.md#cross-validation-in-your-own-script",
    ),
    (
        "experiments.tune lr writes where? and batch-size tuning on a cpu never stops",
        "experiments.md#learning-rate-finder-and-batch-size-from-the-project-cli",
    ),
    (
        (
            "I want to keep my hand written training loop but get multi-gpu + bf16 without "
            "rewriting it as a LightningModule"
        ),
        "fabric.md#fabric-your-own-training-loop",
    ),
    (
        "for a reinforcement learning project should I use Fabric or the regular Trainer?",
        "fabric.md#fabric-or-the-trainer",
    ),
    (
        (
            "I set requires_grad False on the encoder but its batchnorm running stats still "
            "change during training"
        ),
        "fine-tuning.md#freezing-layers",
    ),
    (
        (
            "fine tune a pretrained resnet50 on my 5 classes with a lower lr for the backbone "
            "than the new head"
        ),
        "fine-tuning.md#transfer-learning-from-a-pretrained-model",
    ),
    (
        "keep the backbone frozen for the first 5 epochs and then unfreeze it automatically",
        "fine-tuning.md#backbonefinetuning-unfreeze-on-a-schedule",
    ),
    (
        "gradual unfreezing, one block at a time at epochs I choose, with a custom callback",
        "fine-tuning.md#custom-unfreezing-with-basefinetuning",
    ),
    (
        "log to both csv and tensorboard at once",
        "logging.md#loggers-csv-tensorboard-wb",
    ),
    (
        "tensorboard HPARAMS tab shows hp_metric = -1 for all my runs",
        "logging.md#hyperparameters-next-to-the-metrics",
    ),
    (
        "how do I log a confusion matrix image / histogram of weights? self.log only takes numbers",
        "logging.md#logging-images-histograms-and-figures",
    ),
    (
        "get rid of v_num in the tqdm bar",
        "logging.md#progress-bar-control",
    ),
    (
        "how to silence 'GPU available: True (cuda), used: True' and 'TPU available: False' lines",
        "logging.md#console-output-and-python-logging",
    ),
    (
        (
            "PossibleUserWarning: The number of training batches (7) is smaller than the logging "
            "interval Trainer(log_every_n_steps=50). how do I hide this"
        ),
        "logging.md#filtering-warnings",
    ),
    (
        (
            "track accuracy, f1 and precision together for val and test with torchmetrics without"
            " copy pasting"
        ),
        "logging.md#several-metrics-together-metriccollection",
    ),
    (
        (
            "wandb: after resuming from a checkpoint I get a brand new run, want the same run's "
            "curves to continue. also upload ckpts as artifacts"
        ),
        "logging.md#wb-uploading-checkpoints-resuming-a-run",
    ),
    (
        "is there a tool that rewrites my old pytorch_lightning 1.x code automatically",
        "migration.md#let-the-linter-do-it",
    ),
    (
        (
            "NotImplementedError: Support for `validation_epoch_end` has been removed in v2.0.0. "
            "`MyModel` implements this method. You can use the `on_validation_epoch_end` hook "
            "instead."
        ),
        (
            "migration.md#hooks",
            "migration.md#before-and-after",
        ),
    ),
    (
        "does torch.compile work with the lightning Trainer? compile model before fit?",
        "performance.md#torchcompile",
    ),
    (
        (
            "NotImplementedError: The operator 'aten::_linalg_svd' is not currently implemented "
            "for the MPS device. training on my m2 macbook"
        ),
        "performance.md#apple-silicon-mps",
    ),
    (
        (
            "creating my 7B param model fills up CPU RAM before it even goes to the GPU, how to "
            "build it straight on device in bf16"
        ),
        "performance.md#large-models-trainerinit_module",
    ),
    (
        "tensor parallel with parallelize_module and a device mesh inside lightning",
        "performance.md#tensor-parallelism-modelparallelstrategy",
    ),
    (
        "qlora style 4bit nf4 training with bitsandbytes in lightning",
        "performance.md#low-bit-precision-bitsandbytes-fp8",
    ),
    (
        (
            "QuantizationAwareTraining callback is gone, how do I int8-quantize my trained model "
            "for cpu inference now"
        ),
        "performance.md#quantization-for-inference",
    ),
    (
        (
            "lightning is way slower than my plain pytorch loop for a tiny tabular MLP, like 2x "
            "per step. is that normal"
        ),
        "performance.md#per-step-overhead-of-small-models",
    ),
    (
        "train on a google cloud tpu v4 with lightning, which precision works",
        "performance.md#tpu-xla",
    ),
    (
        "lightning-skill lookup --json when nothing matches, what keys are in the output",
        "schemas.md#lookup---json",
    ),
    (
        "doctor --json output: what does a null package version mean and when does it exit 1",
        "schemas.md#doctor---json",
    ),
    (
        (
            "TypeError: `model` must be a `LightningModule` or `torch._dynamo.OptimizedModule`, "
            "got `Net`"
        ),
        "troubleshooting.md#model-must-be-a-lightningmodule",
    ),
    (
        (
            "trainer.fit(model) -> "
            "lightning_fabric.utilities.exceptions.MisconfigurationException: `train_dataloader` "
            "must be implemented to be used with the Lightning Trainer"
        ),
        "troubleshooting.md#train_dataloader-must-be-implemented",
    ),
    (
        "I keep my layers in a python list and AdamW says it got nothing to optimize",
        "troubleshooting.md#optimizer-got-an-empty-parameter-list",
    ),
    (
        (
            "RuntimeError: Expected all tensors to be on the same device, but found at least two "
            "devices, cuda:0 and cpu! (when checking argument for argument mat1 in method "
            "wrapper_CUDA_addmm)"
        ),
        "troubleshooting.md#tensors-on-different-devices",
    ),
    (
        (
            "You called `self.log(val_loss, ...)` twice in `validation_step` with different "
            "arguments. This is not allowed"
        ),
        "troubleshooting.md#selflog-called-twice-with-different-arguments",
    ),
    (
        (
            "RuntimeError: Early stopping conditioned on metric `val_f1` which is not available. "
            "Pass in or modify your `EarlyStopping` callback to use any of the following: "
            "`train_loss`"
        ),
        "troubleshooting.md#monitor-key-not-found-in-returned-metrics",
    ),
    (
        (
            "trainer.predict crashes with TypeError: linear(): argument 'input' (position 1) must"
            " be Tensor, not list"
        ),
        "troubleshooting.md#predict_step-receives-x-y",
    ),
    (
        "loss goes to nan after ~300 steps with 16-mixed, how do i find the op that causes it",
        "troubleshooting.md#loss-is-nan",
    ),
    (
        (
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a "
            "total capacity of 23.64 GiB of which 612.00 MiB is free"
        ),
        "troubleshooting.md#cuda-out-of-memory",
    ),
    (
        (
            "ddp on 2 nodes just sits there at 'Initializing distributed: GLOBAL_RANK: 0, MEMBER:"
            " 1/8' forever"
        ),
        (
            "troubleshooting.md#ddp-hangs-or-aborts-at-exit",
            "distributed.md#common-failures",
        ),
    ),
    (
        (
            "the scheduler killed my job at the time limit but the script exited 0 and my "
            "pipeline went on to export a half trained model"
        ),
        "troubleshooting.md#killed-by-sigterm-exit-code-0",
    ),
    (
        (
            "`max_epochs` was not set. Setting it to 1000 epochs. To train without an epoch "
            "limit, set `max_epochs=-1`."
        ),
        "troubleshooting.md#training-runs-1000-epochs",
    ),
    (
        "warning: AMP with fp16 is not supported on CPU. Using `precision='bf16-mixed'` instead",
        "troubleshooting.md#16-mixed-on-cpu-becomes-bf16-mixed",
    ),
    (
        (
            "tensorboard --logdir lightning_logs shows nothing, there's only a metrics.csv in "
            "version_0"
        ),
        "troubleshooting.md#no-tensorboard-logs",
    ),
    (
        "my validation_step is never called, no val metrics at all",
        "troubleshooting.md#validation-never-runs",
    ),
    (
        (
            "ValueError: `val_check_interval` (500) must be less than or equal to the number of "
            "the training batches (120)."
        ),
        "troubleshooting.md#val_check_interval-larger-than-the-epoch",
    ),
    (
        (
            "TypeError: The classmethod `LitModel.load_from_checkpoint` cannot be called on an "
            "instance. Please call it on the class type and make sure the return value is used."
        ),
        (
            "troubleshooting.md#anti-patterns",
            "best-practices.md#checkpointing-and-resuming",
        ),
    ),
    (
        (
            "which checks does lightning-skill validate run when I don't pass --checks, and why "
            "is ddp left out"
        ),
        "validate-checks.md#checks",
    ),
    (
        "validate says fit passed, does that mean my ModelCheckpoint and logger work?",
        (
            "validate-checks.md#fit-validate-test-predict",
            "validate-checks.md#checks",
        ),
    ),
    (
        "validate checkpoint check fails with HparamsNotSaved",
        "validate-checks.md#checkpoint",
    ),
    (
        "NoBestCheckpoint from the rehearse step, what does it want",
        "validate-checks.md#rehearse",
    ),
    (
        (
            "PredictionsDiffer: reloaded model gives different outputs, I build a label map in "
            "setup and keep it as a dict attribute"
        ),
        "validate-checks.md#predict-from-checkpoint",
    ),
    (
        "validate export check: ExportMismatch Guard failed: x.size()[0] == 1",
        (
            "validate-checks.md#export",
            "advanced.md#export-with-torchexport",
        ),
    ),
    (
        "PresetIncompatible on my fsdp preset that sets gradient_clip_val",
        "validate-checks.md#presets",
    ),
    (
        (
            "UnpicklableModule self.fn when running validate --checks ddp, I store a lambda on "
            "the module"
        ),
        "validate-checks.md#ddp",
    ),
    (
        "CLIFailed in validate, something about --print_config round trip",
        "validate-checks.md#cli",
    ),
    (
        "validate fails with LintErrors, how do I see all the findings",
        "validate-checks.md#lint",
    ),
    (
        "run only fit and checkpoint checks on model.py and pass smaller init args so it's fast",
        "validate-report.md#usage",
    ),
    (
        "will validate leave files or __pycache__ in my repo? where does it run the code",
        "validate-report.md#sandbox",
    ),
    (
        "validate Timeout: killed before any training/eval step finished",
        "validate-report.md#timeouts",
    ),
    (
        (
            "validate reports Stuck in predict after batch 0 but my predict_step is just a slow "
            "autoregressive generation"
        ),
        "validate-report.md#stuck-steps",
    ),
    (
        "--memory-mb 2000 gives MemoryError even though the model is tiny",
        "validate-report.md#memory-cap",
    ),
    (
        "check shows WorkerCrashed with signal 11",
        "validate-report.md#crashes",
    ),
    (
        "our CI step fails because validate returned 2, what does that exit status mean",
        "validate-report.md#exit-codes",
    ),
    (
        (
            "what's in each check record of the validate --report json (error_type, location, "
            "hint, details)"
        ),
        "validate-report.md#json-report",
    ),
    (
        "show each validate check as a test case in gitlab/jenkins",
        "validate-report.md#junit-xml",
    ),
    (
        "is it safe to run validate on a model file someone sent me? network access, --isolate",
        "validate-report.md#trust-model",
    ),
]

HELD_OUT_12_OFF_TOPIC = [
    "keras EarlyStopping callback restore_best_weights not working",
    "how do I set up early stopping in xgboost with eval_set",
    "tensorflow MirroredStrategy multi gpu training example",
    "jax pmap vs pjit for data parallel training",
    "scikit-learn GridSearchCV with a pipeline and StandardScaler",
    "how to create a python virtual environment with venv on ubuntu",
    "git undo last commit but keep changes",
    "docker container can't see nvidia gpu, nvidia-smi not found",
    "huggingface tokenizer padding side left for llama generation",
    "how to write a good cover letter for a machine learning internship",
    "pandas groupby multiple columns and aggregate mean",
    "accelerate launch --multi_gpu config for the huggingface Trainer",
]
