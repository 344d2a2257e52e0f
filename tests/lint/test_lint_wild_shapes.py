# ruff: noqa: E501  (code snippets read better unbroken)
"""Shapes met in public 1.x-era code outside the lint corpus, each written here after the real
code it came from (named per test), with the 2.x or unrelated code beside it that must stay quiet:
values reaching the Trainer by two routes, hooks and attributes reached across files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lightning_skill.lint import lint_paths


def _write(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, source in files.items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(source), encoding="utf-8")
        paths.append(f)
    return paths


def _found(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    found = lint_paths(_write(tmp_path, files))
    return sorted((Path(x.path).name, x.line, x.code) for x in found if x.code.startswith("LS1"))


def test_a_value_reaching_the_trainer_by_two_routes_is_reported_once(tmp_path: Path) -> None:
    # a training script's `accelerator = 'ddp'` under `if len(gpus) > 1`, later
    # Trainer(accelerator=accelerator): the variable's own check and the Trainer call's both see it
    found = _found(
        tmp_path,
        {
            "train.py": """\
            import pytorch_lightning as pl

            def main(gpus):
                if len(gpus) > 1:
                    accelerator = 'ddp'
                else:
                    accelerator = None
                return pl.Trainer(max_steps=10, devices=gpus, accelerator=accelerator)
            """
        },
    )
    assert found.count(("train.py", 5, "LS103")) == 1


def test_a_plain_class_mixed_into_a_callback_or_module_in_another_file(tmp_path: Path) -> None:
    # hooks written on a plain mixin (object, nn.Module) in a file that never imports Lightning,
    # mixed into a Callback / LightningModule elsewhere: Lightning calls them as that class's
    files = {
        "mixins.py": """\
        import torch

        class CallbackMixin(object):
            def on_validation_epoch_end(self, trainer, pl_module, outputs):
                pass

            def on_init_start(self, trainer):
                pass

        class GenericBase(torch.nn.Module):
            def on_train_epoch_end(self, outputs):
                pass
        """,
        "model.py": """\
        import pytorch_lightning as pl
        from mixins import CallbackMixin, GenericBase

        class CB(CallbackMixin, pl.Callback):
            pass

        class Model(GenericBase, pl.LightningModule):
            pass
        """,
    }
    assert _found(tmp_path, files) == [
        ("mixins.py", 4, "LS114"),
        ("mixins.py", 7, "LS113"),
        ("mixins.py", 11, "LS114"),
    ]


def test_a_plain_class_named_like_lightnings_callback_is_no_mixin(tmp_path: Path) -> None:
    # a project's own Callback framework beside Lightning's: a class named Callback of its own,
    # with hooks of its own signature, is not what pl.Callback subclasses mix in
    files = {
        "own.py": """\
        class Callback(object):
            def on_train_epoch_end(self, epoch, logs=None):
                pass

            def on_init_start(self):
                pass

        class Hooks:
            def on_train_epoch_end(self, trainer, pl_module):
                pass
        """,
        "model.py": """\
        import pytorch_lightning as pl
        from own import Hooks

        class CB(pl.Callback):
            pass

        class Other(Hooks, pl.Callback):
            pass
        """,
    }
    assert _found(tmp_path, files) == []


_CONF = """\
from dataclasses import dataclass, field
from typing import Optional

@dataclass
class PLConf:
    gpus: int = 1
    max_epochs: int = 10
    progress_bar_refresh_rate: int = 20

@dataclass
class DataConf:
    gpus: int = 1
    batch_size: int = 32

@dataclass
class Config:
    trainer: Optional[PLConf] = None
    data: DataConf = field(default_factory=DataConf)
"""


def test_a_config_class_splatted_into_the_trainer_from_another_file(tmp_path: Path) -> None:
    # a Trainer-config dataclass in a file that never imports Lightning, too small to be taken
    # for one by its fields, reached as Trainer(**asdict(cfg.trainer)) through Config's annotation;
    # the data section's own `gpus`, read as devices=cfg.data.gpus, stays quiet
    files = {
        "conf.py": _CONF,
        "train.py": """\
        from dataclasses import asdict
        import pytorch_lightning as pl

        def main(cfg):
            return pl.Trainer(**asdict(cfg.trainer), accelerator="gpu", devices=cfg.data.gpus)
        """,
    }
    assert _found(tmp_path, files) == [("conf.py", 6, "LS101"), ("conf.py", 8, "LS101")]


def test_a_config_class_stored_as_hydras_trainer_group(tmp_path: Path) -> None:
    files = {
        "conf.py": _CONF
        + "\nfrom hydra.core.config_store import ConfigStore\n\ncs = ConfigStore.instance()\n"
        "cs.store(group='trainer', name='default', node=PLConf)\ncs.store(group='data', name='d', node=DataConf)\n",
        "train.py": "import pytorch_lightning as pl\n",
    }
    assert _found(tmp_path, files) == [("conf.py", 6, "LS101"), ("conf.py", 8, "LS101")]
    # a section splatted into something else is no Trainer's
    files["train.py"] = (
        "import pytorch_lightning as pl\n\ndef f(cfg):\n    return Loader(**vars(cfg.data))\n"
    )
    files["conf.py"] = _CONF
    assert _found(tmp_path, files) == []


def test_a_trainer_under_another_name(tmp_path: Path) -> None:
    # num_training_steps helpers outside a LightningModule: a parameter annotated as the Trainer,
    # a local alias of it, an attribute of self it was stored in
    files = {
        "steps.py": """\
        import pytorch_lightning as pl
        from typing import Optional

        class Steps:
            def __init__(self, trainer):
                self.tr = trainer

            def n(self):
                return self.tr.num_gpus

        def steps(runner: Optional[pl.Trainer] = None):
            t = runner
            return t.num_processes

        def other(runner: Optional[Runner] = None):
            t = runner
            return t.num_processes + t.num_gpus
        """
    }
    assert _found(tmp_path, files) == [("steps.py", 9, "LS123"), ("steps.py", 13, "LS123")]


def test_mixins_of_mixins_of_a_module(tmp_path: Path) -> None:
    # step mixins composed into one (ValTestStepMixin(ValStepMixin, TestStepMixin)) and mixed
    # into a LightningModule in another file: each level's 1.x hooks are the module's
    files = {
        "mixins.py": """\
        class ValStepMixin:
            def validation_epoch_end(self, outputs):
                pass

        class TestStepMixin:
            def test_step_end(self, outputs):
                return outputs

        class ValTestStepMixin(ValStepMixin, TestStepMixin):
            def on_epoch_end(self):
                pass

        class Unused:
            def test_step_end(self, outputs):
                return outputs
        """,
        "model.py": """\
        import pytorch_lightning as pl
        from mixins import ValTestStepMixin

        class Model(ValTestStepMixin, pl.LightningModule):
            def training_step(self, batch, batch_idx):
                return {"loss": 0}
        """,
    }
    assert _found(tmp_path, files) == [
        ("mixins.py", 2, "LS110"),
        ("mixins.py", 6, "LS111"),
        ("mixins.py", 10, "LS111"),
    ]


def test_a_helper_in_another_file_returns_the_trainer_arguments(tmp_path: Path) -> None:
    # utils.get_trainer_kwargs(args) builds the dict; train.py splats its result into the Trainer
    files = {
        "util.py": """\
        def get_trainer_kwargs(args):
            return {"max_epochs": args.epochs, "gpus": args.gpus}

        def get_loader_kwargs(args):
            return {"gpus": args.gpus, "batch_size": 8}
        """,
        "train.py": """\
        import pytorch_lightning as pl
        from util import get_trainer_kwargs, get_loader_kwargs

        t = pl.Trainer(**get_trainer_kwargs(args))
        loader = Loader(**get_loader_kwargs(args))
        """,
    }
    assert _found(tmp_path, files) == [("util.py", 2, "LS101")]


def test_a_dict_imported_from_another_file_and_splatted_into_the_trainer(tmp_path: Path) -> None:
    files = {
        "settings.py": """\
        DEFAULTS = {"max_epochs": 10, "progress_bar_refresh_rate": 0}
        DEFAULTS["gpus"] = 1
        LOADER = {"gpus": 1}
        """,
        "train.py": """\
        import pytorch_lightning as pl
        from settings import DEFAULTS, LOADER

        t = pl.Trainer(**DEFAULTS)
        loader = Loader(**LOADER)
        """,
    }
    assert _found(tmp_path, files) == [("settings.py", 1, "LS101"), ("settings.py", 2, "LS101")]


def test_a_trainer_alias_bound_again_is_no_trainer(tmp_path: Path) -> None:
    files = {
        "steps.py": """\
        import pytorch_lightning as pl

        def steps(runner: pl.Trainer, other):
            t = runner
            t = other
            return t.num_gpus
        """
    }
    assert _found(tmp_path, files) == []
