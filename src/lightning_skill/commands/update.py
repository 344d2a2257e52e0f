"""``lightning-skill update DIR``: bring a generated project up to the current templates."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lightning_skill.errors import EXIT_FAILED, EXIT_OK, UsageError

HELP = "Re-render a generated project with the current templates, merging your edits (3-way)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="a project made by `lightning-skill new`")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="update even when the project's git tree has uncommitted changes",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from lightning_skill.update import apply, dirty_git_tree, plan_update

    project = Path(args.dir)
    plan = plan_update(project)
    if not args.dry_run and not args.allow_dirty:
        dirty = dirty_git_tree(project)
        if dirty:
            first = dirty.splitlines()[0].strip()
            raise UsageError(
                "DIR",
                f"{project} has uncommitted changes ({first}, ...); commit or stash them so the "
                "update can be reviewed and undone, or pass --allow-dirty",
            )
    if not args.dry_run:
        apply(plan)
    if args.json:
        print(
            json.dumps(
                {
                    "schema_version": 1,
                    "project": str(project),
                    "dry_run": args.dry_run,
                    "skill_version": plan.answers.skill_version,
                    "template_digest": plan.answers.template_digest,
                    "steps": [
                        {"path": s.path, "action": s.action, "why": s.why}
                        for s in plan.steps
                        if s.action != "unchanged"
                    ],
                    "conflicts": plan.conflicts,
                },
                indent=2,
            )
        )
    else:
        verb = "would " if args.dry_run else ""
        changed = [s for s in plan.steps if s.action != "unchanged"]
        for step in changed:
            why = f" ({step.why})" if step.why else ""
            print(f"{verb}{step.action:12} {project / step.path}{why}")
        if not changed:
            print(f"{project} is up to date with the templates")
        if plan.conflicts:
            print(
                f"\n{len(plan.conflicts)} conflict(s) marked with <<<<<<< / >>>>>>> in: "
                + ", ".join(plan.conflicts)
                + ("" if args.dry_run else "\nResolve them, then run the project's tests.")
            )
    return EXIT_FAILED if plan.conflicts else EXIT_OK
