"""A rendezvous port for each distributed run the validator starts.

Lightning picks ``MASTER_PORT`` by binding port 0 and closing the socket
(``find_free_network_port``): a port from the kernel's ephemeral range, free for that instant
only. When two checks run DDP at once (``ddp`` and ``presets`` do), gloo's pair sockets in one
run take ephemeral ports too, and can take the one the other run was just given. Measured in CI:
one run's TCPStore failed with ``EADDRINUSE``, and its second rank, connecting to that port,
reached the other run's gloo socket, which then failed with "Connection reset by peer" (or
hung until the check's timeout).

The kernel never hands out a port below its ephemeral range unless asked for it by number, so
a port picked there, and checked free, stays free for the run. Two runs picking the same one
at the same moment is left to chance (1 in a few thousand), and covered by ``is_port_clash``:
the caller retries once on a new port.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_SPAN = 12_000  # how many ports below the ephemeral range to pick from
_CLASH = ("EADDRINUSE", "address already in use")


def ephemeral_low() -> int:
    """The lowest port the kernel hands out on its own (32768 where /proc cannot say)."""
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def is_free(port: int) -> bool:
    """Nobody listens on ``port`` or holds it bound, on loopback or on any address."""
    for host in ("127.0.0.1", ""):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                return False
    return True


def pick_port(low: int | None = None, high: int | None = None, tries: int = 64) -> int:
    """A free port in ``[low, high)``, by default the span just below the ephemeral range."""
    high = high if high is not None else ephemeral_low()
    low = low if low is not None else max(1024, high - _SPAN)
    if high <= low:
        raise ValueError(f"empty port range [{low}, {high})")
    candidates = range(low, high)
    for port in random.sample(candidates, min(tries, len(candidates))):
        if is_free(port):
            return port
    raise OSError(f"no free port in [{low}, {high}) after {min(tries, len(candidates))} tries")


def is_port_clash(text: str) -> bool:
    """The failure is the rendezvous port being taken, not the user's code."""
    return any(marker in text for marker in _CLASH)
