"""Job runners, parent side (no torch): the warm pool and the cold runner.

Both talk to a ``pool_server`` that forks one child per job and contains its whole process tree
(subreapers, see ``containment``), and both hand back a ``JobHandle`` the driver polls, reads
events from (``handle.events``, an ``EventReader``: the job's pipe, forwarded by the server) and,
on a deadline, kills (the job and everything below it).

- ``WarmPool``: the server preloads torch, Lightning and torchvision once; each job is a fork,
  so the import cost is paid once per ``validate`` call, not per check.
- ``ColdRunner`` (``--no-pool``): each job's fork execs a fresh ``worker`` interpreter that pays
  the imports; kept for comparison (benchmarks) and as the plainest way to run a job.

``isolate=True`` runs the server (and so every job) under bubblewrap: no network, read-only
filesystem except ``work_root`` (where the driver puts its temporary folders) and ``writable``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lightning_skill.validate.channel import EventReader
from lightning_skill.validate.containment import (
    bwrap_prefix,
    die_with_parent,
    environment_fields,
    probe_isolation,
)
from lightning_skill.validate.pool_server import isolated_argv
from lightning_skill.validate.sandbox import kill_group

TEMP_PREFIX = "lightning-skill-validate-"


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
        self.events = EventReader()

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


class PoolError(RuntimeError):
    pass


class _PoolHandle(JobHandle):
    def __init__(self, pool: WarmPool, job_id: str, pid: int, events: EventReader) -> None:
        super().__init__(pid)
        self.pool = pool
        self.job_id = job_id
        self.events = events

    def poll(self) -> int | None:
        code = self.pool._exits.get(self.job_id)
        if code is None and not self.pool.alive():
            return -9  # the server died; its children were killed with it
        return code

    def kill(self) -> None:
        # The server kills the job's whole tree (sessions and groups of its own included); the
        # group kill is the fallback should the server be stuck.
        self.killed = True
        self.pool._send({"kill": self.job_id})
        kill_group(self.pgid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pgid, signal.SIGKILL)


class WarmPool:
    """A job server with torch/Lightning preloaded; one forked child per job."""

    name = "pool"
    preload = True

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        start_timeout: float = 600.0,
        log: Path | None = None,
        isolate: bool = False,
        writable: Sequence[str | Path] = (),
    ) -> None:
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()  # one message at a time on the server's stdin
        self._pids: dict[str, int] = {}
        self._exits: dict[str, int] = {}
        self._readers: dict[str, EventReader] = {}
        self._cleanup_sent: set[str] = set()
        self._count = 0
        self._log = log
        self.isolate = isolate
        # The driver puts its temporary folders here: under --isolate it is the only writable
        # place besides `writable`, and the server removes it if validate is killed.
        self.work_root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        # The server removes work_root when it stops, even if validate dies before it is ready.
        server_args = ["--cleanup", str(self.work_root)] + ([] if self.preload else ["--cold"])
        argv = isolated_argv("lightning_skill.validate.pool_server", *server_args)
        if isolate:
            try:
                dirs = [self.work_root, *(Path(w).resolve() for w in writable)]
                for folder in dirs:
                    folder.mkdir(parents=True, exist_ok=True)
                probe_isolation(self.work_root)
                # A bind-mounted folder cannot be removed from inside the sandbox: a shell outside
                # it waits for bwrap, then removes work_root (the server ends at validate's end,
                # even a SIGKILL, when its stdin closes).
                argv = ["sh", "-c", _JANITOR, str(self.work_root), *bwrap_prefix(dirs), *argv]
            except Exception:
                shutil.rmtree(self.work_root, ignore_errors=True)
                raise
        err = log.open("ab") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            argv,
            env=worker_env(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            # validate killed, even by SIGKILL: the server is told (SIGTERM) and cleans up. Under
            # isolate the janitor shell must outlive validate: the server's stdin tells it.
            preexec_fn=None if isolate else lambda: die_with_parent(signal.SIGTERM),
            cwd=self.work_root,  # the caller's folder is no concern of the server's
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
        """The process ``validate`` started (the server; under isolate, the shell around bwrap)."""
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def environment(self) -> dict[str, str]:
        """What held, for the report's ``environment`` (see ``containment``)."""
        return environment_fields(self.ready, isolate=self.isolate)

    def _send(self, message: dict[str, Any]) -> None:
        with self._write_lock, contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is None or self.proc.stdin.closed:
                return
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()

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
                elif "event" in msg:
                    reader = self._readers.get(msg.get("job"))
                    if reader is not None:
                        reader.put(msg["event"])
                elif "pid" in msg and "job" in msg:
                    self._pids[msg["job"]] = msg["pid"]
                elif "exit" in msg:
                    self._exits[msg["job"]] = msg["exit"]
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()

    def start(self, request: Path, cwd: Path, stdout: Path, stderr: Path) -> JobHandle:
        if not self.alive():
            raise PoolError("the validation pool is not running")
        events = EventReader()
        with self._lock:
            self._count += 1
            job_id = f"j{self._count}"
            self._readers[job_id] = events
        root = _temp_root(cwd)
        if root not in self._cleanup_sent:  # removed by the server should validate be killed
            self._cleanup_sent.add(root)
            self._send({"cleanup": root})
        self._send(
            {
                "job": job_id,
                "request": str(request),
                "cwd": str(cwd),
                "stdout": str(stdout),
                "stderr": str(stderr),
            }
        )
        with self._lock:
            self._lock.wait_for(lambda: job_id in self._pids or not self.alive(), 30)
            if job_id not in self._pids:
                raise PoolError("the validation pool did not start a job")
            return _PoolHandle(self, job_id, self._pids[job_id], events)

    def close(self) -> None:
        with self._write_lock:
            if self.proc.stdin and not self.proc.stdin.closed:
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()  # the server kills every job tree and exits
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=15)
        if self.proc.poll() is None:  # stuck: the old way, group by group
            for pid in list(self._pids.values()):
                kill_group(pid)
            kill_group(self.proc.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        shutil.rmtree(self.work_root, ignore_errors=True)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ColdRunner(WarmPool):
    """One fresh interpreter per job (the same server and containment, nothing preloaded)."""

    name = "cold"
    preload = False


# sh -c _JANITOR WORK_ROOT BWRAP...: run the sandbox, then remove WORK_ROOT, keep the status.
_JANITOR = '"$@"; status=$?; rm -rf -- "$0"; exit "$status"'


def _temp_root(cwd: Path) -> str:
    """The driver's temporary folder a job directory lives in (``lightning-skill-validate-*``)."""
    for folder in (cwd, *cwd.parents):
        if folder.name.startswith(TEMP_PREFIX):
            return str(folder)
    return str(cwd)
