"""`ea schema`: print the JSON Schema of model files (for editors) or of the manifest / plateaus file."""

from __future__ import annotations

import json

import click

from ._common import repo_option


@click.command("schema")
@repo_option
@click.option("--for", "part", type=click.Choice(["model", "manifest", "plateaus"]), default="model",
              show_default=True)
@click.option("--framework", help="Framework pack whose kinds to include (default: the repository's).")
def command(repo, part: str, framework: str | None) -> None:
    """Print a JSON Schema, and point editors at it with a `# yaml-language-server: $schema=...` line.

    \b
    Examples:
      ea schema > ea.schema.json
      ea schema --for manifest > ea.manifest.schema.json
    """
    from ..framework import load_framework
    from ..manifest import RepositoryError, find_root, read_manifest
    from ..schema_build import manifest_schema, model_schema, plateaus_schema

    if part == "manifest":
        schema = manifest_schema()
    elif part == "plateaus":
        schema = plateaus_schema()
    else:
        root = None
        try:
            root = find_root(repo)
            framework = framework or read_manifest(root).framework
        except RepositoryError:
            framework = framework or "vneaf-2.0"
        schema = model_schema(load_framework(framework, root))
    click.echo(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
