"""``lightning-skill lookup``: print the reference section(s) that answer a question."""

from __future__ import annotations

import argparse
import json

from lightning_skill.errors import UsageError

HELP = (
    "print the reference section that best answers a question, or say there is no good match"
    " (--list for the contents)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", help='what to look up, e.g. "resume from checkpoint"')
    parser.add_argument("--list", action="store_true", help="print every section heading")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "-k", type=int, default=1, metavar="N", help="how many sections to print (default 1)"
    )


def run(args: argparse.Namespace) -> int:
    from lightning_skill.lookup import default_index

    query = " ".join(args.query).strip()
    if args.k < 1:
        raise UsageError("-k", f"must be at least 1, got {args.k}")
    if not args.list and not query:
        raise UsageError("query", 'give a question, e.g. lookup "resume training", or use --list')
    try:
        index = default_index()
    except FileNotFoundError as exc:
        raise UsageError("references", str(exc)) from exc

    if args.list:
        sections = index.toc()
        if args.json:
            print(
                json.dumps(
                    {
                        "schema_version": 1,
                        "sections": [
                            {k: v for k, v in s.to_dict().items() if k != "text"} for s in sections
                        ],
                    },
                    indent=1,
                )
            )
        else:
            for s in sections:
                indent = "  " * (s.level - 1)
                print(f"{indent}{s.heading}  ({s.file}#{s.anchor})")
        return 0

    answer = index.answer(query, k=args.k)
    if not answer.matched:
        closest = [{"path": s.path, "anchor": s.anchor, "file": s.file} for s in answer.closest]
        if args.json:
            print(
                json.dumps(
                    {
                        "schema_version": 1,
                        "query": query,
                        "match": False,
                        "reason": answer.reason,
                        "results": [],
                        "closest": closest,
                    },
                    indent=1,
                )
            )
            return 1
        print(f"no good match for {query!r}: {answer.reason}.")
        if answer.closest:
            print(
                "closest headings: "
                + "; ".join(f"{s.path} (references/{s.file}#{s.anchor})" for s in answer.closest)
            )
        print("see every heading with `lightning-skill lookup --list`")
        return 1
    shown = answer.hits
    more = [pair for pair in index.search(query, k=args.k + 3) if pair not in shown][:3]
    if args.json:
        print(
            json.dumps(
                {
                    "schema_version": 1,
                    "query": query,
                    "match": True,
                    "results": [dict(s.to_dict(), score=round(score, 3)) for score, s in shown],
                    "see_also": [{"path": s.path, "anchor": s.anchor} for _, s in more],
                },
                indent=1,
            )
        )
        return 0
    print("\n".join(s.render() for _, s in shown), end="")
    if more:
        print("see also: " + "; ".join(f"{s.path}" for _, s in more))
    return 0
