"""Seconds to lint and to fix one generated N-line Lightning file (issue target: 50k lines, 10 s).

Each block of 10 lines holds a LightningModule and a Trainer(gpus=1) call, so every tenth line
has a finding and a fix. ``python benchmarks/lint_speed.py 5000 50000`` prints one JSON line per
size and writes benchmarks/lint_speed.json. Run it on a quiet machine: the figures scale with load.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
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


def measure(lines: int) -> dict[str, float | int]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from lightning_skill.lint import fix_paths, lint_paths

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "big.py"
        f.write_text(
            "import lightning.pytorch as pl\n\n\n"
            + "".join(BLOCK.format(i=i) for i in range(lines // 10))
        )
        start = time.perf_counter()
        findings = lint_paths([f])
        lint_s = time.perf_counter() - start
        start = time.perf_counter()
        changes, _ = fix_paths([f])
        fix_s = time.perf_counter() - start
    return {
        "lines": lines,
        "findings": len(findings),
        "fixed": sum(len(c.fixed) for c in changes),
        "lint_s": round(lint_s, 1),
        "fix_s": round(fix_s, 1),
        "load_1min": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count() or 0,
    }


if __name__ == "__main__":
    results = [measure(int(n)) for n in (sys.argv[1:] or ["5000"])]
    for r in results:
        print(json.dumps(r))
    (HERE / "lint_speed.json").write_text(json.dumps(results, indent=2) + "\n")
