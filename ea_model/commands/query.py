"""`ea query`: impact of a change, paths between elements, finding elements."""

from __future__ import annotations

import json

import click

from ..graph import impact, shortest_path
from ..problems import printable
from . import _complete
from ._common import load_or_exit, need_element, need_plateau, repo_option
from ._lang import lang_option, language, name

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
LANG = lang_option("Language of names")


def _echo(text: str) -> None:
    """A line for the terminal: ids and names come from other people's files, so escapes never reach it raw."""
    click.echo(printable(text, 100_000))


def _rel_json(rel) -> dict:
    return {"type": rel.type, "from": rel.source, "to": rel.target, "file": rel.file, "line": rel.line}


@click.group("query")
def command() -> None:
    """Ask the model questions: impact of a change, a path between two elements, elements matching criteria,
    and SPARQL over the model's RDF.

    \b
    Examples:
      ea query impact db-national-insurance --depth 2
      ea query path app-vssid db-national-insurance
      ea query find --kind platform --plateau target-2030
      ea query lead wp-34-02-person-data-inventory --date 2025-06-30
      ea query sparql docs/queries/systems-accessing-database.rq --var lang=en
    """


@command.command("impact")
@repo_option
@click.argument("element_id", shell_complete=_complete.elements)
@click.option("--depth", type=int, default=None, help="Stop after this many steps.")
@FORMAT
@LANG
def impact_cmd(repo, element_id: str, depth: int | None, fmt: str, lang: str | None) -> None:
    """What depends on ELEMENT_ID, transitively, with the path of relationships.

    \b
    Example:
      ea query impact db-national-insurance --depth 2 --format json
    """
    model = load_or_exit(repo)
    need_element(model, element_id)
    lang = language(model, lang)
    result = impact(model.graph, element_id, depth)
    ordered = sorted(result.items(), key=lambda kv: (len(kv[1]), kv[0]))
    if fmt == "json":
        click.echo(json.dumps({"element": element_id, "dependents": [
            {"id": eid, "name": name(model, model.elements[eid], lang), "depth": len(path),
             "path": [_rel_json(r) for r in path]} for eid, path in ordered]}, ensure_ascii=False, indent=2))
        return
    _echo(f"{element_id} ({name(model, model.elements[element_id], lang)}): {len(ordered)} dependent element(s)")
    for eid, path in ordered:
        _echo(f"  {eid}  {name(model, model.elements[eid], lang)}\n      via {_chain(element_id, path)}")


def _chain(start: str, path) -> str:
    """`a <serving> b <access> c`: each step names the relationship and the next element."""
    chain, current = [start], start
    for rel in path:
        current = rel.target if rel.source == current else rel.source
        arrow = f"-{rel.type}->" if rel.target == current else f"<-{rel.type}-"
        chain.append(f"{arrow} {current}")
    return " ".join(chain)


@command.command("path")
@repo_option
@click.argument("source", shell_complete=_complete.elements)
@click.argument("target", shell_complete=_complete.elements)
@FORMAT
def path_cmd(repo, source: str, target: str, fmt: str) -> None:
    """A shortest chain of relationships between SOURCE and TARGET (in either direction).

    \b
    Example:
      ea query path app-vssid db-national-insurance
    """
    model = load_or_exit(repo)
    need_element(model, source)
    need_element(model, target)
    rels = shortest_path(model.graph, source, target)
    if fmt == "json":
        click.echo(json.dumps({"from": source, "to": target,
                               "path": None if rels is None else [_rel_json(r) for r in rels]}, indent=2))
    elif rels is None:
        _echo(f"no path between {source} and {target}")
    else:
        for r in rels:
            _echo(f"{r.source} -{r.type}-> {r.target}    ({r.file}:{r.line})")
    if rels is None:
        raise SystemExit(1)


@command.command("find")
@repo_option
@click.option("--type", "type_", help="ArchiMate type, e.g. application-component.")
@click.option("--kind", help="Framework kind, e.g. platform.")
@click.option("--layer", help="business, data, application, technology, security, motivation, implementation.")
@click.option("--plateau", help="Only elements that exist in this plateau.", shell_complete=_complete.plateaus)
@click.option("--rm", help="Reference-model code (its sub-codes match too).")
@click.option("--tag")
@FORMAT
@LANG
def find_cmd(repo, type_, kind, layer, plateau, rm, tag, fmt: str, lang: str | None) -> None:
    """Elements matching every given criterion.

    \b
    Example:
      ea query find --layer data --plateau target-2030 --lang en
    """
    model = load_or_exit(repo)
    need_plateau(model, plateau)
    lang = language(model, lang)
    found = model.find(type=type_, kind=kind, layer=layer, plateau=plateau, rm=rm, tag=tag)
    if fmt == "json":
        click.echo(json.dumps([{"id": e.id, "name": name(model, e, lang), "type": e.type, "kind": e.kind,
                                "layer": e.layer, "file": e.file, "line": e.line} for e in found],
                              ensure_ascii=False, indent=2))
        return
    for e in found:
        _echo(f"{e.id}\t{e.kind or e.type}\t{name(model, e, lang)}")
    click.echo(f"{len(found)} element(s)", err=True)

@command.command("lead")
@repo_option
@click.argument("element_id", shell_complete=_complete.elements)
@click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day (YYYY-MM-DD).")
@FORMAT
@LANG
def lead_cmd(repo, element_id: str, date, fmt: str, lang: str | None) -> None:
    """Who owns or leads ELEMENT_ID on a date: its owner, carried to the unit that exists that day when the
    owner was renamed, merged or split (`replaces`), under the name it had that day.

    \b
    Example:
      ea query lead wp-34-02-person-data-inventory --date 2023-12-31   # the IT Centre
      ea query lead wp-34-02-person-data-inventory --date 2025-06-30   # its successor
    """
    from ..succession import name_on, owners_on

    model = load_or_exit(repo)
    need_element(model, element_id)
    lang = language(model, lang)
    day = date.date().isoformat()
    owners = [model.elements[o] for o in owners_on(model, element_id, day) if o in model.elements]
    rows = [{"id": o.id, "name": name_on(model, o, day, lang)} for o in owners]
    if fmt == "json":
        click.echo(json.dumps({"element": element_id, "date": day, "owners": rows}, ensure_ascii=False, indent=2))
        return
    if not rows:
        _echo(f"{element_id}: no owner on {day}")
    for row in rows:
        _echo(f"{row['id']}\t{row['name']}")


from .query_sparql import command as _sparql  # noqa: E402

command.add_command(_sparql)
