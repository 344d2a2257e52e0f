"""``lightning-skill`` command line: a thin dispatcher over ``lightning_skill.commands.*``.

Each command module exposes ``HELP`` (one line), ``configure(parser)`` and ``run(args) -> int``.
Building the parser imports every command module, so a command module imports only the
standard library and ``lightning_skill.errors`` at module level; its domain modules (jinja2,
yaml, libcst, torch behind them) are imported inside ``run``. ``lookup`` and ``catalog`` thus
work without jinja2, and ``--help`` starts fast (tests/test_imports.py holds this).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from lightning_skill import __version__
from lightning_skill.errors import EXIT_USAGE, SkillError

# name -> module under lightning_skill.commands; order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "new": "new",
    "render": "render",
    "wrap": "wrap",
    "catalog": "catalog",
    "validate": "validate",
    "lint": "lint",
    "lookup": "lookup",
    "update": "update",
    "doctor": "doctor",
    "package": "package",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI; with ``command``, only that subcommand's own arguments are configured
    (the others keep their name and help), so ``new`` does not import what ``validate``'s help
    is built from (its check registry and report module)."""
    parser = _Parser(
        prog="lightning-skill",
        description="Scaffold, validate, lint and look up PyTorch Lightning 2.6 code.",
    )
    parser.add_argument("--version", action="version", version=f"lightning-skill {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"lightning_skill.commands.{module_name}")
        except ModuleNotFoundError as exc:  # a command not built yet in this checkout
            if exc.name == f"lightning_skill.commands.{module_name}":
                continue
            raise
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        if command is None or command == name:
            module.configure(command_parser)
        command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # The top-level parser has no option that takes a value: the first word is the command.
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args._run(args) or 0)
    except SkillError as exc:
        print(f"lightning-skill {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # outside a write (which turns it into Interrupted itself)
        print(f"lightning-skill {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the environment, not a bug in the input: one line, no traceback
        print(f"lightning-skill {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
