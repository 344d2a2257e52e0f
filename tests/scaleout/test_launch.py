"""The launch paths an HPC user takes: torchrun on several machines, SLURM's sbatch + srun.

Two torchrun launchers on loopback stand in for two machines; the SLURM environment of a real
2x8 allocation is replayed for Lightning's SLURMEnvironment; the sbatch script runs under fake
``sbatch``/``scontrol``/``srun`` commands that do what SLURM does to a script (copy it to a
spool folder, set SLURM_*, run it from the submit folder) and record what srun was given.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scaleout_helpers import ABORT_MARKERS, CPU, env, free_port, scaffold

# A 2x8 allocation as srun sets it for the task with global rank 11: node 1, local rank 3.
SLURM_2X8 = {
    "SLURM_JOB_ID": "123456",
    "SLURM_JOB_NAME": "train",
    "SLURM_NODELIST": "gpu[001-002]",
    "SLURM_NNODES": "2",
    "SLURM_JOB_NUM_NODES": "2",
    "SLURM_NTASKS": "16",
    "SLURM_NTASKS_PER_NODE": "8",
    "SLURM_PROCID": "11",
    "SLURM_LOCALID": "3",
    "SLURM_NODEID": "1",
}


@pytest.mark.slow
def test_two_nodes_on_loopback_through_the_project_launcher(tmp_path):
    project = scaffold("tabular-classification", tmp_path, "twonode")
    runs = tmp_path / "runs"
    port = str(free_port())
    args = [
        *CPU,
        "--trainer.max_epochs=1",
        f"--trainer.default_root_dir={runs}",
        f"--trainer.logger.init_args.save_dir={runs}",
    ]
    elsewhere = tmp_path / "elsewhere"  # the launcher finds the project from its own path
    elsewhere.mkdir()
    launchers = [
        subprocess.Popen(
            [str(project / "scripts" / "launch_torchrun.sh"), *args],
            cwd=elsewhere,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env(
                NNODES="2",
                NODE_RANK=str(rank),
                MASTER_ADDR="127.0.0.1",
                MASTER_PORT=port,
                GPUS_PER_NODE="1",
            ),
        )
        for rank in (0, 1)
    ]
    outputs = []
    try:
        for launcher in launchers:
            outputs.append(launcher.communicate(timeout=900)[0])
    finally:
        for launcher in launchers:
            if launcher.poll() is None:
                launcher.kill()
    for rank, (launcher, output) in enumerate(zip(launchers, outputs, strict=True)):
        assert launcher.returncode == 0, output[-4000:]
        assert not any(marker in output for marker in ABORT_MARKERS), output[-3000:]
        assert f"GLOBAL_RANK: {rank}, MEMBER: {rank + 1}/2" in output, output[-3000:]
    # Exactly one checkpoint set and one log folder: only global rank 0 writes.
    versions = sorted(p.name for p in (runs / "lightning_logs").iterdir())
    assert versions == ["version_0"], versions
    ckpts = sorted(
        p.name for p in (runs / "lightning_logs" / "version_0" / "checkpoints").iterdir()
    )
    assert len(ckpts) == 2 and "last.ckpt" in ckpts, ckpts
    assert not list(runs.glob("**/*.tmp*"))


def test_slurm_2x8_allocation_selects_slurm_environment():
    # Lightning writes MASTER_ADDR/MASTER_PORT into os.environ and sets torch's thread count:
    # put them back afterwards, or later multi-process tests would inherit them.
    import torch
    from lightning.fabric.utilities.rank_zero import rank_zero_only

    saved, threads, rank = dict(os.environ), torch.get_num_threads(), rank_zero_only.rank
    try:
        for key in ("MASTER_ADDR", "MASTER_PORT", "LOCAL_RANK", "RANK", "WORLD_SIZE", "GROUP_RANK"):
            os.environ.pop(key, None)
        os.environ.update(SLURM_2X8)
        _check_slurm_2x8()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        torch.set_num_threads(threads)
        rank_zero_only.rank = rank


def _check_slurm_2x8() -> None:
    import lightning.pytorch as pl
    from lightning.pytorch.plugins.environments import SLURMEnvironment

    trainer = pl.Trainer(accelerator="cpu", devices=8, num_nodes=2, strategy="ddp", logger=False)
    environment = trainer.strategy.cluster_environment
    assert isinstance(environment, SLURMEnvironment)
    assert (trainer.world_size, trainer.global_rank) == (16, 11)
    assert (trainer.node_rank, trainer.local_rank) == (1, 3)
    assert environment.main_address == "gpu001"  # first node of the allocation
    assert environment.main_port == 15000 + 3456  # from the job id, the same on every task
    # Auto-requeue is on by default and listens for SIGUSR1, what the sbatch script sends.
    assert environment.auto_requeue and environment.requeue_signal == signal.SIGUSR1
    # SLURM starts the processes itself: the launcher only checks and runs in place.
    assert trainer.strategy.launcher.launch(lambda: "ran") == "ran"
    # devices must equal --ntasks-per-node (the sbatch script passes SLURM_NTASKS_PER_NODE):
    # Lightning checks it when the run starts.
    mismatch = pl.Trainer(accelerator="cpu", devices=4, num_nodes=2, strategy="ddp", logger=False)
    with pytest.raises(ValueError, match="ntasks-per-node"):
        mismatch.strategy.launcher.launch(lambda: "ran")


FAKE_SBATCH = r"""#!/usr/bin/env bash
# Like sbatch: the script runs as a copy in a spool folder, from the submit folder.
set -euo pipefail
script="$(readlink -f "$1")"; shift
spool="$(mktemp -d)"; cp "$script" "$spool/slurm_script"
export SLURM_JOB_ID=4242 SLURM_JOB_NAME=train SLURM_SUBMIT_DIR="$PWD" FAKE_COMMAND="$script"
export SLURM_JOB_NUM_NODES="${FAKE_NODES:-2}" SLURM_NNODES="${FAKE_NODES:-2}"
export SLURM_NTASKS_PER_NODE="${FAKE_TASKS:-8}"
exec bash "$spool/slurm_script" "$@"
"""
FAKE_SCONTROL = r"""#!/usr/bin/env bash
if [[ "$1 $2" == "show job" ]]; then echo "   Command=$FAKE_COMMAND"; exit 0; fi
echo "$*" >> "$FAKE_LOG/scontrol.log"
"""
# Records what it was asked to start; with FAKE_RUN=1 it also runs it as one SLURM task.
FAKE_SRUN = r"""#!/usr/bin/env bash
python3 -c 'import json, os, sys; print(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(),
  "pythonpath": os.environ.get("PYTHONPATH", "")}))' "$@" >> "$FAKE_LOG/srun.jsonl"
if [[ "${FAKE_RUN:-0}" == 1 ]]; then
  export SLURM_NTASKS=1 SLURM_PROCID=0 SLURM_LOCALID=0 SLURM_NODEID=0 SLURM_NODELIST=localhost
  exec "$@"
fi
"""


def fake_slurm(tmp_path: Path) -> tuple[Path, Path]:
    """A bin folder with fake sbatch/scontrol/srun, and the folder they log to."""
    bin_dir, log = tmp_path / "fakebin", tmp_path / "fakelog"
    bin_dir.mkdir()
    log.mkdir()
    for name, text in (("sbatch", FAKE_SBATCH), ("scontrol", FAKE_SCONTROL), ("srun", FAKE_SRUN)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir, log


def sbatch(bin_dir: Path, log: Path, script: Path, *args: str, cwd: Path, **extra: str):
    environment = env(FAKE_LOG=str(log), PYTHON=sys.executable, **extra)
    environment["PATH"] = f"{bin_dir}:{environment['PATH']}"
    return subprocess.run(
        ["sbatch", str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env=environment,
    )


def srun_calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in (log / "srun.jsonl").read_text().splitlines()]


def test_sbatch_script_shape_from_any_folder(tmp_path):
    project = scaffold("tabular-classification", tmp_path, "slurmjob")
    script = project / "scripts" / "slurm.sbatch"
    text = script.read_text()
    directives = dict(
        re.match(r"#SBATCH --([\w-]+)(?:=(\S+))?", line).groups()
        for line in text.splitlines()
        if line.startswith("#SBATCH")
    )
    assert directives["ntasks-per-node"] == directives["gpus-per-node"]
    assert re.fullmatch(r"SIGUSR1@\d+", directives["signal"]) and "requeue" in directives
    bin_dir, log = fake_slurm(tmp_path)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    first = sbatch(bin_dir, log, script, "--trainer.max_epochs=3", cwd=elsewhere)
    assert first.returncode == 0, first.stderr
    (call,) = srun_calls(log)
    assert call["cwd"] == str(project)
    assert call["pythonpath"].split(":")[0] == str(project / "src")
    assert call["argv"] == [
        sys.executable,
        "-m",
        "slurmjob",
        "fit",
        "-c",
        "configs/presets/multi-node.yaml",
        "--trainer.num_nodes=2",
        "--trainer.devices=8",
        "--trainer.max_epochs=3",
    ]
    # A requeued job resumes from the newest checkpoint: the hpc one Lightning wrote on
    # SIGUSR1, or a last.ckpt written after it.
    last = project / "logs" / "lightning_logs" / "version_0" / "checkpoints" / "last.ckpt"
    last.parent.mkdir(parents=True)
    last.write_bytes(b"")
    hpc = project / "logs" / "hpc_ckpt_1.ckpt"
    hpc.write_bytes(b"")
    os.utime(last, (1, 1))
    assert sbatch(bin_dir, log, script, cwd=elsewhere).returncode == 0
    assert srun_calls(log)[-1]["argv"][-1] == "--ckpt_path=logs/hpc_ckpt_1.ckpt"
    os.utime(hpc, (1, 1))
    os.utime(last, None)
    assert sbatch(bin_dir, log, script, cwd=elsewhere).returncode == 0
    assert srun_calls(log)[-1]["argv"][-1] == f"--ckpt_path={last.relative_to(project)}"
    # A project that cannot be found is one line and exit 2, before srun.
    lost = sbatch(bin_dir, log, script, cwd=elsewhere, PROJECT_DIR=str(elsewhere))
    assert lost.returncode == 2 and "set PROJECT_DIR" in lost.stderr
    assert len(srun_calls(log)) == 3
