"""What every command shares: the `--repo` option and loading the model or exiting with code 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..atomic import write_bytes
from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, EaError  # noqa: F401 - re-exported to commands

if TYPE_CHECKING:
    from ..model import Model
    from ..model_snapshot import Snapshot

repo_option = click.option(
    "--repo", "repo", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Repository root (default: the folder holding ea.yaml, found from the current directory up).",
)


def quiet() -> bool:
    """`ea --quiet ...`: no progress and no closing summary."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx else None
    return bool(isinstance(obj, dict) and obj.get("quiet"))


def summary(text: str) -> None:
    """A command's closing line on standard error (what it did, how long it took), unless --quiet."""
    if not quiet():
        click.echo(text, err=True)


_live = False  # a spinner is showing: rich shows one live display at a time


@contextmanager
def progress(text: str) -> Iterator[None]:
    """A status line on a terminal while a long step runs (loading 100,000 elements takes seconds); nothing when
    standard error is a file or a pipe (CI logs), with --quiet, or inside another step's spinner."""
    global _live
    if _live or quiet() or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    _live = True
    try:
        # Drawn once, not animated: an animation needs a refresh thread, and a process with a thread does not
        # fork (ea_model/forked.py), so a big model would be checked and its snapshot written on one core.
        with Live(Spinner("dots", text), console=Console(stderr=True), auto_refresh=False, transient=True) as live:
            live.refresh()
            yield
    finally:
        _live = False


# Models (and gap analyses) the `ea` program keeps until it exits (cli.run): one of 100,000 elements takes about
# half a second to free object by object when the command returns, and the process ends right after anyway.
KEPT: list[object] | None = None


def load_or_exit(repo: Path | None, snapshot: Snapshot | None = None) -> Model:
    """The model of the repository (an EaError, so exit code 2, when there is none to load). `snapshot`: the slot
    of its current state, when the command has opened it (ea_model/loader.py `load`)."""
    import gc

    from ..loader import load  # imported when a command runs, so that `ea --help` starts fast

    with progress("loading the model"):
        model = load(repo, snapshot=snapshot)
    # A command's model lives until it exits and holds no garbage cycles: keep the cyclic collector from
    # rescanning its millions of objects at every later collection (about 2x on the rules, exports and
    # reports of a 100,000-element model). Long-running servers load by other means and are not frozen.
    gc.freeze()
    if KEPT is not None:
        KEPT.append(model)
    return model


def need_element(model: Model, element_id: str) -> None:
    if element_id not in model.elements:
        from ..rules._suggest import did_you_mean

        hint = did_you_mean(element_id, model.elements, "see `ea query find`")
        raise EaError(f"unknown element '{element_id}' ({hint})")


class BrokenModel(EaError):
    """Files that could not be read: an export would be a partial model, so nothing is written (exit 1)."""

    exit_code = EXIT_FINDINGS

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} file problem(s): fix them first (see `ea validate`); nothing written")

    def show(self, file=None) -> None:
        for problem in self.problems[:20]:
            click.echo(problem.text(), err=True, file=file)
        super().show(file)


def refuse_broken(model: Model) -> None:
    """Stop before writing when files of `model` could not be read."""
    errors = [p for p in model.load_problems if p.severity == "error"]
    if errors:
        raise BrokenModel(errors)


def need_plateau(model: Model, plateau: str | None, param: str = "--plateau") -> None:
    if plateau and plateau not in model.plateaus:
        raise click.BadParameter(f"unknown plateau '{plateau}' (known: {', '.join(model.plateau_order())})",
                                 param_hint=param)


def write_output(data: bytes, out: Path | None) -> None:
    """To standard output, or atomically to `out`."""
    if out is None or str(out) == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            click.echo(data.decode("utf-8"), nl=False)
        else:
            buffer.write(data)
            buffer.flush()
        return
    write_bytes(out, data)  # a folder, a device, a link: atomic.write_bytes knows what to do
