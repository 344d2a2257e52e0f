"""Plain ``lightning-skill validate`` of the default project: wall and CPU time, per check.

    python benchmarks/validate_default.py              # 3 rounds of the default check set
    python benchmarks/validate_default.py --quick      # 1 round

Issue 10's budget: the default check set on the default project within 90 s wall on a quiet
2-core machine, warm pool included (the CLI starts its pool, as a user's run does). Each round
runs the CLI in a fresh process and records its wall time, the CPU seconds of it and all its
children (pool, jobs, spawned DDP ranks), the seconds of each check, and the load average, so a
figure taken on a busy machine can be told from a quiet one. ``cpu_seconds / cores`` is a lower
bound of the wall time on an otherwise idle machine with that many cores. Writes
``benchmarks/results/validate_default.json`` (``--quick``: ``validate_default.quick.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    default_out,
    finish_result,
    load_average,
    median,
    new_result,
    scaffold,
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _round(project: Path, checks: str | None) -> dict:
    cmd = [sys.executable, "-m", "lightning_skill", "validate", str(project), "--json"]
    if checks:
        cmd += ["--checks", checks]
    load = load_average()
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    report = json.loads(proc.stdout)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "exit_code": proc.returncode,
        "load_average_start": load,
        "checks": {c["name"]: [c["status"], c["seconds"]] for c in report["checks"]},
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (3)")
    parser.add_argument("--checks", default=None, help="checks (default: the default set)")
    parser.add_argument("--out", type=Path, default=None, help="results JSON path")
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    result = new_result("validate_default", argv, args.quick)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="bench-validate-default-") as tmp:
        project = scaffold("image-classification", Path(tmp))
        runs = []
        for r in range(rounds):
            runs.append(_round(project, args.checks))
            print(f"round {r + 1}/{rounds}: {runs[-1]['wall_s']:.1f}s wall, "
                  f"{runs[-1]['cpu_s']:.1f}s cpu", flush=True)  # fmt: skip
    walls, cpus = [r["wall_s"] for r in runs], [r["cpu_s"] for r in runs]
    result["results"] = {
        "checks": args.checks or "default",
        "cores": cores,
        "wall_median_s": median(walls),
        "cpu_median_s": median(cpus),
        "idle_wall_lower_bound_s": round(median(cpus) / cores, 1),
        "budget_s": 90,
        "runs": runs,
    }
    out = finish_result(result, args.out or default_out("validate_default", args.quick))
    res = result["results"]
    print(
        f"default project, {res['checks']} checks: wall {res['wall_median_s']:.1f}s, cpu "
        f"{res['cpu_median_s']:.1f}s on {cores} cores (>= {res['idle_wall_lower_bound_s']}s "
        f"idle); load at start {runs[-1]['load_average_start']}"
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
