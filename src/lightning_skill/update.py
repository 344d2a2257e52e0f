"""Re-render a generated project with the current templates and merge into the user's files.

For every file, three versions: *base* (the pristine render recorded by `new` or the last
`update`), *ours* (the file on disk, maybe edited) and *theirs* (today's render of the same
answers). The rules, as copier's `update` applies them:

- ours == base (untouched): take theirs.          - base == theirs: keep ours (nothing new).
- ours == theirs: nothing to do.                    - all three differ: three-way merge; a clash
  is marked in the file with conflict markers and reported, never resolved silently.
- deleted by the user (in base, not on disk): stays deleted.
- new in the templates (not in base): created, unless the user already has a different file
  there (a conflict, marked).
- dropped by the templates (in base, not in theirs): removed if untouched, else kept.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lightning_skill import __version__
from lightning_skill.answers import (
    ANSWERS_FILE,
    BASE_FILE,
    Answers,
    load,
    record,
    template_digest,
)
from lightning_skill.errors import UsageError

# Actions, in the order a plan lists them.
CREATE, UPDATE, MERGE, CONFLICT, REMOVE = "create", "update", "merge", "conflict", "remove"
KEEP, KEEP_DELETED, UNCHANGED = "keep", "keep-deleted", "unchanged"
WRITES = (CREATE, UPDATE, MERGE, CONFLICT)


@dataclass(frozen=True)
class Step:
    path: str
    action: str
    text: str | None = None  # what is written, for WRITES
    why: str = ""


@dataclass(frozen=True)
class UpdatePlan:
    project: Path
    steps: tuple[Step, ...]
    answers: Answers
    files: dict[str, str]  # answers + pristine render to record after the update

    @property
    def conflicts(self) -> list[str]:
        return [s.path for s in self.steps if s.action == CONFLICT]

    def changed(self) -> list[Step]:
        return [s for s in self.steps if s.action in (*WRITES, REMOVE)]


def _merge3(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Line-based three-way merge; returns (text, had_conflicts)."""
    from merge3 import Merge3

    merger = Merge3(
        base.splitlines(keepends=True),
        ours.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    )
    lines = list(
        merger.merge_lines(
            name_a="yours",
            name_b="template update",
            name_base="previous template",
            start_marker="<<<<<<<",
            mid_marker="=======",
            end_marker=">>>>>>>",
        )
    )
    conflicted = any(
        line.startswith(("<<<<<<< yours", ">>>>>>> template update")) for line in lines
    )
    return "".join(lines), conflicted


def _read(path: Path) -> str | None:
    """The user's file as text; None when missing. Unreadable files are usage errors."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(str(path), "is not a regular file; move it aside and run update again")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(str(path), f"cannot read it: {exc}".splitlines()[0]) from None


def _step(rel: str, base: str | None, ours: str | None, theirs: str | None) -> Step:
    if base is None:  # new in the templates
        if ours is None:
            return Step(rel, CREATE, theirs, "new in the templates")
        if ours == theirs:
            return Step(rel, UNCHANGED)
        text, _ = _merge3("", ours, theirs or "")
        return Step(rel, CONFLICT, text, "new template file, but yours already exists")
    if theirs is None:  # dropped by the templates
        if ours is None:
            return Step(rel, UNCHANGED)
        if ours == base:
            return Step(rel, REMOVE, why="no longer generated")
        return Step(rel, KEEP, why="no longer generated, but you edited it: kept")
    if ours is None:
        return Step(rel, KEEP_DELETED, why="you deleted it")
    if ours == theirs:
        return Step(rel, UNCHANGED)
    if ours == base:
        return Step(rel, UPDATE, theirs, "untouched since generated")
    if base == theirs:
        return Step(rel, KEEP, why="your edits; the template did not change")
    text, conflicted = _merge3(base, ours, theirs)
    if conflicted:
        return Step(rel, CONFLICT, text, "your edits and the template's overlap")
    return Step(rel, MERGE, text, "your edits merged with the template's")


def plan_update(project: Path) -> UpdatePlan:
    from lightning_skill.catalog import load_catalog
    from lightning_skill.render import render_project
    from lightning_skill.resources import templates_dir
    from lightning_skill.spec import build_spec

    if not project.is_dir():
        raise UsageError("DIR", f"{project} is not a folder")
    answers, base = load(project)
    spec = build_spec(
        load_catalog(),
        target=project,
        task=answers.task,
        source=answers.source,
        data_dir=answers.data_dir,
        preset=answers.preset,
        logger=answers.logger,
        package=answers.package,
        settings=answers.settings,
    )
    new_answers = Answers(
        **{
            **answers.__dict__,
            "skill_version": __version__,
            "template_digest": template_digest(templates_dir()),
        }
    )
    recorded = record(render_project(spec), new_answers)
    theirs = {k: v for k, v in recorded.items() if k not in (ANSWERS_FILE, BASE_FILE)}
    steps = tuple(
        _step(rel, base.get(rel), _read(project / rel), theirs.get(rel))
        for rel in sorted(set(base) | set(theirs))
    )
    return UpdatePlan(project, steps, new_answers, recorded)


def dirty_git_tree(project: Path) -> str | None:
    """`git status --porcelain` of the project's repository, or None (clean / not git)."""
    if shutil.which("git") is None:
        return None
    inside = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    status = subprocess.run(
        ["git", "-C", str(project), "status", "--porcelain", "--", "."],
        capture_output=True,
        text=True,
    )
    return status.stdout.strip() or None


def apply(plan: UpdatePlan) -> None:
    """Write the plan: changed files, removals, then the new answers and base."""
    from lightning_skill.write import execute, plan_write

    writes = {s.path: s.text for s in plan.steps if s.action in WRITES and s.text is not None}
    writes[ANSWERS_FILE] = plan.files[ANSWERS_FILE]
    writes[BASE_FILE] = plan.files[BASE_FILE]
    execute(plan_write(plan.project, writes, force=True))
    for step in plan.steps:
        if step.action == REMOVE:
            (plan.project / step.path).unlink(missing_ok=True)
