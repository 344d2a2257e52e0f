"""Every code block in SKILL.md and references/*.md is executed, or marked with a reason.

How a block runs is declared by the HTML comment directly above its fence (see ``ref_blocks.py``).
Python blocks run with the working directory in a temporary folder, so logs and checkpoints
never land in the repository.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import types
import warnings
from pathlib import Path

import pytest
import yaml
from ref_blocks import KNOWN_KINDS, all_blocks, python_blocks, yaml_blocks
from ref_fixtures import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
PY_BLOCKS = python_blocks()
YAML_BLOCKS = yaml_blocks()
_CUDA = None
BLOCK_TIMEOUT_S = 120  # catches runaway examples (e.g. a forgotten max_epochs); tiny ones take ~1 s


def cuda_available() -> bool:
    global _CUDA
    if _CUDA is None:
        import torch

        _CUDA = torch.cuda.is_available()
    return _CUDA


def classify(block) -> tuple[str, str]:
    """(``run`` | ``gpu`` | ``requires`` | ``skip``, reason) for a Python block."""
    opts = block.options
    if "skip" in opts:
        return "skip", opts["skip"]
    if "gpu" in opts:
        return "gpu", "needs CUDA"
    if "requires" in opts:
        return "requires", opts["requires"]
    return "run", ""


def compose(block) -> str:
    name = block.options.get("fixture")
    return (FIXTURES[name] + "\n" if name else "") + block.code


def test_blocks_found():
    assert len(PY_BLOCKS) >= 30, f"only {len(PY_BLOCKS)} python blocks found"
    assert YAML_BLOCKS, "no yaml blocks found"


@pytest.mark.parametrize("block", all_blocks(), ids=lambda b: b.id)
def test_every_block_is_run_or_marked(block):
    """A fence must say its language; markers must be known, fixtures must exist, skips say why."""
    assert block.lang, f"{block.id}: a code fence without a language"
    if block.lang in ("py", "python3", "pycon", "ipython"):
        pytest.fail(f"{block.id}: write ```python so the block is executed")
    if block.marker is None:
        return
    unknown = set(block.options) - KNOWN_KINDS
    assert not unknown, f"{block.id}: unknown marker {sorted(unknown)} in <!-- {block.marker} -->"
    if "skip" in block.options:
        assert block.options["skip"], f"{block.id}: <!-- skip: --> needs a reason"
    for key in ("fixture", "cli"):
        if key in block.options:
            assert block.options[key] in FIXTURES, f"{block.id}: no fixture {block.options[key]!r}"
    if block.lang not in ("python", "yaml", "yml"):
        pytest.fail(f"{block.id}: markers only apply to python and yaml blocks")


def _installed(module: str) -> bool:
    # A module already imported counts (optuna_integration's lazy module has __spec__ None,
    # which makes find_spec raise ValueError once another test imported it).
    return module in sys.modules or importlib.util.find_spec(module) is not None


@pytest.mark.parametrize("block", PY_BLOCKS, ids=lambda b: b.id)
def test_python_block_runs(block, tmp_path, monkeypatch):
    kind, reason = classify(block)
    if kind == "skip":
        pytest.skip(f"marked skip: {reason}")
    if kind == "gpu" and not cuda_available():
        pytest.skip("gpu block: CUDA is not available")
    if kind == "requires" or "requires" in block.options:
        missing = [m for m in block.options["requires"].split() if not _installed(m)]
        if missing:
            pytest.skip(f"needs {', '.join(missing)} (not installed)")
    source = compose(block)
    monkeypatch.chdir(tmp_path)
    if 'if __name__ == "__main__":' in source:
        script = tmp_path / "block.py"
        script.write_text(source)
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        proc = subprocess.run(
            [sys.executable, str(script)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"{block.id} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
        return
    # Compile from a real file so inspect.getsource works (TorchScript, save_hyperparameters).
    script = tmp_path / "block.py"
    script.write_text(source)
    # A real module, so classes the block defines can be pickled (checkpoints with custom
    # hyper-parameters), as they can from a script's __main__.
    module = types.ModuleType("__doc_block__")
    module.__file__ = str(script)
    namespace = module.__dict__
    import torch

    # torch.compile runs with the "eager" backend here: the block checks how Lightning handles a
    # compiled module; inductor's C++ code generation would add a minute per block on CPU.
    monkeypatch.setattr(torch, "compile", functools.partial(torch.compile, backend="eager"))
    monkeypatch.setitem(sys.modules, "__doc_block__", module)

    def too_slow(signum, frame):
        raise TimeoutError(f"{block.id} ran over {BLOCK_TIMEOUT_S}s; keep doc examples tiny")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(BLOCK_TIMEOUT_S)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(source, str(script), "exec"), namespace)
    finally:
        signal.alarm(0)
        signal.signal(
            signal.SIGALRM, previous
        )  # global switches a block may flip must not leak into the next one
        torch.use_deterministic_algorithms(False)
        torch.autograd.set_detect_anomaly(False)
        torch.set_float32_matmul_precision("highest")


@pytest.mark.parametrize(
    "block", [b for b in PY_BLOCKS if classify(b)[0] != "skip"], ids=lambda b: b.id
)
def test_python_block_is_ruff_clean(block):
    ignore = ["E402"]
    if "fixture" in block.options:
        ignore += ["F821", "I001"]  # names come from the fixture
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--line-length",
            "100",
            "--select",
            "E,F,W,I,UP,B,SIM",
            "--ignore",
            ",".join(ignore),
            "--target-version",
            "py310",
            "--stdin-filename",
            "block.py",
            "-",
        ],
        input=block.code,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, f"{block.id}:\n{proc.stdout}{proc.stderr}"


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda b: b.id)
def test_yaml_block_parses_and_loads(block, tmp_path, monkeypatch):
    if "skip" in block.options:
        pytest.skip(f"marked skip: {block.options['skip']}")
    data = yaml.safe_load(block.code)
    assert data is not None, f"{block.id}: empty YAML"
    if "cli" not in block.options:
        return
    # A LightningCLI config: load it with the fixture's LightningModule and LightningDataModule.
    import lightning as L
    from lightning.pytorch.cli import LightningCLI

    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__doc_block__"}
    exec(FIXTURES[block.options["cli"]], namespace)
    model_cls = next(
        v
        for v in namespace.values()
        if isinstance(v, type) and issubclass(v, L.LightningModule) and v is not L.LightningModule
    )
    dm_cls = next(
        (
            v
            for v in namespace.values()
            if isinstance(v, type)
            and issubclass(v, L.LightningDataModule)
            and v is not L.LightningDataModule
        ),
        None,
    )
    config = tmp_path / "config.yaml"
    config.write_text(block.code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cli = LightningCLI(model_cls, dm_cls, run=False, args=["--config", str(config)])
    assert isinstance(cli.model, model_cls)
    assert isinstance(cli.trainer, L.Trainer)
    for key, value in (data.get("trainer") or {}).items():
        applied = getattr(cli.trainer, key, None)
        if isinstance(value, (int, float, str)) and isinstance(applied, (int, float, str)):
            assert applied == value, f"trainer.{key}: config says {value!r}, got {applied!r}"


def test_tally(capsys):
    """Print how the Python blocks are handled (executed / gpu / requires / skip-marked)."""
    counts: dict[str, int] = {}
    for block in PY_BLOCKS:
        kind, _ = classify(block)
        if kind == "gpu" and cuda_available():
            kind = "run"
        counts[kind] = counts.get(kind, 0) + 1
    with capsys.disabled():
        print(
            "\n"
            + textwrap.dedent(f"""\
            python blocks: {len(PY_BLOCKS)}; executed on this machine: {counts.get("run", 0)},
            gpu-only skipped: {counts.get("gpu", 0)}, needs-package: {counts.get("requires", 0)},
            skip-marked: {counts.get("skip", 0)}; yaml blocks: {len(YAML_BLOCKS)}""")
        )
    assert sum(counts.values()) == len(PY_BLOCKS)
