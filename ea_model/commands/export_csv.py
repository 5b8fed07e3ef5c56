"""`ea export csv --out DIR | FILE.xlsx`: the model as Archi's CSV files, or one workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import load_or_exit, refuse_broken, repo_option
from ._lang import lang_option


@click.command("csv")
@repo_option
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Folder for elements.csv, relations.csv and properties.csv, or a FILE.xlsx workbook.")
@click.option("--prefix", default="", help="Prefix of the three file names, as Archi's export offers.")
@lang_option("Language of the Name columns; the others are properties name:<lang>")
def command(repo, out: Path, prefix: str, lang: str | None) -> None:
    """Write the model as Archi's CSV files (UTF-8 with BOM, every field quoted), which Archi imports with
    File > Import > CSV and spreadsheets open as tables; with --out FILE.xlsx, one workbook with a sheet per
    file. ea's own fields (kind, owner, plateaus, sources, ...) travel as ea_* properties, so `ea import csv`
    brings an edited inventory back.

    \b
    Examples:
      ea export csv --out exports/csv
      ea export csv --out exports/inventory.xlsx --lang en
    """
    from ..archimate.archi_csv import export_csv, export_xlsx
    from ..atomic import write_bytes

    model = load_or_exit(repo)
    refuse_broken(model)
    if lang and lang not in model.manifest.languages:
        raise click.BadParameter(f"the model has no '{lang}' texts (ea.yaml languages: "
                                 f"{', '.join(model.manifest.languages)})", param_hint="--lang")
    if prefix and (Path(prefix).name != prefix or prefix in (".", "..")):
        raise click.BadParameter("a file name prefix, without folders", param_hint="--prefix")
    if out.suffix.lower() == ".xlsx":
        files = {out: export_xlsx(model, lang)}
    else:
        if out.exists() and not out.is_dir():
            raise click.BadParameter(f"{out} is a file: give a folder, or a name ending in .xlsx", param_hint="--out")
        files = {out / name: data for name, data in export_csv(model, lang, prefix).items()}
    for path, data in files.items():  # all built before the first is written
        write_bytes(path, data)
        click.echo(f"wrote {path}: {len(data):,} bytes", err=True)
