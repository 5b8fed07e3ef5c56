"""`ea export archimate --out FILE.xml`: the model as an ArchiMate Model Exchange File."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import load_or_exit, need_plateau, refuse_broken, repo_option


@click.command("archimate")
@repo_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: standard output).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Language written first (default: the first of ea.yaml); the others are kept.")
@click.option("--plateau", default=None, help="Only the elements and relationships of this plateau.")
def command(repo, out: Path | None, lang: str | None, plateau: str | None) -> None:
    """Write the model as an ArchiMate 3.1 Model Exchange File (Archi, BiZZdesign, ...): elements, relationships,
    properties (kinds, owners, sources as ea_* properties), folders by layer and kind, and every viewpoint as a
    diagram laid out by graphviz (or with the positions it was imported with).

    \b
    Examples:
      ea export archimate --out exports/model.xml                  # open in Archi: File > Import > Open Exchange
      ea export archimate --plateau target-2030 --lang en --out target.xml
    """
    from ..archimate.write import write
    from .export_output import output

    model = load_or_exit(repo)
    refuse_broken(model)
    need_plateau(model, plateau)
    if lang and lang not in model.manifest.languages:
        raise click.BadParameter(f"the model has no '{lang}' texts (ea.yaml languages: "
                                 f"{', '.join(model.manifest.languages)})", param_hint="--lang")
    with output(out) as fh:  # written as it is made: at 100,000 elements the file is 150 MB
        size = write(model, fh, lang, plateau)
    if out is not None and str(out) != "-":
        click.echo(f"wrote {out}: {size:,} bytes", err=True)
