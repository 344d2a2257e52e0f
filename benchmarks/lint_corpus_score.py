"""Recall and precision of `lightning-skill lint` on a hand-labelled corpus of real 1.x-era code.

The corpus (benchmarks/lint_corpus/) holds files from old releases of Lightning-ecosystem packages
(lightning-bolts 0.3.4, lightning-flash 0.5.0; Apache-2.0) plus clean files of Lightning 2.6.6
itself; MANIFEST.json says where each file comes from. labels.csv lists, line by line, every stale
1.x use (kind, expected rule code) and the traps (docstrings, argparse options) that must stay
quiet. Files are split by the SHA-1 of their path into a tuning part and a held-out part; rules
are only ever tuned on the tuning part. The files are stored as ``*.py.txt`` (so no tool in this
repository lints, formats or imports 1.x code) and copied to a temporary folder as ``*.py`` to be
linted. A finding counts as correct when a label has the same file,
line and code; only migration rules (LS1xx) are scored, since the labels are about 1.x uses.

    python benchmarks/lint_corpus_score.py          # prints the table, writes the JSON beside it
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "lint_corpus"
RESULTS = HERE / "lint_corpus_results.json"


def part(rel: str) -> str:
    """The split, fixed before any rule was tuned: by the path's hash, not by choice."""
    return "tuning" if int(hashlib.sha1(rel.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def score() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for p in CORPUS.rglob("*.py.txt"):
            target = root / str(p.relative_to(CORPUS)).removesuffix(".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, target)
        return _score(root)


def _score(root: Path) -> dict[str, object]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from lightning_skill.lint import lint_paths

    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.py"))
    with (CORPUS / "labels.csv").open(newline="") as fh:
        labels = [r for r in csv.DictReader(fh) if r["code"] != "-"]
    kind_of = {(r["file"], int(r["line"]), r["code"]): r["kind"] for r in labels}
    out: dict[str, object] = {"files": {f: part(f) for f in files}}
    for name in ("held-out", "tuning"):
        chosen = [f for f in files if part(f) == name]
        found = {
            (str(Path(x.path).relative_to(root)), x.line, x.code)
            for x in lint_paths([root / f for f in chosen])
            if x.code.startswith("LS1")
        }
        expected = {k for k in kind_of if k[0] in chosen}
        hits, misses, false = found & expected, expected - found, found - expected
        per_kind: dict[str, dict[str, float | int]] = {}
        for kind in sorted({kind_of[k] for k in expected}):
            exp = {k for k in expected if kind_of[k] == kind}
            per_kind[kind] = {"labels": len(exp), "found": len(exp & found)}
        per_code = Counter(k[2] for k in false)
        out[name] = {
            "files": len(chosen),
            "labels": len(expected),
            "findings": len(found),
            "recall": round(len(hits) / len(expected), 3) if expected else None,
            "precision": round(len(hits) / len(found), 3) if found else None,
            "per_kind": per_kind,
            "false_positives_per_code": dict(per_code),
            "misses": sorted(f"{f}:{line} {code}" for f, line, code in misses),
            "false_positives": sorted(f"{f}:{line} {code}" for f, line, code in false),
        }
    return out


if __name__ == "__main__":
    result = score()
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for name in ("held-out", "tuning"):
        r = result[name]
        assert isinstance(r, dict)
        print(
            f"{name}: {r['files']} files, {r['labels']} labels, {r['findings']} findings, "
            f"recall {r['recall']}, precision {r['precision']}"
        )
        for kind, k in r["per_kind"].items():
            print(f"  {kind:14s} {k['found']}/{k['labels']}")
        for m in r["misses"]:
            print("  miss", m)
        for m in r["false_positives"]:
            print("  false", m)
