"""Lookup quality: does ``lightning-skill lookup`` answer questions in users' words?

Question sets (tests/references): the tuning questions (``QUERIES`` and ``DEV_QUERIES`` in
test_lookup.py) and the held-out sets ``HELD_OUT``, ``HELD_OUT_2``, ... in lookup_heldout.py.
Each held-out set was committed before the matcher change it was evaluated on and scored once;
after that it is consumed (tuning data): sets up to ``LAST_CONSUMED`` are, with the tuning
questions, the development data; a later set is reported as held-out (never tuned on). Every
set has off-topic questions that must get "no good match". For each set: the share whose top
answer is an expected section ("on topic"), the answer size in tokens (characters / 4, as
``lookup`` prints it), the misses, and two ablations: without the second-stage rerank
(``RERANK_TOP = 0``) and without the users' words (``<!-- lookup: ... -->`` lines and
``PAGE_ALIASES``). ``BASELINE`` holds each set's figure for the matcher before the fifth round
(commit ee2085e), measured the same way.

Run: ``.venv/bin/python benchmarks/lookup_quality.py`` (``--quick`` for a smoke run over the
consumed sets only, so it never shows a held-out one; ``--markdown`` to print the RESULTS.md
section).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

NAME = "lookup_quality"
TESTS = C.REPO / "tests" / "references"
TUNING_LISTS = ("QUERIES", "DEV_QUERIES")
OFF_TOPIC_LISTS = ("OFF_TOPIC", "DEV_OFF_TOPIC")
NEAR_DUPLICATE = 0.5  # word overlap (Jaccard) above which a held-out question is a near-copy


# On-topic answers per set for the matcher of ee2085e (before the rerank and PAGE_ALIASES).
BASELINE = {
    "tuning questions": (135, 137),
    **{"HELD_OUT": (40, 40), "HELD_OUT_2": (31, 32), "HELD_OUT_3": (33, 33)},
    **{"HELD_OUT_4": (43, 44), "HELD_OUT_5": (32, 41), "HELD_OUT_6": (59, 65)},
    **{"HELD_OUT_7": (65, 73), "HELD_OUT_8": (44, 46), "HELD_OUT_9": (64, 81)},
}


LAST_CONSUMED = 9  # HELD_OUT_9 was scored once (79.0%), then tuned on in the fifth round


def _set_number(name: str) -> int:
    return int(name.rsplit("_", 1)[1]) if name[-1].isdigit() else 1


def question_sets() -> dict[str, Any]:
    """``{"sets": {name: pairs}, "off_topic": {name: questions}, "held_out": [names]}``, the
    tuning questions first, then the held-out sets in order."""
    sys.path.insert(0, str(TESTS))
    import lookup_heldout as H

    literals: dict[str, Any] = {}
    for node in ast.parse((TESTS / "test_lookup.py").read_text()).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id in (*TUNING_LISTS, *OFF_TOPIC_LISTS):
            literals[target.id] = ast.literal_eval(node.value)
    names = sorted((n for n in vars(H) if re.fullmatch(r"HELD_OUT(_\d+)?", n)), key=_set_number)
    sets = {"tuning questions": [q for name in TUNING_LISTS for q in literals[name]]}
    off_topic = {"tuning questions": [q for name in OFF_TOPIC_LISTS for q in literals[name]]}
    for name in names:
        sets[name] = getattr(H, name)
        off_topic[name] = getattr(H, f"{name}_OFF_TOPIC", [])
    held_out = [n for n in names if _set_number(n) > LAST_CONSUMED]
    return {"sets": sets, "off_topic": off_topic, "held_out": held_out}


def printed(query: str) -> str:
    from lightning_skill.cli import main as cli_main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        cli_main(["lookup", query])
    return buf.getvalue()


def evaluate(index, pairs, with_output: bool) -> dict[str, Any]:
    rows, sizes = [], []
    for query, expected in pairs:
        answer = index.answer(query)
        top = f"{answer.hits[0][1].file}#{answer.hits[0][1].anchor}" if answer.matched else None
        acceptable = (expected,) if isinstance(expected, str) else tuple(expected)
        row = {"query": query, "expected": expected, "top": top, "on_topic": top in acceptable}
        if with_output:
            row["answer_tokens"] = len(printed(query)) // 4
            sizes.append(row["answer_tokens"])
        rows.append(row)
    hits = sum(r["on_topic"] for r in rows)
    out: dict[str, Any] = {
        "questions": len(rows),
        "on_topic": hits,
        "on_topic_rate": hits / len(rows) if rows else None,
        "misses": [r for r in rows if not r["on_topic"]],
    }
    if with_output:
        out["answer_tokens_median"] = C.median(sizes)
        out["answer_tokens_max"] = max(sizes)
    return out


def _pooled(parts: list[dict[str, Any]]) -> dict[str, Any]:
    questions = sum(p["questions"] for p in parts)
    hits = sum(p["on_topic"] for p in parts)
    return {"questions": questions, "on_topic": hits, "on_topic_rate": hits / questions}


def _words(question: str) -> set[str]:
    return set(re.findall(r"[a-z0-9_]+", question.lower()))


def near_duplicates(questions, seen, threshold: float = NEAR_DUPLICATE) -> list[str]:
    """The questions whose words overlap a tuning question's by at least ``threshold`` (Jaccard):
    users ask common problems in the same words, so a held-out question can be a near-copy of
    one the matching was tuned on; the score without them is the stricter figure."""
    seen_words = [_words(q) for q in seen]
    out = []
    for q in questions:
        w = _words(q)
        if any(len(w & o) / len(w | o) >= threshold for o in seen_words if w | o):
            out.append(q)
    return out


def no_match_rate(index, questions) -> dict[str, Any]:
    matched = [q for q in questions if index.answer(q).matched]
    return {
        "questions": len(questions),
        "no_good_match": len(questions) - len(matched),
        "wrongly_answered": matched,
    }


def _rate(hits: int, n: int) -> str:
    return f"{hits / n:.1%} ({hits}/{n})"


def markdown(result: dict[str, Any]) -> str:
    r = result["results"]
    sets, held_out = r["sets"], r["held_out"]
    lines = [
        "## Lookup quality (issue 15)",
        "",
        f"_{result['date']} · `python benchmarks/lookup_quality.py` · results/{NAME}.json_",
        "",
        "| set | questions | before (ee2085e) | now | without rerank | without users' words | "
        "median answer (tokens) | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, v in sets.items():
        before = r["baseline"].get(name)
        label = f"{name} (held-out)" if name in held_out else name
        lines.append(
            f"| {label} | {v['questions']} | {_rate(*before) if before else '—'} | "
            f"**{v['on_topic_rate']:.1%}** | {r['without_rerank'][name]['on_topic_rate']:.1%} | "
            f"{r['without_users_words'][name]['on_topic_rate']:.1%} | "
            f"{v['answer_tokens_median']:.0f} | {v['answer_tokens_max']} |"
        )
    c = r["consumed"]
    consumed = [n for n in sets if n not in held_out]
    b_hits = sum(r["baseline"][n][0] for n in consumed if n in r["baseline"])
    b_n = sum(r["baseline"][n][1] for n in consumed if n in r["baseline"])
    pooled_no_rerank = sum(r["without_rerank"][n]["on_topic"] for n in consumed)
    lines.append(
        f"| all consumed sets | {c['questions']} | {_rate(b_hits, b_n)} | "
        f"**{_rate(c['on_topic'], c['questions'])}** | "
        f"{pooled_no_rerank / c['questions']:.1%} | | | |"
    )
    off = r["off_topic"]
    refused = sum(v["no_good_match"] for v in off.values())
    asked = sum(v["questions"] for v in off.values())
    answered = [q for v in off.values() for q in v["wrongly_answered"]]
    misses = [(n, m) for n, v in sets.items() for m in v["misses"]]
    lines += [
        "",
        f'Off-topic questions answered "no good match": {refused}/{asked} over every set '
        f"(answered: {'; '.join(answered) or 'none'}). Targets: held-out ≥ 90% on topic, median "
        "≤ 600 tokens, every off-topic question unanswered (tests/references/test_lookup.py).",
        "",
        "Misses: "
        + (
            "; ".join(
                f'[{n}] "{m["query"]}" → {m["top"] or "no good match"} (expected {m["expected"]})'
                for n, m in misses
            )
            or "none"
        )
        + ".",
        "",
        HISTORY,
    ]
    return "\n".join(lines) + "\n"


HISTORY = (
    "History: each held-out set was committed before the change it was evaluated on, scored "
    "once, and joined the tuning data once its misses had been seen: the first (40 questions) "
    "87.5%, the second (32) 84.4%, the third (33) 75.8%, the fourth (44; pasted error messages, "
    "vague complaints, bare keywords, long questions) 56.8%, the fifth (41) 56.1%, the sixth "
    "(65) 70.8%, the seventh (73) 74.0%, the eighth (46) 87.0%, the ninth (81) 79.0%. Fifth "
    "round (all nine sets consumed, about 590 questions of development data): a second stage "
    "reranks BM25F's first 8 sections by the share of the question's weight a section contains, "
    "the share its heading or lookup line names, and the exact API names (`trainer.tune`, "
    "`validation_epoch_end`) it contains; the match decision stays BM25F's, so no off-topic "
    "question is newly answered. Its constants were chosen on the tuning questions and HELD_OUT "
    "to HELD_OUT_5 (96.0% -> 97.2%) and checked on HELD_OUT_6 to HELD_OUT_9: 87.5% -> 89.4% "
    "(the reverse split picks the same point: 89.4% there, 97.2% on the first part); the "
    "figures are flat around the chosen values, and a word-trigram (quoted error message) "
    "feature and a page-title field added nothing on the first part and were left out. Then "
    "users' words for the sections that had none (migration.md, and distributed.md's launch "
    "paths, DDP tuning and common failures: pages at their 4,000-token budget, so the words "
    "live in `lookup.PAGE_ALIASES`) and for a few more, written after the misses of all sets "
    "were seen, and CI services (github, gitlab, jenkins) as one word. Those words are tuned on "
    "every consumed set, so the per-set figures above are in-sample; the next blind set is the "
    "test. HELD_OUT_10 (116 questions, 12 off-topic; written blind by a helper who never ran "
    "the search, acceptable sections chosen by reading the references) was scored once after "
    "the fifth round: 86.2% on topic (85.5% without its 6 near-copies), 12/12 off-topic refused. "
    "The matcher and references of ee2085e score it 86.2% too: the fifth round raised the sets "
    "it was written on, not a new one, and the issue's 90% is not reached."
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="first five questions of each set")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--markdown", action="store_true", help="print the RESULTS.md section")
    args = p.parse_args(argv)
    sys.path.insert(0, str(C.REPO / "src"))
    import lightning_skill.lookup as lookup
    from lightning_skill.lookup import Index, default_index

    q = question_sets()
    sets, off_topic, held_out = q["sets"], q["off_topic"], q["held_out"]
    if args.quick:  # a smoke run never shows a held-out set
        sets = {k: v[:5] for k, v in sets.items() if k not in held_out}
        off_topic = {k: v[:5] for k, v in off_topic.items() if k not in held_out}
    result = C.new_result(NAME, argv, args.quick)
    index = default_index()
    bare = Index([s.__class__(**{**vars(s), "aliases": ()}) for s in index.sections])
    rerank_top = lookup.RERANK_TOP
    lookup.RERANK_TOP = 0
    try:
        no_rerank = {name: evaluate(index, pairs, False) for name, pairs in sets.items()}
    finally:
        lookup.RERANK_TOP = rerank_top
    per_set = {name: evaluate(index, pairs, True) for name, pairs in sets.items()}
    consumed = [name for name in sets if name not in held_out]
    results: dict[str, Any] = {
        "held_out": [n for n in held_out if n in sets],
        "sets": per_set,
        "consumed": _pooled([per_set[n] for n in consumed]),
        "baseline": {n: list(BASELINE[n]) for n in sets if n in BASELINE},
        "without_rerank": no_rerank,
        "without_users_words": {n: evaluate(bare, p, False) for n, p in sets.items()},
        "off_topic": {n: no_match_rate(index, qs) for n, qs in off_topic.items()},
    }
    seen = [x for n in consumed for x, _ in sets[n]] + [x for n in consumed for x in off_topic[n]]
    for name in results["held_out"]:
        near = near_duplicates([x for x, _ in sets[name]], seen)
        results[f"{name}_near_copies"] = near
        results[f"{name}_without_near_copies"] = evaluate(
            index, [pair for pair in sets[name] if pair[0] not in near], True
        )
    result["results"] = results
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    r = result["results"]
    c = r["consumed"]
    print(
        f"[lookup_quality] consumed sets {c['on_topic_rate']:.1%} on topic ({c['questions']}); "
        + "; ".join(f"{n} {v['on_topic_rate']:.1%}" for n, v in r["sets"].items())
    )
    print(f"[lookup_quality] wrote {out}")
    if args.markdown:
        print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
