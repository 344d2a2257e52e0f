"""``validate``: run a LightningModule (file or project) through real Trainer stages, sandboxed.

The parent process never imports torch: it writes a request, runs
``lightning_skill.validate.worker`` in a sandbox (own process group, deadline, optional memory
cap, temporary working directory) and turns the worker's event stream into a ``Report``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lightning_skill.errors import UsageError
from lightning_skill.report import CheckResult, Report
from lightning_skill.validate.hints import hint_for
from lightning_skill.validate.sandbox import run_sandboxed
from lightning_skill.validate.target import Target, discover_target

# Kept in sync with checks.CHECKS (which imports torch, so it is not imported here).
ALL_CHECKS = ("import", "discover", "instantiate", "fit", "validate", "test", "predict")
DEFAULT_CHECKS = ALL_CHECKS


def _read_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut off by a kill
            break
    return events


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])  # make the toolkit importable in the child
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def build_report(
    target: Target,
    checks: Sequence[str],
    events: list[dict[str, Any]],
    *,
    timed_out: bool,
    timeout: float,
    returncode: int | None,
    stderr: str,
) -> Report:
    env = next((e for e in events if e.get("event") == "env"), {})
    results = {e["name"]: e for e in events if e.get("event") == "result"}
    started = [e["name"] for e in events if e.get("event") == "start"]
    running = started[-1] if started and started[-1] not in results else None
    out: list[CheckResult] = []
    for name in checks:
        if name in results:
            r = {k: v for k, v in results[name].items() if k != "event"}
            out.append(CheckResult(**r))
        elif name == running or (running is None and not out and not results):
            if timed_out:
                error_type, message = "Timeout", f"no result within {timeout:g}s; killed"
            else:
                error_type = "WorkerCrashed"
                tail = stderr.strip().splitlines()[-1:] or ["no output"]
                message = f"the worker exited with code {returncode}: {tail[0][:500]}"
            out.append(
                CheckResult(
                    name,
                    "fail",
                    error_type=error_type,
                    message=message,
                    hint=hint_for(error_type, message),
                )
            )
        else:
            out.append(CheckResult(name, "skip", reason="not run: an earlier check did not end"))
    environment = {k: v for k, v in env.items() if k not in {"event", "overrides"}}
    return Report(
        target=str(target.path),
        kind=target.kind,
        checks=out,
        environment=environment,
        overrides=list(env.get("overrides", [])),
    )


def validate(
    path: str | Path,
    *,
    checks: Sequence[str] = DEFAULT_CHECKS,
    timeout: float = 300.0,
    memory_limit_mb: int | None = None,
    init_args: dict[str, Any] | None = None,
    model_class: str | None = None,
    datamodule_class: str | None = None,
    cli_args: Sequence[str] = (),
) -> Report:
    unknown = [c for c in checks if c not in ALL_CHECKS]
    if unknown:
        raise UsageError(
            "--checks", f"unknown check {unknown[0]!r}; known: {', '.join(ALL_CHECKS)}"
        )
    target = discover_target(path)
    with tempfile.TemporaryDirectory(prefix="lightning-skill-validate-") as tmp:
        work = Path(tmp)
        request = {
            "target": target.to_dict(),
            "checks": list(checks),
            "work_dir": str(work),
            "init_args": init_args,
            "model_class": model_class,
            "datamodule_class": datamodule_class,
            "cli_args": list(cli_args),
        }
        (work / "request.json").write_text(json.dumps(request), encoding="utf-8")
        events_path = work / "events.jsonl"
        result = run_sandboxed(
            [
                sys.executable,
                "-m",
                "lightning_skill.validate.worker",
                "request.json",
                str(events_path),
            ],
            cwd=work,
            timeout=timeout,
            env=_worker_env(),
            memory_limit_mb=memory_limit_mb,
        )
        events = _read_events(events_path)
    return build_report(
        target,
        checks,
        events,
        timed_out=result.timed_out,
        timeout=timeout,
        returncode=result.returncode,
        stderr=result.stderr,
    )
