"""Write rendered files safely: refuse a non-empty target unless forced, write atomically.

Everything is rendered before anything is written, so a render error leaves the disk untouched.
Each file is written to a temporary file in its own folder and moved into place with
``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lightning_skill.errors import UsageError


@dataclass(frozen=True)
class WritePlan:
    target: Path
    files: dict[str, str]
    overwrites: tuple[str, ...]


def plan_write(target: Path, files: dict[str, str], *, force: bool) -> WritePlan:
    if target.exists() and not target.is_dir():
        raise UsageError("DIR", f"{target} exists and is not a folder")
    overwrites = tuple(rel for rel in files if (target / rel).exists())
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError("DIR", f"{target} is not empty; pass --force to write into it")
    return WritePlan(target=target, files=files, overwrites=overwrites)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes 0600 files; give the usual umask-based mode, executable for scripts.
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 if text.startswith("#!") else 0o666
        os.chmod(tmp, mode & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute(plan: WritePlan) -> list[Path]:
    written = []
    for rel, text in plan.files.items():
        path = plan.target / rel
        _atomic_write(path, text)
        written.append(path)
    return written


def plan_single_file(path: Path, text: str, *, force: bool, field: str = "DIR") -> WritePlan:
    """One file (``new --single-file``, ``wrap``): refuse to replace a file unless forced."""
    if path.exists() and not path.is_file():
        raise UsageError(field, f"{path} exists and is not a file")
    if path.exists() and not force:
        raise UsageError(field, f"{path} exists; pass --force to overwrite it")
    overwrites = (path.name,) if path.exists() else ()
    return WritePlan(target=path.parent, files={path.name: text}, overwrites=overwrites)
