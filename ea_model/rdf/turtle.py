"""N-Triples terms -> the Turtle pyoxigraph writes for them, byte for byte, so that `ea export rdf --format turtle`
can write its sorted triples itself while the file stays what pyoxigraph's serialiser gave before.

Parsing the N-Triples back into pyoxigraph only to serialise them again cost more than making them (at 100,000
elements: seconds, and the whole text in memory). The rules below are those of oxttl's Turtle serialiser
(`lib/oxttl/src/trig.rs`, oxrdf's `print_quoted_str`): a subject's predicates joined with ` ;` and a tab, objects
with ` , `, `a` for rdf:type, IRIs as the first prefixed name (prefixes by decreasing length) whose local name
can be written, backslash-escaped where the grammar asks; booleans, integers, decimals and doubles of their
grammar bare, other typed literals `"..."^^prefix:name`, language tags in lower case. The prelude (the
`@prefix` lines and their order) is taken from pyoxigraph itself. tests/test_rdf.py compares the two on
awkward ids, texts and properties.
"""

from __future__ import annotations

import re

from .vocab import XSD

_ESCAPED_IN_LOCAL = "_~.-!$&'()*+,;=/?#@%"
# Escaped wherever they stand ('_', '-' and '.' are name characters after the first one), '/' and '%' aside.
_RARE_ESCAPES = re.compile(r"[~!$&'()*+,;=?#@]")
# A local name written as it is but for '/' (escaped): name characters, not starting with '-' or '.', not
# ending with '.'.
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_:](?:[A-Za-z0-9_:.\-/]*[A-Za-z0-9_:\-/])?")
_ASCII_LOCAL = re.compile(r"[A-Za-z0-9_:~.\-!$&'()*+,;=/?#@%]*")
_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_LANGTAG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+")
_BARE = {XSD + "boolean": re.compile("true|false"), XSD + "integer": _INTEGER, XSD + "decimal": _DECIMAL,
         XSD + "double": _DOUBLE}


def _pn_chars_base(c: str) -> bool:
    o = ord(c)
    return (c.isascii() and c.isalpha()) or 0xC0 <= o <= 0xD6 or 0xD8 <= o <= 0xF6 or 0xF8 <= o <= 0x2FF \
        or 0x370 <= o <= 0x37D or 0x37F <= o <= 0x1FFF or 0x200C <= o <= 0x200D or 0x2070 <= o <= 0x218F \
        or 0x2C00 <= o <= 0x2FEF or 0x3001 <= o <= 0xD7FF or 0xF900 <= o <= 0xFDCF or 0xFDF0 <= o <= 0xFFFD \
        or 0x10000 <= o <= 0xEFFFF


def _pn_chars(c: str) -> bool:
    o = ord(c)
    return _pn_chars_base(c) or c in "_-0123456789\u00b7" or 0x300 <= o <= 0x36F or 0x203F <= o <= 0x2040


def escape_local_name(local: str) -> str | None:
    """`local` as the local part of a prefixed name, or None when Turtle cannot write it so."""
    if not local:
        return None
    if _SIMPLE_LOCAL.fullmatch(local):  # most of ea's: ids, `{id}/source/1`, `{id}/serving/{id}`
        return local.replace("/", "\\/") if "/" in local else local
    if local.isascii():  # every IRI ea makes: percent-encoded ids
        if not _ASCII_LOCAL.fullmatch(local):
            return None
        first, rest = local[0], local[1:]
        # str.replace for the two that percent-encoded ids hold, a regex for the rest: translate() is slower.
        if "/" in rest:
            rest = rest.replace("/", "\\/")
        if "%" in rest:
            rest = rest.replace("%", "\\%")
        if _RARE_ESCAPES.search(rest):
            rest = _RARE_ESCAPES.sub(_backslash, rest)
        head = "\\" + first if first in _ESCAPED_IN_LOCAL and first not in "_" else first
        if rest.endswith("."):
            rest = rest[:-1] + "\\."
        return head + rest
    out = []
    for i, c in enumerate(local):
        last = i == len(local) - 1
        ok = (_pn_chars_base(c) or c in "_:0123456789") if i == 0 else \
            (_pn_chars(c) or c == ":" or (c == "." and not last))
        if ok:
            out.append(c)
        elif c in _ESCAPED_IN_LOCAL:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


def _backslash(m: re.Match) -> str:
    return "\\" + m.group()


def prelude(prefixes: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The `@prefix` lines pyoxigraph writes for `prefixes`, and the prefixes in the order it tries them."""
    import pyoxigraph as ox

    probe = ox.NamedNode("urn:ea-probe:x")
    text = ox.serialize([ox.Triple(probe, probe, probe)], format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()
    lines = [line for line in text.splitlines(keepends=True) if line.startswith("@prefix ")]
    order = []
    for line in lines:
        name, _, rest = line[len("@prefix "):].partition(": <")
        order.append((name, rest[: rest.rindex(">")]))
    return "".join(lines), order


class Terms:
    """N-Triples term text -> Turtle term text, for one set of prefixes. IRIs are remembered (they recur);
    literals, mostly unique, are not."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.header, self.prefixes = prelude(prefixes)
        self._iris: dict[str, str] = {}
        self._langs: dict[str, str] = {}
        # The first prefix (in the serialiser's order) an IRI starts with, by one match in C.
        self._first = re.compile("|".join(re.escape(ns) for _, ns in self.prefixes)) if self.prefixes else None
        self._names: dict[str, str] = {}
        for name, ns in self.prefixes:
            self._names.setdefault(ns, name)
        base = prefixes.get("")
        self._base = base if base in self._names and self._names[base] == "" else None
        self._base_name = ""
        self._under_base = tuple(ns for ns in self._names if base and ns != base and ns.startswith(base))

    def plain_lang(self, tag: str) -> bool:
        """A language tag written as it is (already lower case). ValueError for one that is not a tag (which
        pyoxigraph would refuse)."""
        return self._lang(tag) == tag

    def _lang(self, tag: str) -> str:
        lower = self._langs.get(tag)
        if lower is None:
            if not _LANGTAG.fullmatch(tag):
                raise ValueError(f"'{tag}' is not a language tag (BCP 47: e.g. vi, en, en-GB)")
            lower = self._langs[tag] = tag.lower()
        return lower

    @staticmethod
    def has_noncharacter(text: str) -> bool:
        return _NONCHARACTERS.search(text) is not None

    def iri(self, iri: str) -> str:
        """An IRI (without `<>`) in Turtle."""
        # Most IRIs are the repository's: under its base and none of the longer prefixes that extend it.
        if self._base and iri.startswith(self._base) and not iri.startswith(self._under_base):
            escaped = escape_local_name(iri[len(self._base):])
            if escaped is not None:
                return f"{self._base_name}:{escaped}"
        m = self._first.match(iri) if self._first else None
        if m is None:
            return f"<{iri}>"
        local = iri[m.end():]
        if not local:
            return self._names[m.group()] + ":"
        escaped = escape_local_name(local)
        if escaped is not None:
            return f"{self._names[m.group()]}:{escaped}"
        # That local name cannot be written: the serialiser tries the next (shorter) prefixes.
        for name, ns in self.prefixes:
            if len(ns) < m.end() and iri.startswith(ns):
                escaped = escape_local_name(iri[len(ns):])
                if escaped is not None:
                    return f"{name}:{escaped}"
        return f"<{iri}>"

    def term(self, nt: str) -> str:
        """An object, given as N-Triples (as export.nt_term writes it)."""
        if nt[0] == "<":
            known = self._iris.get(nt)
            if known is None:
                known = self._iris[nt] = self.iri(nt[1:-1])
            return known
        end = nt.rindex('"')
        if _NONCHARACTERS.search(nt, 0, end):
            nt = nt[:end].replace("\ufffe", "\\uFFFE").replace("\uffff", "\\uFFFF") + nt[end:]
            end = nt.rindex('"')
        if end == len(nt) - 1:
            return nt
        if nt[end + 1] == "@":
            return nt[: end + 2] + self._lang(nt[end + 2:])
        datatype = nt[end + 4:-1]  # "..."^^<datatype>
        bare = _BARE.get(datatype)
        value = nt[1:end]
        if bare is not None and bare.fullmatch(value):
            return value
        return f'"{value}"^^{self.iri(datatype)}'

    def predicate(self, iri: str) -> str:
        return "a" if iri == _RDF_TYPE else self.iri(iri)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
