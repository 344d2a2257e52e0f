"""benchmarks/gpu_check.sh is ready for a GPU machine: on CPU every part is SKIP with its reason.

The GPU parts themselves need CUDA (run the script there; ``GPU_CHECK_CPU_REHEARSAL=1`` runs its
commands on CPU by hand). Here: the harness, its table and its exit status.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from scaleout_helpers import env

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "gpu_check.sh"
PARTS = (
    "gpu-bf16 image-classification",
    "gpu-bf16 causal-lm",
    "fsdp sharded resume",
    "fsdp gan (2 optimizers)",
    "deepspeed stage 2",
    "validate --checks gpu",
)


def test_gpu_script_skips_every_part_with_a_reason_on_cpu():
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env(CUDA_VISIBLE_DEVICES=""),
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    rows = {line[:30].strip(): line[30:].split() for line in result.stdout.splitlines()}
    for part in PARTS:
        assert rows[part][0] == "SKIP", (part, rows.get(part))
        assert "no CUDA device" in " ".join(rows[part]), rows[part]
