"""Every hint points at a heading that exists in the references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lightning_skill.validate.hints import HINTS, hint_for, reference_of

REPO = Path(__file__).resolve().parents[2]


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces -> '-'."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def slugs(path: Path) -> set[str]:
    out, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            out.add(github_slug(line.lstrip("#")))
    return out


def test_slug_rules():
    assert github_slug("self.log called twice with different arguments") == (
        "selflog-called-twice-with-different-arguments"
    )
    assert github_slug("predict_step receives (x, y)") == "predict_step-receives-x-y"


@pytest.mark.parametrize("anchor", sorted({a for _, _, a in HINTS}))
def test_every_hint_anchor_is_an_existing_heading(anchor):
    ref = reference_of(anchor)
    doc, slug = ref.split("#", 1)
    path = REPO / doc
    assert path.is_file(), f"{doc} does not exist"
    assert slug in slugs(path), f"{doc} has no heading with slug {slug!r}"


@pytest.mark.parametrize(
    ("error_type", "message", "anchor"),
    [
        (
            "MisconfigurationException",
            "`train_dataloader` must be implemented to be used",
            "#train",
        ),
        ("RuntimeError", "Tensor on device meta is not on the expected device cpu!", "#tensors"),
        ("RuntimeError", "Expected all tensors to be on the same device, but found", "#tensors"),
        ("ValueError", "optimizer got an empty parameter list", "#optimizer-got"),
        ("MemoryError", "", "#memory-cap"),
        ("Timeout", "no result within 5s; killed", "#timeouts"),
        ("WorkerCrashed", "the check's process exited with code 3", "#crashes"),
        ("UnpicklableModule", "self.fn", "#rules-for-code"),
        ("RankDependentLogging", "rank 0: a", "#metrics-and-logging"),
        ("RuntimeError", "terminate called without an active exception", "#ddp-on-cpu"),
    ],
)
def test_errors_map_to_hints(error_type, message, anchor):
    hint = hint_for(error_type, message)
    assert hint and anchor in hint


def test_unknown_errors_get_no_hint():
    assert hint_for("KeyError", "'banana'") is None
