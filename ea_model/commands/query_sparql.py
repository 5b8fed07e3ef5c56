"""`ea query sparql QUERY|FILE`: SPARQL over the model's RDF export."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._common import EaError, load_or_exit, repo_option


@click.command("sparql")
@repo_option
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before running (repeatable): <IRI>, a number, true/false, YYYY-MM-DD or text.")
def command(repo, query: str, fmt: str, variables: tuple[str, ...]) -> None:
    """Run a SPARQL query (text, or a .rq file such as docs/queries/*.rq) over the model. Prefixes ea:, eap:,
    rdfs:, skos:, dct:, prov:, org:, dcat:, xsd:, archimate: and `:` (the base IRI) are predeclared."""
    from ..rdf.query import csv_text, json_data, run, short

    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        try:
            query = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EaError(f"cannot read {path}: {exc.strerror or exc}") from None
    binds = {}
    for item in variables:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--var")
        binds[name.strip().lstrip("?$")] = value
    model = load_or_exit(repo)
    answer = run(model, query, binds)
    if answer.kind == "graph":
        import pyoxigraph as ox

        from ..rdf.export import prefixes

        data = ox.serialize(answer.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(model))
        click.echo(data.decode("utf-8"), nl=False)
        click.echo(f"{len(answer.triples)} triple(s)", err=True)
        return
    if fmt == "json":
        click.echo(json.dumps(json_data(answer), ensure_ascii=False, indent=2))
    elif answer.kind == "ask":
        click.echo("true" if answer.boolean else "false")
    elif fmt == "csv":
        click.echo(csv_text(model, answer), nl=False)
    else:
        rows = [[short(model, t) for t in row] for row in answer.rows]
        widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(answer.variables)]
        widths = [min(w, 80) for w in widths]
        click.echo("  ".join(v.ljust(w) for v, w in zip(answer.variables, widths, strict=True)).rstrip())
        click.echo("  ".join("-" * w for w in widths))
        for r in rows:
            click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if answer.kind == "select":
        click.echo(f"{len(answer.rows)} row(s)", err=True)
