"""`ea kinds`: the element types, framework kinds and reference models the repository can use."""

from __future__ import annotations

import click

from ._common import load_or_exit, repo_option
from ._lang import lang_option, language


@click.command("kinds")
@repo_option
@lang_option("Language of names")
@click.option("--rm", "show_rm", is_flag=True, help="List reference-model codes instead.")
def command(repo, lang: str, show_rm: bool) -> None:
    """List ArchiMate types and the framework's kinds (or, with --rm, reference-model codes).

    \b
    Examples:
      ea kinds                  # what `kind:` and `type:` may say
      ea kinds --rm --lang vi   # the reference-model codes `rm:` may name
    """
    from rich.console import Console
    from rich.table import Table

    from ..metamodel import metamodel
    from ..model import text_in

    model = load_or_exit(repo)
    lang = language(model, lang)
    console = Console(width=120)
    if show_rm:
        table = Table("code", "name", "model", "inferred")
        for code, cat in sorted(model.categories.items()):
            table.add_row(code, text_in(cat.name, lang), cat.model,
                          "inferred" if cat.inferred else "provisional" if cat.provisional else "")
        console.print(table)
        return
    table = Table("kind", "ArchiMate type", "layer", "name")
    for kind in sorted(model.kinds.values(), key=lambda k: (k.layer, k.name)):
        table.add_row(kind.name, kind.type, kind.layer, text_in(kind.label, lang))
    console.print(table)
    types = Table("type", "layer", "ArchiMate")
    for t in sorted(metamodel().element_types.values(), key=lambda t: (t.layer, t.name)):
        types.add_row(t.name, t.layer, t.archimate)
    console.print(types)
