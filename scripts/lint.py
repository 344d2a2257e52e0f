"""`python scripts/lint.py ...` is `lightning-skill lint ...`, runnable without installing."""

from _entry import run

run("lint")
