"""The `ea` command line: a thin layer over the ea_model API; one module per command in commands/."""

from __future__ import annotations

import errno
import os
import sys
from contextlib import suppress

import click

from . import __version__
from .commands import (
    approvals,
    approve,
    deps,
    diff,
    doc,
    export,
    fmt,
    gap,
    import_,
    init,
    kinds,
    lsp,
    merge_driver,
    publish,
    query,
    render,
    schema,
    serve,
    site,
    sources,
    stats,
    store,
    validate,
)
from .errors import os_error


class _Main(click.Group):
    """Turns an OSError that escapes a command (disk full, read-only folder, a path that is a folder) into one
    line naming the path, exit code 2; every other failure a user can cause is an EaError already."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # click handles a closed pipe (`ea ... | head`) itself
                raise
            raise os_error(exc) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ea")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress and no closing summary on standard error (findings, warnings and errors still).")
@click.pass_context
def main(ctx: click.Context, quiet: bool) -> None:
    """ea: architecture as code for e-Government enterprise architecture (VNEAF, ArchiMate 3.2).

    Every command works on the repository holding ea.yaml (found from the current directory up) or the
    one given with --repo. `ea COMMAND --help` shows each command's options and an example.

    \b
    Examples:
      ea validate --strict
      ea render --all --format svg --format png
      ea gap --from baseline-2022 --to target-2030 --format html --out gap.html
      ea --quiet export rdf --out model.ttl   # no spinner, no summary line: for scripts
    """
    ctx.ensure_object(dict)["quiet"] = quiet


COMMANDS = (validate, stats, query, schema, kinds, init, render, export, import_, gap, doc, approve, approvals, site,
            serve, sources, fmt, diff, merge_driver, lsp, publish, store, deps)
for _module in COMMANDS:
    main.add_command(_module.command)
main.add_command(merge_driver.install_command)


def run() -> None:
    """The `ea` program: `main`, then an exit that leaves the memory to the operating system instead of freeing
    the model object by object (about half a second at 100,000 elements; mypy's fast exit does the same).
    In-process callers (tests, `CliRunner`) call `main` and keep the usual clean-up."""
    from .commands import _common

    _common.KEPT = []
    try:
        main(prog_name="ea")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # under a profiler or coverage: let them write their results at exit
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`ea ... | head`): nothing more to say there
            stream.flush()
    os._exit(code or 0)
