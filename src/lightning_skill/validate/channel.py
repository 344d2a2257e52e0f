"""The verdict channel: how a job tells the parent what it ran and what happened.

A job's events (``env``, then ``start``/``result`` per check, and any progress events) travel
over a pipe that the pool server opens before it forks (or execs) the job: the job holds only the
write end, as a file descriptor it is handed, never a path. Nothing a check does with files in
its working directory (an ``events.jsonl`` of its own, a fake result) reaches the parent, and the
per-check deadline stays on the parent's clock: it only moves when the parent *receives* an event.

- ``EventWriter`` (job side): ``emit(**fields)`` writes one JSON line and returns when it is in
  the pipe, so a job killed a moment later has still said which check it was in.
- ``EventReader`` (parent side): fed the events the server forwards for one job; ``read()``
  returns those not read yet.

This guards against accidents, not malice: code in the job's process can find its own
descriptors (see references/validate-report.md#trust-model).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from typing import Any


class EventWriter:
    """Job side: one JSON object per line, written straight to the inherited pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        # Exec'd workers get the descriptor inheritable; their own subprocesses must not.
        with contextlib.suppress(OSError):
            os.set_inheritable(fd, False)

    @classmethod
    def from_arg(cls, text: str) -> EventWriter:
        """``"fd:N"`` (what the server passes an exec'd worker on its command line)."""
        kind, _, value = text.partition(":")
        if kind != "fd" or not value.isdigit():
            raise ValueError(f"not an event channel: {text!r}")
        return cls(int(value))

    def emit(self, **fields: Any) -> None:
        data = (json.dumps(fields, default=str) + "\n").encode()
        view = memoryview(data)
        while view:
            try:
                written = os.write(self.fd, view)
            except InterruptedError:  # pragma: no cover - PEP 475 retries; belt and braces
                continue
            except BrokenPipeError:
                return  # the server is gone; the job is about to be killed anyway
            view = view[written:]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class EventReader:
    """Parent side: the events of one job, in order, as the runner receives them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[dict[str, Any]] = []
        self._read = 0

    def put(self, event: Any) -> None:
        if isinstance(event, dict):
            with self._lock:
                self._events.append(event)

    def read(self) -> list[dict[str, Any]]:
        """The events received since the last call."""
        with self._lock:
            new = self._events[self._read :]
            self._read = len(self._events)
        return new


def split_lines(buffer: bytes, chunk: bytes) -> tuple[bytes, list[dict[str, Any]]]:
    """Append ``chunk`` to ``buffer``; return the incomplete tail and the complete JSON objects.

    A line that is not a JSON object is dropped: only the worker writes to the pipe, so a broken
    line can only come from a process killed mid-write.
    """
    buffer += chunk
    end = buffer.rfind(b"\n")
    if end < 0:
        return buffer, []
    events = []
    for line in buffer[:end].splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return buffer[end + 1 :], events
