"""Safe YAML loading that keeps the line of every value and refuses what would lose data.

PyYAML's C parser composes the node tree; we construct Python values ourselves so that every mapping
and sequence remembers where each of its items came from, duplicate keys are errors (PyYAML silently
keeps the last one), and only the YAML core schema's tags are accepted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
# An alias may be expanded at most this many nodes in total per file: a "billion laughs" document
# composes to a few nodes but expands to billions.
MAX_ALIAS_EXPANSION = 100_000

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlError(Exception):
    """A file that cannot be loaded; `code` is the rule code (EA001-EA006)."""

    def __init__(self, code: str, path: str, line: int, message: str, hint: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.code, self.path, self.line, self.message, self.hint = code, path, line, message, hint


class Map(dict):
    """A mapping that knows its own line and the line of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict = {}


class Seq(list):
    """A sequence that knows its own line and the line of each item."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []


@dataclass
class _Budget:
    aliases: int = 0


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode, path: str):
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag in _SCALAR_TAGS:
        return _constructor.yaml_constructors[tag](_constructor, node)
    if tag == _TIMESTAMP:
        # Dates stay text in ISO form: they are compared and exported as written.
        return node.value
    raise YamlError(
        "EA003", path, node.start_mark.line + 1,
        f"tag '{tag}' is not allowed",
        "remove the tag: only plain YAML values (text, numbers, booleans, dates, lists, mappings) are read",
    )


def _build(root: yaml.Node, path: str):
    """Turn a node tree into Map/Seq/scalars iteratively (deep files must not exhaust the C stack)."""
    budget = _Budget()
    seen: set[int] = set()
    result_holder: list = []
    # Work items: (node, container, key, depth)
    stack: list[tuple] = [(root, result_holder, None, 1)]
    while stack:
        node, parent, key, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlError(
                "EA005", path, node.start_mark.line + 1,
                f"nesting deeper than {MAX_DEPTH} levels",
                "flatten the structure: elements need only a few levels",
            )
        nid = id(node)
        if nid in seen and not isinstance(node, yaml.ScalarNode):
            budget.aliases += _size(node)
            if budget.aliases > MAX_ALIAS_EXPANSION:
                raise YamlError(
                    "EA006", path, node.start_mark.line + 1,
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} values",
                    "write the values out instead of repeating anchors (&) and aliases (*)",
                )
        seen.add(nid)
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            value = _scalar(node, path)
        elif isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                _scalar(node, path)  # raises: only the plain mapping tag is allowed
            value = Map(line)
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    raise YamlError(
                        "EA001", path, knode.start_mark.line + 1,
                        "a mapping key must be a plain value", "write the key as text",
                    )
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise YamlError(
                        "EA001", path, knode.start_mark.line + 1,
                        "merge keys ('<<') are not supported",
                        "write the merged keys out in full",
                    )
                k = _scalar(knode, path)
                kline = knode.start_mark.line + 1
                if k in value.lines:
                    raise YamlError(
                        "EA002", path, kline,
                        f"duplicate key '{k}' (first at line {value.lines[k]})",
                        "remove or rename one of them: YAML keeps only the last one, losing the other",
                    )
                value.lines[k] = kline
                value[k] = None
                stack.append((vnode, value, k, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                _scalar(node, path)
            value = Seq(line)
            value.extend([None] * len(node.value))
            value.lines = [item.start_mark.line + 1 for item in node.value]
            for i, item in enumerate(node.value):
                stack.append((item, value, i, depth + 1))
        else:  # pragma: no cover - PyYAML has no other node kind
            raise TypeError(node)
        if parent is result_holder:
            result_holder.append(value)
        else:
            parent[key] = value
    return result_holder[0] if result_holder else None


def _size(node: yaml.Node) -> int:
    count, stack = 0, [node]
    while stack and count <= MAX_ALIAS_EXPANSION:
        n = stack.pop()
        count += 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return count


def parse_text(text: str, path: str):
    """Parse one YAML document from `text`; `path` is used in error messages only."""
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        raise YamlError(
            "EA001", path, line, f"YAML syntax error: {what}",
            "check indentation and quoting near this line (quote values containing ': ' or ' #')",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError("EA001", path, 1, f"YAML error: {exc}", "fix the YAML syntax") from None
    except RecursionError:
        raise YamlError(
            "EA005", path, 1, "nesting too deep to parse", "flatten the structure",
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _build(node, path)


def load_file(path: str, display: str | None = None):
    """Load a YAML file with line information. Raises YamlError (file, line, what, fix)."""
    shown = display or path
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise YamlError("EA001", shown, 1, f"cannot read file: {exc.strerror}", "check the path") from None
    if size > MAX_FILE_BYTES:
        raise YamlError(
            "EA004", shown, 1,
            f"file is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
            "split it into several files (elements may be spread over any number of files)",
        )
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError("EA001", shown, line, "file is not valid UTF-8", "save the file as UTF-8") from None
    return parse_text(text, shown)


def plain(value):
    """Map/Seq -> dict/list, recursively (for JSON output and schema validation)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
