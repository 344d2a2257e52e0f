"""Containment of a job's whole process tree (Linux), torch-free, used by the pool server.

A process group is not enough: a child started with ``start_new_session=True``, with
``process_group=0`` or by a double fork + ``setsid`` leaves it. What holds instead:

- **Child subreapers** (``PR_SET_CHILD_SUBREAPER``): the pool server and every job are
  subreapers, so an orphan anywhere below a job is re-parented to the job while it runs and to
  the server once the job is gone, never to init. The server kills every child of its own that is
  not a running job, until there is none, before it reports the job's end: a job's tree dies with
  it, whatever sessions or groups it made.
- **A memory cap for the tree**: ``--memory-mb`` is enforced on the sum of the private memory
  (``Private_*`` of ``/proc/PID/smaps_rollup``) of every process in the job's tree, polled by the
  server, on top of ``RLIMIT_AS`` on the job process itself (which turns an allocation in the
  check's own process into a ``MemoryError`` with a traceback). Private memory leaves out the
  pages a forked child shares with the preloaded server, so DataLoader workers are not counted
  several times.
- **``--isolate``**: the server and its jobs run under bubblewrap (``bwrap``): no network (a new
  network namespace with only loopback, which is not the host's), the filesystem read-only except
  the validation's temporary folder and ``--artifacts``.

``LEVELS`` names what this machine gave; the report's ``environment`` carries it
(``environment_fields``) so a reader knows what held.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

#: Fallback chain of process containment, best first.
LEVELS = (
    "subreaper",  # Linux: every descendant comes back to the job, then to the server
    "process-group",  # elsewhere: only what stays in the job's process group is killed
)


def _prctl(option: int, value: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """Orphans below this process are re-parented to it (True), where the kernel supports it."""
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Have the kernel send ``sig`` to this process when its parent dies (PR_SET_PDEATHSIG)."""
    return _prctl(PR_SET_PDEATHSIG, int(sig))


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's), including zombies not yet reaped."""
    found: list[int] = []
    task = Path(f"/proc/{pid}/task")
    try:
        for tid in task.iterdir():
            with contextlib.suppress(OSError):
                found.extend(int(c) for c in (tid / "children").read_text().split())
    except OSError:
        return []
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (breadth first)."""
    out: list[int] = []
    frontier = [pid]
    while frontier:
        nxt = []
        for p in frontier:
            nxt.extend(children(p))
        out.extend(nxt)
        frontier = nxt
    return out


def _kill(pids: Iterable[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def kill_tree(pid: int, *, include_root: bool = True) -> None:
    """SIGKILL ``pid``'s descendants (deepest last found first) and, optionally, ``pid``.

    A process killed before its children re-parents them to the nearest subreaper, which is the
    caller's own loop's business (``pool_server``); killing the whole list found in one pass
    leaves no time for a fork in between to matter (a dying process cannot fork).
    """
    _kill(reversed(descendants(pid)))
    if include_root:
        _kill([pid])


def private_bytes(pid: int) -> int:
    """Memory private to ``pid`` (resident + swapped), 0 when it is gone or unreadable."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    total = 0
    for line in text.splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:", "Swap:")):
            total += int(line.split()[1]) * 1024
    return total


def tree_private_bytes(pid: int) -> int:
    return sum(private_bytes(p) for p in [pid, *descendants(pid)])


def memory_probe() -> bool:
    """Whether private memory can be measured here (smaps_rollup, Linux 4.14+)."""
    return private_bytes(os.getpid()) > 0


# --- --isolate -----------------------------------------------------------------------------


class IsolationUnavailable(RuntimeError):
    """``--isolate`` was asked for and this machine cannot provide it (the message says why)."""


def bwrap_prefix(writable: Sequence[Path]) -> list[str]:
    """The ``bwrap`` command line that runs a program with no network and a read-only
    filesystem except ``writable`` (each bound read-write at the same path)."""
    exe = shutil.which("bwrap")
    if exe is None:
        raise IsolationUnavailable(
            "bubblewrap (bwrap) is not installed: apt-get install bubblewrap "
            "(or run without --isolate)"
        )
    cmd = [exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm"]
    for path in writable:
        cmd += ["--bind", str(path), str(path)]
    # --die-with-parent: the sandbox ends with validate, whatever kills it.
    cmd += ["--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--"]
    return cmd


def probe_isolation(scratch: Path) -> None:
    """Raise ``IsolationUnavailable`` with the kernel's reason if bwrap cannot start here."""
    cmd = [*bwrap_prefix([scratch]), "/bin/sh", "-c", "exit 0"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IsolationUnavailable(f"bubblewrap could not start: {exc}") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise IsolationUnavailable(
            f"bubblewrap could not create a sandbox on this machine ({reason}); the kernel "
            "refuses the namespaces it needs (unprivileged user namespaces are disabled, or a "
            "container forbids them). Run without --isolate, or allow user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1 / a container with CAP_SYS_ADMIN)"
        )


def environment_fields(ready: dict | None, *, isolate: bool = False) -> dict[str, str]:
    """What held, for the report's ``environment`` section (from the server's ready message)."""
    ready = ready or {}
    return {
        "containment": str(ready.get("containment", "process-group")),
        "memory_cap": str(ready.get("memory_cap", "rlimit-as")),
        "isolation": "bwrap" if isolate else "none",
    }


def wait_gone(pids: Iterable[int], timeout: float) -> bool:
    """True once none of ``pids`` is alive (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    pending = list(pids)
    while pending:
        pending = [p for p in pending if alive(p)]
        if not pending:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def alive(pid: int) -> bool:
    """``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].split()[0] not in {"Z", "X"}
