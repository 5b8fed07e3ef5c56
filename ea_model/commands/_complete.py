"""Shell completion of the ids a command takes: views, plateaus, elements, gap reports.

Enable it once per shell (see README, "Shell completion"):

    eval "$(_EA_COMPLETE=bash_source ea)"      # bash; zsh_source / fish_source for zsh and fish

Each completer loads the repository of `--repo` (or the one around the current directory) through the
parse cache; a folder without a valid repository completes nothing rather than printing an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import click
from click.shell_completion import CompletionItem


def _model(ctx: click.Context):
    from ..errors import EaError
    from ..loader import load

    repo = None
    while ctx is not None and repo is None:
        repo = ctx.params.get("repo")
        ctx = ctx.parent
    try:
        return load(repo)
    except (EaError, OSError):
        return None


def _completer(ids: Callable[[object], Iterable[tuple[str, str]]]):
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        model = _model(ctx)
        if model is None:
            return []
        return [CompletionItem(value, help=help_text) for value, help_text in sorted(ids(model))
                if value.startswith(incomplete)]

    return complete


def _name(value, lang: str) -> str:
    from ..model import text_in

    return text_in(value, lang)


views = _completer(lambda m: ((v.id, _name(v.title, m.manifest.languages[0])) for v in m.viewpoints.values()))
plateaus = _completer(lambda m: ((p.id, _name(p.name, m.manifest.languages[0])) for p in m.plateaus.values()))
elements = _completer(lambda m: ((e.id, e.label(m.manifest.languages[0])) for e in m.elements.values()))


def _report_ids(model) -> Iterable[tuple[str, str]]:
    from ..gap.report import DefinitionError, definitions

    try:
        defs = definitions(model.root, model.manifest.folders["gap_analysis"])
    except DefinitionError:
        return []
    return ((d.id, _name(d.title, model.manifest.languages[0])) for d in defs.values())


reports = _completer(_report_ids)
