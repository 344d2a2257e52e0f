"""Shared fixtures for the validator's tests: one warm pool per session, tagged with a marker.

Every process the pool starts (forked jobs, their DataLoader workers, spawned DDP ranks) carries
``LIGHTNING_SKILL_TEST_MARKER=<uuid>`` in its environment, so a test can scan /proc for anything
left behind.
"""

from __future__ import annotations

import uuid

import pytest

from lightning_skill.validate.pool import WarmPool


@pytest.fixture(scope="session")
def marker() -> str:
    return f"LIGHTNING_SKILL_TEST_MARKER={uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def warm_pool(marker: str):
    name, value = marker.split("=", 1)
    pool = WarmPool({name: value})
    yield pool
    pool.close()
