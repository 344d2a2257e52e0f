"""The claims table: which sentences of the references state a checkable default or behaviour,
and which test asserts each one against the installed Lightning.

* A *claim found* is a prose sentence (code fences, tables' code and HTML comments excluded) in
  ``references/*.md`` or ``SKILL.md`` that uses a word stating a default or a behaviour
  (``CLAIM_WORDS``: default, raises, warns, deprecated, removed, never, always, only ...)
  outside its ``file.md#anchor`` links.
* A test registers the claim it checks with ``@claim("file.md", "a quote from the sentence")``;
  the quote must appear in that file (whitespace-insensitive), so a claim that is reworded or
  deleted fails loudly instead of silently losing its check.
* Coverage = claims found that contain a registered quote / claims found, per file and in total;
  ``test_claims.py::test_claim_coverage`` prints it and keeps it from falling below the floor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLAIM_WORDS = re.compile(
    r"\b(defaults?|raises?|warns?|deprecated|removed|never|always|only|must|gone|"
    r"is ignored|keeps?|disables?)\b",
    re.I,
)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_DOC_LINK = re.compile(r"[\w./-]*\.md#[\w-]+")


@dataclass(frozen=True)
class Claim:
    file: str  # "best-practices.md" or "SKILL.md"
    quote: str
    test: str


REGISTRY: list[Claim] = []


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def claim(file: str, quote: str) -> Callable:
    """Register that the decorated test asserts the sentence of ``file`` containing ``quote``."""

    def decorate(fn: Callable) -> Callable:
        REGISTRY.append(Claim(file, _norm(quote), fn.__name__))
        return fn

    return decorate


def doc_path(name: str) -> Path:
    return ROOT / name if name == "SKILL.md" else ROOT / "references" / name


def doc_files() -> list[str]:
    return ["SKILL.md", *sorted(p.name for p in (ROOT / "references").glob("*.md"))]


def sentences(name: str) -> list[str]:
    """Prose sentences of a document (headings, code fences and comments left out)."""
    text = _COMMENT.sub("", _FENCE.sub("", doc_path(name).read_text(encoding="utf-8")))
    if name == "SKILL.md":
        text = text.split("\n---\n", 1)[-1]  # the front matter's description is not a claim
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("#", "|", "- ["))]
    # Bullets and paragraphs -> blocks, then sentences (". " followed by a capital or a quote).
    blocks = re.split(r"\n\s*\n|\n(?=\s*[-*] )", "\n".join(lines))
    out = []
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z`\"(])", _norm(block)):
            if len(sentence) > 20:
                out.append(sentence)
    return out


def is_claim(sentence: str) -> bool:
    """A sentence with a claim word outside its links (``see best-practices.md#...-defaults`` is
    a pointer, not a stated default)."""
    return bool(CLAIM_WORDS.search(_DOC_LINK.sub("", sentence)))


def claims_found(name: str) -> list[str]:
    return [s for s in sentences(name) if is_claim(s)]


def coverage() -> dict[str, tuple[int, int]]:
    """{file: (covered, found)} over every document."""
    result = {}
    for name in doc_files():
        quotes = [c.quote for c in REGISTRY if c.file == name]
        found = claims_found(name)
        covered = sum(1 for s in found if any(q in s for q in quotes))
        result[name] = (covered, len(found))
    return result
