"""Run the checker over files and folders; apply fixes. No torch/lightning import here."""

from __future__ import annotations

import ast
import contextlib
import difflib
import errno
import functools
import gc
import io
import os
import re
import stat
import sys
import tempfile
import threading
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from lightning_skill.errors import UsageError
from lightning_skill.lint import fixer, notebook
from lightning_skill.lint.checker import Checker, Edit, FactsCollector, FileFacts, ProjectFacts
from lightning_skill.lint.config import check_config
from lightning_skill.lint.finding import Finding
from lightning_skill.lint.metadata import (
    Metadata,
    StatementCodes,
    bindings,
    parents_of,
    statement_codes,
)
from lightning_skill.lint.rules import RULES

_SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", "build", "dist", ".tox"}


_CONFIG_SUFFIXES = (".yaml", ".yml")
_NOTEBOOK = ".ipynb"


def iter_python_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The .py files (and notebooks, LightningCLI/Hydra .yaml configs) under ``paths``, sorted.

    Folders are walked without following symbolic links, and only regular files are taken from
    them, so ``--fix DIR`` never writes outside DIR and never opens a FIFO or a device. A path
    named explicitly is always yielded: ``_read`` reports it when it is not a regular file.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():  # a folder named explicitly is walked even through a link
            found: list[Path] = []
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
                for name in files:
                    p = Path(folder, name)
                    if p.suffix in (".py", _NOTEBOOK, *_CONFIG_SUFFIXES) and _regular(p):
                        found.append(p)
            yield from sorted(found)
        else:
            yield path  # a missing file is reported as unreadable, not skipped


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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
    module: cst.Module
    meta: Metadata  # shared by the facts pass, the checker and the fixer
    facts: FileFacts


def _read(path: Path) -> tuple[str | None, Finding | None]:
    def problem(line: int, col: int, message: str) -> Finding:
        return Finding(str(path), line, col, "LS000", "error", message, False)

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the read forever
            return None, problem(1, 1, "not a regular file; only files and folders are linted")
        data = path.read_bytes()
    except OSError as exc:
        return None, problem(1, 1, f"cannot read file: {exc.strerror or exc}")
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]  # PEP 263 / BOM
    except SyntaxError as exc:  # an unknown codec is the declaration's fault; else bad bytes
        if "unknown encoding" in str(exc.msg):
            return None, problem(1, 1, f"bad encoding declaration: {exc.msg}")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, problem(
            line, 1, f"not {exc.encoding.upper()} (byte {exc.start}): {exc.reason}"
        )
    _ENCODINGS[str(path)] = encoding
    if path.suffix == _NOTEBOOK:  # linted as its code cells joined (lint/notebook.py)
        try:
            module = notebook.to_python(text)
        except notebook.NotebookError as exc:
            return None, problem(1, 1, str(exc))
        _NOTEBOOKS[str(path)] = text
        return module, None
    return text, None


# the encoding each file was read with, so --fix writes it back the same way
_ENCODINGS: dict[str, str] = {}
# each notebook's JSON as read: --fix writes the fixed cells back into it
_NOTEBOOKS: dict[str, str] = {}
# each notebook's code cells as last parsed: a finding's line there becomes a cell and a line
_MODULES: dict[str, str] = {}


def _in_cells(findings: Iterable[Finding], modules: dict[str, str] | None = None) -> list[Finding]:
    """Findings in notebooks located by cell and line within the cell (``Finding.cell``);
    ``modules``: each notebook's joined code cells (default: as last parsed)."""
    modules = _MODULES if modules is None else modules
    places: dict[str, Callable[[int], notebook.Place | None]] = {}
    out = []
    for f in findings:
        module = modules.get(f.path) if f.cell is None and f.path in _NOTEBOOKS else None
        if module is None:
            out.append(f)
            continue
        if f.path not in places:
            places[f.path] = notebook.locator(module)
        spot = places[f.path](f.line)
        if spot is not None:  # libcst's message repeats the position in the joined cells
            message = re.sub(r" @ \d+:\d+\.?$", ".", f.message) if f.code == "LS000" else f.message
            f = replace(f, line=spot.line, cell=spot.cell, message=message)
        out.append(f)
    return out


# Python itself refuses more than 199 nested brackets; libcst's parser and visitors recurse per
# level, so deeper code is one LS000 finding instead of a RecursionError or a crashed process.
_MAX_NESTING = 199
_BRACKETS = re.compile(r"[()\[\]{}]")
_FIRST_NEWLINE = re.compile(r"\r\n?|\n")  # how libcst finds a module's default_newline


def _too_deep(source: str) -> str | None:
    """Why ``source`` cannot be analysed safely, or None. Cheap unless brackets nest deeply."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(source):
        depth = depth + 1 if m.group() in "([{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest < 64 and max(map(len, source.splitlines()), default=0) < 20_000:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return f"{exc.msg} (Python refuses it)" if "nested" in (exc.msg or "") else None
    except (RecursionError, MemoryError):
        return "too deeply nested for Python's parser"
    stack, deepest = [(tree, 0)], 0
    while stack:  # iterative: the tree may be deeper than the recursion limit
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    if deepest > 2 * _MAX_NESTING:
        return (
            f"expressions nest {deepest} levels deep (the linter analyses up to {2 * _MAX_NESTING})"
        )
    return None


# path -> (source, what _parse_source made of it): --fix checks every file again after each
# round of edits, and a file the round left alone need not be parsed again
_ParseCache = dict[str, tuple[str, _Parsed | Finding]]


@dataclass
class _Splice:
    """What a round of ``--fix`` edits made of one parsed file: the edited module (``fixer.
    transform``: the statements it left alone are the very objects they were), its code cut at
    top-level statements, and which statements the edits touched. ``_splice`` parses only those
    again for the next round."""

    before: _Parsed
    module: cst.Module
    cut: StatementCodes
    changed: list[int]


# set by tests: every spliced module is compared with libcst's parse of the whole text
_VERIFY_SPLICE = False


def _parse(
    path: Path,
    text: str | None = None,
    cache: _ParseCache | None = None,
    splices: dict[str, _Splice] | None = None,
) -> _Parsed | Finding:
    source, problem = (text, None) if text is not None else _read(path)
    if problem is not None:
        _MODULES.pop(str(path), None)
        return problem
    assert source is not None
    if path.suffix == _NOTEBOOK:
        _MODULES[str(path)] = source
    if cache is None:
        return _parse_source(path, source)
    hit = cache.get(str(path))
    if hit is None or hit[0] != source:
        splice = (splices or {}).get(str(path))
        parsed = _splice(path, source, splice) if splice is not None else None
        hit = cache[str(path)] = (source, parsed or _parse_source(path, source, keep_cut=True))
    return hit[1]


def _splice(path: Path, source: str, splice: _Splice) -> _Parsed | None:
    """``_parse_source(path, source)`` for a text that differs from the previous round's only
    in the top-level statements ``splice.changed``: the edited module itself (``fixer.transform``
    kept every other statement, and its metadata, as the very object it was). None where that
    could differ from a parse of the whole text; the caller then parses the whole text.

    The edits build the nodes the parser would build for their code (tests compare every
    spliced module with a parse of the whole text: ``_VERIFY_SPLICE``). What the rest of the
    file decides is the module's configuration and the comment and blank lines at a
    statement's edges. So a splice is taken only when the configuration provably stays:
    ``default_newline`` (the first line break of the text) is the old one; ``default_indent``
    (that of the first INDENT token) comes from an unchanged statement that opens a block,
    before which every statement, changed or not, is a simple one (no INDENT); no
    ``__future__`` import; the text ends with a line feed. Each changed statement must begin and
    end with the same comment and blank lines as before (they decide where it and its
    neighbours end).
    """
    before, module = splice.before, splice.module
    simple = next(
        (
            i
            for i, st in enumerate(before.module.body)
            if not isinstance(st, cst.SimpleStatementLine)
        ),
        len(module.body),
    )
    newline = _FIRST_NEWLINE.search(source)
    if (
        not splice.changed
        or (
            simple < len(module.body)
            and (simple in splice.changed or not _opens_block(module.body[simple]))
        )
        or (newline.group() if newline else "\n") != module.default_newline
        or source[-1:] != "\n"  # what libcst's has_trailing_newline needs (a lone \r is not)
        or "__future__" in source
        or _too_deep(source) is not None
    ):
        return None
    old_cut = before.meta.cut
    assert old_cut is not None
    if any(_edges(splice.cut.codes[i]) != _edges(old_cut.codes[i]) for i in splice.changed):
        return None
    if _VERIFY_SPLICE:
        whole = cst.parse_module(source)  # validated: the parse as libcst makes it
        assert module.deep_equals(whole), f"{path}: the splice differs from libcst's parse"
    parents = dict(before.meta.parents)
    relative = dict(before.meta.relative)  # node -> start within its statement, kept below
    for i in splice.changed:
        gone = before.module.body[i]
        for node in parents_of(gone):
            del parents[node]
            relative.pop(node, None)  # a node the edit kept may now start elsewhere
        del parents[gone]
        relative.pop(gone, None)
    # Each node once, as in a parsed tree: built nodes can share objects (libcst's defaults:
    # every Attribute built without a ``dot`` holds the same ``Dot()``), and an edit could
    # reuse a node of another statement. A changed statement holding a node twice, or one that
    # another statement holds, is used as a copy of its own (the same code, an equal tree).
    body, added = list(module.body), {}
    for i in splice.changed:
        below = parents_of(body[i], unique=True)
        # (with key views, ``isdisjoint`` walks the smaller side; with the dict itself, all of it)
        if below is None or not (
            below.keys().isdisjoint(added.keys()) and below.keys().isdisjoint(parents.keys())
        ):
            body[i] = body[i].deep_clone()
            below = parents_of(body[i])
        added.update(below)
    if any(a is not b for a, b in zip(body, module.body, strict=True)):
        module = module.with_changes(body=body)
    for child in (*module.header, *module.body, *module.footer):
        parents[child] = module
    parents.update(added)
    if _VERIFY_SPLICE:
        assert parents_of(module, unique=True) == parents, f"{path}: a node in two places"
    meta = Metadata(module, parents, splice.cut)
    meta.relative = relative  # the kept statements' nodes start where they did
    if all(bindings(before.module.body[i]) == bindings(body[i]) for i in splice.changed):
        meta.known_names = before.meta.names_so_far()  # no name binds elsewhere: see bindings
        if _VERIFY_SPLICE:
            fresh = Metadata(module, parents).resolve(QualifiedNameProvider)
            kept = [n for n in meta.known_names if n in parents]
            assert all(meta.known_names[n] == fresh[n] for n in kept), f"{path}: stale names"
    collector = FactsCollector()
    try:
        meta.visit(collector)
    except RecursionError:
        return None
    return _Parsed(str(path), source, module, meta, collector.facts)


def _parse_module(source: str) -> cst.Module:
    """``cst.parse_module(source)`` without validating each node as it is built.

    Every libcst node checks its own fields when constructed (``CSTNode.__post_init__``), which
    is for trees built by hand: the parser only builds valid ones, and the checks were a fifth
    of parsing a large file (libcst's own comment there suggests skipping them on parse). Nodes
    built while the parse runs, in any thread, skip the checks; edits are built afterwards and
    are checked. A test compares the trees with libcst's validated parse.
    """
    base = cst.CSTNode
    with _UNVALIDATED_LOCK:
        saved = base.__dict__["__post_init__"]
        base.__post_init__ = _unchecked  # type: ignore[method-assign]
        try:
            return cst.parse_module(source)
        finally:
            base.__post_init__ = saved  # type: ignore[method-assign]


def _unchecked(self: cst.CSTNode) -> None:
    pass


_UNVALIDATED_LOCK = threading.Lock()


def _opens_block(statement: cst.BaseStatement) -> bool:
    """A top-level statement whose own block is indented (it holds an INDENT token)."""
    return isinstance(getattr(statement, "body", None), cst.IndentedBlock)


def _edges(code: str) -> tuple[list[str], list[str]]:
    """The comment and blank lines a statement's code begins and ends with."""
    lines = code.splitlines(keepends=True)

    def loose(line: str) -> bool:
        stripped = line.strip()
        return not stripped or stripped.startswith("#")

    head = 0
    while head < len(lines) and loose(lines[head]):
        head += 1
    tail = len(lines)
    while tail > head and loose(lines[tail - 1]):
        tail -= 1
    return lines[:head], lines[tail:]


def _parse_source(path: Path, source: str, keep_cut: bool = False) -> _Parsed | Finding:
    reason = _too_deep(source)
    if reason is not None:
        return Finding(str(path), 1, 1, "LS000", "error", f"not analysed: {reason}", False)
    try:
        module = _parse_module(source)
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
        return _deep(path)
    meta = Metadata(module)
    meta.keep_cut = keep_cut
    collector = FactsCollector()
    try:
        meta.visit(collector)
    except RecursionError:
        return _deep(path)
    return _Parsed(str(path), source, module, meta, collector.facts)


def _deep(path: Path | str) -> Finding:
    msg = "not analysed: too deeply nested for the linter"
    return Finding(str(path), 1, 1, "LS000", "error", msg, False)


def _check(
    files: list[Path],
    texts: dict[str, str] | None = None,
    explicit: frozenset[str] = frozenset(),
    cache: _ParseCache | None = None,
    splices: dict[str, _Splice] | None = None,
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
        result = _parse(path, (texts or {}).get(str(path)), cache, splices)
        if isinstance(result, Finding):
            problems.append(result)
        else:
            parsed.append(result)
    facts = ProjectFacts.merge([p.facts for p in parsed])
    checked = []
    for p in parsed:
        checker = Checker(p.path, facts, p.facts)
        try:
            p.meta.visit(checker)
        except RecursionError:
            problems.append(_deep(p.path))
            continue
        checked.append((p, checker))
    return problems, checked


def _filter(
    findings: Iterable[Finding], select: set[str] | None, ignore: set[str] | None
) -> list[Finding]:
    sel, ign = expand_codes(select), expand_codes(ignore) or set()
    return sorted(
        (
            f
            for f in _in_cells(findings)
            if (sel is None or f.code in sel or f.code == "LS000") and f.code not in ign
        ),
        key=Finding.sort_key,
    )


def _deep_stack(fn: Callable[..., _T]) -> Callable[..., _T]:
    """Run ``fn`` in a thread with a large stack and recursion limit.

    libcst parses and visits recursively, a few frames per nesting level: valid Python with 150-199
    nested brackets overflows the default limit of 1000. The thread's own stack keeps the raised
    limit from overflowing the C stack (which would kill the process instead of raising).
    """

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> _T:
        result: list[_T] = []
        error: list[BaseException] = []

        def target() -> None:
            try:
                with _no_cycle_collection():
                    result.append(fn(*args, **kwargs))
            except BaseException as exc:  # re-raised in the caller's thread
                error.append(exc)

        with _STACK_LOCK:
            old_size, old_limit = threading.stack_size(), sys.getrecursionlimit()
            threading.stack_size(_STACK_BYTES)
            sys.setrecursionlimit(max(old_limit, 30_000))
            try:
                thread = threading.Thread(target=target, name="lightning-skill-lint")
                thread.start()
            finally:
                threading.stack_size(old_size)
            try:
                thread.join()
            finally:
                sys.setrecursionlimit(old_limit)
        if error:
            raise error[0]
        return result[0]

    return wrapper


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for one lint or fix run.

    A parsed file is hundreds of thousands of small objects kept alive until the run ends; each
    of the collector's full passes walks all of them, so the time grew faster than the file
    (about 13% of linting 25k lines). Garbage without cycles is still freed at once; cycles
    (libcst's scope objects) wait until the run ends, and the trees are kept that long anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_T = TypeVar("_T")
_STACK_BYTES = 512 * 1024 * 1024  # reserved address space; only the pages used are touched
_STACK_LOCK = threading.RLock()


@_deep_stack
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
    # every finding whose edit went into ``after`` (a later round's line numbers refer to the
    # text after the earlier rounds: a fix can uncover another, e.g. devices=2 makes LS212 apply)
    fixed: list[Finding] = field(default_factory=list)

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


@_deep_stack
def fix_paths(
    paths: list[str | Path],
    select: set[str] | None = None,
    ignore: set[str] | None = None,
    write: bool = True,
    before: list[Finding] | None = None,
) -> tuple[list[FixResult], list[Finding]]:
    """Apply the safe fixes (of the selected rules); returns the changes and what is left.

    ``before``, when given, receives the findings of the files as they were (the first round's,
    so ``lint --diff`` needs no second lint to report them).

    Each changed file is replaced atomically (see ``write_atomic``); a file that cannot be written
    raises UsageError naming it, and is left exactly as it was.
    """
    files = list(iter_python_files(paths))
    sel, ign = expand_codes(select), expand_codes(ignore) or set()
    originals: dict[str, str] = {}
    texts: dict[str, str] = {}
    fixed: dict[str, list[Finding]] = {}
    # A fix can uncover another (an import moves, then the file's packages mix), so repeat a
    # few rounds in memory; each round checks the edited text again, parsing only the top-level
    # statements the edits touched (``_splice``; the rest of the tree, its parents and finding
    # positions are the previous round's) and generating only those statements' text.
    explicit = frozenset(str(p) for p in paths if not Path(p).is_dir())
    cache: _ParseCache = {}
    splices: dict[str, _Splice] = {}
    changed = False
    for round_ in range(4):
        problems, checked = _check(files, texts, explicit, cache, splices)
        splices = {}
        if round_ == 0 and before is not None:
            before.extend(
                _filter([*problems, *(f for _, c in checked for f in c.findings)], select, ignore)
            )
        changed = False
        for parsed, checker in checked:
            done = [
                f
                for f in checker.findings
                if f.fixable and (sel is None or f.code in sel) and f.code not in ign
            ]
            if not done:
                continue
            try:
                edits = _edits_for(checker, {f.code for f in done})
                edited = fixer.transform(parsed.module, edits, parsed.meta.parents)
                after, splice = _edited_text(parsed, edited)
            except RecursionError:
                problems.append(_deep(parsed.path))
                continue
            if splice is not None:
                splices[parsed.path] = splice
            if after != parsed.source:
                originals.setdefault(parsed.path, parsed.source)
                texts[parsed.path] = after
                # this round's lines: a notebook's are placed in the text this round checked
                fixed.setdefault(parsed.path, []).extend(
                    _in_cells(done, {parsed.path: parsed.source})
                )
                changed = True
        if not changed:
            break
    if changed:  # the last round still edited: look at the final text once more
        problems, checked = _check(files, texts, explicit, cache, splices)
    remaining = _filter([*problems, *(f for _, c in checked for f in c.findings)], select, ignore)
    changes = [
        FixResult(p, originals[p], texts[p], fixed[p])
        for p in originals
        if originals[p] != texts[p]
    ]
    if write:
        outputs = []
        for change in changes:  # every notebook's JSON is built before any file is written
            text = change.after
            if change.path in _NOTEBOOKS:  # the fixed cells go back into the notebook
                try:
                    text = notebook.from_python(_NOTEBOOKS[change.path], text)
                except notebook.NotebookError as exc:
                    raise UsageError("PATH", f"cannot fix {change.path}: {exc}") from None
            outputs.append(text)
        for written, (change, text) in enumerate(zip(changes, outputs, strict=True)):
            try:
                write_atomic(Path(change.path), text, _ENCODINGS.get(change.path, "utf-8"))
            except OSError as exc:
                others = f"; {written} other file(s) were fixed" if written else ""
                raise UsageError(
                    "PATH",
                    f"cannot write {change.path}: {exc.strerror or exc} (left as it was){others}",
                ) from None
    return changes, remaining


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` by ``text``: a temporary file in the same folder, fsync, rename.

    The original is untouched until the rename, so a full disk or a failed write leaves it as it
    was. The mode (and, where allowed, the owner) is kept. A link named explicitly is written
    through to its target; a read-only file is refused even for root, which could write it.
    """
    real = Path(os.path.realpath(path))
    info = os.stat(real)
    if not info.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "file is read-only")
    data = text.encode(encoding)
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):  # only root may give a file away
                os.fchown(handle.fileno(), info.st_uid, info.st_gid)
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _edited_text(parsed: _Parsed, edited: cst.Module) -> tuple[str, _Splice | None]:
    """``edited.code``, generating only the top-level statements the edits replaced (the others'
    code is the previous round's), and what ``_splice`` needs to parse only those again."""
    module = parsed.module
    if parsed.meta.cut is None:
        parsed.meta.cut = statement_codes(module)
    cut = parsed.meta.cut
    if (
        cut is None
        or len(edited.body) != len(module.body)
        or len(edited.header) != len(module.header)
        or len(edited.footer) != len(module.footer)
        or any(a is not b for a, b in zip(edited.header, module.header, strict=True))
        or any(a is not b for a, b in zip(edited.footer, module.footer, strict=True))
    ):  # a statement added or removed, a header line edited: generate it whole
        return edited.code, None
    changed = [
        i for i, (a, b) in enumerate(zip(edited.body, module.body, strict=True)) if a is not b
    ]
    codes = list(cut.codes)
    for i in changed:
        codes[i] = edited.code_for_node(edited.body[i])
    new = StatementCodes(cut.head, codes, cut.foot)
    return new.text, _Splice(parsed, edited, new, changed)


def _edits_for(checker: Checker, wanted: set[str]) -> dict[cst.CSTNode, list[Edit]]:
    # every recorded edit belongs to a fixable finding; keep those of the wanted codes
    return {node: [fn for code, fn in fns if code in wanted] for node, fns in checker.edits.items()}
