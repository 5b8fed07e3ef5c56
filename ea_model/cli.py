"""The `ea` command line: a thin layer over the ea_model API; one module per command in commands/."""

from __future__ import annotations

import importlib

import click

from . import __version__

COMMANDS = ("validate", "stats", "query", "schema", "kinds", "init", "render", "export", "import_", "gap", "site",
            "serve", "sources")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ea")
def main() -> None:
    """ea: architecture as code for e-Government enterprise architecture (VNEAF, ArchiMate 3.2).

    Every command works on the repository holding ea.yaml (found from the current directory up) or the
    one given with --repo.
    """


for _name in COMMANDS:
    main.add_command(importlib.import_module(f"{__package__}.commands.{_name}").command)
