"""`new` and `wrap` write all of their files or none: any OS error or signal at any point leaves
the disk exactly as it was (same tree, bytes and modes), with one line and exit 2 (128+N for a
signal). Faults are injected at every mutating call of `lightning_skill.write.OPS`, in process;
a few real signals and a real file-size limit run in subprocesses. No torch here."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lightning_skill import write
from lightning_skill.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (hidden ones included): kind, mode and bytes or link target."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            st = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                out[rel] = ("file", stat.S_IMODE(st.st_mode), path.read_bytes())
            else:  # a FIFO: reading it would block
                out[rel] = ("other", st.st_mode, st.st_ino)
    return out


class Faults:
    """Wraps every mutating call of ``write.OPS``; the k-th one runs ``action`` first."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, k: int, action: Callable[[str], None]):
        self.calls = 0
        for name in ("mkdir", "mkdtemp", "write_file", "rename"):
            real = getattr(write._Ops, name)
            monkeypatch.setattr(write.OPS, name, self._wrap(real, k, action))

    def _wrap(self, real, k, action):  # noqa: ANN001, ANN202
        def call(*args):  # noqa: ANN002, ANN202
            self.calls += 1
            if self.calls == k:
                action(str(args[0]))
            return real(*args)

        return call


def raise_oserror(code: int) -> Callable[[str], None]:
    def action(path: str) -> None:
        raise OSError(code, os.strerror(code), path)

    return action


def send_sigint(path: str) -> None:
    os.kill(os.getpid(), signal.SIGINT)


def count_calls(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> int:
    """How many mutating calls a successful run makes (on a throwaway copy of the scene)."""
    with monkeypatch.context() as m:
        faults = Faults(m, 0, lambda path: None)
        assert main(argv) == 0
    return faults.calls


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


# --- the scenes: a new target, and --force over an existing, edited project ---------------------


@pytest.fixture(scope="module")
def edited_project(tmp_path_factory) -> Path:
    """The default project with the user's edits: a changed README, a mode, a checkpoint."""
    target = tmp_path_factory.mktemp("base") / "proj"
    assert main(["new", str(target)]) == 0
    (target / "README.md").write_text("my notes, not the template's\n")
    os.chmod(target / "scripts" / "slurm.sbatch", 0o700)
    (target / "logs").mkdir()
    (target / "logs" / "last.ckpt").write_bytes(b"\x00checkpoint")
    return target


@pytest.fixture
def scenes(edited_project, monkeypatch) -> dict[str, Callable[[Path], list[str]]]:
    # Rendering is not under test here and dominates the time: render each spec once.
    from lightning_skill import render

    cache: dict[tuple[str, str, str], dict[str, str]] = {}
    real = render.render_project

    def cached(spec):  # noqa: ANN001, ANN202
        key = (spec.task.name, spec.name, spec.package)
        if key not in cache:
            cache[key] = real(spec)
        return cache[key]

    monkeypatch.setattr(render, "render_project", cached)

    def new(root: Path) -> list[str]:
        (root / "keep.txt").write_text("the user's file beside the target\n")
        return ["new", str(root / "sub" / "proj")]  # "sub" is created too, and must go again

    def force(root: Path) -> list[str]:
        shutil.copytree(edited_project, root / "proj", symlinks=True)
        # Another task: some files are replaced, some new (in new folders), some left alone.
        return ["new", str(root / "proj"), "--force", "--task", "causal-lm"]

    return {"new": new, "force": force}


SCENES = ("force", "new")


# fault -> (what happens at the k-th call, exit code, words of the one line)
FAULTS = {
    **{
        errno.errorcode[code]: (raise_oserror(code), 2, "DIR: cannot write")
        for code in (errno.ENOSPC, errno.EFBIG, errno.EACCES, errno.EROFS)
    },
    "SIGINT": (send_sigint, 130, "interrupted by SIGINT"),
}


@pytest.mark.parametrize("scene", SCENES)
def test_a_fault_at_every_write_leaves_the_disk_as_it_was(
    tmp_path, monkeypatch, capsys, scenes, scene
):
    # Python's own handler, or SIG_IGN when pytest runs as a background job without job control.
    found = signal.getsignal(signal.SIGINT)
    probe = tmp_path / "probe"
    probe.mkdir()
    total = count_calls(monkeypatch, scenes[scene](probe))
    assert total >= 20  # staging + every file + (force) the swaps: the loop below is real
    for k in range(1, total + 1):
        for fault, (action, exit_code, words) in FAULTS.items():
            root = tmp_path / f"{k}-{fault}"
            root.mkdir()
            argv = scenes[scene](root)
            capsys.readouterr()
            before = snapshot(root)
            with monkeypatch.context() as m:
                Faults(m, k, action)
                assert main(argv) == exit_code, (k, fault)
            line = one_line(capsys)
            assert words in line and ".staging-" not in line, line  # the user's path, not ours
            if exit_code == 2:
                assert os.strerror(getattr(errno, fault)) in line, line
            assert snapshot(root) == before, (scene, k, fault)
    # The handlers are ours only while writing: the one found before is back.
    assert signal.getsignal(signal.SIGINT) is found


def test_single_file_and_wrap_roll_back_too(tmp_path, monkeypatch, capsys):
    (tmp_path / "tinynet.py").write_text((FIXTURES / "tinynet.py").read_text())
    (tmp_path / "lit.py").write_text("# an earlier version\n")
    before = snapshot(tmp_path)
    for argv in (
        ["new", str(tmp_path / "deep" / "train.py"), "--single-file"],
        ["wrap", "--model", "tinynet:TinyNet", "--out", str(tmp_path / "lit.py"), "--force"],
    ):
        for k in (1, 2, 3):
            with monkeypatch.context() as m:
                Faults(m, k, raise_oserror(errno.ENOSPC))
                assert main(argv) == 2, (argv, k)
            assert "No space left on device" in one_line(capsys)
            assert snapshot(tmp_path) == before, (argv, k)


# --- what is refused before the first write ------------------------------------------------------


def test_force_never_writes_through_a_symlinked_folder(tmp_path, capsys):
    target, outside = tmp_path / "proj", tmp_path / "outside"
    assert main(["new", str(target)]) == 0
    outside.mkdir()
    (outside / "default.yaml").write_text("precious: true\n")
    for sub in ("configs", "src"):
        real = target / sub
        os.rename(real, tmp_path / f"{sub}.moved")
        real.symlink_to(outside, target_is_directory=True)
        capsys.readouterr()
        before = snapshot(tmp_path)
        assert main(["new", str(target), "--force"]) == 2
        assert "symbolic link" in one_line(capsys)
        assert snapshot(tmp_path) == before
        real.unlink()
        os.rename(tmp_path / f"{sub}.moved", real)
    # A symlinked file is not replaced either (its link is not followed, nor clobbered).
    (target / "README.md").unlink()
    (target / "README.md").symlink_to(outside / "default.yaml")
    assert main(["new", str(target), "--force"]) == 2
    assert "symbolic link" in one_line(capsys)
    assert (outside / "default.yaml").read_text() == "precious: true\n"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: (t / "src").write_text("not a folder\n"), "is not a folder"),
        (lambda t: (t / "README.md").mkdir(), "is not a regular file"),
        (lambda t: os.mkfifo(t / "pyproject.toml"), "is not a regular file"),
    ],
    ids=["file-where-folder-goes", "folder-where-file-goes", "fifo"],
)
def test_a_file_and_a_folder_at_one_path_is_refused_before_writing(tmp_path, capsys, make, words):
    target = tmp_path / "proj"
    target.mkdir()
    make(target)
    before = snapshot(tmp_path)
    assert main(["new", str(target), "--force"]) == 2
    line = one_line(capsys)
    assert "DIR:" in line and words in line, line
    assert snapshot(tmp_path) == before


def test_unwritable_places_are_one_line(tmp_path, capsys):
    assert main(["new", "/proc/lightning_skill_x"]) == 2
    assert "DIR: cannot write /proc/lightning_skill_x" in one_line(capsys)
    (tmp_path / "file").write_text("x")
    assert main(["new", str(tmp_path / "file" / "proj")]) == 2  # a file as a parent folder
    assert "DIR:" in one_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# --- real processes: a file-size limit, SIGINT and SIGTERM from outside -------------------------


def test_a_real_file_size_limit_rolls_back(tmp_path):
    """RLIMIT_FSIZE applies to root too (unlike chmod): the write really fails with EFBIG."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    target = tmp_path / "proj"
    result = subprocess.run(
        [sys.executable, "-m", "lightning_skill", "new", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "File too large" in result.stderr
    assert list(tmp_path.iterdir()) == []


CHILD = """
import sys, time
from lightning_skill import write
from lightning_skill.cli import main
k, calls, real = int(sys.argv[1]), [0], write._Ops.write_file
def slow_write(path, text):
    calls[0] += 1
    if calls[0] == k:
        print("READY", flush=True)
        time.sleep(60)
    return real(path, text)
write.OPS.write_file = slow_write
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    ("signum", "k"), [(signal.SIGINT, 1), (signal.SIGINT, 12), (signal.SIGTERM, 6)]
)
def test_a_signal_from_outside_mid_write_rolls_back(tmp_path, signum, k):
    target = tmp_path / "proj"
    assert main(["new", str(target)]) == 0
    (target / "README.md").write_text("mine\n")
    before = snapshot(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(k), "new", str(target), "--force", "--task", "gan"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "READY"
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, err
    assert len(err.strip().splitlines()) == 1 and signal.Signals(signum).name in err, err
    assert snapshot(tmp_path) == before
