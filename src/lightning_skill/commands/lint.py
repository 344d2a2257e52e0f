"""``lightning-skill lint``: stale 1.x APIs and Lightning anti-patterns, with safe fixes."""

from __future__ import annotations

import argparse
import json
import sys

from lightning_skill.errors import EXIT_FAILED, EXIT_OK, UsageError

HELP = "Find removed 1.x APIs and Lightning anti-patterns; --fix applies the safe fixes."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    parser.add_argument(
        "--json", action="store_true", help="print {schema_version, findings[, fixed]} as JSON"
    )
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes (LS1)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes to skip")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    group.add_argument("--diff", action="store_true", help="show the safe fixes, write nothing")
    parser.add_argument("--list-rules", action="store_true", help="print the rule catalogue")


def _codes(field: str, raw: str | None) -> set[str] | None:
    if raw is None:
        return None
    codes = {c.strip().upper() for c in raw.split(",") if c.strip()}
    from lightning_skill.lint.engine import expand_codes

    try:
        expand_codes(codes)
    except ValueError as exc:
        raise UsageError(field, str(exc)) from None
    return codes


def run(args: argparse.Namespace) -> int:
    from lightning_skill.lint import RULES, Finding, fix_paths, lint_paths
    from lightning_skill.lint.engine import iter_python_files

    select = _codes("--select", args.select)
    ignore = _codes("--ignore", args.ignore)
    if args.list_rules:
        for r in RULES.values():
            print(f"{r.code} {r.severity:<7} {r.name}: {r.summary}")
        return EXIT_OK
    if not args.paths:
        raise UsageError("PATH", "give at least one file or folder to lint")
    changes = []
    if args.fix or args.diff:
        before: list[Finding] = []
        changes, findings = fix_paths(args.paths, select, ignore, write=args.fix, before=before)
        if args.diff:  # nothing was written: what is found is what the files hold now
            for change in changes:
                sys.stdout.write(change.diff())
            findings = before
        else:
            for change in changes:  # every edit made, one line each, then what is left
                for f in change.fixed:
                    print(f"fixed {f.format().removesuffix(' [fixable]')}", file=sys.stderr)
    else:
        findings = lint_paths(args.paths, select, ignore)
    if args.json:
        payload = {"schema_version": 1, "findings": [f.to_dict() for f in findings]}
        if args.fix:
            payload["fixed"] = [f.to_dict() for change in changes for f in change.fixed]
        print(json.dumps(payload, indent=2))
    elif not args.diff:
        for f in findings:
            print(f.format())
        if findings:
            errors = sum(f.severity == "error" for f in findings)
            fixable = sum(f.fixable for f in findings)
            print(
                f"{len(findings)} finding(s): {errors} error(s), "
                f"{len(findings) - errors} warning(s); {fixable} fixable with --fix",
                file=sys.stderr,
            )
        else:  # say that it ran: silence reads like a crash or an empty folder
            count = sum(1 for _ in iter_python_files(args.paths))
            if count:
                print(f"no findings in {count} file(s)", file=sys.stderr)
            else:  # as ruff does: not an error, but not a clean bill of health either
                where = ", ".join(args.paths)
                print(f"warning: no Python files found under {where}", file=sys.stderr)
    return EXIT_FAILED if findings else EXIT_OK
