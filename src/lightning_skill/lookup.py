"""Section index and search over the skill's ``references/*.md`` (standard library only).

A *section* is one Markdown heading plus the text under it, up to the next heading of any level;
its *path* is the chain of headings above it (``callbacks.md > ModelCheckpoint > Resume``).
Search is BM25F over sections: the heading path, the synonym line, the prose and the code blocks
are separate fields with their own weights (``FIELD_WEIGHTS``), so a section whose heading names
the query wins over one that merely mentions it; adjacent word pairs count too. Words are
lowercased, stemmed by a small rule-based stemmer (which also makes British and American
spellings one word: labelled/labeled, optimise/optimize) and mapped through ``SYNONYMS`` (one
place for Lightning's vocabulary: ckpt -> checkpoint, gpus -> gpu, OOM -> out of memory, stuck ->
hang) on both sides; a word's exact form counts as well as its stem when ranking, so "validate" (the
command) prefers the sections that say "validate" over those about the validation loop. A
generic exception class (``RuntimeError``, ``NotImplementedError``) is one word, "error": its
parts ("runtime", "not implemented") would pull a pasted traceback towards unrelated sections.
A pasted traceback is read without its frames and paths (``clean_traceback``): the message says
what went wrong, the frames name Lightning's internals. A question word no section contains is
read as the known word one substitution or
transposition away, if it is long enough (``TYPO_MIN``): "checkpiont", "schedular".
Equal scores go to the section holding more of the question's weight, then to the one whose
heading names more of it. A second stage (``Index._rerank``) reorders BM25F's first few sections
by how much of the question each covers, how much its heading or lookup line names, and the exact
API names it contains: per-word saturation lets a section that repeats one rare word outscore
the one about the whole question. Answers are single sections cut at a paragraph after
``MAX_ANSWER_TOKENS`` (with a pointer to the rest), so they stay small enough to paste into an
agent's context.

Users' words: a section may carry one line ``<!-- lookup: phrase, phrase, ... -->`` (anywhere in
it, by convention right under the heading) listing the words people use for its topic when they
do not know the API's name ("hide the progress bar", "macbook", "UnpicklingError"). The comment
is invisible in rendered Markdown and left out of answers. Pages at their 4,000-token budget keep
these words in ``PAGE_ALIASES`` here instead, keyed by ``file#anchor``.

Saying "no good match": a question is answered only when the best section scores at least
``MIN_RELATIVE`` of the most the question could score (every word of the question matched and
saturated; a word no section contains weighs as much as the rarest word, so a question about
cooking or Kubernetes, whose words the references lack, cannot reach it), and the question is not
about another framework (Keras, JAX, ...) without naming Lightning or PyTorch, nor about Hugging
Face's own Trainer (``transformers``, ``accelerate``) without naming Lightning. A dotted or
underscored name no section contains (``model.fc.weight`` from a pasted error) does not count
against the match: its parts are words of the question too. Otherwise :meth:`Index.answer`
returns no result, the reason and the two closest headings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Sections with these headings are navigation, not answers.
_SKIPPED_HEADINGS = {"contents", "table of contents"}
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")
_ALIASES_RE = re.compile(r"^\s*<!--\s*lookup:\s*(.*?)\s*-->\s*$")
# BM25F: a word's count in each field is multiplied by the field's weight and divided by the
# field's length normalisation (B: 0 = none, 1 = full) before the sections' usual saturation.
FIELD_WEIGHTS = {"heading": 4.0, "alias": 3.0, "prose": 1.0, "code": 0.5}
FIELD_B = {"heading": 0.3, "alias": 0.5, "prose": 0.75, "code": 0.75}
BIGRAM_WEIGHT = 0.25  # a matched word pair adds this share of its IDF-weighted score
# Second stage (``Index._rerank``) over BM25F's first RERANK_TOP sections. Chosen on the tuning
# questions and HELD_OUT to HELD_OUT_5, checked on HELD_OUT_6 to HELD_OUT_9 (87.5% -> 89.4%, no
# off-topic question more answered); the figures are flat around these values. Re-examined in the
# seventh round (without it HELD_OUT_10 and 11 scored one question more each): leave-one-set-out
# over every set picks the rerank (and these constants) for each set, 812 vs 797 of 838 without
# it (benchmarks/lookup_quality.py reports it).
RERANK_TOP = 8
RERANK_COVER = 1.0
RERANK_HEADING = 2.0
RERANK_API = 4.0
# Chosen on the tuning questions: every off-topic one scores below 0.21 of its maximum (0.2 until
# the seventh round: "numpy broadcasting rules" scored 0.200 once five sections were added, and no
# on-topic question answered right lies between 0.20 and 0.21 over the 824 of every set).
MIN_RELATIVE = 0.21
MAX_ANSWER_TOKENS = 700  # longer sections are cut at a paragraph, with a pointer to the rest
MIN_SCORE = 3.0
UNKNOWN_WEIGHT = 1.0
# Questions about these frameworks are off-topic unless they also name Lightning or PyTorch.
_OTHER_FRAMEWORKS = frozenset(
    {
        *("keras", "tensorflow", "tf", "jax", "flax", "optax", "haiku", "sklearn", "scikit"),
        *("xgboost", "lightgbm", "catboost", "mxnet", "paddle", "theano", "caffe", "chainer"),
        *("pandas", "polars"),
    }
)
# Lightning's own class names count too: "sklearn KFold and a new Trainer per fold" is ours.
_OUR_NAMES = frozenset(
    {"lightning", "pytorch", "torch", "pl", "fabric", "trainer", "lightningmodule", "datamodule"}
)
# Hugging Face's training libraries have a Trainer of their own: a question naming one of them
# and Hugging Face is about theirs unless it names Lightning itself ("huggingface accelerate but
# from lightning" is ours; "a huggingface streaming dataset with the Trainer" is ours too).
_HF_NAMES = frozenset({"huggingface", "hf"})
_HF_LIBRARIES = frozenset({"transformers", "accelerate"})
K1 = 1.6  # term-frequency saturation; 1.2 (the textbook value) let common words outvote a heading
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a an and are as at be by can do does for from how i if in into is it its my of on or so
        that the their then there this to was what when where which while who why will with you
        your me we get use using should would want need make not no
        few several many some lot lots much very really just also still over hundred hundreds
        thousand thousands have has had having about all any each other than too been being did
        doing done these those them they our here way ways thing things something anything am were
        could might like please thanks thank hi hello anyone someone somebody try trying tried
        possible etc eg ie def return import assert doesn don didn isn wasn won aren t s d m ll
        ve re says say said tell tells telling told give gives given gave during even though
        although instead rather anymore such actually basically somehow already whether""",
    )
)

# Users' words -> the references' words, applied to both questions and sections (so the map is
# symmetric and a section never needs both spellings). One place for Lightning's vocabulary;
# section-specific phrasings belong in that section's ``<!-- lookup: ... -->`` line instead.
SYNONYMS: dict[str, str] = {
    # checkpoints, parameters
    **dict.fromkeys(("ckpt", "ckpts", "chkpt"), "checkpoint"),
    **dict.fromkeys(("hparams", "hparam", "hyperparams", "hyperparam"), "hyperparameter"),
    **dict.fromkeys(("params", "param"), "parameter"),
    **dict.fromkeys(("grad", "grads"), "gradient"),
    "lr": "learning rate",
    "bs": "batch size",
    "optimiser": "optimizer",
    "optimisers": "optimizer",
    "optimisation": "optimization",
    # hardware, memory, failures
    **dict.fromkeys(("gpus", "cuda"), "gpu"),
    **dict.fromkeys(("oom", "ooms"), "out memory"),
    **dict.fromkeys(("ram", "vram", "mem"), "memory"),
    **dict.fromkeys(("stuck", "hung", "hangs", "hanging", "deadlock", "deadlocks"), "hang"),
    **dict.fromkeys(("crashed", "crashes", "killed", "died", "dies", "preempted"), "crash"),
    **dict.fromkeys(("nans", "inf", "infs"), "nan"),
    # Generic exception and warning class names say little about the topic; the message does.
    **dict.fromkeys(
        (
            *("exception", "exceptions", "errors", "typeerror", "runtimeerror", "valueerror"),
            *("keyerror", "indexerror", "assertionerror", "oserror"),
            *("notimplementederror", "misconfigurationexception", "attributeerror"),
            *("nameerror", "filenotfounderror", "permissionerror", "lookuperror"),
        ),
        "error",
    ),
    **dict.fromkeys(("possibleuserwarning", "warnings"), "warning"),
    "modulenotfounderror": "import error",
    "lightningdatamodule": "datamodule",
    **dict.fromkeys(("multi", "multigpu"), "multiple"),
    **dict.fromkeys(("multinode", "multinodes"), "multiple node"),
    **dict.fromkeys(("jupyter", "colab", "ipython", "ipynb"), "notebook"),
    # logging, output
    **dict.fromkeys(("img", "imgs", "picture", "pictures", "photo", "photos"), "image"),
    **dict.fromkeys(("plot", "plots", "chart", "charts", "fig", "figures"), "figure"),
    "tb": "tensorboard",
    **dict.fromkeys(("github", "gitlab", "jenkins", "circleci"), "ci"),
    **dict.fromkeys(
        ("quiet", "silence", "silent", "suppress", "mute", "hide", "hidden", "hiding"), "silence"
    ),
    # training flow
    **dict.fromkeys(("restart", "restarting", "resuming", "resumed", "continue"), "resume"),
    **dict.fromkeys(("frozen", "freezing"), "freeze"),
    **dict.fromkeys(("unfrozen", "thaw", "unfreezing"), "unfreeze"),
    **dict.fromkeys(("pred", "preds"), "prediction"),
    **dict.fromkeys(("val", "valid"), "validation"),
    **dict.fromkeys(("loader", "loaders"), "dataloader"),
    **dict.fromkeys(("crossval", "crossvalidation", "cv"), "cross validation fold"),
    **dict.fromkeys(("hpo", "sweep", "sweeps"), "hyperparameter search"),
    **dict.fromkeys(("columnwise", "colwise"), "colwise"),
    **dict.fromkeys(("gru", "grus", "lstms"), "lstm"),
    # Comparatives and superlatives of the adjectives the references use in their base form (a
    # rule for -er would turn "trainer" into "train" and "logger" into "log").
    **dict.fromkeys(("big", "bigger", "biggest", "larger", "largest", "huge"), "large"),
    **dict.fromkeys(("smaller", "smallest", "tiny"), "small"),
    **dict.fromkeys(("faster", "fastest", "quicker", "quickly"), "fast"),
    **dict.fromkeys(("slower", "slowest"), "slow"),
    **dict.fromkeys(("longer", "longest"), "long"),
    **dict.fromkeys(("shorter", "shortest"), "short"),
    **dict.fromkeys(("higher", "highest"), "high"),
    **dict.fromkeys(("lower", "lowest"), "low"),
}

# Users' words for sections of the pages at their 4,000-token budget (a test holds each page to
# it), where a ``<!-- lookup: ... -->`` line would not fit; migration.md is also generated from
# the lint rules. Keyed by ``file#anchor``; a test checks that every key names a section.
PAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "migration.md#let-the-linter-do-it": (
        *("upgrade my code to lightning 2", "migrate a 1.x project automatically"),
        *("fix deprecated code", "codemod", "rewrite old pytorch_lightning code"),
    ),
    "migration.md#before-and-after": (
        *("what changed in lightning 2.0", "1.x vs 2.x example", "old style code side by side"),
        "pytorch_lightning to lightning.pytorch",
    ),
    "migration.md#trainer-arguments": (
        *("auto_select_gpus", "resume_from_checkpoint", "old trainer flags stopped working"),
        *("Trainer got an unexpected keyword argument", "tpu_cores", "gpus=2 after upgrading"),
    ),
    "migration.md#precision-strategies-trainer-methods": (
        *("precision=16 deprecated", "trainer.tune removed", "auto_lr_find replacement"),
        *("Tuner", "add_argparse_args removed", "strategy dp removed", "old precision names"),
        *("DataParallel replacement", "dp not registered"),
    ),
    "migration.md#hooks": (
        *("training_epoch_end removed", "validation_epoch_end removed", "removed hooks"),
        *("optimizer_idx removed", "hook signature changed", "takes 1 positional argument"),
    ),
    "migration.md#imports": (
        *("import path moved", "pytorch_lightning or lightning.pytorch", "old module paths"),
        *("cannot import name", "trainer.supporters"),
    ),
    "migration.md#all-rules": ("rule codes", "LS codes", "what a lint code means"),
    "distributed.md#launch-paths": (
        *("ddp vs ddp_spawn", "spawn or subprocess", "torchrun or srun", "how processes start"),
        *("launcher", "start with torchrun", "external launcher starts the processes"),
    ),
    "distributed.md#ddp-script-for-multiple-gpus": (
        *("dataset not divisible by the number of gpus", "samples repeated across processes"),
        "DistributedSampler padding",
    ),
    "distributed.md#ddp-in-notebooks": ("jupyter lab multi gpu", "notebook cell on several gpus"),
    "distributed.md#ddp-tuning": (
        *("nccl timeout", "static_graph", "gradient_as_bucket_view", "sync_batchnorm"),
        *("SyncBatchNorm", "ddp communication hook", "fp16 compress gradients", "ddp speed"),
    ),
    "distributed.md#common-failures": (
        *("unused parameters error", "expected to have finished reduction"),
        *("training graph has changed", "ddp error messages", "watchdog timeout"),
        "parameters that were not used in producing the loss",
    ),
    "distributed.md#deepspeed": ("zero3", "zero2", "zero offload"),
    "distributed.md#fsdp": ("gradient clipping with fsdp", "clip gradients when sharded"),
    "distributed.md#preemption-auto-requeue-and-resuming": (
        *("slurm preemption", "auto_requeue", "SIGUSR1 signal", "SIGTERM", "hpc_ckpt"),
        *("job requeued and resumed", "walltime", "spot or preemptible instances"),
    ),
    "advanced.md#gradient-accumulation": (
        "batch does not fit in gpu memory",
        "only a small batch fits",
    ),
    "advanced.md#batch-size-finder": (
        *("largest batch that fits in memory", "automatic batch size", "scale_batch_size"),
    ),
    "advanced.md#profiling": (
        *("which part is slow", "time per step", "dataloader or model bottleneck"),
        "slow epochs",
    ),
    "advanced.md#inference": (
        *("run the trained model on new data", "predict on unseen files"),
        *("without the trainer", "classify a few samples", "plain forward pass on a loaded model"),
    ),
    "advanced.md#export-with-torchexport": (
        *("runs without lightning installed", "dynamic batch dimension", "torch.export.Dim"),
    ),
    "best-practices.md#converting-a-pytorch-training-loop": (
        *("move my training loop to lightning", "zero_grad backward step loop", "refactor"),
    ),
}


def tokens_estimate(text: str) -> int:
    """The budget unit the project uses: characters / 4."""
    return len(text) // 4


def slugify(heading: str) -> str:
    """GitHub-style anchor: lowercase, drop punctuation except ``-`` and ``_``, spaces to ``-``."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _stem(word: str) -> str:
    """A deliberately small stemmer: plural and verb suffixes, ``-ation``/``-ate``, ``-tion``,
    ``-ent``/``-ence`` (differ/different/difference), ``-ly``, doubled consonants, a final ``e``
    (validate/validation/validating -> valid)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # strategies -> strategy
    for suffix in ("ibility", "ability", "ible", "able"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]  # reproducible/reproducibility -> reproduc
    for suffix in ("ing", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] != "l":
                word = word[:-1]  # stopping -> stop, logged -> log
            break
    if len(word) > 8 and word.endswith("ation"):
        return word[:-5]  # accumulation -> accumul
    if len(word) > 6 and word.endswith("ate"):
        return word[:-3]  # accumulate -> accumul
    if len(word) > 5 and word.endswith("at") and not word.endswith("mat"):
        return word[:-2]  # accumulat(ed, ing) -> accumul
    if len(word) > 8 and word.endswith("tion"):
        return word[:-3]  # prediction -> predict
    if len(word) > 6 and word.endswith(("ent", "ence", "enc")):
        return word[: -3 if word.endswith(("ent", "enc")) else -4]  # different/difference -> differ
    if len(word) > 5 and word.endswith("ly"):
        word = word[:-2]  # manually -> manual
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # serve/serving -> serv
    # British and American spellings are one word: labelled/labeled, optimise/optimize,
    # behaviour/behavior (both sides go through this, so only such pairs are conflated).
    if len(word) > 5 and word.endswith("ll"):
        word = word[:-1]
    word = re.sub(r"(?<=\w{3})is(?=$|a)", "iz", word)
    return re.sub(r"(?<=\w{2})our", "or", word)


_NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
)
_CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_RAW_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]*[A-Za-z0-9]|[A-Za-z0-9]")
_HYPHENATED_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
_COMPOUND_RE = re.compile(r"[_.]")


def _words(part: str) -> list[str]:
    """One lowercased word as the index sees it: synonyms mapped, numbers as ``#``, stemmed."""
    out = []
    for word in SYNONYMS.get(part, part).split():
        if word in _STOPWORDS:
            continue
        # Any number is the same word: "every 1000 steps" is "every N steps", not "1000 epochs".
        if word.isdigit() or word in _NUMBER_WORDS:
            out.append("#")
            continue
        stem = _stem(word)
        out.append(stem)
        if stem != word and "_" not in word and "." not in word:
            out.append("=" + word)
    return out


# A release number of Lightning or torch (1.6, 2.x, 2.1.0) is the word "version": as digits it
# was "#" twice plus a dotted name no section shares, and old-vs-new questions lost their point.
_VERSION_RE = re.compile(r"v?[12]\.(?:1?\d|x)(?:\.\d+)?")


def tokenize(text: str) -> list[str]:
    """Lowercase, stemmed words; ``fast_dev_run``, ``a.b`` and ``ModelCheckpoint`` also yield
    their parts, ``fine-tune`` also yields ``finetune``; users' words map through ``SYNONYMS``."""
    out: list[str] = []
    for raw in _RAW_WORD_RE.findall(text):
        word = raw.lower()
        if _VERSION_RE.fullmatch(word):
            out.append("version")  # "1.6", "2.x": which one matters less than that it is one
            continue
        parts = [word]
        if "_" in word or "." in word:
            parts += [p for p in re.split(r"[_.]", word) if p]
        # A generic class name (RuntimeError) is one word: its parts ("runtime", "not
        # implemented") would match sections about something else.
        if re.search(r"[a-z][A-Z]", raw) and "_" not in raw and word not in SYNONYMS:
            parts += [p.lower() for p in _CAMEL_RE.findall(raw) if len(p) > 1]
        for part in parts:
            out.extend(_words(part))
    for joined in _HYPHENATED_RE.findall(text):
        out.extend(_words(joined.replace("-", "").lower()))
    return out


# A question word the index lacks is read as the known word one substitution or transposition
# away ("checkpiont", "lightnign"), if it has at least this many letters. Insertions and
# deletions are left out: they turned "vlookup" (an Excel question) into "lookup".
TYPO_MIN = 7
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _variants(stem: str) -> list[str]:
    """The words one substitution or transposition away from a stemmed word of at least
    ``TYPO_MIN`` letters (none for a shorter one)."""
    out: list[str] = []
    if len(stem) < TYPO_MIN:
        return out
    splits = [(stem[:i], stem[i:]) for i in range(len(stem) + 1)]
    out += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    out += [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    return out


_FRAME_RE = re.compile(r'^\s*File "[^"]*", line \d+.*$')
_EXC_PREFIX_RE = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=\w*(?:Error|Exception|Warning)\b)")
_PATH_RE = re.compile(r"(?:[A-Za-z]:)?(?:[\w.~-]*[/\\])+[\w.-]*")


def clean_traceback(text: str) -> str:
    """A pasted traceback without what is the user's own, not the problem's: each ``File "...",
    line N, in f`` frame with the source line under it, the "Traceback" line, file paths, and the
    module path before an exception class (``lightning.fabric....MisconfigurationException``).
    Frames name Lightning's internals (trainer.py, call.py) and the user's files; left in, they
    outweigh the one line that says what went wrong. Other text is returned unchanged."""
    if not _FRAME_RE.search(text) and "Traceback (most recent call last)" not in text:
        return _EXC_PREFIX_RE.sub("", text)
    kept, skip_source = [], False
    for line in text.splitlines():
        if _FRAME_RE.match(line):
            skip_source = True  # the frame's source line follows, indented deeper
            continue
        if skip_source and line.startswith("    "):
            skip_source = False
            continue
        skip_source = False
        if line.strip().startswith("Traceback (most recent call last)"):
            continue
        kept.append(_PATH_RE.sub(" ", line))
    return _EXC_PREFIX_RE.sub("", "\n".join(kept))


def _trim(body: str, where: str) -> str:
    """``body`` cut to about ``MAX_ANSWER_TOKENS``: at the last blank line that fits (outside code
    blocks), else at the last line that fits outside a code block (a table row), plus a pointer."""
    limit = MAX_ANSWER_TOKENS * 4
    if len(body) <= limit:
        return body
    lines = body.splitlines()
    size, in_fence, last_line, last_paragraph = 0, False, 1, 0
    for i, line in enumerate(lines):
        size += len(line) + 1
        if size > limit:
            break
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        last_line = i + 1
        if not line.strip():
            last_paragraph = i
    # A paragraph break in the second half of the budget reads better than a cut mid-list.
    keep = last_paragraph if size and last_paragraph * 2 > last_line else last_line
    kept = "\n".join(lines[:keep]).rstrip()
    return f"{kept}\n\n[... cut at {MAX_ANSWER_TOKENS} tokens; the rest: {where}]"


@dataclass
class Section:
    file: str  # e.g. "callbacks.md"
    headings: tuple[str, ...]  # path of headings from the page title down to this one
    level: int
    anchor: str
    body: str  # the heading line and the text under it, marker comments removed
    aliases: tuple[str, ...] = ()  # users' words for the topic, from ``<!-- lookup: ... -->``
    _tf: Counter = field(default_factory=Counter, repr=False)
    _heading_words: frozenset = field(default_factory=frozenset, repr=False)
    _named_words: frozenset = field(default_factory=frozenset, repr=False)
    _length: int = 0

    @property
    def heading(self) -> str:
        return self.headings[-1]

    @property
    def path(self) -> str:
        return " > ".join((self.file, *self.headings[1:])) if len(self.headings) > 1 else self.file

    @property
    def tokens(self) -> int:
        return tokens_estimate(self.render())

    @property
    def text(self) -> str:
        """The section as an answer: cut after ``MAX_ANSWER_TOKENS`` at a paragraph (never inside
        a code block), with a line that says where the rest is."""
        return _trim(self.body.strip(), f"references/{self.file}#{self.anchor}")

    def render(self) -> str:
        return f"[{self.path}]  (references/{self.file}#{self.anchor})\n{self.text}\n"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "heading": self.heading,
            "path": self.path,
            "anchor": self.anchor,
            "level": self.level,
            "tokens": self.tokens,
            "text": self.text,
        }


def parse_sections(path: Path) -> list[Section]:
    """Split one Markdown file into sections (headings inside code fences are ignored)."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: list[str] | None = None
    level = 0
    in_fence = False
    anchors: Counter = Counter()

    aliases: list[str] = []

    def close() -> None:
        if current is not None and stack:
            heading = stack[-1][1]
            slug = slugify(heading)
            n = anchors[slug]
            anchors[slug] += 1
            anchor = slug if n == 0 else f"{slug}-{n}"
            sections.append(
                Section(
                    file=path.name,
                    headings=tuple(h for _, h in stack),
                    level=level,
                    anchor=anchor,
                    body="\n".join(current),
                    aliases=tuple(aliases),
                )
            )

    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING_RE.match(line)
        if match:
            close()
            level = len(match.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match.group(2)))
            current = [line]
            aliases = []
            continue
        if not in_fence and (alias_match := _ALIASES_RE.match(line)):
            aliases.extend(a.strip() for a in alias_match.group(1).split(",") if a.strip())
            continue
        if current is not None and not (not in_fence and _COMMENT_RE.match(line)):
            current.append(line)
    close()
    return sections


@dataclass
class Answer:
    query: str
    matched: bool
    hits: list[tuple[float, Section]]  # empty when not matched
    closest: list[Section]  # the two best sections, matched or not
    reason: str  # why there is no good match ("" when matched)


PAIR_WINDOW = 1  # words this close (after stopwords are dropped) form a pair, in either order


def _bigrams(words: list[str]) -> list[str]:
    words = [w for w in words if not w.startswith("=")]
    pairs = []
    for i, a in enumerate(words):
        for b in words[i + 1 : i + 1 + PAIR_WINDOW]:
            if a != b:
                pairs.append(f"{a} {b}" if a < b else f"{b} {a}")
    return pairs


def _fields(section: Section) -> dict[str, list[str]]:
    """The words of each field of a section; bigrams within a heading, a synonym phrase or a line
    count too, so "progress bar" beats a section that has "progress" here and "bar" there."""
    heading = section.headings[1:] or section.headings[:1]
    fields: dict[str, list[str]] = {"heading": [], "alias": [], "prose": [], "code": []}
    for text in heading:
        words = tokenize(text)
        fields["heading"] += words + _bigrams(words)
    for phrase in section.aliases:
        words = tokenize(phrase)
        fields["alias"] += words + _bigrams(words)
    in_fence = False
    for line in section.body.splitlines()[1:]:  # the first line is the heading
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        words = tokenize(line)
        fields["code" if in_fence else "prose"] += words + _bigrams(words)
    return fields


class Index:
    """BM25F index over the sections of every reference page: each field (heading, synonym line,
    prose, code) has its own weight and length normalisation."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        searchable = [s for s in sections if s.heading.lower() not in _SKIPPED_HEADINGS]
        # Page titles (level 1) only introduce a page; answers are its sections.
        self._docs = [s for s in searchable if s.level > 1]
        fields = [_fields(s) for s in self._docs]
        n = max(len(self._docs), 1)
        avg = {f: max(sum(len(d[f]) for d in fields) / n, 1.0) for f in FIELD_WEIGHTS}
        df: Counter = Counter()
        for section, words in zip(self._docs, fields, strict=True):
            tf: Counter = Counter()
            for name, weight in FIELD_WEIGHTS.items():
                norm = 1 - FIELD_B[name] + FIELD_B[name] * len(words[name]) / avg[name]
                for word, count in Counter(words[name]).items():
                    tf[word] += weight * count / norm
            section._tf = tf
            section._heading_words = frozenset(words["heading"])
            section._named_words = frozenset(words["heading"] + words["alias"])
            section._length = sum(len(w) for w in words.values())
            df.update(tf.keys())
        self._idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        # A word no section contains: as rare as a word can be, scaled (many are just words the
        # references do not use, "crashed", "halfway"; questions about cooking have only those).
        self._unknown_idf = UNKNOWN_WEIGHT * math.log(1 + (n + 0.5) / 0.5)

    @classmethod
    def from_dir(cls, directory: Path) -> Index:
        sections: list[Section] = []
        for path in sorted(directory.glob("*.md")):
            sections.extend(parse_sections(path))
        for section in sections:
            extra = PAGE_ALIASES.get(f"{section.file}#{section.anchor}", ())
            section.aliases = (*section.aliases, *extra)
        return cls(sections)

    def _tokenize(self, query: str) -> list[str]:
        """The question's words; one the index lacks becomes the known word it is a typo of
        (``_variants``), the most specific one if several."""
        out = []
        for word in tokenize(clean_traceback(query)):
            typo = word not in self._idf and word[0] not in "=#" and not _COMPOUND_RE.search(word)
            if typo:
                known = [v for v in _variants(word) if v in self._idf]
                if known:
                    word = max(known, key=lambda v: -self._idf[v])
            out.append(word)
        return out

    def _query_terms(self, query: str) -> tuple[set[str], set[str]]:
        words = self._tokenize(query)
        return set(words), set(_bigrams(words))

    def score(self, query: str, section: Section) -> float:
        return self._score(*self._query_terms(query), section)

    def _score(self, words: set[str], pairs: set[str], section: Section) -> float:
        total = 0.0
        for term in words | pairs:
            f = section._tf.get(term, 0.0)
            if f:
                weight = BIGRAM_WEIGHT if term in pairs else 1.0
                total += weight * self._idf.get(term, 0.0) * f * (K1 + 1) / (f + K1)
        return total

    def search(self, query: str, k: int = 1) -> list[tuple[float, Section]]:
        """The best ``k`` sections: BM25F order, then the first ``RERANK_TOP`` reranked."""
        return self._rerank(query, self._ranked(query))[:k]

    def _ranked(self, query: str) -> list[tuple[float, Section]]:
        terms = self._query_terms(query)
        scored = [(self._score(*terms, s), s) for s in self._docs]
        scored = [pair for pair in scored if pair[0] > 0]
        # Ties (common with short questions) go to the section that contains more of the
        # question's weight, then to the one whose heading says more of it.
        weights = self._weights(query)

        def key(pair: tuple[float, Section]) -> tuple[float, float, float]:
            score, section = pair
            found = sum(w for t, w in weights.items() if section._tf.get(t))
            named = sum(w for t, w in weights.items() if t in section._heading_words)
            return (-round(score, 6), -found, -named)

        scored.sort(key=key)
        return scored

    def _rerank(
        self, query: str, ranked: list[tuple[float, Section]]
    ) -> list[tuple[float, Section]]:
        """Second stage over the first ``RERANK_TOP``: BM25F saturates each word, so a section
        that says one rare word many times can outscore one about the whole question. Each
        candidate's score grows with the share of the question's weight it contains
        (``RERANK_COVER``) and the share its heading or lookup line names (``RERANK_HEADING``),
        plus ``RERANK_API`` per IDF of an exact API name (``validation_epoch_end``,
        ``trainer.tune``) it contains: a pasted name says what the question is about."""
        weights = self._weights(query)
        total = sum(weights.values()) or 1.0
        apis = {w for w in self._tokenize(query) if _COMPOUND_RE.search(w) and w in self._idf}

        def boosted(score: float, s: Section) -> float:
            cover = sum(w for t, w in weights.items() if s._tf.get(t)) / total
            named = sum(w for t, w in weights.items() if t in s._named_words) / total
            api = sum(self._idf[a] for a in apis if s._tf.get(a))
            return score * (1 + RERANK_COVER * cover + RERANK_HEADING * named) + RERANK_API * api

        head = sorted(
            ((boosted(score, s), s) for score, s in ranked[:RERANK_TOP]), key=lambda p: -p[0]
        )
        return head + ranked[RERANK_TOP:]

    def _weights(self, query: str) -> dict[str, float]:
        """Each query word's weight for coverage: its IDF, or the unknown weight. A compound
        (``model.fc.weight``, ``pytorch_lightning.utilities.cli``) that no section contains is
        left out: its parts are words of the question too, and a pasted name from the user's own
        code should not count against the section that explains the error."""
        weights = {}
        for word in set(self._tokenize(query)):
            if word.startswith("="):
                continue  # an exact form counts once, as its stem
            if word in self._idf:
                weights[word] = self._idf[word]
            elif not _COMPOUND_RE.search(word):
                weights[word] = self._unknown_idf
        return weights

    def coverage(self, query: str, section: Section) -> float:
        """Share of the question's IDF weight that ``section`` contains (0..1)."""
        weights = self._weights(query)
        total = sum(weights.values())
        found = sum(w for word, w in weights.items() if section._tf.get(word))
        return found / total if total else 0.0

    def max_score(self, query: str) -> float:
        """What a section matching every word of the question, saturated, would score."""
        return (K1 + 1) * sum(self._weights(query).values())

    def answer(self, query: str, k: int = 1) -> Answer:
        """The best ``k`` sections, or none (``matched=False``) when the best is a weak match;
        ``closest`` always holds the two best headings, for a "did you mean" line."""
        ranked = self._ranked(query)
        hits = self._rerank(query, ranked)[: max(k, 2)]
        closest = [s for _, s in hits[:2]]
        if not hits:
            return Answer(query, False, [], closest, "no section shares a word with the question")
        raw = {w.lower() for w in re.findall(r"[A-Za-z]+", query)}
        if raw & _OTHER_FRAMEWORKS and not raw & _OUR_NAMES:
            other = sorted(raw & _OTHER_FRAMEWORKS)[0]
            return Answer(query, False, [], closest, f"the question is about {other}")
        if raw & _HF_NAMES and raw & _HF_LIBRARIES and not raw & (_OUR_NAMES - {"trainer"}):
            other = sorted(raw & _HF_LIBRARIES)[0]
            return Answer(query, False, [], closest, f"the question is about Hugging Face {other}")
        # The decision is BM25F's (the rerank orders sections, it does not make a match) and
        # ignores the exact-form credit: an off-topic question's "rules" or "columns" would
        # otherwise count twice.
        best = ranked[0][1]
        words, pairs = self._query_terms(query)
        score = self._score({w for w in words if not w.startswith("=")}, pairs, best)
        relative = score / self.max_score(query)
        if relative < MIN_RELATIVE or score < MIN_SCORE:
            covered = self.coverage(query, best)
            reason = (
                f"weak match (score {score:.1f}, {relative:.0%} of the most the question could "
                f"score; covers {covered:.0%} of its words)"
            )
            return Answer(query, False, [], closest, reason)
        return Answer(query, True, hits[:k], closest, "")

    def toc(self) -> list[Section]:
        return [s for s in self.sections if s.heading.lower() not in _SKIPPED_HEADINGS]


def default_index() -> Index:
    from lightning_skill.resources import references_dir

    return Index.from_dir(references_dir())
