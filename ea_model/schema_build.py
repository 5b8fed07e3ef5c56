"""JSON Schemas generated from the metamodel and the framework pack.

`model_schema()` is what `ea schema` prints for editors; the loader validates each file against the
part of it that applies (element, collection or reference model), so its messages stay precise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .metamodel import LAYERS, metamodel
from .model import DIRECTIONS, GROUP_BY, ID_MAX, ID_PATTERN

if TYPE_CHECKING:
    from .framework import Framework

DRAFT = "https://json-schema.org/draft/2020-12/schema"
LINE_PATTERN = r"^[0-9]+(-[0-9]+)?$"
ACCESS_TYPES = ["read", "write", "readwrite", "access"]


def _defs(framework: Framework | tuple[str, ...] | None) -> dict:
    mm = metamodel()
    scalar = {"type": ["string", "number", "boolean", "null"]}
    # Alternatives are written with a list of types rather than anyOf: keywords for objects apply to
    # objects only, so one schema covers both forms, errors stay precise and validation is faster.
    text = {
        "description": "Text in one language, or one text per language code (vi, en, ...).",
        "type": ["string", "object"],
        "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)?$"},
        "additionalProperties": {"type": "string"},
        "minProperties": 1,
    }
    source_fields = {
        "doc": {"type": "string", "minLength": 1},
        "section": {"type": ["string", "number"]},
        "line": {"type": ["integer", "string"], "minimum": 1, "pattern": LINE_PATTERN},
        "quote": {"type": "string"},
        "note": {"type": "string"},
    }
    source_one = {
        "type": "object",
        "description": "Provenance: the document (id of a legal-document element), section and line.",
        "properties": source_fields,
        "required": ["doc"],
        "additionalProperties": False,
    }
    ids = {"type": "array", "items": {"type": "string", "minLength": 1}}
    properties = {
        "type": "object",
        "additionalProperties": {"anyOf": [scalar, {"type": "array", "items": scalar}]},
    }
    rel_attrs = {
        "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
        "name": {"$ref": "#/$defs/text"},
        "description": {"$ref": "#/$defs/text"},
        "access": {"enum": ACCESS_TYPES},
        "strength": {"type": "string"},
        "directed": {"type": "boolean"},
        "properties": {"$ref": "#/$defs/properties"},
        "plateaus": {"$ref": "#/$defs/ids"},
        "source": {"$ref": "#/$defs/source"},
        "inferred": {"type": "boolean"},
        "notes": {"$ref": "#/$defs/text"},
    }
    inline_target = {
        "description": "An id, or a list of ids or of {to: id, ...attributes}.",
        "type": ["string", "array"],
        "minLength": 1,
        "items": {
            "type": ["string", "object"],
            "minLength": 1,
            "properties": {"to": {"type": "string", "minLength": 1}, **rel_attrs},
            "required": ["to"],
            "additionalProperties": False,
        },
    }
    kinds = sorted(framework if isinstance(framework, tuple) else framework.kinds if framework else [])
    change = {
        "type": "object",
        "properties": {
            "name": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "owner": {"type": "string"},
            "properties": {"$ref": "#/$defs/properties"},
            "rm": {"$ref": "#/$defs/ids"},
            "tags": {"$ref": "#/$defs/ids"},
            "notes": {"$ref": "#/$defs/text"},
        },
        "additionalProperties": False,
    }
    element = {
        "type": "object",
        "description": "An architecture element (ArchiMate type or framework kind).",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX,
                   "description": "Stable id, unique in the repository."},
            "type": {"enum": sorted(mm.element_types)},
            "kind": {"enum": kinds} if kinds else {"type": "string"},
            "name": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "owner": {"type": "string", "minLength": 1},
            "rm": {"$ref": "#/$defs/ids"},
            "tags": {"$ref": "#/$defs/ids"},
            "properties": {"$ref": "#/$defs/properties"},
            "plateaus": {"$ref": "#/$defs/ids"},
            "changes": {"type": "object", "additionalProperties": {"$ref": "#/$defs/change"}},
            "history": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"$ref": "#/$defs/text"},
                        "until": {"type": "string"},
                        "from": {"type": "string"},
                        "source": {"$ref": "#/$defs/source"},
                        "notes": {"$ref": "#/$defs/text"},
                    },
                    "required": ["name"],
                    "additionalProperties": False,
                },
            },
            "replaces": {"$ref": "#/$defs/ids"},
            "source": {"$ref": "#/$defs/source"},
            # After the source, as the BHXH files write it: `ea fmt` orders keys as listed here.
            "notes": {"$ref": "#/$defs/text"},
            "inferred": {"type": "boolean"},
            **{rt.inline: {"$ref": "#/$defs/inline_target"} for rt in mm.relationship_types.values()},
        },
        "required": ["id", "name"],
        "anyOf": [{"required": ["type"]}, {"required": ["kind"]}],
        "additionalProperties": False,
    }
    relationship = {
        "type": "object",
        "description": "A relationship with attributes of its own.",
        "properties": {
            "type": {"enum": sorted(mm.relationship_types)},
            "from": {"type": "string", "minLength": 1},
            "to": {"type": "string", "minLength": 1},
            **rel_attrs,
        },
        "required": ["type", "from", "to"],
        "additionalProperties": False,
    }
    category = {
        "type": "object",
        "properties": {
            "code": {"type": ["string", "number"]},
            "name": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "inferred": {"type": "boolean"},
            "provisional": {"type": "boolean"},
            "notes": {"$ref": "#/$defs/text"},
            "source": {"$ref": "#/$defs/source"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/category"}},
        },
        "required": ["code", "name"],
        "additionalProperties": False,
    }
    reference_model = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "kind": {"enum": ["BRM", "DRM", "ARM", "TRM", "SRM", "PRM", "IRM"]},
            "name": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "notes": {"$ref": "#/$defs/text"},
            "source": {"$ref": "#/$defs/source"},
            "categories": {"type": "array", "items": {"$ref": "#/$defs/category"}},
        },
        "required": ["id", "name", "categories"],
        "additionalProperties": False,
    }
    return {
        "text": text,
        "source": {**source_one, "type": ["object", "array"], "items": source_one, "minItems": 1},
        "ids": ids,
        "properties": properties,
        "inline_target": inline_target,
        "change": change,
        "element": element,
        "relationship": relationship,
        "category": category,
        "reference_model": reference_model,
        "collection": {
            "type": "object",
            "description": "A model file holding several elements and relationships.",
            "properties": {
                "elements": {"type": "array", "items": {"$ref": "#/$defs/element"}},
                "relationships": {"type": "array", "items": {"$ref": "#/$defs/relationship"}},
            },
            "additionalProperties": False,
        },
        "reference_model_file": {
            "type": "object",
            "properties": {"reference_model": {"$ref": "#/$defs/reference_model"}},
            "required": ["reference_model"],
            "additionalProperties": False,
        },
    }


def model_schema(framework: Framework | None = None) -> dict:
    """Schema of a model file (for editors: any of collection, single element, reference model)."""
    return {
        "$schema": DRAFT,
        "title": "ea model file",
        "anyOf": [
            {"$ref": "#/$defs/collection"},
            {"$ref": "#/$defs/element"},
            {"$ref": "#/$defs/reference_model_file"},
        ],
        "$defs": _defs(framework),
    }


def part_schema(part: str, framework: Framework | tuple[str, ...] | None) -> dict:
    """Schema of one part (`element`, `collection`, `relationship`, ...) with all definitions."""
    return {"$schema": DRAFT, "$ref": f"#/$defs/{part}", "$defs": _defs(framework)}


# `ea render`'s paper and notation (render/page.py, render/notation.py), in a view or in ea.yaml's `render:`
PAGE = {"type": "string", "pattern": "^(A4|A3)([ -](landscape|portrait))?$",
        "description": "Paper the view is fitted to: A4 or A3, optionally landscape or portrait."}
NOTATION = {"enum": ["archimate", "vneaf"],
            "description": "archimate: ArchiMate 3.2 box notation; vneaf: the VNEAF document's pictograms per kind."}


def manifest_schema() -> dict:
    text = _defs(None)["text"]
    return {
        "$schema": DRAFT,
        "title": "ea.yaml manifest",
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "name": text,
            "description": text,
            "framework": {"type": "string", "minLength": 1},
            "languages": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "base_iri": {"type": "string", "pattern": "^https?://.+[/#]$"},
            "plateaus": {"type": "string"},
            "properties": _defs(None)["properties"],
            "folders": {
                "type": "object",
                "properties": {
                    "model": {"type": "array", "items": {"type": "string"}},
                    "viewpoints": {"type": "string"},
                    "gap_analysis": {"type": "string"},
                    "exports": {"type": "string"},
                    "document": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "render": {
                "type": "object",
                "description": "Defaults of `ea render` for every view (a view's own keys win).",
                "properties": {
                    "page": PAGE,
                    "notation": NOTATION,
                    "plateau": {"type": "string", "description": "The plateau views show when they name none "
                                                                  "(default: the latest baseline-* plateau)."},
                },
                "additionalProperties": False,
            },
            "depends": {
                "type": "array",
                "description": "Other repositories this one refers to as PREFIX:ID (docs/publish.md).",
                "items": {
                    "type": "object",
                    "properties": {
                        "prefix": {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,30}$"},
                        "path": {"type": "string", "minLength": 1,
                                 "description": "Another repository on disk, relative to this ea.yaml."},
                        "git": {"type": "string", "pattern": "^(https://|ssh://|git@|file://)",
                                "description": "A git URL; `ea deps update` fetches it at `rev`."},
                        "rev": {"type": "string", "minLength": 1, "pattern": "^[^-]"},
                        "graph": {"type": "string", "pattern": "^https?://",
                                  "description": "A graph IRI published with `ea publish`."},
                        "endpoint": {"type": "string", "pattern": "^https?://",
                                     "description": "The store holding `graph` (Graph Store Protocol URL)."},
                    },
                    "required": ["prefix"],
                    "oneOf": [{"required": ["path"]}, {"required": ["git"]}, {"required": ["graph"]}],
                    "additionalProperties": False,
                },
            },
            "rules": {
                "type": "object",
                "properties": {
                    "disable": {"type": "array", "items": {"type": "string", "pattern": "^EA[0-9]{3}$"}},
                    "severity": {
                        "type": "object",
                        "propertyNames": {"pattern": "^EA[0-9]{3}$"},
                        "additionalProperties": {"enum": ["error", "warning"]},
                    },
                },
                "additionalProperties": False,
            },
        },
        "required": ["id", "name", "framework"],
        "additionalProperties": False,
    }


def plateaus_schema() -> dict:
    defs = _defs(None)
    return {
        "$schema": DRAFT,
        "title": "plateaus",
        "type": "object",
        "properties": {
            "plateaus": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
                        "name": {"$ref": "#/$defs/text"},
                        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                        "description": {"$ref": "#/$defs/text"},
                        "inferred": {"type": "boolean"},
                        "source": {"$ref": "#/$defs/source"},
                        "notes": {"$ref": "#/$defs/text"},
                    },
                    "required": ["id", "name", "date"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["plateaus"],
        "additionalProperties": False,
        "$defs": {"text": defs["text"], "source": defs["source"]},
    }


def framework_schema() -> dict:
    defs = _defs(None)
    return {
        "$schema": DRAFT,
        "title": "framework pack",
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "extends": {"type": "string", "minLength": 1},
            "name": {"$ref": "#/$defs/text"},
            "issued_by": {"$ref": "#/$defs/text"},
            "kinds": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "type": {"enum": sorted(metamodel().element_types)},
                        "layer": {"enum": list(LAYERS)},
                        "name": {"$ref": "#/$defs/text"},
                        "required_properties": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["type", "name"],
                    "additionalProperties": False,
                },
            },
            "reference_models": {"type": "array", "items": {"$ref": "#/$defs/reference_model"}},
        },
        "required": ["id", "name"],
        "additionalProperties": False,
        "$defs": defs,
    }


def viewpoint_schema() -> dict:

    defs = _defs(None)
    ids = {"type": "array", "items": {"type": "string", "minLength": 1}}
    selection = {
        "type": "object",
        "properties": {
            "layers": {"type": "array", "items": {"enum": list(LAYERS)}},
            "types": {"type": "array", "items": {"enum": sorted(metamodel().element_types)}},
            "kinds": ids,
            "rm": ids,
            "tags": ids,
            "owners": ids,
            "ids": ids,
            "exclude": ids,
            "around": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "depth": {"type": "integer", "minimum": 1}},
                "required": ["id"],
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "minProperties": 1,
    }
    return {
        "$schema": DRAFT,
        "title": "viewpoint",
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
            "title": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "notes": {"$ref": "#/$defs/text"},
            "source": {"$ref": "#/$defs/source"},
            "select": selection,
            "clusters": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
                        "title": {"$ref": "#/$defs/text"},
                        "select": selection,
                    },
                    "required": ["id", "title", "select"],
                    "additionalProperties": False,
                },
            },
            "relationships": {"type": "array", "items": {"enum": sorted(metamodel().relationship_types)}},
            "only_connected": {"type": "boolean"},
            "layout": {
                "type": "object",
                "description": "Node positions kept from an imported diagram (ea import archimate).",
                "properties": {
                    "nodes": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                    "relationships": ids,
                },
                "additionalProperties": False,
            },
            "page": PAGE,
            "notation": NOTATION,
            "legend": {"type": "boolean", "description": "Draw the legend (default true)."},
            "group_by": {"anyOf": [{"enum": list(GROUP_BY)}, {"type": "string", "pattern": "^property:.+$"}]},
            "direction": {"enum": list(DIRECTIONS)},
            "plateau": {"type": "string"},
            "style": {
                "type": "object",
                "properties": {
                    "ranksep": {"type": "number", "minimum": 0},
                    "nodesep": {"type": "number", "minimum": 0},
                    "concentrate": {"type": "boolean"},
                    "wrap": {"type": "integer", "minimum": 8},
                    "legend": {"type": "boolean"},
                    "grid": {"type": "integer", "minimum": 0},
                    "stack": {"anyOf": [{"type": "boolean"}, {"type": "integer", "minimum": 1}]},
                    "splines": {"enum": ["ortho", "spline", "polyline", "line", "curved"]},
                },
                "additionalProperties": False,
            },
        },
        "required": ["id", "title"],
        "anyOf": [{"required": ["select"]}, {"required": ["clusters"]}],
        "additionalProperties": False,
        "$defs": {"text": defs["text"], "source": defs["source"], "node": {
            "type": "object",
            "properties": {
                "element": {"type": "string", "minLength": 1},
                "label": {"$ref": "#/$defs/text"},
                "type": {"enum": ["Element", "Container", "Label"]},
                "x": {"type": "integer"}, "y": {"type": "integer"},
                "w": {"type": "integer", "minimum": 0}, "h": {"type": "integer", "minimum": 0},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
            "additionalProperties": False,
        }},
    }
