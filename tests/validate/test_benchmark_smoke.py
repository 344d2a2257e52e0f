"""The pool benchmark runs at a tiny size and writes its results (numbers are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_pool_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "validate_pool.json"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "validate_pool.py"),
            "--quick",
            "--checks",
            "import,discover,instantiate",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    data = json.loads(out.read_text())["results"]
    assert data["same_verdicts"] is True
    assert len(data["pool_seconds"]) == len(data["cold_seconds"]) == 1
    assert data["ratio_cold_over_pool"] > 0
    assert "faster" in result.stdout
