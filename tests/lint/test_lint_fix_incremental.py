"""``--fix`` rounds after the first are incremental and change no result.

After a round's edits, ``engine._splice`` parses only the top-level statements the edits touched
and keeps every other statement (and its parents and finding positions) from the round before;
the text is generated only for the touched statements. Here every spliced module is compared
with libcst's parse of the whole text (``engine._VERIFY_SPLICE``), and each fix result (fixed
text, fixed findings, what is left) with the same run made the old way: every round parses the
whole text, generates it whole and finds positions with one codegen of the module. The cases
where a splice could differ from a whole parse must fall back to one (speed:
benchmarks/lint_speed.py).
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import FIXES, HEADER, IMPORT_FIXES  # noqa: E402

from lightning_skill.lint import engine, fixer, metadata  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "benchmarks/lint_corpus").rglob("*.py.txt"))
BLOCK = (
    "class M{i}(pl.LightningModule):\n"
    "    def training_step(self, batch, batch_idx):\n"
    "        self.log('loss', 1.0)\n"
    "        return batch.sum()\n\n\n"
    "# make{i}: a comment above, and blank lines\n\n"
    "def make{i}():\n"
    "    return pl.Trainer(gpus=1, max_epochs=1)\n"
    "    # a comment at the end of the block\n\n\n"
)
GENERATED = "import lightning.pytorch as pl\n\n\n" + "".join(BLOCK.format(i=i) for i in range(30))


def _corpus(files: list[Path]) -> str:
    """Corpus files one after another as one module (as benchmarks/lint_speed.py builds it)."""
    parts = []
    for f in files:
        kept = [x for x in f.read_text().splitlines() if not x.startswith("from __future__")]
        parts.append(re.sub(r"^class (\w+)", r"class \1_0", "\n".join(kept) + "\n", flags=re.M))
    return "".join(parts)


def _whole_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``fix_paths`` work the way it did before the rounds were incremental."""
    monkeypatch.setattr(engine, "_splice", lambda path, source, splice: None)
    monkeypatch.setattr(engine, "_edited_text", lambda parsed, edited: (edited.code, None))
    monkeypatch.setattr(
        metadata.LazyPositions,
        "starts_of",
        lambda self, nodes: metadata.start_positions(self._meta.module, nodes),
    )


def _fix(folder: Path, files: dict[str, str], **kwargs: object) -> object:
    for name, text in files.items():
        (folder / name).write_bytes(text.encode())
    before: list[object] = []
    changes, remaining = engine.fix_paths([folder], write=False, before=before, **kwargs)
    found = [(Path(c.path).name, c.before, c.after, _rows(c.fixed)) for c in changes]
    return found, _rows(remaining), _rows(before)


def _rows(findings: list) -> list[tuple[object, ...]]:
    return [(Path(f.path).name, *dataclasses.astuple(f)[1:]) for f in findings]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record whether each splice was taken (True) or fell back to a whole parse (False)."""
    taken: list[bool] = []
    real = engine._splice

    def spy(path: Path, source: str, splice: engine._Splice) -> object:
        result = real(path, source, splice)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(engine, "_splice", spy)
    monkeypatch.setattr(engine, "_VERIFY_SPLICE", True)
    return taken


def _both(tmp_path: Path, files: dict[str, str], **kwargs: object) -> tuple[object, list[bool]]:
    with pytest.MonkeyPatch.context() as mp:
        taken = _spy(mp)
        (tmp_path / "new").mkdir(parents=True)
        incremental = _fix(tmp_path / "new", files, **kwargs)
    with pytest.MonkeyPatch.context() as mp:
        _whole_rounds(mp)
        (tmp_path / "old").mkdir()
        whole = _fix(tmp_path / "old", files, **kwargs)
    assert incremental == whole
    return incremental, taken


CASES = {
    "generated": {"big.py": GENERATED},
    "generated-crlf": {"big.py": GENERATED.replace("\n", "\r\n")},
    "generated-cr": {"big.py": GENERATED.replace("\n", "\r")},  # no cut: whole rounds
    "generated-tabs": {"big.py": GENERATED.replace("    ", "\t")},
    "corpus-one-file": {"big.py": _corpus(CORPUS[:15])},
    "corpus-project": {f"{i}.py": f.read_text() for i, f in enumerate(CORPUS[::4])},
    "fix-examples": {
        f"f{i}.py": text
        for i, text in enumerate([HEADER + b for b, _ in FIXES] + [b for b, _ in IMPORT_FIXES])
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_incremental_rounds_give_the_whole_rounds_results(tmp_path: Path, name: str) -> None:
    (changes, _rest, _before), taken = _both(tmp_path, CASES[name])
    assert changes  # something was fixed, so a later round ran
    if name.startswith("generated") and name != "generated-cr":
        assert taken and all(taken)  # the splice was used (and equals libcst's whole parse)


def test_selected_codes_and_several_rounds(tmp_path: Path) -> None:
    # only some rules: other rounds, other statements touched
    # six files with fixable LS101/LS104 uses, found by text so that files added to the corpus
    # (which shift any fixed slice of it) leave the example as it was meant
    fixable = [
        f
        for f in CORPUS
        if "train_dataloader=" in (t := f.read_text()) and "progress_bar_refresh_rate" in t
    ]
    text = _corpus(fixable[:6])
    (changes, _, _), taken = _both(tmp_path, {"big.py": text}, select={"LS101", "LS104"})
    assert changes and any(taken)


def _fallback(tmp_path: Path, text: str) -> list[bool]:
    _, taken = _both(tmp_path, {"t.py": text})
    return taken


def test_the_first_indent_or_newline_changing_statement_falls_back(tmp_path: Path) -> None:
    # the edited statement is the module's first block: it sets the default indent
    text = "import lightning.pytorch as pl\ndef make():\n    return pl.Trainer(gpus=1)\n"
    assert _fallback(tmp_path / "a", text) == [False]
    # a compound statement before the first indented block could hold the first INDENT
    text = "import lightning.pytorch as pl\nif 1: pl.Trainer(gpus=1)\nclass A:\n    x = 1\n"
    assert _fallback(tmp_path / "b", text) == [False]
    # simple statements hold no INDENT: the block after them still sets the default
    text = "import lightning.pytorch as pl\npl.Trainer(gpus=1)\nclass A:\n\tx = 1\n"
    assert _fallback(tmp_path / "c", text) == [True]


def test_a_statement_with_its_own_indent_is_spliced_as_edited(tmp_path: Path) -> None:
    # the file indents with a tab; the edited function with four spaces. Parsed alone, that
    # function would take four spaces for the default and lose its explicit indent; the edited
    # statement keeps it (and equals the whole parse: _VERIFY_SPLICE)
    text = (
        "import lightning.pytorch as pl\nclass A:\n\tx = 1\n\n"
        "def make():\n    return pl.Trainer(gpus=1)\n"
    )
    assert _fallback(tmp_path / "a", text) == [True]
    assert _fallback(tmp_path / "b", text.replace("    return", "\treturn")) == [True]


def test_an_edit_that_puts_one_node_in_two_places_is_spliced_as_a_copy(tmp_path: Path) -> None:
    # two hand-built Attributes share libcst's default Dot(); a statement holding both, and two
    # statements holding one each, are used as copies: each node has one parent and position
    text = "import lightning.pytorch as pl\nclass A:\n    x = 1\n\na = 1\nb = 2\n"
    path = tmp_path / "t.py"
    before = engine._parse_source(path, text, keep_cut=True)
    assert isinstance(before, engine._Parsed)
    dotted = cst.Attribute(value=cst.Name("pl"), attr=cst.Name("x"))
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    y = dotted.with_changes(attr=cst.Name("y"))
    pair = cst.Tuple([cst.Element(dotted, comma=comma), cst.Element(y)])
    a_node = before.module.body[2].body[0].value  # the 1 of a = 1
    b_node = before.module.body[3].body[0].value
    edits = {a_node: [lambda n: pair], b_node: [lambda n: dotted]}
    edited = fixer.transform(before.module, edits, before.meta.parents)  # type: ignore[arg-type]
    assert edited.body[2].body[0].value.elements[0].value.dot is dotted.dot  # shared
    after, splice = engine._edited_text(before, edited)
    assert splice is not None and splice.changed == [2, 3]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_VERIFY_SPLICE", True)  # asserts one parent per node
        spliced = engine._splice(path, after, splice)
    assert isinstance(spliced, engine._Parsed) and "a = (pl.x, pl.y)" in spliced.source
    assert spliced.module.body[1] is before.module.body[1]  # an unchanged statement is kept
    assert spliced.module.body[2] is not edited.body[2]  # the sharing ones are copies
    # an edit that reuses a node of a statement it leaves alone (b = 2's value in a = ...)
    edits = {a_node: [lambda n: b_node]}
    edited = fixer.transform(before.module, edits, before.meta.parents)  # type: ignore[arg-type]
    after, splice = engine._edited_text(before, edited)
    assert splice is not None and splice.changed == [2] and "a = 2" in after
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_VERIFY_SPLICE", True)
        spliced = engine._splice(path, after, splice)
    assert isinstance(spliced, engine._Parsed) and spliced.module.body[2] is not edited.body[2]


def test_the_unvalidated_parse_is_libcsts_parse() -> None:
    text = _corpus(CORPUS[:20])
    assert engine._parse_module(text).deep_equals(cst.parse_module(text))
    init = cst.CSTNode.__dict__["__post_init__"]
    with pytest.raises(cst.ParserSyntaxError):
        engine._parse_module("def f(:\n")
    assert cst.CSTNode.__dict__["__post_init__"] is init  # restored after a failed parse too
    with pytest.raises(cst.CSTValidationError):  # and nodes built by hand are checked again
        cst.Name("not a name")


def test_future_imports_and_a_missing_trailing_newline_fall_back(tmp_path: Path) -> None:
    body = "import lightning.pytorch as pl\nclass A:\n    x = 1\n"
    body += "def m():\n    return pl.Trainer(gpus=1)"
    assert _fallback(tmp_path / "a", body + "\n") == [True]
    assert _fallback(tmp_path / "b", "from __future__ import annotations\n" + body + "\n") == [
        False
    ]
    assert _fallback(tmp_path / "c", body) == []  # no cut at all: each round generates it whole


def test_edges_differ_when_comment_lines_at_a_statement_edge_change() -> None:
    code = "\n# above\ndef f():\n    pass\n    # below\n"
    assert engine._edges(code) == (["\n", "# above\n"], ["    # below\n"])
    assert engine._edges(code) != engine._edges(code.replace("# below", "# other"))
    assert engine._edges("x = 1\n") == ([], [])


def test_transform_keeps_untouched_statements_and_the_cut_joins_to_the_code() -> None:
    module = cst.parse_module(GENERATED)
    cut = metadata.statement_codes(module)
    assert cut is not None and cut.text == module.code
    for text in ("x = 1", "x = 1\r"):  # no trailing newline for libcst: no cut
        assert metadata.statement_codes(cst.parse_module(text)) is None
    target = module.body[3]
    edited = fixer.transform(
        module, {target: [lambda n: n.with_changes(leading_lines=())]}, metadata.parents_of(module)
    )
    same = [a is b for a, b in zip(edited.body, module.body, strict=True)]
    assert same == [i != 3 for i in range(len(module.body))]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_positions_by_statement_equal_position_provider(newline: str) -> None:
    text = _corpus(CORPUS[:12]).replace("\n", newline)
    module = cst.parse_module(text)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    meta = metadata.Metadata(module, cut=metadata.statement_codes(module))
    nodes = [n for i, n in enumerate(expected) if i % 7 == 0 and n is not module]
    inside = [n for n in nodes if metadata._statement_index(meta, n) is not None]
    assert len(inside) > 1000
    got = metadata._starts_by_statement(meta, meta.cut, inside)  # generated per statement
    assert got == {n: expected[n].start for n in inside}
    again = metadata._starts_by_statement(meta, meta.cut, inside)  # from Metadata.relative
    assert again == got and len(meta.relative) == len(inside)
    # a header line is in no statement: the caller generates the module whole
    header = cst.parse_module("# c\n\nx = 1\n")
    meta = metadata.Metadata(header, cut=metadata.statement_codes(header))
    assert metadata._starts_by_statement(meta, meta.cut, [header.header[0]]) is None


@pytest.mark.exhaustive
@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_each_corpus_file_alone(tmp_path: Path, index: int) -> None:
    _both(tmp_path, {"t.py": CORPUS[index].read_text()})


def test_a_statement_whose_edge_lines_change_falls_back(tmp_path: Path) -> None:
    text = "class A:\n    x = 1\n\n\n# f\ndef f():\n    return 1\n    # tail\n\ny = 1\n"
    path = tmp_path / "t.py"

    def splice_after(edit: object) -> object:
        before = engine._parse_source(path, text, keep_cut=True)
        assert isinstance(before, engine._Parsed)
        target = before.module.body[1]
        edited = fixer.transform(before.module, {target: [edit]}, before.meta.parents)
        after, splice = engine._edited_text(before, edited)
        assert splice is not None and splice.changed == [1]
        return engine._splice(path, after, splice)

    # the comment above the function goes: the lines between it and class A change
    assert splice_after(lambda n: n.with_changes(leading_lines=())) is None
    # the function's name changes, its edges stay: spliced, and equal to a whole parse
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_VERIFY_SPLICE", True)
        spliced = splice_after(lambda n: n.with_changes(name=cst.Name("g")))
    assert isinstance(spliced, engine._Parsed) and "def g():" in spliced.source


def _scope_runs(tmp_path: Path, text: str) -> tuple[int, list[bool]]:
    """How many times a ``--fix`` of ``text`` works out the module's scopes, and its splices."""
    runs = []
    real = metadata._scopes

    def counting(module: cst.Module) -> object:
        runs.append(module)
        return real(module)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(metadata, "_scopes", counting)
        taken = _spy(mp)
        mp.setattr(engine, "_VERIFY_SPLICE", False)  # its fresh computation would count
        tmp_path.mkdir()
        (tmp_path / "big.py").write_text(text)
        changes, _ = engine.fix_paths([tmp_path / "big.py"], write=False)
    assert changes and taken and all(taken)
    return len(runs), taken


def test_a_round_whose_edits_bind_no_name_keeps_the_names_it_resolved(tmp_path: Path) -> None:
    # Trainer(gpus=1) -> Trainer(accelerator=..., devices=1): no name is bound differently, so
    # the second round reads the first round's qualified names and never computes scopes again
    # (that the names carried over equal fresh ones: _VERIFY_SPLICE in the tests above)
    assert _scope_runs(tmp_path / "a", GENERATED) == (1, [True])
    # an import rewritten binds a name from another module: each later round resolves afresh
    edited = GENERATED.replace(
        "class M0(", "from pytorch_lightning.callbacks.base import Callback\n\n\nclass M0("
    )
    runs, taken = _scope_runs(tmp_path / "b", edited)
    assert runs == 1 + len(taken)


def test_bindings_tell_apart_what_a_name_resolves_to() -> None:
    def of(code: str) -> list[tuple[str, ...]]:
        return metadata.bindings(cst.parse_module(code).body[0])

    same = "def f(a, *b):\n    return pl.Trainer(gpus=1)\n"
    assert of(same) == of(same.replace("gpus=1", "accelerator='gpu', devices=1"))
    for changed in (
        "def f(a, *b):\n    pl = 1\n    return pl.Trainer(gpus=1)\n",  # a local shadows
        "def f(a, b):\n    return pl.Trainer(gpus=1)\n",  # a parameter's kind
        "def f(a, *b):\n    global pl\n    return pl.Trainer(gpus=1)\n",
        "def g(a, *b):\n    return pl.Trainer(gpus=1)\n",  # the scope's name
        "def f(a, *b):\n    return [pl for pl in b]\n",
        "def f(a, *b):\n    import pl\n    return pl.Trainer(gpus=1)\n",
    ):
        assert of(changed) != of(same), changed
