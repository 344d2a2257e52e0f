"""The validation worker: runs inside the sandbox, imports torch and Lightning, runs checks.

``python -m lightning_skill.validate.worker REQUEST.json RESULTS.jsonl``

It appends one JSON line per event to RESULTS (``env``, then ``start``/``result`` per check)
and flushes each, so when the process dies or is killed mid-check the parent still knows which
check was running.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

from lightning_skill.validate.checks import CHECKS, CheckSkipped, Session
from lightning_skill.validate.hints import hint_for


class _Events:
    def __init__(self, path: Path) -> None:
        self._handle = path.open("a", encoding="utf-8")

    def emit(self, **event: Any) -> None:
        self._handle.write(json.dumps(event, default=str) + "\n")
        self._handle.flush()


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


def run(request: dict[str, Any], events: _Events) -> None:
    session = Session(request)
    events.emit(event="env", **session.environment())
    for name in request["checks"]:
        events.emit(event="start", name=name)
        start = time.perf_counter()
        result: dict[str, Any] = {"name": name}
        try:
            details = CHECKS[name](session)
            result.update(status="pass", details=details or {})
        except CheckSkipped as skip:
            result.update(status="skip", reason=str(skip))
        except BaseException as exc:  # noqa: BLE001 - every failure is a report, not a crash
            if isinstance(exc, KeyboardInterrupt):
                raise
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            result.update(
                status="fail",
                error_type=type(exc).__name__,
                message=message[:2000],
                location=user_location(exc.__traceback__, session.root, session.prefer),
                hint=hint_for(type(exc).__name__, str(exc)),
                details={"traceback": "".join(traceback.format_exception(exc))[-4000:]},
            )
            session.failed.add(name)
        result["seconds"] = round(time.perf_counter() - start, 3)
        events.emit(event="result", **result)


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    events = _Events(Path(argv[1]))
    # Library deprecation chatter is not the user's problem; their own warnings still show.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    run(request, events)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
