"""`python scripts/wrap.py ...` is `lightning-skill wrap ...`, runnable without installing."""

from _entry import run

run("wrap")
