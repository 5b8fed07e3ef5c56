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
    invalid_relationship,
    missing_property,
    missing_source,
    nesting_too_deep,
    orphan_element,
    owner_not_organisation,
    schema_violation,
    source_not_document,
    unknown_plateau,
    unknown_reference,
    unknown_rm_code,
    unknown_type,
    unsafe_tag,
    view_reference,
    yaml_syntax,
)

RULES: tuple[ModuleType, ...] = (
    yaml_syntax, duplicate_key, unsafe_tag, file_too_large, nesting_too_deep, alias_bomb,
    schema_violation, duplicate_id, unknown_reference, unknown_type, invalid_relationship, unknown_rm_code,
    unknown_plateau, missing_source, orphan_element, owner_not_organisation, missing_property,
    source_not_document, duplicate_relationship, view_reference,
)


def all_rules() -> list[ModuleType]:
    """Every rule module, ordered by code."""
    return sorted(RULES, key=lambda m: m.CODE)
