"""The warm pool's server: preload torch and Lightning once, then fork one child per job.

``python -m lightning_skill.validate.pool_server`` (started by ``pool.WarmPool``, in its own
session). Protocol, one JSON object per line:

- server -> parent, stdout: ``{"ready": true, "pid": N, "seconds": S, "preloaded": [...]}``, then
  ``{"job": ID, "pid": PID}`` when a job's child is forked and ``{"job": ID, "exit": CODE}``
  when it ends (CODE < 0: killed by signal -CODE).
- parent -> server, stdin: ``{"job": ID, "request": PATH, "events": PATH, "cwd": DIR,
  "stdout": PATH, "stderr": PATH}``. End of input: the server kills every child's process group
  and exits.

Each child is put in its own process group (by the server and by itself, so there is no window
in which a kill of the group could miss it), changes into its job's directory, sends its
stdin/stdout/stderr away from the protocol pipes, runs ``worker.run_job`` and ``_exit``s. The
server itself never runs a tensor operation, so children inherit no thread-pool state.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import sys
import time
from pathlib import Path
from typing import Any

PRELOAD = (
    "torch",
    "lightning",
    "lightning.pytorch",
    "lightning.pytorch.cli",
    "torchmetrics",
    "torchvision",
    "lightning_skill.validate.checks",
    "lightning_skill.validate.ddp",
    "lightning_skill.lint",
)


def preload() -> list[str]:
    loaded = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - optional: a missing extra is not an error
            continue
        loaded.append(name)
    return loaded


def _send(out: Any, **message: Any) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _child(job: dict[str, Any]) -> None:
    """In the forked child: isolate, then run the job. Never returns."""
    code = 0
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        from lightning_skill.validate.sandbox import die_with_parent

        die_with_parent()  # the server gone (killed): this job goes too
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(job["cwd"])
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        for fd, key in ((1, "stdout"), (2, "stderr")):
            target = os.open(job[key], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(target, fd)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the fds now point at the job files
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        from lightning_skill.validate.worker import run_job

        request = json.loads(Path(job["request"]).read_text(encoding="utf-8"))
        run_job(request, Path(job["events"]))
    except BaseException:  # noqa: BLE001 - the parent reads the exit code and stderr
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve() -> int:
    start = time.perf_counter()
    out = sys.stdout
    loaded = preload()
    _send(
        out,
        ready=True,
        pid=os.getpid(),
        seconds=round(time.perf_counter() - start, 3),
        preloaded=loaded,
    )
    children: dict[int, str] = {}  # pid -> job id
    stdin = sys.stdin.buffer
    buffer = b""
    open_input = True
    while open_input or children:
        if open_input:
            ready, _, _ = select.select([stdin], [], [], 0.02)
            if ready:
                chunk = os.read(stdin.fileno(), 65536)
                if not chunk:
                    open_input = False
                    for pid in children:  # the parent is gone or done: leave nothing behind
                        with contextlib.suppress(OSError):
                            os.killpg(pid, signal.SIGKILL)
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if not line.strip():
                        continue
                    job = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _child(job)
                    with contextlib.suppress(OSError):
                        os.setpgid(pid, pid)
                    children[pid] = job["job"]
                    _send(out, job=job["job"], pid=pid)
        else:
            time.sleep(0.02)
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                children.clear()
                break
            if pid == 0:
                break
            job_id = children.pop(pid, None)
            if job_id is not None:
                code = os.waitstatus_to_exitcode(status)
                _send(out, job=job_id, exit=code)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
