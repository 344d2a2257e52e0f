"""Schedule jobs over targets, watch their events, enforce per-check deadlines (no torch here).

Per target: a temporary working directory (deleted afterwards), the setup job, then one job per
remaining check (see ``plan``), at most ``jobs`` running at a time across all targets. A check
that runs past ``timeout`` seconds gets its whole process group killed and is reported as a
``Timeout``; one in which no training/eval step finishes for ``stuck_after`` seconds while a
Trainer stage runs (the job's progress events, see ``events``) is killed as ``Stuck``, and the
target's checks that would run that stage again are skipped; a job that dies is reported as
``WorkerCrashed`` on the check it was running. Either
way the next job starts in a fresh process, and after every job its process group is killed
once more, in case a DataLoader worker or DDP rank outlived it.
"""

from __future__ import annotations

import json
import re
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lightning_skill.report import CheckResult, Report
from lightning_skill.validate import events as ev
from lightning_skill.validate.hints import hint_for
from lightning_skill.validate.plan import Job, plan_jobs
from lightning_skill.validate.pool import JobHandle
from lightning_skill.validate.registry import BY_NAME, option_defaults
from lightning_skill.validate.sandbox import kill_group_and_wait, sandbox_environment
from lightning_skill.validate.target import Target

ResultCallback = Callable[[int, CheckResult], None]


@dataclass
class _Running:
    target_index: int
    job: Job
    name: str
    handle: JobHandle
    stderr_path: Path
    started: float
    mark: float  # when the current check's clock started
    events: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False
    kill_sent: float | None = None
    # Progress watchdog: armed while a Trainer stage runs (validation runs inside fit's train
    # stage, so stages nest); fed by every progress event.
    active: set[str] = field(default_factory=set)
    where: dict[str, tuple[int, str]] = field(default_factory=dict)  # stage -> (batch, phase)
    last_progress: float = 0.0
    stage: str = ""
    batch: int = -1
    phase: str = ""
    steps_done: int = 0  # batches finished in the current check
    stuck: bool = False


@dataclass
class _TargetState:
    target: Target
    work: Path
    setup: Job
    rest: list[Job]
    results: dict[str, CheckResult] = field(default_factory=dict)
    env: dict[str, Any] = field(default_factory=dict)
    asked: tuple[str, ...] = ()
    setup_done: bool = False
    queued: bool = False
    stuck: tuple[str, str, str] | None = None  # (check, stage, "at batch k") once one is stuck


def _read_new(run: _Running) -> None:
    # The job's channel (a pipe, see channel.py), never a file in its working directory; the
    # deadline moves when the parent receives an event, on the parent's clock.
    for event in run.handle.events.read():
        _observe(run, event)


def _observe(run: _Running, event: dict[str, Any]) -> None:
    """Take one event into account: deadlines restart per check, progress feeds the watchdog."""
    now = time.monotonic()
    kind = event.get("event")
    if kind == ev.PROGRESS:
        run.last_progress = now
        run.stage, run.phase = str(event.get("stage", "")), str(event.get("phase", ""))
        if run.phase == ev.BEGIN:
            run.active.add(run.stage)
            run.batch = -1
        elif run.phase == ev.END:
            run.active.discard(run.stage)
            if run.active:  # back in the enclosing stage (fit's train after its validation)
                run.stage = next(iter(run.active))
                run.batch, run.phase = run.where.get(run.stage, (-1, ev.BEGIN))
        else:
            run.batch = int(event.get("batch", -1))
            run.steps_done += run.phase == ev.DONE
        run.where[run.stage] = (run.batch, run.phase)
        return  # progress is not kept: a long fit sends thousands
    run.events.append(event)
    if kind in {ev.START, ev.RESULT}:
        run.mark = now
        run.active.clear()
        run.steps_done = 0


def _where(run: _Running) -> str:
    """``at batch k`` / ``after batch k`` / ``before batch 0``, for a stuck message."""
    if run.batch < 0:
        return "before batch 0 (loading the first batch, or a hook before it)"
    if run.phase == ev.DONE:
        return f"after batch {run.batch} (loading the next batch, or a hook between batches)"
    return f"at batch {run.batch}"


_ERROR_LINE = re.compile(
    r"Error|Exception|Traceback|Killed|Segmentation|terminate|Abort|core dumped"
)


def _crash_message(code: int | None, stderr: Path) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        text = f"the check's process was killed by {name}"
    else:
        text = f"the check's process exited with code {code} before reporting"
    try:
        lines = stderr.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        lines = []
    errors = [line.strip() for line in lines if _ERROR_LINE.search(line)]
    return f"{text}: {errors[-1][:500]}" if errors else text


def _finish(
    run: _Running, code: int | None, timeout: float, stuck_after: float
) -> list[CheckResult]:
    results = {e["name"]: e for e in run.events if e.get("event") == ev.RESULT}
    started = [e["name"] for e in run.events if e.get("event") == ev.START]
    running = started[-1] if started and started[-1] not in results else None
    out: list[CheckResult] = []
    for name in run.job.checks:
        if name in results:
            r = {k: v for k, v in results[name].items() if k != "event"}
            out.append(CheckResult(**r))
        elif name == running or (running is None and not out):
            seconds = round(time.monotonic() - run.mark, 3)
            details: dict[str, Any] = {}
            if run.stuck:
                error_type = "Stuck"
                message = (
                    f"stuck in {run.stage} {_where(run)}: no step finished for "
                    f"{stuck_after:g}s; killed"
                )
                details = {"stage": run.stage, "batch": run.batch}
            elif run.timed_out:
                error_type = "Timeout"
                if run.steps_done:
                    message = (
                        f"no result within {timeout:g}s; killed while steps were still "
                        f"finishing ({run.steps_done} done, the last in {run.stage}): slow, "
                        "not stuck"
                    )
                else:
                    message = (
                        f"no result within {timeout:g}s; killed before any training/eval step "
                        "finished"
                    )
            else:
                error_type = "WorkerCrashed"
                message = _crash_message(code, run.stderr_path)
            out.append(
                CheckResult(
                    name,
                    "fail",
                    seconds=seconds,
                    error_type=error_type,
                    message=message,
                    hint=hint_for(error_type, message),
                    details=details,
                )
            )
            running = name
        else:
            out.append(CheckResult(name, "skip", reason="not run: an earlier check did not end"))
    return out


def _ready(state: _TargetState, job: Job) -> bool:
    """A job may start once every check it requires that was asked for has a result."""
    if job is state.setup:
        return True
    asked = state.asked
    return all(req in state.results or req not in asked for req in BY_NAME[job.checks[0]].requires)


def _skip_reason(state: _TargetState, job: Job) -> str | None:
    name = job.checks[0]
    spec = BY_NAME[name]
    if state.target.kind not in spec.kinds:
        return f"only for {' and '.join(spec.kinds)} targets"
    if state.stuck and state.stuck[1] in spec.stages:
        check, stage, where = state.stuck
        return f"'{check}' was stuck in {stage} {where}; the same code is not run again"
    for req in spec.requires:
        got = state.results.get(req)
        if got is not None and got.status != "pass":
            return f"'{req}' {'failed' if got.status == 'fail' else 'was skipped'}"
    return None


def run_targets(
    targets: Sequence[Target],
    checks: Sequence[str],
    runner: Any,
    *,
    timeout: float,
    jobs: int = 1,
    base_request: dict[str, Any] | None = None,
    per_check: bool = True,
    on_result: ResultCallback | None = None,
    on_job: Callable[[int, str, int], None] | None = None,
) -> list[Report]:
    """Run ``checks`` on every target through ``runner`` (WarmPool or ColdRunner).

    ``on_result(target_index, result)`` is called as each check ends; ``on_job(target_index,
    job_name, pgid)`` after each job ended and its process group was killed.
    """
    base = dict(base_request or {})
    stuck_after = float({**option_defaults(), **(base.get("options") or {})}["stuck_after"])
    # Inside the runner's work_root: writable under --isolate, removed by the server if killed.
    tmp = tempfile.TemporaryDirectory(
        prefix="lightning-skill-validate-", dir=getattr(runner, "work_root", None)
    )
    root = Path(tmp.name)
    states: list[_TargetState] = []
    for i, target in enumerate(targets):
        setup, rest = plan_jobs(list(checks), target.kind, per_check=per_check)
        work = root / f"t{i}"
        (work / "shared").mkdir(parents=True)  # what one check leaves for another (rehearse)
        states.append(
            _TargetState(
                target, work, setup, rest, asked=tuple(checks), setup_done=not setup.checks
            )
        )
    queue: list[tuple[int, Job]] = []
    for i, st in enumerate(states):
        if st.setup.checks:
            queue.append((i, st.setup))
    for i, st in enumerate(states):
        if st.setup_done:
            queue.extend((i, job) for job in st.rest)
            st.queued = True
    running: list[_Running] = []
    counter = 0

    def record(i: int, result: CheckResult) -> None:
        states[i].results[result.name] = result
        if on_result:
            on_result(i, result)

    try:
        while queue or running:
            # Fill free slots in order.
            while len(running) < max(1, jobs):
                pick = next((k for k, (i, job) in enumerate(queue) if _ready(states[i], job)), None)
                if pick is None:
                    break
                i, job = queue.pop(pick)
                st = states[i]
                if job is not st.setup:
                    reason = _skip_reason(st, job)
                    if reason:
                        record(i, CheckResult(job.checks[0], "skip", reason=reason))
                        continue
                counter += 1
                name = "setup" if job is st.setup else job.checks[0]
                job_dir = st.work / f"{counter:03d}-{name}"
                job_dir.mkdir()
                request = {
                    **base,
                    "target": st.target.to_dict(),
                    "checks": list(job.checks),
                    "prelude": list(job.prelude),
                    "work_dir": str(job_dir),
                    "shared_dir": str(st.work / "shared"),
                }
                req_path = job_dir / "job.json"
                req_path.write_text(json.dumps(request), encoding="utf-8")
                stderr = job_dir / "stderr.txt"
                handle = runner.start(req_path, job_dir, job_dir / "stdout.txt", stderr)
                now = time.monotonic()
                running.append(_Running(i, job, name, handle, stderr, now, now))
            time.sleep(0.01)
            for run in list(running):
                _read_new(run)
                code = run.handle.poll()
                now = time.monotonic()
                stalled = bool(run.active) and now - run.last_progress > stuck_after
                if code is None and not run.kill_sent and (stalled or now - run.mark > timeout):
                    run.stuck, run.timed_out = stalled, not stalled
                    run.kill_sent = now
                    run.handle.kill()
                    continue
                if code is None and not (run.kill_sent and now - run.kill_sent > 10):
                    continue
                kill_group_and_wait(run.handle.pgid)  # leftovers: DataLoader workers, DDP ranks
                _read_new(run)
                if on_job:
                    on_job(run.target_index, run.name, run.handle.pgid)
                running.remove(run)
                st = states[run.target_index]
                for event in run.events:
                    if event.get("event") == ev.ENV and not st.env:
                        st.env = {k: v for k, v in event.items() if k != "event"}
                for result in _finish(run, code, timeout, stuck_after):
                    record(run.target_index, result)
                    if result.error_type == "Stuck" and st.stuck is None:
                        st.stuck = (result.name, run.stage, _where(run))
                if run.job is st.setup and not st.queued:
                    st.setup_done = st.queued = True
                    # This target's checks go next to keep its results together.
                    queue[0:0] = [(run.target_index, job) for job in st.rest]
    finally:
        for run in running:
            run.handle.kill()
        tmp.cleanup()
    reports = []
    for st in states:
        env = st.env
        out = [st.results[n] for n in checks if n in st.results]
        reports.append(
            Report(
                target=str(st.target.path),
                kind=st.target.kind,
                checks=out,
                environment={
                    **{k: v for k, v in env.items() if k != "overrides"},
                    **sandbox_environment(runner),
                },
                overrides=list(env.get("overrides", [])),
            )
        )
    return reports
