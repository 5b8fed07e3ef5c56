"""`python -m ea_model ...` runs the `ea` command line."""

from .cli import run

run()
