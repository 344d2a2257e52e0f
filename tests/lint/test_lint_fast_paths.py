"""The second round of lint shortcuts gives libcst's answers (speed: benchmarks/lint_speed.py).

- finding positions from one plain codegen (``metadata.start_positions``) equal
  PositionProvider's ``.start`` for every node;
- walks leave out the subtrees a visitor has no method for (``metadata._silent_types``) and still
  make exactly libcst's calls, also for a visitor that adds a method for whitespace or commas;
- qualified names with each assignment's names memoised equal QualifiedNameProvider's, also for
  a name imported many times and for attribute chains that are not accesses;
- the scope walk's own ``on_leave`` and ``visit_Call`` (memoised qualified names, with
  ``typing.cast``/``TypeVar``/``NewType`` string annotations) leave every assignment with
  libcst's order and references.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from libcst._metadata_dependent import LazyValue
from libcst.metadata import (
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import FIXES, HEADER  # noqa: E402

from lightning_skill.lint import metadata  # noqa: E402
from lightning_skill.lint.checker import Checker, FactsCollector  # noqa: E402
from lightning_skill.lint.metadata import Metadata, start_positions, walk  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "benchmarks/lint_corpus").rglob("*.py.txt"))

# a name imported in several places, used bare, through attributes, shadowed, in nested scopes
REPEATED_IMPORTS = """\
import pytorch_lightning as pl
from pytorch_lightning import Trainer


class A(pl.LightningModule):
    def training_step(self, batch, batch_idx):
        return pl.utilities.rank_zero_only(batch)


import lightning.pytorch as pl
from lightning.pytorch import Trainer as T


def make():
    pl.seed_everything(1)
    trainer = pl.Trainer(gpus=1)
    other = T(max_epochs=1); t2 = Trainer()
    return [pl.callbacks.ModelCheckpoint() for pl.x in range(2)], trainer, other, t2


def shadow(pl):
    return pl.Trainer()


if True:
    import pytorch_lightning.callbacks as pl
    lambda pl=pl: pl.Trainer(tpu_cores=8)

import typing
from typing import cast as as_type

T = typing.TypeVar("T", "Trainer", bound="pl.LightningModule")
Alias = typing.NewType("Alias", "T")
model = as_type("pl.LightningModule", typing.cast("Trainer", None))
"""


def _sources() -> list[str]:
    # a file named, not CORPUS[0]: parts added to the corpus would change which file that is
    text = (ROOT / "benchmarks/lint_corpus/asteroid-0.4.5/asteroid/masknn/tmp.py.txt").read_text()
    return [
        *(HEADER + before for before, _ in FIXES[::3]),
        *(f.read_text() for f in CORPUS[::8]),
        "\r\n".join(text.splitlines()) + "\r\n",  # CRLF
        text.replace("\n", "\r"),  # lone CR, as libcst counts lines
        REPEATED_IMPORTS * 3,
        "# only a comment\n",
        "x = 1",  # no trailing newline
    ]


SOURCES = _sources()


@pytest.mark.parametrize("index", range(len(SOURCES)))
def test_start_positions_equal_position_provider(index: int) -> None:
    module = cst.parse_module(SOURCES[index])
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = list(expected)
    got = start_positions(module, nodes)
    assert len(got) == len(nodes) > 1
    for node in nodes:
        assert got[node] == expected[node].start, node
    # a few nodes at a time, as a file with few findings asks
    for node in nodes[:: max(1, len(nodes) // 7)]:
        assert start_positions(module, [node]) == {node: expected[node].start}


def _logging(base: type[cst.CSTVisitor], methods: list[str]) -> type[cst.CSTVisitor]:
    """``base`` with ``methods`` added, each logging its call (and calling ``base``'s)."""

    def make(name: str) -> Any:
        inherited = getattr(base, name, None)

        def log(self: Any, node: cst.CSTNode) -> object:
            self.log.append((name, id(node)))
            return inherited(self, node) if inherited is not None else None

        return log

    def init(self: Any, *args: object) -> None:
        base.__init__(self, *args)  # type: ignore[misc]
        self.log = []

    return type(
        f"Logging{base.__name__}", (base,), {"__init__": init, **{m: make(m) for m in methods}}
    )


def test_walk_leaves_out_silent_subtrees_and_makes_libcst_calls() -> None:
    """A visitor with methods for a few node types only: whitespace, commas and operators are
    left out of its walk, and the calls it receives are libcst's, in libcst's order."""
    methods = ["visit_Call", "leave_Call", "visit_Name", "visit_Arg_keyword", "leave_Param"]
    visitor_cls = _logging(cst.CSTVisitor, methods)
    silent = metadata._silent_types(visitor_cls)
    assert {cst.SimpleWhitespace, cst.Comma, cst.Newline, cst.Add, cst.LeftParen} <= silent
    assert not {cst.Name, cst.Call, cst.Arg, cst.Param, cst.Module, cst.Attribute} & silent
    for source in SOURCES[:6]:
        module = cst.parse_module(source)
        ours, theirs = visitor_cls(), visitor_cls()
        walk(module, ours)
        module.visit(theirs)
        assert ours.log == theirs.log and ours.log  # type: ignore[attr-defined]


def test_a_method_for_whitespace_brings_its_nodes_back() -> None:
    """Silence is derived from the visitor's methods: the real checker leaves whitespace out,
    a subclass with ``visit_SimpleWhitespace``/``leave_Comma`` gets each one, as libcst gives
    them (so a rule that starts reading commas needs nothing else changed)."""
    assert cst.SimpleWhitespace in metadata._silent_types(Checker)
    assert cst.Comma in metadata._silent_types(FactsCollector)
    methods = ["visit_SimpleWhitespace", "leave_Comma", "visit_ParenthesizedWhitespace_first_line"]
    visitor_cls = _logging(FactsCollector, methods)
    assert not {cst.SimpleWhitespace, cst.Comma, cst.Call} & metadata._silent_types(visitor_cls)
    module = cst.parse_module(SOURCES[0])
    ours, theirs = visitor_cls(), visitor_cls()
    Metadata(module).visit(ours)
    MetadataWrapper(module, unsafe_skip_copy=True).visit(theirs)
    kinds = {name for name, _ in ours.log}  # type: ignore[attr-defined]
    assert {"visit_SimpleWhitespace", "leave_Comma"} <= kinds
    assert ours.log == theirs.log  # type: ignore[attr-defined]
    assert ours.facts == theirs.facts  # type: ignore[attr-defined]


def test_field_types_come_from_the_annotations() -> None:
    fields = metadata._field_types(cst.Comma)
    assert fields["whitespace_before"] == {
        cst.SimpleWhitespace,
        cst.ParenthesizedWhitespace,
        cst.BaseParenthesizableWhitespace,
    } | set(metadata._subclasses(cst.BaseParenthesizableWhitespace))
    assert cst.Name in metadata._field_types(cst.Call)["func"]  # any expression
    assert metadata._field_types(cst.Name)["value"] == frozenset()  # a str holds no node


@pytest.mark.parametrize("index", [-3, -5, -6, 1])
def test_qualified_names_and_scopes_equal_libcst(index: int) -> None:
    module = cst.parse_module(SOURCES[index])
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    mine = Metadata(module)
    got = mine.resolve(QualifiedNameProvider)
    asked = 0
    for node, value in wrapper.resolve(QualifiedNameProvider).items():
        expected = value() if isinstance(value, LazyValue) else value
        assert got[node] == expected, node
        asked += bool(expected)
    assert asked > (20 if index == -3 else 0)
    # every assignment is numbered as libcst numbers it (the order accesses are resolved by)
    theirs = wrapper.resolve(ScopeProvider)
    ours = mine.resolve(ScopeProvider)
    for node, scope in theirs.items():
        if scope is None or node not in mine.parents:
            continue
        mine_scope = ours[node]

        def summary(scope: Any) -> list[tuple[object, ...]]:
            return sorted(
                (a.name, id(a.node), a._index, len(a.references)) for a in scope.assignments
            )

        assert summary(mine_scope) == summary(scope)


def test_the_shortcuts_are_in_use() -> None:
    """The fast paths replace libcst's code only while it is the code they mirror; with the
    installed libcst they are all taken (else the tests above would compare libcst with
    itself)."""
    assert metadata._SAME_QUALIFIED_NAMES
    assert "on_leave" in vars(metadata._ScopeWalk)
    assert "visit_Call" in vars(metadata._ScopeWalk)


def test_memoised_lookup_equals_libcst_for_every_node_and_scope() -> None:
    """``_qualified_names`` against ``Scope.get_qualified_names_for`` for every node asked of
    every scope of the file, import names and aliases included (which the provider's mapping
    never asks, having no scope for them), sharing one memo as the checker does."""
    module = cst.parse_module(REPEATED_IMPORTS * 2)
    mine = Metadata(module)
    scopes = mine.resolve(ScopeProvider)
    distinct = {id(s): s for s in (scopes.get(n) for n in mine.parents) if s is not None}
    by_referent: dict[object, Any] = {}
    by_name: dict[Any, Any] = {}
    compared = 0
    for scope in distinct.values():
        for node in [module, *mine.parents]:
            expected = scope.get_qualified_names_for(node)
            assert metadata._qualified_names(scope, node, by_referent, by_name) == expected
            compared += bool(expected)
    assert compared > 100


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # '\\ ' is drawn
def test_literal_reads_plain_strings_as_python_does() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from lightning_skill.lint.cst_util import literal

    quotes = st.sampled_from(["'", '"', "'''", '"""'])
    prefixes = st.sampled_from(["", "r", "b", "rb", "u", "R"])
    texts = st.text(st.sampled_from("ab '\"\\\n\r\t#é"), max_size=12)

    @given(prefixes, quotes, texts)
    def check(prefix: str, quote: str, text: str) -> None:
        code = f"{prefix}{quote}{text}{quote}"
        try:
            node = cst.parse_expression(code)
        except (cst.ParserSyntaxError, cst.CSTValidationError):  # not one plain literal
            return
        if isinstance(node, cst.SimpleString):
            try:
                expected = node.evaluated_value
            except SyntaxError:  # b'é': what libcst parses and Python refuses
                return
            assert literal(node) == expected, code

    check()
    for code in ("''", '""', "''''''", "'a'", '"""a\nb"""', "'''\"'''", "'\\n'", "b'x'"):
        node = cst.parse_expression(code)
        assert isinstance(node, cst.SimpleString) and literal(node) == node.evaluated_value
