"""Render benchmarks/RESULTS.md tables from benchmarks/results/*.json.

Run: ``.venv/bin/python benchmarks/report.py`` (prints the tables; ``--write`` replaces the
generated block of RESULTS.md between its ``<!-- tables -->`` markers).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

START, END = "<!-- tables:start -->", "<!-- tables:end -->"


def _load(name: str) -> dict[str, Any] | None:
    path = C.RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _conditions(data: dict[str, Any]) -> str:
    m, v = data["machine"], data["versions"]
    return (
        f"_{data['date']} · {m['cpu_count']}× {m['cpu_model']} · load average "
        f"{m.get('load_average_start')} → {m.get('load_average_end')} · Python {v['python']}, "
        f"torch {v['torch']}, lightning {v['lightning']} · `{data['command']}`_"
    )


def _f(x: Any, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ratio(t: dict[str, Any], key: str) -> str:
    if key not in t:
        return "–"
    rng = t.get(f"{key}_range") or [None, None]
    return f"**{_f(t[key])}** ({_f(rng[0])}–{_f(rng[1])})"


def training(data: dict[str, Any]) -> list[str]:
    res = data["results"]
    s = data.get("settings", {})
    lines = [
        "## Training parity (CPU)",
        "",
        _conditions(data),
        "",
        f"{s.get('repeats')} interleaved repeats, {s.get('epochs')} epoch(s) per fit, "
        f"synthetic_samples = {s.get('synthetic_samples')}, torch threads "
        f"{s.get('torch_threads')}, medians. Ratio = plain time / Lightning time, per repeat, "
        "median (min–max); >1 means Lightning faster. **wall** = elapsed time; **CPU** = "
        "process CPU time over the same span (on an oversubscribed machine it counts work, "
        "not waiting for a core). `train` = the training part of each epoch; `fit` = the whole "
        "`trainer.fit` (setup, sanity check, validation, checkpoints) vs the plain loop's "
        f"train + validate + save. Loss parity: max |Δloss| over the first "
        f"{s.get('parity_steps')} steps (1e-5 allowed), same first batch.",
        "",
        "| task | params | batch | plain / generated train samples/s (CPU) | "
        "train ratio, wall | train ratio, CPU | fit ratio wall / CPU | "
        "overhead CPU ms/step | loss parity (max Δ) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for task, r in res["tasks"].items():
        if "timing" not in r or not r["timing"]:
            why = f"skipped: {r['skipped']}" if r.get("skipped") else f"error: {r.get('error')}"
            lines.append(f"| {task} | {why} |||||||| ")
            continue
        p, g = r["timing"]["plain"], r["timing"]["as generated"]
        lp = r.get("loss_parity", {})
        ok = "✅" if lp.get("passed") else "❌"
        lines.append(
            f"| {task} | {r.get('parameters', 0):,} | {r.get('batch_size')} | "
            f"{p.get('train_cpu_samples_per_s', 0):.0f} / "
            f"{g.get('train_cpu_samples_per_s', 0):.0f} | {_ratio(g, 'train_ratio')} | "
            f"{_ratio(g, 'train_cpu_ratio')} | {_f(g['fit_ratio'])} / "
            f"{_f(g.get('fit_cpu_ratio'))} | {_f(g.get('cpu_overhead_ms_per_step'))} | "
            f"{ok} {lp.get('max_abs_diff', lp.get('error'))} |"
        )
    pending = res.get("pending")
    if pending:
        lines += ["", f"Not measured in this run (stopped for time): {', '.join(pending)}."]
    for name, ref in res.get("references", {}).items():
        if "timing" not in ref:
            continue
        lines += [
            "",
            f"### Reference: {name} ({ref['parameters']:,} parameters, batch "
            f"{ref['batch_size']}, {ref['samples']} samples × {ref['epochs']} epochs)",
            "",
            "| configuration | train ms/step wall / CPU | train ratio, wall | train ratio, CPU "
            "| fit ratio wall / CPU | overhead CPU ms/step |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for cfg, t in ref["timing"].items():
            base = cfg == "plain"
            lines.append(
                f"| {cfg} | {_f(t['train_ms_per_step'], 3)} / "
                f"{_f(t.get('train_cpu_ms_per_step'), 3)} | "
                f"{'1' if base else _ratio(t, 'train_ratio')} | "
                f"{'1' if base else _ratio(t, 'train_cpu_ratio')} | "
                f"{_f(t.get('fit_ratio'))} / {_f(t.get('fit_cpu_ratio'))} | "
                f"{_f(t.get('cpu_overhead_ms_per_step'), 3)} |"
            )
    for task, r in res["tasks"].items():
        timing = r.get("timing", {})
        if len(timing) <= 2:
            continue
        base = timing["as generated"]
        lines += [
            "",
            f"### Ablations on {task} (each change alone, against what is generated now)",
            "",
            "| change | train CPU ms/step | Δ CPU ms/step vs generated | train ratio, CPU | "
            "train ratio, wall | fit ratio wall / CPU |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, t in timing.items():
            if name == "plain":
                continue
            delta = t["train_cpu_ms_per_step"] - base["train_cpu_ms_per_step"]
            lines.append(
                f"| {name} | {_f(t['train_cpu_ms_per_step'], 3)} | {delta:+.3f} | "
                f"{_ratio(t, 'train_cpu_ratio')} | {_ratio(t, 'train_ratio')} | "
                f"{_f(t['fit_ratio'])} / {_f(t.get('fit_cpu_ratio'))} |"
            )
    return lines


def scaffold(data: dict[str, Any]) -> list[str]:
    r = data["results"]
    imp = r["imports"]
    top = ", ".join(
        f"`{x['module']}` {x['cumulative_ms']:.0f} ms" for x in imp["top_cumulative"][:6]
    )
    return [
        "## Scaffold latency",
        "",
        _conditions(data),
        "",
        "| measure | value |",
        "|---|---:|",
        f"| `python -m lightning_skill new DIR` wall, median of {r['repeats']} | "
        f"**{r['new_median_s']:.3f} s** (range {_f(r['new_range_s'][0], 3)}–"
        f"{_f(r['new_range_s'][1], 3)}) |",
        f"| same, CPU time (user+sys) median | {r['new_cpu_median_s']:.3f} s |",
        f"| `python -c pass` wall / CPU, median | {r['python_startup_median_s']:.3f} s / "
        f"{r['python_startup_cpu_median_s']:.3f} s |",
        f"| files written | {r['files_written']} |",
        f"| heavy packages imported (torch, lightning, ...) | "
        f"{', '.join(imp['heavy_modules_imported']) or 'none'} |",
        f"| modules imported / summed import time | {imp['modules_imported']} / "
        f"{imp['total_import_ms']:.0f} ms |",
        "",
        f"Top cumulative imports (`-X importtime`): {top}.",
    ]


def context(data: dict[str, Any]) -> list[str]:
    r = data["results"]
    lines = [
        "## Context cost (tokens = characters / 4)",
        "",
        _conditions(data),
        "",
        "| item | tokens |",
        "|---|---:|",
        f"| SKILL.md | {r['skill_md_tokens']} |",
    ]
    lines += [f"| references/{k} | {v} |" for k, v in r["reference_tokens"].items()]
    lines += [
        f"| all references | {r['all_references_tokens']} |",
        "",
        f"`lookup` over {r['queries']} queries ({r['query_source']}): median answer "
        f"**{r['answer_tokens_median']:.0f}** tokens (max {r['answer_tokens_max']}) vs "
        f"{r['whole_file_tokens_median']:.0f} for the whole file holding the answer; total "
        f"{r['answer_tokens_total']} vs {r['whole_file_tokens_total']} "
        f"({100 * (r['saving_vs_whole_file'] or 0):.0f}% less) and vs "
        f"{r['all_references_per_query_total']} loading every reference "
        f"({100 * (r['saving_vs_all_references'] or 0):.1f}% less). Top-1 section matches the "
        f"expected one for {100 * (r['top1_hit_rate'] or 0):.0f}% of queries.",
    ]
    return lines


def gpu(data: dict[str, Any]) -> list[str]:
    if data.get("skipped"):
        return ["## GPU parity (bf16-mixed)", "", f"Skipped: {data['skipped']}."]
    lines = training(data)
    lines[0] = "## GPU parity (bf16-mixed)"
    return lines


def validate_default(data: dict[str, Any]) -> list[str]:
    res = data["results"]
    runs = res["runs"]
    lines = [
        "## Validate: the default project (`validate_default.py`)",
        "",
        _conditions(data),
        "",
        f"Plain `lightning-skill validate` of the default project, `{res['checks']}` checks, "
        f"{len(runs)} round(s), medians. Budget (issue 10): {res['budget_s']} s wall on a quiet "
        f"{res['cores']}-core machine. CPU = all processes of the run (pool, jobs, DDP ranks); "
        "CPU / cores is a lower bound of the wall time on an idle machine with those cores.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| wall, median | **{res['wall_median_s']:.1f} s** |",
        f"| CPU of all processes, median | {res['cpu_median_s']:.1f} s |",
        f"| idle {res['cores']}-core lower bound (CPU / cores) | "
        f"{res['idle_wall_lower_bound_s']} s |",
        f"| exit codes | {', '.join(str(r['exit_code']) for r in runs)} |",
        "",
        "| check | status | seconds (last round) |",
        "|---|---|---:|",
    ]
    for name, (status, seconds) in runs[-1]["checks"].items():
        lines.append(f"| {name} | {status} | {seconds:.1f} |")
    return lines


def render() -> str:
    parts: list[list[str]] = []
    for name, fn in (
        ("training_parity", training),
        ("scaffold_latency", scaffold),
        ("validate_default", validate_default),
        ("context_cost", context),
        ("gpu_parity", gpu),
    ):
        data = _load(name)
        if data is None:
            parts.append([f"## {name}", "", f"No results yet: run `benchmarks/{name}.py`."])
        else:
            parts.append(fn(data))
        if name == "training_parity":
            # Further runs of the same script (other tasks, run side by side): own sections.
            for extra in sorted(C.RESULTS_DIR.glob("training_parity_*.json")):
                if extra.name.endswith(".quick.json"):
                    continue
                lines = fn(json.loads(extra.read_text()))
                lines[0] = f"## Training parity (CPU), further run: `results/{extra.name}`"
                parts.append(lines)
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help="update RESULTS.md in place")
    args = p.parse_args(argv)
    tables = render()
    if not args.write:
        print(tables)
        return 0
    path = C.BENCH_DIR / "RESULTS.md"
    text = path.read_text() if path.is_file() else f"# Results\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{tables}{END}{tail}")
    print(f"[report] wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
