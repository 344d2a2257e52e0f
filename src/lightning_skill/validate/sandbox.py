"""Run a command in its own process group with a deadline; leave no process behind.

The child starts a new session (``start_new_session=True``), so it and everything it spawns
(DataLoader workers, DDP ranks) share one process group, which is killed as a whole on timeout
and again after a normal exit, in case a grandchild outlived its parent.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SandboxResult:
    returncode: int | None  # None when killed on timeout
    timed_out: bool
    seconds: float
    stdout: str
    stderr: str


def _limit_memory(max_bytes: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    return apply


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_sandboxed(
    cmd: list[str],
    *,
    cwd: Path,
    timeout: float,
    env: dict[str, str] | None = None,
    memory_limit_mb: int | None = None,
) -> SandboxResult:
    start = time.perf_counter()
    out_path, err_path = cwd / ".sandbox.stdout", cwd / ".sandbox.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
            preexec_fn=_limit_memory(memory_limit_mb << 20) if memory_limit_mb else None,
        )
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            kill_group(proc.pid)  # the group outlives its leader if children remain
            proc.wait()
    return SandboxResult(
        returncode=None if timed_out else proc.returncode,
        timed_out=timed_out,
        seconds=time.perf_counter() - start,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def processes_in_group(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is ``pgid``, found by scanning /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces or parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in {"Z", "X"}:
            found.append(int(entry.name))
    return found


def processes_with_env(marker: str) -> list[int]:
    """Live processes whose initial environment contains ``marker`` (``NAME=value``)."""
    found = []
    needle = marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text()
                if state[state.rfind(")") + 2 :].split()[0] not in {"Z", "X"}:
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def kill_group_and_wait(pgid: int, timeout: float = 10.0) -> bool:
    """SIGKILL the group until no live member is left (True) or ``timeout`` passes (False).

    A killed process can take a moment to exit (and a process forked at the instant of the kill
    can escape the first signal), so the group is scanned and killed again until it is empty.
    """
    deadline = time.monotonic() + timeout
    while True:
        kill_group(pgid)
        if not processes_in_group(pgid):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies (PR_SET_PDEATHSIG).

    A no-op where unsupported. The job server and its jobs use ``containment`` directly.
    """
    from lightning_skill.validate.containment import die_with_parent as _die

    _die(signal.SIGKILL)


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)`` in the main thread,
    so ``finally`` clauses run: running jobs are killed, the job server is closed and the
    temporary folders are removed before the process exits (the default action would skip them).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(sig: int, _frame: object) -> None:
        raise SystemExit(128 + sig)

    previous = {sig: signal.signal(sig, leave) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def sandbox_environment(runner: object) -> dict[str, str]:
    """The report's ``environment`` fields that say what contained the jobs (``containment``,
    ``memory_cap``, ``isolation``); empty for a runner that does not say."""
    describe = getattr(runner, "environment", None)
    return dict(describe()) if callable(describe) else {}
