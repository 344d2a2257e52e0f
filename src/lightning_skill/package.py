"""Build ``pytorch-lightning.skill``: the skill folder as one zip, as skill-creator packages skills.

The bundle holds what an agent and the ``python scripts/<command>.py`` entry points need:
SKILL.md, references/, templates/, scripts/, the toolkit's code under src/ (so the scripts run
without installing) and pyproject.toml/README.md (so ``pip install -e`` works from it). No tests,
caches, benchmarks or evals. The zip is reproducible (sorted entries, fixed timestamps) and is
validated before it is written: the Agent Skills rules (``agentskills validate`` where installed)
plus skill-creator's stricter frontmatter rules.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from lightning_skill.errors import SkillError, UsageError
from lightning_skill.resources import skill_root

SKILL_NAME = "pytorch-lightning"
# skill-creator's quick_validate: the only frontmatter keys a packaged skill may carry.
ALLOWED_FRONTMATTER = {
    "name",
    "description",
    "license",
    "allowed-tools",
    "metadata",
    "compatibility",
}
_SKIP_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "_skill"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(SkillError):
    """The skill folder breaks a packaging rule (exit 1: the skill, not the user, is at fault)."""


def frontmatter_problems(skill_md: Path) -> list[str]:
    """skill-creator's rules on SKILL.md's frontmatter, as a list of one-line problems."""
    text = skill_md.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---", text, re.DOTALL)
    if not match:
        return ["SKILL.md has no YAML frontmatter"]
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        return [f"SKILL.md frontmatter is not YAML: {exc}".splitlines()[0]]
    if not isinstance(front, dict):
        return ["SKILL.md frontmatter must be a mapping"]
    problems = [
        f"frontmatter key {k!r} is not allowed" for k in front if k not in ALLOWED_FRONTMATTER
    ]
    name, description = front.get("name"), front.get("description")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        problems.append(f"name {name!r} must be kebab-case")
    elif len(name) > 64:
        problems.append("name is longer than 64 characters")
    if not isinstance(description, str) or not description.strip():
        problems.append("description is missing")
    else:
        if "<" in description or ">" in description:
            problems.append("description contains < or >")
        if len(description) > 1024:
            problems.append(f"description has {len(description)} characters (max 1024)")
    if len(text.splitlines()) >= 500:
        problems.append("SKILL.md has 500 lines or more")
    return problems


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(
        src,
        dst,
        ignore=lambda _d, names: [n for n in names if n in _SKIP_DIRS or n.endswith(".pyc")],
    )


def stage(folder: Path) -> Path:
    """Lay the skill out in ``folder/pytorch-lightning`` and return that path."""
    root = skill_root()
    skill = folder / SKILL_NAME
    skill.mkdir(parents=True)
    shutil.copy2(root / "SKILL.md", skill / "SKILL.md")
    for part in ("references", "templates", "scripts"):
        if not (root / part).is_dir():
            raise PackageError(f"the skill folder {root} has no {part}/")
        _copy_tree(root / part, skill / part)
    import lightning_skill

    _copy_tree(Path(lightning_skill.__file__).parent, skill / "src" / "lightning_skill")
    for extra in ("pyproject.toml", "README.md"):
        if (root / extra).is_file():
            shutil.copy2(root / extra, skill / extra)
    return skill


def validate_folder(skill: Path) -> list[str]:
    problems = frontmatter_problems(skill / "SKILL.md")
    agentskills = shutil.which("agentskills") or shutil.which(
        "agentskills", path=str(Path(sys.executable).parent)
    )
    if agentskills:
        result = subprocess.run(
            [agentskills, "validate", str(skill)], capture_output=True, text=True
        )
        if result.returncode != 0:
            detail = (result.stdout + result.stderr).strip().splitlines()
            problems.append("agentskills validate: " + (detail[-1] if detail else "failed"))
    return problems


def build(out_dir: Path) -> Path:
    """Validate and write ``out_dir/pytorch-lightning.skill``; return its path."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError("--out", f"{out_dir} exists and is not a folder")
    with tempfile.TemporaryDirectory(prefix="lightning-skill-package-") as tmp:
        skill = stage(Path(tmp))
        problems = validate_folder(skill)
        if problems:
            raise PackageError("the skill does not validate: " + "; ".join(problems))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / f"{SKILL_NAME}.skill"
            fd, partial = tempfile.mkstemp(prefix=".skill.", dir=out_dir)
        except OSError as exc:
            raise UsageError("--out", f"cannot write to {out_dir}: {exc.strerror}") from None
        try:
            with (
                os.fdopen(fd, "wb") as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as bundle,
            ):
                for path in sorted(p for p in skill.rglob("*") if p.is_file()):
                    info = zipfile.ZipInfo(path.relative_to(skill.parent).as_posix(), _ZIP_TIME)
                    info.external_attr = (path.stat().st_mode & 0o777) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    bundle.writestr(info, path.read_bytes())
            os.replace(partial, target)
        except OSError as exc:
            Path(partial).unlink(missing_ok=True)
            raise UsageError("--out", f"cannot write {out_dir}: {exc.strerror}") from None
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return target
