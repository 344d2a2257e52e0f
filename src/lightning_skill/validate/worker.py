"""The validation job: runs inside the sandbox, imports torch and Lightning, runs checks.

``python -m lightning_skill.validate.worker JOB.json fd:N`` (a cold job, exec'd by the job
server), or ``run_job`` called in a child forked by the warm pool (``pool_server``).

A job runs its *prelude* (setup checks it depends on) silently, then its checks (from
``registry``), sending one event per line over its channel (``env``, then ``start``/``result``
per check, ``progress`` per batch: see ``events``; a pipe the server opened, see ``channel``), so
when the process dies or is killed mid-check the parent still knows which check was running and
where.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

from lightning_skill.validate.channel import EventWriter


def user_location(tb: Any, root: Path, prefer: Path | None) -> str | None:
    """The deepest traceback frame in the user's code, as ``file:line``."""
    frames = traceback.extract_tb(tb)
    for wanted in (prefer, root):
        if wanted is None:
            continue
        for frame in reversed(frames):
            path = Path(frame.filename).resolve()
            inside = path == wanted or (wanted.is_dir() and wanted in path.parents)
            if inside and "site-packages" not in path.parts:
                return f"{path}:{frame.lineno}"
    return None


def _failure(exc: BaseException, session: Any) -> dict[str, Any]:
    from lightning_skill.validate.hints import hint_for

    text = str(exc).strip()
    message = text.splitlines()[0] if text else repr(exc)
    # torch.multiprocessing wraps a rank's error: the rank's own exception is in the message.
    return {
        "status": "fail",
        "error_type": type(exc).__name__,
        "message": message[:2000],
        "location": user_location(exc.__traceback__, session.root, session.prefer),
        "hint": hint_for(type(exc).__name__, text[:20000]),
        "details": {
            **(getattr(exc, "details", None) or {}),
            "traceback": "".join(traceback.format_exception(exc))[-4000:],
        },
    }


def run(request: dict[str, Any], events: EventWriter) -> None:
    """Run the job's prelude silently and its checks, reporting through ``events.emit``."""
    from lightning_skill.validate.checks import Session
    from lightning_skill.validate.errors import CheckSkipped
    from lightning_skill.validate.events import ENV, RESULT, START, install_progress
    from lightning_skill.validate.registry import ALL_CHECKS, BY_NAME

    session = Session(request)
    events.emit(event=ENV, **session.environment())
    install_progress(events)
    asked = set(request["checks"])
    order = sorted(asked | set(request.get("prelude", [])), key=ALL_CHECKS.index)
    setup_error: tuple[str, dict[str, Any]] | None = None
    for name in order:
        if name not in asked:  # prelude: silent; a failure is reported on the checks after it
            if setup_error is not None:
                continue
            try:
                BY_NAME[name].run(session)
            except CheckSkipped:
                continue
            except Exception as exc:  # noqa: BLE001 - reported on the checks that needed it
                setup_error = (name, _failure(exc, session))
            finally:
                install_progress(events)  # the user's import may bring pytorch_lightning
            continue
        events.emit(event=START, name=name)
        start = time.perf_counter()
        result: dict[str, Any] = {"name": name}
        spec = BY_NAME[name]
        try:
            if session.kind not in spec.kinds:
                raise CheckSkipped(f"only for {' and '.join(spec.kinds)} targets")
            if setup_error is not None:
                stage, failure = setup_error
                failure = {**failure, "message": f"during setup ({stage}): {failure['message']}"}
                result.update(failure)
                session.failed.add(name)
            else:
                details = spec.run(session)
                result.update(status="pass", details=details or {})
        except CheckSkipped as skip:
            result.update(status="skip", reason=str(skip))
        except BaseException as exc:  # noqa: BLE001 - every failure is a report, not a crash
            if isinstance(exc, KeyboardInterrupt):
                raise
            result.update(_failure(exc, session))
            session.failed.add(name)
        finally:
            install_progress(events)
        result["seconds"] = round(time.perf_counter() - start, 3)
        events.emit(event=RESULT, **result)


def vm_size() -> int:
    """This process's address-space size in bytes (Linux), 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(extra_mb: int | None) -> None:
    """Cap the address space at what is mapped now plus ``extra_mb`` (RLIMIT_AS).

    Counting from the current size makes the cap mean the same in a cold worker and in a child
    forked from the warm pool: the memory a check may add on top of the preloaded libraries.
    """
    if not extra_mb:
        return
    cap = vm_size() + (int(extra_mb) << 20)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def quiet_library_warnings() -> None:
    # Library deprecation chatter is not the user's problem; their own warnings still show.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)


def run_job(request: dict[str, Any], events: EventWriter) -> None:
    """Everything a job does once it is in its own process, cold or forked."""
    sys.dont_write_bytecode = True  # never leave __pycache__ in the user's project
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
    quiet_library_warnings()
    limit_memory(request.get("memory_limit_mb"))
    run(request, events)


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    import lightning.pytorch  # noqa: F401 - load before the memory cap is measured

    run_job(request, EventWriter.from_arg(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
