"""`python scripts/validate.py ...` is `lightning-skill validate ...`, runnable without installing."""

from _entry import run

run("validate")
