"""``--isolate``: no network and a read-only filesystem outside validate's temporary folder.

The same module runs twice: in the shared (unisolated) pool both its loopback connection and its
write outside the temporary folder succeed, which shows the probe can tell; under ``isolate=True``
both must fail. Skipped, with the kernel's reason, where bubblewrap cannot create a sandbox.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

from lightning_skill.validate import validate_many
from lightning_skill.validate.containment import IsolationUnavailable, probe_isolation
from lightning_skill.validate.pool import WarmPool

PROBE = """
import socket

import lightning as L
import torch


def attempt(action):
    try:
        action()
    except OSError as exc:
        return type(exc).__name__
    return "ok"


def connect():
    with socket.create_connection(("127.0.0.1", {port}), timeout=5):
        pass


def write():
    with open({outside!r}, "w") as handle:
        handle.write("escaped")


class Probe(L.LightningModule):
    def training_step(self, batch, batch_idx):
        raise RuntimeError(f"net={{attempt(connect)}} write={{attempt(write)}}")

    def configure_optimizers(self):
        return None

    def train_dataloader(self):
        return [torch.zeros(1)]
"""


def _isolation_or_skip() -> None:
    try:
        with tempfile.TemporaryDirectory() as scratch:
            probe_isolation(Path(scratch))
    except IsolationUnavailable as exc:
        pytest.skip(f"--isolate unavailable here: {exc}")


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def _probe(path: Path, runner) -> str:
    report = validate_many([path], checks=["import", "fit"], runner=runner, timeout=240)[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.error_type == "RuntimeError", fit
    return fit.message


@pytest.mark.slow  # a pool of its own under bubblewrap
def test_isolate_blocks_loopback_and_writes_outside_the_temp_folder(warm_pool, tmp_path, listener):
    _isolation_or_skip()
    outside = tmp_path / "outside.txt"
    path = tmp_path / "probe.py"
    path.write_text(PROBE.format(port=listener, outside=str(outside)))

    assert _probe(path, warm_pool) == "net=ok write=ok"  # the probe can tell
    outside.unlink()

    with WarmPool(isolate=True) as isolated:
        message = _probe(path, isolated)
        assert isolated.environment()["isolation"] == "bwrap"
    net, write = (part.split("=", 1)[1] for part in message.split())
    assert net != "ok", message
    assert write != "ok", message
    assert not outside.exists()
