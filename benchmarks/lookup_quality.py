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
TUNING_LISTS = ("QUERIES", "DEV_QUERIES", "DEV_QUERIES_7")
OFF_TOPIC_LISTS = ("OFF_TOPIC", "DEV_OFF_TOPIC")
NEAR_DUPLICATE = 0.5  # word overlap (Jaccard) above which a held-out question is a near-copy


# On-topic answers per set for the matcher of ee2085e (before the rerank and PAGE_ALIASES), on
# today's sets (DEV_QUERIES_7's sections did not exist then).
BASELINE = {
    "tuning questions": (137, 151),
    **{"HELD_OUT": (40, 40), "HELD_OUT_2": (31, 32), "HELD_OUT_3": (33, 33)},
    **{"HELD_OUT_4": (43, 44), "HELD_OUT_5": (32, 41), "HELD_OUT_6": (59, 65)},
    **{"HELD_OUT_7": (65, 73), "HELD_OUT_8": (44, 46), "HELD_OUT_9": (64, 81)},
    "HELD_OUT_10": (100, 116),
    "HELD_OUT_11": (96, 116),
}
# The same for the matcher and references before the seventh round (22b6894, lookup15 merged).
PREVIOUS = {
    "tuning questions": (138, 151),
    **{"HELD_OUT": (40, 40), "HELD_OUT_2": (32, 32), "HELD_OUT_3": (33, 33)},
    **{"HELD_OUT_4": (44, 44), "HELD_OUT_5": (39, 41), "HELD_OUT_6": (63, 65)},
    **{"HELD_OUT_7": (69, 73), "HELD_OUT_8": (46, 46), "HELD_OUT_9": (75, 81)},
    **{"HELD_OUT_10": (103, 116), "HELD_OUT_11": (102, 116), "HELD_OUT_12": (119, 134)},
}


LAST_CONSUMED = 11  # HELD_OUT_11 was scored once (87.9%), then analysed in the seventh round

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


NO_RERANK = {"RERANK_TOP": 0}  # a candidate of the leave-one-set-out choice: BM25F order alone


def _per_set_table(lookup, ix, sets: dict[str, list], consumed: list[str]) -> list:
    """``[(config, {set: on-topic count})]`` for every grid point and for no rerank at all."""
    keys = [*CV_GRID, "RERANK_TOP"]
    saved = {k: getattr(lookup, k) for k in keys}
    table = []
    try:
        for config in [*_grid(), NO_RERANK]:
            for key, value in {**saved, **config}.items():
                setattr(lookup, key, value)
            hits = {n: evaluate(ix, sets[n], False)["on_topic"] for n in consumed}
            table.append((config, hits))
    finally:
        for key, value in saved.items():
            setattr(lookup, key, value)
    return table


def cross_validate(lookup, index, sets: dict[str, list], consumed: list[str]) -> dict[str, Any]:
    """Both directions of a two-fold split of the consumed sets: for each, the grid point best on
    the training fold (ties go to the shipped constants), and its rate on the other fold next to
    the shipped constants' rate there. The users' words were written looking at every consumed
    set, so this measures the constants' choice, not theirs; the same split is also reported
    with no users' words at all (``bare``), which no set informed.

    Then leave-one-set-out over the same table plus "no rerank" (``NO_RERANK``), for the full
    index and the bare one: each set is scored with the configuration best on all the others
    (ties to the shipped one), and the sum is compared with the shipped constants and with no
    rerank on every set. This decides whether the second stage earns its place."""
    first = [n for n in CV_FOLDS[0] if n in consumed]
    second = [n for n in consumed if n not in first]
    shipped = {k: getattr(lookup, k) for k in CV_GRID}
    size = {n: len(sets[n]) for n in consumed}

    def rate(hits: dict[str, int], names: list[str]) -> float:
        return sum(hits[n] for n in names) / sum(size[n] for n in names)

    table = _per_set_table(lookup, index, sets, consumed)
    grid = [(c, h) for c, h in table if c is not NO_RERANK]
    out: dict[str, Any] = {"first_fold": first, "second_fold": second, "shipped": shipped}
    for train, test in (("first", "second"), ("second", "first")):
        fold = {"first": first, "second": second}
        best = max(grid, key=lambda row: (rate(row[1], fold[train]), row[0] == shipped))
        shipped_hits = next(h for c, h in grid if c == shipped)
        out[f"tune_on_{train}"] = {
            "chosen": best[0],
            "train_rate": rate(best[1], fold[train]),
            "test_rate": rate(best[1], fold[test]),
            "shipped_test_rate": rate(shipped_hits, fold[test]),
        }
    bare = without_users_words(index)
    for label, ix, tab in (("full", index, table), ("bare", bare, None)):
        tab = tab or _per_set_table(lookup, ix, sets, consumed)
        shipped_hits = next(h for c, h in tab if c == shipped)
        no_rerank = next(h for c, h in tab if c is NO_RERANK)
        loso, picks = 0, {}
        for name in consumed:
            others = [n for n in consumed if n != name]
            best = max(tab, key=lambda row: (sum(row[1][n] for n in others), row[0] == shipped))
            loso += best[1][name]
            picks[name] = best[0]
        out[f"leave_one_set_out_{label}"] = {
            "questions": sum(size.values()),
            "shipped": sum(shipped_hits.values()),
            "no_rerank": sum(no_rerank.values()),
            "chosen_per_set": loso,
            "rerank_chosen_for": sum(c is not NO_RERANK for c in picks.values()),
            "shipped_chosen_for": sum(c == shipped for c in picks.values()),
            "per_set_shipped": shipped_hits,
            "per_set_no_rerank": no_rerank,
        }
    return out


def without_users_words(index):
    """The same sections without their ``<!-- lookup: ... -->`` lines and ``PAGE_ALIASES``."""
    return index.__class__([s.__class__(**{**vars(s), "aliases": ()}) for s in index.sections])


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
        "| set | questions | before (ee2085e) | sixth round (22b6894) | now | without rerank | "
        "without users' words | median answer (tokens) | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, v in sets.items():
        before = r["baseline"].get(name)
        previous = r["previous"].get(name)
        label = f"{name} (held-out)" if name in held_out else name
        lines.append(
            f"| {label} | {v['questions']} | {_rate(*before) if before else '—'} | "
            f"{_rate(*previous) if previous else '—'} | "
            f"**{v['on_topic_rate']:.1%}** | {r['without_rerank'][name]['on_topic_rate']:.1%} | "
            f"{r['without_users_words'][name]['on_topic_rate']:.1%} | "
            f"{v['answer_tokens_median']:.0f} | {v['answer_tokens_max']} |"
        )
    c = r["consumed"]
    consumed = [n for n in sets if n not in held_out]
    b_hits = sum(r["baseline"][n][0] for n in consumed if n in r["baseline"])
    b_n = sum(r["baseline"][n][1] for n in consumed if n in r["baseline"])
    p_hits = sum(r["previous"][n][0] for n in consumed if n in r["previous"])
    p_n = sum(r["previous"][n][1] for n in consumed if n in r["previous"])
    pooled_no_rerank = sum(r["without_rerank"][n]["on_topic"] for n in consumed)
    lines.append(
        f"| all consumed sets | {c['questions']} | {_rate(b_hits, b_n)} | {_rate(p_hits, p_n)} | "
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
    for label, words in (("full", "with the users' words"), ("bare", "without users' words")):
        lo = cv[f"leave_one_set_out_{label}"]
        lines.append(
            f"- leave-one-set-out, {words} (each set scored with the grid point or no rerank "
            f"best on all the others): **{_rate(lo['chosen_per_set'], lo['questions'])}**; "
            f"shipped constants everywhere {_rate(lo['shipped'], lo['questions'])}, no rerank "
            f"everywhere {_rate(lo['no_rerank'], lo['questions'])}; the rerank was chosen for "
            f"{lo['rerank_chosen_for']} of {len(lo['per_set_shipped'])} sets, the shipped "
            f"constants for {lo['shipped_chosen_for']}"
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
    "before the round (88968f2) scores it 87.1%. Seventh round (lookup16; HELD_OUT_11's misses "
    "read, so it is tuning data now; HELD_OUT_12 is the next blind set): the 27 misses of "
    "HELD_OUT_10 and HELD_OUT_11 sorted by cause: 13 vocabulary the right section lacked "
    "(torchrun and multi-GPU-in-Jupyter questions went to the DDP script section, whose lookup "
    "line claimed 'torchrun'; the unused-parameters error; 1.x tpu_cores/supporters/dp), 8 "
    "ranking between neighbouring sections sharing most words, 5 labels a neighbouring section "
    "also answers, 1 the rerank's credit for a common API name (training_step); no topic "
    "uncovered. The rerank question (without it HELD_OUT_10 and 11 scored one question higher "
    "each): at their one scoring, rerank and none tied on HELD_OUT_10 (100/116) and the rerank "
    "lost one on HELD_OUT_11 (102 vs 103), while on HELD_OUT_6 to 9, which its constants never "
    "saw, it won 237 vs 232 of 265; leave-one-set-out before this round: 778 vs 773 of 824 "
    "(bare index 558 vs 541), and after it (below) the rerank is chosen for every set. Kept, "
    "constants unchanged; crediting only rare API names (+1 of 824) and weighing lookup lines "
    "less than headings in the rerank (-1 to -8) were measured and dropped. Kept: users' words for "
    "the vocabulary gaps (lookup lines, PAGE_ALIASES), 'torchrun' out of the DDP script's line "
    "and 'bigger batch size' out of accumulation's; MIN_RELATIVE 0.2 -> 0.21 (an off-topic "
    "question sat at 0.200 once sections were added; no on-topic hit lies between). New tested "
    "sections users asked about and none answered (loss does not decrease; DataLoader workers, "
    "pin_memory and spawn on Windows/macOS; custom batch types on the device; MLflow setup; "
    "Hydra configs; MC dropout) with 14 questions (DEV_QUERIES_7): adding them moved 5 near-ties "
    "of earlier sets (782 -> 779 of 824, before the users' words). HELD_OUT_10 and 11's figures "
    "above are in-sample now; the next blind score is the estimate. HELD_OUT_12 (139 questions, "
    "12 off-topic; written blind by a helper who read only the references without their lookup "
    "lines, and left out the topics the seventh round was adding sections for) was scored once "
    "after the seventh round: 90.6% (126/139; 89.5%, 94/105, without its 34 near-copies), 11/12 "
    "off-topic refused, median answer 253 tokens; five questions were word for word in earlier "
    "sets and were taken out, leaving 90.3% (121/134). The matcher before the round (22b6894) "
    "scores the 134 at 88.8% (119/134). Its misses are not written here: it stays the held-out "
    "part. After that score one general change: a question naming Hugging Face and one of its "
    "training libraries (transformers, accelerate) is about their Trainer unless it names "
    "Lightning ('trainer' alone no longer makes it ours); it refuses HELD_OUT_11's "
    "gradient-accumulation question and HELD_OUT_12's accelerate one (so HELD_OUT_12's "
    "off-topic figure, 12/12 now, is in-sample) and changes no on-topic answer of any set."
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
    from lightning_skill.lookup import default_index

    q = question_sets()
    sets, off_topic, held_out = q["sets"], q["off_topic"], q["held_out"]
    if args.quick:  # a smoke run never shows a held-out set
        sets = {k: v[:5] for k, v in sets.items() if k not in held_out}
        off_topic = {k: v[:5] for k, v in off_topic.items() if k not in held_out}
    result = C.new_result(NAME, argv, args.quick)
    index = default_index()
    bare = without_users_words(index)
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
        "previous": {n: list(PREVIOUS[n]) for n in sets if n in PREVIOUS},
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
