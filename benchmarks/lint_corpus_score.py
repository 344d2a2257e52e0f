"""Recall and precision of `lightning-skill lint` on a hand-labelled corpus of real 1.x-era code.

The corpus (benchmarks/lint_corpus/, see its README.md) holds files from old releases of
Lightning-ecosystem packages plus clean 2.x files; MANIFEST.json says where each file comes from
and which part it belongs to: ``dev`` (rules may be tuned on it), ``held-out-1`` (the first
held-out set), ``held-out-2`` (the second, larger one, labelled before any scoring) and
``held-out-3`` to ``held-out-19`` (from other packages, each labelled blind while the rules were
being reworked and scored once after). ``held-out`` groups parts 1 and 2, ``untuned`` the parts
scored once and never tuned on since (``UNTUNED``: held-out-18 and 19, the issue's held-out
figure; nobody tuning reads their misses), ``held-out-all`` every held-out part. A held-out
part's first score is its blind one; the rules were tuned on parts 1-17 after theirs
(benchmarks/RESULTS.md gives each blind figure). labels.csv lists, line by line, every
use of an API that Lightning 2.6.6 removed or changed: its ``kind`` (the families of issue 14)
and the rule code expected to report it. Special codes: ``*`` (no rule in the catalogue names
it; any LS1xx finding on the line counts, except a code another label of that line names), ``-``
(a trap: must stay quiet) and ``?`` (ambiguous; findings on the line are ignored).

The files are stored as ``*.py.txt`` (so no tool in this repository lints, formats or imports
1.x code) and copied to a temporary folder as ``*.py``; each part is linted on its own, as one
project. Only migration rules (LS1xx) are scored, since the labels are about 1.x uses. A finding
is a hit when a label has its file, line and code (or ``*``). Per kind, recall is hits over
labels; precision is hits over hits plus the false findings whose rule belongs to that kind
(``CODE_KIND``); traps report how many of them were flagged. The JSON names the misses and false
findings of the dev part only: the held-out parts give counts, so that whoever tunes the rules
never reads which held-out lines they miss (``--details`` prints them, for whoever labels).

    python benchmarks/lint_corpus_score.py             # prints the table, writes the JSON beside it
    python benchmarks/lint_corpus_score.py --details   # also prints every miss and false finding
    python benchmarks/lint_corpus_score.py --dev       # the dev part only, with its misses; no JSON
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "lint_corpus"
RESULTS = HERE / "lint_corpus_results.json"
PARTS = (
    "dev",
    "held-out-1",
    "held-out-2",
    "held-out-3",
    "held-out-4",
    "held-out-5",
    "held-out-6",
    "held-out-7",
    "held-out-8",
    "held-out-9",
    "held-out-10",
    "held-out-11",
    "held-out-12",
    "held-out-13",
    "held-out-14",
    "held-out-15",
    "held-out-16",
    "held-out-17",
    "held-out-18",
    "held-out-19",
)
# parts scored once, blind, and never tuned on since: the estimate for code nobody has seen
UNTUNED = ("held-out-18", "held-out-19")
TRAP, AMBIGUOUS, ANY = "-", "?", "*"

# Which kind a false finding counts against, by the family its rule belongs to.
CODE_KIND = {
    "LS101": "trainer-args",
    "LS102": "trainer-args",
    "LS103": "trainer-args",
    "LS104": "trainer-args",
    "LS105": "other",
    "LS106": "callback-ctor-args",
    "LS110": "hooks",
    "LS111": "removed-hooks-signatures",
    "LS112": "hooks",
    "LS113": "removed-hooks-signatures",
    "LS114": "removed-hooks-signatures",
    "LS115": "removed-hooks-signatures",
    "LS116": "several-optimizers",
    "LS120": "trainer-attrs",
    "LS121": "argparse",
    "LS122": "other",
    "LS123": "trainer-attrs",
    "LS124": "datamodule-removed",
    "LS125": "other",
    "LS126": "other",
    "LS130": "imports",
}

Key = tuple[str, int, str]


def parts() -> dict[str, str]:
    """Each corpus file's part, as MANIFEST.json fixes it."""
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text())
    return {e["file"]: e["part"] for e in manifest["files"]}


def load_labels() -> list[dict[str, str]]:
    with (CORPUS / "labels.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def score(details: bool = False, only: tuple[str, ...] = PARTS) -> dict[str, object]:
    """The scores; ``details`` keeps the held-out misses and false findings in the result too.
    ``only``: the parts to lint (the others score as found nothing; what tuning runs on dev)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for p in CORPUS.rglob("*.py.txt"):
            target = root / str(p.relative_to(CORPUS)).removesuffix(".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, target)
        findings: set[Key] = set()
        split = parts()
        for name in only:
            findings |= _lint(root, sorted(f for f, p in split.items() if p == name))
    result = _tally(split, load_labels(), findings)
    return result if details else public(result)


def public(result: dict[str, object]) -> dict[str, object]:
    """The result without the held-out parts' misses and false findings (what the JSON holds)."""
    out = json.loads(json.dumps(result))
    for name in (*PARTS[1:], "held-out", "held-out-all", "untuned"):
        del out[name]["misses"], out[name]["false_positives"]
    return out  # type: ignore[no-any-return]


def _lint(root: Path, files: list[str]) -> set[Key]:
    if str(HERE.parent / "src") not in sys.path:
        sys.path.insert(0, str(HERE.parent / "src"))
    from lightning_skill.lint import lint_paths

    return {
        (Path(x.path).relative_to(root).as_posix(), x.line, x.code)
        for x in lint_paths([root / f for f in files])
        if x.code.startswith("LS1")
    }


def _tally(
    split: dict[str, str], labels: list[dict[str, str]], findings: set[Key]
) -> dict[str, object]:
    out: dict[str, object] = {"files": dict(sorted(split.items()))}
    groups = (
        {name: {name} for name in PARTS}
        | {
            "held-out": {"held-out-1", "held-out-2"},  # the figure the earlier rounds report
            "held-out-all": set(PARTS[1:]),
            "untuned": set(UNTUNED),
        }
    )
    for name, members in groups.items():
        chosen = {f for f, p in split.items() if p in members}
        rows = [r for r in labels if r["file"] in chosen]
        out[name] = _part(chosen, rows, {k for k in findings if k[0] in chosen})
    return out


def _part(chosen: set[str], rows: list[dict[str, str]], found: set[Key]) -> dict[str, object]:
    on_line: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f, line, code in found:
        on_line[(f, line)].add(code)
    hits: set[Key] = set()  # findings that match a label
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: {"labels": 0, "found": 0, "false": 0})
    traps = {"labels": 0, "flagged": 0}
    ignored: set[tuple[str, int]] = set()
    misses: list[str] = []
    claimed: dict[tuple[str, int], set[str]] = defaultdict(set)  # explicit codes per line
    for r in rows:
        claimed[(r["file"], int(r["line"]))].add(r["code"])
    for r in rows:
        where, code = (r["file"], int(r["line"])), r["code"]
        if code == AMBIGUOUS:
            ignored.add(where)
            continue
        if code == TRAP:
            traps["labels"] += 1
            traps["flagged"] += bool(on_line[where])
            continue
        # A wildcard takes any code the line's other labels do not name.
        matched = {
            c for c in on_line[where] if c == code or (code == ANY and c not in claimed[where])
        }
        kinds[r["kind"]]["labels"] += 1
        if matched:
            kinds[r["kind"]]["found"] += 1
            hits |= {(*where, c) for c in matched}
        else:
            misses.append(f"{where[0]}:{where[1]} {code} ({r['kind']})")
    false = {k for k in found if k not in hits and k[:2] not in ignored}
    for _, _, code in false:
        kinds[CODE_KIND.get(code, "other")]["false"] += 1
    n_labels = sum(k["labels"] for k in kinds.values())
    n_found = sum(k["found"] for k in kinds.values())
    return {
        "files": len(chosen),
        "labelled_files": len({r["file"] for r in rows}),
        "labels": n_labels,
        "traps": traps,
        "findings": len(found),
        "recall": _ratio(n_found, n_labels),
        "precision": _ratio(len(hits), len(hits) + len(false)),
        "per_kind": {
            kind: {
                **k,
                "recall": _ratio(k["found"], k["labels"]),
                "precision": _ratio(k["found"], k["found"] + k["false"]),
            }
            for kind, k in sorted(kinds.items())
        },
        "misses": sorted(misses),
        "false_positives": sorted(f"{f}:{line} {code}" for f, line, code in false),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


if __name__ == "__main__":
    dev_only = "--dev" in sys.argv[1:]
    show = dev_only or "--details" in sys.argv[1:]
    result = score(details=not dev_only, only=("dev",) if dev_only else PARTS)
    if not dev_only:
        RESULTS.write_text(json.dumps(public(result), indent=2) + "\n")
    for name in ("dev",) if dev_only else (*PARTS, "held-out", "held-out-all", "untuned"):
        r = result[name]
        assert isinstance(r, dict)
        print(
            f"{name}: {r['files']} files, {r['labels']} labels, {r['traps']['labels']} traps "
            f"({r['traps']['flagged']} flagged), {r['findings']} findings, "
            f"recall {r['recall']}, precision {r['precision']}"
        )
        for kind, k in r["per_kind"].items():
            print(
                f"  {kind:26s} {k['found']:3d}/{k['labels']:<3d} recall {k['recall']}  "
                f"precision {k['precision']}"
            )
        for line in (*r.get("misses", []), *r.get("false_positives", [])) if show else ():
            print("   ", "miss " if line in r["misses"] else "false", line)
