"""`ea publish --to URL`: the repository's named graphs into a SPARQL store (docs/publish.md)."""

from __future__ import annotations

import time

import click

from ._common import EaError, load_or_exit, need_plateau, refuse_broken, repo_option


@click.command("publish")
@repo_option
@click.option("--to", "to", required=True, metavar="URL",
              help="The store's Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (`ea store serve`) "
                   "or http://HOST:8890/sparql-graph-crud (Virtuoso).")
@click.option("--graph-prefix", metavar="IRI", default=None,
              help="Name the graphs IRI + repository id + '/...' (default: the base IRI + 'graph/').")
@click.option("--plateau", "plateaus", multiple=True, metavar="P",
              help="Send only this plateau's graph (repeatable).")
@click.option("--all-plateaus", is_flag=True, help="Send every graph (the default).")
@click.option("--delete-plateau", metavar="P", default=None, help="Remove this plateau's graph from the store.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send nothing.")
@click.option("--force", is_flag=True, help="Send every graph even when the store has the same content.")
@click.option("--method", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="gsp: HTTP PUT of each graph; update: SPARQL Update (INSERT DATA into a staging graph, then MOVE), "
                   "for stores without the Graph Store Protocol.")
@click.option("--update", "update_url", metavar="URL", default=None,
              help="The SPARQL Update endpoint (with --method update).")
@click.option("--graph-param", default="graph", show_default=True,
              help="The query parameter naming the graph (some stores use graph-uri).")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Retries of a request answered 5xx or cut, with exponential backoff.")
def command(repo, to, graph_prefix, plateaus, all_plateaus, delete_plateau, dry_run, force, method, update_url,
            graph_param, retries) -> None:
    """Publish the model to a SPARQL store: one named graph for the model, one per plateau, one for the
    reference models and one for the ontology, each replaced whole; graphs whose content the store already has
    (its manifest graph records their hashes) are not sent. Credentials come from the environment only:
    EA_STORE_TOKEN (bearer) or EA_STORE_USER and EA_STORE_PASSWORD (basic).

    \b
    Examples:
      ea store serve && ea publish --to http://127.0.0.1:7878/store
      ea publish --to https://sparql.example.gov.vn/store --graph-prefix https://ea.example.gov.vn/graph/
      ea publish --to http://127.0.0.1:7878/store --delete-plateau transition-2025
    """
    from ..publish.client import Client
    from ..publish.publish import delete_plateau as delete
    from ..publish.publish import publish
    from ..rdf.iri import IriError

    if plateaus and all_plateaus:
        raise click.UsageError("give --plateau or --all-plateaus, not both")
    model = load_or_exit(repo)
    refuse_broken(model)
    for p in (*plateaus, delete_plateau):
        need_plateau(model, p, "--plateau" if p != delete_plateau else "--delete-plateau")
    client = Client(to, retries=retries, graph_param=graph_param)
    start = time.perf_counter()
    if delete_plateau:
        found = delete(model, client, delete_plateau, graph_prefix)
        click.echo(f"{'deleted' if found else 'no graph to delete for'} plateau {delete_plateau}")
        return
    try:
        out = publish(model, client, graph_prefix_iri=graph_prefix, plateaus=list(plateaus) or None, dry_run=dry_run,
                      force=force, method=method, update_url=update_url,
                      progress=lambda text: click.echo(text, err=True))
    except IriError as exc:
        raise EaError(f"ea.yaml: {exc}") from None
    verb = "would send" if dry_run else "sent"
    for g in out.sent:
        click.echo(f"{verb} {g.iri} ({g.triples:,} triples)")
    seconds = time.perf_counter() - start
    click.echo(f"{verb} {len(out.sent)} graph(s), {out.triples_sent:,} triples; {len(out.skipped)} unchanged graph(s) "
               f"skipped; in {seconds:.2f}s", err=True)
