"""The libcst metadata the checker's visitors declare, computed cheaper than libcst computes it.

libcst resolves every declared provider over the whole tree before a visit: a deep copy of the
module, then a batched traversal that rebuilds each node. On a 50k-line file that was most of
``lint``'s time. The values here are the same (the tests compare them with libcst's own
providers); only the way of computing them differs:

- the module is not copied: it comes straight from ``parse_module`` and is never mutated, so its
  nodes are already unique by identity (what the copy is for);
- parents come from one walk over the nodes' fields, without rebuilding anything;
- qualified names are computed per node when asked (libcst stores a lazy value for every node);
- positions: the checker asks only for the start of each finding's node, once its walk is over
  (``LazyPositions.starts_of``): one plain codegen of the module notes where just those nodes
  start (``start_positions``). The mapping itself (``LazyPositions``, for any other reader)
  computes them on the first question, for the top-level statement asked about only, with a
  cheaper line counter than libcst's regular expression. ``--fix`` keeps the module's code cut
  at its top-level statements (``StatementCodes``): then only the statements holding findings are
  generated, each from the line it starts on, and a node of a statement a round left alone
  starts where it did, relative to the statement (``Metadata.relative``);
- scopes: ScopeProvider and the ExpressionContextProvider it reads do all their work in
  ``visit_Module``; libcst's batched walk then visits every node once more, each, for nothing.
  Here what ``visit_Module`` does is done alone (checked at import: should libcst add other
  visit methods to them, the batched walk is used again), with the two providers' visitors
  descending by themselves (``_Descend``: same calls, none of libcst's per-node work; -40%).
  They are computed on the first question only: the checker asks only about names an import
  binds (``FileFacts.imported``), so a file that never uses one never computes them.

Any other provider a visitor declares is resolved by libcst as before.

``Metadata.visit`` also walks the tree its own way (``walk``): libcst's ``node.visit`` rebuilds
every node it passes, even for a visitor that changes nothing, which was two thirds of the facts
pass and a third of the checker's walk; ``walk`` makes the same calls in the same order, skips
libcst's empty ``visit_``/``leave_`` stubs and leaves out the subtrees in which the visitor has
no method at all (``_silent_types``: whitespace, commas, operators, derived from the visitor's
methods and libcst's field annotations). Qualified names run libcst's own lookup with each
assignment's names memoised (``_QualifiedNames._names``).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._typed_visitor import CSTTypedBaseFunctions, CSTTypedVisitorFunctions
from libcst.metadata import (
    CodePosition,
    CodeRange,
    ExpressionContext,
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)
from libcst.metadata.base_provider import BaseMetadataProvider
from libcst.metadata.expression_context_provider import ExpressionContextVisitor
from libcst.metadata.position_provider import PositionProvidingCodegenState
from libcst.metadata.scope_provider import (
    _ASSIGNMENT_LIKE_NODES,
    Assignment,
    QualifiedName,
    Scope,
    ScopeVisitor,
    _is_assignment,
)

# the dataclass fields of each node type, in declaration order (children are found among them)
_FIELDS: dict[type, tuple[str, ...]] = {}

# What a field's value is, by its type: a node, a sequence of them, or neither. CSTNode is an
# abstract base class, so ``isinstance(value, cst.CSTNode)`` goes through ABCMeta on every
# call (a tenth of a walk); the answer is the same for every value of one type.
_NODE, _SEQUENCE, _OTHER = "node", "sequence", "other"
_KIND: dict[type, str] = {}


def _kind(value: object) -> str:
    if isinstance(value, cst.CSTNode):
        kind = _NODE
    elif type(value) in (tuple, list):
        kind = _SEQUENCE
    else:
        kind = _OTHER
    _KIND[type(value)] = kind
    return kind


def field_names(node_type: type) -> tuple[str, ...]:
    """The dataclass fields of a node type, in order (kept per type: ``dataclasses.fields``
    builds them anew on every call)."""
    names = _FIELDS.get(node_type)
    if names is None:
        names = _FIELDS[node_type] = tuple(f.name for f in dataclasses.fields(node_type))
    return names


@overload
def parents_of(module: cst.CSTNode) -> dict[cst.CSTNode, cst.CSTNode]: ...
@overload
def parents_of(module: cst.CSTNode, unique: bool) -> dict[cst.CSTNode, cst.CSTNode] | None: ...
def parents_of(module: cst.CSTNode, unique: bool = False) -> dict[cst.CSTNode, cst.CSTNode] | None:
    """Every node's parent, as ParentNodeProvider gives it (the module has none); given another
    node, the parent of each node below it. ``unique``: None when a node object occurs twice
    (a parsed tree never has one; an edited tree could)."""
    out: dict[cst.CSTNode, cst.CSTNode] = {}
    stack: list[cst.CSTNode] = [module]
    pushed = 0
    fields, kinds = _FIELDS, _KIND
    while stack:
        node = stack.pop()
        names = fields.get(type(node)) or field_names(type(node))
        for name in names:
            value = getattr(node, name)
            kind = kinds.get(type(value)) or _kind(value)
            if kind is _NODE:
                out[value] = node
                stack.append(value)
                pushed += 1
            elif kind is _SEQUENCE:
                for child in value:
                    if (kinds.get(type(child)) or _kind(child)) is _NODE:
                        out[child] = node
                        stack.append(child)
                        pushed += 1
    if unique and pushed != len(out):
        return None
    return out


class _Record:
    """``PositionProvidingCodegenState.record_syntactic_position`` as a plain context manager
    (libcst's is a generator: a fifth of the position codegen went to contextlib)."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(
        self,
        state: _PositionState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = CodePosition(self.state.line, self.state.column)

    def __exit__(self, *exc: object) -> None:
        state = self.state
        computed = state.provider._computed  # type: ignore[attr-defined]
        end = CodePosition(state.line, state.column)
        start = computed[self.start_node].start if self.start_node is not None else self.start
        end = computed[self.end_node].end if self.end_node is not None else end
        computed[self.node] = CodeRange(start, end)


class _PositionState(PositionProvidingCodegenState):
    """libcst's position codegen with a line counter that needs no regular expression."""

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Record:
        return _Record(self, node, start_node, end_node)

    def _update_position(self, value: str) -> None:
        self.line, self.column = _moved(self.line, self.column, value)


def _moved(line: int, column: int, text: str) -> tuple[int, int]:
    """The line and column after writing ``text`` at (``line``, ``column``), as libcst counts
    them (``\r\n``, a lone ``\r`` and ``\n`` end a line), without its regular expression
    unless there is a ``\r``."""
    if "\r" in text:
        segments = _NEWLINE.split(text)
        if len(segments) > 1:
            return line + len(segments) - 1, len(segments[-1])
        return line, column + len(text)
    newlines = text.count("\n")
    if newlines:
        return line + newlines, len(text) - text.rfind("\n") - 1
    return line, column + len(text)


def _all_in_visit_module(provider: type) -> bool:
    return [n for n in vars(provider) if n.startswith(("visit_", "leave_"))] == ["visit_Module"]


_DIRECT_SCOPES = all(map(_all_in_visit_module, (ScopeProvider, ExpressionContextProvider)))


def _scopes(module: cst.Module) -> Mapping[cst.CSTNode, Any]:
    """ScopeProvider's mapping for ``module``, without the batched walks (see the docstring).

    What the two providers' ``visit_Module`` do, with visitors that descend by themselves
    (``_Descend``): the same calls in the same order, without libcst's per-node machinery.
    """
    contexts = ExpressionContextProvider()
    contexts._computed = {}
    module.visit(_ContextWalk(contexts, ExpressionContext.LOAD))
    scopes = ScopeProvider()
    scopes._computed = {}
    scopes.metadata = {ExpressionContextProvider: contexts._computed}
    visitor = _ScopeWalk(scopes)
    module.visit(visitor)
    visitor.infer_accesses()
    return scopes._computed


def _qualified_names(
    scope: Any,
    node: cst.CSTNode,
    by_referent: dict[object, set[QualifiedName]],
    by_name: dict[Any, Any],
) -> set[QualifiedName]:
    """``scope.get_qualified_names_for(node)``: libcst's code (``_SCOPE_QUALIFIED_NAMES``) with
    each assignment's names kept in ``by_referent`` / ``by_name`` (a name imported in many places
    made libcst's lookup quadratic in the file)."""
    if not _SAME_QUALIFIED_NAMES:
        return scope.get_qualified_names_for(node)
    memo = by_referent
    accesses = scope._accesses_by_node.get(node)
    if accesses:
        found: set[QualifiedName] = set()
        for access in accesses:
            for referent in access.referents:
                names = memo.get(referent)
                if names is None:
                    names = memo[referent] = referent.get_qualified_names_for(referent.name)
                found |= names
        return found
    full_name = cst.helpers.get_full_name_for_node(node)
    if full_name is None:
        return set()
    assignments: Any = set()
    prefix: str | None = full_name
    while prefix:
        if prefix in scope:
            assignments = scope[prefix]
            break
        idx = prefix.rfind(".")
        prefix = None if idx == -1 else prefix[:idx]
    # libcst tries each assignment in turn (_is_assignment); the nodes for which that can hold
    # are known per set of assignments (assignments are only ever added: its size dates it)
    which = (id(assignments), len(assignments))
    if _SAME_IS_ASSIGNMENT:
        first = by_name.get(which)
        if first is None:
            first = by_name[which] = _first_assignments(assignments)
        owner = first.get(id(node))
        if owner is not None:
            return owner.get_qualified_names_for(full_name)
    else:
        for assignment in assignments:
            if isinstance(assignment, Assignment) and _is_assignment(node, assignment.node):
                return assignment.get_qualified_names_for(full_name)
    results = by_name.get((*which, full_name))
    if results is None:
        results = set()
        for assignment in assignments:
            names = by_name.get((assignment, full_name))
            if names is None:
                names = assignment.get_qualified_names_for(full_name)
                by_name[assignment, full_name] = names
            results |= names
        by_name[(*which, full_name)] = results
    return set(results)


def _first_assignments(assignments: Any) -> dict[int, Any]:
    """id(node) -> the first of ``assignments`` (in their order) for which
    ``_is_assignment(node, assignment.node)`` holds: the assignment's own node, or a name an
    import it is binds (``_IS_ASSIGNMENT``, libcst's code)."""
    first: dict[int, Any] = {}
    for assignment in assignments:
        if not isinstance(assignment, Assignment):
            continue
        at = assignment.node
        first.setdefault(id(at), assignment)
        if isinstance(at, cst.Import | cst.ImportFrom) and not isinstance(at.names, cst.ImportStar):
            for alias in at.names:
                first.setdefault(id(alias.name), assignment)
                if alias.asname is not None:
                    first.setdefault(id(alias.asname.name), assignment)
    return first


class _Lazy(Mapping[cst.CSTNode, object]):
    """A node -> value mapping over the nodes of one module, filled when first read."""

    def __init__(self, meta: Metadata) -> None:
        self._meta = meta

    def _compute(self, node: cst.CSTNode) -> object:
        raise NotImplementedError

    def __getitem__(self, node: cst.CSTNode) -> object:
        if node is not self._meta.module and node not in self._meta.parents:
            raise KeyError(node)
        return self._compute(node)

    def __iter__(self) -> Iterator[cst.CSTNode]:
        yield self._meta.module
        yield from self._meta.parents

    def __len__(self) -> int:
        return len(self._meta.parents) + 1


class _Scopes(_Lazy):
    """ScopeProvider's mapping, computed on the first question (a file whose checks never ask
    about an imported name never pays for it)."""

    def __init__(self, meta: Metadata) -> None:
        super().__init__(meta)
        self._scopes: Mapping[cst.CSTNode, Any] | None = None

    def _mapping(self) -> Mapping[cst.CSTNode, Any]:
        if self._scopes is None:
            self._scopes = _scopes(self._meta.module)
        return self._scopes

    def __getitem__(self, node: cst.CSTNode) -> object:
        return self._mapping()[node]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


class _QualifiedNames(_Lazy):
    def __init__(self, meta: Metadata) -> None:
        super().__init__(meta)
        # the answers of the round before, for the nodes it kept (``Metadata.known_names``)
        self._done: dict[cst.CSTNode, object] = dict(meta.known_names or ())
        # each assignment's qualified names: as a referent, and for a full name
        self._by_referent: dict[object, set[QualifiedName]] = {}
        self._by_name: dict[Any, Any] = {}

    def _compute(self, node: cst.CSTNode) -> object:
        # what QualifiedNameProvider's lazy value computes for the node
        if node not in self._done:
            scope = self._meta.resolve(ScopeProvider).get(node)
            self._done[node] = self._names(scope, node) if scope else set()
        return self._done[node]

    def _names(self, scope: Any, node: cst.CSTNode) -> set[QualifiedName]:
        """``scope.get_qualified_names_for(node)`` (its code, with a memo), each assignment's
        names computed once.

        A name read in many places (``pl`` in ``pl.Trainer``) is an access whose referents are
        every assignment of the name that reaches it; libcst works out each referent's names
        again for every access, which grew with the square of the file (half of checking a
        50k-line file of 18 copies of the corpus). Used while libcst's code is the one below.
        """
        return _qualified_names(scope, node, self._by_referent, self._by_name)


class LazyPositions(_Lazy):
    """Positions, one top-level statement at a time: the first question about a node computes
    those of its statement, from the line that statement starts on. Findings sit in a few
    statements of a file; the rest are never generated with positions."""

    def __init__(self, meta: Metadata) -> None:
        super().__init__(meta)
        self._computed: dict[cst.CSTNode, object] = {}
        self._starts: dict[cst.CSTNode, int] | None = None

    def _compute(self, node: cst.CSTNode) -> object:
        if node not in self._computed:
            top = self._statement_of(node)
            if top is None:  # the module itself, or a comment line above or below all code
                self._codegen(self._meta.module, 1)
            else:
                self._codegen(top, self.starts[top])
        return self._computed[node]

    def _statement_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        module, parents = self._meta.module, self._meta.parents
        while node is not module:
            parent = parents[node]
            if parent is module:
                return node if node in self.starts else None
            node = parent
        return None

    @property
    def starts(self) -> dict[cst.CSTNode, int]:
        """The line each top-level statement starts on (its comments and blank lines above it
        included, as libcst counts them)."""
        if self._starts is None:
            module = self._meta.module
            line = 1 + sum(_lines(module.code_for_node(h)) for h in module.header)
            self._starts = {}
            for statement in module.body:
                self._starts[statement] = line
                line += _lines(module.code_for_node(statement))
        return self._starts

    def starts_of(self, nodes: Iterable[cst.CSTNode]) -> dict[cst.CSTNode, CodePosition]:
        """``self[node].start`` for each of ``nodes``, from one plain codegen of the module
        (``start_positions``) instead of a position codegen of each statement they are in.

        Where the module's code is known cut at its top-level statements (``Metadata.cut``,
        kept by ``--fix`` between rounds), only the statements holding the nodes are generated,
        each from the line it starts on; the first such question cuts the code as it goes."""
        meta = self._meta
        if meta.cut is not None:
            found = _starts_by_statement(meta, meta.cut, nodes)
            if found is not None:
                return found
        elif meta.keep_cut:
            nodes = list(nodes)
            state = _StartState(meta.module, {id(n) for n in nodes})
            meta.cut = _codegen_cut(meta.module, state)
            found = {n: CodePosition(*state.start_of(id(n))) for n in nodes}
            if meta.cut is not None:  # kept for the next round (see ``Metadata.relative``)
                starts = meta.cut.starts
                for n, pos in found.items():
                    i = _statement_index(meta, n)
                    if i is not None:
                        meta.relative[n] = (pos.line - starts[i], pos.column)
            return found
        return start_positions(meta.module, nodes)

    def _codegen(self, node: cst.CSTNode, line: int) -> None:
        module = self._meta.module
        provider = PositionProvider()
        provider._computed = self._computed  # the state records into it
        state = _PositionState(
            default_indent=module.default_indent,
            default_newline=module.default_newline,
            provider=provider,
        )
        state.line = line
        node._codegen(state)


class _NoRecord:
    """The position record of a node nobody asked about: nothing to do."""

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        pass


_NO_RECORD = _NoRecord()


class _StartRecord:
    """Where a wanted node's syntactic position starts: here, or where ``start_node`` starts."""

    __slots__ = ("node", "start", "start_node", "state")

    def __init__(self, state: _StartState, node: int, start_node: int | None) -> None:
        self.state, self.node, self.start_node = state, node, start_node

    def __enter__(self) -> None:
        self.start = self.state.where()

    def __exit__(self, *exc: object) -> None:
        state = self.state
        start = self.start if self.start_node is None else state.start_of(self.start_node)
        state.syntactic[self.node] = start


class _StartState(CodegenState):
    """Plain codegen that notes where the wanted nodes start, the way PositionProvider's
    ``.start`` does (a node's syntactic record when it makes one, else where its codegen
    begins), without a position object per node: the line and column are worked out from the
    tokens written so far, only when a wanted node is reached."""

    def __init__(self, module: cst.Module, wanted: set[int]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.wanted = wanted  # ids of the nodes whose start is asked
        self.before: dict[int, tuple[int, int]] = {}  # where their codegen began
        self.syntactic: dict[int, tuple[int, int]] = {}  # their syntactic records
        self._line, self._column, self._done = 1, 0, 0

    def where(self) -> tuple[int, int]:
        tokens = self.tokens
        if self._done < len(tokens):
            chunk = "".join(tokens[self._done :])
            if "\r" in chunk:  # \r\n or a lone \r: libcst's rule, token by token
                for token in tokens[self._done :]:
                    self._advance(token)
            else:
                self._advance(chunk)
            self._done = len(tokens)
        return self._line, self._column

    def _advance(self, text: str) -> None:
        self._line, self._column = _moved(self._line, self._column, text)

    def start_of(self, node: int) -> tuple[int, int]:
        found = self.syntactic.get(node)
        return found if found is not None else self.before[node]

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.before[id(node)] = self.where()

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _StartRecord | _NoRecord:
        if id(node) not in self.wanted:
            return _NO_RECORD
        if start_node is None:
            return _StartRecord(self, id(node), None)
        self.wanted.add(id(start_node))  # its start is this node's
        return _StartRecord(self, id(node), id(start_node))


_NEWLINE = re.compile(r"\r\n?|\n")  # libcst's NEWLINE_RE


def start_positions(
    module: cst.Module, nodes: Iterable[cst.CSTNode]
) -> dict[cst.CSTNode, CodePosition]:
    """``PositionProvider``'s ``.start`` of each of ``nodes`` (nodes of ``module``), from one
    plain codegen of the module: the checker asks for the start of each finding's node only,
    once its walk is over, so no position is computed for any other node."""
    nodes = list(nodes)
    if not nodes:
        return {}
    state = _StartState(module, {id(n) for n in nodes})
    module._codegen(state)
    return {n: CodePosition(*state.start_of(id(n))) for n in nodes}


@dataclasses.dataclass
class StatementCodes:
    """A module's code cut at its top-level statements: the header's lines (``head``), one
    string per statement of ``module.body`` (its comments and blank lines above it included),
    the footer's lines (``foot``). Joined, they are ``module.code``. ``--fix`` keeps them from
    one round to the next, so that the text after a round's edits is generated only for the
    statements the edits touched, and only those are parsed again (see ``engine._splice``)."""

    head: str
    codes: list[str]
    foot: str

    @functools.cached_property
    def starts(self) -> list[int]:
        """The line each statement starts on, as libcst counts lines."""
        line = 1 + _lines(self.head)
        out = []
        for code in self.codes:
            out.append(line)
            line += _lines(code)
        return out

    @property
    def text(self) -> str:
        return self.head + "".join(self.codes) + self.foot


def _codegen_cut(module: cst.Module, state: CodegenState) -> StatementCodes | None:
    """``module._codegen(state)`` (libcst's ``Module._codegen_impl``), noting where each
    top-level statement's code begins and ends. None for a module whose code is not the plain
    concatenation of its parts: no trailing newline (the last one is taken off) or no code."""
    state.before_codegen(module)
    tokens = state.tokens
    for h in module.header:
        h._codegen(state)
    head = "".join(tokens)
    codes = []
    for statement in module.body:
        at = len(tokens)
        statement._codegen(state)
        codes.append("".join(tokens[at:]))
    at = len(tokens)
    for f in module.footer:
        f._codegen(state)
    foot = "".join(tokens[at:])
    plain = module.has_trailing_newline and bool(tokens)
    if module.has_trailing_newline and not tokens:
        state.add_token(state.default_newline)
    elif not module.has_trailing_newline:
        state.pop_trailing_newline()
    state.after_codegen(module)
    return StatementCodes(head, codes, foot) if plain else None


def statement_codes(module: cst.Module) -> StatementCodes | None:
    """``module.code`` cut at its top-level statements (None where ``_codegen_cut`` says)."""
    state = CodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline
    )
    return _codegen_cut(module, state)


def _statement_index(meta: Metadata, node: cst.CSTNode) -> int | None:
    """The index in ``meta.module.body`` of the top-level statement holding ``node``; None for
    the module itself and its header and footer lines."""
    module, parents = meta.module, meta.parents
    while True:
        parent = parents.get(node)
        if parent is None:
            return None
        if parent is module:
            break
        node = parent
    if meta._index is None:
        meta._index = {id(s): i for i, s in enumerate(module.body)}
    return meta._index.get(id(node))


def _starts_by_statement(
    meta: Metadata, cut: StatementCodes, nodes: Iterable[cst.CSTNode]
) -> dict[cst.CSTNode, CodePosition] | None:
    """``start_positions`` generating only the top-level statements that hold ``nodes``, each
    from the line it starts on (a top-level statement starts at column 0). A node whose start
    within its statement is known from an earlier round (``Metadata.relative``) needs none.
    None when a node is not inside a statement (the module, a header or footer line): the
    caller does it whole."""
    out: dict[cst.CSTNode, CodePosition] = {}
    starts, relative = cut.starts, meta.relative
    by_statement: dict[int, list[cst.CSTNode]] = {}
    for node in nodes:
        i = _statement_index(meta, node)
        if i is None:
            return None
        known = relative.get(node)
        if known is not None:
            out[node] = CodePosition(starts[i] + known[0], known[1])
        else:
            by_statement.setdefault(i, []).append(node)
    for i, wanted in by_statement.items():
        state = _StartState(meta.module, {id(n) for n in wanted})
        state._line = starts[i]
        meta.module.body[i]._codegen(state)
        for n in wanted:
            line, column = state.start_of(id(n))
            out[n] = CodePosition(line, column)
            relative[n] = (line - starts[i], column)
    return out


def _lines(code: str) -> int:
    """How many line breaks ``code`` holds (CRLF, LF or a lone CR, as libcst counts them)."""
    return code.count("\n") + code.count("\r") - code.count("\r\n")


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


_EMPTY = cst.Module(body=[])


class _Bindings(cst.CSTVisitor):
    """What in a statement binds a name, and in which scope, in the order met (``bindings``)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, ...]] = []

    def _open(self, *what: str) -> None:
        self.found.append(what)

    def _close(self, _node: cst.CSTNode) -> None:
        self.found.append(("end",))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._open("def", node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._open("class", node.name.value)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._open("lambda")

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._open("comprehension")

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]
    leave_FunctionDef = leave_ClassDef = leave_Lambda = _close  # type: ignore[assignment]
    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _close  # type: ignore[assignment]

    def visit_Param(self, node: cst.Param) -> None:
        self._open("param", node.name.value, str(node.star))

    def visit_Import(self, node: cst.Import) -> None:
        self._open("import", _code(node))

    visit_ImportFrom = visit_Global = visit_Nonlocal = visit_Import  # type: ignore[assignment]

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._open("=", _code(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._open(":", _code(node.target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._open("op=", _code(node.target))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._open(":=", _code(node.target))

    def visit_For(self, node: cst.For) -> None:
        self._open("for", _code(node.target))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._open("for", _code(node.target))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._open("as", _code(node.asname))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._open("except", _code(node.name))

    visit_ExceptStarHandler = visit_ExceptHandler  # type: ignore[assignment]

    def visit_Del(self, node: cst.Del) -> None:
        self._open("del", _code(node.target))

    def visit_MatchCase(self, node: cst.MatchCase) -> None:
        self._open("case", _code(node.pattern))

    def visit_TypeParam(self, node: cst.TypeParam) -> None:
        self._open("type", _code(node))

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self._open("type", node.name.value)


def bindings(statement: cst.CSTNode) -> list[tuple[str, ...]]:
    """Every construct in ``statement`` that binds a name (assignment targets, parameters,
    imports, ``global``, definitions, ...), with the scopes it opens, in order. Two versions of a
    statement with equal lists bind the same names in the same scopes, so every other node
    resolves to the same qualified names in both."""
    visitor = _Bindings()
    walk(statement, visitor)
    return visitor.found


class Metadata:
    """The metadata of one parsed module, shared by the visitors that run over it."""

    def __init__(
        self,
        module: cst.Module,
        parents: dict[cst.CSTNode, cst.CSTNode] | None = None,
        cut: StatementCodes | None = None,
    ) -> None:
        self.module = module
        self._wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self._parents = parents  # given: worked out from the previous round's (--fix)
        self._own: dict[Any, Mapping[cst.CSTNode, object]] = {}
        # the code cut at top-level statements (``StatementCodes``), and whether to cut it
        # during the first position codegen: --fix wants it, a plain lint does not
        self.cut = cut
        self.keep_cut = False
        # node -> (line, column) of its start relative to the line its top-level statement
        # starts on: the same in every round that keeps the statement (the very same object,
        # generated the same way), so --fix passes it on from round to round
        self.relative: dict[cst.CSTNode, tuple[int, int]] = {}
        self._index: dict[int, int] | None = None
        # node -> its qualified names, from the previous round of --fix when its edits bound no
        # name differently (``bindings``): a node it kept resolves as it did, and a round whose
        # checks ask only about kept nodes never computes the module's scopes again
        self.known_names: Mapping[cst.CSTNode, object] | None = None

    def names_so_far(self) -> Mapping[cst.CSTNode, object]:
        """The qualified names worked out so far (for the next round's ``known_names``)."""
        names = self._own.get(QualifiedNameProvider)
        return names._done if isinstance(names, _QualifiedNames) else (self.known_names or {})

    @property
    def parents(self) -> dict[cst.CSTNode, cst.CSTNode]:
        if self._parents is None:
            self._parents = parents_of(self.module)
        return self._parents

    def resolve(self, provider: Any) -> Mapping[cst.CSTNode, Any]:
        if provider is ParentNodeProvider:
            return self.parents
        if provider is ScopeProvider and _DIRECT_SCOPES:
            if provider not in self._own:
                self._own[provider] = _Scopes(self)
            return self._own[provider]
        if provider in (QualifiedNameProvider, PositionProvider):
            if provider not in self._own:
                lazy = _QualifiedNames if provider is QualifiedNameProvider else LazyPositions
                self._own[provider] = lazy(self)
            return self._own[provider]
        return self._wrapper.resolve(provider)

    def visit(self, visitor: cst.CSTVisitor) -> None:
        """``MetadataWrapper.visit``: the visitor reads its declared metadata from here."""
        visitor.metadata = {p: self.resolve(p) for p in visitor.get_inherited_dependencies()}
        try:
            walk(self.module, visitor)
        finally:
            visitor.metadata = {}


# The order in which libcst visits each node type's child attributes (what its
# ``_visit_and_replace_children`` passes to ``on_visit_attribute``) is learnt on the first node
# of the type. Two types visit an attribute only when it is set (``format_spec``): their subtrees
# are left to libcst's own walk (a test checks that no other type decides per node).
_PER_NODE = frozenset({"FormattedStringExpression", "TemplatedStringExpression"})
# visitor class -> node type -> (its visit_<Type>, its leave_<Type>, per child attribute in
# libcst's order: (name, visit_<Type>_<name>, leave_<Type>_<name>)), None for each method missing
_Plan = tuple[Any, Any, tuple[tuple[str, Any, Any], ...]]
_PLANS: dict[type, dict[type, _Plan]] = {}


class _AttributeOrder(cst.CSTVisitor):
    """Records the attributes libcst visits on one node, without descending into them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        pass

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.names.append(attribute)


_ATTRIBUTES: dict[type, tuple[str, ...]] = {}


def _attributes(node: cst.CSTNode) -> tuple[str, ...]:
    """The child attributes libcst visits on nodes of ``node``'s type, in its order."""
    found = _ATTRIBUTES.get(type(node))
    if found is None:
        recorder = _AttributeOrder()
        node._visit_and_replace_children(recorder)  # once per node type
        found = _ATTRIBUTES[type(node)] = tuple(recorder.names)
    return found


def _method(visitor_cls: type, name: str) -> Any:
    """The visitor's method ``name``, or None where it is libcst's empty stub: every
    CSTVisitor inherits a ``visit_``/``leave_`` method for each node type and child attribute
    that does nothing and returns None (libcst marks them ``_is_no_op`` and its batched walk
    skips them too); calling them was a fifth of the checker's walk."""
    found = getattr(visitor_cls, name, None)
    if found is not None and getattr(found, "_is_no_op", False) and found is _STUBS.get(name):
        return None
    return found


_STUBS = {
    n: f
    for stubs in (CSTTypedBaseFunctions, CSTTypedVisitorFunctions)
    for n, f in vars(stubs).items()
    if n.startswith(("visit_", "leave_"))
}


def _plan(visitor_cls: type, node: cst.CSTNode, skip_silent: bool = False) -> _Plan:
    """How to visit nodes of ``node``'s type; ``skip_silent``: leave out the subtrees in which
    the visitor has no method to call (``_silent_types``)."""
    name = type(node).__name__
    silent = _silent_types(visitor_cls) if skip_silent else frozenset()
    if type(node) in silent:
        _PLANS[visitor_cls][type(node)] = (None, None, ())
        return _PLANS[visitor_cls][type(node)]
    holds = _field_types(type(node))
    attributes = tuple(
        (a, enter, leave)
        for a in _attributes(node)
        for enter, leave in [
            (
                _method(visitor_cls, f"visit_{name}_{a}"),
                _method(visitor_cls, f"leave_{name}_{a}"),
            )
        ]
        if enter is not None
        or leave is not None
        or (found := holds.get(a)) is None
        or not found <= silent
    )
    plan = (
        _method(visitor_cls, f"visit_{name}"),
        _method(visitor_cls, f"leave_{name}"),
        attributes,
    )
    _PLANS[visitor_cls][type(node)] = plan
    return plan


# Which node types a visitor never acts on anywhere in their subtrees, so that its walk can leave
# them out: whitespace, commas, brackets and operators are two thirds of a module's nodes and no
# check reads them. Derived from the visitor's own methods and the node classes' field
# annotations (what each child field may hold), so a visitor that adds a method for, say,
# ``Comma`` gets its commas visited again without anything else to change.
_SILENT: dict[type, frozenset[type]] = {}
_FIELD_TYPES: dict[type, dict[str, frozenset[type] | None]] = {}


_SUBCLASSES: dict[type, frozenset[type]] = {}


def _subclasses(cls: type) -> frozenset[type]:
    """``cls`` and every class derived from it (node classes: a field annotated with a base
    class may hold any of them)."""
    found = _SUBCLASSES.get(cls)
    if found is None:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in todo.pop().__subclasses__():
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        found = _SUBCLASSES[cls] = frozenset(seen)
    return found


def _classes_in(hint: Any, out: set[type]) -> bool:
    """Add the node classes ``hint`` names to ``out``; False when it may hold anything."""
    if hint is type(None) or typing.get_origin(hint) is typing.Literal:
        return True
    args = typing.get_args(hint)
    if typing.get_origin(hint) is not None and args:  # Union, Optional, Sequence[...]
        return all(_classes_in(a, out) for a in args)
    if not isinstance(hint, type) or hint is object:
        return False  # Any, a type variable, a bare Sequence: unknown
    if issubclass(hint, cst.CSTNode):
        out.add(hint)
    return True


def _field_types(node_type: type) -> dict[str, frozenset[type] | None]:
    """Per dataclass field of ``node_type``: every node class (subclasses included) its value may
    be or hold, by the field's annotation; None where the annotation does not say."""
    found = _FIELD_TYPES.get(node_type)
    if found is None:
        found = {}
        try:
            hints = typing.get_type_hints(node_type)
        except Exception:  # an annotation that does not resolve: every field unknown
            hints = {}
        for f in dataclasses.fields(node_type) if dataclasses.is_dataclass(node_type) else ():
            classes: set[type] = set()
            if f.name in hints and _classes_in(hints[f.name], classes):
                found[f.name] = frozenset().union(*map(_subclasses, classes))
            else:
                found[f.name] = None
        _FIELD_TYPES[node_type] = found
    return found


def _acts_on(visitor_cls: type, node_type: type) -> bool:
    name = node_type.__name__
    fields = (
        [f.name for f in dataclasses.fields(node_type)]
        if dataclasses.is_dataclass(node_type)
        else []
    )
    names = [name, *(f"{name}_{f}" for f in fields)]
    return any(
        _method(visitor_cls, f"{k}_{n}") is not None for n in names for k in ("visit", "leave")
    )


def _silent_types(visitor_cls: type) -> frozenset[type]:
    """The node types in whose whole subtree ``visitor_cls`` has no method to call: the types
    it has no method for whose fields can hold only such types (the largest such set)."""
    found = _SILENT.get(visitor_cls)
    if found is None:
        types = _subclasses(cst.CSTNode)
        silent = {t for t in types if not _acts_on(visitor_cls, t)}
        changed = True
        while changed:
            changed = False
            for t in list(silent):
                if any(held is None or not held <= silent for held in _field_types(t).values()):
                    silent.discard(t)
                    changed = True
        found = _SILENT[visitor_cls] = frozenset(silent)
    return found


_GENERIC = (
    cst.CSTVisitor.on_visit,
    cst.CSTVisitor.on_leave,
    cst.CSTVisitor.on_visit_attribute,
    cst.CSTVisitor.on_leave_attribute,
)


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """``node.visit(visitor)`` for a CSTVisitor, with the same calls in the same order.

    libcst's own walk rebuilds every node it passes (a visitor's ones too) and looks each
    ``visit_<Type>`` method up by a formatted name; here nodes are only read and the methods are
    looked up once per visitor class and node type. A visitor that overrides ``on_visit`` and
    friends, or a node type whose attributes are visited per node, gets libcst's walk.
    """
    cls = type(visitor)
    if (cls.on_visit, cls.on_leave, cls.on_visit_attribute, cls.on_leave_attribute) != _GENERIC:
        node.visit(visitor)
        return
    _walk(node, visitor, _PLANS.setdefault(cls, {}), False)


def _walk(
    node: cst.CSTNode, visitor: cst.CSTVisitor, plans: dict[type, _Plan], own_leave: bool
) -> None:
    """Visit ``node`` and its subtree; ``own_leave``: call the visitor's ``on_leave``."""
    plan = plans.get(type(node))
    if plan is None:
        if type(node).__name__ in _PER_NODE:
            node.visit(visitor)
            return
        plan = _plan(type(visitor), node, not own_leave)
    enter, leave, attributes = plan
    if enter is None or enter(visitor, node) is not False:
        _children(node, visitor, plans, own_leave, attributes)
    if own_leave:
        visitor.on_leave(node)
    elif leave is not None:
        leave(visitor, node)


def _children(
    node: cst.CSTNode,
    visitor: cst.CSTVisitor,
    plans: dict[type, _Plan],
    own_leave: bool,
    attributes: tuple[tuple[str, Any, Any], ...],
) -> None:
    for attribute, enter_attribute, leave_attribute in attributes:
        if enter_attribute is not None:
            enter_attribute(visitor, node)
        value = getattr(node, attribute)
        kind = _KIND.get(type(value))
        if kind is None:
            kind = _kind(value)
        if kind is _NODE:
            _walk(value, visitor, plans, own_leave)
        elif kind is _SEQUENCE:
            for child in value:
                _walk(child, visitor, plans, own_leave)
        if leave_attribute is not None:
            leave_attribute(visitor, node)


class _Descend(cst.CSTVisitor):
    """For libcst's scope visitors, whose walk cannot be ``walk``'s: they override ``on_leave``
    and call ``child.visit(self)`` in their methods. Where libcst's walk enters a node,
    ``on_visit`` runs the node's ``visit_`` method, descends into its children the way ``_walk``
    does (the visitor's own ``on_leave`` on each) and tells libcst not to descend; libcst then
    calls ``on_leave``. The same calls in the same order, without libcst's per-node work. Only
    for visitors that override neither ``on_visit`` nor the attribute methods (checked below)."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        plans = _PLANS.setdefault(type(self), {})
        # a visitor whose on_leave is libcst's (which only calls leave_<Type>) is walked like
        # walk's visitors: leave_<Type> from the plan, silent subtrees left out
        own_leave = type(self).on_leave is not cst.CSTVisitor.on_leave
        plan = plans.get(type(node))
        if plan is None:
            if type(node).__name__ in _PER_NODE:
                return super().on_visit(node)  # libcst descends; the children come back here
            plan = _plan(type(self), node, not own_leave)
        enter, _leave, attributes = plan
        if enter is None or enter(self, node) is not False:
            _children(node, self, plans, own_leave, attributes)
        return False


class _ContextWalk(_Descend, ExpressionContextVisitor):
    pass


class _ScopeWalk(_Descend, ScopeVisitor):
    """ScopeVisitor's ``on_leave`` (checked below to be the one written out here) without the
    abstract-class ``isinstance`` and the formatted-name method lookup it makes on every node
    (a third of the scope walk): the answers are kept per node type."""

    def __init__(self, provider: ScopeProvider) -> None:
        super().__init__(provider)
        self._by_referent: dict[object, set[QualifiedName]] = {}
        self._by_name: dict[Any, Any] = {}

    def visit_Call(self, node: cst.Call) -> bool | None:
        """ScopeVisitor.visit_Call (``_SCOPE_VISIT_CALL``) with the qualified names of the call
        memoised per assignment: every call asks, and ``pl.Trainer(...)`` in a file importing
        ``pl`` in many places made the scope walk quadratic."""
        self._ScopeVisitor__top_level_attribute_stack.append(None)  # type: ignore[attr-defined]
        self._ScopeVisitor__in_type_hint_stack.append(False)  # type: ignore[attr-defined]
        found = _qualified_names(self.scope, node, self._by_referent, self._by_name)
        qnames = {qn.name for qn in found}
        if "typing.NewType" in qnames or "typing.TypeVar" in qnames:
            node.func.visit(self)
            self._ScopeVisitor__in_type_hint_stack[-1] = True  # type: ignore[attr-defined]
            for arg in node.args[1:]:
                arg.visit(self)
            return False
        if "typing.cast" in qnames:
            node.func.visit(self)
            if len(node.args) > 0:
                self._ScopeVisitor__in_type_hint_stack.append(True)  # type: ignore[attr-defined]
                node.args[0].visit(self)
                self._ScopeVisitor__in_type_hint_stack.pop()  # type: ignore[attr-defined]
                for arg in node.args[1:]:
                    arg.visit(self)
            return False
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        plan = _LEAVES.get(type(original_node))
        if plan is None:
            plan = _leave_plan(type(self), type(original_node))
        counts, leave = plan
        self.provider._computed[original_node] = self.scope
        if counts:
            self.scope._assignment_count += 1
        if leave is not None:
            leave(self, original_node)


# node type -> (whether ScopeVisitor counts it as an assignment, _ScopeWalk's leave_<Type>)
_LEAVES: dict[type, tuple[bool, Any]] = {}


def _leave_plan(visitor_cls: type, node_type: type) -> tuple[bool, Any]:
    plan = (
        issubclass(node_type, _ASSIGNMENT_LIKE_NODES),
        _method(visitor_cls, f"leave_{node_type.__name__}"),
    )
    _LEAVES[node_type] = plan
    return plan


# the code _ScopeWalk.on_leave stands for: libcst's, as of 1.x
_SCOPE_ON_LEAVE = """
    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.provider.set_metadata(original_node, self.scope)
        if isinstance(original_node, _ASSIGNMENT_LIKE_NODES):
            self.scope._assignment_count += 1
        super().on_leave(original_node)
"""
_SET_METADATA_BODY = "self._computed[node] = value"
_VISITOR_ON_LEAVE = """
        leave_func = getattr(self, f"leave_{type(original_node).__name__}", None)
        if leave_func is not None:
            leave_func(original_node)
"""


# the body of Scope.get_qualified_names_for that _QualifiedNames._names repeats with a memo
_SCOPE_QUALIFIED_NAMES = """
        node_accesses = (
            self._accesses_by_node.get(node) if isinstance(node, cst.CSTNode) else None
        )
        if node_accesses:
            return {
                qname
                for access in node_accesses
                for referent in access.referents
                for qname in referent.get_qualified_names_for(referent.name)
            }

        full_name = get_full_name_for_node(node)
        if full_name is None:
            return set()

        assignments = set()
        prefix = full_name
        while prefix:
            if prefix in self:
                assignments = self[prefix]
                break
            idx = prefix.rfind(".")
            prefix = None if idx == -1 else prefix[:idx]

        if not isinstance(node, str):
            for assignment in assignments:
                if isinstance(assignment, Assignment) and _is_assignment(
                    node, assignment.node
                ):
                    return assignment.get_qualified_names_for(full_name)

        results = set()
        for assignment in assignments:
            results |= assignment.get_qualified_names_for(full_name)
        return results
"""


def _same_code(fn: Any, expected: str) -> bool:
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    return " ".join(expected.split()) in " ".join(source.split())


_SAME_QUALIFIED_NAMES = _same_code(Scope.get_qualified_names_for, _SCOPE_QUALIFIED_NAMES)

# the code _first_assignments stands for
_IS_ASSIGNMENT = """
    if node is assignment_node:
        return True
    if isinstance(assignment_node, (cst.Import, cst.ImportFrom)):
        aliases = assignment_node.names
        if isinstance(aliases, cst.ImportStar):
            return False
        for alias in aliases:
            if alias.name is node:
                return True
            asname = alias.asname
            if asname is not None:
                if asname.name is node:
                    return True
    return False
"""
_SAME_IS_ASSIGNMENT = _same_code(_is_assignment, _IS_ASSIGNMENT)

# the code _ScopeWalk.visit_Call stands for
_SCOPE_VISIT_CALL = """
    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        self.__top_level_attribute_stack.append(None)
        self.__in_type_hint_stack.append(False)
        qnames = {qn.name for qn in self.scope.get_qualified_names_for(node)}
        if "typing.NewType" in qnames or "typing.TypeVar" in qnames:
            node.func.visit(self)
            self.__in_type_hint_stack[-1] = True
            for arg in node.args[1:]:
                arg.visit(self)
            return False
        if "typing.cast" in qnames:
            node.func.visit(self)
            if len(node.args) > 0:
                self.__in_type_hint_stack.append(True)
                node.args[0].visit(self)
                self.__in_type_hint_stack.pop()
                for arg in node.args[1:]:
                    arg.visit(self)
            return False
        return True
"""
if not (_SAME_QUALIFIED_NAMES and _same_code(ScopeVisitor.visit_Call, _SCOPE_VISIT_CALL)):
    del _ScopeWalk.visit_Call

# checked at import: should libcst's on_leave do more, its own is used
if not (
    _same_code(ScopeVisitor.on_leave, _SCOPE_ON_LEAVE)
    and _same_code(BaseMetadataProvider.set_metadata, _SET_METADATA_BODY)
    and _same_code(cst.CSTVisitor.on_leave, _VISITOR_ON_LEAVE)
):
    del _ScopeWalk.on_leave


def _descends_safely(cls: type) -> bool:
    generic = (cls.on_visit_attribute, cls.on_leave_attribute) == _GENERIC[2:]
    between = cls.__mro__[2 : cls.__mro__.index(cst.CSTVisitor)]  # libcst's visitor class
    return generic and all("on_visit" not in vars(c) for c in between)


# checked at import: should libcst's scope visitors override more, their own walk is used
if not all(map(_descends_safely, (_ContextWalk, _ScopeWalk))):
    _ContextWalk, _ScopeWalk = ExpressionContextVisitor, ScopeVisitor  # type: ignore[misc]
