"""`ea diff`: the model changes between two revisions, element by element, for reviews."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import click

from ._common import EXIT_FINDINGS, EXIT_OK, repo_option, write_output
from ._lang import lang_option


@click.command("diff")
@repo_option
@click.argument("rev1", required=False)
@click.argument("rev2", required=False)
@click.option("--format", "fmt", type=click.Choice(("text", "md", "json")), default="text", show_default=True)
@lang_option("Language of names and words")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the model changed (as `git diff --exit-code`).")
def command(repo, rev1: str | None, rev2: str | None, fmt: str, lang: str | None, exit_code: bool) -> None:
    """Elements and relationships added, removed, changed (field by field) or renamed (`replaces`), the views
    they affect and the findings of `ea validate` that appeared or went, between REV1 (default HEAD) and REV2
    (default: the work tree). Revisions are read from git, never checked out.

    \b
    Examples:
      ea diff                                  # uncommitted changes
      ea diff HEAD~5                           # the last five commits and the work tree
      ea diff origin/main HEAD --format md     # a pull-request comment
    """
    from ..i18n import Language
    from ..manifest import find_root, read_manifest
    from ..team.diff_format import render
    from ..team.semdiff import diff_revisions
    from ._lang import language

    root = find_root(repo)
    diff = diff_revisions(root, rev1, rev2)
    manifest = read_manifest(root)

    code = language(SimpleNamespace(manifest=manifest), lang)  # it only reads the manifest's languages
    write_output(render(diff, fmt, Language.of(code, manifest.languages)).encode("utf-8"), None)
    sys.exit(EXIT_FINDINGS if exit_code and not diff.empty else EXIT_OK)
