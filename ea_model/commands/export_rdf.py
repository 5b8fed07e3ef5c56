"""`ea export rdf`: the model as RDF (Turtle, N-Triples, JSON-LD, RDF/XML), sorted so that it diffs well."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..rdf.syntax import FORMATS
from ._common import EaError, load_or_exit, progress, refuse_broken, repo_option, summary, write_output


@click.command("rdf")
@repo_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="turtle", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (default: standard output), e.g. exports/rdf/bhxh.ttl.")
def command(repo, fmt: str, out: Path | None) -> None:
    """Export the model as RDF: elements, relationships (reified, with their attributes), plateaus, changes,
    reference models (SKOS) and sources (PROV-O); see docs/rdf.md.

    \b
    Examples:
      ea export rdf --format turtle --out exports/model.ttl
      ea export rdf --format ntriples | sort | sha256sum     # the same model gives the same bytes
    """
    from ..rdf.export import convert, ntriples, prefixes
    from ..rdf.iri import IriError

    model = load_or_exit(repo)
    refuse_broken(model)
    start = time.perf_counter()
    try:
        # The N-Triples are made once, streamed from the model (no list of every triple), then handed to
        # pyoxigraph for the other syntaxes.
        with progress("writing the triples"):
            nt = ntriples(model)
    except IriError as exc:
        raise EaError(f"ea.yaml: {exc}") from None
    count = nt.count(b"\n")
    data = nt if fmt == "ntriples" else convert(nt, fmt, prefixes(model))
    del nt
    write_output(data, out)
    where = f" to {out}" if out is not None and str(out) != "-" else ""
    summary(f"exported {len(model.elements)} elements, {len(model.relationships)} relationships: {count} triples "
            f"({fmt}){where} in {time.perf_counter() - start:.2f}s")
