"""`lint` and `lint --fix` against the file system: faults, links, FIFOs, encodings, deep nesting.

A failed write leaves the original byte for byte; folders are walked without following links;
only regular files are opened; PEP 263 encodings are read and written back; code nested past what
the parser can take is one LS000 finding, never a traceback or a crashed process.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lightning_skill.cli import main
from lightning_skill.lint import engine, fix_paths, lint_paths

BAD = (
    "import lightning.pytorch as pl\n\n\n"
    "class M(pl.LightningModule):\n"
    "    def validation_step(self, batch, batch_idx):\n"
    '        self.log("val_loss", 1.0)\n\n\n'
    "trainer = pl.Trainer(gpus=2, precision=16, max_epochs=1)\n"
)


def _cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    code = "import sys; from lightning_skill.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout
    )


def test_every_fix_edit_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "m.py"
    f.write_text(BAD)
    assert main(["lint", "--fix", str(f)]) == 0
    err = capsys.readouterr().err
    fixed = [line.split()[2] for line in err.splitlines() if line.startswith("fixed ")]
    # LS212 only applies once gpus=2 became devices=2: a second-round edit, listed all the same
    assert sorted(fixed) == ["LS101", "LS102", "LS212"]
    assert "sync_dist=True" in f.read_text()


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("write", errno.ENOSPC),
        ("write", errno.EFBIG),
        ("fsync", errno.ENOSPC),
        ("replace", errno.EACCES),
    ],
)
def test_failed_write_leaves_the_original(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
) -> None:
    f = tmp_path / "m.py"
    f.write_text(BAD)
    f.chmod(0o640)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if where == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, *a: object, **k: object) -> None:
                self.h = real_fdopen(*a, **k)  # type: ignore[call-overload]

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.h.close()

            def write(self, data: bytes) -> int:
                self.h.write(data[: len(data) // 2])  # half of it lands, then the disk is full
                fail()
                return 0

        monkeypatch.setattr(engine.os, "fdopen", Full)
    else:
        monkeypatch.setattr(engine.os, where, fail)
    assert main(["lint", "--fix", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(f) in err[0] and os.strerror(code) in err[0], err
    assert f.read_text() == BAD and (f.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]  # no temp file left


def test_mode_kept_and_read_only_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "m.py"
    f.write_text(BAD)
    f.chmod(0o751)
    assert main(["lint", "--fix", str(f)]) == 0
    assert (f.stat().st_mode & 0o777) == 0o751 and "devices=2" in f.read_text()
    ro = tmp_path / "ro.py"
    ro.write_text(BAD)
    ro.chmod(0o444)
    capsys.readouterr()
    assert main(["lint", "--fix", str(ro)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "read-only" in line and str(ro) in line
    assert ro.read_text() == BAD


def test_folders_do_not_follow_links_or_open_fifos(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text(BAD)
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "own.py").write_text(BAD)
    (proj / "link.py").symlink_to(outside / "victim.py")
    (proj / "linkdir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(proj / "pipe.py")
    assert {Path(f.path).name for f in lint_paths([proj])} == {"own.py"}
    changes, _ = fix_paths([proj])
    assert [Path(c.path).name for c in changes] == ["own.py"]
    assert (outside / "victim.py").read_text() == BAD
    # a FIFO named explicitly: one finding, at once (the read would block forever)
    run = _cli("lint", str(proj / "pipe.py"), timeout=60)
    assert run.returncode == 1 and "LS000" in run.stdout and "not a regular file" in run.stdout


def test_pep263_encoding_is_read_and_written_back(tmp_path: Path) -> None:
    f = tmp_path / "latin.py"
    source = "# -*- coding: latin-1 -*-\n# café\n" + BAD
    f.write_bytes(source.encode("latin-1"))
    assert {x.code for x in lint_paths([f])} >= {"LS101", "LS102"}
    fix_paths([f])
    data = f.read_bytes()
    assert b"caf\xe9" in data and b"devices=2" in data  # still latin-1, fixed
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + BAD.encode())
    fix_paths([bom])
    assert bom.read_bytes().startswith(b"\xef\xbb\xbfimport") and b"devices=2" in bom.read_bytes()


def _nested(n: int) -> str:
    return "import lightning.pytorch as pl\n\nx = " + "[" * n + "]" * n + "\n"


@pytest.mark.parametrize("depth", [150, 199])
def test_valid_deep_nesting_is_linted(tmp_path: Path, depth: int) -> None:
    f = tmp_path / "deep.py"
    f.write_text(_nested(depth) + "pl.Trainer(gpus=1, max_epochs=1)\n")
    assert [x.code for x in lint_paths([f])] == ["LS101"]


@pytest.mark.parametrize("depth", [250, 2500])
def test_nesting_python_refuses_is_one_finding(tmp_path: Path, depth: int) -> None:
    f = tmp_path / "deep.py"
    f.write_text(_nested(depth))
    run = _cli("lint", str(f))  # a subprocess: a regression here could crash the interpreter
    assert run.returncode == 1, run.stderr[-2000:]
    (line,) = run.stdout.strip().splitlines()
    assert "LS000" in line and "nested" in line and "Traceback" not in run.stderr


def _big_file(path: Path, lines: int) -> None:
    block = [
        "class M{i}(pl.LightningModule):",
        "    def training_step(self, batch, batch_idx):",
        "        self.log('loss', 1.0)",
        "        return batch.sum()",
        "",
        "",
        "def make{i}():",
        "    return pl.Trainer(gpus=1, max_epochs=1)",
        "",
        "",
    ]
    out = ["import lightning.pytorch as pl", "", ""]
    i = 0
    while len(out) < lines:
        out += [line.format(i=i) for line in block]
        i += 1
    path.write_text("\n".join(out) + "\n")


def _lint_and_fix_complete(tmp_path: Path, lines: int) -> None:
    f = tmp_path / "big.py"
    _big_file(f, lines)
    start = time.perf_counter()
    assert sum(x.code == "LS101" for x in lint_paths([f])) == lines // 10
    changes, left = fix_paths([f])
    assert len(changes) == 1 and not [x for x in left if x.code == "LS101"]
    print(f"{lines} lines: lint + fix {time.perf_counter() - start:.1f} s")  # speed: benchmarks/


def test_large_file_completes(tmp_path: Path) -> None:
    _lint_and_fix_complete(tmp_path, 500)


@pytest.mark.exhaustive
def test_50k_line_file_completes(tmp_path: Path) -> None:
    _lint_and_fix_complete(tmp_path, 50_000)
