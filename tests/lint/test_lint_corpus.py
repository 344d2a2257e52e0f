"""The linter's recall and precision on the hand-labelled corpus of real 1.x-era code.

benchmarks/lint_corpus_score.py computes the figures; this recomputes them once per session,
checks the committed results JSON is current, holds the floors, and checks the corpus itself
(files, hashes, parts, labels). Issue 14's target is recall and precision >= 0.95 on a held-out
part. Each part's honest figure is its one blind score, taken before anyone read its misses:
held-out-3 0.903 / 0.952, held-out-4 0.918 / 0.991 (after branch recall16), held-out-5 0.890 /
0.974 (after recall17), held-out-6 0.930 / 0.985 (after recall18), held-out-7 0.900 / 0.939,
held-out-8 0.901 / 0.966, held-out-9 0.456 / 1.0, held-out-10 0.571 / 0.923, held-out-11
0.730 / 0.982 and held-out-12 1.0 / 0.762 (after recall21), held-out-13 0.766 / 0.961 (after
their fixes), held-out-14 0.778 / 0.913 and held-out-15 0.735 / 1.0 (after held-out-13's
fixes), held-out-16 1.0 / 1.0 (9 uses) and held-out-17 0.941 / 1.0 (after recall22), and, on
the rules after held-out-17's fixes, held-out-18 0.971 / 0.986 and held-out-19 0.955 / 0.966
(pooled, ``untuned``: 0.962 / 0.975): met on those two (benchmarks/RESULTS.md). After their
scores the misses of parts 3 to 17 were read and the rules tuned, so their figures are
in-sample; held-out-18 and 19 have not been tuned on, and their floors hold the target there.
The recall floors are today's figures: a change may raise them, never lower them
(held-out-all's fell from 0.995 to 0.993 only as held-out-13 joined it).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "benchmarks/lint_corpus"

# Measured on the linter of this commit; the precision floor is the target.
RECALL_FLOORS = {
    "dev": 1.0,
    "held-out-1": 1.0,
    "held-out-2": 1.0,
    "held-out-3": 1.0,
    "held-out-4": 1.0,
    "held-out-5": 0.996,
    "held-out-6": 1.0,
    "held-out-7": 0.983,
    "held-out-8": 0.995,
    "held-out-9": 0.987,
    "held-out-10": 0.857,
    "held-out-11": 0.993,
    "held-out-12": 1.0,
    "held-out-13": 0.953,
    "held-out-14": 1.0,
    "held-out-15": 1.0,
    "held-out-16": 1.0,
    "held-out-17": 1.0,
    "held-out-18": 0.971,
    "held-out-19": 0.955,
    "untuned": 0.962,  # 18 and 19, never tuned on: the held-out figure
    "held-out": 1.0,
    "held-out-all": 0.992,
}
# A part labelled blind and not yet in the scorer's PARTS goes here until it is scored once.
UNSCORED_PARTS: tuple[str, ...] = ()
KINDS = {
    "argparse",
    "callback-ctor-args",
    "datamodule-removed",
    "hooks",
    "imports",
    "module-detection",
    "other",
    "removed-hooks-signatures",
    "several-optimizers",
    "trainer-args",
    "trainer-args-indirect",
    "trainer-attrs",
    "trap",
    "ambiguous",
}


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", ROOT / "benchmarks/lint_corpus_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result() -> dict[str, dict[str, object]]:
    return _module().score()  # type: ignore[no-any-return]


def test_results_json_is_current(result: dict[str, dict[str, object]]) -> None:
    committed = json.loads((ROOT / "benchmarks/lint_corpus_results.json").read_text())
    files = {f: p for f, p in result["files"].items() if p not in UNSCORED_PARTS}  # not in the JSON
    current = {**result, "files": files}
    assert committed == current, "stale: run python benchmarks/lint_corpus_score.py"
    for name in (p for p in RECALL_FLOORS if p != "dev"):
        assert "misses" not in committed[name]  # tuners never read which held-out lines fail


@pytest.mark.parametrize("name", sorted(RECALL_FLOORS))
def test_recall_and_precision_floors(result: dict[str, dict[str, object]], name: str) -> None:
    part = result[name]
    assert part["precision"] >= 0.95, part  # type: ignore[operator]
    assert part["recall"] >= RECALL_FLOORS[name], part  # type: ignore[operator]


def test_corpus_files_labels_and_parts() -> None:
    score = _module()
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text())["files"]
    parts = {e["file"]: e["part"] for e in manifest}
    stored = {str(p.relative_to(CORPUS)).removesuffix(".txt") for p in CORPUS.rglob("*.py.txt")}
    assert stored == set(parts)  # every stored file is described, every described file is there
    for e in manifest:
        data = (CORPUS / e["stored_as"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["file"]  # copied unmodified
        assert (CORPUS / e["file"].split("/")[0] / "LICENSE").is_file(), e["file"]
        assert e["licence"] in {"Apache-2.0", "MIT", "BSD-3-Clause"}
        assert e["part"] in (*score.PARTS, *UNSCORED_PARTS), e["file"]
    with (CORPUS / "labels.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    lengths = {f: len((CORPUS / (f + ".txt")).read_text().splitlines()) for f in parts}
    seen = set()
    for r in rows:
        key = (r["file"], r["line"], r["code"])
        assert key not in seen and r["kind"] in KINDS, r
        seen.add(key)
        assert 1 <= int(r["line"]) <= lengths[r["file"]], r
        assert (r["kind"] == "trap") == (r["code"] == "-"), r
        assert (r["kind"] == "ambiguous") == (r["code"] == "?"), r
        assert r["code"] in {"-", "?", "*"} or r["code"] in score.CODE_KIND, r
    uses = [r for r in rows if r["code"] not in {"-", "?"}]
    held = [r for r in uses if parts[r["file"]].startswith("held-out")]
    assert len(uses) >= 450 and len(held) >= 320, (len(uses), len(held))
    assert sum(r["kind"] == "trap" for r in rows) >= 75
    clean = set(parts) - {r["file"] for r in rows}
    assert len(clean) >= 4, "clean 2.x files (no labels) sit beside the 1.x ones"


def test_scoring_rules() -> None:
    """A wildcard label takes any LS1xx code, an ambiguous line is not scored, a trap is counted."""
    split = {"a.py": "dev", "b.py": "held-out-1", "c.py": "held-out-2"}
    labels = [
        {"file": "a.py", "line": "1", "kind": "trainer-args", "code": "LS101"},
        {"file": "a.py", "line": "2", "kind": "trainer-attrs", "code": "*"},
        {"file": "a.py", "line": "3", "kind": "hooks", "code": "LS110"},
        {"file": "a.py", "line": "4", "kind": "ambiguous", "code": "?"},
        {"file": "a.py", "line": "5", "kind": "trap", "code": "-"},
        {"file": "a.py", "line": "6", "kind": "trainer-args", "code": "LS101"},
        {"file": "a.py", "line": "6", "kind": "callback-ctor-args", "code": "*"},
    ]
    findings = {("a.py", 1, "LS101"), ("a.py", 2, "LS123"), ("a.py", 4, "LS110")}
    findings |= {("a.py", 5, "LS121"), ("a.py", 3, "LS111"), ("a.py", 6, "LS101")}
    dev = _module()._tally(split, labels, findings)["dev"]
    # line 3 wants LS110, got LS111; line 6's wildcard cannot take the LS101 its other label names
    assert dev["labels"] == 5 and dev["recall"] == 0.6
    assert dev["precision"] == 0.6  # three hits; the trap and the wrong code are false
    assert dev["traps"] == {"labels": 1, "flagged": 1}
    kinds = dev["per_kind"]
    assert kinds["argparse"] == {
        "labels": 0,
        "found": 0,
        "false": 1,
        "recall": None,
        "precision": 0.0,
    }
    assert kinds["trainer-attrs"]["found"] == 1 and kinds["hooks"]["found"] == 0
    assert kinds["callback-ctor-args"]["found"] == 0 and kinds["trainer-args"]["found"] == 2
    assert kinds["removed-hooks-signatures"]["false"] == 1
