"""`python scripts/validate.py ...` is `lightning-skill validate ...`, run without installing."""

from _entry import run

run("validate")
