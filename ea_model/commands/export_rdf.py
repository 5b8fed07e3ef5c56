"""`ea export rdf`: the model as RDF (Turtle, N-Triples, JSON-LD, RDF/XML), sorted so that it diffs well."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..rdf.syntax import FORMATS
from ._common import EaError, load_or_exit, progress, refuse_broken, repo_option, summary


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
    from ..rdf.export import write
    from ..rdf.iri import IriError
    from .export_output import output

    model = load_or_exit(repo)
    refuse_broken(model)
    start = time.perf_counter()
    try:
        # Written as they are made, sorted, root by root: neither the triples nor the text are ever whole in
        # memory (at 100,000 elements, the N-Triples alone are over 500 MB).
        with progress("writing the triples"), output(out) as fh:
            count = write(model, fmt, fh)
    except IriError as exc:
        raise EaError(f"ea.yaml: {exc}") from None
    where = f" to {out}" if out is not None and str(out) != "-" else ""
    summary(f"exported {len(model.elements)} elements, {len(model.relationships)} relationships: {count} triples "
            f"({fmt}){where} in {time.perf_counter() - start:.2f}s")
