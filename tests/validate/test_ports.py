"""Distributed checks rendezvous on a port of their own and survive a port taken under them.

CI failed once with the ``ddp`` and ``presets`` checks running at once: Lightning had given one
run an ephemeral port that the other run's gloo sockets then took (EADDRINUSE in one run,
"Connection reset by peer" in the other). ``ports.reserved_port`` picks below the ephemeral range,
holds it for the run (an exclusive claim other runs cannot make), draws it from the OS's randomness
(not the seeded `random`), and both checks retry once when the port is taken anyway.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from lightning_skill.validate import ports, presets

# The message CI printed (torch 2.14, from the rank whose TCPStore could not listen).
CI_CLASH = (
    "torch.distributed.DistNetworkError: The server socket has failed to listen on any local "
    "network address. port: 41687, useIpv6: false, code: -98, name: EADDRINUSE, message: "
    "address already in use"
)


def _listen(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


def test_picked_ports_lie_below_the_ephemeral_range_and_are_free():
    low = ports.ephemeral_low()
    picked = {ports.pick_port() for _ in range(50)}
    assert all(1024 <= p < low for p in picked), sorted(picked)
    assert len(picked) > 1
    assert all(ports.is_free(p) for p in picked)


def test_seeded_processes_draw_different_ports():
    """seed_everything seeds `random` alike in every process; three validations once drew the
    same port from it. The draw must not follow the seed."""
    code = (
        "import random; random.seed(42); "
        "from lightning_skill.validate.ports import pick_port; print(pick_port())"
    )
    drawn = [
        int(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    assert len(set(drawn)) == 3, drawn


def test_a_held_or_listened_port_is_never_claimed():
    with ports.reserved_port() as base:
        assert not ports.is_free(base)
        # A window of two ports, one held: the other one, every time.
        assert {ports.pick_port(base, base + 2) for _ in range(20)} == {base + 1}
        with pytest.raises(OSError, match="no free port"):
            ports.pick_port(base, base + 1)
    assert ports.is_free(base)  # released with the block
    listener = _listen(base)
    try:
        with pytest.raises(OSError, match="no free port"):
            ports.pick_port(base, base + 1)
    finally:
        listener.close()


def test_the_run_can_listen_on_its_reserved_port():
    """torch's TCPStore (what DDP's rank 0 starts) binds the port its run holds."""
    from datetime import timedelta

    import torch.distributed as dist

    with ports.reserved_port() as port:
        store = dist.TCPStore("127.0.0.1", port, 1, True, timeout=timedelta(seconds=30))
        store.set("key", "value")
        assert store.get("key") == b"value"
        del store


def test_clash_is_told_apart_from_the_users_failures():
    assert ports.is_port_clash(CI_CLASH)
    assert not ports.is_port_clash("RuntimeError: mat1 and mat2 shapes cannot be multiplied")
    assert not ports.is_port_clash("Connection closed by peer [127.0.0.1]:58554")


def test_preset_ddp_run_retries_when_its_port_is_taken(default_project, tmp_path, monkeypatch):
    """A real 2-process ``fit -c ddp.yaml``: its first port is taken (someone listens there), the
    run fails with EADDRINUSE, and the check runs it again on a port of its own and passes."""
    listener = _listen(ports.pick_port())
    taken = listener.getsockname()[1]
    given: list[int] = []

    @contextlib.contextmanager
    def reserve() -> Iterator[int]:
        if given:
            with ports.reserved_port() as port:
                given.append(port)
                yield port
        else:
            given.append(taken)
            yield taken

    monkeypatch.setattr(presets, "reserved_port", reserve)
    session = SimpleNamespace(
        module_name=f"{default_project.name}.cli",
        work_dir=tmp_path,
        import_path=default_project / "src",
        overrides=[],
        init_overrides=lambda: ["--data.synthetic_samples=64", "--data.batch_size=8"],
        options={"ddp_timeout": 120},
    )
    try:
        failure = presets._run_ddp_cli(session, default_project / "configs/presets/ddp.yaml")
    finally:
        listener.close()
    assert failure is None
    assert len(given) == 2 and given[0] == taken and given[1] != taken
