"""Suite-wide settings: CPU only, small sizes, no writes outside tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The suite must behave the same on a GPU machine as on CI's CPU-only one; GPU checks have
# their own device script (benchmarks/gpu) and are skipped here with a reason.
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("PYTHONHASHSEED", "0")

# Hypothesis: CI (and the README's command) runs a derandomized profile, so a submission cannot
# fail by chance; `HYPOTHESIS_PROFILE=explore` widens the search in a separate, non-gating run,
# and whatever it finds becomes an explicit @example in the test.
try:
    from hypothesis import settings as _hyp_settings
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
else:
    _hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
    _hyp_settings.register_profile("explore", derandomize=False, max_examples=500)
    _hyp_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run ``lightning-skill ARGS`` as a user would, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "lightning_skill", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def default_project(tmp_path_factory) -> Path:
    """The default project, scaffolded once per session (read-only for tests)."""
    target = tmp_path_factory.mktemp("scaffold") / "demo_project"
    result = run_cli("new", str(target))
    assert result.returncode == 0, result.stderr
    return target


# One warm validation pool for the whole session, shared by every test that validates (a cold
# pool costs an interpreter start plus the torch/Lightning import). Every process it starts
# (forked jobs, their DataLoader workers, spawned DDP ranks) carries
# LIGHTNING_SKILL_TEST_MARKER=<uuid> in its environment, so a test can scan /proc for leftovers.
@pytest.fixture(scope="session")
def marker() -> str:
    import uuid

    return f"LIGHTNING_SKILL_TEST_MARKER={uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def warm_pool(marker: str):
    from lightning_skill.validate.pool import WarmPool

    name, value = marker.split("=", 1)
    pool = WarmPool({name: value})
    yield pool
    pool.close()
