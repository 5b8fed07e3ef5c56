"""`ea query sparql QUERY|FILE`: SPARQL over the model's RDF export."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..problems import printable
from ._common import EaError, load_or_exit, repo_option

MAX_QUERY_FILE = 1024 * 1024  # bytes of a .rq file


@click.command("sparql")
@repo_option
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--var", "variables", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before running (repeatable): <IRI>, a number, true/false, YYYY-MM-DD or text.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Stop a query that returns more rows (or triples).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses, which send requests to other servers (refused without it).")
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL 1.1 query endpoint (e.g. http://127.0.0.1:7878/query of `ea store serve`) "
                   "instead of the model: every repository published there at once. Read-only; credentials from "
                   "EA_STORE_TOKEN or EA_STORE_USER/EA_STORE_PASSWORD.")
def command(repo, query: str, fmt: str, variables: tuple[str, ...], timeout: float, max_rows: int,
            allow_service: bool, endpoint: str | None) -> None:
    """Run a SPARQL query (text, or a .rq file such as docs/queries/*.rq) over the model. Prefixes ea:, eap:,
    rdf:, rdfs:, owl:, skos:, dct: (and dcterms:), prov:, org:, dcat:, xsd:, archimate:, `:` (the base IRI),
    plateau: and rm: (its plateaus and codes) are predeclared. Updates, LOAD and (without --allow-service)
    SERVICE are refused.

    \b
    Examples:
      ea query sparql docs/queries/work-packages-due.rq --var by=2025-12-31
      ea query sparql 'SELECT ?e WHERE { ?e ea:plateau plateau:target-2030 }' --format csv
      ea query sparql docs/queries/work-packages-due.rq --endpoint http://127.0.0.1:7878/query
    """
    from ..rdf.query import run

    text = _query_text(query)
    model = load_or_exit(repo)
    if endpoint:
        from ..publish.remote import run as run_remote
        from ..rdf.query import query_prefixes

        answer = run_remote(endpoint, text, query_prefixes(model), _bindings(variables), allow_service=allow_service,
                            timeout=timeout, max_rows=max_rows)
        _print(model, answer, fmt)
        return
    answer = run(model, text, _bindings(variables), allow_service=allow_service, timeout=timeout,
                 max_rows=max_rows)
    _print(model, answer, fmt)


def _print(model, answer, fmt: str) -> None:
    if answer.kind == "graph":
        _print_graph(model, answer)
    else:
        _print_solutions(model, answer, fmt)


def _query_text(query: str) -> str:
    """QUERY itself, or the text of the file it names."""
    from ..readlimit import TooLarge, read_bounded

    path = Path(query)
    if not (query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file())):
        return query
    try:
        return read_bounded(path, MAX_QUERY_FILE).decode("utf-8")
    except TooLarge:
        raise EaError(f"{path}: over {MAX_QUERY_FILE:,} bytes, which no query needs") from None
    except UnicodeDecodeError as exc:
        raise EaError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise EaError(f"cannot read {path}: {exc.strerror or exc}") from None


def _bindings(variables: tuple[str, ...]) -> dict[str, str]:
    binds = {}
    for item in variables:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--var")
        binds[name.strip().lstrip("?$")] = value
    return binds


def _print_graph(model, answer) -> None:
    import pyoxigraph as ox

    from ..rdf.export import prefixes

    data = ox.serialize(answer.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(model))
    click.echo(data.decode("utf-8"), nl=False)
    click.echo(f"{len(answer.triples)} triple(s)", err=True)


def _print_solutions(model, answer, fmt: str) -> None:
    from ..rdf.query import csv_text, json_data, short

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
            click.echo(printable("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), 100_000))
    if answer.kind == "select":
        click.echo(f"{len(answer.rows)} row(s)", err=True)
