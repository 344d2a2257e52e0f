"""The job server: forks one child per job, contains each job's whole process tree.

Started by ``pool.WarmPool`` (``--preload``: torch and Lightning imported once, each job a fork)
or ``pool.ColdRunner`` (each job a fork that execs a fresh ``worker``), always through
``isolated_argv``: the working directory is not on ``sys.path``, so a ``json.py`` or ``torch.py``
where ``validate`` runs cannot shadow a module. Protocol, one JSON object per line:

- server -> parent, stdout: ``{"ready": true, "pid": N, "seconds": S, "preloaded": [...],
  "containment": LEVEL, "memory_cap": HOW}``; per job ``{"job": ID, "pid": PID}`` once forked,
  ``{"job": ID, "event": {...}}`` for each event the job sends over its pipe (see ``channel``),
  and ``{"job": ID, "exit": CODE}`` (CODE < 0: killed by signal -CODE) once the job *and every
  process it started* are gone.
- parent -> server, stdin: ``{"job": ID, "request": PATH, "cwd": DIR, "stdout": PATH,
  "stderr": PATH}``; ``{"kill": ID}`` (kill that job's tree); ``{"cleanup": DIR}`` (remove DIR
  when the server stops; ``--cleanup DIR`` on the command line: the same, from the start).
  End of input, SIGTERM, SIGHUP or the parent's death (PDEATHSIG): every job tree is killed,
  the cleanup folders are removed, the server exits.

Containment (see ``containment``): the server and every job are child subreapers, so orphans of a
job (double fork, ``setsid``, ``start_new_session=True``, ``process_group=0``) are re-parented to
the job, and once it ends to the server, which kills every child that is not a running job. A job
with a memory cap has its tree's private memory polled; past the cap the tree is killed and the
running check fails with ``MemoryError``. Each job gets ``TMPDIR`` inside its own folder (torch's
``pytorch-errorfile-*.pickle`` go there) and never sees the server's protocol pipes. The server
itself never runs a tensor operation, so children inherit no thread-pool state.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
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

# `python -c BOOT MODULE ARGS...`: run MODULE as __main__ without the working directory on
# sys.path (what `-P` does on 3.11+, spelled so that 3.10 works too), keeping PYTHONPATH.
BOOT = (
    "import runpy, sys\n"
    "if sys.path[:1] == ['']: del sys.path[0]\n"
    "sys.argv[:] = sys.argv[1:]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)"
)


def isolated_argv(module: str, *args: str) -> list[str]:
    return [sys.executable, "-c", BOOT, module, *args]


MEMORY_POLL_S = 0.1
SWEEP_GRACE_S = 5.0  # a leftover that will not die (D state) does not hold a job's end forever


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
    # The parent gone (broken pipe): the stdin end-of-file that follows stops the server.
    with contextlib.suppress(OSError, ValueError):
        out.write(json.dumps(message, default=str) + "\n")
        out.flush()


@dataclass
class _Job:
    id: str
    pid: int
    rfd: int | None
    cap: int | None  # bytes of private memory the tree may add, None: no cap
    tmp: Path  # the job's TMPDIR, removed when it ends
    buffer: bytes = b""
    running: str | None = None  # the check started and not finished
    started: float = field(default_factory=time.monotonic)
    baseline: int | None = None  # tree private memory at the first event
    polled: float = 0.0
    code: int | None = None  # exit code once the leader was reaped
    ended: float | None = None
    sealed: bool = False  # the server wrote this job's verdict (memory): drop later events


def _memory_cap(request_path: str) -> int | None:
    try:
        mb = json.loads(Path(request_path).read_text(encoding="utf-8")).get("memory_limit_mb")
    except (OSError, ValueError):
        return None
    return int(mb) << 20 if mb else None


def _child(job: dict[str, Any], wfd: int, server_fds: list[int], cold: bool) -> None:
    """In the forked child: contain, redirect, then run the job. Never returns."""
    code = 0
    try:
        from lightning_skill.validate.containment import become_subreaper, die_with_parent

        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        become_subreaper()  # orphans below this job come back to it, not to init
        die_with_parent()  # the server killed: this job goes too
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        for fd in server_fds:  # other jobs' channels are not this job's (0-2 are replaced below)
            if fd > 2:
                with contextlib.suppress(OSError):
                    os.close(fd)
        os.chdir(job["cwd"])
        tmp = Path(job["cwd"]) / "tmp"
        tmp.mkdir(exist_ok=True)
        os.environ["TMPDIR"] = str(tmp)  # torch's error files and every tempfile land in the job
        import tempfile

        tempfile.tempdir = None  # forget the server's cached choice
        # stdin/stdout (the protocol pipes) become /dev/null and the job's output files.
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_APPEND),
            (2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND),
        ):
            opened = os.open(path, flags, 0o644)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
        if cold:
            os.set_inheritable(wfd, True)
            argv = isolated_argv("lightning_skill.validate.worker", job["request"], f"fd:{wfd}")
            os.execv(argv[0], argv)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the fds now point at the job files
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        from lightning_skill.validate.channel import EventWriter
        from lightning_skill.validate.worker import run_job

        request = json.loads(Path(job["request"]).read_text(encoding="utf-8"))
        run_job(request, EventWriter(wfd))
    except BaseException:  # noqa: BLE001 - the parent reads the exit code and stderr
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


class Server:
    def __init__(self, cold: bool) -> None:
        from lightning_skill.validate import containment

        self._children = containment.children
        self._kill_tree = containment.kill_tree
        self._tree_private = containment.tree_private_bytes
        self.cold = cold
        self.out = sys.stdout
        self.stdin_fd = sys.stdin.fileno()
        self.jobs: dict[str, _Job] = {}
        self.cleanup: list[str] = []
        self.stopping = False
        self.open_input = True
        self._input = b""

    # -- jobs ------------------------------------------------------------------------------

    def start(self, job: dict[str, Any]) -> None:
        rfd, wfd = os.pipe()
        server_fds = [self.stdin_fd, self.out.fileno(), rfd]
        server_fds += [j.rfd for j in self.jobs.values() if j.rfd is not None]
        pid = os.fork()
        if pid == 0:
            _child(job, wfd, server_fds, self.cold)
        os.close(wfd)
        os.set_blocking(rfd, False)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        tmp = Path(job["cwd"]) / "tmp"
        self.jobs[job["job"]] = _Job(job["job"], pid, rfd, _memory_cap(job["request"]), tmp)
        _send(self.out, job=job["job"], pid=pid)

    def _forward(self, job: _Job, events: list[dict[str, Any]]) -> None:
        for event in events:
            if job.sealed:
                return
            if job.baseline is None and job.cap is not None:
                job.baseline = self._tree_private(job.pid)
            kind = event.get("event")
            if kind == "start":
                job.running = str(event.get("name"))
                job.started = time.monotonic()
            elif kind == "result" and event.get("name") == job.running:
                job.running = None
            _send(self.out, job=job.id, event=event)

    def _drain(self, job: _Job) -> None:
        """Read what the job's pipe holds now (non-blocking); close it at end of file."""
        from lightning_skill.validate.channel import split_lines

        while job.rfd is not None:
            try:
                chunk = os.read(job.rfd, 65536)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                os.close(job.rfd)
                job.rfd = None
                return
            job.buffer, events = split_lines(job.buffer, chunk)
            self._forward(job, events)

    def _watch_memory(self, job: _Job, now: float) -> None:
        if job.cap is None or job.baseline is None or job.code is not None or job.sealed:
            return
        if now - job.polled < MEMORY_POLL_S:
            return
        job.polled = now
        used = self._tree_private(job.pid) - job.baseline
        if used <= job.cap:
            return
        self._drain(job)
        self._kill_tree(job.pid)
        name = job.running
        job.sealed = True
        if name is None:
            return  # between checks: the parent reports the crash on what comes next
        from lightning_skill.validate.hints import hint_for

        message = (
            f"the check's processes used {used >> 20} MiB more than when it started, over "
            f"--memory-mb {job.cap >> 20}; killed"
        )
        _send(
            self.out,
            job=job.id,
            event={
                "event": "result",
                "name": name,
                "status": "fail",
                "seconds": round(now - job.started, 3),
                "error_type": "MemoryError",
                "message": message,
                "hint": hint_for("MemoryError", message),
                "details": {"tree_private_mib": used >> 20},
            },
        )

    def _reap(self) -> None:
        by_pid = {j.pid: j for j in self.jobs.values() if j.code is None}
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = by_pid.get(pid)
            if job is not None:
                job.code = os.waitstatus_to_exitcode(status)
                job.ended = time.monotonic()

    def _leftovers(self) -> list[int]:
        """Children of the server that are not running jobs: re-parented orphans of ended jobs."""
        live = {j.pid for j in self.jobs.values() if j.code is None}
        return [p for p in self._children(os.getpid()) if p not in live]

    def _sweep(self) -> bool:
        """Kill every leftover (and what is below it); True when there is none."""
        left = self._leftovers()
        for pid in left:
            self._kill_tree(pid)
        return not left

    def _finish_ended(self, clean: bool) -> None:
        now = time.monotonic()
        for job in list(self.jobs.values()):
            if job.code is None:
                continue
            assert job.ended is not None
            if not clean and now - job.ended < SWEEP_GRACE_S:
                continue  # its orphans are still being killed
            self._drain(job)
            if job.rfd is not None:  # a writer survived (should not): stop listening
                os.close(job.rfd)
                job.rfd = None
            del self.jobs[job.id]
            shutil.rmtree(job.tmp, ignore_errors=True)  # torch's error files, tempfile leftovers
            _send(self.out, job=job.id, exit=job.code)

    # -- input -----------------------------------------------------------------------------

    def _read_input(self) -> None:
        chunk = os.read(self.stdin_fd, 65536)
        if not chunk:
            self.open_input = False
            return
        self._input += chunk
        while b"\n" in self._input:
            line, self._input = self._input.split(b"\n", 1)
            if not line.strip():
                continue
            message = json.loads(line)
            if "cleanup" in message:
                self.cleanup.append(message["cleanup"])
            elif "kill" in message:
                job = self.jobs.get(message["kill"])
                if job is not None and job.code is None:
                    self._kill_tree(job.pid)
            else:
                self.start(message)

    def serve(self) -> int:
        while self.open_input and not self.stopping:
            fds = [self.stdin_fd] + [j.rfd for j in self.jobs.values() if j.rfd is not None]
            ready, _, _ = select.select(fds, [], [], 0.05)
            for fd in ready:
                if fd == self.stdin_fd:
                    self._read_input()
                else:
                    job = next((j for j in self.jobs.values() if j.rfd == fd), None)
                    if job is not None:
                        self._drain(job)
            self._reap()
            clean = self._sweep()
            self._reap()
            now = time.monotonic()
            for job in list(self.jobs.values()):
                self._watch_memory(job, now)
            self._finish_ended(clean)
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        """Kill every job's tree, wait until the server has no child left, remove the folders."""
        for job in self.jobs.values():
            if job.code is None:
                self._kill_tree(job.pid)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self._reap()
            left = self._children(os.getpid())
            if not left:
                break
            for pid in left:
                self._kill_tree(pid)
            time.sleep(0.02)
        for job in self.jobs.values():
            if job.code is not None:
                _send(self.out, job=job.id, exit=job.code)
        for folder in self.cleanup:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    from lightning_skill.validate.containment import become_subreaper, die_with_parent

    start = time.perf_counter()
    server = Server(cold="--cold" in argv)
    if "--cleanup" in argv:
        server.cleanup.append(argv[argv.index("--cleanup") + 1])

    def stop(_sig: int, _frame: Any) -> None:
        server.stopping = True

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, stop)
    # The parent (validate, or bwrap's monitor under --isolate) gone, even by SIGKILL: SIGTERM
    # here, so the trees are killed and the folders removed, instead of dying with them alive.
    die_with_parent(signal.SIGTERM)
    subreaper = become_subreaper()
    loaded = [] if server.cold else preload()
    from lightning_skill.validate.containment import memory_probe

    _send(
        server.out,
        ready=True,
        pid=os.getpid(),
        seconds=round(time.perf_counter() - start, 3),
        preloaded=loaded,
        containment="subreaper" if subreaper else "process-group",
        memory_cap="job-tree" if memory_probe() else "rlimit-as",
    )
    return server.serve()


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    # No interpreter teardown: finalizing torch's modules takes seconds and cleans nothing up.
    os._exit(code)
