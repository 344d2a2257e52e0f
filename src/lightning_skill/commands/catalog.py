"""``lightning-skill catalog``: list tasks, data sources, presets and loggers."""

from __future__ import annotations

import argparse
import json

HELP = "List what `new` can scaffold: tasks (with options), data sources, presets, loggers."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from lightning_skill.catalog import load_catalog  # yaml only: catalog works without jinja2

    data = load_catalog().to_dict()
    if args.json:
        print(json.dumps({"schema_version": 1, **data}, indent=2))
        return 0
    print("tasks:")
    for name, task in data["tasks"].items():
        print(f"  {name:24} sources: {', '.join(task['sources'])}")
        print(f"  {'':24} {task['summary']}")
        for source, layout in task["layouts"].items():
            print(f"  {'':26}{source}: {layout}")
        for opt, desc in task["options"].items():
            kind = "|".join(desc["choices"]) if desc.get("choices") else desc["type"]
            common = "  [common]" if opt in data["common_options"] else ""
            print(f"  {'':26}--set {opt}=<{kind}>  (default {desc['default']}){common}")
        for opt, why in task["refused_options"].items():
            print(f"  {'':26}no --set {opt}: {why}")
        for rule in task["constraints"]:
            print(f"  {'':26}requires {rule['check']}")
    for section in ("sources", "presets", "loggers"):
        print(f"{section}:")
        for name, desc in data[section].items():
            print(f"  {name:24} {desc['summary']}")
            if section == "presets":
                needs = [desc["hardware"], *(f"pip install {p}" for p in desc["packages"])]
                print(f"  {'':24} needs: {'; '.join(needs)}")
            if section != "sources":
                print(f"  {'':24} tested: {desc['tested']}")
    return 0
