"""Find the code blocks in SKILL.md and references/*.md, with the marker that says how to run each.

The marker is an HTML comment on the line directly above the opening fence (invisible when the
Markdown is rendered, visible in the source):

- no marker: the block is a complete program and runs as is;
- ``<!-- fixture: NAME -->``: a fragment; the named fixture (``ref_fixtures.py``) is prepended;
- ``<!-- gpu -->`` (optionally with a fixture, ``<!-- gpu fixture: NAME -->``): needs CUDA; runs
  when CUDA is present, reported as skipped otherwise;
- ``<!-- requires: PKG [PKG...] -->``: runs only when the packages are importable, else skipped;
- ``<!-- skip: REASON -->``: never runs (e.g. 1.x "before" code); the reason is mandatory.

A Python block containing ``if __name__ == "__main__":`` runs as a script in a fresh process
(DDP re-launches the script), every other one runs in-process in a temporary working directory,
as a module named ``__doc_block__`` (so its classes can be pickled into checkpoints), with
``torch.compile`` defaulting to the ``"eager"`` backend (Lightning's handling of a compiled
module is what the block shows; inductor's code generation would cost a minute per block on CPU).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "references"
SKILL_MD = ROOT / "SKILL.md"

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_MARKER = re.compile(r"^\s*<!--\s*(?P<body>.*?)\s*-->\s*$")
KNOWN_KINDS = {"fixture", "gpu", "requires", "skip", "cli"}


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    marker: str | None = None
    options: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"


def parse_marker(body: str) -> dict[str, str]:
    """``gpu fixture: model`` -> {"gpu": "", "fixture": "model"}; ``skip: x`` -> {"skip": "x"}."""
    options: dict[str, str] = {}
    if body.startswith("skip:"):
        return {"skip": body.removeprefix("skip:").strip()}
    for match in re.finditer(r"(\w+)(?::\s*([^:]+?))?(?=\s+\w+:|\s+gpu\b|$)", body):
        options[match.group(1)] = (match.group(2) or "").strip()
    return options


def markdown_files() -> list[Path]:
    files = sorted(REFERENCES.glob("*.md"))
    if SKILL_MD.exists():
        files.insert(0, SKILL_MD)
    return files


def iter_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        fence, info = match.group("fence"), match.group("info").strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1
        marker = None
        if start > 0 and (m := _MARKER.match(lines[start - 1])):
            marker = m.group("body")
        blocks.append(
            Block(
                path=path,
                line=start + 1,
                lang=info.split()[0].lower() if info else "",
                code="\n".join(body) + "\n",
                marker=marker,
                options=parse_marker(marker) if marker else {},
            )
        )
    return blocks


def all_blocks() -> list[Block]:
    return [b for path in markdown_files() for b in iter_blocks(path)]


def python_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.lang == "python"]


def yaml_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.lang in ("yaml", "yml")]
