"""Distributed checks rendezvous on a port of their own and survive a port taken under them.

CI failed once with the ``ddp`` and ``presets`` checks running at once: Lightning had given one
run an ephemeral port that the other run's gloo sockets then took (EADDRINUSE in one run,
"Connection reset by peer" in the other). ``ports.pick_port`` picks below the ephemeral range,
and both checks retry once when the port is taken anyway.
"""

from __future__ import annotations

import socket
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
    assert len(picked) > 1  # random, so two runs rarely meet on one port
    assert all(ports.is_free(p) for p in picked)


def test_a_port_someone_listens_on_is_never_picked():
    base = ports.pick_port()
    held = _listen(base)
    try:
        assert not ports.is_free(base)
        # A window of two ports, one held: the other one, every time.
        assert {ports.pick_port(base, base + 2) for _ in range(20)} == {base + 1}
        with pytest.raises(OSError, match="no free port"):
            ports.pick_port(base, base + 1)
    finally:
        held.close()


def test_clash_is_told_apart_from_the_users_failures():
    assert ports.is_port_clash(CI_CLASH)
    assert not ports.is_port_clash("RuntimeError: mat1 and mat2 shapes cannot be multiplied")
    assert not ports.is_port_clash("Connection closed by peer [127.0.0.1]:58554")


def test_preset_ddp_run_retries_when_its_port_is_taken(default_project, tmp_path, monkeypatch):
    """A real 2-process ``fit -c ddp.yaml``: its first port is taken (as the race does), the run
    fails with EADDRINUSE, and the check runs it again on a new port and passes."""
    taken = ports.pick_port()
    held = _listen(taken)
    given: list[int] = []

    def pick() -> int:
        given.append(taken if not given else ports.pick_port())
        return given[-1]

    monkeypatch.setattr(presets, "pick_port", pick)
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
        held.close()
    assert failure is None
    assert len(given) == 2 and given[0] == taken and given[1] != taken
