"""Shared helpers for the benchmark scripts: machine facts, medians, results files, projects.

Standard library only at import time, so that scripts which must not import torch (scaffold
latency, context cost) can use it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
SCHEMA_VERSION = 1


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # not on every platform
        return []


def package_versions(names: Sequence[str] = ("torch", "lightning", "torchmetrics")) -> dict:
    """Installed versions from package metadata: no import, so no torch import on cheap paths."""
    from importlib import metadata

    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "platform": platform.platform(),
        "load_average_start": load_average(),
    }


def new_result(name: str, argv: Sequence[str], quick: bool) -> dict[str, Any]:
    """The envelope every results file shares; scripts add their numbers under ``results``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": name,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
        "command": " ".join(["python", f"benchmarks/{name}.py", *argv]),
        "machine": machine_info(),
        "versions": package_versions(),
        "results": {},
    }


def finish_result(result: dict[str, Any], out: Path) -> Path:
    result["machine"]["load_average_end"] = load_average()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n")
    tmp.replace(out)
    return out


def default_out(name: str, quick: bool) -> Path:
    # Quick runs are smoke runs: they never overwrite the committed numbers.
    return RESULTS_DIR / (f"{name}.quick.json" if quick else f"{name}.json")


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def spread(values: Sequence[float]) -> list[float]:
    """[min, max]: how noisy the repeats were."""
    return [float(min(values)), float(max(values))] if values else []


def skill_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> str:
    """Run ``python -m lightning_skill ARGS`` (the in-repo source wins over any install)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lightning-skill {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return proc.stdout


def catalogue() -> dict[str, Any]:
    """The task catalogue as the toolkit reports it now (new tasks are picked up at run time)."""
    return json.loads(skill_cli("catalog", "--json"))["tasks"]


def package_name(task: str) -> str:
    return "bench_" + task.replace("-", "_")


def scaffold(task: str, parent: Path, settings: Sequence[str] = ()) -> Path:
    """Generate the task's default project under ``parent`` (``settings``: ``new --set``
    values, NAME=VALUE); returns the project folder."""
    target = parent / package_name(task)
    sets = [arg for setting in settings for arg in ("--set", setting)]
    skill_cli("new", str(target), "--task", task, "--package", package_name(task), "--force", *sets)
    return target


def run_in_pty(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float = 3600,
    env: dict[str, str] | None = None,
) -> int:
    """Run ``cmd`` with stdout/stderr on a pseudo-terminal, output discarded.

    Progress bars behave as they do for a user at a terminal (Rich renders only on a TTY), so
    their cost is counted. Falls back to /dev/null where ``pty`` is unavailable.
    """
    try:
        import pty  # noqa: F401  (POSIX only)

        master, slave = os.openpty()
    except (ImportError, OSError):
        return subprocess.run(
            cmd,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            env=env,
        ).returncode
    tail: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            tail.append(chunk)
            if len(tail) > 64:
                del tail[:32]

    env = dict(env or os.environ, COLUMNS="120", LINES="40", TERM=os.environ.get("TERM", "xterm"))
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env
    )
    os.close(slave)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        rc = proc.wait(timeout=timeout)
    finally:
        reader.join(timeout=5)
        os.close(master)
    if rc != 0:
        sys.stderr.write(b"".join(tail)[-4000:].decode("utf-8", "replace"))
    return rc
