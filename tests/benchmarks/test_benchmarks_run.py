"""The benchmark scripts run at tiny sizes and write results with the documented schema.

Not timed tests: nothing here asserts a speed. Loss parity (a correctness property) is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "benchmarks"


def _run(
    script: str, *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return proc


def _load(path: Path, name: str) -> dict:
    data = json.loads(path.read_text())
    assert data["benchmark"] == name
    assert data["schema_version"] == 1
    assert isinstance(data["date"], str) and data["date"][:2] == "20"
    assert data["quick"] is True
    machine = data["machine"]
    assert isinstance(machine["cpu_count"], int)
    assert isinstance(machine["cpu_model"], str)
    for key in ("load_average_start", "load_average_end"):
        assert isinstance(machine[key], list)
        assert all(isinstance(x, float | int) for x in machine[key])
    versions = data["versions"]
    for key in ("python", "torch", "lightning"):
        assert isinstance(versions[key], str)
    assert isinstance(data["results"], dict)
    return data


def _number(value) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool)


def test_scaffold_latency_quick(tmp_path):
    out = tmp_path / "scaffold.json"
    _run("scaffold_latency.py", "--quick", "--repeats", "1", "--out", str(out))
    data = _load(out, "scaffold_latency")
    res = data["results"]
    for key in ("new_median_s", "new_cpu_median_s", "python_startup_median_s"):
        assert _number(res[key]) and res[key] > 0
    assert res["files_written"] > 5
    imports = res["imports"]
    assert isinstance(imports["heavy_modules_imported"], list)
    assert isinstance(imports["no_heavy_imports"], bool)
    assert imports["top_cumulative"] and _number(imports["top_cumulative"][0]["cumulative_ms"])
    assert isinstance(data["targets"]["met"], bool)


def test_context_cost_quick(tmp_path):
    out = tmp_path / "context.json"
    _run("context_cost.py", "--quick", "--out", str(out))
    res = _load(out, "context_cost")["results"]
    assert res["skill_md_tokens"] > 0
    assert res["reference_tokens"] and all(_number(v) for v in res["reference_tokens"].values())
    assert res["queries"] == len(res["per_query"]) > 0
    for row in res["per_query"]:
        assert isinstance(row["query"], str)
        assert _number(row["answer_tokens"]) and _number(row["whole_file_tokens"])
    assert _number(res["answer_tokens_median"])


def test_training_parity_quick(tmp_path):
    out = tmp_path / "parity.json"
    _run(
        "training_parity.py",
        "--quick",
        "--tasks",
        "tabular-classification",
        "--references",
        "tiny-mlp",
        "--out",
        str(out),
        timeout=600,
    )
    data = _load(out, "training_parity")
    task = data["results"]["tasks"]["tabular-classification"]
    assert "error" not in task, task
    timing = task["timing"]
    for name in ("plain", "as generated"):
        for key in ("train_samples_per_s", "fit_samples_per_s", "train_ms_per_step", "fit_s"):
            assert _number(timing[name][key])
    assert _number(timing["as generated"]["train_ratio"])
    assert _number(timing["as generated"]["fit_ratio"])
    parity = task["loss_parity"]
    assert parity["same_first_batch"] is True
    assert parity["passed"] is True, parity  # correctness, not speed
    ref = data["results"]["references"]["tiny-mlp"]
    assert "error" not in ref, ref
    assert ref["loss_parity"]["passed"] is True
    assert _number(ref["timing"]["bare Trainer"]["train_ratio"])
    targets = data["targets"]
    assert isinstance(targets["tasks"]["tabular-classification"]["met"], bool)


def test_gpu_parity_skips_cleanly_without_cuda(tmp_path):
    # With every GPU hidden the script must say why it skips and exit 0, without importing
    # torch (the GPU run itself is benchmarks/gpu_parity.py on a GPU machine).
    out = tmp_path / "gpu.json"
    proc = _run("gpu_parity.py", "--quick", "--out", str(out), env={"CUDA_VISIBLE_DEVICES": ""})
    assert "skipped" in proc.stdout
    data = _load(out, "gpu_parity")
    assert isinstance(data["skipped"], str) and data["skipped"]


def test_tabular_loader_quick(tmp_path):
    out = tmp_path / "loader.json"
    _run("tabular_loader.py", "--quick", "--out", str(out))
    row = _load(out, "tabular_loader")["results"]["batch_sizes"]["64"]
    assert row["same_batches"] is True  # the fast loader changes nothing but the cost
    assert row["rows"] > 64
    assert _number(row["generated_ms_per_batch"]) and _number(row["per_row_ms_per_batch"])
