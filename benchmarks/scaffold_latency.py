"""Scaffold latency: one full project rendered by a fresh process, ``python -m lightning_skill
new DIR``, wall clock, median over repeats (target <= 0.5 s). Interleaved with ``python -c
pass`` so the interpreter's own start-up cost on this machine is visible next to it.

Then ``python -X importtime -m lightning_skill new DIR`` checks that no heavy package (torch,
lightning, torchvision, torchmetrics, numpy) is imported on that path and lists the costliest
imports.

Run: ``.venv/bin/python benchmarks/scaffold_latency.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

NAME = "scaffold_latency"
TARGET_S = 0.5
HEAVY = ("torch", "lightning", "pytorch_lightning", "torchvision", "torchmetrics", "numpy")
_IMPORT_RE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    extra = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []
    env["PYTHONPATH"] = os.pathsep.join([str(C.REPO / "src"), *extra])
    return env


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process. CPU time barely moves with the load
    other processes put on the machine; wall time is what a user waits."""
    cpu0 = _cpu_children()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return elapsed, _cpu_children() - cpu0


def import_profile(target: Path, task: str | None, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, "-X", "importtime", "-m", "lightning_skill", "new", str(target)]
    if task:
        cmd += ["--task", task]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    rows = []
    for line in proc.stderr.splitlines():
        m = _IMPORT_RE.match(line)
        if m:
            self_us, cum_us, indent, name = m.groups()
            rows.append(
                {
                    "module": name,
                    "self_ms": int(self_us) / 1e3,
                    "cumulative_ms": int(cum_us) / 1e3,
                    "depth": len(indent) // 2,
                }
            )
    heavy = sorted({r["module"] for r in rows if r["module"].split(".")[0] in HEAVY})
    top_level = [r for r in rows if r["depth"] == 0]
    return {
        "modules_imported": len(rows),
        "heavy_modules_imported": heavy,
        "no_heavy_imports": not heavy,
        "total_import_ms": round(sum(r["self_ms"] for r in rows), 1),
        "top_cumulative": [
            {k: r[k] for k in ("module", "cumulative_ms")}
            for r in sorted(top_level, key=lambda r: -r["cumulative_ms"])[:12]
        ],
        "top_self": [
            {k: r[k] for k in ("module", "self_ms")}
            for r in sorted(rows, key=lambda r: -r["self_ms"])[:12]
        ],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="two repeats (smoke run)")
    p.add_argument("--repeats", type=int, default=None, help="default 15")
    p.add_argument("--task", default=None, help="task to render (default: the toolkit default)")
    p.add_argument("--all-tasks", action="store_true", help="also time every catalogue task once")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 15)
    env = _env()
    result = C.new_result(NAME, argv, args.quick)
    task_args = ["--task", args.task] if args.task else []
    times: dict[str, list[tuple[float, float]]] = {"new": [], "python": []}
    with tempfile.TemporaryDirectory(prefix="bench_scaffold_") as tmp_name:
        tmp = Path(tmp_name)
        # One untimed run warms the OS file cache, as an agent's second call would find it.
        _timed([sys.executable, "-m", "lightning_skill", "new", str(tmp / "warm"), *task_args], env)
        for i in range(repeats):
            target = tmp / f"p{i}"
            pair = [
                ("new", [sys.executable, "-m", "lightning_skill", "new", str(target), *task_args]),
                ("python", [sys.executable, "-c", "pass"]),
            ]
            for kind, cmd in pair if i % 2 == 0 else pair[::-1]:
                times[kind].append(_timed(cmd, env))
        files = sum(1 for f in (tmp / "p0").rglob("*") if f.is_file())
        profile = import_profile(tmp / "importtime", args.task, env)
        per_task: dict[str, float] = {}
        if args.all_tasks:
            for task in C.catalogue():
                per_task[task], _ = _timed(
                    [
                        sys.executable,
                        "-m",
                        "lightning_skill",
                        "new",
                        str(tmp / f"t_{task}"),
                        "--task",
                        task,
                    ],
                    env,
                )
    new_s = [wall for wall, _ in times["new"]]
    python_s = [wall for wall, _ in times["python"]]
    median_new = C.median(new_s)
    result["results"] = {
        "task": args.task or "default",
        "repeats": repeats,
        "files_written": files,
        "new_median_s": median_new,
        "new_range_s": C.spread(new_s),
        "python_startup_median_s": C.median(python_s),
        "new_minus_startup_s": median_new - C.median(python_s),
        "new_cpu_median_s": C.median([cpu for _, cpu in times["new"]]),
        "python_startup_cpu_median_s": C.median([cpu for _, cpu in times["python"]]),
        "per_task_s": per_task,
        "imports": profile,
    }
    result["targets"] = {
        "new_median_max_s": TARGET_S,
        "met": median_new <= TARGET_S,
        "no_heavy_imports": profile["no_heavy_imports"],
    }
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    print(
        f"[scaffold_latency] new: median {median_new:.3f} s wall, "
        f"{result['results']['new_cpu_median_s']:.3f} s CPU over {repeats} "
        f"(python -c pass: {C.median(python_s):.3f} s); heavy imports: "
        f"{profile['heavy_modules_imported'] or 'none'}"
    )
    print(f"[scaffold_latency] wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
