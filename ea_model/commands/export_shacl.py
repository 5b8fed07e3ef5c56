"""`ea export shacl`: the SHACL shapes generated from the metamodel and the repository's framework pack."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import load_or_exit, repo_option, write_output


@click.command("shacl")
@repo_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "jsonld", "rdfxml"]), default="turtle",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Output file (default: standard output).")
def command(repo, fmt: str, out: Path | None) -> None:
    """Export the SHACL shapes that an export of this repository conforms to.

    \b
    Example:
      ea export shacl --out shapes.ttl && ea export rdf --out model.ttl && pyshacl-turbo -s shapes.ttl model.ttl
    """
    from ..rdf.shacl import shapes_graph

    model = load_or_exit(repo)
    graph = shapes_graph(model)
    name = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    data = graph.serialize(format=name, encoding="utf-8")
    if fmt == "ntriples":
        data = b"".join(sorted(data.splitlines(keepends=True)))
    write_output(data, out)
    click.echo(f"{len(graph)} triples of shapes ({fmt})", err=True)
