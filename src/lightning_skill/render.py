"""Render a project from a spec: Jinja in a sandbox, undefined variables are errors.

Template sources, in order of precedence: ``templates/tasks/<task>/files/`` then
``templates/project/`` (files every project shares). File and folder names are templates too
(``src/{{ package }}/model.py.j2``). Files ending in ``.j2`` are rendered, the ``.j2`` dropped;
others are copied as they are. Files whose name starts with one ``_`` (not ``__init__``-style
dunders) are partials: included by other templates, never written.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from lightning_skill.resources import templates_dir
from lightning_skill.spec import ProjectSpec

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quote(value: object) -> str:
    """A double-quoted, pure-ASCII string literal that means the same in YAML, TOML and Python.

    Printable ASCII stays as it is; ``"``, ``\\``, newline, tab and return use their short
    escapes; everything else is ``\\uXXXX`` or, outside the BMP, ``\\UXXXXXXXX`` (the three
    languages agree on all of these, unlike JSON's surrogate pairs).
    """
    if not isinstance(value, str):
        raise TypeError(f"quote expects a string, got {type(value).__name__}")
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _pyrepr(value: object) -> str:
    """A Python literal for a str/int/float/bool/None, double-quoted as ruff format writes it."""
    if isinstance(value, str):
        return _quote(value)
    if not isinstance(value, int | float | bool | type(None)):
        raise TypeError(f"refusing to embed {type(value).__name__} in generated code")
    return repr(value)


def _yaml(value: object) -> str:
    """A YAML flow value (scalar, list or mapping) for catalogue data, strings quoted."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float):
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quote(str(k))}: {_yaml(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"refusing to embed {type(value).__name__} in a config")


def make_environment(search_path: list[Path]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["quote"] = _quote
    env.filters["pyrepr"] = _pyrepr
    env.filters["yaml"] = _yaml
    return env


def _template_files(roots: list[Path]) -> dict[str, Path]:
    """relative template path -> (root it comes from); earlier roots win."""
    found: dict[str, Path] = {}
    for root in reversed(roots):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = root
    return found


def render_project(spec: ProjectSpec) -> dict[str, str]:
    """Return ``{relative output path: file text}`` for the whole project."""
    roots = [spec.task.folder / "files", templates_dir() / "project"]
    env = make_environment(roots)
    context = spec.context()
    files: dict[str, str] = {}
    for rel in sorted(_template_files(roots)):
        base = PurePosixPath(rel).name
        if base.startswith("_") and not base.startswith("__"):
            continue
        out_rel = env.from_string(rel).render(context)
        if out_rel.endswith(".j2"):
            text = env.get_template(rel).render(context)
            out_rel = out_rel[: -len(".j2")]
        else:
            text = env.loader.get_source(env, rel)[0]  # type: ignore[union-attr]
        out = PurePosixPath(out_rel)
        if out.is_absolute() or ".." in out.parts:  # a template path must stay inside the project
            raise ValueError(f"template path {rel!r} renders outside the project: {out_rel!r}")
        files[out.as_posix()] = text
    return files
