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
    "HELD_OUT_10": (100, 116),
}


LAST_CONSUMED = 10  # HELD_OUT_10 was scored once (86.2%), then analysed in the sixth round

# Cross-validation over the consumed sets: the matcher's constants are chosen on one fold from
# this grid and measured on the other, both ways. The fold boundary is the fifth round's
# (HELD_OUT_6 onwards was written for a later matcher), HELD_OUT_10 on the second side.
CV_FOLDS = (("tuning questions", "HELD_OUT", *(f"HELD_OUT_{i}" for i in range(2, 6))), None)
CV_GRID = {
    "RERANK_COVER": (0.5, 1.0, 2.0),
    "RERANK_HEADING": (1.0, 2.0, 3.0),
    "RERANK_API": (2.0, 4.0, 8.0),
}


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


def _grid():
    keys = list(CV_GRID)
    configs = [{}]
    for key in keys:
        configs = [{**c, key: v} for c in configs for v in CV_GRID[key]]
    return configs


def cross_validate(lookup, index, sets: dict[str, list], consumed: list[str]) -> dict[str, Any]:
    """Both directions of a two-fold split of the consumed sets: for each, the grid point best on
    the training fold (ties go to the shipped constants), and its rate on the other fold next to
    the shipped constants' rate there. The users' words were written looking at every consumed
    set, so this measures the constants' choice, not theirs; the same split is also reported
    with no users' words at all (``bare``), which no set informed."""
    first = [n for n in CV_FOLDS[0] if n in consumed]
    second = [n for n in consumed if n not in first]
    shipped = {k: getattr(lookup, k) for k in CV_GRID}

    def rates(ix) -> dict[str, float]:
        out = {}
        for name, fold in (("first", first), ("second", second)):
            pairs = [pair for n in fold for pair in sets[n]]
            out[name] = evaluate(ix, pairs, False)["on_topic_rate"]
        return out

    table = []
    try:
        for config in _grid():
            for key, value in config.items():
                setattr(lookup, key, value)
            table.append((config, rates(index)))
    finally:
        for key, value in shipped.items():
            setattr(lookup, key, value)
    out: dict[str, Any] = {"first_fold": first, "second_fold": second, "shipped": shipped}
    for train, test in (("first", "second"), ("second", "first")):
        best = max(table, key=lambda row: (row[1][train], row[0] == shipped))
        shipped_rates = next(r for c, r in table if c == shipped)
        out[f"tune_on_{train}"] = {
            "chosen": best[0],
            "train_rate": best[1][train],
            "test_rate": best[1][test],
            "shipped_test_rate": shipped_rates[test],
        }
    return out


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
    misses = [(n, m) for n, v in sets.items() if n not in held_out for m in v["misses"]]
    cv = r["cross_validation"]
    bare = r["without_users_words_folds"]
    folds = {"first": " + ".join(cv["first_fold"]), "second": " + ".join(cv["second_fold"])}
    lines += [
        "",
        "Cross-validation of the constants (grid in `CV_GRID`; folds: first = "
        f"{folds['first']}; second = {folds['second']}):",
        "",
    ]
    for train, test in (("first", "second"), ("second", "first")):
        row = cv[f"tune_on_{train}"]
        lines.append(
            f"- chosen on the {train} fold ({row['train_rate']:.1%} there): "
            f"**{row['test_rate']:.1%}** on the {test} fold (shipped constants: "
            f"{row['shipped_test_rate']:.1%}); chosen {row['chosen']}"
        )
    lines.append(
        f"- without any users' words (no set informed them): {bare['first']:.1%} on the first "
        f"fold, {bare['second']:.1%} on the second"
    )
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
    "it was written on, not a new one, and the issue's 90% is not reached. Sixth round "
    "(HELD_OUT_10's misses read and sorted by cause: 5 vocabulary gaps, 9 ranking among "
    "sections sharing most words, 2 labels a neighbouring section also answers; 0 off-topic "
    "answered, 3 of the 5 vocabulary gaps refused as no good match): only general changes, each "
    "kept if the folds above did not drop. Kept: British and American spellings as one word "
    "(labelled/labeled; HELD_OUT_10 86.2% -> 87.1%, folds unchanged), differ/different/"
    "difference as one word (-ent, -ence; HELD_OUT_10 -> 87.9%, second fold +0.3, first "
    "unchanged), release numbers (1.6, 2.x) as the word 'version' (HELD_OUT_10 -> 88.8%, "
    "second fold +0.2, first unchanged), typos one substitution or "
    "transposition away for words of 7+ letters (no set changes; insertions and deletions "
    "answered an Excel question), pasted tracebacks read without frames and paths (a whole "
    "traceback went from no good match to its section; no set changes), chatty words "
    "(instead, rather, anymore) as stop-words (+1 -1). Measured and dropped: a page-title "
    "field (first fold -0.3, second +0.3), a field of the tuning questions themselves as a "
    "section's memory (filled from one fold, the other fold fell 0 to 0.7 points), a credit "
    "for the question's rarest word (-0.3 to -4 on both folds), counting a word's exact form "
    "less (first fold -0.6 to -2.8, second +0.5), CamelCase names as API names (no change), "
    "word pairs two words apart (first fold -0.3, second +0.6, HELD_OUT_10 -1, one more "
    "off-topic answered); "
    "the constants: the cross-validation above keeps the shipped ones. New tested "
    "sections (GradientAccumulationScheduler, ModelSummary depth, reload_dataloaders_every_n_"
    "epochs, trainer.datamodule from the model, MetricCollection, W&B log_model and resuming, "
    "TPU) "
    "were run against every set: one near-tie ('what callbacks ship with lightning', scores "
    "0.05 apart) went to another section. The gap between 'without users' words' (about 65% "
    "on both folds) and the blind sets (85-88%) is what the lookup lines buy on new wording; "
    "the in-sample figures above (99% and 93%) do not estimate a new set, the last blind "
    "scores do (86.2% and 79.0% at their one scoring). HELD_OUT_11 (116 questions after 4 "
    "pasted error messages found word for word in earlier sets were taken out, 12 off-topic; "
    "written blind by a helper who read only the references without their lookup lines) was "
    "scored once after the sixth round: 87.9% (102/116; 85.5%, 65/76, without its 40 near-copies "
    "of earlier questions), 10/12 off-topic refused; the matcher "
    "before the round (88968f2) scores it 87.1%. Its misses are not written here: it stays the "
    "held-out part."
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
        "cross_validation": cross_validate(lookup, index, sets, consumed),
    }
    cv = results["cross_validation"]
    results["without_users_words_folds"] = {
        name: evaluate(bare, [pair for n in cv[f"{name}_fold"] for pair in sets[n]], False)[
            "on_topic_rate"
        ]
        for name in ("first", "second")
    }
    seen = [x for n in consumed for x, _ in sets[n]] + [x for n in consumed for x in off_topic[n]]
    for name in results["held_out"]:
        near = near_duplicates([x for x, _ in sets[name]], seen)
        results[f"{name}_near_copies"] = near
        results[f"{name}_without_near_copies"] = evaluate(
            index, [pair for pair in sets[name] if pair[0] not in near], True
        )
    # Which held-out questions miss is never written down: whoever tunes next must not read it.
    for name in results["held_out"]:
        for key in (name, f"{name}_without_near_copies"):
            table = results["sets"] if key == name else results
            table[key]["misses"] = len(table[key]["misses"])
        for ablation in ("without_rerank", "without_users_words"):
            results[ablation][name]["misses"] = len(results[ablation][name]["misses"])
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
