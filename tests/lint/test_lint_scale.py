"""The linter's shortcuts for speed change no result (speed itself: benchmarks/lint_speed.py).

``lightning_skill.lint.metadata`` computes the libcst metadata the checker reads (parents,
qualified names, positions) its own way, and the fixer only descends to edited nodes. Both are
compared here with libcst's own providers and the full transformer, node by node and finding by
finding, on every example of the rule tests, on the real 1.x-era corpus, on a CRLF copy and (for
findings and fixes) on the corpus as one file of ~2,700 lines.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from libcst._metadata_dependent import LazyValue
from libcst.metadata import (
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)
from libcst.metadata.scope_provider import ScopeVisitor

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import CASES, FIXES, HEADER, IMPORT_FIXES  # noqa: E402

from lightning_skill.lint import engine, fixer, metadata  # noqa: E402
from lightning_skill.lint.checker import Checker, FactsCollector, ProjectFacts  # noqa: E402
from lightning_skill.lint.metadata import _PER_NODE, Metadata, walk  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "benchmarks/lint_corpus").rglob("*.py.txt"))


def _corpus_file() -> str:
    """Every third corpus file, one after another as one module (as benchmarks/lint_speed.py
    builds it): ~52k lines of the 647 files. libcst's own providers, the reference here, take
    time that grows faster than the file (the whole corpus took ~3 min), and every part is
    still sampled."""
    parts = []
    for f in CORPUS[::3]:
        kept = [x for x in f.read_text().splitlines() if not x.startswith("from __future__")]
        parts.append(re.sub(r"^class (\w+)", r"class \1_0", "\n".join(kept) + "\n", flags=re.M))
    return "".join(parts)


def _sources() -> dict[str, list[str]]:
    """Groups of sources: every rule example, every fix example, every other corpus file (the
    corpus grows with each labelled part; each file took ~0.5 s), a CRLF copy (and, in the test
    below, a third of the corpus as one file)."""
    cases = [s for bad, good in CASES.values() for s in bad + good]
    fixes = [HEADER + before for before, _ in FIXES] + [before for before, _ in IMPORT_FIXES]
    out = {"rule-examples": cases, "fix-examples": fixes}
    out |= {f"corpus-{f.name.removesuffix('.py.txt')}": [f.read_text()] for f in CORPUS[1::2]}
    out["corpus-crlf"] = ["\r\n".join(CORPUS[0].read_text().splitlines()) + "\r\n"]
    return out


SOURCES = _sources()


# (the rule examples are many and small: the findings test below covers them)
@pytest.mark.parametrize("name", sorted(set(SOURCES) - {"rule-examples"}))
def test_metadata_equals_libcst_providers(name: str) -> None:
    for source in SOURCES[name]:
        module = cst.parse_module(source)
        mine, libcst_own = Metadata(module), MetadataWrapper(module, unsafe_skip_copy=True)
        collector = FactsCollector()
        mine.visit(collector)
        imported = collector.facts.imported
        for node, value in libcst_own.resolve(QualifiedNameProvider).items():
            # the checker skips the scope lookup for a name no import binds: none it skips
            # may have a qualified name from an import
            full = cst.helpers.get_full_name_for_node(node)
            if full is not None and full.split(".", 1)[0] not in imported:
                names = value() if isinstance(value, LazyValue) else value
                assert all(q.source is not QualifiedNameSource.IMPORT for q in names), full
        for provider in (ParentNodeProvider, QualifiedNameProvider, PositionProvider):
            expected = libcst_own.resolve(provider)
            got = mine.resolve(provider)
            assert len(got) == len(expected), provider
            for node, value in expected.items():
                if isinstance(value, LazyValue):
                    value = value()
                assert got[node] == value, (provider.__name__, node)
        scopes = mine.resolve(ScopeProvider)
        for node, scope in libcst_own.resolve(ScopeProvider).items():
            if node in mine.parents:  # not the nodes of string annotations libcst parses anew
                assert type(scopes[node]) is type(scope), node
        assert cst.Name("not_in_the_tree") not in mine.resolve(PositionProvider)


def _reference(path: str, source: str) -> tuple[list[object], str]:
    """Findings and fully fixed text the way the engine computed them before: libcst's
    MetadataWrapper (a deep copy and all four providers) and a transformer over every node."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    collector = FactsCollector()
    wrapper.visit(collector)
    checker = Checker(path, ProjectFacts.merge([collector.facts]), collector.facts)
    wrapper.visit(checker)
    edits = {node: [fn for _, fn in fns] for node, fns in checker.edits.items()}
    return checker.findings, fixer.apply(wrapper.module, edits)


# (the corpus files are covered together, as one file)
@pytest.mark.parametrize(
    "name", ["rule-examples", "fix-examples", "corpus-crlf", "corpus-as-one-file"]
)
def test_findings_and_fixes_equal_the_libcst_reference(name: str, tmp_path: Path) -> None:
    sources = SOURCES.get(name) or [_corpus_file()]
    for i, source in enumerate(sources):
        path = tmp_path / f"example{i}.py"
        path.write_bytes(source.encode())
        problems, checked = engine._check([path])
        assert not problems and len(checked) == 1
        parsed, checker = checked[0]
        edits = {node: [fn for _, fn in fns] for node, fns in checker.edits.items()}
        fixed = fixer.apply(parsed.module, edits, parsed.meta.parents)
        findings, reference_fixed = _reference(str(path), parsed.source)
        assert checker.findings == findings
        assert fixed == reference_fixed
        if name == "corpus-as-one-file":  # the long file is not trivially quiet
            assert len(findings) > 50 and fixed != parsed.source


def test_fix_parses_a_file_again_only_when_a_round_changed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a folder, --fix re-checks every file after each round of edits (facts from the edited
    files may change the others' findings) but re-parses only the edited ones, once per round
    that edited it (a fix can uncover another: vqvae.py's epoch-end rewrite, then LS212): same
    result as parsing everything each round."""
    names = [f"{i}_{f.name.removesuffix('.txt')}" for i, f in enumerate(CORPUS[:6])]  # unique
    for name, f in zip(names, CORPUS[:6], strict=True):
        (tmp_path / name).write_text(f.read_text())
    parsed: list[str] = []
    rounds: list[str] = []  # a file's name once per round whose edits changed its text
    real, real_splice, real_edited = engine._parse_source, engine._splice, engine._edited_text

    def counting(path: Path, source: str, **kwargs: Any) -> object:
        parsed.append(path.name)
        return real(path, source, **kwargs)

    def splicing(path: Path, source: str, splice: Any) -> object:
        # an edited file is parsed again in part (engine._splice) or, failing that, whole
        result = real_splice(path, source, splice)
        if result is not None:
            parsed.append(path.name)
        return result

    def editing(parsed_file: Any, module: Any) -> tuple[str, Any]:
        after, splice = real_edited(parsed_file, module)
        if after != parsed_file.source:
            rounds.append(Path(parsed_file.path).name)
        return after, splice

    monkeypatch.setattr(engine, "_parse_source", counting)
    monkeypatch.setattr(engine, "_splice", splicing)
    monkeypatch.setattr(engine, "_edited_text", editing)
    changes, left = engine.fix_paths([tmp_path], write=False)
    edited = {Path(c.path).name for c in changes}
    assert edited and len(edited) < 6  # some files are fixed, some are left alone
    assert set(rounds) == edited
    assert sorted(parsed) == sorted([*names, *rounds])

    uncached = engine._parse
    monkeypatch.setattr(engine, "_parse", lambda path, text=None, *_: uncached(path, text))
    again, left_again = engine.fix_paths([tmp_path], write=False)
    assert [(c.path, c.after, c.fixed) for c in changes] == [
        (c.path, c.after, c.fixed) for c in again
    ]
    assert left == left_again


def _logging_visitor() -> type[cst.CSTVisitor]:
    """A visitor with every visit_/leave_ method libcst may call (per node type and per child
    attribute), each logging its call; ``visit_Lambda`` returns False (children skipped)."""
    methods: dict[str, object] = {}
    types = [t for t in vars(cst).values() if isinstance(t, type) and issubclass(t, cst.CSTNode)]
    for t in types:
        fields = [f.name for f in dataclasses.fields(t)] if dataclasses.is_dataclass(t) else []
        for name in [t.__name__, *(f"{t.__name__}_{f}" for f in fields)]:
            for kind in ("visit", "leave"):

                def log(self: Any, node: cst.CSTNode, _k: str = f"{kind}_{name}") -> object:
                    self.log.append((_k, id(node)))
                    return False if _k == "visit_Lambda" else None

                methods[f"{kind}_{name}"] = log
    methods["__init__"] = lambda self: (cst.CSTVisitor.__init__(self), setattr(self, "log", []))[0]
    return type("Logging", (cst.CSTVisitor,), methods)


def test_walk_makes_the_calls_libcst_makes() -> None:
    """``metadata.walk`` (which the facts pass and the checker run on) calls the same methods on
    the same nodes in the same order as libcst's ``node.visit``, attribute hooks included."""
    logging = _logging_visitor()
    extra = "f'{x!r:>{w}}'\nlambda a: a\nfrom . import (a, b)\nfrom x import *\n"
    corpus = [f.read_text() for f in CORPUS[::10]]  # a sample: the whole takes seconds
    for source in [extra, *SOURCES["rule-examples"], *SOURCES["fix-examples"], *corpus]:
        module = cst.parse_module(source)
        ours, theirs = logging(), logging()
        walk(module, ours)
        module.visit(theirs)
        assert ours.log == theirs.log
        assert len(ours.log) > 20


def test_only_known_node_types_visit_attributes_per_node() -> None:
    """``walk`` learns each node type's attribute order from its first node: sound only where
    ``_visit_and_replace_children`` visits the same attributes for every node of the type. The
    types that decide per node are left to libcst; should libcst add one, this fails."""
    deciding = set()
    for name, t in vars(cst).items():
        method = vars(t).get("_visit_and_replace_children") if isinstance(t, type) else None
        if method is None or not issubclass(t, cst.CSTNode):
            continue
        body = inspect.getsource(method).split('"""')[-1]
        if re.search(r"\bif\b(?!\s+isinstance\(names, ImportStar\))|\bfor\b|\bwhile\b", body):
            deciding.add(name)
    assert deciding == set(_PER_NODE)


def _scope_summary(scope: Any, seen: dict[int, bool]) -> object:
    """What a libcst Scope holds, by node identity: its kind, its assignments and accesses (with
    what each refers to) and its parent's."""
    if scope is None:
        return None
    node = getattr(scope, "node", None)
    if id(scope) in seen:
        return ("seen", type(scope).__name__, id(node))
    seen[id(scope)] = True
    assignments = sorted(
        (
            a.name,
            type(a).__name__,
            id(getattr(a, "node", None)),
            sorted(id(x.node) for x in a.references),
        )
        for a in scope.assignments
    )
    accesses = sorted(
        (
            id(a.node),
            a.is_annotation,
            a.is_type_hint,
            sorted(id(getattr(r, "node", None)) for r in a.referents),
        )
        for a in scope.accesses
    )
    parent = scope.parent if scope.parent is not scope else None
    return (type(scope).__name__, id(node), assignments, accesses, _scope_summary(parent, seen))


@pytest.mark.parametrize("name", ["fix-examples", "corpus-sample"])
def test_scopes_equal_libcst_scopes(name: str) -> None:
    """The scopes ``Metadata`` computes (libcst's scope visitors descending by themselves,
    ``metadata._Descend``) hold the same assignments and accesses, node for node, as libcst's
    ScopeProvider run by its MetadataWrapper."""
    assert metadata._ScopeWalk is not ScopeVisitor  # the fast walk is in use
    sources = SOURCES.get(name) or [f.read_text() for f in CORPUS[::5]]
    for source in sources:
        module = cst.parse_module(source)
        meta = Metadata(module)
        mine = meta.resolve(ScopeProvider)
        theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
        assert len(mine) == len(theirs)
        seen_mine: dict[int, bool] = {}
        seen_theirs: dict[int, bool] = {}
        for node, scope in theirs.items():
            if node is module or node in meta.parents:  # not string annotations parsed anew
                assert _scope_summary(mine[node], seen_mine) == _scope_summary(scope, seen_theirs)
