"""What a rule checks: every element and relationship, or, in an incremental `ea validate` (ea_model/validation.py),
only those of the files that changed and of the files their change may affect.

A rule whose findings are each about one element or relationship (reported in its file) declares its SCOPE and
takes the items to check as arguments, the model still holding everything to look up:

- SCOPE = "item": a finding depends only on the item itself, and on what changes only with ea.yaml, the
  framework pack, the plateaus file or ea itself;
- SCOPE = "references": also on the elements the item names (`model.named_ids`: source, target, owner,
  replaces, cited documents), and its hint on the ids the model has.

A rule without SCOPE looks at the model as a whole (cycles, duplicates, orphans) and is always run whole.
"""

from __future__ import annotations

ITEM = "item"
REFERENCES = "references"


def subjects(model, elements, relationships) -> tuple:
    """(elements, relationships) to check: those given, or every one of the model."""
    return (model.elements.values() if elements is None else elements,
            model.relationships if relationships is None else relationships)
