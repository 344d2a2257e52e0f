"""Context cost: how many tokens (characters / 4, the project's budget unit) an agent spends.

* SKILL.md (always loaded when the skill triggers) and each references/*.md file;
* ``lightning-skill lookup QUERY`` answers, exactly as the command prints them, over the query
  set kept in tests/references/test_lookup.py (``QUERIES``, read without importing the test
  module; a built-in list of agent questions when it is absent), against the alternatives an
  agent has without lookup: loading the whole file that holds the answer, or every reference.

Run: ``.venv/bin/python benchmarks/context_cost.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

NAME = "context_cost"
QUERY_FILE = C.REPO / "tests" / "references" / "test_lookup.py"
# Used only when the shared query set is missing.
FALLBACK_QUERIES = [
    "how do I resume training from a checkpoint",
    "save the best model by validation loss",
    "stop training early when val loss stops improving",
    "log learning rate",
    "what order are hooks called in",
    "make training reproducible seed",
    "self.log on_step on_epoch sync_dist",
    "mixed precision bf16 training",
    "gradient accumulation effective batch size",
    "train on multiple GPUs with DDP",
    "migrate from pytorch_lightning 1.x",
    "training_epoch_end was removed",
]


def tokens(text: str) -> int:
    return len(text) // 4


def load_queries() -> tuple[list[tuple[str, str | None]], str]:
    """(query, expected ``file#anchor`` or None) pairs and where they came from."""
    if QUERY_FILE.is_file():
        tree = ast.parse(QUERY_FILE.read_text())
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == "QUERIES" for t in targets):
                pairs = []
                for item in ast.literal_eval(node.value):
                    if isinstance(item, str):
                        pairs.append((item, None))
                    else:
                        pairs.append((str(item[0]), str(item[1]) if len(item) > 1 else None))
                if pairs:
                    return pairs, str(QUERY_FILE.relative_to(C.REPO))
    return [(q, None) for q in FALLBACK_QUERIES], "benchmarks/context_cost.py (built-in)"


def lookup_output(query: str) -> tuple[str, int]:
    """What ``lightning-skill lookup QUERY`` prints, and its exit code (run in-process)."""
    from lightning_skill.cli import main as cli_main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(["lookup", query])
    return buf.getvalue(), int(code or 0)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="first five queries only")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    sys.path.insert(0, str(C.REPO / "src"))
    from lightning_skill.lookup import default_index

    result = C.new_result(NAME, argv, args.quick)
    skill = C.REPO / "SKILL.md"
    refs = {f.name: tokens(f.read_text()) for f in sorted((C.REPO / "references").glob("*.md"))}
    all_refs = sum(refs.values())
    queries, source = load_queries()
    if args.quick:
        queries = queries[:5]
    index = default_index()
    rows: list[dict[str, Any]] = []
    for query, expected in queries:
        text, code = lookup_output(query)
        hits = index.search(query, k=1)
        top = hits[0][1] if hits else None
        top_ref = f"{top.file}#{top.anchor}" if top else None
        whole_file = refs.get(Path(top.file).name, 0) if top else 0
        rows.append(
            {
                "query": query,
                "answer_tokens": tokens(text),
                "exit_code": code,
                "top_section": top_ref,
                "expected_section": expected,
                "hit": None if expected is None else top_ref == expected,
                "whole_file_tokens": whole_file,
            }
        )
    answers = [r["answer_tokens"] for r in rows]
    files = [r["whole_file_tokens"] for r in rows]
    judged = [r["hit"] for r in rows if r["hit"] is not None]
    result["results"] = {
        "skill_md_tokens": tokens(skill.read_text()),
        "reference_tokens": refs,
        "all_references_tokens": all_refs,
        "query_source": source,
        "queries": len(rows),
        "answer_tokens_median": C.median(answers),
        "answer_tokens_max": max(answers) if answers else 0,
        "answer_tokens_total": sum(answers),
        "whole_file_tokens_median": C.median(files),
        "whole_file_tokens_total": sum(files),
        "all_references_per_query_total": all_refs * len(rows),
        "saving_vs_whole_file": (1 - sum(answers) / sum(files)) if sum(files) else None,
        "saving_vs_all_references": (1 - sum(answers) / (all_refs * len(rows)))
        if all_refs and rows
        else None,
        "top1_hit_rate": (sum(judged) / len(judged)) if judged else None,
        "per_query": rows,
    }
    out = C.finish_result(result, args.out or C.default_out(NAME, args.quick))
    r = result["results"]
    print(
        f"[context_cost] SKILL.md {r['skill_md_tokens']} tok; references {all_refs} tok; "
        f"lookup median {r['answer_tokens_median']:.0f} tok vs whole file "
        f"{r['whole_file_tokens_median']:.0f} tok over {len(rows)} queries ({source})"
    )
    print(f"[context_cost] wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
