"""The document outline (chapters, what fills each) and the repository's document folder (narrative Markdown
per section and language, the cover, the glossary).

The outline is data: `<document folder>/outline.yaml` in the repository if there is one, else
`document.yaml` of the framework pack (`ea_model/frameworks/vneaf-2.0/document.yaml`). Another agency or
framework version is another YAML file, not code. Format: docs/document.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from ..errors import EaError
from ..i18n import CODE
from ..model import Model
from ..problems import Problem
from ..schema_check import schema_problems
from ..yamlload import Map, YamlError, load_file

OUTLINE_FILE = "outline.yaml"
PACK_FILE = "document.yaml"
DEFAULT_FOLDER = "document"

_TEXT = {"oneOf": [{"type": "string"}, {"type": "object", "minProperties": 1,
                                        "propertyNames": {"pattern": CODE.pattern},
                                        "additionalProperties": {"type": "string"}}]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_COLUMN = {"oneOf": [{"type": "string"}, {"type": "object", "required": ["field"], "additionalProperties": False,
                                          "properties": {"field": {"type": "string"}, "title": _TEXT}}]}
_SELECT = {"kinds": _STRINGS, "types": _STRINGS, "layers": _STRINGS, "rm": _STRINGS, "tags": _STRINGS,
           "ids": _STRINGS, "plateau": {"type": "string"}}
_TABLE = {"type": "object", "required": ["caption", "columns"], "additionalProperties": False,
          "properties": {"caption": _TEXT, "rows": {"enum": ["elements", "relationships"]},
                         "relationship": {"type": "string"}, "columns": {"type": "array", "items": _COLUMN,
                                                                          "minItems": 1},
                         "sort": {"type": "string"}, **_SELECT}}
_LIST = {"type": "object", "additionalProperties": False,
         "properties": {"show": {"enum": ["name", "name-description", "description"]}, **_SELECT}}
_ITEM = {"type": "object", "minProperties": 1, "maxProperties": 3, "additionalProperties": False, "properties": {
    "text": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"},
    "figure": {"type": "string"},
    "plateau": {"type": "string"},
    "caption": _TEXT,
    "table": _TABLE,
    "list": _LIST,
    "gap": {"enum": ["summary", "without-work-package", "matrix", "view"]},
    "work_packages": {"enum": ["all", "by-plateau"]},
    "glossary": {"type": "boolean"},
}}
_SECTION = {"type": "object", "required": ["id", "title"], "additionalProperties": False, "properties": {
    "id": {"type": "string"}, "title": _TEXT, "numbered": {"type": "boolean"}, "plateau": {"type": "string"},
    "page_break": {"type": "boolean"}, "content": {"type": "array", "items": _ITEM},
    "sections": {"type": "array", "items": {"$ref": "#"}},
}}
OUTLINE_SCHEMA = {
    "type": "object", "required": ["sections"], "additionalProperties": False,
    "$defs": {"section": _SECTION},
    "properties": {
        "title": _TEXT, "description": _TEXT,
        "front": {"type": "array", "items": {"enum": ["toc", "figures", "tables", "glossary"]}},
        "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"}},
    },
}
# a section's sub-sections are sections: the recursive reference points at the section definition
_SECTION["properties"]["sections"]["items"] = {"$ref": "#/$defs/section"}

COVER_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    "governing_body": _TEXT, "issuing_body": _TEXT, "title": _TEXT, "place": _TEXT, "version": _TEXT,
    "approval": {"type": "string"},  # the gap report whose recorded approval the cover shows
    "author": {"type": "string"},
}}
GLOSSARY_SCHEMA = {"type": "object", "required": ["terms"], "additionalProperties": False, "properties": {
    "terms": {"type": "array", "items": {"type": "object", "required": ["abbr", "meaning"],
                                         "additionalProperties": False,
                                         "properties": {"abbr": {"type": "string"}, "meaning": _TEXT}}}}}


class OutlineError(EaError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


@dataclass
class Outline:
    file: str  # as shown in messages
    data: Map
    folder: Path  # the repository's document folder (narrative, cover, glossary)
    folder_name: str
    cover: dict = field(default_factory=dict)
    glossary: list[dict] = field(default_factory=list)


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _load(path: Path, root: Path, schema: dict, what: str):
    shown = _rel(path, root)
    try:
        data = load_file(str(path), shown)
    except YamlError as exc:
        raise OutlineError([Problem(exc.path, exc.line, exc.code, "error", exc.message, exc.hint)]) from None
    if not isinstance(data, Map):
        raise OutlineError([Problem(shown, 1, "EA100", "error", f"a {what} is a mapping", "see docs/document.md")])
    problems = [Problem(p.file, p.line, p.code, p.severity, p.message,
                        "see docs/document.md" if p.hint == "see docs/format.md" else p.hint)
                for p in schema_problems(jsonschema.Draft202012Validator(schema), data, shown, what)]
    if problems:
        raise OutlineError(problems)
    return data


def document_folder(model: Model) -> tuple[Path, str]:
    name = model.manifest.folders.get("document") or DEFAULT_FOLDER
    return model.root / name, name


def load_outline(model: Model) -> Outline:
    """The outline of `model`'s repository, with its cover and glossary; OutlineError (file:line) if invalid."""
    folder, name = document_folder(model)
    path = folder / OUTLINE_FILE
    if not path.is_file():
        path = model.framework.path / PACK_FILE
    if not path.is_file():
        raise EaError(f"no document outline: neither {name}/{OUTLINE_FILE} nor {path} exists "
                      f"(write {name}/{OUTLINE_FILE}, see docs/document.md)")
    data = _load(path, model.root, OUTLINE_SCHEMA, "document outline")
    outline = Outline(_rel(path, model.root), data, folder, name)
    if (folder / "cover.yaml").is_file():
        outline.cover = dict(_load(folder / "cover.yaml", model.root, COVER_SCHEMA, "document cover"))
    if (folder / "glossary.yaml").is_file():
        outline.glossary = list(_load(folder / "glossary.yaml", model.root, GLOSSARY_SCHEMA, "glossary")["terms"])
    _check_references(outline, model)
    return outline


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.get("sections") or [])


def _check_references(outline: Outline, model: Model) -> None:
    """Views, plateaus and report ids the outline names must exist: one error per unknown name, with its line."""
    from ..rules._suggest import did_you_mean

    problems = []
    roles = {"baseline", "target", "view"}

    def bad(node, key, message, hint):
        line = node.lines.get(key, node.line) if isinstance(node, Map) else 1
        problems.append(Problem(outline.file, line, "EA100", "error", message, hint))

    for section in _walk(outline.data["sections"]):
        p = section.get("plateau")
        if p and p not in roles and p not in model.plateaus:
            bad(section, "plateau", f"unknown plateau '{p}'",
                did_you_mean(p, [*roles, *model.plateaus], "baseline, target or a plateau id"))
        for item in section.get("content") or []:
            view = item.get("figure")
            if view is not None and view not in model.viewpoints:
                bad(item, "figure", f"unknown view '{view}'",
                    did_you_mean(view, model.viewpoints, "see `ea render --list`"))
            p = item.get("plateau")
            if p and p not in roles and p not in model.plateaus:
                bad(item, "plateau", f"unknown plateau '{p}'", did_you_mean(p, [*roles, *model.plateaus], ""))
    if problems:
        raise OutlineError(problems)


def narrative(outline: Outline, name: str, order: tuple[str, ...]) -> tuple[str, str] | None:
    """The Markdown of section text `name` in the first language of `order` that has it: (file, text)."""
    for code in order:
        path = outline.folder / f"{name}.{code}.md"
        if path.is_file():
            return f"{outline.folder_name}/{path.name}", path.read_text(encoding="utf-8")
    return None
