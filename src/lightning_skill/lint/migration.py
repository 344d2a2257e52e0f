"""Render ``references/migration.md`` from the rule catalogue, so the guide and the linter agree.

``python -m lightning_skill.lint.migration`` rewrites the file; ``tests/lint`` fails when the file
in the repository differs from what this renders.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lightning_skill.lint import rules as R
from lightning_skill.lint.rules.imports import DERIVED_MOVED
from lightning_skill.lint.rules.logging import REMOVED_LOGGER_METHODS

_FIXED_TRAINER_ARGS = {
    "gpus": "literal N",
    "tpu_cores": "literal N",
    "num_processes": "literal N",
    "checkpoint_callback": "True/False",
    "replace_sampler_ddp": "yes",
    "reload_dataloaders_every_epoch": "True/False",
    "weights_summary": "None/'top'",
    "progress_bar_refresh_rate": "0",
    "distributed_backend": "literal",
    "amp_backend": "'native'",
    "resume_from_checkpoint": "one .fit()",
}

BEFORE = """\
import pytorch_lightning as pl
from pytorch_lightning.utilities.seed import seed_everything


class Model(pl.LightningModule):
    def __init__(self, hparams):
        super().__init__()
        self.hparams = hparams

    def validation_step(self, batch, batch_idx):
        return self.loss(batch)

    def validation_epoch_end(self, outputs):
        self.log("val_loss", torch.stack(outputs).mean())


seed_everything(0)
trainer = pl.Trainer(gpus=1, precision=16, max_epochs=3, resume_from_checkpoint=ckpt)
trainer.fit(model, train_dataloader=train)
"""

AFTER = """\
import lightning.pytorch as pl
import torch
from lightning.pytorch import seed_everything
from torch.utils.data import DataLoader, TensorDataset


class Model(pl.LightningModule):
    def __init__(self, lr: float = 0.1):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(4, 1)
        self.val_losses: list[torch.Tensor] = []  # step outputs are kept by you now

    def loss(self, batch):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def training_step(self, batch, batch_idx):
        return self.loss(batch)

    def validation_step(self, batch, batch_idx):
        self.val_losses.append(self.loss(batch))

    def on_validation_epoch_end(self):
        self.log("val_loss", torch.stack(self.val_losses).mean())
        self.val_losses.clear()

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


seed_everything(0)
data = DataLoader(TensorDataset(torch.randn(32, 4), torch.randn(32, 1)), batch_size=8)
trainer = pl.Trainer(
    accelerator="cpu",  # was gpus=1: accelerator="gpu", devices=1
    devices=1,
    precision="bf16-mixed",  # was 16; "16-mixed" on a GPU
    max_epochs=1,
    limit_train_batches=2,
    limit_val_batches=2,
    logger=False,
    enable_checkpointing=False,
    enable_progress_bar=False,
)
trainer.fit(Model(), train_dataloaders=data, val_dataloaders=data, ckpt_path=None)
"""


def _short(name: str) -> str:
    for prefix in ("lightning.pytorch.", "lightning.pytorch"):
        if name.startswith(prefix):
            return name[len(prefix) :] or "lightning.pytorch"
    return name


_STAGE = re.compile(r"(?<![a-z])(?:training|train|validation|val|test|predict)(?=_)")


def _common(names: list[str]) -> str:
    """on_train_dataloader, on_val_dataloader -> on_{train, val}_dataloader."""
    parts = [_STAGE.split(n, maxsplit=1) for n in names]
    stages = [_STAGE.search(n).group(0) for n in names]  # type: ignore[union-attr]
    return parts[0][0] + "{" + ", ".join(stages) + "}" + parts[0][1]


def _names(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _braced(names: list[str]) -> str:
    """save_config_filename, save_config_overwrite -> `save_config_{filename, overwrite}`."""
    head = names[0].rsplit("_", 1)[0] + "_"
    if len(names) < 2 or not all(n.startswith(head) for n in names):
        return _names(names)
    return f"`{head}{{{', '.join(n.removeprefix(head) for n in names)}}}`"


def _renamed_keywords() -> str:
    """LS104's renames, one entry per old → new keyword with the methods that took it."""
    by_rename: dict[tuple[str, str], list[str]] = {}
    for method, renames in R.RENAMED_METHOD_KWARGS.items():
        for old, new in renames.items():
            by_rename.setdefault((old, new), []).append(method)
    return "; ".join(
        f"`{'/'.join(methods)}({old}=)` → `{new}=`" for (old, new), methods in by_rename.items()
    )


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def _callback_values() -> dict[tuple[str, str, object], list[str]]:
    """LS106 refused values, the callbacks that share one folded into one row."""
    groups: dict[tuple[str, str, object], list[str]] = {}
    for c, values in R.REMOVED_CALLBACK_VALUES.items():
        for a, (refused, info) in values.items():
            for v in sorted(refused):
                groups.setdefault((a, v, info), []).append(c)
    return groups


def _callback_args() -> list[str]:
    """LS106 rows, one per (callback, replacement): arguments sharing a replacement (the
    hook-named LambdaCallback ones, ModelCheckpoint's epoch cadence) fold into one row."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for c, args in R.REMOVED_CALLBACK_ARGS.items():
        for a, (info, _) in args.items():
            groups.setdefault((c, info.instead), []).append((a, info.since))
    # classes that lost the same arguments for the same replacement share a row (the profilers)
    folded: dict[tuple[str, str, str], list[str]] = {}
    for (c, instead), entries in groups.items():
        names = [f"{a}=" for a, _ in entries]
        shown = ", ".join(names) if len(names) < 3 else f"{names[0]}, …{len(names)}"
        since = "/".join(dict.fromkeys(v for _, v in entries if v != "1.x"))
        folded.setdefault((shown, instead, since), []).append(c)
    return [
        f"`{'/'.join(cs)}({shown})` → {instead}" + (f" ({since})" if since else "")
        for (shown, instead, since), cs in folded.items()
    ]


def render() -> str:
    lines = [
        "# Migrating Lightning 1.x code to 2.6",
        "",
        "Generated from the `lightning-skill lint` rules, each checked on Lightning 2.6.6.",
        "",
        "## Contents",
        "",
        "1. [Let the linter do it](#let-the-linter-do-it)",
        "2. [Before and after](#before-and-after)",
        "3. [Trainer arguments](#trainer-arguments)",
        "4. [Precision, strategies, Trainer methods](#precision-strategies-trainer-methods)",
        "5. [Hooks](#hooks)",
        "6. [Imports](#imports)",
        "7. [All rules](#all-rules)",
        "",
        "## Let the linter do it",
        "",
        "```bash",
        "lightning-skill lint src/            # file:line:col CODE message (with the fix)",
        "lightning-skill lint --diff src/     # the safe fixes, nothing written",
        "lightning-skill lint --fix src/      # apply them; formatting and comments are kept",
        "```",
        "",
        "Fixes keep the meaning. `--select LS1`: migration rules only. "
        "Exit: 0 clean, 1 findings, 2 usage. Notebooks: `file.ipynb:cell_N:line:col`; `--fix` "
        "edits only those cells.",
        "",
        "## Before and after",
        "",
        "<!-- skip: Lightning 1.x code, kept to show what changes -->",
        "```python",
        BEFORE.rstrip(),
        "```",
        "",
        "Lightning 2.6 (runs on CPU as is):",
        "",
        "```python",
        AFTER.rstrip(),
        "```",
        "",
        "## Trainer arguments",
        "<!-- lookup: removed trainer arguments, gpus argument, unexpected keyword argument -->",
        "",
        "LS101 (error): `Trainer.__init__` takes no `**kwargs`, so each is a `TypeError`. "
        "`--fix`: which values are rewritten.",
        "",
    ]
    # the 0.x/early-1.x names get one line: the finding's message names their 2.x spelling
    old = {"<1.0", "1.0", "1.x"}
    rows = [
        [f"`{name}`", arg.instead, arg.since, _FIXED_TRAINER_ARGS.get(name, "—")]
        for name, arg in R.REMOVED_TRAINER_ARGS.items()
        if arg.since not in old
    ]
    lines += _table(["1.x argument", "2.x", "removed", "--fix"], rows)
    lines += [
        f"{sum(a.since in old for a in R.REMOVED_TRAINER_ARGS.values())} older names fail too, "
        "e.g. "
        + ", ".join([f"`{n}`" for n, a in R.REMOVED_TRAINER_ARGS.items() if a.since in old][:1])
        + "; the message gives the 2.x name.",
        "",
    ]
    lines += [
        "## Precision, strategies, Trainer methods",
        "",
        "- LS102 (warning, fixed): `precision=16` / `'16'` / `'bf16'` still work but warn; write "
        "`'16-mixed'` / `'bf16-mixed'`.",
        "- LS210 (warning, fixed): `'16-mixed'` with `accelerator='cpu'` → `'bf16-mixed'`.",
        "- LS103 (error): strategy names no longer registered: "
        + ", ".join(
            f"`{k}`" + (f" → `{v}`" if v else "")
            for k, v in R.REMOVED_STRATEGIES.items()
            if k.count("_") < 3  # ddp_sharded_find_unused_parameters_false: said by ddp_sharded
        )
        + ". `accelerator='ddp'` means `strategy='ddp'` (fixed).",
        "- LS104 (error, fixed): " + _renamed_keywords() + ".",
        "- LS120 (error): `trainer.tune()`/`.tuner` → `tuner.Tuner(trainer)"
        ".lr_find(model)` / `.scale_batch_size(model)`.",
        "- LS121 (error): `Trainer.add_argparse_args` / `from_argparse_args` / `parse_argparser` "
        "(also the DataModule's) → `LightningCLI`.",
        "- LS105 (error): `LightningCLI` arguments moved into dicts: "
        + "; ".join(
            _braced([k for k, v in R.REMOVED_CLI_ARGS.items() if v.instead.startswith(d)])
            + f" → `{d}={{...}}`"
            for d in ("save_config_kwargs", "parser_kwargs")
        )
        + "; `seed_everything_default=None` → `False`.",
        "- LS122 (error, fixed): `self.hparams = x` has no setter: `self.save_hyperparameters(x)`.",
        "- LS101 also checks keyword dicts, helpers, subclasses, test parameters, CLI "
        + f"strings. LS123/LS125 (error): {len(R.REMOVED_TRAINER_ATTRS)} removed Trainer "
        + "attributes (and its loops'; "
        + ", ".join(f"`{k}`" for k in list(R.REMOVED_TRAINER_ATTRS)[:1])
        + f", ...), {len(R.REMOVED_MODULE_ATTRS)} LightningModule, "
        + f"{sum(map(len, R.REMOVED_CALLBACK_MEMBERS.values()))} callback/logger ones ("
        + ", ".join(f"`{k}`" for k in list(R.REMOVED_MODULE_ATTRS)[:1])
        + ", `lr_sch_names`, ...). LS126 (error): logger "
        + "/".join(f"`{k}`" for k in REMOVED_LOGGER_METHODS)
        + ": `log_metrics` / `finalize`.",
        "- LS106 (error): "
        + "; ".join(_callback_args())
        + "; "
        + "; ".join(
            f"`{'/'.join(cs)}({a}={v!r})` → {info.instead}"
            for (a, v, info), cs in _callback_values().items()
        )
        + "; `EarlyStopping(monitor=)`, `StochasticWeightAveraging(swa_lrs=)` required"
        + ". LS124 (error): DataModule "
        + ", ".join(f"`{a}`" for a in sorted(R.REMOVED_DATAMODULE_ATTRS) if "_" not in a)
        + ", `*_transforms`"
        + " went in 1.7, `has_setup_*`/`has_prepared_data` in 1.6.",
        "",
        "## Hooks",
        "",
        "LS110 (error at fit/validate/test): "
        + "; ".join(f"`{k}(outputs)` → `{v}(self)`" for k, v in R.EPOCH_END_HOOKS.items())
        + ". Keep step outputs on `self`, cleared at epoch end (see above); "
        "`--fix` does this (one dataloader, an `__init__`).",
        "",
        "LS112 / LS116 (error): `training_step(..., optimizer_idx)` and several optimizers from "
        "`configure_optimizers` are refused; set `self.automatic_optimization = False` and step "
        "`opt1, opt2 = self.optimizers()` with `self.manual_backward(loss)`. Any class with "
        "module hooks counts.",
        "",
        "LS111 / LS113 (error, never called): removed hooks and where the code goes.",
        "",
    ]
    hooks: dict[str, tuple[str, set[str]]] = {}
    pre_1_0 = [n for n, (since, _) in R.REMOVED_MODULE_HOOKS.items() if since == "<1.0"]
    for table, where in (
        (R.REMOVED_MODULE_HOOKS, "module"),
        (R.REMOVED_CALLBACK_HOOKS, "callback"),
        (R.REMOVED_DATAMODULE_HOOKS, "datamodule"),
    ):
        for name, (since, instead) in table.items():
            if where == "module" and name in pre_1_0:
                continue  # one line below the table: code from before 1.0 is rare
            hooks.setdefault(name, (f"{instead} ({since})", set()))[1].add(where)
    # hooks whose advice differs only by the stage share a row: `on_{train, val}_dataloader`
    merged: dict[tuple[str, str, str], list[str]] = {}
    for name, (instead, on) in hooks.items():
        where = "both" if len(on) == 2 else next(iter(on))
        staged = _STAGE.search(name) is not None
        key = (where, _STAGE.sub("*", instead) if staged else instead, str(staged))
        merged.setdefault(key, []).append(name)
    rows = [
        [
            f"`{_common(names)}`" if staged == "True" and len(names) > 1 else _names(names),
            where,
            instead,
        ]
        for (where, instead, staged), names in merged.items()
    ]
    lines += _table(["hook", "on", "use instead (removed in)"], rows)
    lines += [
        f"Also {len(pre_1_0)} 0.x hooks (`{'`, `'.join(pre_1_0[:2])}`, ...).",
        "",
        "LS114 (error): 1.x hook signatures, e.g. "
        "`on_train_epoch_end(self, outputs)`, `on_train_batch_start(..., dataloader_idx)`, "
        "`optimizer_step(..., optimizer_idx, ...)`: drop the 1.x arguments. "
        "LS115 (warning, fixed): "
        "`configure_sharded_model` → `configure_model`.",
        "",
        "## Imports",
        "<!-- lookup: import error after upgrading, no module named -->",
        "",
        "LS130 (error): paths under `lightning.pytorch`/`.fabric` (or `pytorch_lightning`); "
        f"`--fix` rewrites one-to-one moves (+{len(DERIVED_MOVED)} more). "
        "LS206 (error): never mix `pytorch_lightning` and "
        "`lightning.pytorch`: their classes differ ('model must be a LightningModule')",
        "",
    ]
    # removed names of one module with the same advice share a row: `strategies.{dp, horovod}`
    groups: dict[tuple[str, ...], list[str]] = {}
    for old, m in R.MOVED.items():
        if old in DERIVED_MOVED:
            continue  # the rarer wheel-derived paths: lint names each; no room for rows here
        parent, _, leaf = _short(old).rpartition(".")
        key = (parent, m.since, m.note) if m.new is None else (old,)
        groups.setdefault(key, []).append(leaf if m.new is None else _short(old))
    rows = []
    for key, names in groups.items():
        if len(key) == 1:  # a move: one row
            m = R.MOVED[key[0]]
            rows.append([f"`{names[0]}`", f"`{_short(m.new or '')}`", m.since, m.note])
            continue
        parent, since, note = key
        shown = names if len(names) <= 6 else [*names[:4], "…"]  # loops: every 1.x class
        inner = names[0] if len(names) == 1 else "{" + ", ".join(shown) + "}"
        rows.append([f"`{parent + '.' if parent else ''}{inner}`", "—", since, note])
    lines += _table(["1.x", "2.x", "removed", "note"], rows)
    lines += ["## All rules", ""]
    # migration rules are described in the sections above; anti-patterns only here
    rows = [
        [r.code, r.severity, r.name if r.category == "migration" else r.summary, r.autofix]
        for r in R.RULES.values()
        if r.category != "input"
    ]
    lines += _table(["code", "severity", "what", "--fix"], rows)
    return "\n".join(lines).rstrip() + "\n"


def default_path() -> Path:
    return Path(__file__).resolve().parents[3] / "references" / "migration.md"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_path()
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target} ({len(render())} characters)")
