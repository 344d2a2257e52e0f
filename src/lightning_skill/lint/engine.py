"""Run the checker over files and folders; apply fixes. No torch/lightning import here."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper

from lightning_skill.lint import fixer
from lightning_skill.lint.checker import Checker, Edit, FactsCollector, FileFacts, ProjectFacts
from lightning_skill.lint.config import check_config
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.rules import RULES

_SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", "build", "dist", ".tox"}


_CONFIG_SUFFIXES = (".yaml", ".yml")


def iter_python_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The .py files (and LightningCLI .yaml configs) under ``paths``, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.suffix in (".py", *_CONFIG_SUFFIXES)]
            for p in sorted(found):
                rel = p.relative_to(path).parts[:-1]
                if p.is_file() and not any(
                    part in _SKIP_DIRS or part.startswith(".") for part in rel
                ):
                    yield p
        else:
            yield path  # a missing file is reported as unreadable, not skipped


def expand_codes(codes: set[str] | None) -> set[str] | None:
    """``LS1`` selects LS100-LS199; an unknown code raises ValueError."""
    if codes is None:
        return None
    out: set[str] = set()
    for code in codes:
        matched = {c for c in RULES if c.startswith(code.strip().upper())}
        if not matched:
            raise ValueError(f"unknown rule code {code!r}")
        out |= matched
    return out


@dataclass
class _Parsed:
    path: str
    source: str
    wrapper: MetadataWrapper
    facts: FileFacts


def _read(path: Path) -> tuple[str | None, Finding | None]:
    def problem(line: int, col: int, message: str) -> Finding:
        return Finding(str(path), line, col, "LS000", "error", message, False)

    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, problem(1, 1, f"cannot read file: {exc.strerror or exc}")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, problem(line, 1, f"not UTF-8 (byte {exc.start}): {exc.reason}")


def _parse(path: Path, text: str | None = None) -> _Parsed | Finding:
    source, problem = (text, None) if text is not None else _read(path)
    if problem is not None:
        return problem
    assert source is not None
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else "syntax error"
        return Finding(
            str(path),
            exc.raw_line,
            exc.raw_column + 1,
            "LS000",
            "error",
            f"syntax error: {msg}",
            False,
        )
    except RecursionError:
        return Finding(str(path), 1, 1, "LS000", "error", "file too deeply nested to parse", False)
    wrapper = MetadataWrapper(module)
    collector = FactsCollector()
    wrapper.visit(collector)
    return _Parsed(str(path), source, wrapper, collector.facts)


def _check(
    files: list[Path], texts: dict[str, str] | None = None, explicit: frozenset[str] = frozenset()
) -> tuple[list[Finding], list[tuple[_Parsed, Checker]]]:
    problems: list[Finding] = []
    parsed: list[_Parsed] = []
    for path in files:
        if path.suffix in _CONFIG_SUFFIXES:
            text, problem = _read(path)
            if problem is not None:
                problems.append(problem)
            elif text is not None:
                problems.extend(check_config(str(path), text, explicit=str(path) in explicit))
            continue
        result = _parse(path, (texts or {}).get(str(path)))
        if isinstance(result, Finding):
            problems.append(result)
        else:
            parsed.append(result)
    facts = ProjectFacts.merge([p.facts for p in parsed])
    checked = []
    for p in parsed:
        checker = Checker(p.path, facts, p.facts)
        p.wrapper.visit(checker)
        checked.append((p, checker))
    return problems, checked


def _filter(
    findings: Iterable[Finding], select: set[str] | None, ignore: set[str] | None
) -> list[Finding]:
    sel, ign = expand_codes(select), expand_codes(ignore) or set()
    return sorted(
        f
        for f in findings
        if (sel is None or f.code in sel or f.code == "LS000") and f.code not in ign
    )


def lint_paths(
    paths: list[str | Path],
    select: set[str] | None = None,
    ignore: set[str] | None = None,
) -> list[Finding]:
    """Findings for every .py file under ``paths``; unreadable files are findings, not errors."""
    explicit = frozenset(str(p) for p in paths if not Path(p).is_dir())
    problems, checked = _check(list(iter_python_files(paths)), explicit=explicit)
    findings = [*problems, *(f for _, c in checked for f in c.findings)]
    return _filter(findings, select, ignore)


@dataclass
class FixResult:
    path: str
    before: str
    after: str

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def fix_paths(
    paths: list[str | Path],
    select: set[str] | None = None,
    ignore: set[str] | None = None,
    write: bool = True,
) -> tuple[list[FixResult], list[Finding]]:
    """Apply the safe fixes (of the selected rules); returns the changes and what is left."""
    files = list(iter_python_files(paths))
    sel, ign = expand_codes(select), expand_codes(ignore) or set()
    originals: dict[str, str] = {}
    texts: dict[str, str] = {}
    # A fix can uncover another (an import moves, then the file's packages mix), so repeat a
    # few rounds in memory; each round re-parses the edited text.
    explicit = frozenset(str(p) for p in paths if not Path(p).is_dir())
    changed = False
    for _ in range(4):
        problems, checked = _check(files, texts, explicit)
        changed = False
        for parsed, checker in checked:
            wanted = {
                f.code for f in checker.findings if f.fixable and (sel is None or f.code in sel)
            } - ign
            if not wanted:
                continue
            after = fixer.apply(parsed.wrapper.module, _edits_for(checker, wanted))
            if parsed.source.startswith("\ufeff") and not after.startswith("\ufeff"):
                after = "\ufeff" + after  # libcst drops a byte-order mark; keep the file's
            if after != parsed.source:
                originals.setdefault(parsed.path, parsed.source)
                texts[parsed.path] = after
                changed = True
        if not changed:
            break
    if changed:  # the last round still edited: look at the final text once more
        problems, checked = _check(files, texts, explicit)
    remaining = _filter([*problems, *(f for _, c in checked for f in c.findings)], select, ignore)
    changes = [FixResult(p, originals[p], texts[p]) for p in originals if originals[p] != texts[p]]
    if write:
        for change in changes:
            Path(change.path).write_text(change.after, encoding="utf-8")
    return changes, remaining


def _edits_for(checker: Checker, wanted: set[str]) -> dict[cst.CSTNode, list[Edit]]:
    # every recorded edit belongs to a fixable finding; keep those of the wanted codes
    return {node: [fn for code, fn in fns if code in wanted] for node, fns in checker.edits.items()}
