"""A rendezvous port for each distributed run the validator starts, held for the run.

Lightning picks ``MASTER_PORT`` by binding port 0 and closing the socket
(``find_free_network_port``): a port from the kernel's ephemeral range, free for that instant
only. When two checks run DDP at once (``ddp`` and ``presets`` do, and several validations can
run side by side), gloo's pair sockets in one run take ephemeral ports too, and can take the one
the other run was just given. Measured in CI: one run's TCPStore failed with ``EADDRINUSE``, and
its second rank, connecting to that port, reached the other run's gloo socket, which then failed
with "Connection reset by peer" (or hung until the check's timeout).

So each run claims its port and holds it (``reserved_port``):

- below the kernel's ephemeral range, which the kernel never hands out unless asked for a port
  by number, so no socket of any run takes it by chance;
- drawn from the OS's randomness (``SystemRandom``): Lightning's ``seed_everything`` seeds
  ``random`` the same way in every process, and three validations then drew the same port;
- claimed by an exclusive ``bind`` (atomic between processes: of two claims of one port, one
  fails), then marked ``SO_REUSEADDR`` and kept bound but not listening for the whole run. A
  bound, non-listening socket with that flag lets the run's TCPStore (libuv binds with
  ``SO_REUSEADDR``) listen on the port, while every other claim, an exclusive bind, fails.

``is_port_clash`` tells a taken port from the user's failure; callers run once more on a new
port if it happens anyway (a process outside the validator binding the port by number).
"""

from __future__ import annotations

import contextlib
import random
import socket
from collections.abc import Iterator
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_SPAN = 12_000  # how many ports below the ephemeral range to draw from
_CLASH = ("EADDRINUSE", "address already in use")
_DRAW = random.SystemRandom()  # never seeded by the run (seed_everything seeds `random`)


def ephemeral_low() -> int:
    """The lowest port the kernel hands out on its own (32768 where /proc cannot say)."""
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _claim(low: int | None, high: int | None, tries: int) -> socket.socket:
    high = high if high is not None else ephemeral_low()
    low = low if low is not None else max(1024, high - _SPAN)
    if high <= low:
        raise ValueError(f"empty port range [{low}, {high})")
    candidates = range(low, high)
    count = min(tries, len(candidates))
    for port in _DRAW.sample(candidates, count):
        holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            holder.bind(("", port))  # exclusive: fails if anyone holds or listens on the port
        except OSError:
            holder.close()
            continue
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the run may listen
        return holder
    raise OSError(f"no free port in [{low}, {high}) after {count} tries")


@contextlib.contextmanager
def reserved_port(
    low: int | None = None, high: int | None = None, tries: int = 64
) -> Iterator[int]:
    """A port in ``[low, high)`` (default: the span just below the ephemeral range), held until
    the block ends: the run inside may listen on it, nobody else can claim it."""
    holder = _claim(low, high, tries)
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


def pick_port(low: int | None = None, high: int | None = None, tries: int = 64) -> int:
    """A free port, released at once: for a run started elsewhere (torchrun in a test)."""
    with reserved_port(low, high, tries) as port:
        return port


def is_free(port: int) -> bool:
    """Nobody listens on ``port`` or holds it bound (an exclusive bind would succeed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def is_port_clash(text: str) -> bool:
    """The failure is the rendezvous port being taken, not the user's code."""
    return any(marker in text for marker in _CLASH)
