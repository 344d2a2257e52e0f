"""Write rendered files as one transaction: all of them, or none and the disk as it was.

Everything is rendered before anything is written, so a render error leaves the disk untouched.
Then:

* a target that does not exist yet is built in a staging folder beside it
  (``.NAME.staging-XXXX``) and renamed into place: it appears whole or not at all;
* a target that exists (``--force``, or an empty folder) gets a staging folder inside it; the
  new files are written there, then each is renamed over its destination, the file it replaces
  moved aside into the staging folder first. On failure every step is undone in reverse, so the
  old files come back byte for byte (same inodes, same modes).

Any ``OSError`` (disk full, file too large, read-only, permission) becomes one ``WriteError``
line naming the path; SIGINT, SIGTERM and SIGHUP roll back too and end as ``Interrupted``
(exit 128 + signal number). Nothing is written through or over a symbolic link under the
target: a symlinked subfolder, a file where a folder goes or a folder where a file goes is
refused before the first write (``plan_write``) and checked again just before each rename.

Every mutating call goes through ``OPS``, so tests can fail the k-th one on purpose; undoing
uses ``os`` directly.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lightning_skill.errors import SkillError, UsageError

_SIGNALS = tuple(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None
)


class WriteError(UsageError):
    """The OS refused a write; what was written is gone again (exit 2)."""


class Interrupted(SkillError):
    """A signal arrived while writing; the write was undone. Exit 128 + the signal number."""

    def __init__(self, signum: int, what: str) -> None:
        self.exit_code = 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}; {what}")


class _Signalled(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class WritePlan:
    target: Path
    files: dict[str, str]
    overwrites: tuple[str, ...]
    field: str = "DIR"  # the argument blamed when the write fails


class _Ops:
    """The mutating filesystem calls of a write; tests patch these to inject faults."""

    @staticmethod
    def mkdir(path: Path) -> None:
        os.mkdir(path, 0o777)  # the umask applies, as for any folder the user creates

    @staticmethod
    def mkdtemp(parent: Path, prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))

    @staticmethod
    def write_file(path: Path, text: str) -> None:
        # The usual umask-based mode; executable for scripts. O_EXCL|O_NOFOLLOW: never reuse
        # or follow something already there (the staging folder is ours and empty).
        mode = 0o777 if text.startswith("#!") else 0o666
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    @staticmethod
    def rename(src: Path, dst: Path) -> None:
        os.rename(src, dst)


OPS = _Ops()


# --- checks before writing ------------------------------------------------------------------


def _check_tree(target: Path, rels: list[str], field: str) -> None:
    """Refuse what would write through a link or need a file and a folder at one path."""
    for rel in rels:
        parts = PurePosixPath(rel).parts
        path = target
        for depth, part in enumerate(parts, start=1):
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                break
            except OSError as exc:
                raise UsageError(field, f"cannot inspect {path}: {exc.strerror}") from None
            if stat.S_ISLNK(mode):
                raise UsageError(
                    field, f"{path} is a symbolic link; refusing to write through or over it"
                )
            if depth < len(parts) and not stat.S_ISDIR(mode):
                raise UsageError(
                    field, f"{path} exists and is not a folder, but {rel} goes inside it"
                )
            if depth == len(parts) and not stat.S_ISREG(mode):
                raise UsageError(field, f"{path} exists and is not a regular file ({rel})")


@contextmanager
def _inspecting(field: str) -> Iterator[None]:
    """Looking at the target can fail too (a folder we may not read): one line, not a trace."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or "the target"
        raise UsageError(field, f"cannot inspect {where}: {exc.strerror or exc}") from None


def plan_write(target: Path, files: dict[str, str], *, force: bool) -> WritePlan:
    with _inspecting("DIR"):
        return _plan_write(target, files, force=force)


def _plan_write(target: Path, files: dict[str, str], *, force: bool) -> WritePlan:
    if target.exists() and not target.is_dir():
        raise UsageError("DIR", f"{target} exists and is not a folder")
    overwrites = tuple(rel for rel in files if os.path.lexists(target / rel))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError("DIR", f"{target} is not empty; pass --force to write into it")
    if target.is_dir():
        _check_tree(target, list(files), "DIR")
    return WritePlan(target=target, files=files, overwrites=overwrites)


def plan_single_file(path: Path, text: str, *, force: bool, field: str = "DIR") -> WritePlan:
    """One file (``new --single-file``, ``wrap``): refuse to replace a file unless forced."""
    with _inspecting(field):
        return _plan_single_file(path, text, force=force, field=field)


def _plan_single_file(path: Path, text: str, *, force: bool, field: str) -> WritePlan:
    if os.path.islink(path):
        raise UsageError(field, f"{path} is a symbolic link; refusing to write over it")
    if path.exists() and not path.is_file():
        raise UsageError(field, f"{path} exists and is not a file")
    if path.exists() and not force:
        raise UsageError(field, f"{path} exists; pass --force to overwrite it")
    overwrites = (path.name,) if path.exists() else ()
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise UsageError(field, f"{parent} exists and is not a folder")
    return WritePlan(target=parent, files={path.name: text}, overwrites=overwrites, field=field)


# --- the transaction --------------------------------------------------------------------------


@dataclass
class _Journal:
    """What has been done, so that it can be undone in reverse."""

    created_dirs: list[Path] = field(default_factory=list)  # outside the staging folder
    staging: Path | None = None
    # (destination, backup or None): renamed into place; the backup holds what it replaced.
    placed: list[tuple[Path, Path | None]] = field(default_factory=list)
    moved_to: Path | None = None  # where the staging folder is being renamed to (a new target)
    staged_in: Path | None = None  # the staging folder, kept for messages after it is gone
    committed: bool = False

    def undo(self) -> list[str]:
        """Best effort, never raising; returns what could not be undone.

        Each step is journaled *before* it is taken (a signal may land between the two), so a
        step that never happened shows up here as a missing file and is skipped.
        """
        problems: list[str] = []
        for dest, backup in reversed(self.placed):
            if backup is not None:
                _quietly(os.rename, (backup, dest), problems)
            else:
                _quietly(os.unlink, (dest,), problems)
        self.placed.clear()
        if problems and self.staging is not None:  # replaced files may still be in there
            return [*problems, f"what could not be put back is in {self.staging}"]
        if self.staging is not None:
            if self.moved_to is not None and not os.path.lexists(self.staging):
                self.staging = self.moved_to  # the final rename happened: remove the result
            shutil.rmtree(self.staging, ignore_errors=True)
            if os.path.lexists(self.staging):
                problems.append(f"{self.staging} is left over")
        for folder in reversed(self.created_dirs):
            _quietly(os.rmdir, (folder,), problems)
        return problems


def _quietly(undo: Callable[..., None], paths: tuple[Path, ...], problems: list[str]) -> None:
    """One undo step; "not there" means the step it undoes never happened."""
    try:
        undo(*paths)
    except FileNotFoundError:
        pass
    except OSError as exc:
        problems.append(f"{paths[-1]}: {exc.strerror}")


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While writing, SIGINT/SIGTERM/SIGHUP raise, so the write can be undone before exiting."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    previous = {}
    try:
        for signum in _SIGNALS:
            previous[signum] = signal.signal(signum, handler)
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Undoing must not itself be cut short; a signal waits until it is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _dir_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _make_parents(folder: Path, journal: _Journal) -> None:
    missing = []
    for parent in [folder, *folder.parents]:
        if os.path.lexists(parent):
            break
        missing.append(parent)
    for parent in reversed(missing):
        journal.created_dirs.append(parent)
        OPS.mkdir(parent)


def _ensure_folder(target: Path, rel_parent: PurePosixPath, journal: _Journal) -> None:
    """Create ``target/rel_parent`` folder by folder, never through a link or over a file."""
    path = target
    for part in rel_parent.parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            journal.created_dirs.append(path)
            OPS.mkdir(path)
            continue
        if not stat.S_ISDIR(mode):  # a link or a file appeared since plan_write looked
            raise OSError(errno.ENOTDIR, "not a folder (or a symbolic link)", str(path))


def _stage(staging: Path, files: dict[str, str]) -> None:
    made: set[PurePosixPath] = set()
    for rel, text in files.items():
        parent = PurePosixPath(rel).parent
        for depth in range(1, len(parent.parts) + 1):
            sub = PurePosixPath(*parent.parts[:depth])
            if sub not in made:
                OPS.mkdir(staging / sub)
                made.add(sub)
        OPS.write_file(staging / rel, text)


def _write_new(plan: WritePlan, journal: _Journal) -> None:
    """The target does not exist: build it beside, then one rename."""
    target = plan.target
    _make_parents(target.parent, journal)
    journal.staging = journal.staged_in = OPS.mkdtemp(target.parent, f".{target.name}.staging-")
    os.chmod(journal.staging, _dir_mode())  # mkdtemp makes it 0700; it becomes the project
    _stage(journal.staging, plan.files)
    journal.moved_to = target
    OPS.rename(journal.staging, target)
    journal.staging = None
    journal.committed = True


def _write_into(plan: WritePlan, journal: _Journal) -> None:
    """The target exists: stage inside it, then swap file by file, keeping what was there."""
    target = plan.target
    journal.staging = journal.staged_in = OPS.mkdtemp(target, ".lightning-skill-staging-")
    new, backup = journal.staging / "new", journal.staging / "old"
    OPS.mkdir(new)
    OPS.mkdir(backup)
    _stage(new, plan.files)
    for rel in plan.files:
        dest = target / rel
        _ensure_folder(target, PurePosixPath(rel).parent, journal)
        try:
            mode = os.lstat(dest).st_mode
        except FileNotFoundError:
            mode = None
        saved = None
        if mode is not None:
            if not stat.S_ISREG(mode):
                raise OSError(errno.EEXIST, "exists and is not a regular file", str(dest))
            saved = backup / f"{len(journal.placed)}"
            journal.placed.append((dest, saved))
            OPS.rename(dest, saved)
        else:
            journal.placed.append((dest, None))
        OPS.rename(new / rel, dest)
    journal.committed = True


def execute(plan: WritePlan) -> list[Path]:
    """Write every file of the plan, or none of them (see the module docstring)."""
    journal = _Journal()
    target_existed = plan.target.is_dir()
    what = (
        f"{plan.target} is as it was" if target_existed else f"nothing was written to {plan.target}"
    )
    try:
        with _signals_raise():
            if target_existed:
                _write_into(plan, journal)
            else:
                _write_new(plan, journal)
            _cleanup(journal)  # still under our handlers: a late signal cannot strand it
    except BaseException as exc:
        with _signals_blocked():
            problems = [] if journal.committed else journal.undo()
        if journal.committed:  # the signal came after the last rename: the files are there
            _cleanup(journal)
            if isinstance(exc, _Signalled):
                raise Interrupted(exc.signum, f"{plan.target} was written") from None
            raise
        if problems:
            what = f"undoing failed too ({'; '.join(problems)})"
        if isinstance(exc, _Signalled):
            raise Interrupted(exc.signum, what) from None
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(signal.SIGINT, what) from None
        if isinstance(exc, OSError):
            where = str(exc.filename or plan.target)
            staged = journal.staged_in
            if (staged is not None and where.startswith(str(staged))) or ".staging-" in where:
                where = str(plan.target)  # our scratch folder means nothing to the user
            reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
            raise WriteError(plan.field, f"cannot write {where}: {reason}; {what}") from None
        raise
    return [plan.target / rel for rel in plan.files]


def _cleanup(journal: _Journal) -> None:
    """After the commit: drop the staging folder with the replaced files (signals wait)."""
    if journal.staging is None:
        return
    with _signals_blocked():
        shutil.rmtree(journal.staging, ignore_errors=True)
        journal.staging = None
