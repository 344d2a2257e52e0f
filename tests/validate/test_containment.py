"""Containment of a job's whole process tree, and a verdict channel the job cannot stumble on.

Each test module below starts children that leave the job's process group (``setsid``,
``start_new_session=True``, ``process_group=0``, a double fork), records their pids, and the
test asserts that every one of them is gone once ``validate`` returns (or is killed), that no
process carrying the session's marker survives, and that no temporary folder is left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from lightning_skill.validate import validate_many
from lightning_skill.validate.containment import IsolationUnavailable, alive, probe_isolation
from lightning_skill.validate.pool import ColdRunner
from lightning_skill.validate.sandbox import processes_with_env

# The rest of every test module: an optimizer and four training batches.
TAIL = """
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

    def train_dataloader(self):
        x = torch.randn(16, 8)
        return DataLoader(TensorDataset(x, (x[:, 0] > 0).long()), batch_size=8)
"""

KINDS = ("setsid", "start_new_session", "process_group", "double_fork", "plain")

MODULE = """
import os, subprocess, sys, time

import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset

PIDS = {pids!r}


def sleeper(kind):
    # Each sleeper records its own pid, then waits for ten minutes.
    return ["sh", "-c", f'echo "{{kind}} $$" >> {{PIDS}}; exec sleep 600']


def escape(kind):
    if kind == "start_new_session":
        subprocess.Popen(sleeper(kind), start_new_session=True)
    elif kind == "process_group":
        subprocess.Popen(sleeper(kind), process_group=0)
    elif kind == "plain":
        subprocess.Popen(sleeper(kind))
    else:  # setsid, double_fork: the child leaves the session; double_fork orphans a grandchild
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if kind == "setsid" or os.fork() == 0:
                os.execvp("sh", sleeper(kind))
            os._exit(0)
        if kind == "double_fork":
            os.waitpid(pid, 0)


class Escaper(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        for kind in {kinds!r}:
            escape(kind)
        while {hang!r}:
            time.sleep(0.1)
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layer(x), y)
"""


def escaper(
    folder: Path, *, hang: bool = False, kinds=KINDS, pids: Path | None = None
) -> tuple[Path, Path]:
    pids = pids or folder / "pids.txt"
    path = folder / "escaper.py"
    path.write_text(MODULE.format(pids=str(pids), kinds=tuple(kinds), hang=hang) + TAIL)
    return path, pids


def _recorded(pids: Path, kinds=KINDS, timeout: float = 0.0) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        text = pids.read_text() if pids.exists() else ""
        found = {kind: int(pid) for kind, pid in (line.split() for line in text.splitlines())}
        if set(kinds) <= set(found) or time.monotonic() >= deadline:
            return found
        time.sleep(0.2)


def _isolation_or_skip() -> None:
    try:
        probe_isolation(Path(tempfile.gettempdir()))
    except IsolationUnavailable as exc:
        pytest.skip(f"--isolate unavailable here: {exc}")


def _gone(pids: dict[str, int], marker: str, allowed: set[int], timeout: float) -> list[str]:
    """What is still running after ``timeout``: escaped pids and marker carriers."""
    deadline = time.monotonic() + timeout
    while True:
        left = [f"{k} {p}" for k, p in pids.items() if alive(p)]
        left += [f"marker {p}" for p in set(processes_with_env(marker)) - allowed]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def test_every_escape_dies_with_a_job_that_passed(warm_pool, marker, tmp_path):
    path, pids = escaper(tmp_path)
    report = validate_many([path], checks=["import", "fit"], runner=warm_pool, timeout=240)[0]
    assert report.passed, report.to_json()
    found = _recorded(pids)
    assert set(found) == set(KINDS), found  # every escape really happened
    assert _gone(found, marker, {warm_pool.pid}, timeout=0) == []


def test_every_escape_dies_with_a_job_killed_at_its_deadline(warm_pool, marker, tmp_path):
    path, pids = escaper(tmp_path, hang=True)
    report = validate_many([path], checks=["import", "fit"], runner=warm_pool, timeout=15)[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.error_type == "Timeout", fit
    found = _recorded(pids)
    assert set(found) == set(KINDS), found
    assert _gone(found, marker, {warm_pool.pid}, timeout=0) == []


@pytest.mark.slow  # two cold interpreters (torch imported twice)
def test_the_cold_runner_contains_escapes_too(tmp_path):
    tag = f"LIGHTNING_SKILL_TEST_MARKER={uuid.uuid4().hex}"
    name, value = tag.split("=", 1)
    path, pids = escaper(tmp_path)
    with ColdRunner({name: value}) as runner:
        report = validate_many([path], checks=["import", "fit"], runner=runner, timeout=240)[0]
        assert report.passed, report.to_json()
        found = _recorded(pids)
        assert set(found) == set(KINDS), found
        assert _gone(found, tag, {runner.pid}, timeout=0) == []
    assert _gone(found, tag, set(), timeout=10) == []


# --- the verdict channel ------------------------------------------------------------------

FORGER = """
import json, os, time

import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset


class Forger(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        fake = {{"event": "result", "name": "fit", "status": "pass", "seconds": 0.1}}
        for folder in (".", "..", os.environ.get("TMPDIR", ".")):
            with open(os.path.join(folder, "events.jsonl"), "a") as handle:
                handle.write(json.dumps({{"event": "start", "name": "fit"}}) + "\\n")
                if {forge_pass!r}:
                    handle.write(json.dumps(fake) + "\\n")
        if {forge_pass!r}:
            os._exit(0)
        end = time.monotonic() + 120
        while time.monotonic() < end:  # keep "starting" the check: the deadline must not move
            with open("events.jsonl", "a") as handle:
                handle.write(json.dumps({{"event": "start", "name": "fit"}}) + "\\n")
            time.sleep(0.2)
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layer(x), y)
"""


def test_a_forged_result_file_cannot_pass_a_check(warm_pool, tmp_path):
    path = tmp_path / "forger.py"
    path.write_text(FORGER.format(forge_pass=True) + TAIL)
    report = validate_many([path], checks=["import", "fit"], runner=warm_pool, timeout=240)[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.error_type == "WorkerCrashed", fit
    assert "exited with code 0" in fit.message


def test_start_events_in_a_file_do_not_extend_the_deadline(warm_pool, tmp_path):
    path = tmp_path / "forger.py"
    path.write_text(FORGER.format(forge_pass=False) + TAIL)
    start = time.monotonic()
    report = validate_many([path], checks=["import", "fit"], runner=warm_pool, timeout=10)[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.error_type == "Timeout", fit
    assert time.monotonic() - start < 100  # the forger writes for 120 s


# --- memory -------------------------------------------------------------------------------

HOG_CHILD = """
import subprocess, sys

import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset

# 3 GiB in 100 MiB steps, every page touched (an untouched allocation costs nothing).
CHILD = "chunks = []\\nfor _ in range(30):\\n    chunks.append(bytearray(b'x' * (100 << 20)))\\n"


class HogChild(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        subprocess.run([sys.executable, "-c", CHILD], check=True)
        x, y = batch
        return torch.nn.functional.cross_entropy(self.layer(x), y)
"""


def test_the_memory_cap_holds_for_a_child_process(warm_pool, marker, tmp_path):
    path = tmp_path / "hog_child.py"
    path.write_text(HOG_CHILD + TAIL)
    report = validate_many(
        [path], checks=["import", "fit"], runner=warm_pool, timeout=240, memory_limit_mb=300
    )[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.error_type == "MemoryError", fit
    assert "--memory-mb 300" in fit.message
    assert "validate-report.md#memory-cap" in fit.hint
    assert report.environment["memory_cap"] == "job-tree"
    assert set(processes_with_env(marker)) <= {warm_pool.pid}


# --- killing validate itself --------------------------------------------------------------


@pytest.mark.slow  # a CLI run with its own pool per signal
@pytest.mark.parametrize(
    ("sig", "isolate"),
    [
        (signal.SIGTERM, False),
        (signal.SIGKILL, False),
        (signal.SIGHUP, False),
        (signal.SIGKILL, True),
    ],
    ids=["SIGTERM", "SIGKILL", "SIGHUP", "SIGKILL-isolate"],
)
def test_killing_validate_leaves_no_process_and_no_folder(tmp_path, sig, isolate):
    """validate run from a folder whose json.py/torch.py would break any import from the cwd,
    killed while its job has escaped children: nothing runs on, no temporary folder stays."""
    extra: list[str] = []
    if isolate:
        _isolation_or_skip()
        extra = ["--isolate", "--artifacts", str(tmp_path / "artifacts")]
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for name in ("json", "torch", "lightning"):
        (cwd / f"{name}.py").write_text("raise SystemExit('shadowed from the cwd')\n")
    # Under --isolate only the artifacts folder is writable for the job's processes.
    path, pids = escaper(tmp_path, hang=True, pids=tmp_path / "artifacts" / "pids.txt")
    pids.parent.mkdir()
    temp = tmp_path / "temp"
    temp.mkdir()
    tag = f"LIGHTNING_SKILL_TEST_MARKER={uuid.uuid4().hex}"
    name, value = tag.split("=", 1)
    exe = Path(sys.executable).with_name("lightning-skill")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "lightning_skill"]
    env = {**os.environ, name: value, "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [*cmd, "validate", str(path), "--checks", "import,fit", "--timeout", "300", *extra],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        found = _recorded(pids, timeout=300)
        assert set(found) == set(KINDS), (found, proc.poll())
        assert _ours(temp)  # the folder to be removed exists
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig, proc.stderr.read().decode()[-2000:]
        assert b"Traceback" not in proc.stderr.read()
    assert _gone(found, tag, set(), timeout=30) == []
    deadline = time.monotonic() + 30
    while _ours(temp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(temp) == []


def _ours(temp: Path) -> list[str]:
    """validate's folders and torch's error files (torch's own caches, e.g. torchinductor_*,
    are shared between runs and not validate's to remove)."""
    prefixes = ("lightning-skill-", "pytorch-errorfile-")
    return [p.name for p in temp.iterdir() if p.name.startswith(prefixes)]


def test_report_environment_names_the_containment(warm_pool, tmp_path):
    path, _ = escaper(tmp_path, kinds=())
    report = validate_many([path], checks=["import"], runner=warm_pool, timeout=240)[0]
    env = json.loads(report.to_json())["environment"]
    assert env["containment"] == "subreaper"
    assert env["isolation"] == "none"


TEMPDIR_PROBE = """
import tempfile

import lightning as L
import torch


class Probe(L.LightningModule):
    def training_step(self, batch, batch_idx):
        raise RuntimeError("tempdir=" + tempfile.gettempdir())

    def configure_optimizers(self):
        return None

    def train_dataloader(self):
        return [torch.zeros(1)]
"""


def test_a_job_temp_files_go_into_its_own_folder(warm_pool, tmp_path):
    """Where torch's pytorch-errorfile-*.pickle (tempfile's default folder) go: the job's own
    folder, removed when the job ends, never the system's temporary folder."""
    path = tmp_path / "probe.py"
    path.write_text(TEMPDIR_PROBE)
    report = validate_many([path], checks=["import", "fit"], runner=warm_pool, timeout=240)[0]
    fit = next(c for c in report.checks if c.name == "fit")
    assert fit.status == "fail" and fit.message.startswith("tempdir="), fit
    tempdir = Path(fit.message.split("=", 1)[1])
    assert warm_pool.work_root in tempdir.parents, tempdir
    assert not tempdir.exists()
