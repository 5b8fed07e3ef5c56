"""The ArchiMate 3.2 metamodel, read from the YAML files beside this module: element types, relationship types
and the relationship-validity table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

METAMODEL_DIR = Path(__file__).parent
LAYERS = ("business", "data", "application", "technology", "security", "motivation", "implementation")


@dataclass(frozen=True)
class ElementType:
    name: str
    layer: str
    aspect: str
    archimate: str


@dataclass(frozen=True)
class RelationshipType:
    name: str
    archimate: str
    inline: str


@dataclass(frozen=True)
class Metamodel:
    element_types: dict[str, ElementType]
    relationship_types: dict[str, RelationshipType]
    allowed: frozenset[tuple[str, str, str]]

    @property
    def inline_keys(self) -> dict[str, str]:
        """Inline key (e.g. `serves`) -> relationship type (e.g. `serving`)."""
        return {r.inline: r.name for r in self.relationship_types.values()}

    def is_allowed(self, rel: str, source_type: str, target_type: str) -> bool:
        return (rel, source_type, target_type) in self.allowed

    def allowed_between(self, source_type: str, target_type: str) -> list[str]:
        return [r for r in self.relationship_types if (r, source_type, target_type) in self.allowed]


def _read(name: str) -> dict:
    with open(METAMODEL_DIR / name, encoding="utf-8") as fh:
        import yaml  # on first use: LAYERS alone must stay cheap to import

        return yaml.load(fh, Loader=yaml.CSafeLoader)


def _expand(groups: dict[str, list[str]], names: list[str], element_types) -> set[str]:
    """Group names, `@prefix` (every group starting with it) and single type names -> types."""
    types: set[str] = set()
    for name in names:
        if name.startswith("@"):
            prefix = name[1:]
            matched = [g for g in groups if g.startswith(prefix)]
            if not matched:
                raise ValueError(f"relationships.yaml: no group starts with '{prefix}'")
            for g in matched:
                types.update(groups[g])
        elif name in groups:
            types.update(groups[name])
        elif name in element_types:
            types.add(name)
        else:
            raise ValueError(f"relationships.yaml: unknown group or type '{name}'")
    return types


@cache
def metamodel() -> Metamodel:
    """The metamodel, loaded once per process."""
    elements = {
        name: ElementType(name=name, **spec) for name, spec in _read("elements.yaml")["elements"].items()
    }
    data = _read("relationships.yaml")
    rels = {name: RelationshipType(name=name, **spec) for name, spec in data["relationships"].items()}
    groups = data["groups"]
    grouped = {t for members in groups.values() for t in members}
    if grouped != set(elements):
        missing, extra = set(elements) - grouped, grouped - set(elements)
        raise ValueError(f"relationships.yaml groups: missing {sorted(missing)}, unknown {sorted(extra)}")
    allowed: set[tuple[str, str, str]] = set()
    for entry in data["allowed"]:
        sources, targets = _expand(groups, entry["from"], elements), _expand(groups, entry["to"], elements)
        for rel in entry["rel"]:
            if rel not in rels:
                raise ValueError(f"relationships.yaml: unknown relationship '{rel}'")
            for s in sources:
                for t in targets:
                    if not entry.get("same_type") or s == t:
                        allowed.add((rel, s, t))
    return Metamodel(elements, rels, frozenset(allowed))
