"""`python scripts/render.py ...` is `lightning-skill render ...`, runnable without installing."""

from _entry import run

run("render")
