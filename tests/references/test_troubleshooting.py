"""Each error message quoted in references/troubleshooting.md is what Lightning 2.6 prints.

Every section whose first code block is ```text is matched against a reproduction below: the
quoted message (``...`` marks an elided part) must appear in the real exception or warning.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import warnings
from pathlib import Path

import lightning as L
import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from lightning_skill.lookup import parse_sections

DOC = Path(__file__).resolve().parents[2] / "references" / "troubleshooting.md"
REQUIRED_ANCHORS = {
    "model-must-be-a-lightningmodule",
    "mat1-and-mat2-shapes-cannot-be-multiplied",
    "train_dataloader-must-be-implemented",
    "optimizer-got-an-empty-parameter-list",
    "tensors-on-different-devices",
    "selflog-called-twice-with-different-arguments",
    "ddp-hangs-or-aborts-at-exit",
    "loss-is-nan",
    "monitor-key-not-found-in-returned-metrics",
    "cuda-out-of-memory",
    "predict_step-receives-x-y",
}


def loader(in_dim=32, n=16):
    x = torch.randn(n, in_dim)
    return DataLoader(TensorDataset(x, x[:, :4].argmax(-1)), batch_size=4)


class LitModel(L.LightningModule):
    def __init__(self, in_dim=32):
        super().__init__()
        self.layer = torch.nn.Linear(in_dim, 4)

    def forward(self, x):
        return self.layer(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.cross_entropy(self(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.cross_entropy(self(x), y))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def quiet_trainer(module=L, **kwargs):
    kwargs = {
        "logger": False,
        "enable_progress_bar": False,
        "enable_model_summary": False,
        "enable_checkpointing": False,
        "max_epochs": 1,
        **kwargs,
    }
    return module.Trainer(**kwargs)


def repro_model_must_be_a_lightningmodule():
    if importlib.util.find_spec("pytorch_lightning") is None:
        pytest.skip("pytorch_lightning is not installed, nothing to mix")
    import pytorch_lightning as pl

    quiet_trainer(pl).fit(LitModel(), loader())


def repro_mat1():
    class Flat(LitModel):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(512, 10)

    images = torch.randn(8, 1, 28, 28)
    data = DataLoader(
        TensorDataset(images.flatten(1), torch.zeros(8, dtype=torch.long)), batch_size=4
    )
    quiet_trainer().fit(Flat(), data)


def repro_no_train_data():
    quiet_trainer().fit(LitModel())


def repro_empty_params():
    class NoParams(LitModel):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Identity()

    quiet_trainer().fit(NoParams(), loader(in_dim=4))


def repro_devices():
    if not torch.cuda.is_available():
        pytest.skip("needs CUDA to put tensors on two devices")

    class Mixed(LitModel):
        def training_step(self, batch, batch_idx):
            return (self(batch[0]) + torch.ones(4)).sum()  # CPU constant, CUDA activations

    quiet_trainer(accelerator="cuda", devices=1).fit(Mixed(), loader())


def repro_log_twice():
    class Twice(LitModel):
        def training_step(self, batch, batch_idx):
            loss = super().training_step(batch, batch_idx)
            self.log("train_loss", loss)
            self.log("train_loss", loss, on_epoch=True)
            return loss

    quiet_trainer().fit(Twice(), loader())


def repro_monitor():
    from lightning.pytorch.callbacks import ModelCheckpoint

    trainer = quiet_trainer(
        enable_checkpointing=True,
        num_sanity_val_steps=0,
        callbacks=[ModelCheckpoint(dirpath="ck", monitor="val_acc")],
    )
    trainer.fit(LitModel(), loader(), loader())


def repro_predict():
    class DefaultPredict(LitModel):
        pass

    quiet_trainer().predict(DefaultPredict(), loader())


def repro_oom():
    if not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    free, _ = torch.cuda.mem_get_info()
    torch.empty(int(free * 2), dtype=torch.uint8, device="cuda")


def repro_1000_epochs():
    from lightning.pytorch.callbacks import Callback

    class StopAtStart(Callback):
        def on_train_start(self, trainer, pl_module):
            assert trainer.fit_loop.max_epochs == 1000
            trainer.should_stop = True

    trainer = quiet_trainer(max_epochs=None, callbacks=[StopAtStart()])
    trainer.fit(LitModel(), loader())


def repro_16_mixed_cpu():
    assert quiet_trainer(accelerator="cpu", precision="16-mixed").precision == "bf16-mixed"


def repro_no_val():
    quiet_trainer().fit(LitModel(), loader())


def repro_val_interval_too_large():
    quiet_trainer(val_check_interval=20).fit(LitModel(), loader(n=40), loader())  # 10 batches


REPRODUCERS = {
    "model-must-be-a-lightningmodule": repro_model_must_be_a_lightningmodule,
    "mat1-and-mat2-shapes-cannot-be-multiplied": repro_mat1,
    "train_dataloader-must-be-implemented": repro_no_train_data,
    "optimizer-got-an-empty-parameter-list": repro_empty_params,
    "tensors-on-different-devices": repro_devices,
    "selflog-called-twice-with-different-arguments": repro_log_twice,
    "monitor-key-not-found-in-returned-metrics": repro_monitor,
    "predict_step-receives-x-y": repro_predict,
    "cuda-out-of-memory": repro_oom,
    "training-runs-1000-epochs": repro_1000_epochs,
    "16-mixed-on-cpu-becomes-bf16-mixed": repro_16_mixed_cpu,
    "validation-never-runs": repro_no_val,
    "val_check_interval-larger-than-the-epoch": repro_val_interval_too_large,
}


def quoted_messages() -> dict[str, str]:
    out = {}
    for section in parse_sections(DOC):
        match = re.search(r"```text\n(.*?)\n```", section.body, re.S)
        if match:
            out[section.anchor] = match.group(1).strip()
    return out


def test_required_sections_exist():
    anchors = {s.anchor for s in parse_sections(DOC)}
    assert anchors >= REQUIRED_ANCHORS, sorted(REQUIRED_ANCHORS - anchors)


def test_every_quoted_message_has_a_reproduction():
    assert set(quoted_messages()) <= set(REPRODUCERS), set(quoted_messages()) - set(REPRODUCERS)


def _matches(quoted: str, actual: str) -> bool:
    pos = 0
    for part in (p.strip() for p in quoted.split("...")):
        found = actual.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("anchor", sorted(REPRODUCERS))
def test_quoted_message_is_real(anchor, tmp_path, monkeypatch):
    quoted = quoted_messages().get(anchor)
    assert quoted, f"troubleshooting.md#{anchor} quotes no message"
    monkeypatch.chdir(tmp_path)
    exc_type, _, message = quoted.partition(": ")
    is_exception = re.fullmatch(r"[\w.]+(Error|Exception)", exc_type) is not None
    handler = _Capture()
    logging.getLogger("lightning.pytorch").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                REPRODUCERS[anchor]()
            except pytest.skip.Exception:
                raise
            except Exception as exc:  # the reproduction is expected to raise
                assert is_exception, f"{anchor}: unexpected {type(exc).__name__}: {exc}"
                assert type(exc).__name__ == exc_type.rsplit(".", 1)[-1], (anchor, exc)
                assert _matches(message, str(exc)), f"{anchor}:\nquoted: {message}\nreal:   {exc}"
                return
    finally:
        logging.getLogger("lightning.pytorch").removeHandler(handler)
    assert not is_exception, f"{anchor}: expected {exc_type}, nothing was raised"
    seen = [str(w.message) for w in caught] + handler.messages
    assert any(_matches(quoted, text) for text in seen), f"{anchor}: {quoted!r} not in {seen}"
