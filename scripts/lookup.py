"""`python scripts/lookup.py ...` is `lightning-skill lookup ...`, runnable without installing."""

from _entry import run

run("lookup")
