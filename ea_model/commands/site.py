"""`ea site`: build the static architecture portal (docs/site.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import LANGUAGES
from ._common import load_or_exit, quiet, repo_option, summary
from ._lang import lang_option, language


def languages_for(repository_languages: list[str], lang: str) -> list[str]:
    """`both`: the repository's languages first (its first one is the default), then the interface's."""
    if lang != "both":
        return [lang]
    return list(dict.fromkeys([*repository_languages, *LANGUAGES]))


@click.command("site")
@repo_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: exports/site/). Replaced whole when the build is done.")
@lang_option("Languages of the site: one, or `both`: every language of ea.yaml, its first one first, and the "
             "interface's", extra=("both",), default="both")
def command(repo, out, lang) -> None:
    """Build a static, self-contained site of the architecture: a page per element, view and reference
    model, the gap reports and the roadmap, search and a language switch. Open OUT/index.html from a file
    share or serve the folder with any web server.

    \b
    Examples:
      ea site                                  # into exports/site/, every language of ea.yaml
      ea site --lang vi --out /srv/share/kien-truc
    """
    from rich.progress import Progress

    from ..site import build_site

    model = load_or_exit(repo)
    if lang != "both":
        lang = language(model, lang)
    out = out or model.root / model.manifest.folders["exports"] / "site"
    # as `ea render --all`: a bar on a terminal, nothing when stderr is a file or a pipe (CI logs)
    # Refreshed at each step rather than by rich's thread: the page workers are forked only from a process
    # without threads (ea_model/site/pages/element.py).
    with Progress(transient=True, auto_refresh=False, disable=quiet() or not sys.stderr.isatty()) as bar:
        task = bar.add_task("building the site", total=None)
        result = build_site(model, out, languages_for(model.manifest.languages, lang),
                            progress=lambda text, done, total: bar.update(task, description=text, completed=done,
                                                                          total=total, refresh=True))
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)
    if result.errors:
        click.echo(f"warning: the model has {result.errors} validation error(s): the site lists them on its "
                   "validation page (see `ea validate`)", err=True)
    click.echo(str(result.out / "index.html"))
    summary(f"site: {result.pages} pages in {', '.join(result.languages)} ({result.elements} elements, "
            f"{result.views} views, {result.reports} gap report(s)) in {result.seconds:.1f}s")
