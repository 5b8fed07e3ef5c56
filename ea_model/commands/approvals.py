"""`ea approvals verify`: does each recorded approval still match the model it approved, and what changed since."""

from __future__ import annotations

import json

import click

from ._common import EXIT_FINDINGS, load_or_exit, repo_option


@click.group("approvals")
def command() -> None:
    """Recorded approvals of gap reports (gap_analysis/approvals/).

    \b
    Example:
      ea approvals verify
    """


@command.command("verify")
@repo_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def verify_cmd(repo, fmt) -> None:
    """Regenerate each approved report at its recorded commit and compare hashes; list what changed in the
    model since (elements added, changed, removed, by layer). Exit 1 if an approval no longer matches.

    \b
    Example:
      ea approvals verify --format json
    """
    from ..gap.approvals import verify

    model = load_or_exit(repo)
    results = verify(model)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        if not results:
            click.echo("no recorded approvals (record one with `ea approve`)")
        for r in results:
            _print(r)
    if any(not r.matches for r in results):
        raise SystemExit(EXIT_FINDINGS)


def _print(r) -> None:
    rec = r.record
    head = f"{rec.file}: {rec.report} approved by {rec.decision} ({rec.date}) at {rec.model_commit[:10]}"
    if r.error:
        click.echo(f"{head}: cannot verify: {r.error}")
        return
    click.echo(f"{head}: {'report unchanged at that commit' if r.matches else 'HASH MISMATCH: the report differs'}")
    c = r.changes
    if c.empty:
        click.echo("  no model change since")
        return
    for label, by_layer in (("added", c.added), ("changed", c.changed), ("removed", c.removed)):
        for layer, ids in sorted(by_layer.items()):
            shown = ", ".join(ids[:8]) + (f" (+{len(ids) - 8})" if len(ids) > 8 else "")
            click.echo(f"  {label} {layer}: {len(ids)}: {shown}")
    if c.relationships:
        click.echo(f"  relationships added, changed or removed: {c.relationships}")
    click.echo("  the model changed since the approval: the next revision needs approving again")

