"""`ea fmt`: one canonical layout for model, view and plateau files, comments kept.

The only place ruamel.yaml is used: it round-trips comments, which PyYAML drops. The rules:
- keys in the order of the JSON Schema's properties (unknown keys after, in their order); text maps
  `{vi, en}` in the manifest's language order;
- a list of plain values, or a mapping of plain values (and lists of them), is written inline (flow style)
  when the whole line fits in LINE_WIDTH; records (elements, relationships, plateaus, categories, views)
  and anything holding a comment stay in block style; long text is never wrapped;
- two-space indentation, list dashes indented under their key;
- quotes only where YAML needs them, with YAML 1.1 in mind (PyYAML reads `yes` as a boolean);
- a mapping with a comment anywhere inside keeps its key order: ruamel attaches a comment to the key
  before it, so moving keys would move comments away from what they describe.

The style of every node is a function of the data alone, never of how the file was written, which makes
formatting idempotent. Every result is parsed back with the loader's own parser and must give the same
data; otherwise the file is left as it is and the error names it.
"""

from __future__ import annotations

import io
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml as pyyaml

from ..errors import EaError
from ..schema_build import model_schema, plateaus_schema, viewpoint_schema
from ..yamlload import YamlError, parse_text, plain

LINE_WIDTH = 120
INDENT = 2
# Mappings that are records of the model: always in block style, however short.
_RECORD_KEYS = frozenset({"elements", "relationships", "plateaus", "categories", "children", "clusters",
                          "reference_model", "changes", "history", "nodes", "layout", "style", "select"})


class FormatError(EaError):
    pass


@dataclass
class FileResult:
    path: str
    changed: bool
    text: str = field(repr=False, default="")


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=INDENT, sequence=INDENT * 2, offset=INDENT)
    y.width = 1 << 16  # long text stays on one line; flow collections are chosen only when they fit
    y.allow_unicode = True
    return y


# -- the schema, as a tree to walk -------------------------------------------------------------------------


class _Shape:
    """Navigates a JSON Schema: which keys in which order, the schema of a key or of a list item."""

    def __init__(self, schema: dict) -> None:
        self.defs = schema.get("$defs", {})

    def resolve(self, node: dict | None) -> dict:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.defs.get(node["$ref"].rsplit("/", 1)[-1], {})
            seen += 1
        return node if isinstance(node, dict) else {}

    def order(self, node: dict) -> list[str]:
        return list(self.resolve(node).get("properties", {}))

    def child(self, node: dict, key) -> dict:
        node = self.resolve(node)
        props = node.get("properties", {})
        if key in props:
            return self.resolve(props[key])
        extra = node.get("additionalProperties")
        return self.resolve(extra) if isinstance(extra, dict) else {}

    def item(self, node: dict) -> dict:
        node = self.resolve(node)
        items = node.get("items")
        return self.resolve(items) if isinstance(items, dict) else {}

    @staticmethod
    def is_text(node: dict) -> bool:
        return "propertyNames" in node and node.get("additionalProperties") == {"type": "string"}


@cache
def _schemas() -> dict:
    model = model_schema()
    defs = model["$defs"]
    return {
        "plateaus": plateaus_schema(),
        "viewpoint": viewpoint_schema(),
        "collection": {"$ref": "#/$defs/collection", "$defs": defs},
        "element": {"$ref": "#/$defs/element", "$defs": defs},
        "reference_model_file": {"$ref": "#/$defs/reference_model_file", "$defs": defs},
    }


def _top_schema(kind: str, data) -> dict:
    if kind != "model":
        return _schemas()[kind]
    if isinstance(data, dict) and "reference_model" in data:
        return _schemas()["reference_model_file"]
    if isinstance(data, dict) and ("elements" in data or "relationships" in data):
        return _schemas()["collection"]
    return _schemas()["element"]


# -- the walk ----------------------------------------------------------------------------------------------


def _has_comment(node) -> bool:
    ca = getattr(node, "ca", None)
    if ca is not None and (ca.comment or any(v for item in ca.items.values() for v in item if v)):
        return True
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(_has_comment(v) for v in values)


_PYYAML_RESOLVER = pyyaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


@cache
def _ruamel_tools():
    from ruamel.yaml.emitter import Emitter
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    emitter = Emitter(io.StringIO(), allow_unicode=True)
    return VersionedResolver(), emitter, ScalarNode


@cache
def _plain_ok(text: str, flow: bool) -> bool:
    """Whether `text` can be written without quotes, in a flow or a block collection, and read back as this
    text by PyYAML (YAML 1.1: yes/no/on/off, 1_000, 1:20) and by ruamel (YAML 1.2)."""
    if not text or "\n" in text:
        return False
    resolver, emitter, ScalarNode = _ruamel_tools()  # noqa: N806 - the class, as ruamel's resolver wants it
    if _PYYAML_RESOLVER.resolve(pyyaml.ScalarNode, text, (True, False)) != _STR_TAG:
        return False
    if str(resolver.resolve(ScalarNode, text, (True, False))) != _STR_TAG:
        return False
    analysis = emitter.analyze_scalar(text)
    return analysis.allow_flow_plain if flow else analysis.allow_block_plain


def _scalar(value, flow: bool):
    """A scalar as it should be written: double quotes where YAML needs quotes, none elsewhere. Folded and
    literal blocks are kept as the author wrote them."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if not isinstance(value, str) or "\n" in value:
        return value
    quoted = isinstance(value, SingleQuotedScalarString | DoubleQuotedScalarString)
    if not quoted and type(value) is not str:  # folded or literal style
        return value
    text = value.encode("utf-8").decode("utf-8")  # a plain str: ruamel's str() keeps the quoted type
    if _plain_ok(text, flow):
        return text
    if not quoted and _PYYAML_RESOLVER.resolve(pyyaml.ScalarNode, text, (True, False)) != _STR_TAG:
        return value  # written plain and read as a boolean or a number by the loader: leave it so
    return DoubleQuotedScalarString(text)


def _is_plain(value) -> bool:
    return not isinstance(value, dict | list) and not (isinstance(value, str) and "\n" in value)


def _flat_len(value) -> int:
    """The length of `value` written inline (an estimate: only the decision depends on it, not the output)."""
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + 2 + _flat_len(v) for k, v in value.items()) + 2 * max(len(value) - 1, 0)
    if isinstance(value, list):
        return 2 + sum(_flat_len(v) for v in value) + 2 * max(len(value) - 1, 0)
    if isinstance(value, str):
        text = value.encode("utf-8").decode("utf-8")
        return len(text) if _plain_ok(text, True) else len(json.dumps(text, ensure_ascii=False))
    return len(str(value))


class _Formatter:
    def __init__(self, languages: list[str], shape: _Shape) -> None:
        self.languages = languages
        self.shape = shape

    def node(self, value, schema: dict, key, indent: int, flow: bool = False):
        """Format `value` (found under `key` at column `indent`, inside a flow collection or not) in place;
        returns the value to store."""
        if isinstance(value, dict):
            return self.mapping(value, schema, key, indent)
        if isinstance(value, list):
            return self.sequence(value, schema, key, indent)
        return _scalar(value, flow)

    def mapping(self, value, schema: dict, key, indent: int):
        commented = _has_comment(value)
        if not commented:
            self.reorder(value, schema)
        flow = (not commented and key not in _RECORD_KEYS and key not in (None, "-record")
                and all(_is_plain(v) or (isinstance(v, list) and all(map(_is_plain, v))) for v in value.values())
                and indent + len(str(key)) + 2 + _flat_len(value) <= LINE_WIDTH)
        for k in list(value.keys()):
            # Past ruamel's __setitem__, which would give a new plain str the quoted type of the old value.
            OrderedDict.__setitem__(value, k, self.node(value[k], self.shape.child(schema, k), k, indent + INDENT,
                                                        flow))
        if not commented and hasattr(value, "fa"):
            value.fa.set_flow_style() if flow else value.fa.set_block_style()
        return value

    def reorder(self, value, schema: dict) -> None:
        node = self.shape.resolve(schema)
        if self.shape.is_text(node):
            order = [lang for lang in self.languages if lang in value]
        else:
            order = [k for k in self.shape.order(node) if k in value]
        if not order:
            return
        rest = [k for k in value if k not in order]
        for k in order + rest:
            value.move_to_end(k)

    def sequence(self, value, schema: dict, key, indent: int):
        item = self.shape.item(schema)
        commented = _has_comment(value)
        flow = (not commented and bool(value) and all(map(_is_plain, value))
                and indent + len(str(key)) + 2 + _flat_len(value) <= LINE_WIDTH)
        child_key = "-record" if key in _RECORD_KEYS else "-"
        for i, v in enumerate(value):
            list.__setitem__(value, i, self.node(v, item, child_key, indent + INDENT, flow))
        if not commented and hasattr(value, "fa"):
            value.fa.set_flow_style() if flow else value.fa.set_block_style()
        return value


def format_text(text: str, kind: str, display: str = "<text>", languages: tuple[str, ...] = ("vi", "en")) -> str:
    """The canonical form of `text`, a file of `kind` (model, viewpoint, plateaus). Raises FormatError (or
    YamlError for a file that does not parse) and never returns text that reads differently."""
    from ruamel.yaml.error import YAMLError as RuamelError

    before = plain(parse_text(text, display))  # our parser first: its errors name the line and the fix
    if before is None:
        return text
    y = _yaml()
    try:
        data = y.load(text)
    except RuamelError as exc:
        raise FormatError(f"{display}:1: not formatted, ruamel.yaml cannot read it ({str(exc).splitlines()[0]})") \
            from None
    shape = _Shape(_top_schema(kind, data))
    data = _Formatter(list(languages), shape).node(data, shape.resolve(_top_schema(kind, data)), None, -INDENT)
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    try:
        after = plain(parse_text(result, display))
    except YamlError:
        after = object()
    if after != before:
        raise FormatError(f"{display}:1: not formatted: the formatted text would read differently "
                          "(please report this file); it is left as it is")
    return result


# -- files of a repository -------------------------------------------------------------------------------


def file_kind(rel: str, manifest) -> str | None:
    """What a repository file is for `ea fmt`: model, viewpoint, plateaus, or None (not formatted: the
    manifest, generated reports, approvals, saved layouts)."""
    if rel == manifest.plateaus:
        return "plateaus"
    if not rel.endswith((".yaml", ".yml")):
        return None
    views = manifest.folders["viewpoints"].rstrip("/") + "/"
    if rel.startswith(views):
        return None if rel.endswith(".layout.yaml") else "viewpoint"
    if any(rel.startswith(folder.rstrip("/") + "/") for folder in manifest.folders["model"]):
        return "model"
    return None


def repository_files(root: Path, manifest) -> list[str]:
    """Every file `ea fmt` formats in the repository, sorted."""
    from ..loader import model_files, yaml_files

    files = [p.relative_to(root).as_posix() for p in model_files(root, manifest)]
    files += [p.relative_to(root).as_posix() for p in yaml_files(root, root / manifest.folders["viewpoints"])]
    if (root / manifest.plateaus).is_file():
        files.append(manifest.plateaus)
    return sorted(f for f in set(files) if file_kind(f, manifest))


def format_file(root: Path, rel: str, manifest, write: bool) -> FileResult:
    from ..atomic import write_text
    from ..loader import inside

    path = root / rel
    kind = file_kind(rel, manifest)
    if kind is None:
        raise FormatError(f"{rel}: not a model, view or plateaus file of this repository: `ea fmt` leaves it alone")
    if not inside(root, path) or not path.is_file():
        raise FormatError(f"{rel}: not a regular file inside the repository: not formatted")
    text = path.read_text(encoding="utf-8")
    result = format_text(text, kind, rel, tuple(manifest.languages))
    changed = result != text
    if changed and write:
        write_text(path, result)
    return FileResult(rel, changed, result)
