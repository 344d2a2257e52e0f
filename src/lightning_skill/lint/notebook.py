"""Jupyter notebooks (``.ipynb``) as one Python module, so every rule and fix applies to them.

Much 1.x Lightning code lives in notebooks (tutorials, Colab and Kaggle kernels). The code cells
are joined into one module, in order, so an import in the first cell counts for a
``Trainer(...)`` in the fifth, each cell after a marker line ``# %% lightning-skill cell N``
(``N`` counts every cell from 1, Markdown included, as Jupyter and VS Code number them).
IPython syntax that is not Python (``%magic``, ``!shell``, ``x = !cmd``, ``obj?``, and cell
magics whose body is not Python, such as ``%%bash``) is kept as a comment with its original
text, and put back as it was when the fixed module is written into the notebook.

Only the ``source`` of code cells that a fix changed is replaced; outputs, metadata, Markdown
cells and the JSON layout (indent, key order, final newline) stay as they were.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

MARKER = "# %% lightning-skill cell "
_MARKER_LINE = re.compile(r"^# %% lightning-skill cell (\d+)$")
_MASK = "#lightning-skill-magic:"
_MASKED = re.compile(r"^[ \t]*" + re.escape(_MASK))
# IPython's own escapes (IPython.core.inputtransformer2): line magics, shell, help, autocall.
_ESCAPED = re.compile(r"^[ \t]*(?:[%!?]|[,;/][A-Za-z_])")
_ASSIGNED = re.compile(r"^[ \t]*[\w.,\s\[\]()*]+=[ \t]*[%!]")  # files = !ls, t = %timeit -o f()
_HELP = re.compile(r"^[ \t]*[\w.]+[ \t]*\?{1,2}[ \t]*$")  # Trainer? or trainer.fit??
# cell magics whose body IPython runs as Python: only their first line is masked
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


class NotebookError(ValueError):
    """The file is not a notebook this module can read or write back."""


@dataclass(frozen=True)
class Place:
    cell: int  # 1-based, every cell counted
    line: int  # 1-based within the cell


def _cell_text(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)  # type: ignore[arg-type]
    if isinstance(source, str):
        return source
    raise NotebookError("a cell's source is neither a string nor a list of strings")


def _load(text: str) -> dict[str, object]:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON at line {exc.lineno}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError("not a notebook: no 'cells' list (nbformat 4 is read)")
    if not all(isinstance(c, dict) for c in nb["cells"]):
        raise NotebookError("not a notebook: a cell is not an object")
    return nb


def _language(nb: dict[str, object]) -> str:
    meta = nb.get("metadata")
    if not isinstance(meta, dict):
        return "python"
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        section = meta.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return str(section[field]).lower()
    return "python"


def _mask(code: str) -> str:
    """The cell's code with IPython-only lines turned into marked comments."""
    lines = code.split("\n")
    first = lines[0].strip()
    out: list[str] = []
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if name not in _PYTHON_CELL_MAGICS:
            return "\n".join(_MASK + line if line else line for line in lines)
        out, lines = [_MASK + lines[0]], lines[1:]
    going_on = False
    for line in lines:
        masked = going_on or bool(
            _ESCAPED.match(line) or _ASSIGNED.match(line) or _HELP.match(line)
        )
        going_on = masked and line.endswith("\\")  # a shell command continued on the next line
        out.append(_MASK + line if masked and line else line)
    return "\n".join(out)


def _unmask(code: str) -> str:
    return "\n".join(
        line.split(_MASK, 1)[1] if _MASKED.match(line) else line for line in code.split("\n")
    )


def to_python(text: str) -> str:
    """The notebook's code cells as one module (empty for a notebook of another language)."""
    nb = _load(text)
    if _language(nb) != "python":
        return ""
    parts = []
    for number, cell in enumerate(nb["cells"], 1):  # type: ignore[arg-type]
        if cell.get("cell_type") != "code":
            continue
        code = _mask(_cell_text(cell))
        parts.append(f"{MARKER}{number}\n{code}" + ("" if code.endswith("\n") else "\n"))
    return "".join(parts)


def locator(module_text: str) -> Callable[[int], Place | None]:
    """Where line ``n`` (1-based) of a ``to_python`` module lies in the notebook: the marker
    lines are found once, then each line is placed by bisection (a notebook may have thousands
    of findings)."""
    markers: list[int] = []  # 1-based line of each marker
    numbers: list[int] = []  # the cell each introduces
    for i, text in enumerate(module_text.split("\n"), 1):
        found = _MARKER_LINE.match(text)
        if found:
            markers.append(i)
            numbers.append(int(found.group(1)))

    def where(line: int) -> Place | None:
        k = bisect.bisect_right(markers, line) - 1
        if k < 0 or markers[k] == line:
            return None  # before the first cell, or a marker itself
        return Place(numbers[k], line - markers[k])

    return where


def place(module_text: str, line: int) -> Place | None:
    """``locator(module_text)(line)``, for one line."""
    return locator(module_text)(line)


def from_python(text: str, module_text: str) -> str:
    """``text`` (the notebook as read) with its code cells replaced by ``module_text``'s."""
    nb = _load(text)
    cells: list[dict[str, object]] = nb["cells"]  # type: ignore[assignment]
    pieces: dict[int, list[str]] = {}
    current: list[str] | None = None
    lines = module_text.split("\n")
    if lines[-1] == "":  # the module's final line break; each cell's own is added back below
        lines.pop()
    for line in lines:
        found = _MARKER_LINE.match(line)
        if found:
            current = pieces.setdefault(int(found.group(1)), [])
        elif current is not None:
            current.append(line)
    wanted = [n for n, c in enumerate(cells, 1) if c.get("cell_type") == "code"]
    if sorted(pieces) != wanted:
        raise NotebookError("the fixed code no longer has one part per code cell")
    for number in wanted:
        cell = cells[number - 1]
        old = _cell_text(cell)
        new = _unmask("\n".join(pieces[number])) + "\n"
        if not old.endswith("\n"):  # to_python added the cell's last line break
            new = new.removesuffix("\n")
        if new == old:
            continue
        if isinstance(cell.get("source"), list):
            cell["source"] = new.splitlines(keepends=True)
        else:
            cell["source"] = new
    return _dump(nb, text)


def _dump(nb: dict[str, object], like: str) -> str:
    """JSON laid out as ``like`` was: nbformat writes indent 1, non-ASCII kept, a final newline."""
    found = re.match(r"\{\r?\n([ \t]+)\"", like)
    indent = found.group(1) if found else None
    escaped = like.isascii() and "\\u" in like
    out = json.dumps(nb, indent=indent, ensure_ascii=escaped)
    if "\r\n" in like:
        out = out.replace("\n", "\r\n")
    tail = like[len(like.rstrip()) :]
    return out + tail
