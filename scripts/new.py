"""`python scripts/new.py ...` is `lightning-skill new ...`, runnable without installing."""

from _entry import run

run("new")
