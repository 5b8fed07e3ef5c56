"""Publishing to SPARQL stores and reading other repositories: `ea publish`, `ea store`, `ea query sparql
--endpoint`, `ea deps update` (docs/publish.md)."""
