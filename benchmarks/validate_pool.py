"""Warm pool vs one cold interpreter per check: validating the catalogue, side by side.

    python benchmarks/validate_pool.py                 # every catalogue task + a .py file
    python benchmarks/validate_pool.py --quick         # one .py file, fewer checks, 1 round

Each round validates the same targets twice, once through the warm pool (torch, Lightning and
torchvision imported once, one forked child per check) and once with a cold
``python -m lightning_skill.validate.worker`` per check; the order alternates between rounds so
that machine load hits both alike. Both use the same job plan and the same parallelism. The
script prints medians and the ratio (cold / pool) and writes
``benchmarks/results/validate_pool.json`` (``--quick``: ``validate_pool.quick.json``). It also
checks that both runners reached the same verdict on every check.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    REPO,
    catalogue,
    default_out,
    finish_result,
    median,
    new_result,
    scaffold,
    spread,
)

FAST_CHECKS = "import,discover,instantiate,fit,validate,test,predict"
GOOD_FILE = REPO / "tests" / "validate" / "modules"


def _targets(work: Path, quick: bool, tasks: list[str] | None) -> list[Path]:
    files = work / "files"
    shutil.copytree(GOOD_FILE, files)
    targets = [files / "good.py"]
    if quick:
        return targets
    for task in tasks or sorted(catalogue()):
        targets.append(scaffold(task, work / "projects"))
    return targets


def _run(targets: list[Path], checks: list[str], pool: bool, jobs: int) -> tuple[float, dict]:
    from lightning_skill.validate import validate_many

    start = time.perf_counter()
    reports = validate_many(targets, checks=checks, pool=pool, jobs=jobs, timeout=600)
    seconds = time.perf_counter() - start
    verdicts = {Path(r.target).name: {c.name: c.status for c in r.checks} for r in reports}
    return seconds, verdicts


def _record(result, targets, check_list, args, done, rounds, pool_s, cold_s, agree, verdicts):
    """Fill ``result["results"]`` from the rounds done so far (written after every round)."""
    pool_med, cold_med = median(pool_s), median(cold_s)
    ratio = cold_med / pool_med if pool_med else float("nan")
    setup = {"import", "discover", "instantiate"}
    jobs_per_round = len(targets) * (1 + len([c for c in check_list if c not in setup]))
    result["results"] = {
        "targets": [p.name for p in targets],
        "checks": check_list,
        "jobs_per_round": jobs_per_round,
        "parallel_jobs": args.jobs,
        "rounds_planned": rounds,
        "rounds_done": done,
        "pool_seconds": pool_s,
        "cold_seconds": cold_s,
        "pool_median_s": round(pool_med, 3),
        "cold_median_s": round(cold_med, 3),
        "pool_spread_s": spread(pool_s),
        "cold_spread_s": spread(cold_s),
        "ratio_cold_over_pool": round(ratio, 2),
        "target_ratio": 5.0,
        "meets_target": ratio >= 5.0,
        "same_verdicts": agree,
        "verdicts": verdicts,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one file, 3 checks, 1 round")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (3)")
    parser.add_argument("--checks", default=None, help=f"checks (default {FAST_CHECKS})")
    parser.add_argument("--tasks", default=None, help="comma-separated catalogue tasks")
    parser.add_argument("--jobs", type=int, default=1, help="checks run at once (both modes)")
    parser.add_argument("--out", type=Path, default=None, help="results JSON path")
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    checks = args.checks or ("import,discover,instantiate,fit" if args.quick else FAST_CHECKS)
    check_list = [c.strip() for c in checks.split(",") if c.strip()]
    tasks = args.tasks.split(",") if args.tasks else None
    result = new_result("validate_pool", argv, args.quick)
    with tempfile.TemporaryDirectory(prefix="bench-validate-pool-") as tmp:
        targets = _targets(Path(tmp), args.quick, tasks)
        pool_s: list[float] = []
        cold_s: list[float] = []
        agree = True
        for r in range(rounds):
            order = (True, False) if r % 2 == 0 else (False, True)
            verdicts = {}
            for use_pool in order:
                seconds, verdicts[use_pool] = _run(targets, check_list, use_pool, args.jobs)
                (pool_s if use_pool else cold_s).append(round(seconds, 3))
                label = "pool" if use_pool else "cold"
                print(f"round {r + 1}/{rounds} {label}: {seconds:.1f}s", flush=True)
            agree = agree and verdicts[True] == verdicts[False]
            _record(
                result,
                targets,
                check_list,
                args,
                r + 1,
                rounds,
                pool_s,
                cold_s,
                agree,
                verdicts[True],
            )
            finish_result(result, args.out or default_out("validate_pool", args.quick))
    _record(
        result, targets, check_list, args, rounds, rounds, pool_s, cold_s, agree, verdicts[True]
    )
    res = result["results"]
    pool_med, cold_med, ratio = (
        res["pool_median_s"],
        res["cold_median_s"],
        res["ratio_cold_over_pool"],
    )
    jobs_per_round = res["jobs_per_round"]
    out = finish_result(result, args.out or default_out("validate_pool", args.quick))
    print(
        f"{len(targets)} targets x {len(check_list)} checks ({jobs_per_round} jobs/round): "
        f"pool {pool_med:.1f}s, cold {cold_med:.1f}s (medians of {rounds}): "
        f"{ratio:.1f}x faster; same verdicts: {agree}"
    )
    print(f"wrote {out}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
