"""`ea validate`: check the repository against the schema and the rule catalogue."""

from __future__ import annotations

import sys

import click

from ..formatters import FORMATS, render
from ._common import EXIT_FINDINGS, EXIT_OK, load_or_exit, repo_option


@click.command("validate")
@repo_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--rdf", is_flag=True, help="Also run the SHACL shapes over the RDF export (findings EA200).")
def command(repo, fmt: str, strict: bool, rdf: bool) -> None:
    """Validate the model: exit 0 when clean, 1 on findings, 2 on usage or I/O errors.

    \b
    Examples:
      ea validate --strict                   # before a commit: warnings count as errors
      ea validate --strict --format github   # in CI: findings become pull-request annotations
    """
    from ..validation import has_errors, validate

    model = load_or_exit(repo)
    problems = validate(model, strict=strict)
    if rdf:
        from ..rdf.shacl import strict_problems

        problems = sorted(set(problems) | set(strict_problems(model, strict)))
    out = render(problems, fmt)
    if out:
        click.echo(out)
    if fmt == "text":
        click.echo(f"checked {len(model.files)} files, {len(model.elements)} elements, "
                   f"{len(model.relationships)} relationships", err=True)
    sys.exit(EXIT_FINDINGS if has_errors(problems) else EXIT_OK)
