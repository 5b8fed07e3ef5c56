"""`ea validate`: check the repository against the schema and the rule catalogue."""

from __future__ import annotations

import sys
import time

import click

from ..formatters import FORMATS, render
from ._common import EXIT_FINDINGS, EXIT_OK, load_or_exit, progress, repo_option, summary


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
    from ..validation import has_errors

    start = time.perf_counter()
    problems, counts = _rdf_findings(repo, strict) if rdf else _findings(repo, strict)
    out = render(problems, fmt)
    if out:
        click.echo(out)
    if fmt == "text":
        summary(f"checked {counts['files']} files, {counts['elements']} elements, "
                f"{counts['relationships']} relationships in {time.perf_counter() - start:.2f}s")
    sys.exit(EXIT_FINDINGS if has_errors(problems) else EXIT_OK)


def _counts(model) -> dict[str, int]:
    return {"files": len(model.files), "elements": len(model.elements), "relationships": len(model.relationships)}


def _findings(repo, strict: bool) -> tuple[list, dict[str, int]]:
    """The findings of the repository as it is: when nothing changed since they were last found, read back
    without loading the model (ea_model/model_snapshot.py keys them by every input file and ea's own code)."""
    from ..loader import find_root, open_snapshot
    from ..validation import validate

    with progress("checking what changed"):
        snap = open_snapshot(find_root(repo))
    hit = snap.findings(strict) if snap else None
    if hit is not None:
        return hit
    model = load_or_exit(repo, snap)
    with progress(f"checking {len(model.elements):,} elements"):
        problems, counts = validate(model, strict=strict, since=_since(model, strict)), _counts(model)
    if snap:
        snap.keep_findings(strict, problems, counts)
    return problems, counts


def _since(model, strict: bool):
    """When the model was built from an earlier state's for the most part, what validation found there (and so
    need not find again where the change cannot have changed it)."""
    from ..model_snapshot import change_of
    from ..validation import Since

    change = change_of(model)
    earlier = change.earlier.findings(strict) if change and change.ids is not None else None
    return Since(earlier, change.files, change.ids, change.names) if earlier is not None else None


def _rdf_findings(repo, strict: bool) -> tuple[list, dict[str, int]]:
    from ..rdf.shacl import strict_problems
    from ..validation import validate

    model = load_or_exit(repo)
    problems = validate(model, strict=strict)
    return sorted(set(problems) | set(strict_problems(model, strict))), _counts(model)
