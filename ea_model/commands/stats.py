"""`ea stats`: counts by layer, type, kind and plateau."""

from __future__ import annotations

import json

import click

from ._common import load_or_exit, repo_option


@click.command("stats")
@repo_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(repo, fmt: str) -> None:
    """Count elements and relationships by layer, type, kind and plateau.

    \b
    Example:
      ea stats --format json > stats.json
    """
    from rich.console import Console
    from rich.table import Table

    from ..stats import stats

    model = load_or_exit(repo)
    data = stats(model)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console(width=100)
    console.print(f"[bold]{data['repository']}[/] ({data['framework']}): {data['elements']} elements, "
                  f"{data['relationships']} relationships in {data['files']} files")
    for title, key in (("Layer", "by_layer"), ("Plateau", "by_plateau"), ("Kind", "by_kind"),
                       ("Type", "by_type"), ("Relationship", "relationships_by_type"),
                       ("Reference model", "reference_models")):
        if not data[key]:
            continue
        table = Table(title=None, show_edge=False, pad_edge=False)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in data[key].items():
            table.add_row(name, str(count))
        console.print(table)
