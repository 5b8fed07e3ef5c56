"""The rule catalogue: one module per rule, each with CODE, NAME, SEVERITY, a docstring that is its user
documentation (`docs/rules.md` is generated from it) and `check(model)` yielding Problems.

A new rule is a new module here and a line in RULES (ordered by code)."""

from __future__ import annotations

from types import ModuleType

from . import (
    alias_bomb,
    duplicate_id,
    duplicate_key,
    duplicate_relationship,
    file_too_large,
    id_collision,
    impossible_date,
    invalid_relationship,
    missing_property,
    missing_source,
    nesting_too_deep,
    no_shared_plateau,
    orphan_element,
    owner_not_organisation,
    schema_violation,
    self_relationship,
    source_not_document,
    structural_cycle,
    unknown_plateau,
    unknown_reference,
    unknown_rm_code,
    unknown_type,
    unsafe_tag,
    unsafe_text,
    view_reference,
    yaml_syntax,
)

RULES: tuple[ModuleType, ...] = (
    yaml_syntax, duplicate_key, unsafe_tag, file_too_large, nesting_too_deep, alias_bomb,
    schema_violation, duplicate_id, unknown_reference, unknown_type, invalid_relationship, unknown_rm_code,
    unknown_plateau, missing_source, orphan_element, owner_not_organisation, missing_property,
    source_not_document, duplicate_relationship, unsafe_text, id_collision, structural_cycle, self_relationship,
    no_shared_plateau, impossible_date, view_reference,
)


def all_rules() -> list[ModuleType]:
    """Every rule module, ordered by code."""
    return sorted(RULES, key=lambda m: m.CODE)
