"""Job runners, parent side (no torch): the warm pool and the cold subprocess.

Both start a job in its own process group and hand back a ``JobHandle`` the driver polls and,
on a deadline, kills (the whole group: the job, its DataLoader workers, its DDP ranks).

- ``WarmPool`` talks to ``pool_server`` (torch, Lightning, torchvision preloaded once) which
  forks a child per job: the import cost is paid once per ``validate`` call, not per check.
- ``ColdRunner`` starts ``python -m lightning_skill.validate.worker`` per job: every job pays the
  imports. Kept for comparison (benchmarks) and as ``--no-pool``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from lightning_skill.validate.sandbox import die_with_parent, kill_group


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])  # make the toolkit importable in the child
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env.setdefault("PYTHONUNBUFFERED", "1")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the user's project
    env.setdefault("MPLBACKEND", "Agg")
    env.update(extra or {})
    return env


class JobHandle:
    """A started job: ``pgid`` is its process group; ``poll()`` -> exit code or None."""

    def __init__(self, pgid: int) -> None:
        self.pgid = pgid
        self.killed = False

    def poll(self) -> int | None:
        raise NotImplementedError

    def kill(self) -> None:
        self.killed = True
        kill_group(self.pgid)

    def wait(self, timeout: float = 10.0) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            code = self.poll()
            if code is not None:
                return code
            time.sleep(0.01)
        return None


class _ColdHandle(JobHandle):
    def __init__(self, proc: subprocess.Popen) -> None:
        super().__init__(proc.pid)
        self.proc = proc

    def poll(self) -> int | None:
        return self.proc.poll()


class ColdRunner:
    """One fresh interpreter per job."""

    name = "cold"

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.env = worker_env(env)

    def start(
        self, request: Path, events: Path, cwd: Path, stdout: Path, stderr: Path
    ) -> JobHandle:
        with stdout.open("ab") as out, stderr.open("ab") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "lightning_skill.validate.worker",
                    str(request),
                    str(events),
                ],
                cwd=cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        return _ColdHandle(proc)

    def close(self) -> None:
        pass

    def __enter__(self) -> ColdRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PoolError(RuntimeError):
    pass


class _PoolHandle(JobHandle):
    def __init__(self, pool: WarmPool, job_id: str, pid: int) -> None:
        super().__init__(pid)
        self.pool = pool
        self.job_id = job_id

    def poll(self) -> int | None:
        code = self.pool._exits.get(self.job_id)
        if code is None and not self.pool.alive():
            return -9  # the server died; its children were killed with it
        return code


class WarmPool:
    """A forkserver-style server with torch/Lightning preloaded; one forked child per job."""

    name = "pool"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        start_timeout: float = 600.0,
        log: Path | None = None,
    ) -> None:
        self._lock = threading.Condition()
        self._pids: dict[str, int] = {}
        self._exits: dict[str, int] = {}
        self._count = 0
        self._log = log
        err = log.open("ab") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lightning_skill.validate.pool_server"],
            env=worker_env(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            preexec_fn=die_with_parent,
            cwd=Path.cwd() if Path.cwd().exists() else "/",
        )
        if log:
            err.close()  # type: ignore[union-attr]
        self.ready: dict[str, Any] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        with self._lock:
            ok = self._lock.wait_for(
                lambda: self.ready or self.proc.poll() is not None, start_timeout
            )
        if not ok or not self.ready:
            self.close()
            raise PoolError(f"the validation pool did not start (exit {self.proc.poll()})")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                msg = json.loads(raw)
            except json.JSONDecodeError:
                continue
            with self._lock:
                if msg.get("ready"):
                    self.ready = msg
                elif "pid" in msg and "job" in msg:
                    self._pids[msg["job"]] = msg["pid"]
                elif "exit" in msg:
                    self._exits[msg["job"]] = msg["exit"]
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()

    def start(
        self, request: Path, events: Path, cwd: Path, stdout: Path, stderr: Path
    ) -> JobHandle:
        if not self.alive():
            raise PoolError("the validation pool is not running")
        with self._lock:
            self._count += 1
            job_id = f"j{self._count}"
        line = json.dumps(
            {
                "job": job_id,
                "request": str(request),
                "events": str(events),
                "cwd": str(cwd),
                "stdout": str(stdout),
                "stderr": str(stderr),
            }
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        with self._lock:
            self._lock.wait_for(lambda: job_id in self._pids or not self.alive(), 30)
            if job_id not in self._pids:
                raise PoolError("the validation pool did not start a job")
            return _PoolHandle(self, job_id, self._pids[job_id])

    def close(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()  # the server kills its children and exits
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for pid in list(self._pids.values()):
            kill_group(pid)
        kill_group(self.proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
