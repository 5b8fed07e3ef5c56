"""The fast path for model files: the values from a parser written in Rust (yaml-rs), lines only when asked.

Our own reader (yamlload.py) builds every value from libyaml's events in Python: about 7 CPU s for a
100,000-element model, most of a cold `ea validate`. yaml-rs builds the same values in about a fifth of
that, but gives no line numbers and reads a few plain scalars differently (YAML 1.2 against PyYAML's 1.1).

So a file takes the fast path only when nothing in it can read differently or needs our safety checks; any
other file, and any file yaml-rs refuses, is read by our reader exactly as before:

- the text is screened first: tags (`!`), anchors and aliases (`&`, `*`), merge keys, more than one document,
  directives, tabs, a CR not followed by LF, a missing last line break, block texts keeping their trailing
  line breaks (`|+`), flow collections over several lines, complex keys (`?`), nested compact sequences
  (`- - x`), lines indented 40 columns or more (which bounds the nesting yaml-rs recurses into), backslash
  escapes, line breaks other than CR and LF, a character YAML does not allow, and numbers that YAML 1.1 and
  1.2 read differently (leading zeros, `0o`, exponents, `+.5`) all send the file to our reader;
- while the values are turned into Map/Seq, a key that is not text, nesting deeper than MAX_DEPTH, a text
  starting with `|`, `>` or `:`, or a text that PyYAML would have read as a boolean, number or null when
  written plain (`yes`, `1:30`) sends it there too;
- duplicate keys are refused by yaml-rs, and our reader then reports them with their line.

The lines of a fast-read file are filled in on first use (yamltree.Map.__getattr__): our reader parses that
one file again and its lines are copied onto the same objects. A clean model is validated without it; a
finding needs only its own file's lines; the model snapshot, written after the user has the answer, fills
the rest.
"""

from __future__ import annotations

import re
from sys import intern

import yaml_rs

from . import yamlload
from .yamltree import Map, Seq

# Anything that may read differently or needs our checks (see the module docstring). Substring tests are
# ~30x faster than a regular expression over the same text, so the expressions run only where those found
# a character they look for.
_REFUSED_TEXT = (":,", ":]", ":}", "\t", "\x85", "\u2028", "\u2029", "\ufeff", "<<", "\n---", "\n...", "\n%",
                 "\n" + " " * 40)
_REFUSED_START = ("---", "...", "%")
_INDICATORS = ("&", "*", "!", "?", "@", "`")
# An indicator where a value, key or item starts: an anchor, alias, tag, complex key or reserved character.
_INDICATOR = re.compile(r"(?:^|[:,\[{?-])[ ]*[&*!?@`]", re.MULTILINE)
_KEEP = re.compile(r"[|>][1-9]?\+")  # a block text that keeps its trailing line breaks
_COMPACT = re.compile(r"^[ ]*-[ ]+-(?:[ ]|$)", re.MULTILINE)  # `- - x`: one more level per two characters
# A flow collection (`[...]`, `{...}`) left open at the end of a line: libyaml wants its next lines indented
# deeper than the block around it, yaml-rs does not.
_OPEN_FLOW = re.compile(r"[\[{][^\n]*[^\]}\n ][ ]*\n")
_NOT_YAML = re.compile(r"[^\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Numbers YAML 1.1 (PyYAML) and 1.2 (yaml-rs) read differently: 012, 019, 0o17, 0X1F (ints in yaml-rs), +.5,
# 1e3, 1.5e3 (floats in yaml-rs). The expressions find where one may start; _odd_number then looks at the whole
# token, so that a date in a sentence (`from 01/01/2019`) is not taken for one.
_ZERO_HINT = re.compile(r"[ ,\[{\n][-+]?0[0-9a-zA-Z_]")
_FLOAT_HINT = re.compile(r"[ ,\[{\n][-+]?\.[0-9]|[eE](?<=[0-9.][eE])[-+]?[0-9]")
_NUMBER_LIKE = re.compile(r"[-+]?(?:[0-9][0-9a-zA-Z_.:]*|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)")
_TOKEN_START, _TOKEN_END, _VALUE_END = " ,[{\n", " ,]}\n\r#", ",]}\n\r#"


def _odd_number(text: str, floats: bool) -> bool:
    """Whether a plain value in `text` may be a number the two YAML versions read differently; the float forms
    are looked for only in a file where yaml-rs found a float."""
    text = "\n" + text
    size = len(text)
    for hints in (_ZERO_HINT, _FLOAT_HINT) if floats else (_ZERO_HINT,):
        for hint in hints.finditer(text):
            start, end = hint.start() + (text[hint.start()] in _TOKEN_START), hint.end()
            while text[start - 1] not in _TOKEN_START:
                start -= 1
            while end < size and text[end] not in _TOKEN_END:
                end += 1
            after = end
            while after < size and text[after] == " ":
                after += 1
            if (after == size or text[after] in _VALUE_END) and _NUMBER_LIKE.fullmatch(text, start, end):
                return True
    return False


def _screened_out(text: str) -> bool:
    if text.startswith(_REFUSED_START) or any(part in text for part in _REFUSED_TEXT):
        return True
    if "\\" in text and '"' in text:  # maybe an escape in a double-quoted text
        return True
    if "\r" in text and "\r" in text.replace("\r\n", ""):  # a line break of its own only to libyaml
        return True
    if not text.endswith("\n") or ("+" in text and _KEEP.search(text)):  # where a block text ends: see _END
        return True
    if any(char in text for char in _INDICATORS) and _INDICATOR.search(text):
        return True
    if ("- -" in text or "-  " in text) and _COMPACT.search(text):
        return True
    return _NOT_YAML.search(text) is not None or _OPEN_FLOW.search(text) is not None


_STR, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"
# The first characters of a text that _check_text looks at: what PyYAML may resolve, and indicators libyaml
# refuses at the start of a value in a flow collection (`[|x]`, `{a: >x}`, `[:x]`) where yaml-rs reads text.
_CHECKED_FIRST = frozenset(ch for ch in yamlload.RESOLVERS if ch) | {"|", ">", ":"}
# What PyYAML reads as other than text when written plain (dates stay text in our reader too), in one expression.
_NOT_TEXT = re.compile("|".join(sorted({f"(?:{regexp.pattern})" for resolvers in yamlload.RESOLVERS.values()
                                        for tag, regexp in resolvers if tag not in (_STR, _TIMESTAMP)})), re.X)


# A last key after the file's own: yaml-rs reads a block text (`|`, `>`) that runs to the end of the file
# differently from libyaml (`a: |` then nothing gives "\n", not ""). Model files are mappings.
_END = "__ea_end_of_file__"


class _NotFast(Exception):
    """The file must be read by our own reader."""


class DeferredLines:
    """The text of one fast-read file, kept until its lines are first asked for."""

    __slots__ = ("text", "path", "root")

    def __init__(self, text: str, path: str) -> None:
        self.text: str | None = text
        self.path = path
        self.root = None

    def fill(self) -> None:
        text = self.text
        if text is None:
            return
        try:
            reference = yamlload.parse_text(text, self.path)
        except yamlload.YamlError:
            reference = None  # the screen let through what our reader refuses: line 1 beats no answer
        _copy_lines(self.root, reference)
        # Dropped only now: a second thread asking meanwhile (`ea serve`) fills the same lines again, rather
        # than finding them missing.
        self.text = None


def _copy_lines(root, reference) -> None:
    stack = [(root, reference)]
    while stack:
        node, ref = stack.pop()
        same = type(ref) is type(node) and len(ref) == len(node)
        if type(node) is Map:
            node.line, node.lines = (ref.line, ref.lines) if same else (1, dict.fromkeys(node, 1))
            stack.extend((value, ref.get(key) if same else None) for key, value in node.items()
                         if type(value) is Map or type(value) is Seq)
        else:
            node.line, node.lines = (ref.line, ref.lines) if same else (1, [1] * len(node))
            stack.extend((value, ref[i] if same else None) for i, value in enumerate(node)
                         if type(value) is Map or type(value) is Seq)


class _Builder:
    """yaml-rs's plain dicts and lists -> Map/Seq that take their lines from `source` when asked."""

    def __init__(self, source: DeferredLines) -> None:
        self.source = source
        self.keys: dict = {}  # each distinct key checked once: keys repeat in every item
        self.floats = False

    def value(self, value, depth: int):
        kind = type(value)
        if kind is dict:
            return self.mapping(value, depth + 1)
        if kind is list:
            return self.sequence(value, depth + 1)
        if kind is str:
            if value[:1] in _CHECKED_FIRST:
                _check_text(value)
        elif kind is float:
            self.floats = True
        return value

    def mapping(self, value: dict, depth: int) -> Map:
        if depth > yamlload.MAX_DEPTH:
            raise _NotFast
        node = Map.__new__(Map)
        node.source = self.source
        keys = self.keys
        for key, item in value.items():
            checked = keys.get(key)
            if checked is None:
                if type(key) is not str:
                    raise _NotFast
                if key[:1] in _CHECKED_FIRST:
                    _check_text(key)
                checked = keys[key] = intern(key)
            # Text, the most common value, handled here rather than in value(): a call less for each of ~1.4M.
            if type(item) is str:
                if item[:1] in _CHECKED_FIRST:
                    _check_text(item)
                node[checked] = item
            else:
                node[checked] = self.value(item, depth)
        return node

    def sequence(self, value: list, depth: int) -> Seq:
        if depth > yamlload.MAX_DEPTH:
            raise _NotFast
        node = Seq.__new__(Seq)
        node.source = self.source
        node.extend([self.value(item, depth) for item in value])
        return node


_PLAIN_AS_TEXT: dict[str, bool] = {}


def _check_text(value: str) -> None:
    """Refuse a text that was maybe written plain and that PyYAML reads as something else (`yes` -> True).

    yaml-rs gives a text for it either because it was quoted (then PyYAML reads text too) or because yaml-rs
    reads it as text when plain: only the second differs, and asking yaml-rs about the plain form tells them
    apart. A text starting with an indicator was written quoted or libyaml refuses it: our reader decides."""
    if value[0] in "|>:":
        raise _NotFast
    if not _NOT_TEXT.match(value):
        return
    as_text = _PLAIN_AS_TEXT.get(value)
    if as_text is None:
        try:
            as_text = isinstance(yaml_rs.loads(f"- {value}\n", parse_datetime=False)[0], str)
        except Exception:  # noqa: BLE001 - whatever yaml-rs makes of it, our reader decides
            as_text = True
        if len(_PLAIN_AS_TEXT) < 10_000:
            _PLAIN_AS_TEXT[value] = as_text
    if as_text:
        raise _NotFast


def _fast(text: str, path: str):
    if _screened_out(text):
        raise _NotFast
    try:
        raw = yaml_rs.loads(f"{text}{_END}: 0\n", parse_datetime=False)
    except Exception:  # noqa: BLE001 - a file yaml-rs refuses is read (and its error reported) by our reader
        raise _NotFast from None
    if type(raw) is not dict or raw.pop(_END, None) != 0 or not raw:
        raise _NotFast  # not a mapping of its own (or an empty one): our reader, for a few bytes
    source = DeferredLines(text, path)
    builder = _Builder(source)
    root = builder.value(raw, 0)
    if _odd_number(text, builder.floats):
        raise _NotFast
    if type(root) is Map or type(root) is Seq:
        source.root = root
    return root


def parse_text(text: str, path: str):
    """Like yamlload.parse_text, faster for most files: the same values and errors, lines on demand."""
    try:
        return _fast(text, path)
    except _NotFast:
        return yamlload.parse_text(text, path)


def is_fast(value) -> bool:
    """Whether `value` was read by the fast path (its lines come from its text on demand)."""
    return (type(value) is Map or type(value) is Seq) and getattr(value, "source", None) is not None


def load_file(path: str, display: str | None = None):
    """Like yamlload.load_file, through the fast path."""
    shown = display or path
    return parse_text(yamlload.read_text(path, shown), shown)
