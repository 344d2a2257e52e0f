"""Lookup quality: does ``lightning-skill lookup`` answer questions in users' words?

Question sets (tests/references): the tuning part (``QUERIES`` and ``DEV_QUERIES`` in
test_lookup.py plus ``HELD_OUT`` to ``HELD_OUT_8`` in lookup_heldout.py, each of which joined
tuning after its evaluation) and the held-out part ``HELD_OUT_9`` (committed before any change to
the matcher it is evaluated on; never tuned on; an entry may accept several sections), plus
off-topic questions that must get "no good match". For each set: the share whose top answer is
an expected section ("on topic"), the answer size in tokens (characters / 4, as ``lookup`` prints
it), and the misses. Ablation: the same index without the sections' ``<!-- lookup: ... -->``
synonym lines, to show what they contribute.

Run: ``.venv/bin/python benchmarks/lookup_quality.py`` (``--quick`` for a smoke run,
``--markdown`` to print the RESULTS.md section).
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


def question_sets() -> dict[str, Any]:
    sys.path.insert(0, str(TESTS))
    import lookup_heldout as H

    literals: dict[str, Any] = {}
    for node in ast.parse((TESTS / "test_lookup.py").read_text()).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id in (*TUNING_LISTS, *OFF_TOPIC_LISTS):
            literals[target.id] = ast.literal_eval(node.value)
    tuning = [q for name in TUNING_LISTS for q in literals[name]]
    off_topic = [q for name in OFF_TOPIC_LISTS for q in literals[name]]
    return {
        "tuning": tuning
        + H.HELD_OUT
        + H.HELD_OUT_2
        + H.HELD_OUT_3
        + H.HELD_OUT_4
        + H.HELD_OUT_5
        + H.HELD_OUT_6
        + H.HELD_OUT_7
        + H.HELD_OUT_8,
        "held_out": H.HELD_OUT_9,
        "off_topic_tuning": off_topic
        + H.HELD_OUT_OFF_TOPIC
        + H.HELD_OUT_2_OFF_TOPIC
        + H.HELD_OUT_3_OFF_TOPIC
        + H.HELD_OUT_4_OFF_TOPIC
        + H.HELD_OUT_5_OFF_TOPIC
        + H.HELD_OUT_6_OFF_TOPIC
        + H.HELD_OUT_7_OFF_TOPIC
        + H.HELD_OUT_8_OFF_TOPIC,
        "off_topic_held_out": H.HELD_OUT_9_OFF_TOPIC,
    }


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


def markdown(result: dict[str, Any]) -> str:
    r = result["results"]
    t, h, a = r["tuning"], r["held_out"], r["ablation_without_synonyms"]
    n = r["held_out_without_near_copies"]
    lines = [
        "## Lookup quality (issue 15)",
        "",
        f"_{result['date']} · `python benchmarks/lookup_quality.py` · results/{NAME}.json_",
        "",
        "| set | questions | top answer on topic | median answer (tokens) | max |",
        "|---|---:|---:|---:|---:|",
        f"| held-out (never tuned on) | {h['questions']} | **{h['on_topic_rate']:.1%}** | "
        f"**{h['answer_tokens_median']:.0f}** | {h['answer_tokens_max']} |",
        f"| held-out, near-copies of tuning questions left out | {n['questions']} | "
        f"{n['on_topic_rate']:.1%} | {n['answer_tokens_median']:.0f} | "
        f"{n['answer_tokens_max']} |",
        f"| tuning | {t['questions']} | {t['on_topic_rate']:.1%} | "
        f"{t['answer_tokens_median']:.0f} | {t['answer_tokens_max']} |",
        f"| held-out, without the synonym lines | {a['held_out']['questions']} | "
        f"{a['held_out']['on_topic_rate']:.1%} | | |",
        f"| tuning, without the synonym lines | {a['tuning']['questions']} | "
        f"{a['tuning']['on_topic_rate']:.1%} | | |",
        "",
        f'Off-topic questions answered "no good match": held-out '
        f"{r['off_topic_held_out']['no_good_match']}/{r['off_topic_held_out']['questions']}, "
        f"tuning {r['off_topic_tuning']['no_good_match']}/{r['off_topic_tuning']['questions']}. "
        f"Targets: held-out ≥ 90% on topic, median ≤ 600 tokens, every off-topic question "
        f"unanswered (asserted by tests/references/test_lookup.py).",
        "",
        "Held-out misses: "
        + (
            "; ".join(
                f'"{m["query"]}" → {m["top"] or "no good match"} (expected {m["expected"]})'
                for m in h["misses"]
            )
            or "none"
        )
        + ".",
        "",
        "History: each held-out set was committed before the change it was evaluated on, scored "
        "once, and joined the tuning set once its misses had been seen: the first (40 questions) "
        "87.5%, the second (32) 84.4%, the third (33) 75.8%, the fourth (44; pasted error "
        "messages, vague complaints, bare keywords, long questions) 56.8%, the fifth (41) 56.1%. "
        "The sixth (65, three to seven per reference page) scored 76.9% against the matcher it "
        "was written for and 70.8% after the tuning part was grown to 327 questions and the "
        "matcher tuned on it (relative-score threshold, exact word forms, pasted names not "
        "counted against a match): tuning 91.2% -> 93.3%, the fifth set 58.5% -> 70.7%, while "
        "four vague paraphrases of the sixth fell below the no-good-match threshold. The seventh "
        "(73, every page) scored 74.0% against the matcher it was written for and 74.0% after a "
        "second round of tuning (lookup lines, comparatives; tuning 89.5% -> 90.6%). The "
        "eighth (46, every page; more of its questions name an API) scored 87.0% against the "
        "matcher it was written for and 87.0% after a third round (lookup lines, Lightning's "
        "class names count as naming Lightning; tuning 88.0% -> 89.5%). The ninth (81, every "
        "page, committed in 80cdc3a before the fourth round) scored 79.0% after that round "
        "(generic exception names stay one word, reporting verbs are stopwords, pandas is "
        "another framework, ties go to the section with more of the question, lookup lines; "
        "tuning 89.2% -> 94.5%); the matcher of 80cdc3a scores it 76.5%. About a quarter of "
        "its questions turned out to be near-copies of tuning questions (users ask common "
        "problems in the same words), hence the row without them. A `--quick` smoke run saw "
        "its first five questions before the one scoring; nothing changed in between (see "
        "tests/references/lookup_heldout.py and its git log).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="first five questions of each set")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--markdown", action="store_true", help="print the RESULTS.md section")
    args = p.parse_args(argv)
    sys.path.insert(0, str(C.REPO / "src"))
    from lightning_skill.lookup import Index, default_index

    sets = question_sets()
    if args.quick:
        sets = {k: v[:5] for k, v in sets.items()}
    result = C.new_result(NAME, argv, args.quick)
    index = default_index()
    seen = [q for q, _ in sets["tuning"]] + sets["off_topic_tuning"]
    near = near_duplicates([q for q, _ in sets["held_out"]], seen)
    novel = [pair for pair in sets["held_out"] if pair[0] not in near]
    bare = Index([s.__class__(**{**vars(s), "aliases": ()}) for s in index.sections])
    result["results"] = {
        "tuning": evaluate(index, sets["tuning"], True),
        "held_out": evaluate(index, sets["held_out"], True),
        "held_out_without_near_copies": evaluate(index, novel, True),
        "near_copies": near,
        "off_topic_near_copies": near_duplicates(sets["off_topic_held_out"], seen),
        "off_topic_tuning": no_match_rate(index, sets["off_topic_tuning"]),
        "off_topic_held_out": no_match_rate(index, sets["off_topic_held_out"]),
        "ablation_without_synonyms": {
            "tuning": evaluate(bare, sets["tuning"], False),
            "held_out": evaluate(bare, sets["held_out"], False),
        },
    }
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    r = result["results"]
    print(
        f"[lookup_quality] held-out {r['held_out']['on_topic_rate']:.1%} on topic "
        f"({r['held_out']['questions']}), median {r['held_out']['answer_tokens_median']:.0f} "
        f"tokens; tuning {r['tuning']['on_topic_rate']:.1%} ({r['tuning']['questions']}); "
        f"off-topic unanswered {r['off_topic_held_out']['no_good_match']}/"
        f"{r['off_topic_held_out']['questions']} held-out"
    )
    print(f"[lookup_quality] wrote {out}")
    if args.markdown:
        print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
