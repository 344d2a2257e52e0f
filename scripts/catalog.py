"""`python scripts/catalog.py ...` is `lightning-skill catalog ...`, runnable without installing."""

from _entry import run

run("catalog")
