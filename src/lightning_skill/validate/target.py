"""What is being validated: a generated/LightningCLI project folder, or a single ``.py`` file.

Decided from the file system only (no imports), so a bad path is a usage error in the parent
process, before any worker starts.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from lightning_skill.errors import UsageError


@dataclass(frozen=True)
class Target:
    kind: str  # "project": src/<pkg>/cli.py with cli_main; "file": a module defining classes
    path: Path  # the folder or the file, resolved
    root: Path  # folder whose code counts as the user's (for file:line in reports)
    import_path: Path  # folder to put on sys.path
    module: str  # module to import: "<pkg>.cli" or the file's stem

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


def _defines_cli_main(path: Path) -> bool:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, OSError):
        return True  # let the import check report it at its file:line
    return any(isinstance(n, ast.FunctionDef) and n.name == "cli_main" for n in tree.body)


def discover_target(path: str | Path) -> Target:
    p = Path(path).resolve()
    if not p.exists():
        raise UsageError("PATH", f"{path} does not exist")
    if p.is_file():
        if p.suffix != ".py":
            raise UsageError("PATH", f"{path} is not a .py file or a project folder")
        return Target("file", p, p.parent, p.parent, p.stem)
    clis = sorted(c for c in p.glob("src/*/cli.py") if _defines_cli_main(c))
    if len(clis) == 1:
        cli = clis[0]
        return Target("project", p, p, p / "src", f"{cli.parent.name}.cli")
    if len(clis) > 1:
        names = ", ".join(c.parent.name for c in clis)
        raise UsageError("PATH", f"{path} has several packages with a cli_main ({names})")
    raise UsageError(
        "PATH",
        f"{path} has no src/<package>/cli.py defining cli_main(args, run); "
        "pass the .py file that defines your LightningModule instead",
    )
