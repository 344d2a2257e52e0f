"""CPU seconds to lint and to fix one N-line Lightning file (issue target: 50k lines, 10 s each).

Two inputs per size, both dense with Lightning code (the linter's worst case: every class is
checked, nothing can be skipped):

- ``generated``: a LightningModule and a ``Trainer(gpus=1)`` call every 10 lines, so every tenth
  line has a finding and a fix;
- ``corpus``: the files of benchmarks/lint_corpus/ (real 1.x-era Lightning code) concatenated
  until N lines, classes renamed per copy, ``from __future__`` lines dropped (valid Python).

The machine this runs on is shared, so each figure is CPU time of this process (``lint`` runs
single-threaded; on an idle machine wall time equals it), next to two fixed baselines measured on
the same text in the same run: ``ast.parse`` and libcst's bare ``parse_module``. The ratios carry
over between machines; the seconds do not. ``--src DIR`` measures another checkout's ``src``
(e.g. the code before a change, exported with ``git archive``).

    python benchmarks/lint_speed.py 5000 50000          # writes benchmarks/lint_speed.json
    python benchmarks/lint_speed.py --src /tmp/old/src --out /tmp/old.json 5000
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLOCK = (
    "class M{i}(pl.LightningModule):\n"
    "    def training_step(self, batch, batch_idx):\n"
    "        self.log('loss', 1.0)\n"
    "        return batch.sum()\n\n\n"
    "def make{i}():\n"
    "    return pl.Trainer(gpus=1, max_epochs=1)\n\n\n"
)


def generated(lines: int) -> str:
    return "import lightning.pytorch as pl\n\n\n" + "".join(
        BLOCK.format(i=i) for i in range(lines // 10)
    )


def corpus(lines: int) -> str:
    """Real 1.x-era files, repeated; each copy's classes get a suffix so copies stay distinct."""
    files = sorted((HERE / "lint_corpus").rglob("*.py.txt"))
    parts: list[str] = []
    total = copy = 0
    while total < lines:
        for f in files:
            kept = [x for x in f.read_text().splitlines() if not x.startswith("from __future__")]
            text = re.sub(r"^class (\w+)", rf"class \1_{copy}", "\n".join(kept) + "\n", flags=re.M)
            parts.append(text)
            total += text.count("\n")
            copy += 1
            if total >= lines:
                break
    return "".join(parts)


def _cpu(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


def _baseline(fn: Callable[[], object]) -> float:
    return min(_cpu(fn)[0] for _ in range(3))  # a parse is short: the least of three


def measure(kind: str, lines: int) -> dict[str, object]:
    import libcst

    from lightning_skill.lint import fix_paths, lint_paths

    text = (generated if kind == "generated" else corpus)(lines)
    ast_s = _baseline(lambda: ast.parse(text))
    cst_s = _baseline(lambda: libcst.parse_module(text))
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "big.py"
        f.write_text(text)
        wall = time.perf_counter()
        lint_s, findings = _cpu(lambda: lint_paths([f]))
        lint_wall = time.perf_counter() - wall
        wall = time.perf_counter()
        fix_s, (changes, _) = _cpu(lambda: fix_paths([f]))  # type: ignore[misc]
        fix_wall = time.perf_counter() - wall
    return {
        "input": kind,
        "lines": text.count("\n"),
        "findings": len(findings),  # type: ignore[arg-type]
        "fixed": sum(len(c.fixed) for c in changes),
        "lint_cpu_s": round(lint_s, 2),
        "fix_cpu_s": round(fix_s, 2),
        "lint_wall_s": round(lint_wall, 2),
        "fix_wall_s": round(fix_wall, 2),
        "ast_parse_cpu_s": round(ast_s, 3),
        "libcst_parse_cpu_s": round(cst_s, 3),
        "lint_per_ast_parse": round(lint_s / ast_s, 1),
        "fix_per_ast_parse": round(fix_s / ast_s, 1),
        "lint_per_libcst_parse": round(lint_s / cst_s, 2),
        "fix_per_libcst_parse": round(fix_s / cst_s, 2),
        "load_1min": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000])
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--out", type=Path, default=HERE / "lint_speed.json")
    parser.add_argument("--inputs", default="generated,corpus", help="comma-separated")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src.resolve()))
    results = []
    for lines in args.sizes:
        for kind in args.inputs.split(","):
            results.append(measure(kind, lines))
            print(json.dumps(results[-1]), flush=True)
    doc = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "src": str(args.src),
        "cpus": os.cpu_count() or 0,
        "python": platform.python_version(),
        "results": results,
    }
    args.out.write_text(json.dumps(doc, indent=2) + "\n")


if __name__ == "__main__":
    main()
