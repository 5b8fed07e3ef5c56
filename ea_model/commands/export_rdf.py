"""`ea export rdf`: the model as RDF (Turtle, N-Triples, JSON-LD, RDF/XML), sorted so that it diffs well."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..rdf.export import FORMATS, ntriples, serialize, triples
from ..rdf.iri import IriError
from ._common import EXIT_FINDINGS, EaError, load_or_exit, repo_option, write_output


def refuse_broken(model) -> None:
    """A model whose files could not all be read would export a partial graph: stop before writing."""
    errors = [p for p in model.load_problems if p.severity == "error"]
    if errors:
        for p in errors[:20]:
            click.echo(p.text(), err=True)
        click.echo(f"error: {len(errors)} file problem(s): fix them first (see `ea validate`); nothing written",
                   err=True)
        sys.exit(EXIT_FINDINGS)


@click.command("rdf")
@repo_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="turtle", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (default: standard output), e.g. exports/rdf/bhxh.ttl.")
def command(repo, fmt: str, out: Path | None) -> None:
    """Export the model as RDF: elements, relationships (reified, with their attributes), plateaus, changes,
    reference models (SKOS) and sources (PROV-O); see docs/rdf.md."""
    model = load_or_exit(repo)
    refuse_broken(model)
    start = time.perf_counter()
    try:
        items = triples(model)
    except IriError as exc:
        raise EaError(f"ea.yaml: {exc}") from None
    nt = ntriples(model, items)
    data = nt if fmt == "ntriples" else serialize(model, fmt, items=items)
    write_output(data, out)
    count = nt.count(b"\n")
    where = f" to {out}" if out is not None and str(out) != "-" else ""
    click.echo(f"exported {len(model.elements)} elements, {len(model.relationships)} relationships: {count} triples "
               f"({fmt}){where} in {time.perf_counter() - start:.2f}s", err=True)
