"""Safe YAML loading that keeps the line of every value and refuses what would lose data.

PyYAML's C parser (libyaml) produces the events; we build Python values from them ourselves so that
every mapping and sequence remembers where each of its items came from, duplicate keys are errors
(PyYAML silently keeps the last one), only the YAML core schema's tags are accepted, and nesting and
alias expansion are bounded.
"""

from __future__ import annotations

import os
from sys import intern as _intern

import yaml

from .errors import EaError
from .yamltree import Map, Seq

__all__ = ["Map", "Seq", "YamlError", "as_list", "decode", "load_file", "parse_text", "plain", "read_text"]

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
_MERGE = "tag:yaml.org,2002:merge"


class YamlError(EaError):
    """A file that cannot be loaded; `code` is the rule code (EA001-EA006)."""

    def __init__(self, code: str, path: str, line: int, message: str, hint: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.code, self.path, self.line, self.message, self.hint = code, path, line, message, hint

    def __reduce__(self):
        # Pickled by the parse cache's worker process (cache.ParseCache.prefetch): rebuilt from its fields.
        return YamlError, (self.code, self.path, self.line, self.message, self.hint)


_constructor = yaml.constructor.SafeConstructor()


RESOLVERS: dict = yaml.CSafeLoader.yaml_implicit_resolvers  # by first character; SafeLoader has no wildcard


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar: PyYAML's implicit resolution (Resolver.resolve for a scalar, SafeLoader
    having no path resolvers), without its per-call list building: ~3M calls at 100,000 elements."""
    if implicit[0]:
        return resolve_plain(value)
    return _STR


def resolve_plain(value: str) -> str:
    """The tag PyYAML gives `value` written plain (unquoted)."""
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


def _scalar(event: yaml.ScalarEvent, path: str):
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolve(event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag in _SCALAR_TAGS:
        return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, event.value))
    if tag == _TIMESTAMP:
        # Dates stay text in ISO form: they are compared and exported as written.
        return event.value
    if tag == _MERGE:
        raise YamlError("EA001", path, event.start_mark.line + 1, "merge keys ('<<') are not supported",
                        "write the merged keys out in full")
    raise _bad_tag(tag, event, path)


def _bad_tag(tag: str, event, path: str) -> YamlError:
    return YamlError(
        "EA003", path, event.start_mark.line + 1,
        f"tag '{tag}' is not allowed",
        "remove the tag: only plain YAML values (text, numbers, booleans, dates, lists, mappings) are read",
    )


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("value", "key", "has_key", "anchor", "size", "is_seq")

    def __init__(self, value, anchor) -> None:
        self.value, self.key, self.has_key, self.anchor, self.size = value, None, False, anchor, 1
        self.is_seq = type(value) is Seq


_SCALAR_EVENT, _ALIAS_EVENT = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(loader, path: str):
    """Build Map/Seq/scalars straight from the C parser's events.

    No node tree and no recursion: a hostile file nested 100,000 levels deep is refused at level
    MAX_DEPTH instead of overflowing the C stack. Events are told apart by exact type (the parser makes no
    subclasses), the hot path of ~3M events at 100,000 elements.
    """
    stack: list[_Frame] = []
    anchors: dict[str, tuple[object, int]] = {}
    expanded = 0
    root, done = None, False

    def add(value, line: int, size: int) -> None:
        nonlocal root, done
        if not stack:
            root, done = value, True
            return
        frame = stack[-1]
        frame.size += size
        container = frame.value
        if frame.is_seq:
            container.append(value)
            container.lines.append(line)
        elif not frame.has_key:
            if type(value) is str:
                # Keys repeat in every item of every file (`id`, `name`, `kind` ...): one shared string each
                # keeps a 100,000-element model and its snapshot hundreds of MB smaller.
                value = _intern(value)
            elif isinstance(value, dict | list):
                raise YamlError("EA001", path, line, "a mapping key must be a plain value", "write the key as text")
            if value in container.lines:
                raise YamlError(
                    "EA002", path, line,
                    f"duplicate key '{value}' (first at line {container.lines[value]})",
                    "remove or rename one of them: YAML keeps only the last one, losing the other",
                )
            container.lines[value] = line
            frame.key, frame.has_key = value, True
        else:
            container[frame.key] = value
            frame.has_key = False

    get_event = loader.get_event
    while True:
        event = get_event()
        kind = type(event)
        if kind is _SCALAR_EVENT:
            value = _scalar(event, path)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            add(value, event.start_mark.line + 1, 1)
            continue
        if event is None or kind is yaml.StreamEndEvent:
            break
        line = event.start_mark.line + 1
        if kind is _MAP_START or kind is _SEQ_START:
            is_map = kind is _MAP_START
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                raise _bad_tag(event.tag, event, path)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    "EA005", path, line, f"nesting deeper than {MAX_DEPTH} levels",
                    "flatten the structure: elements need only a few levels",
                )
            container = Map(line) if is_map else Seq(line)
            stack.append(_Frame(container, event.anchor))
        elif kind in _ENDS:
            frame = stack.pop()
            if frame.anchor:
                anchors[frame.anchor] = (frame.value, frame.size)
            add(frame.value, frame.value.line, frame.size)
        elif kind is _ALIAS_EVENT:
            if event.anchor not in anchors:
                raise YamlError("EA001", path, line, f"unknown alias '*{event.anchor}'",
                                f"define the anchor '&{event.anchor}' before using it")
            value, size = anchors[event.anchor]
            expanded += size
            if expanded > MAX_ALIAS_EXPANSION:
                raise YamlError(
                    "EA006", path, line,
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} values",
                    "write the values out instead of repeating anchors (&) and aliases (*)",
                )
            add(value, line, size)
        elif kind is yaml.DocumentStartEvent and done:
            raise YamlError("EA001", path, line, "more than one YAML document in the file",
                            "remove the '---' separator: one document per file")
    return root


def parse_text(text: str, path: str):
    """Parse one YAML document from `text`; `path` is used in error messages only."""
    loader = yaml.CSafeLoader(text)
    try:
        return _build(loader, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        hint = "check indentation and quoting near this line (quote values containing ': ' or ' #')"
        if "tab character" in what:
            what, hint = "tab character: YAML indents with spaces", "replace the tab by spaces"
        raise YamlError("EA001", path, line, f"YAML syntax error: {what}", hint) from None
    except yaml.reader.ReaderError as exc:  # a NUL or other control character: no mark, only a position
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError("EA001", path, line, f"character U+{code:04X} is not allowed in YAML",
                        "delete it (control characters cannot be written in YAML files)") from None
    except yaml.YAMLError as exc:
        raise YamlError("EA001", path, 1, f"YAML error: {exc}", "fix the YAML syntax") from None
    finally:
        loader.dispose()


def read_text(path: str, shown: str) -> str:
    """The text of a YAML file, refused (YamlError) when too big or not UTF-8."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise YamlError("EA001", shown, 1, f"cannot read file: {exc.strerror}", "check the path") from None
    _check_size(size, shown)  # before reading it
    with open(path, "rb") as fh:
        return decode(fh.read(), shown)


def decode(data: bytes, shown: str) -> str:
    """The text of a YAML file's bytes, refused (YamlError) when too big or not UTF-8."""
    _check_size(len(data), shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError("EA001", shown, line, "file is not valid UTF-8", "save the file as UTF-8") from None


def _check_size(size: int, shown: str) -> None:
    if size > MAX_FILE_BYTES:
        raise YamlError(
            "EA004", shown, 1,
            f"file is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
            "split it into several files (elements may be spread over any number of files)",
        )


def load_file(path: str, display: str | None = None):
    """Load a YAML file with line information. Raises YamlError (file, line, what, fix)."""
    shown = display or path
    return parse_text(read_text(path, shown), shown)


def as_list(value) -> list:
    """A YAML value written either as one item or as a list of them (`source: {...}` or `source: [...]`)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def plain(value):
    """Map/Seq -> dict/list, recursively (for JSON output and schema validation)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
