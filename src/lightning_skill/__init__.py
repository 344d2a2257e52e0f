"""PyTorch Lightning skill toolkit: scaffold, validate, lint and look up Lightning 2.6 code.

This package must stay cheap to import: nothing here imports torch or lightning at module
level, so scaffolding and linting start fast. Heavy imports happen inside the validator's
worker processes only.
"""

__version__ = "0.1.0"
LIGHTNING_SERIES = "2.6"
